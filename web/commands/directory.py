"""`one111 directory import`: load the shipped NHS site lists."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy.engine import Engine
from tqdm import tqdm

from capacity.directory import ImportReport, count_rows, import_directory
from models.database import make_engine
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    directory = subparsers.add_parser("directory", help="the service directory")
    commands = directory.add_subparsers(dest="directory_command", required=True, metavar="COMMAND")
    load = commands.add_parser("import", help="load services from the shipped reference data (idempotent)")
    load.add_argument("--data", type=Path, default=None, help="folder of reference CSVs (default: data/reference)")
    load.set_defaults(handler=_import)


def run_import(engine: Engine, data_dir: Path) -> ImportReport:
    with tqdm(total=count_rows(data_dir), desc="directory import", unit="row") as bar:
        return import_directory(engine, data_dir, bar.update)


def _import(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        print(run_import(engine, args.data or settings.data_dir).summary())
    finally:
        engine.dispose()
    return 0

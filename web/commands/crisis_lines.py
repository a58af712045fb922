"""`one111 crisis-lines add|list|retire`: the mental-health crisis lines admins keep per ICB."""

from __future__ import annotations

import argparse

from pydantic import ValidationError
from sqlmodel import Session

from capacity.crisis_lines import CrisisLine, lines, retire_line, save_line
from capacity.geography import Gazetteer
from models.database import make_engine
from web.settings import Settings

ACTOR = "cli"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    group = subparsers.add_parser("crisis-lines", help="mental-health crisis lines per ICB (111 option 2)")
    commands = group.add_subparsers(dest="crisis_command", required=True, metavar="COMMAND")
    add = commands.add_parser("add", help="add a line, or update the one with this code")
    add.add_argument("code", help="a unique code, e.g. QWO-ADULT")
    add.add_argument("--name", required=True)
    add.add_argument("--icb", required=True, help="the ICB's ODS code, e.g. QWO")
    add.add_argument("--phone", required=True)
    add.add_argument("--postcode", required=True, help="where the team is based")
    add.add_argument("--min-age", type=int, default=None)
    add.add_argument("--max-age", type=int, default=None, help="e.g. 17 for a children's line")
    add.set_defaults(handler=_add)
    listing = commands.add_parser("list", help="the lines, by ICB")
    listing.add_argument("--icb", default=None)
    listing.set_defaults(handler=_list)
    retire = commands.add_parser("retire", help="stop offering a line (its id ends in -MHC)")
    retire.add_argument("service_id")
    retire.set_defaults(handler=_retire)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    try:
        line = CrisisLine(
            code=args.code,
            name=args.name,
            icb_code=args.icb,
            phone=args.phone,
            postcode=args.postcode,
            min_age=args.min_age,
            max_age=args.max_age,
        )
    except ValidationError as error:
        print(f"one111: {error.errors()[0]['loc'][0]}: {error.errors()[0]['msg']}")
        return 2
    engine = make_engine(settings.database_url)
    try:
        saved = save_line(engine, Gazetteer.from_dir(settings.data_dir), line, ACTOR)
    finally:
        engine.dispose()
    print(f"{saved.id}: {saved.name}, ICB {saved.icb_code}, {saved.phone}")
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            found = lines(session, args.icb)
            for s in found:
                ages = "" if s.min_age is None and s.max_age is None else f", ages {s.min_age or 0}-{s.max_age or ''}"
                print(f"{s.icb_code}\t{s.id}\t{s.name}\t{s.phone}{ages}")
    finally:
        engine.dispose()
    return 0


def _retire(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    try:
        retired = retire_line(engine, args.service_id, ACTOR)
    finally:
        engine.dispose()
    print(f"{retired.id} retired: no longer offered")
    return 0

"""`one111 serve`: migrate and load a fresh database, then serve with one or more workers."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import uvicorn
from sqlmodel import Session

from capacity.directory import directory_size
from models.database import make_engine
from models.migrate import upgrade
from web.commands.directory import run_import
from web.logs import log_config
from web.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = subparsers.add_parser("serve", help="serve the API, websockets and pages")
    serve.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=None, help="worker processes (default 1)")
    serve.set_defaults(handler=_serve)


def prepare(settings: Settings) -> None:
    """Any new database works: migrate it, and load the directory if it is empty."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with Session(engine) as session:
            empty = directory_size(session) == 0
        if empty:
            print(run_import(engine, settings.data_dir).summary())
    finally:
        engine.dispose()


class SharedBoardNeeded(SystemExit):
    """Several workers with one in-memory board each would each sell the same slots: refuse to start."""

    def __init__(self, workers: int) -> None:
        super().__init__(
            f"one111: {workers} workers need a shared capacity board: set REDIS_URL (e.g. redis://127.0.0.1:6379/0) "
            "or run one worker"
        )


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    overrides = {k: v for k, v in {"host": args.host, "port": args.port, "workers": args.workers}.items() if v}
    settings = settings.model_copy(update=overrides)
    if settings.workers > 1 and settings.board_url.startswith("memory"):
        raise SharedBoardNeeded(settings.workers)
    prepare(settings)
    # Worker processes rebuild Settings from the environment, so hand them the command-line choices.
    os.environ.update({f"ONE111_{name.upper()}": str(value) for name, value in overrides.items()})
    metrics_dir = _fresh_metrics_dir()
    print(
        f"one111 serving on http://{settings.host}:{settings.port} with {settings.workers} worker(s); "
        f"database {settings.database_url.split('://')[0]}, board {settings.board_url.split('://')[0]}"
    )
    try:
        _run(settings)
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _fresh_metrics_dir() -> Path:
    """Every worker writes its metrics here, so a scrape of any worker sees them all (prometheus multiprocess)."""
    path = Path("var") / f"metrics-{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path.resolve())
    return path


def _run(settings: Settings) -> None:
    uvicorn.run(
        "web.app:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=log_config(settings.log_level),
        access_log=False,
        proxy_headers=False,
        timeout_graceful_shutdown=10,
        # Frames a little over the limit get a readable error frame from the app; far bigger ones are cut off by
        # the protocol (close 1009) before they are buffered in full.
        ws_max_size=4 * settings.max_frame_bytes,
        # A worker imports scikit-learn and loads the triage model before it answers uvicorn's health check.
        timeout_worker_healthcheck=60,
        # Slow or huge requests: h11 (not httptools) so headers have a size cap, and a deadline for them to arrive;
        # an idle kept-alive connection is closed after a few seconds; beyond the connection cap uvicorn says 503.
        http="web.protocol:HeaderDeadlineH11",
        h11_max_incomplete_event_size=settings.max_header_bytes,
        timeout_keep_alive=5,
        limit_concurrency=settings.max_connections,
    )

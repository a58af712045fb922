"""`python -m web.cli serve ...` with coverage started once the app is imported: LiveServer runs this file for a
measured server.

Tracing the imports was most of what measuring a server cost (a start took 5.8 CPU-s traced against 3.5 untraced):
every Python call in fastapi's and pydantic's model building went through the tracer. It measured nothing new: the
lines that run on import (definitions) are measured in the test processes, which import every product module, and
the lines only a server runs (the command, its lifespan, the requests) run after coverage starts here.
"""

from __future__ import annotations

import importlib
import os
import runpy

import coverage

# LiveServer hands coverage's settings over under this prefix, so that the interpreter does not start it on its own.
DEFERRED = "LIVESERVER_DEFERRED_"


def main() -> None:
    for module in ("web.cli", "web.app"):
        importlib.import_module(module)
    for name in [name for name in os.environ if name.startswith(DEFERRED)]:
        # Back under their own names: the uvicorn workers a multi-worker server spawns start coverage themselves.
        os.environ[name.removeprefix(DEFERRED)] = os.environ.pop(name)
    coverage.process_startup()
    runpy.run_module("web.cli", run_name="__main__", alter_sys=True)  # as `python -m web.cli` would, traced


if __name__ == "__main__":
    main()

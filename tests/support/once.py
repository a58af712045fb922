"""What the whole test run needs once, made by the first pytest-xdist worker that needs it and shared with the others
(each worker loading the directory's 26,504 services into a database of its own cost ~7 s of CPU, per backend).

The workers' temporary folders are `<run>/popen-gwN`: `<run>` is the run's own (pytest makes a new one per run), so
what is made there is never one a previous run left.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every worker of this run shares (the basetemp itself without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def exclusive(lock: Path) -> Iterator[None]:
    """One process of the run at a time inside (an advisory lock on `lock`, released if the process dies)."""
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

"""Rewrite the asserts of every test module once, into pytest's own cache, before `make test` starts its workers.

pytest rewrites each test module's asserts as it imports it and caches the result in `__pycache__` beside it (a
hash-checked pyc named for the Python and pytest versions), but writes nothing when PYTHONDONTWRITEBYTECODE is set,
and every pytest-xdist worker imports every module to collect the suite: each of the three rewrote all ~150 modules
for itself, 2.7 s of CPU apiece, 5-6 s under coverage's tracer. Reading a cached one costs next to nothing, and pytest
reads the cache whatever PYTHONDONTWRITEBYTECODE says. This writes it once, untraced, as `compileall` does for the
plain modules; a module changed later is simply rewritten again by pytest (the pyc records the source's hash).

The rewrite is pytest's own (the functions its import hook calls); only the choice of files is ours: pytest rewrites
the modules named like tests (`python_files`' default, test_*.py and *_test.py) and the conftest.py files.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import sys
from pathlib import Path

from _pytest.assertion import rewrite

TESTS = Path(__file__).resolve().parents[1]


def modules(root: Path = TESTS) -> list[Path]:
    """The test modules and conftests under `root` whose asserts pytest rewrites."""
    names = ("test_*.py", "*_test.py", "conftest.py")
    return sorted({path for name in names for path in root.rglob(name) if "__pycache__" not in path.parts})


def cached(path: Path) -> Path:
    """Where pytest looks for the rewritten module of `path`."""
    return rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)


def write(path: Path) -> bool:
    """Rewrite `path` into its cached pyc unless an up-to-date one is there; whether it wrote one."""
    pyc = cached(path)
    if rewrite._read_pyc(path, pyc) is not None:
        return False
    source = path.read_bytes()
    tree = ast.parse(source, filename=str(path))
    # No config: it only says whether the assertion-pass hook is on (the enable_assertion_pass_hook ini, unset here).
    rewrite.rewrite_asserts(tree, source, str(path), None)
    code = compile(tree, str(path), "exec", dont_inherit=True)
    pyc.parent.mkdir(exist_ok=True)
    partial = pyc.with_name(f"{pyc.name}.{os.getpid()}")
    with partial.open("wb") as handle:
        rewrite._write_pyc_fp(handle, importlib.util.source_hash(source), code)
    partial.replace(pyc)  # atomic, as pytest's own writes are: a worker reading it sees all of it or none
    return True


def main() -> int:
    written = sum(write(path) for path in modules())
    print(f"rewrote the asserts of {written} test modules into pytest's cache", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

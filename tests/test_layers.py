"""The layering contracts hold, and the check really fails when a module imports upward."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.server import ROOT

PACKAGES = ("models", "triage", "capacity", "routing", "web", "loadtests", "bench")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    command = [
        str(Path(sys.executable).with_name("lint-imports")),
        "--config",
        str(root / "pyproject.toml"),
        "--no-cache",
    ]
    return subprocess.run(
        command,
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root)},
        check=False,
        timeout=120,
    )


def copy_tree(target: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("*.skops", "*.csv", "__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_the_project_keeps_its_layers() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_check(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path)
    (tree / "models" / "upward.py").write_text("import routing\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "models.upward -> routing" in result.stdout


def test_fastapi_outside_web_breaks_the_check(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path)
    (tree / "capacity" / "leak.py").write_text("import fastapi\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "capacity.leak -> fastapi" in result.stdout

"""The layering contracts hold, and the check really fails when a module imports upward."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.server import ROOT

PACKAGES = ("models", "identity", "triage", "capacity", "patients", "routing", "chat", "web", "bench", "loadtests")


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


def test_siblings_never_import_each_other(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path)
    (tree / "identity" / "sideways.py").write_text("import capacity.board\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "identity.sideways -> capacity.board" in result.stdout


def with_line(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """lint-imports over a copy of the tree whose `module` (a path) ends with `line`."""
    tree = copy_tree(tmp_path)
    path = tree / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    return lint_imports(tree)


def test_serving_never_imports_training(tmp_path: Path) -> None:
    result = with_line(tmp_path, "triage/service.py", "from triage.training import generator")
    assert result.returncode != 0
    assert "triage.service -> triage.training.generator" in result.stdout


def test_the_product_never_imports_the_benchmarks(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path)
    (tree / "routing" / "timed.py").write_text("import bench.flow\n")
    (tree / "bench" / "flow.py").write_text("")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "routing.timed -> bench.flow" in result.stdout


def test_serving_never_imports_sklearn(tmp_path: Path) -> None:
    result = with_line(tmp_path, "triage/artifact.py", "import sklearn.pipeline")
    assert result.returncode != 0
    assert "triage.artifact -> sklearn" in result.stdout

"""Patient text must never be logged: the triage domain has no logger and prints nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import triage

SOURCES = sorted(Path(triage.__file__).parent.glob("*.py"))


def test_no_triage_module_logs_or_prints() -> None:
    assert SOURCES
    for path in SOURCES:
        tree = ast.parse(path.read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "logging" not in imported, path.name
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert "print" not in calls, path.name

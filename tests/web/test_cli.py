"""The `one111` command: every command group is there, and running one reads only its own group."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.server import COVERAGE_SETTINGS, OWN_SETTINGS, ROOT
from web.cli import COMMANDS, build_parser, main

# Runs one command as a user would, then says which heavy parts of the product the process holds.
SCORE_THEN_LIST = """
import sys
from web.cli import main
main(["triage", "score", "toothache and my gum is swollen", "--age", "34"])
print(sorted(m for m in ("fastapi", "sqlmodel", "fhir", "web.app", "web.commands.serve") if m in sys.modules))
"""


def test_help_lists_every_command_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert [shown.index(f"    {name}") for name in COMMANDS] == sorted(shown.index(f"    {name}") for name in COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_is_registered_by_its_own_module(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser(name).parse_args([name, "--help"])
    assert exited.value.code == 0 and capsys.readouterr().out.startswith(f"usage: one111 {name} ")
    other = next(command for command in COMMANDS if command != name)
    with pytest.raises(SystemExit) as exited:  # the parser of one command holds that command alone
        build_parser(name).parse_args([other, "--help"])
    assert exited.value.code == 2 and f"invalid choice: '{other}'" in capsys.readouterr().err


def test_a_mistyped_command_is_refused_naming_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["srve"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'srve'" in error and all(f"'{name}'" in error for name in COMMANDS)


def test_a_command_reads_only_its_own_group() -> None:
    """`one111 triage score` answers without the web app, the database layer or the FHIR models (about 0.7 CPU-s
    a command instead of 1.4), and so does a server's main process without the other commands."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS + COVERAGE_SETTINGS)}
    done = subprocess.run(
        [sys.executable, "-c", SCORE_THEN_LIST], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    *answer, held = done.stdout.strip().splitlines()
    assert '"disposition": "DENTAL"' in "".join(answer)
    assert held == "[]"

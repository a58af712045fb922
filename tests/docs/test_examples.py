"""Every example in the README and docs/ runs as written (issue 14), against a real `one111 serve` on the embedded
defaults that this module starts once, with the demo users `make run` makes.

How the examples are found and run:

- Every fenced block of README.md and docs/**/*.md is read with a CommonMark parser. A block's language says what
  it is: `sh`, `bash`, `console` and `python` are examples and run; `text`, `json` and `yaml` are listings, frames,
  configuration and diagrams, and never run. A block with no language or another one fails
  `test_every_block_says_what_it_is`, so a new example cannot slip in unrun.
- An example that cannot run here says why in an HTML comment directly above its fence (invisible on GitHub):
  `<!-- example: skip needs PostgreSQL and Redis -->`. Skips are listed by `test_every_skip_says_why`.
- One bash (from the project folder) is the reader's terminal, fed one statement at a time, so variables and
  exports carry from block to block and document to document (the README first, then docs/ by name), as when
  a reader keeps the tour's `$AUTH` and `$TOKEN`. `sh`/`bash` statements are whole commands (continued lines
  joined); in a `console` block, `$ ` lines are commands and the lines under one are what it must print (JSON: the
  keys shown with their strings, booleans and nulls, any number; text: `...` stands for anything); a `python`
  block runs whole with the project's `.venv/bin/python`. Later blocks use what earlier ones made, so run the
  module whole (`make test`'s `--dist loadfile` keeps it on one worker); `-k` on one block alone may fail.
- Every statement must exit 0, and every `curl` in it must get a 2xx answer (a `curl -s` exits 0 on a 401).
- The only changes made to what is written: `127.0.0.1:8000` and `localhost:8000` become the test server's
  address (`ONE111_SERVER` tells docs/examples/board_client.py), `.venv/bin/one111` uses the test server's
  database (its `DATABASE_URL`), and a line `NAME=<what to paste>` (a value the reader copies from the answer
  above it) is filled from the previous statement's JSON output by `<!-- example: capture NAME=.json.path -->`
  (`capture NAME=.` takes the first line it printed, for a token).
- More directives, in the same comment or in further ones above the fence (each names its statement by a
  substring that must occur in exactly one statement of the block):
  `<!-- example: expect '"age": 300' status=422 .errors[0].field=age contains=text -->` (the status every curl in
  the statement must get, values at JSON paths of its output, text it prints), and
  `<!-- example: background 'board_client.py watch' contains=free=2 -->` (a command that runs until stopped, such as
  a watcher in another terminal: started in the background, the block goes on once it has printed something; at
  the block's end it gets Ctrl+C once it printed what is expected, and must then exit 0).
"""

from __future__ import annotations

import json
import os
import shlex
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from identity.users import ensure_demo_users
from models.database import make_engine
from tests.docs.examples import (
    DATA,
    RUNNABLE,
    BadDirective,
    Block,
    Expect,
    blocks,
    directives,
    pick,
    placeholder,
    shell_statements,
    shows,
    statements,
)
from tests.docs.shell import Result, Shell
from tests.support.server import AUDIT_KEY, COVERAGE_SETTINGS, OWN_SETTINGS, ROOT, LiveServer

# The README first, as a reader meets it; then docs/ by name.
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
ALL_BLOCKS = [block for document in DOCUMENTS for block in blocks(document, ROOT)]
EXAMPLES = [block for block in ALL_BLOCKS if block.language in RUNNABLE]
TO_RUN = [block for block in EXAMPLES if block.directives.skip is None]
BACKGROUND_SECONDS = 30  # how long a watcher may take to print what the block expects of it


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    engine = make_engine(module_sqlite_url)
    try:
        ensure_demo_users(engine)  # what `make run` does with `one111 users demo`
    finally:
        engine.dispose()
    live = LiveServer({"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("docs-server")).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def shell(docs_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shell]:
    """The reader's terminal, from the project folder, with what the CLI needs to reach the server's database.
    Its commands run untraced: the `one111` commands the documents use are measured in-process
    (tests/triage/test_cli.py, tests/web/test_demo_users.py, tests/web/test_roles.py), and tracing each command's
    start (imports, the triager's first call) made a token 3-6 s and a score 9-12 s: 95 -> 76 CPU-s here."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS + COVERAGE_SETTINGS)}
    env = {**inherited, "ONE111_AUDIT_KEY": AUDIT_KEY, **docs_server.env, "ONE111_SERVER": docs_server.ws_url}
    terminal = Shell(env, ROOT, tmp_path_factory.mktemp("docs-shell"))
    yield terminal
    terminal.close()


def test_every_block_says_what_it_is() -> None:
    unmarked = [block.name for block in ALL_BLOCKS if block.language not in RUNNABLE | DATA]
    assert not unmarked, f"say what these are (```sh to run, ```text to show): {unmarked}"


def test_every_skip_says_why() -> None:
    skipped = {block.name: block.directives.skip for block in EXAMPLES if block.directives.skip is not None}
    assert all(len(reason or "") > 10 for reason in skipped.values()), skipped
    assert len(TO_RUN) > 10 and len(skipped) < len(TO_RUN)  # an empty scan, or skipping all, would prove nothing


@pytest.mark.timeout(900)  # a block with several `one111` commands takes minutes on a loaded two-core machine
@pytest.mark.parametrize("block", TO_RUN, ids=[block.name for block in TO_RUN])
def test_the_example_runs_as_written(block: Block, docs_server: LiveServer, shell: Shell) -> None:
    jobs, previous = [], None
    for statement in statements(block):
        command = statement.command.replace("127.0.0.1:8000", f"127.0.0.1:{docs_server.port}")
        command = command.replace("localhost:8000", f"127.0.0.1:{docs_server.port}")
        name = placeholder(command)
        if name is not None:
            shell.run(f"{name}={shlex.quote(captured(block, name, previous))}")
            continue
        if mine(block.directives.background, statement.command):
            jobs.append((statement.command, *shell.start(command)))
            wait_for(jobs[-1][2], [""])  # a reader starts the next command once the watcher has printed something
            continue
        previous = shell.run(command)
        check(block, statement.command, previous)
        if statement.output is not None:
            printed = [previous.stdout, previous.stdout + previous.stderr]  # a listing may show stderr too
            assert any(shows(statement.output, p) for p in printed), (
                f"{block.name}: {statement.output}\n{previous.describe()}"
            )
    for command, pid, out, err in jobs:
        wait_for(out, expectation(block, command).contains)
        check(block, command, shell.interrupt(pid, command, out, err))


def captured(block: Block, name: str, previous: Result | None) -> str:
    path = block.directives.captures.get(name)
    assert path is not None, f"{block.name}: {name}=<...> needs <!-- example: capture {name}=.json.path -->"
    assert previous is not None, f"{block.name}: {name} has no answer above it to be filled from"
    value = previous.stdout.splitlines()[0] if path == "." else pick(json.loads(previous.stdout), path)
    assert isinstance(value, str | int), f"{block.name}: {path} is {value!r}"
    return str(value)


def mine(matches: tuple[str, ...], command: str) -> bool:
    return any(match in command for match in matches)


def expectation(block: Block, command: str) -> Expect:
    found = [expect for expect in block.directives.expects if expect.match in command]
    assert len(found) <= 1, f"{block.name}: two expectations name {command!r}"
    return found[0] if found else Expect(command)


def check(block: Block, command: str, result: Result) -> None:
    expect = expectation(block, command)
    assert result.status == 0, f"{block.name}: exit {result.status}\n{result.describe()}"
    if expect.status is None:
        assert all(200 <= code < 300 for code in result.http), f"{block.name}: not 2xx\n{result.describe()}"
    else:
        assert result.http and set(result.http) == {expect.status}, f"{block.name}\n{result.describe()}"
    for path, value in expect.fields:
        assert pick(json.loads(result.stdout), path) == value, f"{block.name}: {path} != {value!r}\n{result.describe()}"
    for text in expect.contains:
        assert text in result.stdout, f"{block.name}: {text!r} not printed\n{result.describe()}"


def wait_for(out: Path, wanted: tuple[str, ...] | list[str]) -> None:
    deadline = time.monotonic() + BACKGROUND_SECONDS
    while time.monotonic() < deadline:
        printed = out.read_text() if out.exists() else ""  # the job's shell makes the file once it runs
        if printed and all(text in printed for text in wanted):
            return
        time.sleep(0.2)


def test_every_expectation_names_one_statement() -> None:
    for block in TO_RUN:
        commands = [statement.command for statement in statements(block)]
        for match in [expect.match for expect in block.directives.expects] + list(block.directives.background):
            assert sum(match in command for command in commands) == 1, f"{block.name}: {match!r}"
        for name in block.directives.captures:
            assert any(placeholder(command) == name for command in commands), f"{block.name}: capture {name}"


def test_a_new_unmarked_block_is_caught(tmp_path: Path) -> None:
    page = tmp_path / "new.md"
    page.write_text(
        "Run it:\n\n```\ncurl -s 127.0.0.1:8000/v1/route\n```\n\n<!-- example: skip slow -->\n```sh\nx\n```\n"
    )
    first, second = blocks(page, tmp_path)
    assert first.language not in RUNNABLE | DATA  # test_every_block_says_what_it_is would fail on it
    assert (second.language, second.directives.skip) == ("sh", "slow")


def test_statements_are_whole_commands_and_directives_are_checked() -> None:
    script = ["# a comment", "A=$(x | head -1)", 'curl -d \'{"a":', "  1}' \\", "  -H x", "", "B=<the id>"]
    assert shell_statements(script) == ["A=$(x | head -1)", "curl -d '{\"a\":\n  1}' \\\n  -H x", "B=<the id>"]
    assert placeholder("B=<the id>") == "B" and placeholder("B=$(cat <x)") is None
    with pytest.raises(BadDirective):
        directives("<!-- example: expct 'x' status=200 -->")
    assert pick({"entry": [{"id": "e1"}]}, ".entry[0].id") == "e1"
    assert shows('{"version": 18, "replay": false}', '{"version": 2, "replay": false, "x": 1}')
    assert not shows('{"replay": false}', '{"replay": true}')
    assert shows("o1p_...\nToken for provider RR8 (...)", "o1p_abc\nToken for provider RR8 (4 services)")

"""The fenced code blocks of the README and docs/, parsed with markdown-it-py (the CommonMark parser rich already
brings), split into the statements a reader would paste, with the `<!-- example: ... -->` directives written
directly above each block. Pure: no server, no shell. `tests/docs/test_examples.py` runs what this finds."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

RUNNABLE = frozenset({"sh", "bash", "console", "python"})  # run, unless a `skip` directive says why not
DATA = frozenset({"text", "json", "yaml"})  # shown, never run: output listings, frames, configuration, diagrams
DIRECTIVE = re.compile(r"<!--\s*example:(.*?)-->", re.S)
PLACEHOLDER = re.compile(r"^([A-Za-z_]\w*)=<[^<>]*>\s*(#.*)?$")  # TRIAGE=<the "id" from that answer>
PATH_STEP = re.compile(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]")


@dataclass(frozen=True)
class Expect:
    """What one statement (the one containing `match`) must give beyond exit status 0 and HTTP 2xx."""

    match: str
    status: int | None = None
    fields: tuple[tuple[str, Any], ...] = ()  # (json path, value) pairs the statement's JSON output must hold
    contains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Directives:
    skip: str | None = None
    captures: dict[str, str] = field(default_factory=dict)  # NAME -> json path into the previous statement's output
    expects: tuple[Expect, ...] = ()
    background: tuple[str, ...] = ()  # statements (by a substring) that run until the block's end, then get Ctrl+C


@dataclass(frozen=True)
class Statement:
    command: str
    output: str | None = None  # a `console` block's listing under the command: what it must print


@dataclass(frozen=True)
class Block:
    document: str
    line: int  # 1-based line of the opening fence
    language: str
    text: str
    directives: Directives

    @property
    def name(self) -> str:
        return f"{self.document}:{self.line}"


class BadDirective(ValueError):
    pass


def blocks(path: Path, root: Path) -> list[Block]:
    """Every fenced block of one Markdown file, with the directives in the HTML comment directly above it."""
    tokens = MarkdownIt("commonmark").parse(path.read_text())
    found, above = [], ""
    for token in tokens:
        if token.type == "fence" and token.map is not None:
            language = token.info.split()[0] if token.info.strip() else ""
            document = path.relative_to(root).as_posix()
            found.append(Block(document, token.map[0] + 1, language, token.content, directives(above)))
        above = above + token.content if token.type == "html_block" else ""  # each comment is a block of its own
    return found


def directives(html: str) -> Directives:
    skip: str | None = None
    captures: dict[str, str] = {}
    expects: list[Expect] = []
    background: list[str] = []
    for text in DIRECTIVE.findall(html):
        verb, *args = shlex.split(text)
        if verb == "skip" and args:
            skip = " ".join(args)
        elif verb == "capture" and args and all("=" in arg for arg in args):
            captures.update(arg.partition("=")[::2] for arg in args)
        elif verb == "expect" and args:
            expects.append(expectation(args[0], args[1:]))
        elif verb == "background" and args:
            background.append(args[0])
            expects.extend([expectation(args[0], args[1:])] if args[1:] else [])
        else:
            raise BadDirective(f"unknown example directive: {text.strip()!r}")
    return Directives(skip, captures, tuple(expects), tuple(background))


def expectation(match: str, checks: list[str]) -> Expect:
    status, fields, contains = None, [], []
    for check in checks:
        key, _, value = check.partition("=")
        if key == "status":
            status = int(value)
        elif key == "contains":
            contains.append(value)
        elif key.startswith("."):
            fields.append((key, literal(value)))
        else:
            raise BadDirective(f"unknown expectation {check!r} (status=, contains= or .json.path=)")
    return Expect(match, status, tuple(fields), tuple(contains))


def literal(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def statements(block: Block) -> list[Statement]:
    if block.language == "console":
        return console_statements(block.text)
    if block.language == "python":
        return [Statement(f".venv/bin/python - <<'PYTHON'\n{block.text}PYTHON")]
    return [Statement(command) for command in shell_statements(block.text.splitlines())]


def shell_statements(lines: list[str]) -> list[str]:
    """Lines joined into whole commands (continuations, quotes left open across lines), as bash would read them;
    comment-only and blank lines dropped."""
    found: list[str] = []
    pending: list[str] = []
    for line in lines:
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending.append(line)
        text = "\n".join(pending)
        if not text.endswith("\\") and (placeholder(text) is not None or complete(text)):
            found.append(text)
            pending = []
    if pending:
        raise BadDirective(f"an unfinished command: {pending[0]!r}")
    return found


def complete(text: str) -> bool:
    return subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True).returncode == 0


def console_statements(text: str) -> list[Statement]:
    """`$ command` lines (and their continuations); the lines up to the next `$ ` are what it prints."""
    found: list[Statement] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if not lines[index].startswith("$ "):
            raise BadDirective(f"console output with no command above it: {lines[index]!r}")
        command = [lines[index][2:]]
        index += 1
        while (command[-1].endswith("\\") or not complete("\n".join(command))) and index < len(lines):
            command.append(lines[index])
            index += 1
        output = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        found.append(Statement("\n".join(command), "\n".join(output).strip() or None))
    return found


def placeholder(command: str) -> str | None:
    """The variable a `NAME=<what to paste>` line asks the reader to fill in from the answer above it."""
    found = PLACEHOLDER.match(command.strip())
    return found.group(1) if found else None


def pick(value: Any, path: str) -> Any:
    """`.entry[0].resource.id` in a parsed JSON value; KeyError/IndexError when it is not there."""
    if path == ".":
        return value
    if "".join(m.group(0) for m in PATH_STEP.finditer(path)) != path:
        raise BadDirective(f"not a JSON path: {path!r}")
    for key, index in PATH_STEP.findall(path):
        value = value[key] if key else value[int(index)]
    return value


def same_shape(expected: Any, actual: Any) -> bool:
    """A documented answer matches a real one: every key it shows, with equal strings, booleans and nulls; numbers
    (versions, counts, times) need only be numbers, since they change from run to run."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and same_shape(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(map(same_shape, expected, actual))
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(actual, (int, float)) and not isinstance(actual, bool)
    return bool(expected == actual)


def shows(expected: str, printed: str) -> bool:
    """A `console` listing matches what the command printed: as JSON (same_shape), else as text in which `...`
    stands for anything (a token, an id)."""
    try:
        return same_shape(json.loads(expected), json.loads(printed))
    except ValueError:
        pattern = ".*?".join(re.escape(part) for part in expected.split("..."))
        return re.fullmatch(pattern, printed.strip(), re.S) is not None

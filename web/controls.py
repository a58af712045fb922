"""The edge's one check of what a request carries outside its body: path parameters, query parameters and headers
hold no control character (models/text.py says which). Bodies and frames are checked by their schemas' `Line`
and `Text` types; this covers the rest, for every route (an app-wide dependency) and every socket (on accept)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from starlette.requests import HTTPConnection

from models.text import ControlCharacter, first_control, printable


class ControlCharacterInHeader(ControlCharacter):
    """A header value held a control character: one h11 lets through (a tab, or C1 as raw or UTF-8 bytes); h11
    itself refuses the rest with 400 before the app sees them (web/protocol.py)."""


def check_connection(connection: HTTPConnection) -> None:
    """Raise ControlCharacter naming the first path or query parameter, or header, that holds a control character."""
    _check(connection.path_params.items(), ControlCharacter)
    _check(connection.query_params.multi_items(), ControlCharacter)
    _check(((name.decode("latin-1"), _decoded(value)) for name, value in connection.scope["headers"]), _in_header)


async def refuse_control_characters(connection: HTTPConnection) -> None:
    """The app-wide dependency: every HTTP route. (A socket checks on accept, so it can answer with a frame.)"""
    if connection.scope["type"] == "http":
        check_connection(connection)


def _in_header(name: str, char: str) -> ControlCharacter:
    return ControlCharacterInHeader(f"header {name}", char)


def _check(pairs: Iterable[tuple[str, object]], error: Callable[[str, str], ControlCharacter]) -> None:
    for name, value in pairs:
        for text in (name, value) if isinstance(value, str) else (name,):
            char = first_control(text)
            if char is not None:
                raise error(printable(name), char)


def _decoded(value: bytes) -> str:
    """A header as UTF-8 when it is (so é is not mistaken for C1 bytes), else byte for byte (latin-1)."""
    try:
        return value.decode()
    except UnicodeDecodeError:
        return value.decode("latin-1")

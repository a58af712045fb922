"""Control characters in text a client sends: one rule, used by every request field, parameter, header and frame.

C0 controls, DEL and C1 controls never belong in an identifier, a code, a name or a header: they break logs,
terminals and CSV exports, and PostgreSQL refuses a NUL outright. Free text (what a caller says, a note, a
reason) may keep the three that people type: tab, newline and carriage return.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from models.errors import DomainError

# C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_WHITESPACE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ControlCharacter(DomainError):
    """A parameter or header held a control character; `field` names it, `char` says which (as U+XXXX)."""

    def __init__(self, field: str, char: str) -> None:
        self.field, self.char = field, codepoint(char)
        super().__init__(f"{field} contains a control character ({self.char})")


def codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def first_control(text: str, free: bool = False) -> str | None:
    """The first control character in `text` (tab, newline and CR allowed only in free text), or None."""
    found = (_CONTROL_BUT_WHITESPACE if free else _CONTROL).search(text)
    return found.group() if found else None


def printable(text: str) -> str:
    """`text` with each control character written as U+XXXX: safe to put in an error message or a log."""
    return _CONTROL.sub(lambda m: f"<{codepoint(m.group())}>", text)


def _checker(free: bool) -> BeforeValidator:
    def check(value: Any) -> Any:
        char = first_control(value, free) if isinstance(value, str) else None
        if char is not None:
            _refuse(char)
        return value

    return BeforeValidator(check)


def check_json(data: Any, path: str = "") -> None:
    """For a JSON document taken whole (a FHIR Bundle): no control character in a key, and none but tab, newline
    and CR in a value (its narratives and notes are free text). Raises the same error as the types below."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and (char := first_control(key)) is not None:
            _refuse(char, printable(where))
        if isinstance(value, str) and (char := first_control(value, free=True)) is not None:
            _refuse(char, printable(where))
        check_json(value, where)


def _refuse(char: str, where: str | None = None) -> None:
    prefix = f"{where} " if where else ""
    raise PydanticCustomError(
        "control_character", prefix + "contains a control character ({char})", {"char": codepoint(char)}
    )


LINE = _checker(free=False)
FREE_TEXT = _checker(free=True)
# Identifiers, codes, names, postcodes, phone numbers: no control character at all.
Line = Annotated[str, LINE]
# What people write in sentences (symptoms, notes, reasons): tab, newline and CR allowed.
Text = Annotated[str, FREE_TEXT]

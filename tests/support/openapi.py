"""The app's OpenAPI document, made once per test process: tests/web/test_openapi.py and test_schemathesis.py (and
through it tests/hardening/test_schemathesis_stack.py) parametrize over its operations, so every pytest-xdist worker
makes it at collection, and making it costs a second or two of CPU."""

from __future__ import annotations

import functools
import json
from typing import Any

from web.app import create_app
from web.settings import Settings


@functools.cache
def _document_json() -> str:
    return json.dumps(create_app(Settings()).openapi())


def document() -> dict[str, Any]:
    """The document as `/openapi.json` serves it, a copy of its own for each caller (schemathesis may change the one
    it is given)."""
    copy: dict[str, Any] = json.loads(_document_json())
    return copy

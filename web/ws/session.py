"""What both websockets share: reading one text frame safely, and shaping errors as frames."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from capacity.errors import FrameTooLarge, MalformedFrame
from web.errors import error_frame, field_errors
from web.ws.frames import ErrorFrame

logger = logging.getLogger("one111.ws")

# Close codes: 1008 policy (bad token, bad filter), 4001 fell too far behind.
CLOSE_POLICY = 1008
CLOSE_BEHIND = 4001
# Which worker process took the connection, on the handshake response: lets tests and operators see the spread.
WORKER = secrets.token_hex(4)
ACCEPT_HEADERS = [(b"x-one111-worker", WORKER.encode())]


def parse(message: Mapping[str, Any], adapter: TypeAdapter[Any], max_bytes: int) -> Any:
    """One received websocket message as a typed frame; MalformedFrame or FrameTooLarge saying what was wrong."""
    text = message.get("text")
    if text is None:
        raise MalformedFrame("Frames must be JSON text, not binary.")
    if len(text.encode()) > max_bytes:
        raise FrameTooLarge(f"Frames must be at most {max_bytes} bytes.")
    try:
        data = json.loads(text)
    except ValueError:
        raise MalformedFrame("The frame is not valid JSON.") from None
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in field_errors(list(error.errors())))
        raise MalformedFrame(f"The frame is not valid: {detail}.") from None


def error_text(error: Exception, seq: int | None = None) -> str:
    return ErrorFrame.model_validate({**error_frame(error), "seq": seq}).model_dump_json(exclude_none=True)

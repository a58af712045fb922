"""Structured JSON logs that carry a request id and never patient data.

Only the message template's own words and whitelisted fields are written: no request bodies, no
query strings, and exception *messages* are dropped (they may quote input) while type and frames stay.
"""

from __future__ import annotations

import json
import logging
import traceback
from contextvars import ContextVar
from typing import Any

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

SAFE_FIELDS = (
    "method",
    "route",
    "status",
    "duration_ms",
    "client_kind",
    "error_type",
    "event",
    "count",
    "service_id",
    "version",
    "worker",
    "seq",  # the audit chain's head after a seal, with its hash: checkpoints kept outside the database
    "chain_hash",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": _message(record),
            "request_id": request_id.get(),
        }
        entry.update({name: getattr(record, name) for name in SAFE_FIELDS if hasattr(record, name)})
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = _frames(record.exc_info[1])
        return json.dumps(entry, default=str)


def _message(record: logging.LogRecord) -> str:
    # uvicorn and others format user-controlled values into args; keep the template, drop the args.
    if record.name.startswith(("one111", "web", "capacity", "triage", "routing", "models")):
        return record.getMessage()
    return str(record.msg)


def _frames(error: BaseException) -> dict[str, Any]:
    frames = traceback.extract_tb(error.__traceback__)
    return {
        "type": type(error).__qualname__,
        "frames": [f"{f.filename}:{f.lineno} in {f.name}" for f in frames],
    }


def log_config(level: str) -> dict[str, Any]:
    """A logging dictConfig shared by the CLI and every uvicorn worker."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.error": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
        },
    }

"""The Idempotency-Key at the edge: the header, the domain's `Once` for a keyed request, and the replayed answer.

The protocol itself (claim, keep, replay, mismatch) is routing/idempotency.py's, inside the domain's one
transaction; this module only turns a header into a `Once`, a stored answer into a response, and stores a final
domain error's problem so a retry hears the same answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from models.database import blocking
from models.errors import DomainError, Unavailable
from routing.errors import IdempotencyInProgress, IdempotencyKeyRequired, IdempotencyMismatch
from routing.idempotency import MAX_KEY_LENGTH, Key, Once, Replayed, Stored, keep_problem
from web.errors import PROBLEM_JSON, problem_body, problem_for

T = TypeVar("T")
KeyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=MAX_KEY_LENGTH, pattern=r"^[\x21-\x7e]+$"),
]
# Any request with an Idempotency-Key can meet these; the board behind holds and bookings can be unavailable.
REPLAYED = (IdempotencyMismatch, IdempotencyInProgress, Unavailable)
NOT_STORED = (Unavailable, IdempotencyMismatch, IdempotencyInProgress)  # a retry must run again, or is refused


def required(key: str | None) -> str:
    if key is None:
        raise IdempotencyKeyRequired(
            "Send an Idempotency-Key header (any unique string, e.g. a UUID) so a retry can never act twice."
        )
    return key


def keyed(scope: str, key: str | None, endpoint: str, body: Any) -> Key | None:
    """The caller's key for this request; None without a header (nothing stored, nothing replayed)."""
    return None if key is None else Key.of(scope, key, endpoint, body)


async def answer(
    engine: Engine, key: Key | None, status: int, render: Callable[[T], BaseModel], action: Callable[..., Awaitable[T]]
) -> JSONResponse:
    """Run the domain `action(once=...)`: its transaction claims the key and stores the rendered answer with the
    change. Answer its result, the key's stored answer (a replay), or raise its error (stored first if final)."""
    bodies: list[dict[str, Any]] = []  # the body stored with the key is the body sent: rendered once

    def body(result: T) -> dict[str, Any]:
        if not bodies:
            bodies.append(render(result).model_dump(mode="json"))
        return bodies[0]

    once = None if key is None else Once(key, status, body)
    try:
        result = await action(once=once)
    except Replayed as replay:
        return replayed(replay.stored)
    except DomainError as error:
        if key is not None and not isinstance(error, NOT_STORED):
            return await _keep_problem(engine, key, error)
        raise
    return JSONResponse(body(result), status_code=status)


async def _keep_problem(engine: Engine, key: Key, error: DomainError) -> JSONResponse:
    """Store a final failure's problem with the key, then raise it (web/errors.py shapes it the same way)."""
    problem = problem_for(error)
    try:
        await blocking(keep_problem, engine, key, problem.status, problem_body(problem, error.detail))
    except Replayed as replay:  # a retry of a request that succeeded, failing now only because it already did
        return replayed(replay.stored)
    raise error


def replayed(stored: Stored) -> JSONResponse:
    media = PROBLEM_JSON if stored.status_code >= 400 else "application/json"
    headers = {"Idempotent-Replayed": "true"}
    return JSONResponse(stored.body, status_code=stored.status_code, media_type=media, headers=headers)

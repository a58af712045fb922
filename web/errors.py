"""The one table that turns domain errors into RFC 9457 problem+json and websocket error frames."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from capacity.errors import (
    CapacityUnknown,
    FrameTooLarge,
    InvalidUpdate,
    InvalidWatch,
    MalformedFrame,
    NoFreeSlot,
    NotYourService,
    StaleSequence,
)
from capacity.geography import UnknownPostcode
from chat.conversation import InvalidChatInput
from clinical.assessment import InvalidAssessment
from clinical.errors import CallbackClosed, HeldByAnother, LoweringNeedsReason, NotAssessed, NotHolder, UnknownCallback
from identity.errors import (
    CsrfRejected,
    Forbidden,
    InvalidToken,
    InvalidUsername,
    NotYours,
    TooManyLogins,
    Unauthenticated,
    UsernameTaken,
)
from insight.errors import InvalidExport, UnknownArea
from models.errors import Conflict, DomainError, NotFound, Unavailable
from models.text import ControlCharacter, printable
from notify.errors import (
    BadContact,
    BadLink,
    FeedbackClosed,
    InvalidTransition,
    LinkExpired,
    ReasonRequired,
    UnknownBookingLink,
    UnknownDisruption,
)
from patients.errors import (
    DetailsAlreadyGiven,
    DuplicatePatient,
    InvalidBundle,
    InvalidPatientField,
    NoRelationship,
    UnknownPractice,
)
from patients.errors import (
    UnknownBooking as UnknownBookedPatient,
)
from routing.errors import (
    AlreadyCancelled,
    DoubleBooking,
    HoldExpired,
    HoldNotActive,
    IdempotencyInProgress,
    IdempotencyKeyRequired,
    IdempotencyMismatch,
    NeverBook,
    NoCapacity,
    OverrideNeedsReason,
    UnknownBooking,
    UnknownHold,
)
from web.controls import ControlCharacterInHeader

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("one111.errors")


@dataclass(frozen=True, slots=True)
class Problem:
    status: int
    code: str
    title: str


# Most specific first is not needed: lookup walks each error's MRO, so a subclass wins over its base.
PROBLEMS: dict[type[Exception], Problem] = {
    UnknownPostcode: Problem(422, "unknown-postcode", "Unknown postcode"),
    InvalidToken: Problem(401, "invalid-token", "Provider token missing or not valid"),
    NotYourService: Problem(403, "not-your-service", "Not one of your services"),
    InvalidUpdate: Problem(422, "invalid-update", "Invalid capacity update"),
    InvalidWatch: Problem(422, "invalid-watch", "Invalid board filter"),
    MalformedFrame: Problem(400, "malformed-frame", "Malformed frame"),
    FrameTooLarge: Problem(413, "frame-too-large", "Frame too large"),
    StaleSequence: Problem(409, "stale-sequence", "Sequence number already used"),
    NoFreeSlot: Problem(409, "no-free-slot", "No free slot"),
    CapacityUnknown: Problem(409, "capacity-unknown", "Capacity unknown"),
    UnknownHold: Problem(404, "unknown-hold", "No such hold"),
    UnknownBooking: Problem(404, "unknown-booking", "No such booking"),
    NoCapacity: Problem(409, "no-capacity", "No free slot to hold"),
    HoldExpired: Problem(410, "hold-expired", "Hold expired"),
    HoldNotActive: Problem(409, "hold-not-active", "Hold already confirmed or released"),
    DoubleBooking: Problem(409, "double-booking", "Already booked"),
    AlreadyCancelled: Problem(409, "already-cancelled", "Booking no longer confirmed"),
    NeverBook: Problem(422, "never-book", "Must not be booked"),
    OverrideNeedsReason: Problem(422, "override-needs-reason", "An override needs a reason"),
    IdempotencyMismatch: Problem(409, "idempotency-mismatch", "Idempotency-Key reused for a different request"),
    IdempotencyInProgress: Problem(409, "idempotency-in-progress", "Request with this Idempotency-Key still running"),
    IdempotencyKeyRequired: Problem(400, "idempotency-key-required", "Idempotency-Key header required"),
    Unauthenticated: Problem(401, "unauthenticated", "Credentials missing or not valid"),
    NotYours: Problem(403, "not-yours", "Belongs to another conversation"),
    CsrfRejected: Problem(403, "csrf-rejected", "CSRF token missing or wrong"),
    TooManyLogins: Problem(429, "too-many-logins", "Too many login attempts"),
    Forbidden: Problem(403, "forbidden", "Your role may not do this"),
    InvalidUsername: Problem(422, "invalid-user", "Invalid username, role or password"),
    UsernameTaken: Problem(409, "username-taken", "Username taken"),
    InvalidChatInput: Problem(422, "invalid-chat-input", "Please check your answer"),
    InvalidPatientField: Problem(422, "invalid-patient-field", "Invalid patient field"),
    UnknownPractice: Problem(422, "unknown-practice", "Unknown GP practice"),
    DuplicatePatient: Problem(409, "possible-duplicate", "A matching patient is already on record"),
    NoRelationship: Problem(403, "no-relationship", "No legitimate relationship with this patient"),
    InvalidBundle: Problem(422, "invalid-bundle", "FHIR Bundle not valid"),
    DetailsAlreadyGiven: Problem(409, "details-already-given", "Details already given in this chat"),
    UnknownBookedPatient: Problem(404, "unknown-booking", "No such booking"),
    UnknownCallback: Problem(404, "unknown-callback", "No such callback"),
    HeldByAnother: Problem(409, "held-by-another", "Another clinician holds this callback"),
    NotHolder: Problem(409, "not-holder", "You do not hold this callback"),
    CallbackClosed: Problem(409, "callback-closed", "Callback already closed"),
    NotAssessed: Problem(409, "not-assessed", "Assessment needed first"),
    LoweringNeedsReason: Problem(422, "lowering-needs-reason", "Lowering a disposition needs a reason"),
    InvalidAssessment: Problem(422, "invalid-assessment", "Invalid assessment"),
    UnknownArea: Problem(404, "unknown-area", "Unknown ICB or NHS region"),
    InvalidExport: Problem(422, "invalid-export", "Export settings would disclose"),
    BadContact: Problem(422, "bad-contact", "Contact details cannot be used"),
    BadLink: Problem(404, "bad-link", "Link not valid"),
    LinkExpired: Problem(410, "link-expired", "Link expired"),
    InvalidTransition: Problem(409, "invalid-transition", "Not possible after the booking's last event"),
    ReasonRequired: Problem(422, "reason-required", "A reason is required"),
    FeedbackClosed: Problem(409, "feedback-closed", "Feedback not open for this booking"),
    UnknownDisruption: Problem(404, "unknown-disruption", "No such disrupted booking"),
    UnknownBookingLink: Problem(404, "unknown-booking", "No such booking"),
    ControlCharacterInHeader: Problem(400, "control-character-in-header", "Control character in a header"),
    ControlCharacter: Problem(422, "control-character", "Control character in text"),
    NotFound: Problem(404, "not-found", "Not found"),
    Conflict: Problem(409, "conflict", "Conflict with the current state"),
    Unavailable: Problem(503, "unavailable", "Temporarily unavailable"),
    # The database restarting or out of connections: the caller retries (an Idempotency-Key makes that safe).
    OperationalError: Problem(503, "database-unavailable", "Database temporarily unavailable"),
    InterfaceError: Problem(503, "database-unavailable", "Database temporarily unavailable"),
    PoolTimeout: Problem(503, "database-busy", "Database busy"),
    # A value the database cannot store, e.g. a NUL character, which PostgreSQL text refuses (SQLite takes it).
    DataError: Problem(422, "invalid-text", "A value cannot be stored"),
    DomainError: Problem(400, "bad-request", "Bad request"),
}
INTERNAL = Problem(500, "internal-error", "Internal error")


INVALID_REQUEST = Problem(422, "invalid-request", "Invalid request")
MALFORMED_JSON = Problem(400, "malformed-json", "Malformed JSON")
BODY_TOO_LARGE = Problem(413, "body-too-large", "Request body too large")
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}},
        },
    },
}


def problem_for(error: Exception) -> Problem:
    return problem_of(type(error))


def problem_of(kind: type[Exception]) -> Problem:
    for cls in kind.__mro__:
        if cls in PROBLEMS:
            return PROBLEMS[cls]
    return INTERNAL


def problem_responses(
    *raises: type[Exception] | Problem, body: bool = False, inputs: bool = True
) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route, from this table: each error it raises, plus invalid input, as problem+json."""
    problems = [p if isinstance(p, Problem) else problem_of(p) for p in raises] + ([INVALID_REQUEST] if inputs else [])
    problems += [MALFORMED_JSON, BODY_TOO_LARGE] if body else []
    by_status: dict[int, dict[str, Problem]] = {}
    for problem in problems:
        by_status.setdefault(problem.status, {})[problem.code] = problem
    return {status: _problem_response(list(found.values())) for status, found in sorted(by_status.items())}


def _problem_response(problems: list[Problem]) -> dict[str, Any]:
    examples = {p.code: {"summary": p.title, "value": problem_body(p, f"{p.title}.")} for p in problems}
    content = {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA, "examples": examples}}
    return {"description": "; ".join(p.title for p in problems), "content": content}


def problem_body(problem: Problem, detail: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": f"https://one111.nhs.example/problems/{problem.code}",
        "title": problem.title,
        "status": problem.status,
        "detail": detail,
        **extra,
    }


def problem_response(
    problem: Problem, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        problem_body(problem, detail, **extra),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def error_frame(error: Exception) -> dict[str, Any]:
    """The websocket twin of a problem+json response."""
    problem = problem_for(error)
    detail = error.detail if isinstance(error, DomainError) else problem.title
    return {"type": "error", "code": problem.code, "status": problem.status, "detail": detail}


def field_errors(errors: list[Any]) -> list[dict[str, str]]:
    """Pydantic errors as {field, message} pairs, without echoing the input back (and never a control character:
    a dict key or a union tag may carry one into the location or the message)."""
    shaped = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "header")]
        shaped.append({"field": printable(".".join(location) or "body"), "message": printable(_sentence(error))})
    return shaped


def _sentence(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "is not a field we accept; check the spelling against the API documentation"
    if kind == "missing":
        return "is required"
    if kind == "json_invalid":
        return "the request body is not valid JSON"
    return str(error.get("msg", "is not valid"))


async def _domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    problem = problem_for(error)
    retry_after = getattr(error, "retry_after_s", None)  # Unavailable, TooManyLogins: say when to try again
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    if isinstance(error, InvalidToken | Unauthenticated):
        headers = {"WWW-Authenticate": "Bearer"}
    return problem_response(problem, error.detail, headers, **_extra(error))


def _extra(error: DomainError) -> dict[str, Any]:
    """Members a problem carries besides its detail: the field at fault, or the candidates of a possible duplicate."""
    if isinstance(error, InvalidPatientField):
        return {"errors": [{"field": error.field, "message": error.message}]}
    if isinstance(error, ControlCharacter):
        return {"errors": [{"field": error.field, "message": f"contains a control character ({error.char})"}]}
    if isinstance(error, DuplicatePatient):
        return {"candidates": error.candidates}
    return {}


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = field_errors(list(error.errors()))
    if any(e["message"] == "the request body is not valid JSON" for e in errors):
        return problem_response(MALFORMED_JSON, "The request body is not valid JSON.")
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem_response(INVALID_REQUEST, detail, errors=errors)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    problem = Problem(error.status_code, f"http-{error.status_code}", str(error.detail))
    return problem_response(problem, str(error.detail), dict(error.headers or {}))


async def _database_error(request: Request, error: Exception) -> JSONResponse:
    # Only the type is logged: a driver's message can quote the SQL parameters, i.e. patient data.
    logger.warning("database unavailable", extra={"error_type": type(error).__qualname__})
    detail = "The database is unreachable or busy. Try again shortly, with the same Idempotency-Key if you sent one."
    return problem_response(problem_for(error), detail, {"Retry-After": "2"})


async def _data_error(request: Request, error: Exception) -> JSONResponse:
    # Only the type is logged: the driver's message quotes the offending parameter.
    logger.info("refused a value the database cannot store", extra={"error_type": type(error).__qualname__})
    detail = "A value in this request cannot be stored (for example, it contains a NUL character). Remove it."
    return problem_response(problem_for(error), detail)


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    logger.error("unhandled error", exc_info=error, extra={"error_type": type(error).__qualname__})
    return problem_response(INTERNAL, "Something went wrong on our side. The request id helps us find it.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for database_error in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(database_error, _database_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(Exception, _unexpected)

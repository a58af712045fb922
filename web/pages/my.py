"""/my/<link>: the patient's own booking page, reached from the signed link in each message. No account: see the
booking (followed to wherever it moved), cancel it, ask for another, and give feedback after the visit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from models.database import blocking
from models.errors import DomainError
from models.text import Line, Text
from models.vocabulary import BookingStatus
from notify import patient
from notify.messages import SAFETY_NETTING, when
from web.auth import public
from web.deps import ResourcesDep
from web.errors import problem_for
from web.templating import TEMPLATES

router = APIRouter(include_in_schema=False, dependencies=[public()])
FFT = [(1, "Very good"), (2, "Good"), (3, "Neither good nor poor"), (4, "Poor"), (5, "Very poor"), (6, "Don't know")]
STATUS = {
    BookingStatus.CONFIRMED: "Booked",
    BookingStatus.CANCELLED: "Cancelled",
    BookingStatus.MOVED: "Moved",
}
YES_NO = {"yes": True, "no": False}


@router.get("/my/{token}", response_class=HTMLResponse)
async def my_booking(request: Request, token: str, resources: ResourcesDep, notice: str | None = None) -> Response:
    try:
        booking = await blocking(patient.view, resources.engine, resources.keyring, token)
    except DomainError as error:
        return _page(request, token, None, problem=error)
    return _page(request, token, booking, notice=NOTICES.get(notice or ""))


@router.post("/my/{token}/cancel")
async def cancel(request: Request, token: str, resources: ResourcesDep) -> Response:
    try:
        await patient.cancel(resources.engine, resources.board, resources.keyring, token)
    except DomainError as error:
        return _page(request, token, None, problem=error)
    return RedirectResponse(f"/my/{token}?notice=cancelled", status_code=303)


@router.post("/my/{token}/another")
async def another(
    request: Request, token: str, resources: ResourcesDep, booking_id: Annotated[Line | None, Form()] = None
) -> Response:
    """Swap the booking the page showed (its id comes with the form), or keep it; either way the page says which."""
    try:
        asked = await patient.ask_for_another(resources.notifier.rebooker, resources.keyring, token, booking_id)
    except DomainError as error:
        return _page(request, token, None, problem=error)
    return RedirectResponse(f"/my/{token}?notice={asked.value}", status_code=303)


@router.post("/my/{token}/feedback")
async def feedback(
    request: Request,
    token: str,
    resources: ResourcesDep,
    fft: Annotated[int, Form(ge=1, le=6)],
    got_care_needed: Annotated[Line | None, Form()] = None,
    repeated_story: Annotated[Line | None, Form()] = None,
    comment: Annotated[Text | None, Form(max_length=2000)] = None,
) -> Response:
    answers = (fft, YES_NO.get(got_care_needed or ""), YES_NO.get(repeated_story or ""), comment)
    try:
        await blocking(patient.give_feedback, resources.engine, resources.keyring, token, *answers)
    except DomainError as error:
        return _page(request, token, None, problem=error)
    return RedirectResponse(f"/my/{token}?notice=thanks", status_code=303)


NOTICES = {
    "cancelled": "Your booking is cancelled. We have sent you a message to confirm it.",
    "moved": "Your booking has changed to the time and place below. We will also send you a message about it.",
    "kept": (
        "No other time or place is free for you just now, so your booking stands: please keep the time below. "
        f"{SAFETY_NETTING}"
    ),
    "already": "Your booking had already changed: this is your booking now.",
    "thanks": "Thank you for telling us how it went.",
}


def _page(
    request: Request,
    token: str,
    booking: patient.PatientView | None,
    problem: DomainError | None = None,
    notice: str | None = None,
) -> Response:
    context = {
        "token": token,
        "booking": booking,
        "problem": str(problem) if problem else None,
        "notice": notice,
        "fft": FFT,
        "when": when(booking.window_start) if booking else None,
        "status_words": STATUS.get(booking.status, "") if booking else None,
    }
    status = problem_for(problem).status if problem else 200
    return TEMPLATES.TemplateResponse(request, "my.html", context, status_code=status)

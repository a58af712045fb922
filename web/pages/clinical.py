"""The clinician's page: `/clinical` works the callback queue (claim, call, assess, route and book)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from clinical.assessment import AssessmentOutcome
from clinical.contact import CallResult
from models.vocabulary import Disposition
from web.pages.console import LOGOUT_ACTION, Staff
from web.templating import TEMPLATES

router = APIRouter(include_in_schema=False)
CLINICAL = "/clinical"
CHOICES = [d.value for d in Disposition if d is not Disposition.CLINICAL_ASSESSMENT]


@router.get(CLINICAL, response_class=HTMLResponse)
async def clinical_page(request: Request, who: Staff) -> Response:
    """Clinicians only: anyone not signed in is sent to sign in first; other staff are told whose page it is."""
    if who is None:
        return RedirectResponse(f"/login?next={CLINICAL}", status_code=303)
    context = {
        "user": who,
        "logout_action": LOGOUT_ACTION,
        "dispositions": CHOICES,
        "results": [r.value for r in CallResult],
        "outcomes": [o.value for o in AssessmentOutcome],
    }
    # Other staff get the page's explanation rather than a bare 403: the API refuses them whatever the page shows.
    return TEMPLATES.TemplateResponse(request, "clinical.html", context)

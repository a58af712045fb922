"""The call handler's pages: `/` leads to the console, `/login` signs staff in, `/console` is the console."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from identity.principal import Principal
from models.database import blocking
from models.errors import DomainError
from models.vocabulary import USER_ROLES, Role, Sex
from triage.groups import SymptomGroup
from web.auth import identify, public
from web.auth.resolve import SESSION_COOKIE
from web.deps import ResourcesDep
from web.templating import TEMPLATES

router = APIRouter(include_in_schema=False)
LOGIN_ACTION = "/auth/login"
LOGOUT_ACTION = "/auth/logout"
CONSOLE = "/console"
OPS = "/ops"


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


GROUPS = [(g.value, _label(g.value)) for g in SymptomGroup]
SEXES = [(s.value, _label(s.value)) for s in Sex]


async def signed_in_staff(request: Request, resources: ResourcesDep) -> Principal | None:
    """The signed-in user (staff or an operations lead) whose session cookie came with the page request; None for
    anyone else."""
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    try:
        who = await blocking(identify, resources.engine, resources.credentials, None, session_id)
    except DomainError:  # an expired or ended session: sign in again
        return None
    return who if who is not None and who.role in USER_ROLES else None


Staff = Annotated[Principal | None, Depends(signed_in_staff)]


@router.get("/", dependencies=[public()])
async def home() -> RedirectResponse:
    return RedirectResponse(CONSOLE, status_code=303)


@router.get("/login", response_class=HTMLResponse, dependencies=[public()])
async def login_page(request: Request, next: str = CONSOLE) -> HTMLResponse:
    context = {"next": _local(next), "login_action": LOGIN_ACTION}
    return TEMPLATES.TemplateResponse(request, "login.html", context)


@router.get("/console", response_class=HTMLResponse)
async def console_page(request: Request, who: Staff) -> Response:
    """Staff only: anyone else is sent to sign in first, and comes back here afterwards."""
    if who is None:
        return RedirectResponse(f"/login?next={CONSOLE}", status_code=303)
    if who.role is Role.LEAD:  # a lead watches the system and never takes calls: their page is the dashboard
        return RedirectResponse(OPS, status_code=303)
    context = {"groups": GROUPS, "sexes": SEXES, "user": who, "logout_action": LOGOUT_ACTION}
    return TEMPLATES.TemplateResponse(request, "console.html", context)


def _local(target: str) -> str:
    """Only ever send a signed-in user on to a page of ours, never to another site."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else CONSOLE

"""The call handler's pages: `/` leads to the console, `/login` signs staff in, `/console` is the console."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from models.vocabulary import Sex
from triage.groups import SymptomGroup
from web.templating import TEMPLATES

router = APIRouter(include_in_schema=False)
LOGIN_ACTION = "/auth/login"
LOGOUT_ACTION = "/auth/logout"


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


GROUPS = [(g.value, _label(g.value)) for g in SymptomGroup]
SEXES = [(s.value, _label(s.value)) for s in Sex]


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/console", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/console", error: str | None = None) -> HTMLResponse:
    context = {"next": _local(next), "error": error, "login_action": LOGIN_ACTION}
    return TEMPLATES.TemplateResponse(request, "login.html", context)


@router.get("/console", response_class=HTMLResponse)
def console_page(request: Request) -> HTMLResponse:
    context = {"groups": GROUPS, "sexes": SEXES, "user": None, "logout_action": LOGOUT_ACTION}
    return TEMPLATES.TemplateResponse(request, "console.html", context)


def _local(target: str) -> str:
    """Only ever send a signed-in user on to a page of ours, never to another site."""
    return target if target.startswith("/") and not target.startswith("//") else "/console"

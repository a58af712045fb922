"""Logging in and out of the console, who am I, and starting an anonymous patient chat."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, status
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from identity.chats import open_chat
from identity.errors import CsrfRejected, TooManyLogins, Unauthenticated
from identity.keys import csrf_for
from identity.principal import Principal
from identity.sessions import end_session, start_session
from identity.users import login as check_login
from models.database import blocking
from models.text import Line
from models.vocabulary import Role
from web.auth import CSRF_COOKIE, SESSION_COOKIE, STAFF, allow, public
from web.auth.resolve import FORMS, check_origin
from web.clientaddr import scope_address
from web.deps import EngineDep, ResourcesDep, SettingsDep
from web.errors import problem_responses

router = APIRouter(tags=["auth"])


class Me(BaseModel):
    username: str
    role: Role
    csrf_token: str


class ChatOut(BaseModel):
    token: str
    session_id: str
    expires_at: datetime


def _safe_next(target: str | None) -> str:
    """Only a path on this site, so the login form cannot be used to bounce a user elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.post(
    "/auth/login",
    status_code=status.HTTP_303_SEE_OTHER,
    dependencies=[public()],
    response_class=RedirectResponse,
    responses={
        303: {"description": "Logged in: cookies set, redirect to `next`"},
        **problem_responses(Unauthenticated, CsrfRejected, TooManyLogins),
    },
)
async def login(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    resources: ResourcesDep,
    username: Annotated[Line, Form(max_length=40, examples=["handler"])],
    password: Annotated[Line, Form(max_length=256, examples=["handler-demo-password"])],
    next: Annotated[Line | None, Form(max_length=500, examples=["/"])] = None,
) -> Response:
    """Check the password, start a new session (a fresh id every time) and set its cookies."""
    check_origin(request.headers.get("origin"), request.headers.get("host"), required=False)
    address = scope_address(request.scope, settings.trusted_proxies)
    user = await resources.login_throttle.attempt(
        username, address, partial(blocking, check_login, engine, username, password)
    )
    session_id = await blocking(start_session, engine, user, settings.session_hours)
    response = RedirectResponse(_safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    secure = request.url.scheme == "https"
    max_age = int(settings.session_hours * 3600)
    response.set_cookie(SESSION_COOKIE, session_id, max_age, httponly=True, samesite="lax", secure=secure)
    response.set_cookie(CSRF_COOKIE, csrf_for(session_id), max_age, httponly=False, samesite="lax", secure=secure)
    return response


@router.post(
    "/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={303: {"description": "Sent as the page's form: signed out, and on to the sign-in page"}},
)
async def logout(
    request: Request, engine: EngineDep, resources: ResourcesDep, who: Annotated[Principal, allow(*STAFF, Role.LEAD)]
) -> Response:
    """End the browser session (needs the CSRF token); a bearer token caller has no session to end."""
    session_id = request.cookies.get(SESSION_COOKIE)
    if who.via == "cookie" and session_id:
        ended = await blocking(end_session, engine, session_id, who.subject)
        await resources.revocations.revoked(ended)
    # The page's own form, sent before its script took over the button (or without scripts), must leave the page: a
    # 204 to a form post leaves the old page showing, signed out but looking signed in.
    forms = request.headers.get("content-type", "").startswith(FORMS)
    response = RedirectResponse("/login", status.HTTP_303_SEE_OTHER) if forms else Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.get("/auth/me", response_model=Me)
async def me(who: Annotated[Principal, allow(*STAFF, Role.LEAD)]) -> Me:
    """The logged-in staff member, and the CSRF token their page must send with every change."""
    assert who.username is not None
    return Me(username=who.username, role=who.role, csrf_token=who.csrf_token or "")


@router.post("/v1/chat/sessions", status_code=status.HTTP_201_CREATED, response_model=ChatOut, dependencies=[public()])
async def start_chat(engine: EngineDep, settings: SettingsDep) -> ChatOut:
    """Start an anonymous patient conversation; its token owns the triage, holds and bookings it makes."""
    token, chat = await blocking(open_chat, engine, settings.chat_minutes)
    return ChatOut(token=token, session_id=chat.id, expires_at=chat.expires_at)

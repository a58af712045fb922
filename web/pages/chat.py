"""GET /chat: the patient chat page. No login: the page starts an anonymous chat session, then talks on /ws/chat."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from web.auth import public

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")


@router.get("/chat", response_class=HTMLResponse, dependencies=[public()])
async def chat_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "chat.html")

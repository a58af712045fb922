"""`/ops`: the operations dashboard for leads and admins. The page is a shell; its figures come over /ws/ops and
from /v1/insight (the forecast and the equity alerts)."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from insight.reference import load
from models.vocabulary import Role
from web.deps import SettingsDep
from web.pages.console import LOGOUT_ACTION, OPS, Staff
from web.templating import TEMPLATES

router = APIRouter(include_in_schema=False)
WATCHERS = frozenset({Role.LEAD, Role.ADMIN})


@router.get(OPS, response_class=HTMLResponse)
async def ops_page(request: Request, who: Staff, settings: SettingsDep) -> Response:
    """Leads and admins; anyone else is sent to sign in (as someone who may see it)."""
    if who is None or who.role not in WATCHERS:
        return RedirectResponse(f"/login?next={OPS}", status_code=303)
    ref = await anyio.to_thread.run_sync(load, settings.data_dir)
    regions = sorted(ref.regions().items(), key=lambda item: item[1])
    context = {"user": who, "logout_action": LOGOUT_ACTION, "regions": regions}
    return TEMPLATES.TemplateResponse(request, "ops.html", context)

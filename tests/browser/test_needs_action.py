"""The call handler's console lists the bookings a closing service could not keep, with where each patient went,
and a handler clears one once dealt with (Debian chromium via Playwright)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from models.database import make_engine
from models.vocabulary import Role
from tests.support.auth import bearer, staff_token, staff_user
from tests.support.browser import assert_accessible, open_page, screenshot
from tests.support.notify import book, open_capacity, provider_headers, soon
from tests.support.server import LiveServer

LGI, SJUH = "RR801-ED", "RR813-ED"
DESK = ViewportSize(width=1300, height=1000)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    live = LiveServer(
        {"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("needs-action"), measured=False
    ).start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def desk(browser: Browser, server: LiveServer) -> Iterator[Page]:
    with open_page(browser, DESK, base_url=server.url) as page:
        yield page


def test_a_closure_shows_on_the_console_and_a_handler_clears_it(
    desk: Page, server: LiveServer, module_sqlite_url: str
) -> None:
    engine = make_engine(module_sqlite_url)
    leeds = provider_headers(engine, LGI)
    engine.dispose()
    handler = bearer(staff_token(module_sqlite_url, Role.CALL_HANDLER))
    start = soon(30)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        open_capacity(client, leeds, LGI, start, 1)
        open_capacity(client, leeds, SJUH, start, 1)
        booking = book(client, handler, LGI, start, "pat@example.org")
        closed = {"is_open": False, "slots": [], "wait_minutes": 0, "opel": 4}
        assert client.put(f"/v1/services/{LGI}/capacity", json=closed, headers=leeds).status_code == 200
        deadline = time.monotonic() + 20
        while [i["state"] for i in client.get("/v1/bookings?needs_action=true", headers=handler).json()] != ["MOVED"]:
            assert time.monotonic() < deadline  # moved a moment after the provider's answer
            time.sleep(0.2)

    username, password = staff_user(module_sqlite_url, Role.CALL_HANDLER)
    desk.goto("/console")
    desk.get_by_label("Username").fill(username)
    desk.get_by_label("Password").fill(password)
    desk.get_by_label("Password").press("Enter")
    item = desk.locator(".needs-item").filter(has_text=booking["reference"])
    expect(item).to_contain_text("service closed")
    expect(item).to_contain_text("Moved to St James")
    expect(desk.locator("#needs-status")).to_have_text("1 to check")
    assert_accessible(desk)
    screenshot(desk, "console-needs-action")
    item.get_by_role("button", name="Done").click()
    expect(desk.locator("#needs-status")).to_have_text("Nothing needs action.")
    expect(item).to_have_count(0)

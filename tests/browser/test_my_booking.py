"""The patient's link in a real browser (Debian chromium via Playwright) on a phone screen: the patient opens the
link from their confirmation, sees the booking and cancels it; the provider's slot is free again. A patient who
asks for another time when none is free is told so, and keeps the booking they have."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlmodel import Session

from models.database import make_engine
from models.vocabulary import Role
from tests.support.auth import bearer, staff_token
from tests.support.browser import assert_accessible, open_page, screenshot
from tests.support.notify import book, confirmed, link_in, open_capacity, provider_headers, sent, soon
from tests.support.server import LiveServer

PHONE = ViewportSize(width=375, height=740)
LGI = "RR801-ED"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    live = LiveServer(
        {"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("my-booking"), measured=False
    ).start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def phone(browser: Browser, server: LiveServer) -> Iterator[Page]:
    with open_page(browser, PHONE, base_url=server.url) as page:
        yield page


def test_the_patient_follows_their_link_and_cancels(phone: Page, server: LiveServer, module_sqlite_url: str) -> None:
    engine = make_engine(module_sqlite_url)
    lgi = provider_headers(engine, LGI)
    engine.dispose()
    handler = bearer(staff_token(module_sqlite_url, Role.CALL_HANDLER))
    admin = bearer(staff_token(module_sqlite_url, Role.ADMIN))
    start = soon(40)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        open_capacity(client, lgi, LGI, start, 1)
        booking = book(client, handler, LGI, start, "florence@example.org")
        token = link_in(sent(client, admin, booking["id"], "confirmed"))

    phone.goto(f"/my/{token}")
    expect(phone.get_by_role("heading", name="Your booking")).to_be_visible()
    expect(phone.locator("#reference")).to_have_text(booking["reference"])
    expect(phone.locator("#status")).to_have_text("Booked")
    assert_accessible(phone)
    screenshot(phone, "my-booking")
    phone.get_by_role("button", name="Cancel this booking").click()

    expect(phone.get_by_role("status")).to_contain_text("Your booking is cancelled")
    expect(phone.locator("#status")).to_have_text("Cancelled")
    expect(phone.get_by_role("button", name="Cancel this booking")).to_have_count(0)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        assert client.get(f"/v1/bookings/{booking['id']}", headers=handler).json()["status"] == "CANCELLED"
        board = client.get(f"/v1/services/{LGI}/capacity", headers=handler).json()
        assert board["slots"][0]["free"] == 1  # the slot went back for the next patient
        assert "is cancelled" in sent(client, admin, booking["id"], "cancelled")["body"]


def test_the_patient_asks_for_another_time_and_none_is_free_so_their_booking_stands(
    phone: Page, server: LiveServer, module_sqlite_url: str
) -> None:
    engine = make_engine(module_sqlite_url)
    lgi = provider_headers(engine, LGI)
    handler = bearer(staff_token(module_sqlite_url, Role.CALL_HANDLER))
    admin = bearer(staff_token(module_sqlite_url, Role.ADMIN))
    start = soon(50)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        open_capacity(client, lgi, LGI, start, 1)  # their seat is the only one, and nowhere else has reported
        booking = book(client, handler, LGI, start, "mary@example.org")
        token = link_in(sent(client, admin, booking["id"], "confirmed"))

    phone.goto(f"/my/{token}")
    phone.get_by_role("button", name="Ask for another time or place").click()

    notice = phone.get_by_role("status")
    expect(notice).to_contain_text("No other time or place is free for you just now, so your booking stands")
    expect(notice).to_contain_text("call 999")
    expect(phone.locator("#reference")).to_have_text(booking["reference"])
    expect(phone.locator("#status")).to_have_text("Booked")
    expect(phone.get_by_role("button", name="Cancel this booking")).to_be_visible()  # still theirs to cancel
    assert_accessible(phone)
    with Session(engine) as session:
        assert [b.id for b in confirmed(session, booking["id"])] == [booking["id"]]  # theirs, and only theirs
    engine.dispose()

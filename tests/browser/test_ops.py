"""The operations dashboard in Debian's chromium: a lead signs in and sees each region's live figures, which
change without a reload when a provider reports; a call handler is not let in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine

from models.database import make_engine
from models.types import utcnow
from models.vocabulary import Role
from tests.insight.conftest import LEEDS, MANCHESTER, seed
from tests.support.auth import bearer, provider_token, staff_user
from tests.support.browser import assert_accessible, screenshot
from tests.support.server import LiveServer

YORKSHIRE = "North East and Yorkshire"


@pytest.fixture(scope="module")
def engine(module_sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(module_sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def lead(module_sqlite_url: str) -> tuple[str, str]:
    return staff_user(module_sqlite_url, Role.LEAD)


def report(server: LiveServer, url: str, service_id: str, provider: str, free: int, opel: int) -> None:
    """The provider reports live capacity over HTTP, as a provider system does."""
    start = (datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).isoformat()
    body = {"is_open": True, "slots": [{"start": start, "free": free}], "wait_minutes": 20, "opel": opel}
    headers = bearer(provider_token(url, provider))
    answer = httpx.put(f"{server.url}/v1/services/{service_id}/capacity", json=body, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text


@pytest.fixture(scope="module")
def live(module_server: LiveServer, module_sqlite_url: str, engine: Engine) -> LiveServer:
    """Two hours of calls in Leeds and Manchester, and both cities' A&Es reporting."""
    now = utcnow()
    seed(engine, LEEDS, now - timedelta(minutes=119), 150, seed=11, callback_area="LS1")
    seed(engine, MANCHESTER, now - timedelta(minutes=100), 90, seed=12)
    report(module_server, module_sqlite_url, LEEDS, "RR8", free=6, opel=3)
    report(module_server, module_sqlite_url, MANCHESTER, "R0A", free=9, opel=2)
    return module_server


def sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")


def open_dashboard(page: Page, server: LiveServer, lead: tuple[str, str]) -> None:
    page.goto(server.url + "/ops")
    expect(page).to_have_url(server.url + "/login?next=/ops")
    sign_in(page, *lead)
    expect(page.get_by_role("heading", name="Operations", exact=True)).to_be_visible()
    expect(page.locator("#live")).to_contain_text("Live · England", timeout=60_000)


def free_ed_slots(page: Page, area: str) -> str:
    card = page.get_by_role("region", name=area, exact=True)
    return card.get_by_role("row", name="A&E").locator("td").nth(3).inner_text()


def test_a_lead_sees_every_region_live_with_the_forecast_and_the_equity_monitor(
    page: Page, live: LiveServer, lead: tuple[str, str]
) -> None:
    open_dashboard(page, live, lead)

    cards = page.locator("#areas .area")
    expect(cards).to_have_count(7)
    yorkshire = page.get_by_role("region", name=YORKSHIRE, exact=True)
    expect(yorkshire).to_contain_text("calls in the last hour")
    expect(yorkshire).to_contain_text("OPEL 3: 1")
    expect(yorkshire.get_by_text("Callbacks waiting")).to_be_visible()
    assert int(free_ed_slots(page, YORKSHIRE)) >= 6
    expect(page.get_by_role("region", name="North West", exact=True)).to_contain_text("OPEL 2: 1")
    expect(page.locator("#forecast-chart svg")).to_be_visible()
    expect(page.locator("#forecast-note")).to_contain_text("England")
    expect(page.locator("#equity-body")).to_contain_text("not recorded yet")
    expect(page.locator("#messages")).to_have_text("not recorded yet")
    assert_accessible(page)
    screenshot(page, "ops-dashboard")


def test_a_provider_report_reaches_the_open_dashboard_without_a_reload(
    page: Page, live: LiveServer, module_sqlite_url: str, lead: tuple[str, str]
) -> None:
    open_dashboard(page, live, lead)
    expect(page.get_by_role("region", name="North West", exact=True)).to_contain_text("OPEL 2: 1")

    report(live, module_sqlite_url, MANCHESTER, "R0A", free=37, opel=4)

    expect(page.get_by_role("region", name="North West", exact=True)).to_contain_text("OPEL 4: 1")
    assert int(free_ed_slots(page, "North West")) >= 37


def test_a_region_breaks_down_by_icb(page: Page, live: LiveServer, lead: tuple[str, str]) -> None:
    open_dashboard(page, live, lead)

    page.get_by_label("Area", exact=True).select_option(label=f"{YORKSHIRE}, by ICB")

    expect(page.locator("#live")).to_contain_text(f"Live · {YORKSHIRE}", timeout=60_000)
    expect(page.get_by_role("region", name="NHS West Yorkshire Integrated Care Board")).to_contain_text("OPEL 3: 1")
    expect(page.locator("#forecast-note")).to_contain_text(YORKSHIRE)
    screenshot(page, "ops-region")


def test_a_call_handler_is_sent_to_sign_in_as_someone_who_may_see_it(
    page: Page, live: LiveServer, module_sqlite_url: str
) -> None:
    page.goto(live.url + "/ops")
    sign_in(page, *staff_user(module_sqlite_url, Role.CALL_HANDLER))

    expect(page).to_have_url(live.url + "/login?next=/ops")

"""The call handler's console in a real browser against a real `one111 serve`: what a handler does and sees."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from identity.providers import issue_token
from models.database import make_engine
from models.tables import AuditEvent, Booking, Service
from models.vocabulary import BookingStatus, Role
from tests.support.auth import bearer, staff_token, staff_user
from tests.support.browser import assert_accessible, screenshot
from tests.support.server import LiveServer

LGI = "RR801-ED"  # Leeds General Infirmary, nearest ED to LS1 4AP
SJUH = "RR813-ED"  # St James's, Leeds, the next nearest
BRADFORD = "RAE01-ED"  # Bradford Royal Infirmary, nearest ED to BD9 6RJ
AIREDALE = "RCF22-ED"  # Airedale General, the next one out from Bradford
# Chest pain that is not an ambulance case: no crushing pain, no sweating, but ongoing for over 15 minutes.
ED_CALL = "chest pain for an hour now"
ED_ANSWERS = ["no", "no", "yes"]  # crushing? sweating/breathless? ongoing over 15 minutes?


@pytest.fixture(scope="module")
def engine(module_sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(module_sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def handler(module_sqlite_url: str) -> tuple[str, str]:
    """A call handler's username and password, made as `one111 users create` makes them."""
    return staff_user(module_sqlite_url, Role.CALL_HANDLER)


@pytest.fixture(scope="module")
def api_auth(module_sqlite_url: str) -> dict[str, str]:
    """Another call handler, calling the API directly with a bearer token."""
    return bearer(staff_token(module_sqlite_url, Role.CALL_HANDLER))


@pytest.fixture(scope="module")
def live(module_server: LiveServer, engine: Engine, api_auth: dict[str, str]) -> LiveServer:
    """The shared server, with live capacity at the Leeds and Bradford EDs the tests book into."""
    for service_id, free, wait in ((LGI, 20, 30), (SJUH, 20, 30), (AIREDALE, 5, 5)):
        provide(module_server, engine, service_id, free=free, wait=wait)
    body = {"text": "cough", "age": 30}
    warm = httpx.post(f"{module_server.url}/v1/triage", json=body, headers=api_auth, timeout=60)
    assert warm.status_code == 201, warm.text  # the first triage loads the model: keep that out of page waits
    return module_server


def window() -> str:
    return (datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=30)).isoformat()


def provider_token(engine: Engine, service_id: str) -> str:
    with Session(engine) as session:
        service = session.get(Service, service_id)
        assert service is not None
        return issue_token(engine, service.provider_id, "console test")


def provide(server: LiveServer, engine: Engine, service_id: str, free: int, wait: int, is_open: bool = True) -> None:
    """The provider reports live capacity over HTTP, as a provider system does."""
    body = {"is_open": is_open, "slots": [{"start": window(), "free": free}], "wait_minutes": wait, "opel": 2}
    headers = {"Authorization": f"Bearer {provider_token(engine, service_id)}"}
    response = httpx.put(f"{server.url}/v1/services/{service_id}/capacity", json=body, headers=headers, timeout=10)
    assert response.status_code == 200, response.text


def sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")


def open_console(page: Page, server: LiveServer, handler: tuple[str, str]) -> None:
    """The handler opens the console, is asked to sign in, and lands back on the console."""
    page.goto(server.url + "/console")
    expect(page).to_have_url(server.url + "/login?next=/console")
    sign_in(page, *handler)
    expect(page.get_by_role("heading", name="1. The call")).to_be_visible()
    expect(page.locator("#who-name")).to_have_text(handler[0])


def take_call(page: Page, postcode: str, text: str, age: str = "58", group: str = "chest_pain") -> None:
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Age in years").fill(age)
    page.get_by_label("Sex").select_option("male")
    page.get_by_label("Main problem").select_option(group)
    page.get_by_label("What the caller says").fill(text)
    page.get_by_role("button", name="Start questions").click()


def answer(page: Page, answers: list[str]) -> None:
    names = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
    for done, value in enumerate(answers):
        expect(page.locator("#answered li")).to_have_count(done)
        button = page.locator("#question").get_by_role("button", name=names[value], exact=True)
        expect(button).to_be_enabled()
        button.click()


def services_shown(page: Page) -> None:
    expect(page.locator("#services-section")).to_be_visible()
    expect(page.locator("#board-status")).to_contain_text("Live")


def confirmed(engine: Engine, service_id: str) -> int:
    with Session(engine) as session:
        query = select(func.count()).where(Booking.service_id == service_id, Booking.status == BookingStatus.CONFIRMED)
        return int(session.exec(query).one())


def booking_by_reference(engine: Engine, reference: str) -> Booking:
    with Session(engine) as session:
        booking = session.exec(select(Booking).where(Booking.reference == reference)).one()
        return booking


def provider_bookings(server: LiveServer, engine: Engine, service_id: str) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {provider_token(engine, service_id)}"}
    response = httpx.get(f"{server.url}/v1/services/{service_id}/bookings", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def shot(page: Page, name: str) -> None:
    screenshot(page, f"console-{name}")


def sign_out_and_find_the_console_closed(page: Page, live: LiveServer) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(live.url + "/login")
    page.goto(live.url + "/console")
    expect(page).to_have_url(live.url + "/login?next=/console")


def test_the_console_needs_a_staff_sign_in(page: Page, live: LiveServer, handler: tuple[str, str]) -> None:
    page.goto(live.url + "/")
    expect(page).to_have_url(live.url + "/login?next=/console")
    assert_accessible(page)
    shot(page, "login")
    sign_in(page, handler[0], "not the password")
    expect(page.locator("#login-alert")).to_have_text("Wrong username or password.")
    expect(page.get_by_label("Password")).to_be_focused()
    sign_in(page, *handler)
    expect(page).to_have_url(live.url + "/console")
    sign_out_and_find_the_console_closed(page, live)


def test_sign_out_works_before_the_page_s_script_has_taken_over_the_button(
    browser: Browser, live: LiveServer, handler: tuple[str, str]
) -> None:
    """The Sign out button is a form, so it must sign out without console.js too: with scripts off, as in the moment
    before the script takes the button over. A 204 left the console showing, signed out but looking signed in (a CI
    run clicked it that early)."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live.url + "/console")
        expect(page).to_have_url(live.url + "/login?next=/console")
        sign_in(page, *handler)
        expect(page).to_have_url(live.url + "/console")
        sign_out_and_find_the_console_closed(page, live)
    finally:
        context.close()


def test_chest_pain_call_is_triaged_to_ed_booked_and_reaches_the_provider(
    page: Page, live: LiveServer, engine: Engine, handler: tuple[str, str]
) -> None:
    open_console(page, live, handler)
    assert_accessible(page)
    take_call(page, "LS1 4AP", ED_CALL)
    expect(page.locator("#q-clinician")).to_contain_text("crushing")
    shot(page, "questions")
    answer(page, ED_ANSWERS)

    expect(page.locator("#disposition")).to_have_text("Emergency department (A&E)")
    expect(page.locator("#safety-netting")).to_contain_text("999")
    services_shown(page)
    first = page.locator("#options li").first
    expect(first).to_contain_text("Leeds General Infirmary (recommended)")
    expect(first).to_contain_text("vs deadline 60 min")
    assert_accessible(page)
    shot(page, "services")

    first.get_by_role("button", name="Hold a slot here").click()
    page.get_by_role("button", name="Confirm booking").click()
    reference = page.locator("#reference")
    expect(reference).not_to_be_empty()
    assert booking_by_reference(engine, reference.inner_text()).service_id == LGI
    assert_accessible(page)
    shot(page, "booked")

    handed_over = {b["reference"]: b for b in provider_bookings(live, engine, LGI)}
    booking = handed_over[reference.inner_text()]
    assert booking["triage"]["disposition"] == "ED"

    page.get_by_label("Reason for cancelling (optional)").fill("caller will go by ambulance after all")
    page.get_by_role("button", name="Cancel booking").click()
    expect(page.locator("#status")).to_contain_text("cancelled")
    assert booking_by_reference(engine, booking["reference"]).status is BookingStatus.CANCELLED


def test_an_ambulance_call_says_call_999_and_offers_nothing_to_book(
    page: Page, live: LiveServer, handler: tuple[str, str]
) -> None:
    open_console(page, live, handler)
    take_call(page, "LS1 4AP", "crushing chest pain spreading to my left arm, sweating")
    answer(page, ["yes"])  # an emergency answer ends the questions at once
    expect(page.locator("#disposition")).to_have_text("Call 999: emergency ambulance")
    expect(page.locator("#instruction")).to_contain_text("999")
    expect(page.locator("#options li")).to_have_count(0)
    shot(page, "call-999")


def test_override_needs_a_reason_and_a_double_click_on_book_books_once(
    page: Page, live: LiveServer, engine: Engine, handler: tuple[str, str]
) -> None:
    open_console(page, live, handler)
    take_call(page, "LS1 4AP", ED_CALL)
    answer(page, ED_ANSWERS)
    services_shown(page)
    before = confirmed(engine, SJUH)

    page.locator(f"#option-{SJUH}").get_by_role("button", name="Choose this instead").click()
    page.get_by_role("button", name="Hold this one").click()
    expect(page.locator("#alert")).to_contain_text("Give a reason")
    expect(page.get_by_label("Reason for choosing this service", exact=False)).to_be_focused()
    page.get_by_label("Reason for choosing this service", exact=False).fill(
        "caller's carer can only drive to St James's"
    )
    page.get_by_role("button", name="Hold this one").click()

    page.get_by_role("button", name="Confirm booking").dblclick()
    expect(page.locator("#reference")).not_to_be_empty()
    page.wait_for_timeout(500)  # time for a second request, had one been sent, to land
    assert confirmed(engine, SJUH) == before + 1
    booking = booking_by_reference(engine, page.locator("#reference").inner_text())
    assert booking.service_id == SJUH
    with Session(engine) as session:
        query = select(AuditEvent.actor, AuditEvent.reason).where(AuditEvent.action == "routing.override")
        overrides = set(session.exec(query).all())
    assert (f"call_handler:{handler[0]}", "caller's carer can only drive to St James's") in overrides

    page.get_by_role("button", name="Rebook elsewhere").click()
    page.locator(f"#option-{LGI}").get_by_role("button", name="Hold a slot here").click()
    page.get_by_role("button", name="Confirm rebooking").click()
    expect(page.locator("#reference")).not_to_have_text(booking.reference)
    moved = booking_by_reference(engine, page.locator("#reference").inner_text())
    assert moved.service_id == LGI and moved.replaces_id == booking.id and moved.status is BookingStatus.CONFIRMED


def test_a_provider_update_shows_on_an_open_console_without_reload(
    page: Page, live: LiveServer, engine: Engine, handler: tuple[str, str]
) -> None:
    open_console(page, live, handler)
    take_call(page, "LS1 4AP", ED_CALL)
    answer(page, ED_ANSWERS)
    services_shown(page)
    row = page.locator(f"#board-{SJUH}")
    expect(row).to_contain_text("30 min")

    provide(live, engine, SJUH, free=4, wait=75)
    expect(row).to_contain_text("75 min")
    expect(row.locator(".free")).to_have_text("4")
    expect(page.locator(f"#option-{SJUH} .live-wait")).to_have_text("75 min (live)")

    provide(live, engine, SJUH, free=4, wait=75, is_open=False)
    expect(row).to_contain_text("closed")
    expect(page.locator(f"#option-{SJUH} .live-warning")).to_contain_text("closed")
    expect(page.locator(f"#option-{SJUH}").get_by_role("button")).to_be_disabled()
    expect(page.locator("#board-rows tr").filter(has_text="unknown").first).to_be_visible()
    provide(live, engine, SJUH, free=20, wait=30)


def test_a_lost_board_connection_says_reconnecting_and_comes_back(
    page: Page, live: LiveServer, handler: tuple[str, str]
) -> None:
    sockets: list[WebSocketRoute] = []

    def through(ws: WebSocketRoute) -> None:
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket("**/ws/board*", through)
    open_console(page, live, handler)
    take_call(page, "LS1 4AP", ED_CALL)
    answer(page, ED_ANSWERS)
    services_shown(page)
    sockets[-1].close(code=1001, reason="network dropped")
    expect(page.locator("#board-status")).to_contain_text("reconnecting")
    shot(page, "reconnecting")
    expect(page.locator("#board-status")).to_contain_text("Live", timeout=10_000)
    assert len(sockets) >= 2


def test_bad_input_gets_a_sentence_and_a_way_forward(page: Page, live: LiveServer, handler: tuple[str, str]) -> None:
    open_console(page, live, handler)
    take_call(page, "ZZ9 9ZZ", ED_CALL)
    expect(page.locator("#alert")).to_contain_text("We cannot place postcode 'ZZ9 9ZZ'")
    expect(page.get_by_label("Postcode")).to_be_focused()
    expect(page.get_by_label("Postcode")).to_have_attribute("aria-invalid", "true")
    shot(page, "unknown-postcode")

    page.get_by_label("Postcode").fill("LS1 4AP")
    page.get_by_label("What the caller says").fill("   ")
    page.get_by_role("button", name="Start questions").click()
    expect(page.locator("#alert")).to_contain_text("the description cannot be empty")
    expect(page.get_by_label("What the caller says")).to_be_focused()
    expect(page.locator("#questions-section")).to_be_hidden()


def test_a_slot_taken_by_someone_else_offers_the_next_best(
    page: Page, live: LiveServer, engine: Engine, handler: tuple[str, str], api_auth: dict[str, str]
) -> None:
    provide(live, engine, BRADFORD, free=1, wait=10)
    page.route_web_socket("**/ws/board*", lambda ws: None)  # no live updates: the page cannot see the slot go
    open_console(page, live, handler)
    take_call(page, "BD9 6RJ", ED_CALL)
    answer(page, ED_ANSWERS)
    first = page.locator("#options li").first
    expect(first).to_contain_text("Bradford Royal Infirmary (recommended)")

    taken = httpx.post(
        f"{live.url}/v1/holds",
        json={"service_id": BRADFORD},
        headers={"Idempotency-Key": str(uuid.uuid4()), **api_auth},
        timeout=10,
    )
    assert taken.status_code == 201, taken.text
    first.get_by_role("button", name="Hold a slot here").click()
    expect(page.locator("#alert")).to_contain_text("someone else took it")
    expect(page.locator("#options li").first).to_contain_text("Airedale General Hospital (recommended)")
    expect(page.locator("#options li").first.get_by_role("button")).to_be_focused()
    shot(page, "slot-taken")


def test_the_whole_call_works_from_the_keyboard(
    page: Page, live: LiveServer, engine: Engine, handler: tuple[str, str]
) -> None:
    open_console(page, live, handler)
    keys = page.keyboard
    expect(page.get_by_label("Postcode")).to_be_focused()
    keys.type("LS1 4AP")
    keys.press("Tab")
    keys.type("47")
    keys.press("Tab")
    keys.type("Male")
    keys.press("Tab")
    keys.type("Chest")
    keys.press("Tab")
    keys.type(ED_CALL)
    keys.press("Control+Enter")
    for done, key in enumerate(["n", "n", "y"]):
        expect(page.locator("#q-meta")).to_contain_text(f"Question {done + 1} ")
        expect(page.locator("#questions-heading")).to_be_focused()
        keys.press(key)
    expect(page.locator("#services-heading")).to_be_focused()
    keys.press("Tab")
    expect(page.locator("#options li").first.get_by_role("button")).to_be_focused()
    keys.press("Enter")
    expect(page.get_by_role("button", name="Confirm booking")).to_be_focused()
    keys.press("Enter")
    expect(page.locator("#reference")).not_to_be_empty()
    booked = booking_by_reference(engine, page.locator("#reference").inner_text())
    assert booked.service_id == LGI and booked.status is BookingStatus.CONFIRMED


def test_the_question_endpoint_asks_red_flags_first_and_stops_at_an_emergency(
    live: LiveServer, api_auth: dict[str, str]
) -> None:
    """What the console asks comes from the question bank: answers change the next question."""

    def ask(answers: dict[str, str], age: float = 40) -> dict[str, Any]:
        body = {"symptom_group": "chest_pain", "age": age, "answers": answers}
        response = httpx.post(f"{live.url}/v1/triage/next-question", json=body, headers=api_auth, timeout=10)
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    first = ask({})
    assert first["question"]["id"] == "chest_pain.crushing" and first["question"]["red_flag"]
    assert ask({"chest_pain.crushing": "no"})["question"]["id"] == "chest_pain.sweaty_breathless"
    emergency = ask({"chest_pain.crushing": "unsure"})
    assert emergency["question"] is None and emergency["emergency"] is True

    unknown = httpx.post(
        f"{live.url}/v1/triage/next-question",
        json={"symptom_group": "chest_pain", "answers": {"chest_pain.made_up": "yes"}},
        headers=api_auth,
        timeout=10,
    )
    assert unknown.status_code == 422 and "chest_pain.made_up" in unknown.json()["detail"]

"""The clinician's page in Debian's chromium: an uncertain report lands in the live queue; a clinician claims it,
records a failed and an answered call, lowers the disposition to PHARMACY with a reason and books a pharmacy; the
audit trail shows each step under the clinician's name. Done from the keyboard, checked by axe-core."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.database import make_engine
from models.tables import AuditEvent, Booking
from models.vocabulary import BookingStatus, Role
from tests.clinical.support import UNSURE, triage_record
from tests.support.auth import bearer, staff_token, staff_user
from tests.support.browser import assert_accessible, screenshot
from tests.support.chat import PHARMACY, open_all_day, provide
from tests.support.server import LiveServer

WHY = "Assessed by phone: low blood sugar after a missed meal, settled after eating; no GP needed today."


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    open_all_day(module_sqlite_url)  # the pharmacy is open whatever the hour the test runs
    env = {"DATABASE_URL": module_sqlite_url, "ONE111_CLINICAL_POLL_SECONDS": "0.5"}
    server = LiveServer(env, tmp_path_factory.mktemp("clinical-server"), measured=False).start()
    provide(server.url, module_sqlite_url, 3)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def engine(module_sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(module_sqlite_url)
    yield engine
    engine.dispose()


def uncertain_report(live: LiveServer, url: str, engine: Engine) -> str:
    """A report the triage cannot place, routed as the chat routes it: straight into the clinicians' queue."""
    triage_id = triage_record(engine)
    body = {"triage_id": triage_id, "postcode": "LS1 4AP", "caller_name": "Sam Patel", "callback_phone": "07700 900123"}
    # A worker's first route reads the whole directory (26,504 services): seconds on a loaded machine, past httpx's
    # default 5 s (seen with three test processes on two cores).
    handler = bearer(staff_token(url, Role.CALL_HANDLER))
    routed = httpx.post(f"{live.url}/v1/route", json=body, headers=handler, timeout=30)
    assert routed.status_code == 200 and routed.json()["outcome"] == "callback", routed.text
    callback_id: str = routed.json()["callback_id"]
    return callback_id


def sign_in_to_hub(page: Page, live: LiveServer, user: tuple[str, str]) -> None:
    page.goto(live.url + "/clinical")
    expect(page).to_have_url(live.url + "/login?next=/clinical")
    page.get_by_label("Username").fill(user[0])
    page.get_by_label("Password").fill(user[1])
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Callback queue")).to_be_visible()
    expect(page.locator("#queue-status")).to_contain_text("Live")


def test_a_clinician_works_an_uncertain_report_to_a_pharmacy_booking(
    page: Page, live: LiveServer, module_sqlite_url: str, engine: Engine
) -> None:
    clinician = staff_user(module_sqlite_url, Role.CLINICIAN)
    sign_in_to_hub(page, live, clinician)
    callback_id = uncertain_report(live, module_sqlite_url, engine)
    claim = page.get_by_role("button", name="Claim band 2 Clinical assessment callback")
    expect(claim).to_be_visible()  # arrived over the live socket, no reload
    assert_accessible(page)
    screenshot(page, "clinical-queue")

    keys = page.keyboard
    claim.focus()
    keys.press("Enter")
    expect(page.locator("#item-heading")).to_be_focused()
    expect(page.locator("#item-facts")).to_contain_text("Sam Patel")
    expect(page.locator("#item-facts")).to_contain_text("07700 900123")
    expect(page.locator("#triage-summary")).to_contain_text(UNSURE)

    page.get_by_role("button", name="No answer").focus()
    keys.press("Enter")
    expect(page.locator("#status")).to_contain_text("Try again at")
    expect(page.locator("#attempts li")).to_have_count(1)
    page.get_by_role("button", name="Answered").focus()
    keys.press("Enter")
    expect(page.locator("#assessment-heading")).to_be_focused()

    page.get_by_label("History").fill("Shaky since breakfast, ate late; no chest pain, weakness or confusion.")
    page.get_by_label("Respiratory rate").fill("16")
    page.get_by_label("Pulse").fill("84")
    page.get_by_label("Your disposition").select_option("PHARMACY")
    page.get_by_label("Clinical reasoning").fill("Likely low blood sugar after a missed meal; settled after eating.")
    page.get_by_label("Safety-netting given").fill("Call 111 if it comes back, or 999 if faint or confused.")
    page.get_by_role("button", name="Record assessment").click()
    expect(page.locator("#alert")).to_contain_text("lowering_reason")  # lowering without a reason: refused
    assert page.locator("#book-section").is_hidden()

    page.get_by_label("Reason for a lower disposition than the triage's").fill(WHY)
    page.get_by_role("button", name="Record assessment").click()
    expect(page.locator("#book-heading")).to_be_focused()
    book = page.locator("#options li").first.get_by_role("button")
    expect(book).to_contain_text("Book")
    assert_accessible(page)
    screenshot(page, "clinical-assessment")
    keys.press("Tab")
    expect(book).to_be_focused()
    keys.press("Enter")
    expect(page.locator("#booked")).to_contain_text("Reference")

    with Session(engine) as session:
        booking = session.exec(
            select(Booking).where(
                Booking.status == BookingStatus.CONFIRMED, Booking.actor == f"clinician:{clinician[0]}"
            )
        ).one()
        assert booking.service_id == PHARMACY
        trail = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.subject_id).in_([callback_id, booking.hold_id, booking.id]))
            .order_by(col(AuditEvent.id))
        ).all()
    mine = [(e.action, e.reason) for e in trail if e.actor == f"clinician:{clinician[0]}"]
    actions = [a for a, _ in mine]
    for step in (
        "callback.claimed",
        "callback.attempt",
        "clinical.assessed",
        "clinical.lowered",
        "hold.placed",
        "routing.override",
        "booking.confirmed",
        "callback.closed",
    ):
        assert step in actions, f"{step} missing from {actions}"
    assert ("clinical.lowered", WHY) in mine
    assert [a for a in actions if a == "callback.attempt"] == ["callback.attempt"] * 2


def test_a_call_handler_cannot_open_the_hub(page: Page, live: LiveServer, module_sqlite_url: str) -> None:
    page.goto(live.url + "/clinical")
    handler = staff_user(module_sqlite_url, Role.CALL_HANDLER)
    page.get_by_label("Username").fill(handler[0])
    page.get_by_label("Password").fill(handler[1])
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("This page is for clinicians")
    assert page.locator("#queue").count() == 0


def test_the_claimed_callback_shows_the_linked_patients_allergies(
    page: Page, live: LiveServer, module_sqlite_url: str, engine: Engine
) -> None:
    handler = bearer(staff_token(module_sqlite_url, Role.CALL_HANDLER))
    person = {"given_name": "Ada", "family_name": "Quillfeather", "birth_date": "1968-04-02", "postcode": "LS1 4AP"}
    made = httpx.post(f"{live.url}/v1/patients", json=person, headers=handler)
    assert made.status_code == 201, made.text
    base = f"{live.url}/v1/patients/{made.json()['id']}"
    allergy = {"substance": "Penicillin", "reaction": "anaphylaxis", "severity": "severe"}
    assert httpx.post(f"{base}/allergies", json=allergy, headers=handler).status_code == 201
    triage_id = triage_record(engine)
    link = httpx.post(f"{base}/encounters", json={"kind": "TRIAGE", "ref_id": triage_id}, headers=handler)
    assert link.status_code == 201, link.text
    body = {"triage_id": triage_id, "postcode": "LS1 4AP", "caller_name": "Ada Q", "callback_phone": "07700 900124"}
    routed = httpx.post(f"{live.url}/v1/route", json=body, headers=handler, timeout=30)  # maybe the first route
    assert routed.status_code == 200 and routed.json()["outcome"] == "callback", routed.text

    sign_in_to_hub(page, live, staff_user(module_sqlite_url, Role.CLINICIAN))
    claim = page.get_by_role("button", name="Claim band 2 Clinical assessment callback").last  # the newest item
    expect(claim).to_be_visible()
    claim.click()
    expect(page.locator("#item-facts")).to_contain_text("Ada Q")
    expect(page.locator("#patient-summary .summary-allergies")).to_contain_text("Penicillin, anaphylaxis, severe")
    expect(page.locator("#patient-summary")).to_contain_text("Medicines")
    assert_accessible(page)

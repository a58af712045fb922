"""The record follows the patient, in a real browser against a real `one111 serve`: a caller triaged and booked
yesterday calls again today, is found by NHS number, and the console shows their allergies and last booking; the
answers they gave yesterday are read back and confirmed, not asked again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import bindparam, text
from sqlalchemy.engine import Engine

from models.database import make_engine
from models.types import UTCDateTime, utcnow
from models.vocabulary import Role
from tests.browser.test_console import ED_CALL, LGI, booking_by_reference, open_console, provide
from tests.support.auth import bearer, staff_token, staff_user
from tests.support.browser import assert_accessible, screenshot
from tests.support.server import LiveServer

YESTERDAY = {"chest_pain.crushing": "no", "chest_pain.sweaty_breathless": "no", "chest_pain.ongoing_15min": "yes"}
CALLER = {
    "nhs_number": "485 777 3457",
    "given_name": "Ada",
    "family_name": "Quillfeather",
    "birth_date": "1968-04-02",
    "sex": "female",
    "postcode": "LS1 4AP",
}


@pytest.fixture(scope="module")
def engine(module_sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(module_sqlite_url)
    yield engine
    engine.dispose()


def post(
    server: LiveServer, path: str, body: Mapping[str, object], auth: dict[str, str], **extra: str
) -> httpx.Response:
    response = httpx.post(server.url + path, json=body, headers={**auth, **extra}, timeout=60)
    assert response.status_code == 201, response.text
    return response


@pytest.fixture(scope="module")
def yesterday(module_server: LiveServer, engine: Engine, module_sqlite_url: str) -> dict[str, str]:
    """Yesterday's call, as another handler made it through the API: registered, an allergy recorded, triaged with
    the patient linked, booked. Then the clock is moved back 20 hours on what that call left in the record."""
    provide(module_server, engine, LGI, free=20, wait=30)
    auth = bearer(staff_token(module_sqlite_url, Role.CALL_HANDLER))
    made = post(module_server, "/v1/patients", CALLER, auth).json()
    post(module_server, f"/v1/patients/{made['id']}/allergies", {"substance": "Penicillin", "reaction": "rash"}, auth)
    report = {"text": ED_CALL, "age": 58, "sex": "female", "symptom_group": "chest_pain", "answers": YESTERDAY}
    triage = post(module_server, f"/v1/triage?patient_id={made['id']}", report, auth).json()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    hold = post(module_server, "/v1/holds", {"service_id": LGI, "triage_id": triage["id"]}, auth, **key).json()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    booking = post(module_server, "/v1/bookings", {"hold_id": hold["id"]}, auth, **key).json()
    then = utcnow() - timedelta(hours=20)
    at = bindparam("t", type_=UTCDateTime())  # as the product stores it; sqlite3's own adapter is deprecated in 3.12
    with engine.begin() as connection:
        connection.execute(text("UPDATE patient_encounters SET created_at = :t").bindparams(at), {"t": then})
        connection.execute(
            text("UPDATE triage_records SET created_at = :t WHERE id = :id").bindparams(at),
            {"t": then, "id": triage["id"]},
        )
    return {"patient": made["id"], "reference": booking["reference"]}


def test_a_caller_booked_yesterday_is_found_by_nhs_number_and_nothing_answered_yesterday_is_asked_again(
    page: Page, module_server: LiveServer, engine: Engine, module_sqlite_url: str, yesterday: dict[str, str]
) -> None:
    open_console(page, module_server, staff_user(module_sqlite_url, Role.CALL_HANDLER))
    page.get_by_label("NHS number").fill("4857773457")
    page.get_by_role("button", name="Find the caller").click()
    expect(page.locator("#p-result")).to_contain_text("One match")
    expect(page.locator("#p-candidates")).to_contain_text("Ada Quillfeather, born 1968-04-02, LS1 4AP")
    page.get_by_role("button", name="Caller confirmed: open record").click()

    expect(page.locator("#p-name")).to_contain_text("Ada Quillfeather")
    expect(page.locator("#p-allergies")).to_contain_text("Penicillin: rash")
    expect(page.locator("#p-encounters")).to_contain_text(yesterday["reference"])
    expect(page.locator("#p-encounters")).to_contain_text("Leeds General Infirmary")
    expect(page.locator("#p-prefill-list li")).to_have_count(3)
    assert_accessible(page)
    screenshot(page, "console-patient-record")
    page.get_by_role("button", name="Caller confirms: still the same").click()

    expect(page.get_by_label("Postcode")).to_have_value("LS1 4AP")  # from the record
    page.get_by_label("Main problem").select_option("chest_pain")
    page.get_by_label("What the caller says").fill(ED_CALL)
    page.get_by_role("button", name="Start questions").click()
    expect(page.locator("#disposition")).to_have_text("Emergency department (A&E)")
    expect(page.locator("#answered li")).to_have_count(3)
    expect(page.locator("#answered")).to_contain_text("confirmed from the last call")
    expect(page.locator("#question")).to_be_hidden()  # not one question was asked again
    first = page.locator("#options li").first
    first.get_by_role("button", name="Hold a slot here").click()
    page.get_by_role("button", name="Confirm booking").click()
    reference = page.locator("#reference")
    expect(reference).not_to_be_empty()
    assert booking_by_reference(engine, reference.inner_text()).service_id == LGI

    admin = bearer(staff_token(module_sqlite_url, Role.ADMIN))
    glass = {"One111-Break-Glass": "checking the browser test's record"}
    record = httpx.get(f"{module_server.url}/v1/patients/{yesterday['patient']}", headers={**admin, **glass}).json()
    triages = [e for e in record["encounters"] if e["kind"] == "TRIAGE"]
    assert len(triages) == 2  # today's triage joined the record without anyone linking it by hand
    booked = {b["reference"] for e in triages for b in e["bookings"]}
    assert booked == {yesterday["reference"], reference.inner_text()}


def test_two_possible_matches_are_both_shown_and_none_is_opened(
    page: Page, module_server: LiveServer, module_sqlite_url: str, yesterday: dict[str, str]
) -> None:
    auth = bearer(staff_token(module_sqlite_url, Role.CALL_HANDLER))
    twin = {**CALLER, "nhs_number": None, "given_name": "Ada", "confirm_new_person": True}
    post(module_server, "/v1/patients", twin, auth)
    open_console(page, module_server, staff_user(module_sqlite_url, Role.CALL_HANDLER))
    page.get_by_label("Family name").fill("quillfeather")
    page.get_by_label("Given name").fill("Ada")
    page.get_by_label("Date of birth").fill("1968-04-02")
    page.get_by_role("button", name="Find the caller").click()
    expect(page.locator("#p-result")).to_contain_text("2 possible matches and none chosen")
    expect(page.locator("#p-candidates li")).to_have_count(2)
    expect(page.locator("#p-record")).to_be_hidden()

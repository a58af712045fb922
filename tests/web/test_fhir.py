"""FHIR R4 on a real `one111 serve`: read the directory, the live slots and a booking as another NHS system would.

Every resource that comes back is validated with fhir.resources (R4B models), bundle entries included.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fhir.resources.R4B import get_fhir_model_class
from sqlalchemy.engine import Engine
from sqlmodel import Session

from capacity.board import BoardState, Window
from capacity.listing import reported_since
from models.tables import Service
from models.vocabulary import BookingMode, BookingStatus, Opel, Role, ServiceType
from routing.handover import BookingQuery, find_bookings, referral_of
from tests.support.auth import bearer, chat_token, provider_token, staff_token
from tests.support.server import LiveServer
from triage.records import UnknownTriage
from web.fhir.slots import slots

FHIR_JSON = "application/fhir+json"
LGI = "RR801-ED"  # Leeds General Infirmary
LGI_PROVIDER = "RR8"  # Leeds Teaching Hospitals
BRADFORD_PROVIDER = "RAE"
LEEDS = (53.7997, -1.5492)


def valid(body: dict[str, Any]) -> dict[str, Any]:
    """Parse with the fhir.resources model of its type (and each bundle entry with its own); the body back."""
    get_fhir_model_class(body["resourceType"]).model_validate(body)
    for entry in body.get("entry", []):
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
        assert entry["fullUrl"].endswith(f"/fhir/{entry['resource']['resourceType']}/{entry['resource']['id']}")
    return body


def read(
    client: httpx.Client,
    path: str,
    expect: int = 200,
    headers: dict[str, str] | None = None,
    query: Mapping[str, str] | None = None,  # FHIR search parameters that are not Python names (service-type)
    **params: Any,
) -> dict[str, Any]:
    response = client.get(path, params={**(query or {}), **params}, headers=headers)
    assert response.status_code == expect, response.text
    assert response.headers["content-type"] == FHIR_JSON
    return valid(response.json())


@pytest.fixture(scope="module")
def client(module_server: LiveServer, module_sqlite_url: str) -> Iterator[httpx.Client]:
    """A call handler: books through the ordinary API and reads FHIR like any staff member."""
    token = staff_token(module_sqlite_url, Role.CALL_HANDLER)
    with httpx.Client(base_url=module_server.url, timeout=30, headers=bearer(token)) as http:
        yield http


@pytest.fixture(scope="module")
def booking(client: httpx.Client, module_sqlite_url: str) -> dict[str, Any]:
    """A patient triaged and booked into LGI's A&E through the ordinary API, with one slot left free."""
    start = (datetime.now(UTC) + timedelta(minutes=30)).replace(minute=0, second=0, microsecond=0)
    token = provider_token(module_sqlite_url, LGI_PROVIDER)
    report = {"is_open": True, "slots": [{"start": start.isoformat(), "free": 2}], "wait_minutes": 20, "opel": 2}
    put = client.put(f"/v1/services/{LGI}/capacity", json=report, headers=bearer(token))
    assert put.status_code == 200, put.text
    words = {"text": "deep cut to my hand from a kitchen knife, bleeding through the towel", "age": 34}
    triage = client.post("/v1/triage", json=words).json()
    hold_body = {"service_id": LGI, "window_start": start.isoformat(), "triage_id": triage["id"]}
    if triage["disposition"] not in ("ED", "UTC", "GP_OOH"):
        hold_body["override_reason"] = "Clinician sent the patient to A&E"
    key = {"Idempotency-Key": str(uuid.uuid4())}
    hold = client.post("/v1/holds", json=hold_body, headers=key)
    assert hold.status_code == 201, hold.text
    booked = client.post("/v1/bookings", json={"hold_id": hold.json()["id"]}, headers=key | {"Idempotency-Key": "b"})
    assert booked.status_code == 201, booked.text
    return {**booked.json(), "triage": triage}


def test_directory_near_and_service_type(client: httpx.Client) -> None:
    near = f"{LEEDS[0]}|{LEEDS[1]}|2|km"
    found = read(client, "/fhir/HealthcareService", near=near, _count=100)
    distances = [e["search"]["extension"][0]["valueDistance"]["value"] for e in found["entry"]]
    assert found["total"] == len(found["entry"]) > 3 and distances == sorted(distances) and max(distances) <= 2
    assert LGI in {e["resource"]["id"] for e in found["entry"]}

    eds = read(client, "/fhir/HealthcareService", near=near, query={"service-type": "EMERGENCY_DEPARTMENT"})
    codes = {e["resource"]["type"][0]["coding"][0]["code"] for e in eds["entry"]}
    assert codes == {"EMERGENCY_DEPARTMENT"} and eds["total"] < found["total"]

    lgi = read(client, f"/fhir/HealthcareService/{LGI}")
    assert lgi["name"] == "Leeds General Infirmary" and lgi["contained"][0]["position"]["latitude"] > 53
    assert lgi["availableTime"] == [{"daysOfWeek": [d], "allDay": True} for d in lgi_days()]
    metadata = read(client, "/fhir/metadata")
    assert {r["type"] for r in metadata["rest"][0]["resource"]} >= {"HealthcareService", "Slot", "Appointment"}
    schedule = read(client, "/fhir/Schedule", actor=f"HealthcareService/{LGI}")
    assert schedule["total"] == 1 and read(client, f"/fhir/Schedule/{LGI}")["actor"][0]["reference"].endswith(LGI)


def test_new_services_read_with_their_eligibility_and_bank_holidays(client: httpx.Client) -> None:
    children = read(client, "/fhir/HealthcareService/RCUEF-ED")  # Sheffield Children's Hospital
    assert children["eligibility"][0]["comment"].endswith("Sees under 16s only.")
    practice = read(client, "/fhir/HealthcareService/A81001-GP")
    assert practice["type"][0]["coding"][0]["code"] == "GP_PRACTICE"
    assert practice["availabilityExceptions"].startswith("Closed on bank holidays")
    dentists = read(client, "/fhir/HealthcareService", query={"service-type": "DENTAL_PRACTICE"}, _count=1)
    assert dentists["total"] == 8609
    pharmacy = read(client, "/fhir/HealthcareService/FA002-PHA")
    uti = next(e for e in pharmacy["eligibility"] if "urinary" in e["code"]["text"])
    assert uti["comment"] == "For ages 16 to 64 (female)."


def lgi_days() -> list[str]:
    return ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def test_booking_reads_as_appointment_slot_and_referral(client: httpx.Client, booking: dict[str, Any]) -> None:
    free = read(client, "/fhir/Slot", schedule=f"Schedule/{LGI}", status="free")
    (slot,) = [e["resource"] for e in free["entry"]]
    assert slot["extension"][0]["valueInteger"] == 1 and slot["start"].startswith(booking["window_start"][:16])
    assert read(client, f"/fhir/Slot/{slot['id']}")["status"] == "free"
    later = read(client, "/fhir/Slot", schedule=LGI, start=f"gt{slot['start']}")
    assert later["total"] == 0

    appointment = read(client, f"/fhir/Appointment/{booking['id']}")
    assert appointment["status"] == "booked" and appointment["identifier"][0]["value"] == booking["reference"]
    assert appointment["participant"][0]["actor"]["reference"] == f"HealthcareService/{LGI}"
    assert appointment["slot"][0]["reference"] == f"Slot/{slot['id']}"
    day = booking["window_start"][:10]
    found = read(client, "/fhir/Appointment", actor=LGI, status="booked", date=[f"ge{day}", f"le{day}"])
    assert [e["resource"]["id"] for e in found["entry"]] == [booking["id"]]
    assert read(client, "/fhir/Appointment", actor=LGI, status="cancelled")["total"] == 0

    referral = read(client, "/fhir/" + appointment["basedOn"][0]["reference"])
    assert referral["code"]["coding"][0]["code"] == booking["triage"]["disposition"]
    assert referral["priority"] == {"emergency": "stat", "within_1_day": "urgent"}[booking["triage"]["acuity"]]
    assert referral["occurrencePeriod"]["end"] > referral["authoredOn"] and "identifier" not in referral["subject"]
    assert any("kitchen knife" in note["text"] for note in referral["note"])


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/fhir/HealthcareService/NOPE", {}, 404),
        ("/fhir/Appointment/NOPE", {}, 404),
        ("/fhir/ServiceRequest/NOPE", {}, 404),
        ("/fhir/Slot/RR801-ED.20200101T0000Z", {}, 404),
        ("/fhir/HealthcareService", {"near": "53.8|-1.5|900|km"}, 400),
        ("/fhir/HealthcareService", {"service-type": "ZOO"}, 400),
        ("/fhir/HealthcareService", {"colour": "blue"}, 400),
        ("/fhir/HealthcareService", {"_count": "-1"}, 400),
        ("/fhir/Appointment", {"date": "yesterday"}, 400),
        ("/fhir/Slot", {"status": "maybe"}, 400),
    ],
)
def test_errors_are_operation_outcomes(client: httpx.Client, path: str, params: dict[str, str], status: int) -> None:
    outcome = read(client, path, status, query=params)
    assert outcome["resourceType"] == "OperationOutcome" and outcome["issue"][0]["diagnostics"]


def test_stale_capacity_is_never_a_free_slot() -> None:
    """Hazard H-FHIR-1: a board state older than the staleness limit publishes no Slot at all."""
    now = datetime.now(UTC)
    service = Service(id=LGI, ods_code="RR801", name="LGI", type=ServiceType.EMERGENCY_DEPARTMENT, postcode="LS1 3EX",
                      latitude=53.8, longitude=-1.55, booking_mode=BookingMode.SLOT, provider_id="RR8")  # fmt: skip
    state = BoardState(LGI, 1, True, (Window(now, 5),), 10, Opel.NORMAL, now - timedelta(hours=4, seconds=1))
    assert slots(service, state, now, timedelta(hours=4)) == []
    fresh = slots(service, BoardState(LGI, 1, True, (Window(now, 5),), 10, Opel.NORMAL, now), now, timedelta(hours=4))
    assert [s.status for s in fresh] == ["free"]


def test_a_service_that_reports_no_windows_publishes_no_slot() -> None:
    """A closure (`"is_open": false, "slots": []`, as the README sends) gave 500 on a Slot search: found by
    tests/docs/test_examples.py."""
    now = datetime.now(UTC)
    service = Service(id=LGI, ods_code="RR801", name="LGI", type=ServiceType.EMERGENCY_DEPARTMENT, postcode="LS1 3EX",
                      latitude=53.8, longitude=-1.55, booking_mode=BookingMode.SLOT, provider_id="RR8")  # fmt: skip
    for is_open in (False, True):
        state = BoardState(LGI, 1, is_open, (), 0, Opel.EXTREME, now)
        assert slots(service, state, now, timedelta(hours=4)) == []


def test_staff_and_providers_only_and_a_provider_reads_only_its_own_bookings(
    client: httpx.Client, booking: dict[str, Any], module_sqlite_url: str, module_server: LiveServer
) -> None:
    ours = bearer(provider_token(module_sqlite_url, LGI_PROVIDER))
    theirs = bearer(provider_token(module_sqlite_url, BRADFORD_PROVIDER))
    referral = f"/fhir/ServiceRequest/{booking['triage']['id']}"
    assert read(client, f"/fhir/Appointment/{booking['id']}", headers=ours)["id"] == booking["id"]
    assert read(client, referral, headers=ours)["id"] == booking["triage"]["id"]
    assert read(client, "/fhir/Appointment", headers=ours)["total"] >= 1

    assert read(client, "/fhir/Appointment", headers=theirs)["total"] == 0
    assert read(client, f"/fhir/Appointment/{booking['id']}", 404, headers=theirs)["issue"][0]["code"] == "not-found"
    assert read(client, referral, 404, headers=theirs)["issue"][0]["code"] == "not-found"
    assert read(client, f"/fhir/HealthcareService/{LGI}", headers=theirs)["id"] == LGI  # the directory is shared

    with httpx.Client(base_url=module_server.url, timeout=30) as anonymous:
        refused = read(anonymous, "/fhir/Appointment", 401)
        assert refused["issue"][0]["code"] == "login"
        assert anonymous.get("/fhir/Slot").headers["www-authenticate"] == "Bearer"
        assert read(anonymous, "/fhir/metadata")["resourceType"] == "CapabilityStatement"  # public, as FHIR expects
        patient = bearer(chat_token(anonymous))
        assert read(anonymous, referral, 403, headers=patient)["issue"][0]["code"] == "forbidden"


def test_fhir_queries_run_on_postgresql(postgres_engine: Engine) -> None:
    """The booking search, the provider-scoped referral read and the fresh-report list, on the production database."""
    since = datetime.now(UTC) - timedelta(days=1)
    kind, status, now = ServiceType.EMERGENCY_DEPARTMENT, (BookingStatus.CONFIRMED,), datetime.now(UTC)
    query = BookingQuery("b", "R", LGI, kind, LGI_PROVIDER, status, starts_from=since, starts_before=now)
    assert find_bookings(postgres_engine, query) == ([], 0)
    assert find_bookings(postgres_engine, BookingQuery(limit=1))[1] >= 0
    with pytest.raises(UnknownTriage):
        referral_of(postgres_engine, "no-such-triage", LGI_PROVIDER)
    with Session(postgres_engine) as session:
        assert isinstance(reported_since(session, since), list)

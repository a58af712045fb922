"""The clinician callback queue hears the patient record: a callback whose triage was linked to a patient carries
them, and the clinician working the queue sees their summary, the read logged on the record (SQLite and PostgreSQL,
through the API)."""

from __future__ import annotations

from typing import Any

from tests.patients.conftest import World

REPORT = {"text": "chest feels tight when I climb stairs", "age": 66, "sex": "male"}


def queued(world: World, patient_id: str | None) -> dict[str, Any]:
    """Triage (linked to the patient when given) and queue it for a clinician's call back, as the console does."""
    linked = {"patient_id": patient_id} if patient_id else {}
    triage = world.client.post("/v1/triage", json=REPORT, params=linked, headers=world.auth("handler"))
    assert triage.status_code == 201, triage.text
    body = {
        "triage_id": triage.json()["id"],
        "postcode": "LS1 4AP",
        "caller_name": "Sam",
        "callback_phone": "07700 900123",
    }
    made = world.client.post("/v1/callbacks", json=body, headers=world.auth("handler"))
    assert made.status_code == 201, made.text
    return dict(made.json())


def test_the_clinician_sees_the_linked_patients_summary_and_the_read_is_logged(world: World) -> None:
    made = world.person()
    base = f"/v1/patients/{made['id']}"
    entries = {
        "allergies": {"substance": "Penicillin", "reaction": "anaphylaxis", "severity": "severe"},
        "medicines": {"name": "Warfarin 3mg", "dose": "once a day"},
        "conditions": {"name": "Atrial fibrillation"},
        "notes": {"category": "care_plan", "text": "lives alone; key safe 1234"},
    }
    for part, entry in entries.items():
        assert world.client.post(f"{base}/{part}", json=entry, headers=world.auth("handler")).status_code == 201
    item = queued(world, made["id"])

    shown = world.client.get(f"/v1/callbacks/{item['id']}", headers=world.auth("clinician"))
    assert shown.status_code == 200, shown.text
    patient = shown.json()["patient"]
    assert patient["id"] == made["id"] and patient["provisional"] is False
    assert [a["substance"] for a in patient["allergies"]] == ["Penicillin"]
    assert [m["name"] for m in patient["medicines"]] == ["Warfarin 3mg"]
    assert [c["name"] for c in patient["conditions"]] == ["Atrial fibrillation"]
    assert [n["text"] for n in patient["notes"]] == ["lives alone; key safe 1234"]

    log = world.client.get(f"{base}/access-log", headers=world.auth("admin")).json()
    reads = [e for e in log if e["action"] == "patient.read" and e["actor"].startswith("clinician:")]
    assert [(e["part"], e["basis"], e["break_glass"]) for e in reads] == [("summary", "relationship", False)]
    # the queued item is the clinician's legitimate relationship: the record itself opens without breaking glass
    assert world.client.get(f"{base}/summary", headers=world.auth("clinician")).status_code == 200


def test_a_callback_without_a_linked_patient_shows_none_and_gives_no_clinician_a_relationship(world: World) -> None:
    made = world.person()
    item = queued(world, None)
    shown = world.client.get(f"/v1/callbacks/{item['id']}", headers=world.auth("clinician"))
    assert shown.status_code == 200 and shown.json()["patient"] is None
    refused = world.client.get(f"/v1/patients/{made['id']}/summary", headers=world.auth("clinician"))
    assert refused.status_code == 403 and refused.json()["type"].endswith("/no-relationship")

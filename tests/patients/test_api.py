"""The patient record through the API, as a call handler, clinician, provider and admin use it, on SQLite and
PostgreSQL: bad input refused naming the field, tracing and matching, the access rules with break glass, the
summary with its authors, a GP system's FHIR import, encounters, corrections and the subject access export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from sqlmodel import Session, select

from models.patient_tables import Patient, PatientEntry
from models.tables import AuditEvent, TriageRecord
from patients.records import contact_for
from tests.patients.conftest import ANSWERS, World, a_name, count, unique_nhs_number

PROBLEM = "application/problem+json"


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["type"].endswith("/" + code), body
    return body


def test_bad_identity_is_refused_naming_the_field_and_nothing_is_saved(world: World) -> None:
    before = count(world.engine, Patient)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for changes, code, field in [
        ({"nhs_number": "943 476 5918"}, "invalid-patient-field", "nhs_number"),
        ({"nhs_number": unique_nhs_number(), "birth_date": tomorrow}, "invalid-patient-field", "birth_date"),
        ({"nhs_number": unique_nhs_number(), "gp_practice": "Q00000"}, "unknown-practice", "gp_practice"),
        ({"nhs_number": unique_nhs_number(), "email": "not an address"}, "invalid-request", "email"),
        ({"nhs_number": unique_nhs_number(), "sex": "unicorn"}, "invalid-request", "sex"),
    ]:
        body = _problem(world.register(**changes), 422, code)
        assert body["errors"][0]["field"] == field and field in body["detail"]
    assert count(world.engine, Patient) == before


def test_a_caller_is_traced_by_nhs_number_or_demographics_and_opened_by_whoever_is_on_the_call(world: World) -> None:
    made = world.person(postcode="ls1 4ap")
    assert made["postcode"] == "LS1 4AP" and made["gp_practice"] == world.practice and made["version"] == 1
    spaced = f"{made['nhs_number'][:3]} {made['nhs_number'][3:6]} {made['nhs_number'][6:]}"
    by_number = world.client.get("/v1/patients", params={"nhs_number": spaced}, headers=world.auth("handler2"))
    assert by_number.json()["chosen"] == made["id"]
    assert (
        by_number.json()["candidates"][0] | {"score": 100, "basis": "nhs_number"} == by_number.json()["candidates"][0]
    )
    query = {"family_name": made["family_name"].upper(), "birth_date": "1958-04-02", "given_name": "zebediah"}
    by_name = world.client.get("/v1/patients", params={**query, "postcode": "LS14AP"}, headers=world.auth("handler2"))
    assert [(c["id"], c["score"]) for c in by_name.json()["candidates"]] == [(made["id"], 100)]
    nothing = world.client.get("/v1/patients", params={"given_name": "Zebediah"}, headers=world.auth("handler"))
    _problem(nothing, 422, "invalid-patient-field")

    mine = world.client.get(f"/v1/patients/{made['id']}", headers=world.auth("handler"))
    assert mine.status_code == 200, mine.text
    assert mine.json()["basis"] == "relationship" and mine.json()["patient"]["nhs_number"] == made["nhs_number"]
    stranger = world.client.get(f"/v1/patients/{made['id']}", headers=world.auth("handler2"))
    assert "One111-Break-Glass" in _problem(stranger, 403, "no-relationship")["detail"]
    flimsy = world.client.get(f"/v1/patients/{made['id']}", headers=world.auth("handler2", glass="because"))
    _problem(flimsy, 403, "no-relationship")


def test_break_glass_is_allowed_audited_flagged_and_shown_in_the_access_log(world: World) -> None:
    made = world.person()
    reason = "caller unconscious, paramedic on scene asking for allergies"
    glass = world.client.get(f"/v1/patients/{made['id']}", headers=world.auth("clinician", glass=reason))
    assert glass.status_code == 200 and glass.json()["basis"] == "break-glass"
    log = world.client.get(f"/v1/patients/{made['id']}/access-log", headers=world.auth("admin"))
    assert log.status_code == 200, log.text
    flagged = [e for e in log.json() if e["break_glass"]]
    assert len(flagged) == 1 and flagged[0]["reason"] == reason and flagged[0]["actor"].startswith("clinician:")
    assert {e["action"] for e in log.json()} >= {"patient.created", "patient.read"}
    assert world.client.get(f"/v1/patients/{made['id']}/access-log", headers=world.auth("clinician")).status_code == 403
    _problem(world.client.get("/v1/patients/nobody/access-log", headers=world.auth("admin")), 404, "not-found")


def test_a_second_person_who_matches_is_never_merged_and_both_are_shown(world: World) -> None:
    made = world.person(postcode="LS6 1AA")
    twin = {"nhs_number": None, "family_name": made["family_name"], "gp_practice": None, "postcode": "LS6 1AA"}
    refused = _problem(world.register(**twin), 409, "possible-duplicate")
    assert refused["candidates"] == [made["id"]]
    same_number = world.register(nhs_number=made["nhs_number"], family_name="Other", confirm_new_person=True)
    assert _problem(same_number, 409, "possible-duplicate")["candidates"] == [made["id"]]
    second = world.register(**twin, confirm_new_person=True)
    assert second.status_code == 201, second.text
    query = {
        "family_name": made["family_name"],
        "birth_date": "1958-04-02",
        "given_name": "Zebediah",
        "postcode": "LS6 1AA",
    }
    both = world.client.get("/v1/patients", params=query, headers=world.auth("handler")).json()
    assert {c["id"] for c in both["candidates"]} == {made["id"], second.json()["id"]}
    assert both["chosen"] is None


def test_the_summary_keeps_every_version_with_its_author(world: World) -> None:
    made = world.person(who="clinician")
    base, auth = f"/v1/patients/{made['id']}", world.auth("clinician")
    allergy = world.client.post(f"{base}/allergies", json={"substance": "Penicillin", "reaction": "rash"}, headers=auth)
    assert allergy.status_code == 201, allergy.text
    assert allergy.json()["author"].startswith("clinician:")
    for path, body in [
        ("medicines", {"name": "Ramipril 5mg", "dose": "one daily"}),
        ("conditions", {"name": "Type 2 diabetes", "since": "2015-06-01"}),
        ("notes", {"category": "dnacpr", "text": "DNACPR form held by the GP, signed 2025"}),
        ("consent", {"share": True}),
    ]:
        assert world.client.post(f"{base}/{path}", json=body, headers=auth).status_code == 201
    edited = world.client.put(
        f"{base}/entries/{allergy.json()['id']}", json={"substance": "Penicillin", "severity": "severe"}, headers=auth
    )
    assert edited.status_code == 201 and edited.json()["replaces_id"] == allergy.json()["id"]
    bad = world.client.put(f"{base}/entries/{edited.json()['id']}", json={"severity": "awful"}, headers=auth)
    _problem(bad, 422, "invalid-patient-field")
    _problem(world.client.put(f"{base}/entries/{allergy.json()['id']}", json={}, headers=auth), 404, "not-found")
    summary = world.client.get(f"{base}/summary", headers=auth).json()
    assert [a["severity"] for a in summary["allergies"]] == ["severe"]
    assert summary["consent"]["share"] is True and summary["conditions"][0]["since"] == "2015-06-01"
    medicine = summary["medicines"][0]["id"]
    gone = world.client.delete(f"{base}/entries/{medicine}", params={"reason": "wrong patient"}, headers=auth)
    assert gone.status_code == 204
    assert world.client.get(f"{base}/summary", headers=auth).json()["medicines"] == []
    with Session(world.engine) as session:
        kept = session.exec(select(PatientEntry).where(PatientEntry.patient_id == made["id"])).all()
    assert len(kept) == 6  # the first allergy and the withdrawn medicine are kept, never deleted


def _bundle(nhs_number: str, allergy: dict[str, Any]) -> dict[str, Any]:
    subject = {"reference": "Patient/gp-1"}
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Patient",
                    "id": "gp-1",
                    "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs_number}],
                }
            },
            {"resource": {"resourceType": "AllergyIntolerance", **allergy}},
            {
                "resource": {
                    "resourceType": "MedicationStatement",
                    "status": "active",
                    "subject": subject,
                    "medicationCodeableConcept": {
                        "coding": [{"system": "http://snomed.info/sct", "display": "Metformin"}]
                    },
                    "dosage": [{"text": "500mg twice a day"}],
                }
            },
            {"resource": {"resourceType": "Condition", "subject": subject, "code": {"text": "Asthma"}}},
            {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "BP"}}},
        ],
    }


def test_a_gp_systems_fhir_bundle_is_imported_whole_or_not_at_all(world: World) -> None:
    made = world.person()
    url, auth = f"/v1/patients/{made['id']}/fhir-import", world.auth("handler")
    good_allergy = {
        "patient": {"reference": "Patient/gp-1"},
        "code": {"text": "Peanuts"},
        "reaction": [{"manifestation": [{"text": "anaphylaxis"}], "severity": "severe"}],
    }
    before = count(world.engine, PatientEntry)
    no_patient = _bundle(made["nhs_number"], {"code": {"text": "Peanuts"}})
    refused = _problem(world.client.post(url, json=no_patient, headers=auth), 422, "invalid-bundle")
    assert "entry.1.resource" in refused["detail"] and "patient" in refused["detail"]
    other = _bundle(unique_nhs_number(), good_allergy)
    assert "NHS number" in _problem(world.client.post(url, json=other, headers=auth), 422, "invalid-bundle")["detail"]
    assert count(world.engine, PatientEntry) == before

    done = world.client.post(url, json=_bundle(made["nhs_number"], good_allergy), headers=auth)
    assert done.status_code == 201, done.text
    assert done.json()["imported"] == 3 and done.json()["skipped"] == ["Observation"]
    summary = world.client.get(f"/v1/patients/{made['id']}/summary", headers=auth).json()
    assert (
        summary["allergies"][0] | {"substance": "Peanuts", "severity": "severe", "source": "fhir"}
        == summary["allergies"][0]
    )
    assert summary["medicines"][0]["name"] == "Metformin" and summary["conditions"][0]["name"] == "Asthma"


def test_the_next_call_sees_the_last_booking_and_yesterdays_answers_and_the_provider_may_look(world: World) -> None:
    made = world.person()
    base = f"/v1/patients/{made['id']}"
    report = {"text": "itchy raised rash on my arm", "age": 60, "sex": "male", "answers": ANSWERS}
    linked = {"patient_id": made["id"]}
    before = count(world.engine, TriageRecord)
    refused = world.client.post("/v1/triage", json=report, params=linked, headers=world.auth("handler2"))
    _problem(refused, 403, "no-relationship")
    assert count(world.engine, TriageRecord) == before  # the decision and its link commit together, or neither
    triage = world.client.post("/v1/triage", json=report, params=linked, headers=world.auth("handler"))
    assert triage.status_code == 201, triage.text
    link = {"kind": "TRIAGE", "ref_id": triage.json()["id"]}
    bad_link = {"kind": "BOOKING", "ref_id": "no-such-booking"}
    _problem(
        world.client.post(f"{base}/encounters", json=bad_link, headers=world.auth("handler")),
        422,
        "invalid-patient-field",
    )
    _problem(world.client.get(base, headers=world.auth("provider")), 403, "no-relationship")
    booking = world.book("handler", triage.json()["id"])

    # The next call: another handler traces the caller, confirms identity (opens a call), and opens the record.
    _problem(world.client.post(f"{base}/encounters", json=link, headers=world.auth("handler2")), 403, "no-relationship")
    call = world.client.post(f"{base}/encounters", json={"kind": "CALL"}, headers=world.auth("handler2"))
    assert call.status_code == 201, call.text
    record = world.client.get(base, headers=world.auth("handler2")).json()
    assert record["basis"] == "relationship"
    assert record["prefill"]["answers"] == ANSWERS
    booked = [b for e in record["encounters"] for b in e.get("bookings", [])]
    assert [b["id"] for b in booked] == [booking] and booked[0]["status"] == "CONFIRMED"

    assert world.client.get(base, headers=world.auth("provider")).json()["basis"] == "relationship"
    _problem(world.client.get(base, headers=world.auth("provider2")), 403, "no-relationship")
    patient = world.client.post("/v1/chat/sessions").json()["token"]
    refused = world.client.get(base, headers={"Authorization": f"Bearer {patient}"})
    _problem(refused, 403, "forbidden")


def test_a_correction_is_recorded_and_the_subject_access_export_holds_the_whole_record(world: World) -> None:
    made = world.person()
    base = f"/v1/patients/{made['id']}"
    fixed = world.client.patch(
        base,
        json={"family_name": "Quill", "phone": "07700 900999", "reason": "caller spelt it"},
        headers=world.auth("handler"),
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["family_name"] == "Quill" and fixed.json()["version"] == 2
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    _problem(
        world.client.patch(base, json={"birth_date": tomorrow}, headers=world.auth("handler")),
        422,
        "invalid-patient-field",
    )
    _problem(
        world.client.patch(base, json={"phone": "07700 900111"}, headers=world.auth("handler2")), 403, "no-relationship"
    )
    world.client.post(f"{base}/allergies", json={"substance": "Latex"}, headers=world.auth("handler"))

    sar = "subject access request SAR-2026-0042"
    export = world.client.get(f"{base}/export", headers=world.auth("admin", glass=sar))
    assert export.status_code == 200, export.text
    assert export.headers["content-type"] == "application/fhir+json"
    kinds = [e["resource"]["resourceType"] for e in export.json()["entry"]]
    assert kinds.count("Patient") == 1 and "AllergyIntolerance" in kinds and "Encounter" in kinds
    patient = export.json()["entry"][0]["resource"]
    assert patient["identifier"][0]["value"] == made["nhs_number"] and patient["name"][0]["family"] == "Quill"
    provenance = next(e["resource"] for e in export.json()["entry"] if e["resource"]["resourceType"] == "Provenance")
    assert (
        made["family_name"] in provenance["activity"]["text"] and provenance["reason"][0]["text"] == "caller spelt it"
    )
    with Session(world.engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.subject_id == made["id"])).all()
    corrected = next(e for e in events if e.action == "patient.corrected")
    assert corrected.detail == {"fields": ["family_name", "phone"]}  # names of fields only, never their values


def test_the_provider_receives_the_patients_record_with_the_booking_as_a_fhir_bundle(world: World) -> None:
    made = world.person()
    base = f"/v1/patients/{made['id']}"
    world.client.post(
        f"{base}/allergies", json={"substance": "Penicillin", "severity": "severe"}, headers=world.auth("handler")
    )
    world.client.post(f"{base}/medicines", json={"name": "Warfarin 3mg"}, headers=world.auth("handler"))
    world.client.post(f"{base}/conditions", json={"name": "Atrial fibrillation"}, headers=world.auth("handler"))
    report = {"text": "itchy raised rash on my arm", "age": 60, "sex": "male"}
    triage = world.client.post(
        "/v1/triage", json=report, params={"patient_id": made["id"]}, headers=world.auth("handler")
    )
    booking = world.book("handler", triage.json()["id"])

    for path in (f"/v1/bookings/{booking}/handover", f"/fhir/Appointment/{booking}/$handover"):
        handover = world.client.get(path, headers=world.auth("provider"))
        assert handover.status_code == 200, handover.text
        assert handover.headers["content-type"] == "application/fhir+json"
        bundle = Bundle.model_validate(handover.json())  # valid FHIR R4, as the receiving system will parse it
        resources: list[Any] = [e.resource for e in bundle.entry or []]
        kinds = {r.get_resource_type() for r in resources}
        assert kinds >= {"Patient", "AllergyIntolerance", "MedicationStatement", "Condition", "Encounter"}
        assert kinds >= {"ServiceRequest", "Appointment"}
        referral = next(r for r in resources if r.get_resource_type() == "ServiceRequest")
        assert referral.subject.reference == f"Patient/{made['id']}"
        assert world.client.get(path, headers=world.auth("provider2")).status_code == 404
    log = world.client.get(f"{base}/access-log", headers=world.auth("admin")).json()
    assert any(e["part"] == "handover" and e["actor"].startswith("provider:") for e in log)

    identifier = f"https://fhir.nhs.uk/Id/nhs-number|{made['nhs_number']}"
    found = world.client.get("/fhir/Patient", params={"identifier": identifier}, headers=world.auth("handler2"))
    assert found.status_code == 200, found.text
    searchset = Bundle.model_validate(found.json())
    matched: list[Any] = [e.resource for e in searchset.entry or []]
    assert searchset.total == 1 and [r.id for r in matched] == [made["id"]]
    wrong = world.client.get(
        "/fhir/Patient",
        params={"identifier": "https://fhir.nhs.uk/Id/nhs-number|1234567890"},
        headers=world.auth("handler"),
    )
    assert wrong.status_code == 422 and wrong.json()["resourceType"] == "OperationOutcome"
    read = world.client.get(f"/fhir/Patient/{made['id']}", headers=world.auth("provider"))
    assert read.status_code == 200 and read.json()["identifier"][0]["value"] == made["nhs_number"]
    assert world.client.get(f"/fhir/Patient/{made['id']}", headers=world.auth("provider2")).status_code == 403


def test_a_patient_chat_may_leave_details_that_stay_provisional_and_reach_the_services_caring_for_them(
    world: World,
) -> None:
    chat = {"Authorization": f"Bearer {world.client.post('/v1/chat/sessions').json()['token']}"}
    report = {"text": "itchy raised rash on my arm", "age": 40, "sex": "female"}
    triage = world.client.post("/v1/triage", json=report, headers=chat)
    assert triage.status_code == 201, triage.text
    booking = world.book("patient-chat", triage.json()["id"], chat)
    family = f"Chatfield-{a_name()}"
    details = {"given_name": "Bea", "family_name": family, "birth_date": "1985-01-31", "phone": "07700 900555"}
    with_nhs = world.client.post(
        "/v1/patients/chat-details", json={**details, "nhs_number": "9434765919"}, headers=chat
    )
    _problem(with_nhs, 422, "invalid-request")  # an NHS number is confirmed by staff on a call, never taken from a chat
    given = world.client.post("/v1/patients/chat-details", json=details, headers=chat)
    assert given.status_code == 201, given.text
    assert given.json()["provisional"] is True and "booking confirmation" in given.json()["why"]
    again = world.client.post("/v1/patients/chat-details", json=details, headers=chat)
    _problem(again, 409, "details-already-given")
    _problem(world.client.get(f"/v1/patients/{given.json()['id']}", headers=chat), 403, "forbidden")

    found = world.client.get(
        "/v1/patients", params={"family_name": family, "birth_date": "1985-01-31"}, headers=world.auth("handler")
    ).json()
    assert [(c["id"], c["provisional"]) for c in found["candidates"]] == [(given.json()["id"], True)]
    record = world.client.get(f"/v1/patients/{given.json()['id']}", headers=world.auth("provider")).json()
    assert record["basis"] == "relationship" and record["patient"]["provisional"] is True
    assert [b["id"] for e in record["encounters"] for b in e.get("bookings", [])] == [booking]
    with Session(world.engine) as session:
        assert contact_for(session, world.keyring, given.json()["id"])["phone"] == "07700 900555"
    looked = world.client.get("/v1/patients/chat-details/access-log", headers=chat)
    assert looked.status_code == 200, looked.text
    assert any(e["action"] == "patient.read" and e["actor"].startswith("provider:") for e in looked.json())
    stranger = {"Authorization": f"Bearer {world.client.post('/v1/chat/sessions').json()['token']}"}
    _problem(world.client.get("/v1/patients/chat-details/access-log", headers=stranger), 404, "not-found")

"""The record as FHIR R4 (UK Core conventions), and the import of a GP system's summary from a FHIR Bundle.

The import is the adapter a GP system integrates with: it posts a Bundle (any type) holding AllergyIntolerance,
MedicationStatement, Condition and Flag resources (a Patient too, if it likes, whose NHS number must be this
record's). The Bundle is validated with `fhir.resources` first; one resource that does not validate, or does not
say what we need, refuses the whole Bundle naming the place, and nothing is saved. Other resource types are
counted as skipped. Export builds the same resources back (and Encounters) for a subject access request.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from models.patient_tables import EntryKind
from patients import nhs
from patients.demographics import Demographics
from patients.errors import InvalidBundle

ODS = "https://fhir.nhs.uk/Id/ods-organization-code"
SNOMED = "http://snomed.info/sct"
NHS_COMMUNICATION = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSCommunication"
SEVERITIES = ("mild", "moderate", "severe")
BASE = "https://one111.nhs.example/fhir"
IMPORTED = ("AllergyIntolerance", "MedicationStatement", "Condition", "Flag")


def parse_bundle(data: dict[str, Any]) -> Bundle:
    try:
        bundle = Bundle.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        raise InvalidBundle(f"{place or 'bundle'}: {first['msg']}") from None
    return bundle


def entries_from(bundle: Bundle, nhs_number: str | None) -> tuple[list[tuple[EntryKind, dict[str, Any]]], list[str]]:
    """The summary entries a Bundle carries, and the resource types it skipped."""
    found: list[tuple[EntryKind, dict[str, Any]]] = []
    skipped: list[str] = []
    for index, entry in enumerate(bundle.entry or []):
        resource = entry.resource
        kind = resource.get_resource_type() if resource is not None else "nothing"
        where = f"entry.{index}.resource"
        if kind == "Patient":
            _same_patient(resource, nhs_number, where)
        elif kind in IMPORTED:
            found.append(_READERS[kind](resource, where))
        else:
            skipped.append(kind)
    return found, skipped


def _same_patient(resource: Any, nhs_number: str | None, where: str) -> None:
    numbers = [i.value for i in resource.identifier or [] if i.system == nhs.SYSTEM]
    if numbers and nhs_number not in numbers:
        raise InvalidBundle(f"{where}.identifier: the Bundle's NHS number is not this patient's")


def _text(concept: Any, where: str) -> str:
    """A CodeableConcept's words: its text, else its first coding's display."""
    if concept is not None:
        words = concept.text or next((c.display for c in concept.coding or [] if c.display), None)
        if words:
            return str(words)
    raise InvalidBundle(f"{where}: needs text or a coding with a display")


def _allergy(resource: Any, where: str) -> tuple[EntryKind, dict[str, Any]]:
    reaction = (resource.reaction or [None])[0]
    severity = reaction.severity if reaction is not None else None
    if severity is not None and severity not in SEVERITIES:
        raise InvalidBundle(f"{where}.reaction.0.severity: must be one of {', '.join(SEVERITIES)}")
    manifest = reaction.manifestation[0] if reaction is not None and reaction.manifestation else None
    body = {
        "substance": _text(resource.code, f"{where}.code"),
        "reaction": _text(manifest, f"{where}.reaction.0.manifestation") if manifest is not None else None,
        "severity": severity,
    }
    return EntryKind.ALLERGY, body


def _medication(resource: Any, where: str) -> tuple[EntryKind, dict[str, Any]]:
    dosage = (resource.dosage or [None])[0]
    name = _text(resource.medicationCodeableConcept, f"{where}.medicationCodeableConcept")
    return EntryKind.MEDICATION, {"name": name, "dose": dosage.text if dosage is not None else None}


def _condition(resource: Any, where: str) -> tuple[EntryKind, dict[str, Any]]:
    onset = resource.onsetDateTime.isoformat() if resource.onsetDateTime is not None else None
    return EntryKind.CONDITION, {"name": _text(resource.code, f"{where}.code"), "since": onset}


def _flag(resource: Any, where: str) -> tuple[EntryKind, dict[str, Any]]:
    category = _text(resource.category[0], f"{where}.category.0") if resource.category else "other"
    return EntryKind.NOTE, {"category": category, "text": _text(resource.code, f"{where}.code")}


_READERS = {"AllergyIntolerance": _allergy, "MedicationStatement": _medication, "Condition": _condition, "Flag": _flag}


def patient_resource(patient_id: str, d: Demographics) -> dict[str, Any]:
    """A UK Core-style Patient: NHS number identifier, name, birth date, gender, postcode, telecom, GP, language."""
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": patient_id,
        "identifier": [{"system": nhs.SYSTEM, "value": d.nhs_number}] if d.nhs_number else None,
        "name": [{"use": "official", "family": d.family_name, "given": [d.given_name]}],
        "gender": d.sex,
        "birthDate": d.birth_date.isoformat(),
        "address": [{"postalCode": d.postcode}] if d.postcode else None,
        "telecom": _telecom(d) or None,
        "generalPractitioner": [{"identifier": {"system": ODS, "value": d.gp_practice}}] if d.gp_practice else None,
        "extension": [_communication(d)] if d.language or d.interpreter_needed else None,
    }
    return {k: v for k, v in resource.items() if v is not None}


def _telecom(d: Demographics) -> list[dict[str, str]]:
    found = [("phone", d.phone), ("email", d.email)]
    return [{"system": system, "value": value} for system, value in found if value]


def _communication(d: Demographics) -> dict[str, Any]:
    language = {"coding": [{"system": "urn:ietf:bcp:47", "code": d.language or "en"}]}
    return {
        "url": NHS_COMMUNICATION,
        "extension": [
            {"url": "language", "valueCodeableConcept": language},
            {"url": "interpreterRequired", "valueBoolean": d.interpreter_needed},
        ],
    }


def entry_resource(patient_id: str, entry: dict[str, Any]) -> dict[str, Any]:
    """A summary entry (as summary.Entry.as_json gives it) as its FHIR resource."""
    subject = {"reference": f"Patient/{patient_id}"}
    status = entry["status"]
    kind = entry["kind"]
    meta = {"id": entry["id"], "recordedDate": entry["recorded_at"]}
    if kind == "ALLERGY":
        reaction = [{"manifestation": [{"text": entry.get("reaction") or "not recorded"}]}]
        if entry.get("severity"):
            reaction[0]["severity"] = entry["severity"]
        return {
            "resourceType": "AllergyIntolerance",
            **meta,
            "verificationStatus": _verification(status),
            "patient": subject,
            "code": {"text": entry["substance"]},
            "reaction": reaction,
        }
    if kind == "MEDICATION":
        return {
            "resourceType": "MedicationStatement",
            "id": entry["id"],
            "status": "active" if status == "CURRENT" else "entered-in-error" if status != "SUPERSEDED" else "stopped",
            "medicationCodeableConcept": {"text": entry["name"]},
            "subject": subject,
            "dateAsserted": entry["recorded_at"],
            "dosage": [{"text": entry["dose"]}] if entry.get("dose") else None,
        }
    if kind == "CONDITION":
        return {
            "resourceType": "Condition",
            **meta,
            "verificationStatus": _verification(status, "http://terminology.hl7.org/CodeSystem/condition-ver-status"),
            "code": {"text": entry["name"]},
            "subject": subject,
            "onsetDateTime": entry.get("since"),
        }
    text = entry.get("text") if kind == "NOTE" else f"Consent to share: {'yes' if entry.get('share') else 'no'}"
    return {
        "resourceType": "Flag",
        "id": entry["id"],
        "status": "active" if status == "CURRENT" else "entered-in-error" if status != "SUPERSEDED" else "inactive",
        "category": [{"text": entry.get("category") or kind.lower()}],
        "code": {"text": text},
        "subject": subject,
    }


ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"


def _verification(status: str, system: str = ALLERGY_VERIFICATION) -> Any:
    code = "entered-in-error" if status == "ENTERED_IN_ERROR" else "confirmed"
    return {"coding": [{"system": system, "code": code}]}


def encounter_resource(patient_id: str, encounter: dict[str, Any]) -> dict[str, Any]:
    kind = encounter["kind"]
    virtual = {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "VR", "display": "virtual"}
    resource = {
        "resourceType": "Encounter",
        "id": encounter["id"],
        "status": "finished",
        "class": virtual,
        "type": [{"text": kind.lower()}],
        "subject": {"reference": f"Patient/{patient_id}"},
        "period": {"start": encounter["at"].isoformat()},
        "basedOn": [{"reference": f"ServiceRequest/{encounter['ref_id']}"}] if kind == "TRIAGE" else None,
    }
    return {k: v for k, v in resource.items() if v is not None}


def correction_resource(patient_id: str, revision: dict[str, Any]) -> dict[str, Any]:
    """A correction as a Provenance: who changed which fields, when, why, and the values before."""
    before = "; ".join(f"{name} was {value!r}" for name, value in revision["before"].items())
    return {
        "resourceType": "Provenance",
        "id": f"{patient_id}-v{revision['version']}",
        "target": [{"reference": f"Patient/{patient_id}"}],
        "recorded": revision["at"],
        "activity": {"text": f"corrected {', '.join(revision['changed'])}: {before}"},
        "reason": [{"text": revision["reason"]}] if revision["reason"] else None,
        "agent": [{"who": {"display": revision["author"]}}],
    }


def bundle(kind: str, resources: list[dict[str, Any]], base: str = BASE) -> Bundle:
    """A Bundle (collection, or document-like handover) of resources, validated as a whole by fhir.resources."""
    entries = [
        {"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": {k: v for k, v in r.items() if v is not None}}
        for r in resources
    ]
    return Bundle.model_validate({"resourceType": "Bundle", "type": kind, "entry": entries or None})

"""What the OpenAPI document says about FHIR answers: the envelope of each resource, in application/fhir+json.

The full structure is FHIR R4's own (tests validate every resource with fhir.resources); OpenAPI holds the
part a generic client can check: the resource type, the id, a searchset's total and entries, an outcome's issues.
"""

from __future__ import annotations

from typing import Any

FHIR_JSON = "application/fhir+json"
ID = {"type": "string", "pattern": "^[A-Za-z0-9\\-.]{1,64}$"}
SEARCHED = {"Bundle": ("HealthcareService", "Schedule", "Slot", "Appointment")}


def resource(*names: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"type": "string", "enum": list(names)}, "id": ID},
    }


def bundle() -> dict[str, Any]:
    entry = {
        "type": "object",
        "required": ["fullUrl", "resource"],
        "properties": {"fullUrl": {"type": "string"}, "resource": resource(*SEARCHED["Bundle"])},
    }
    schema = resource("Bundle")
    schema["required"] = ["resourceType", "type", "total"]
    schema["properties"] |= {
        "type": {"type": "string", "enum": ["searchset"]},
        "total": {"type": "integer", "minimum": 0},
        "entry": {"type": "array", "items": entry},
    }
    return schema


def operation_outcome() -> dict[str, Any]:
    issue = {
        "type": "object",
        "required": ["severity", "code"],
        "properties": {"severity": {"type": "string"}, "code": {"type": "string"}, "diagnostics": {"type": "string"}},
    }
    schema = resource("OperationOutcome")
    schema["required"] = ["resourceType", "issue"]
    schema["properties"]["issue"] = {"type": "array", "minItems": 1, "items": issue}
    return schema


def _outcome(description: str) -> dict[str, Any]:
    return {"description": description, "content": {FHIR_JSON: {"schema": operation_outcome()}}}


def fhir_responses(answer: str, *extra: int, found: bool = True) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a FHIR route: the answer's envelope, and an OperationOutcome for every 4xx."""
    schema = bundle() if answer == "Bundle" else resource(answer)
    responses: dict[int | str, dict[str, Any]] = {
        200: {"description": f"A {answer}", "content": {FHIR_JSON: {"schema": schema}}},
        400: _outcome("A search parameter is unknown or not valid"),
        "4XX": _outcome("Any other client error, as an OperationOutcome"),
    }
    if answer != "Bundle" and found:
        responses[404] = _outcome(f"No such {answer}")
    for status in extra:
        responses[status] = _outcome({401: "Not signed in", 403: "Not allowed for this role"}.get(status, "Refused"))
    return responses

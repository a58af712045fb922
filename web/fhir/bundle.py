"""Search results as a FHIR searchset Bundle, and errors as an OperationOutcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.resource import Resource

from models.types import utcnow
from web.fhir import codes

# FHIR issue-type codes for the HTTP statuses one111 answers with.
ISSUE_TYPE = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 409: "conflict", 422: "invalid"}


@dataclass(frozen=True, slots=True)
class Match:
    resource: Resource
    distance_km: float | None = None


def searchset(base: str, self_url: str, matches: Sequence[Match], total: int) -> Bundle:
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "timestamp": utcnow().isoformat(),
            "total": total,
            "link": [{"relation": "self", "url": self_url}],
            "entry": [_entry(base, match) for match in matches] or None,
        }
    )


def _entry(base: str, match: Match) -> dict[str, Any]:
    resource = match.resource
    search: dict[str, Any] = {"mode": "match"}
    if match.distance_km is not None:
        distance = {"value": round(match.distance_km, 3), "unit": "km", "system": codes.UCUM, "code": "km"}
        search["extension"] = [{"url": codes.LOCATION_DISTANCE, "valueDistance": distance}]
    return {
        "fullUrl": f"{base}/{resource.get_resource_type()}/{resource.id}",
        "resource": resource,
        "search": search,
    }


def outcome(status: int, diagnostics: str) -> OperationOutcome:
    code = ISSUE_TYPE.get(status, "transient" if status == 503 else "exception")
    return OperationOutcome.model_validate(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": diagnostics}],
        }
    )

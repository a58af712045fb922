"""The CapabilityStatement at /fhir/metadata: what this server reads and searches, for a client to discover."""

from __future__ import annotations

from datetime import datetime

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

# (resource type, its search parameters as (name, FHIR search type)), read and search-type for each.
SEARCHES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("HealthcareService", (("_id", "token"), ("service-type", "token"), ("near", "special"), ("_count", "number"))),
    ("Schedule", (("_id", "token"), ("actor", "reference"), ("service-type", "token"), ("_count", "number"))),
    (
        "Slot",
        (
            ("schedule", "reference"),
            ("service-type", "token"),
            ("start", "date"),
            ("status", "token"),
            ("_count", "number"),
        ),
    ),
    (
        "Appointment",
        (
            ("_id", "token"),
            ("actor", "reference"),
            ("service-type", "token"),
            ("status", "token"),
            ("date", "date"),
            ("identifier", "token"),
            ("_count", "number"),
        ),
    ),
    ("ServiceRequest", ()),
)


def capability_statement(base: str, published: datetime) -> CapabilityStatement:
    return CapabilityStatement.model_validate(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": published.isoformat(),
            "kind": "instance",
            "implementation": {"description": "one111 FHIR R4 read-only API", "url": base},
            "fhirVersion": "4.0.1",
            "format": ["application/fhir+json"],
            "rest": [{"mode": "server", "resource": [_resource(kind, params) for kind, params in SEARCHES]}],
        }
    )


def _resource(kind: str, params: tuple[tuple[str, str], ...]) -> dict[str, object]:
    interactions = [{"code": "read"}] + ([{"code": "search-type"}] if params else [])
    searches = [{"name": name, "type": kind_} for name, kind_ in params]
    return {"type": kind, "interaction": interactions, "searchParam": searches or None}

"""Mental-health crisis lines, kept by admins per ICB: no open national list exists (data/reference/README.md §20).

A crisis line is a service of type MENTAL_HEALTH_CRISIS: a telephone line or team answering for one ICB, 24/7 unless
its hours say otherwise, never a place to walk into. Routing offers the caller's ICB's lines as a warm transfer.
Adding the same code again updates the line; retiring it keeps the row (bookings and audit refer to it).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.geography import Gazetteer
from capacity.hours import DEFAULT_HOURS
from capacity.listing import UnknownService
from models.audit import record
from models.database import session_scope
from models.tables import Provider, Service
from models.text import Line
from models.types import utcnow
from models.vocabulary import BookingMode, ServiceType

SUFFIX = "MHC"


class CrisisLine(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "QWO-ADULT",
                    "name": "Leeds Mental Health Crisis Line (adults)",
                    "icb_code": "QWO",
                    "phone": "0800 183 1485",
                    "postcode": "LS1 4AP",
                    "min_age": 18,
                }
            ]
        },
    )

    code: Line = Field(min_length=2, max_length=12, pattern=r"^[A-Z0-9-]+$", description="Unique per line")
    name: Line = Field(min_length=3, max_length=200)
    icb_code: Line = Field(min_length=3, max_length=8, pattern=r"^[A-Z0-9]+$", description="The ICB it answers for")
    phone: Line = Field(min_length=3, max_length=40, pattern=r"^[0-9 +()]+$")
    postcode: Line = Field(min_length=2, max_length=10, description="Where the team is based (not a place to go)")
    min_age: int | None = Field(default=None, ge=0, le=130)
    max_age: int | None = Field(default=None, ge=0, le=130, description="e.g. 17 for a children's crisis line")
    provider_id: Line | None = Field(default=None, max_length=16, description="Default: the ICB code")


def service_id(code: str) -> str:
    return f"{code}-{SUFFIX}"


def save_line(engine: Engine, gazetteer: Gazetteer, line: CrisisLine, actor: str) -> Service:
    """Add or update a line (one transaction with its audit event)."""
    place = gazetteer.locate(line.postcode)
    provider_id = line.provider_id or line.icb_code
    with session_scope(engine) as session:
        if session.get(Provider, provider_id) is None:
            session.add(Provider(id=provider_id, name=f"Integrated care board {line.icb_code}"))
        service = session.get(Service, service_id(line.code)) or _new(line, provider_id)
        for name, value in _fields(line, place.latitude, place.longitude, provider_id).items():
            setattr(service, name, value)
        session.add(service)
        record(session, actor, "directory.crisis_line_saved", ("service", service.id), {"icb": line.icb_code})
        return service


def _new(line: CrisisLine, provider_id: str) -> Service:
    return Service(
        id=service_id(line.code),
        ods_code=line.code,
        name=line.name,
        type=ServiceType.MENTAL_HEALTH_CRISIS,
        postcode=line.postcode,
        latitude=0.0,
        longitude=0.0,
        opening_hours=[dict(s) for s in DEFAULT_HOURS[ServiceType.MENTAL_HEALTH_CRISIS]],
        booking_mode=BookingMode.CALLBACK,
        provider_id=provider_id,
    )


def _fields(line: CrisisLine, latitude: float, longitude: float, provider_id: str) -> dict[str, object]:
    return {
        "name": line.name,
        "icb_code": line.icb_code,
        "phone": line.phone,
        "postcode": line.postcode.upper(),
        "latitude": latitude,
        "longitude": longitude,
        "min_age": line.min_age,
        "max_age": line.max_age,
        "provider_id": provider_id,
        "active": True,
        "updated_at": utcnow(),
    }


def retire_line(engine: Engine, sid: str, actor: str) -> Service:
    with session_scope(engine) as session:
        service = session.get(Service, sid)
        if service is None or service.type is not ServiceType.MENTAL_HEALTH_CRISIS:
            raise UnknownService(f"There is no crisis line with id {sid!r}.")
        service.active, service.updated_at = False, utcnow()
        record(session, actor, "directory.crisis_line_retired", ("service", sid))
        return service


def lines(session: Session, icb_code: str | None = None) -> list[Service]:
    query = select(Service).where(Service.type == ServiceType.MENTAL_HEALTH_CRISIS, col(Service.active))
    if icb_code:
        query = query.where(Service.icb_code == icb_code)
    return list(session.exec(query.order_by(col(Service.icb_code), col(Service.id))))

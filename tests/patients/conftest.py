"""A patient-record world: an in-process app on its own database (SQLite and PostgreSQL), staff of each role, two
providers, a registered GP practice in the directory, and a booking made the way the console makes one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from identity.providers import issue_token
from models import crypto
from models.crypto import Keyring
from models.database import make_engine
from models.tables import Provider, Service
from models.types import utcnow
from models.vocabulary import BookingMode, Role, ServiceType
from patients.nhs import check_digit
from tests.capacity.conftest import Owned, two_providers
from tests.support.auth import bearer, staff_token
from web.app import create_app
from web.settings import Settings

KEYRING = f"{crypto.new_key_line('t1')};{crypto.new_key_line(crypto.LOOKUP)}"
ADA: dict[str, Any] = {
    "nhs_number": "943 476 5919",
    "given_name": "Zebediah",
    "family_name": "Quillfeather",
    "birth_date": "1958-04-02",
    "sex": "male",
    "postcode": "ls1 4ap",
    "phone": "07700 900123",
    "email": "zeb.quill@example.org",
    "language": "cy",
    "interpreter_needed": True,
    "adjustments": ["hard of hearing: speak slowly"],
}
ANSWERS = {"allergic_reaction.airway": "no", "allergic_reaction.spreading_hives": "yes"}


@dataclass
class World:
    client: TestClient
    engine: Engine
    url: str
    tokens: dict[str, str]
    ours: Owned
    theirs: Owned
    practice: str
    keyring: Keyring

    def auth(self, who: str, glass: str | None = None) -> dict[str, str]:
        extra = {"One111-Break-Glass": glass} if glass is not None else {}
        return {**bearer(self.tokens[who]), **extra}

    def register(self, who: str = "handler", **changes: Any) -> httpx2.Response:
        return self.client.post("/v1/patients", json={**ADA, **changes}, headers=self.auth(who))

    def person(self, who: str = "handler", **changes: Any) -> dict[str, Any]:
        """A new patient of this test's own (the PostgreSQL database is shared by the whole session)."""
        fields = {"nhs_number": unique_nhs_number(), "family_name": f"Quillfeather-{a_name()}"}
        made = self.register(who, **{**fields, "gp_practice": self.practice, **changes})
        assert made.status_code == 201, made.text
        return dict(made.json())

    def book(self, who: str, triage_id: str, auth: dict[str, str] | None = None) -> str:
        """Hold and book a slot at our provider's service for a triage, as the console (or the chat) does."""
        keyed = {**(auth or self.auth(who)), "Idempotency-Key": str(uuid.uuid4())}
        held = {
            "service_id": self.ours.service_id,
            "triage_id": triage_id,
            "override_reason": "the caller asked for it",
        }
        hold = self.client.post("/v1/holds", json=held, headers=keyed)
        assert hold.status_code == 201, hold.text
        keyed["Idempotency-Key"] = str(uuid.uuid4())
        booking = self.client.post("/v1/bookings", json={"hold_id": hold.json()["id"]}, headers=keyed)
        assert booking.status_code == 201, booking.text
        return str(booking.json()["id"])


def a_practice(engine: Engine) -> str:
    """A GP practice the directory holds (imported ones if any; else one inserted as the import would)."""
    with Session(engine) as session:
        known = session.exec(select(Service).where(Service.type == ServiceType.GP_PRACTICE).limit(1)).first()
        if known is not None:
            return known.ods_code
        if session.get(Provider, "Y99999") is None:
            session.add(Provider(id="Y99999", name="Test Practice"))
        session.add(
            Service(
                id="Y99999-GP",
                ods_code="Y99999",
                name="Test Practice",
                type=ServiceType.GP_PRACTICE,
                postcode="LS1 4AP",
                latitude=53.8,
                longitude=-1.55,
                booking_mode=BookingMode.SLOT,
                provider_id="Y99999",
            )
        )
        session.commit()
        return "Y99999"


def a_name() -> str:
    """Eight random letters: names are compared by their letters only, so digits would not tell them apart."""
    return "".join(chr(ord("a") + int(d, 16)) for d in uuid.uuid4().hex[:8])


def unique_nhs_number() -> str:
    """A valid NHS number no other test used (the PostgreSQL database is shared by the session)."""
    while True:
        first = f"{uuid.uuid4().int % 10**9:09d}"
        check = check_digit(first)
        if check is not None:
            return first + str(check)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    url = request.getfixturevalue("module_sqlite_url" if request.param == "sqlite" else "postgres_session_url")
    engine = make_engine(url)
    ours, theirs = two_providers(engine)
    practice = a_practice(engine)
    tokens = {
        name: staff_token(url, role)
        for name, role in [
            ("handler", Role.CALL_HANDLER),
            ("handler2", Role.CALL_HANDLER),
            ("clinician", Role.CLINICIAN),
            ("admin", Role.ADMIN),
        ]
    }
    tokens["provider"] = issue_token(engine, ours.provider_id, "patients test")
    tokens["provider2"] = issue_token(engine, theirs.provider_id, "patients test")
    settings = Settings(database_url=url, data_keyring=SecretStr(KEYRING))
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        start = (utcnow().replace(second=0, microsecond=0) + timedelta(minutes=30)).isoformat()
        capacity = {"is_open": True, "slots": [{"start": start, "free": 50}], "wait_minutes": 10, "opel": 1}
        put = client.put(f"/v1/services/{ours.service_id}/capacity", json=capacity, headers=bearer(tokens["provider"]))
        assert put.status_code == 200, put.text
        yield World(client, engine, url, tokens, ours, theirs, practice, crypto.parse(KEYRING.replace(";", "\n")))
    engine.dispose()


def count(engine: Engine, table: Any) -> int:
    with Session(engine) as session:
        return len(session.exec(select(col(table.id))).all())

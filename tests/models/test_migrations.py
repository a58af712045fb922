"""The same migrations build the same schema on SQLite and PostgreSQL; the schema refuses a double booking."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from models.database import make_engine
from models.migrate import current_revision, downgrade, head_revision, upgrade
from models.tables import Booking, Hold, Provider, Service
from models.vocabulary import BookingMode, BookingStatus, HoldStatus, ServiceType

SLOT = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = (
        f"sqlite:///{tmp_path / 'empty.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("empty_postgres_url")
    )
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_upgrade_builds_exactly_the_tables_the_code_declares(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_downgrade_to_base_and_back(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    downgrade(empty_engine, "base")
    assert set(inspect(empty_engine).get_table_names()) <= {"alembic_version"}
    upgrade(empty_engine)
    assert "bookings" in inspect(empty_engine).get_table_names()


def _service(session: Session) -> str:
    session.add(Provider(id="P1", name="Test provider"))
    session.add(
        Service(
            id="X1-UTC",
            ods_code="X1",
            name="Test UTC",
            type=ServiceType.URGENT_TREATMENT_CENTRE,
            postcode="LS1 1AA",
            latitude=53.8,
            longitude=-1.55,
            booking_mode=BookingMode.SLOT,
            provider_id="P1",
        )
    )
    session.commit()
    return "X1-UTC"


def _book(session: Session, service_id: str, seat: int = 0) -> Booking:
    hold = Hold(
        id=str(uuid.uuid4()),
        service_id=service_id,
        window_start=SLOT,
        seat=seat,
        status=HoldStatus.CONFIRMED,
        actor="test",
        expires_at=SLOT + timedelta(minutes=2),
    )
    session.add(hold)
    session.flush()
    booking = Booking(
        id=str(uuid.uuid4()),
        reference=uuid.uuid4().hex[:8].upper(),
        hold_id=hold.id,
        service_id=service_id,
        window_start=SLOT,
        seat=seat,
        status=BookingStatus.CONFIRMED,
        actor="test",
    )
    session.add(booking)
    session.commit()
    return booking


def test_database_refuses_two_confirmed_bookings_for_one_seat(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with Session(empty_engine) as session:
        service_id = _service(session)
        first = _book(session, service_id)
        with pytest.raises(IntegrityError):
            _book(session, service_id)
        session.rollback()
        _book(session, service_id, seat=1)
        first.status = BookingStatus.CANCELLED
        session.add(first)
        session.commit()
        _book(session, service_id)  # a cancelled booking frees its seat


def test_times_come_back_aware_in_utc(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    with Session(empty_engine) as session:
        booking_id = _book(session, _service(session)).id
    with Session(empty_engine) as session:
        stored = session.get(Booking, booking_id)
        assert stored is not None
        assert stored.window_start == SLOT and stored.window_start.tzinfo is not None
        assert stored.status is BookingStatus.CONFIRMED

"""Accepting a provider's capacity update: validate, check scope and sequence, write the record, then the board.

The database row comes first: an update is acknowledged only once it is in CapacitySnapshot, so the
board (which may be Redis) is never the only copy. Sequence numbers are per service: each must be
greater than the last one accepted for that service, except an exact replay, which is acknowledged again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StrictInt
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from capacity.board import Board, BoardState, Window, utc, window_key
from capacity.errors import InvalidUpdate, NotYourService, StaleSequence
from capacity.listing import get_service
from capacity.reservations import net_all
from models.database import blocking, session_scope
from models.tables import CapacitySnapshot
from models.types import utcnow
from models.vocabulary import Opel

MAX_FREE_PER_WINDOW = 500
MAX_WINDOWS = 96
MAX_WAIT_MINUTES = 24 * 60
MAX_SEQ = 2**31 - 1  # the column is a 32-bit INTEGER on PostgreSQL: a larger seq was a 500
WINDOWS_FROM = timedelta(days=1)
WINDOWS_UNTIL = timedelta(days=14)


class SlotWindow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: AwareDatetime = Field(description="Window start, ISO 8601 with a zone, e.g. 2026-01-05T14:00:00Z")
    free: StrictInt = Field(ge=0, le=MAX_FREE_PER_WINDOW, description="Free bookable slots in the window")


class CapacityReport(BaseModel):
    """What a provider tells us about one service right now."""

    model_config = ConfigDict(extra="forbid")

    is_open: StrictBool
    # Required: a report replaces the service's whole state, so an omitted `slots` would silently wipe every free
    # slot. Send `[]` to say there are none.
    slots: list[SlotWindow] = Field(
        max_length=MAX_WINDOWS, description="Every bookable window now (the whole list, not a change); [] for none"
    )
    wait_minutes: StrictInt = Field(ge=0, le=MAX_WAIT_MINUTES)
    opel: Opel = Field(description="OPEL escalation level, 1 (normal) to 4 (extreme pressure)")


@dataclass(frozen=True, slots=True)
class Applied:
    service_id: str
    version: int
    replay: bool = False


def windows(report: CapacityReport, now: datetime) -> tuple[Window, ...]:
    """The report's windows, whole minutes in UTC; raises InvalidUpdate for duplicates or absurd dates."""
    starts = [utc(w.start).replace(second=0, microsecond=0) for w in report.slots]
    if len(set(starts)) != len(starts):
        raise InvalidUpdate("slots: two windows have the same start; send one entry per window.")
    if any(not now - WINDOWS_FROM <= start <= now + WINDOWS_UNTIL for start in starts):
        raise InvalidUpdate("slots: window starts must be between 1 day ago and 14 days ahead.")
    return tuple(sorted((Window(s, w.free) for s, w in zip(starts, report.slots, strict=True)), key=lambda w: w.start))


def state_of(
    service_id: str, version: int, report: CapacityReport, slots: tuple[Window, ...], now: datetime
) -> BoardState:
    return BoardState(service_id, version, report.is_open, slots, report.wait_minutes, report.opel, now)


async def apply_update(
    engine: Engine,
    board: Board,
    provider_id: str,
    service_id: str,
    report: CapacityReport,
    seq: int | None,
    now: datetime | None = None,
) -> Applied:
    now = now or utcnow()
    slots = windows(report, now)
    current = await board.get(service_id)
    floor = current.version if current else 0
    state, replayed = await blocking(record, engine, provider_id, state_of(service_id, floor, report, slots, now), seq)
    # A replay puts its record again: if the board missed it (the ack was lost because the board failed after
    # the record was written), the retry mends it; otherwise the board ignores a record it already has.
    version = await board.put(state)
    return Applied(service_id, state.version if replayed else version or state.version, replay=replayed)


def record(engine: Engine, provider_id: str, draft: BoardState, seq: int | None) -> tuple[BoardState, bool]:
    """Write the snapshot (draft.version is the board's current version); the state for the board, less what one111
    holds (capacity.reservations), and whether it was a replay."""
    for attempt in range(3):
        try:
            with session_scope(engine) as session:
                state, replayed = _record(session, provider_id, draft, seq)
                return net_all(session, [state])[0], replayed
        except IntegrityError:
            # Another worker took the same version for this service at the same moment: count again.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _record(session: Session, provider_id: str, draft: BoardState, seq: int | None) -> tuple[BoardState, bool]:
    service = get_service(session, draft.service_id)
    if service.provider_id != provider_id:
        raise NotYourService(f"Service {draft.service_id!r} is not run by provider {provider_id!r}.")
    if seq is not None and (replayed := _replay(session, provider_id, draft, seq)) is not None:
        return replayed, True
    version = max(_last_version(session, draft.service_id), draft.version) + 1
    session.add(
        CapacitySnapshot(
            service_id=draft.service_id,
            version=version,
            is_open=draft.is_open,
            slots=_slots_json(draft.slots),
            wait_minutes=draft.wait_minutes,
            opel=int(draft.opel),
            updated_at=draft.updated_at,
            provider_id=provider_id,
            client_seq=seq,
        )
    )
    session.flush()
    return BoardState(
        draft.service_id, version, draft.is_open, draft.slots, draft.wait_minutes, draft.opel, draft.updated_at
    ), False


def _replay(session: Session, provider_id: str, draft: BoardState, seq: int) -> BoardState | None:
    mine = select(CapacitySnapshot).where(
        CapacitySnapshot.service_id == draft.service_id, CapacitySnapshot.provider_id == provider_id
    )
    last = session.exec(
        select(func.max(CapacitySnapshot.client_seq)).where(
            CapacitySnapshot.service_id == draft.service_id, CapacitySnapshot.provider_id == provider_id
        )
    ).one()
    if last is None or seq > last:
        return None
    earlier = session.exec(mine.where(CapacitySnapshot.client_seq == seq)).first()
    if earlier is not None and _same(earlier, draft):
        return snapshot_state(earlier)
    raise StaleSequence(
        f"seq {seq} is not after the last accepted for {draft.service_id!r} ({last}) "
        "and is not an exact replay of it; send a higher seq."
    )


def _same(row: CapacitySnapshot, draft: BoardState) -> bool:
    return (row.is_open, row.wait_minutes, row.opel, row.slots) == (
        draft.is_open,
        draft.wait_minutes,
        int(draft.opel),
        _slots_json(draft.slots),
    )


def _last_version(session: Session, service_id: str) -> int:
    query = select(func.max(CapacitySnapshot.version)).where(CapacitySnapshot.service_id == service_id)
    return session.exec(query).one() or 0


def _slots_json(slots: tuple[Window, ...]) -> list[dict[str, Any]]:
    return [{"start": window_key(w.start), "free": w.free} for w in slots]


def snapshot_state(row: CapacitySnapshot) -> BoardState:
    slots = tuple(Window(datetime.fromisoformat(w["start"]), int(w["free"])) for w in row.slots)
    return BoardState(row.service_id, row.version, row.is_open, slots, row.wait_minutes, Opel(row.opel), row.updated_at)

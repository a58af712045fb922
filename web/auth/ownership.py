"""Which records a caller may reach: staff any, a patient chat only the triage records, holds and bookings it made
(each record's actor is its maker's subject), so anyone else's is 403 not-yours."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine

from identity.principal import Principal, check_owner
from models.database import blocking, read_session
from models.vocabulary import Role
from routing import booking as bk
from triage.records import load as load_triage


def owner_check(who: Principal, what: str) -> Callable[[str], None] | None:
    """For a patient: a check that a record's actor is this chat. Staff reach every record."""
    return None if who.role is not Role.PATIENT else lambda actor: check_owner(who, actor, what)


async def owned_triage(engine: Engine, who: Principal, triage_id: str | None) -> None:
    """A patient may hold only on its own triage record; staff on any, at no cost: no read, no thread hop."""
    check = owner_check(who, "triage record")
    if triage_id is not None and check is not None:
        check(await blocking(_triage_actor, engine, triage_id))


async def owned_booking(engine: Engine, who: Principal, booking_id: str) -> None:
    check = owner_check(who, "booking")
    if check is not None:
        check((await blocking(bk.booking_of, engine, booking_id)).actor)


def _triage_actor(engine: Engine, triage_id: str) -> str:
    with read_session(engine) as session:
        return load_triage(session, triage_id).actor

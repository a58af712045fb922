"""From an assessment to a booking: rank the services for the clinician's disposition, hold one, book it.

Routing is reused, not copied: ranking reads the board as a route request does (but never queues another
callback: the patient is already in the clinician's hands), and the hold carries the clinician's disposition
(`HoldRequest.clinician_disposition`) so booking checks the setting against it instead of the triage's, with
the assessment named as the override reason. Confirming the hold books it and closes the item as BOOKED.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from capacity.board import Board
from capacity.geography import Gazetteer, Place
from clinical.claims import close, hold
from clinical.errors import NotAssessed
from clinical.queue import latest_assessment
from models.database import blocking, session_scope
from models.errors import Conflict
from models.routing_tables import CallbackRequest, ClinicalAssessment
from models.tables import Booking, Hold
from models.types import utcnow
from routing import booking as bk
from routing.policy import DEFAULT_POLICY
from routing.ranking import Ranking, RouteQuery, rank
from routing.route import nearby_sites
from routing.spatial import SiteIndex

BOOKED = "BOOKED"


@dataclass(frozen=True, slots=True)
class Referral:
    item: CallbackRequest
    assessment: ClinicalAssessment


def referral(engine: Engine, callback_id: str, clinician: str, lease: timedelta, now: datetime) -> Referral:
    """The held item and its assessment (NotHolder, NotAssessed otherwise); renews the lease."""
    with session_scope(engine) as session:
        row = hold(session, callback_id, clinician, lease, now)
        found = latest_assessment(session, callback_id)
        if found is None or found.outcome != "BOOK":
            raise NotAssessed("Record an assessment with the outcome BOOK before routing or booking this callback.")
        return Referral(row, found)


async def options(
    engine: Engine,
    board: Board,
    gazetteer: Gazetteer,
    index: SiteIndex,
    callback_id: str,
    clinician: str,
    lease: timedelta,
) -> tuple[Place, Ranking]:
    """Services that can see the patient for the clinician's disposition, near the item's postcode district."""
    now = utcnow()
    ref = await blocking(referral, engine, callback_id, clinician, lease, now)
    place = gazetteer.locate(ref.item.area)
    await bk.expire_due(engine, board)
    disposition = ref.assessment.disposition
    nearby = nearby_sites(index, place, disposition, DEFAULT_POLICY)
    states = await board.get_many([n.site.id for n in nearby]) if nearby else {}
    query = RouteQuery(disposition, place.latitude, place.longitude, now)
    return place, rank(query, nearby, states, DEFAULT_POLICY)


async def hold_slot(
    engine: Engine,
    board: Board,
    callback_id: str,
    clinician: str,
    service: tuple[str, datetime | None],
    hold_seconds: int,
    lease: timedelta,
) -> Hold:
    """Hold a slot for the clinician's disposition; a lowered one is booked under the assessment's reason."""
    ref = await blocking(referral, engine, callback_id, clinician, lease, utcnow())
    found = ref.assessment
    why = None
    if found.disposition.urgency < found.prior.urgency:
        was = f"(was {found.prior.value})"
        why = f"Clinician {clinician} assessed {found.disposition.value} {was}: assessment {found.id}."
    request = bk.HoldRequest(service[0], service[1], ref.item.triage_id, why, found.disposition)
    return await bk.place_hold(engine, board, request, clinician, hold_seconds)


async def book(
    engine: Engine, board: Board, callback_id: str, clinician: str, hold_id: str, lease: timedelta
) -> Booking:
    """Confirm the clinician's hold, then close the item as BOOKED (a failed close leaves it theirs to retry)."""
    ref = await blocking(referral, engine, callback_id, clinician, lease, utcnow())
    held = await blocking(bk.hold_of, engine, hold_id)
    if held.actor != clinician or held.triage_id != ref.item.triage_id:
        raise Conflict("That hold was not placed for this callback by you.")
    booking = await bk.confirm(engine, board, hold_id, clinician)
    await blocking(_close_booked, engine, callback_id, clinician, booking.id, lease)
    return booking


def _close_booked(engine: Engine, callback_id: str, clinician: str, booking_id: str, lease: timedelta) -> None:
    now = utcnow()
    with session_scope(engine) as session:
        row = hold(session, callback_id, clinician, lease, now)
        close(session, row, clinician, BOOKED, now)
        row.detail = {**row.detail, "booking_id": booking_id}

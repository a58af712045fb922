"""Runs a patient's conversation against the real world: keeps it in the database, triages, routes and books.

The decisions are chat/conversation.py's; this module only does the I/O they ask for. Every save is a
compare-and-set on the row's version, so two connections (or two workers) resuming one conversation never
both act on one input. Booking is safe to repeat: a triage already booked is adopted, never booked twice
(the bookings table's unique index on the confirmed triage backs this up).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from capacity.board import Board
from capacity.geography import Gazetteer, normalise
from chat import conversation as conv
from chat.conversation import Booked, Card, Conversation, Need, Triaged
from models.chat_tables import ChatConversation
from models.crypto import Keyring
from models.database import blocking, session_scope
from models.errors import Conflict
from models.tables import Booking, Service
from models.types import utcnow
from models.vocabulary import Acuity, BookingStatus, Disposition
from routing import booking as bk
from routing.callbacks import Caller, enqueue
from routing.errors import DoubleBooking, HoldExpired, NoCapacity
from routing.policy import DEFAULT_POLICY, Policy
from routing.ranking import Access, Option, Outcome
from routing.route import Patient, route
from routing.spatial import SiteIndex
from triage import records
from triage.service import Triager

P = ParamSpec("P")
T = TypeVar("T")


class ConversationChanged(Conflict):
    """Another connection moved the conversation on first; reload it."""


class Database(Protocol):
    """The caller's way to the database (web.db.Database): a reader runs on a session of its own, off the loop."""

    async def read(self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T: ...


@dataclass(frozen=True, slots=True)
class Chat:
    """A conversation as stored: its id, the version last read, and its state."""

    id: str
    version: int
    conversation: Conversation


@dataclass(frozen=True, slots=True)
class World:
    """Everything a conversation's effects touch."""

    engine: Engine
    db: Database
    board: Board
    gazetteer: Gazetteer
    index: SiteIndex
    triager: Triager
    staleness: timedelta = timedelta(hours=4)
    hold_seconds: int = 120
    policy: Policy = DEFAULT_POLICY
    keyring: Keyring | None = None  # seals a callback's contact details


def open_chat(engine: Engine, owner: str) -> Chat:
    """The owner's conversation (one per patient chat session, e.g. "patient:<id>"), started if there is none."""
    for attempt in range(2):
        try:
            with session_scope(engine) as session:
                return _by_owner(session, owner) or _start(session, owner)
        except IntegrityError:  # a second tab started it at the same moment: use that one
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


def _start(session: Session, owner: str) -> Chat:
    row = ChatConversation(id=str(uuid.uuid4()), owner=owner, state=conv.start().model_dump(mode="json"))
    session.add(row)
    session.flush()
    return _chat(row)


def _by_owner(session: Session, owner: str) -> Chat | None:
    row = session.exec(select(ChatConversation).where(ChatConversation.owner == owner)).first()
    return None if row is None else _chat(row)


def reload(session: Session, chat_id: str) -> Chat:
    row = session.get(ChatConversation, chat_id)
    assert row is not None, "conversations are never deleted while in use"
    return _chat(row)


def _chat(row: ChatConversation) -> Chat:
    return Chat(row.id, row.version, Conversation.model_validate(row.state))


def save(engine: Engine, chat: Chat, new: Conversation) -> Chat:
    """Store `new` only if nobody saved since `chat` was read; else ConversationChanged."""
    with session_scope(engine) as session:
        changed = session.execute(
            update(ChatConversation)
            .where(col(ChatConversation.id) == chat.id, col(ChatConversation.version) == chat.version)
            .values(state=new.model_dump(mode="json"), version=chat.version + 1, updated_at=utcnow())
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            raise ConversationChanged("The conversation moved on in another window.")
    return Chat(chat.id, chat.version + 1, new)


async def settle_needs(world: World, chat: Chat, actor: str) -> Chat:
    """Run the effects the conversation waits on (triage, route, book) until it waits on the patient."""
    while (need := conv.need(chat.conversation)) is not None:
        new = await _effect(world, chat.conversation, need, actor)
        chat = await blocking(save, world.engine, chat, new)
    return chat


async def _effect(world: World, c: Conversation, need: Need, actor: str) -> Conversation:
    if need is Need.TRIAGE:
        return conv.triaged(c, await blocking(_triage, world, c, actor))
    if need is Need.ROUTE:
        return await _route(world, c, actor)
    if need is Need.QUEUE:
        await blocking(_queue, world, c, actor)
        return conv.queued(c)
    return await _book(world, c, actor)


def _queue(world: World, c: Conversation, actor: str) -> None:
    """Queue the triage for a clinician's call back with the caller's details, sealed (once: a retry adds nothing)."""
    assert c.triage is not None and c.postcode is not None and c.contact is not None
    caller = Caller(c.contact.name, c.contact.phone)
    area = normalise(c.postcode)[0]
    with session_scope(world.engine) as session:
        reason = "The chat's report needs a clinician's assessment."
        enqueue(
            session, c.triage.disposition, area, reason, actor, c.triage.triage_id, caller=caller, keyring=world.keyring
        )


def _triage(world: World, c: Conversation, actor: str) -> Triaged:
    report = c.report()
    result = world.triager.assess(report)
    with session_scope(world.engine) as session:
        row = records.save(session, report, result, actor)
    return Triaged(triage_id=row.id, disposition=result.disposition, safety_netting=result.safety_netting)


async def _route(world: World, c: Conversation, actor: str) -> Conversation:
    assert c.triage is not None and c.postcode is not None
    routed = await route(
        world.engine,
        world.board,
        world.gazetteer,
        world.index,
        postcode=c.postcode,
        mode=c.mode,
        disposition=c.triage.disposition,  # the conversation's, already raised to every answer's floor
        staleness=world.staleness,
        actor=actor,
        policy=world.policy,
        patient=Patient(age=c.age),
    )
    ranking = routed.ranking
    if ranking.outcome is Outcome.CALL_999:
        return conv.no_emergency_care(c)
    options = [o for o in ranking.options if o.meets_deadline]
    cards = await world.db.read(_cards, options, ranking.disposition)
    if ranking.outcome is Outcome.SELF_CARE:
        return conv.guided(c, cards[:2], ranking.notes[:1])  # the advice, then pharmacies; safety-netting closes
    if ranking.outcome is Outcome.TRANSFER:
        return conv.guided(c, cards[:1])
    return conv.routed(c, cards)


def _cards(session: Session, options: list[Option], disposition: Disposition) -> list[Card]:
    return [_card(option, session.get(Service, option.service_id), disposition) for option in options]


def _card(option: Option, service: Service | None, disposition: Disposition) -> Card:
    address = ", ".join(part for part in (service.address, service.postcode) if part) if service else ""
    place = option.address_is_destination
    return Card(
        service_id=option.service_id,
        name=option.name,
        kind=conv.TYPE_WORDS[option.type],
        address=address,
        window_start=option.window_start,
        travel_minutes=max(1, round(option.travel_minutes)),
        distance_km=round(option.distance_km, 1),
        how=patient_words(option),
        bookable=option.bookable,
        place=place,
        drive=disposition.acuity is not Acuity.EMERGENCY,
    )


def patient_words(option: Option) -> str:
    """The option's `how`, said to the patient rather than to a call handler."""
    phone = f" on {option.phone}" if option.phone else ""
    if option.access is Access.TRANSFER:
        return f"Call them now{phone}: they answer day and night."
    if option.access is Access.CALL_BACK:
        return "They will phone you back: you do not need to go anywhere."
    return option.how


async def _book(world: World, c: Conversation, actor: str) -> Conversation:
    """Hold the earliest free slot and confirm it; a triage booked by an earlier try is adopted instead."""
    assert c.triage is not None and c.chosen is not None
    existing = await world.db.read(_booking_for, c.triage.triage_id)
    if existing is not None:
        return conv.booked(c, _booked(existing, c))
    request = bk.HoldRequest(c.chosen, triage_id=c.triage.triage_id)
    try:
        hold = await bk.place_hold(world.engine, world.board, request, actor, world.hold_seconds, policy=world.policy)
    except NoCapacity:
        return conv.slot_taken(c, c.chosen)
    try:
        return conv.booked(c, _booked(await bk.confirm(world.engine, world.board, hold.id, actor), c))
    except HoldExpired:
        return conv.slot_taken(c, c.chosen)
    except DoubleBooking:  # another connection booked this triage first: keep that booking, free this slot
        await bk.release(world.engine, world.board, hold.id, actor)
        found = await world.db.read(_booking_for, c.triage.triage_id)
        if found is None:
            raise
        return conv.booked(c, _booked(found, c))


def _booked(booking: Booking, c: Conversation) -> Booked:
    """The booking as made (an adopted one may be at another of the offered services, at another time)."""
    same = [o for o in c.options if o.service_id == booking.service_id]
    card = same[0] if same else next(o for o in c.options if o.service_id == c.chosen)
    return Booked(reference=booking.reference, card=card.model_copy(update={"window_start": booking.window_start}))


def _booking_for(session: Session, triage_id: str) -> Booking | None:
    query = select(Booking).where(Booking.triage_id == triage_id, Booking.status == BookingStatus.CONFIRMED)
    return session.exec(query).first()

"""One routing request: place the patient, find nearby sites, read the live board, rank, queue a callback if needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import and_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.board import Board
from capacity.geography import Gazetteer, Place, haversine_km, normalise
from models.crypto import Keyring
from models.database import blocking, read_session, session_scope
from models.patient_tables import EncounterKind, PatientEncounter
from models.routing_tables import CallbackRequest
from models.tables import TriageRecord
from models.types import utcnow
from models.vocabulary import CAN_MEET, Disposition, ServiceType, Sex
from patients.records import registered_practice
from routing.booking import due_holds, expire_due
from routing.callbacks import Caller, enqueue
from routing.eligibility import Pathway
from routing.idempotency import Once, claim, keep
from routing.policy import DEFAULT_POLICY, Policy, TravelMode
from routing.ranking import Outcome, Ranking, RouteQuery, rank
from routing.spatial import Nearby, Site, SiteIndex
from triage.records import UnknownTriage


@dataclass(frozen=True, slots=True)
class Routed:
    place: Place
    ranking: Ranking
    triage_id: str | None
    callback_id: str | None


# Found by who the patient is, never by distance: their own practice, and their ICB's crisis lines.
NOT_BY_DISTANCE = frozenset({ServiceType.GP_PRACTICE, ServiceType.MENTAL_HEALTH_CRISIS})


@dataclass(frozen=True, slots=True)
class Patient:
    """What routing may know about the patient beyond the need: all optional."""

    age: float | None = None
    sex: Sex | None = None
    pathway: Pathway | None = None
    registered_practice: str | None = None  # an ODS code, e.g. B86016 (named by the patient, else the record)


def settings_for(disposition: Disposition, policy: Policy) -> list[ServiceType]:
    """Every setting any step of the escalation ladder may offer, least acute first."""
    wanted = {t for level in policy.ladder(disposition) for t in CAN_MEET[level]}
    return [t for t in policy.setting_order if t in wanted]


def nearby_sites(
    index: SiteIndex,
    place: Place,
    disposition: Disposition,
    policy: Policy,
    practice: str | None = None,
    icb_code: str | None = None,
) -> list[Nearby]:
    """Sites of the settings the ladder allows near the patient, plus their own practice and ICB's crisis lines."""
    types = [t for t in settings_for(disposition, policy) if t not in NOT_BY_DISTANCE]
    found = index.near(place.latitude, place.longitude, types, policy.search_radius_km, policy.per_type_limit)
    extra: list[Site] = []
    if practice is not None and (own := index.get(practice)) is not None:
        extra.append(own)
    if disposition is Disposition.MENTAL_HEALTH_CRISIS and icb_code:
        extra += index.in_icb(ServiceType.MENTAL_HEALTH_CRISIS, icb_code)
    found += [Nearby(s, haversine_km(place.latitude, place.longitude, s.latitude, s.longitude)) for s in extra]
    return sorted(found, key=lambda n: (n.distance_km, n.site.id))


def icb_of(index: SiteIndex, place: Place) -> str | None:
    """The caller's ICB, as the ICB of the nearest GP practice (it agrees with the postcode sector's ICB for 99.3% of
    practices, data/reference/README.md file 11)."""
    nearest = index.near(place.latitude, place.longitude, [ServiceType.GP_PRACTICE], 30.0, 1)
    return nearest[0].site.icb_code if nearest else None


def practice_id(ods_code: str | None) -> str | None:
    return f"{ods_code.strip().upper()}-GP" if ods_code else None


def triage_disposition(
    engine: Engine, triage_id: str, check_owner: Callable[[str], None] | None = None
) -> tuple[Disposition, Patient, list[str]]:
    """The triage record's disposition, the age and sex it was made with and, when it is linked to a patient on
    record, their registered practice; `check_owner` hears the record's actor first and may refuse. In the same
    read (one thread hop): the holds due to expire, whose slots go back before the board is read."""
    with read_session(engine) as session:
        found = session.exec(_triage_query(triage_id)).first()
        if found is None:
            raise UnknownTriage(triage_id)
        actor, disposition, report, patient_id = found
        if check_owner is not None:
            check_owner(actor)
        practice = registered_practice(session, patient_id) if patient_id is not None else None
        due = due_holds(session, utcnow())
    age, sex = report.get("age"), report.get("sex")
    known = Patient(None if age is None else float(age), None if sex is None else Sex(sex), None, practice)
    return disposition, known, due


def _triage_query(triage_id: str) -> Any:
    """What routing needs of a triage record, and the patient it is linked to (the link patients.encounters
    makes), in one query: not the whole record (its probabilities and explanation are JSON to parse)."""
    linked = and_(
        col(PatientEncounter.kind) == EncounterKind.TRIAGE, col(PatientEncounter.ref_id) == col(TriageRecord.id)
    )
    return (
        select(TriageRecord.actor, TriageRecord.disposition, TriageRecord.report, PatientEncounter.patient_id)
        .outerjoin(PatientEncounter, linked)
        .where(col(TriageRecord.id) == triage_id)
        .limit(1)
    )


def filled(given: Patient, known: Patient) -> Patient:
    """What the request said, with the gaps filled from the triage record and the patient record."""
    return replace(
        given,
        age=given.age if given.age is not None else known.age,
        sex=given.sex or known.sex,
        registered_practice=given.registered_practice or known.registered_practice,
    )


async def route(
    engine: Engine,
    board: Board,
    gazetteer: Gazetteer,
    index: SiteIndex,
    *,
    postcode: str,
    disposition: Disposition | None = None,
    triage_id: str | None = None,
    mode: TravelMode = TravelMode.CAR,
    staleness: timedelta = timedelta(hours=4),
    actor: str = "api",
    now: datetime | None = None,
    policy: Policy = DEFAULT_POLICY,
    check_owner: Callable[[str], None] | None = None,
    once: Once[Routed] | None = None,
    caller: Caller | None = None,
    keyring: Keyring | None = None,
    patient: Patient = Patient(),
) -> Routed:
    """Rank services for a disposition (given, or read from a triage record) at a postcode.

    Reads first (the triage record, due holds, the board); then one transaction, only if there is something to
    write: the callback a CALLBACK outcome queues, and the answer to the request's idempotency key. A
    CALLBACK outcome for a triage already in the queue answers with its queued item. `caller` (who to call back,
    sealed with `keyring`) goes on a queued item."""
    place = gazetteer.locate(postcode)
    due = None
    if triage_id is not None:
        disposition, known, due = await blocking(triage_disposition, engine, triage_id, check_owner)
        patient = filled(patient, known)
    if disposition is None:
        raise ValueError("give a disposition or a triage id")
    now = now or utcnow()
    await expire_due(engine, board, due=due)  # expired holds give their slots back before the board is read
    query = query_for(index, place, disposition, now, mode, staleness, patient)
    nearby = nearby_sites(index, place, disposition, policy, query.registered_practice, query.icb_code)
    states = await board.get_many([n.site.id for n in nearby]) if nearby else {}
    ranking = rank(query, nearby, states, policy)
    routed = Routed(place, ranking, triage_id, None)
    queue = None
    if ranking.outcome is Outcome.CALLBACK:
        queue = partial(
            enqueue,
            disposition=disposition,
            area=normalise(postcode)[0],
            reason=" ".join(ranking.notes),
            actor=actor,
            triage_id=triage_id,
            detail={"excluded": dict(ranking.excluded_counts), "mode": mode.value},
            policy_version=policy.version,
            caller=caller,
            keyring=keyring,
        )
    if queue is None and once is None:
        return routed  # nothing to write: no transaction at all
    return await blocking(_conclude, engine, routed, queue, once)


def query_for(
    index: SiteIndex,
    place: Place,
    disposition: Disposition,
    now: datetime,
    mode: TravelMode,
    staleness: timedelta,
    patient: Patient,
) -> RouteQuery:
    icb = icb_of(index, place) if disposition is Disposition.MENTAL_HEALTH_CRISIS else None
    return RouteQuery(
        disposition,
        place.latitude,
        place.longitude,
        now,
        mode,
        staleness,
        patient.age,
        patient.sex,
        patient.pathway,
        practice_id(patient.registered_practice),
        icb,
    )


def _conclude(
    engine: Engine, routed: Routed, queue: Callable[[Session], CallbackRequest] | None, once: Once[Routed] | None
) -> Routed:
    with session_scope(engine) as session:
        claim(session, once)
        if queue is not None:
            routed = replace(routed, callback_id=queue(session).id)
        return keep(session, once, routed)

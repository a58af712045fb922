"""A clinician's assessment: history, observations scored with NEWS2, their disposition and reasoning,
safety-netting, and what happens next. Only here may a disposition be lowered, and only with a reason.

The reference a disposition is measured against is the item's own (the triage's, or what routing queued it as),
raised by the observations (NEWS2 >= 7: an ambulance; >= 5 or any single red score: A&E), never lowered by
them. Choosing something less urgent than the reference needs `lowering_reason`; it is sealed on the record and
audited as `clinical.lowered` with the clinician's name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.engine import Engine

from clinical.claims import close, hold
from clinical.errors import LoweringNeedsReason
from clinical.queue import HISTORY_CONTEXT, LOWERING_CONTEXT, REASONING_CONTEXT
from models.audit import record
from models.crypto import Keyring
from models.database import session_scope
from models.errors import DomainError
from models.routing_tables import ClinicalAssessment
from models.types import utcnow
from models.vocabulary import Disposition, most_urgent
from routing.idempotency import Once, claim, keep
from triage import news2
from triage.schemas import Observations


class AssessmentOutcome(StrEnum):
    ADVICE = "ADVICE"  # closed with advice and safety-netting
    BOOK = "BOOK"  # the clinician routes and books next (clinical/referral.py); the item stays theirs
    AMBULANCE = "AMBULANCE"  # the clinician has dispatched an ambulance; closed


class InvalidAssessment(DomainError):
    """An assessment that contradicts itself, e.g. an ambulance outcome for a pharmacy disposition."""


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    history: str
    observations: Observations | None
    disposition: Disposition
    reasoning: str
    safety_netting: str
    outcome: AssessmentOutcome
    lowering_reason: str | None = None


def floor_of(score: news2.News2) -> Disposition | None:
    """The least urgent disposition the observations allow (NHS England's NEWS2 guidance for community care)."""
    if score.emergency:
        return Disposition.CALL_999
    if score.urgent:
        return Disposition.ED
    return None


def reference(prior: Disposition, score: news2.News2) -> Disposition:
    floor = floor_of(score)
    return prior if floor is None else most_urgent(prior, floor)


def check(given: AssessmentInput, prior: Disposition, score: news2.News2) -> bool:
    """Refuse a self-contradicting assessment or an unexplained lowering; True when the disposition is lowered."""
    if given.disposition is Disposition.CLINICAL_ASSESSMENT:
        raise InvalidAssessment("Choose the disposition your assessment reached: this is the clinical assessment.")
    if (given.disposition is Disposition.CALL_999) != (given.outcome is AssessmentOutcome.AMBULANCE):
        raise InvalidAssessment("An ambulance outcome goes with a CALL_999 disposition, and only with it.")
    ref = reference(prior, score)
    lowered = given.disposition.urgency < ref.urgency
    if lowered and not (given.lowering_reason or "").strip():
        raise LoweringNeedsReason(
            f"{given.disposition.value} is less urgent than {ref.value} (the triage's disposition, raised by the "
            "observations' NEWS2): give lowering_reason, which is recorded and audited with your name."
        )
    return lowered


def assess(
    engine: Engine,
    keyring: Keyring,
    callback_id: str,
    clinician: str,
    given: AssessmentInput,
    lease: timedelta,
    now: datetime | None = None,
    once: Once[ClinicalAssessment] | None = None,
) -> ClinicalAssessment:
    """Record the assessment on an item the clinician holds; ADVICE and AMBULANCE close it. A repeat of the
    request's Idempotency-Key answers the first result."""
    now = now or utcnow()
    score = news2.score(given.observations)
    with session_scope(engine) as session:
        claim(session, once)
        row = hold(session, callback_id, clinician, lease, now)
        lowered = check(given, row.disposition, score)
        made = _record(keyring, callback_id, clinician, given, row.disposition, score, now)
        session.add(made)
        audit = {"prior": row.disposition, "disposition": given.disposition, "outcome": given.outcome}
        record(session, clinician, "clinical.assessed", ("callback", callback_id), {**audit, "news2": made.news2})
        if lowered:
            reason = (given.lowering_reason or "").strip()[:500]
            record(session, clinician, "clinical.lowered", ("callback", callback_id), audit, reason=reason)
        if given.outcome is not AssessmentOutcome.BOOK:
            close(session, row, clinician, given.outcome, now)
        return keep(session, once, made)


def _record(
    keyring: Keyring,
    callback_id: str,
    clinician: str,
    given: AssessmentInput,
    prior: Disposition,
    score: news2.News2,
    now: datetime,
) -> ClinicalAssessment:
    reason = (given.lowering_reason or "").strip()
    return ClinicalAssessment(
        id=str(uuid.uuid4()),
        callback_id=callback_id,
        at=now,
        clinician=clinician,
        history=keyring.seal(given.history.strip(), HISTORY_CONTEXT),
        observations=given.observations.model_dump(mode="json") if given.observations else {},
        news2=score.total if score.parameters else None,
        prior=prior,
        disposition=given.disposition,
        reasoning=keyring.seal(given.reasoning.strip(), REASONING_CONTEXT),
        lowering_reason=keyring.seal(reason, LOWERING_CONTEXT) if reason else None,
        safety_netting=given.safety_netting.strip(),
        outcome=given.outcome,
    )

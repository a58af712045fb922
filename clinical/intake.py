"""A call handler's choice: queue a triaged (or described) patient for a clinician's call back."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from capacity.geography import normalise
from models.crypto import Keyring
from models.database import session_scope
from models.routing_tables import CallbackRequest
from models.vocabulary import Disposition
from routing.callbacks import Caller, Skill, enqueue
from triage.records import load as load_triage


@dataclass(frozen=True, slots=True)
class HandlerRequest:
    postcode: str  # already placed by the gazetteer
    caller: Caller
    reason: str
    triage_id: str | None = None
    disposition: Disposition | None = None
    skill: Skill | None = None
    patient_id: str | None = None


def queue_for_clinician(engine: Engine, keyring: Keyring, request: HandlerRequest, actor: str) -> CallbackRequest:
    """The triage's disposition when one is given (a handler cannot lower it here), else the one chosen."""
    with session_scope(engine) as session:
        disposition = request.disposition
        if request.triage_id is not None:
            disposition = load_triage(session, request.triage_id).disposition
        if disposition is None:
            raise ValueError("give a disposition or a triage id")
        return enqueue(
            session,
            disposition,
            normalise(request.postcode)[0],
            request.reason,
            actor,
            request.triage_id,
            caller=request.caller,
            keyring=keyring,
            skill=request.skill,
            patient_id=request.patient_id,
        )

"""What the clinical tests share: a triage record made directly, as the retrained model will make them."""

from __future__ import annotations

import uuid

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.tables import TriageRecord
from models.vocabulary import Disposition

UNSURE = "I feel odd and shaky since this morning and cannot say why"


def triage_record(engine: Engine, disposition: Disposition = Disposition.CLINICAL_ASSESSMENT) -> str:
    with Session(engine) as session:
        triage = TriageRecord(
            id=str(uuid.uuid4()),
            actor="test",
            disposition=disposition,
            acuity=disposition.acuity,
            model_version="test",
            red_flags=[],
            safety_netting="Call 999 if you become very unwell.",
            report={"text": UNSURE, "age": 47, "answers": {}},
        )
        session.add(triage)
        session.commit()
        return triage.id

"""The report a triage is made from and the result it gives. Bad input is refused, never guessed at."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from models.text import Line, Text
from models.vocabulary import Acuity, Disposition, Sex
from triage.errors import InvalidReport
from triage.groups import Answer, Consciousness, SymptomGroup
from triage.questions import QUESTIONS

MAX_TEXT = 2000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Observations(_Strict):
    """Vital signs as NEWS2 uses them. Ranges bound what a living patient can show; outside them is a typo."""

    respiratory_rate: int | None = Field(default=None, ge=3, le=80)
    spo2: int | None = Field(default=None, ge=50, le=100)
    on_oxygen: bool = False
    systolic_bp: int | None = Field(default=None, ge=40, le=300)
    diastolic_bp: int | None = Field(default=None, ge=20, le=200)
    pulse: int | None = Field(default=None, ge=20, le=250)
    consciousness: Consciousness | None = None
    temperature: float | None = Field(default=None, ge=30.0, le=44.0)


class TriageReport(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "text": "Chest feels tight when I climb stairs since this morning, no pain at rest",
                    "age": 58,
                    "sex": "male",
                    "symptom_group": "chest_pain",
                    "answers": {"chest_pain.crushing": "no", "chest_pain.sweaty_breathless": "no"},
                    "observations": {"pulse": 96, "spo2": 96, "respiratory_rate": 18},
                }
            ]
        },
    )

    text: Text = Field(min_length=1, max_length=MAX_TEXT)
    age: float | None = Field(default=None, ge=0, le=120, description="Years; 0.1 is about 5 weeks.")
    sex: Sex = Sex.UNKNOWN
    symptom_group: SymptomGroup | None = None
    answers: dict[Line, Answer] = Field(default_factory=dict)
    observations: Observations | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank: describe the symptoms")
        return value

    @field_validator("answers", mode="before")
    @classmethod
    def _known_questions(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            unknown = sorted(str(k) for k in value if k not in QUESTIONS)
            if unknown:
                raise ValueError(f"unknown question id(s): {', '.join(unknown)}")
            return {k: _answer(v) for k, v in value.items()}
        return value


def _answer(value: Any) -> Any:
    if isinstance(value, bool):
        return Answer.YES if value else Answer.NO
    return value


class ExplanationItem(_Strict):
    source: Literal["model", "rule"]
    feature: str
    weight: float


class TriageResult(_Strict):
    disposition: Disposition
    acuity: Acuity
    time_to_care_minutes: int | None
    probabilities: dict[Disposition, float]
    model_disposition: Disposition
    red_flags: list[str]
    explanation: list[ExplanationItem]
    safety_netting: str
    model_version: str


def minutes(deadline: timedelta | None) -> int | None:
    return None if deadline is None else int(deadline.total_seconds() // 60)


def parse_report(data: Any) -> TriageReport:
    """Validate a report; the first problem becomes an InvalidReport naming the field."""
    try:
        return TriageReport.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "report"
        raise InvalidReport(field, first["msg"]) from exc

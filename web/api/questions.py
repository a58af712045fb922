"""The red-flag question bank over HTTP: which question to ask next, given the answers so far."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.text import Line
from models.vocabulary import Disposition, Role
from triage.groups import Answer, SymptomGroup
from triage.questions import QUESTIONS, Question, emergency_found, next_question
from web.auth import STAFF, allow
from web.errors import problem_responses

router = APIRouter(prefix="/v1/triage", tags=["triage"])


class NextQuestionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"symptom_group": "chest_pain", "age": 58, "answers": {"chest_pain.crushing": "no"}}]
        },
    )

    symptom_group: SymptomGroup
    age: float | None = Field(default=None, ge=0, le=120, description="Years; decides which questions apply")
    answers: dict[Line, Answer] = Field(default_factory=dict, description="Question id to yes, no or unsure")

    @field_validator("answers")
    @classmethod
    def _known(cls, value: dict[str, Answer]) -> dict[str, Answer]:
        unknown = sorted(k for k in value if k not in QUESTIONS)
        if unknown:
            raise ValueError(f"unknown question id(s): {', '.join(unknown)}")
        return value


class QuestionOut(BaseModel):
    id: str
    clinician: str = Field(description="The question as a clinician would put it")
    patient: str = Field(description="The same question in plain words, to read out")
    source: str
    red_flag: bool
    floor: Disposition = Field(description="The disposition a yes or unsure answer raises triage to, at least")

    @classmethod
    def of(cls, question: Question) -> QuestionOut:
        return cls(
            id=question.id,
            clinician=question.clinician,
            patient=question.patient,
            source=question.source,
            red_flag=question.red_flag,
            floor=question.floor,
        )


class NextQuestionOut(BaseModel):
    question: QuestionOut | None = Field(description="What to ask next; null when there is nothing more to ask")
    emergency: bool = Field(description="An answer already demands emergency care: triage now")
    asked: int = Field(description="How many questions have been answered")


@router.post(
    "/next-question",
    response_model=NextQuestionOut,
    responses=problem_responses(body=True),
    dependencies=[allow(*STAFF, Role.PATIENT)],
)
async def next_question_for(body: NextQuestionIn) -> NextQuestionOut:
    """The next red-flag question for the symptom group: red flags first, answers change what comes next."""
    question = next_question(body.symptom_group, body.answers, body.age)
    return NextQuestionOut(
        question=None if question is None else QuestionOut.of(question),
        emergency=emergency_found(body.answers),
        asked=len(body.answers),
    )

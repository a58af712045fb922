"""The patient chat as a pure state machine: each patient input or effect result gives the next conversation.

No I/O. The conversation is a value (it round-trips through JSON for the database). Patient inputs are
accepted only for the current `turn`, so a resent frame is recognised and never acts twice. When the
conversation needs the outside world (record a triage, rank services, book a slot), `need()` says so and
the caller feeds the result back in. Safety: a positive answer to an emergency red flag, or an emergency
phrase in the description, ends the conversation at once with the 999 instruction and nothing to book;
the disposition is never less urgent than any positive answer's floor; every ending carries safety-netting.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from capacity.hours import UK
from models.errors import DomainError
from models.vocabulary import Disposition, ServiceType, most_urgent
from routing.policy import TravelMode
from routing.ranking import CALL_999_INSTRUCTION
from triage import decide, phrases
from triage.grouping import LABELS, guess_group
from triage.groups import Answer, SymptomGroup
from triage.questions import QUESTIONS, next_question
from triage.schemas import MAX_TEXT, TriageReport

MAX_AGE = 120
GREETING = "Hello. I will ask you some questions to find the right care for you, and book it if you need it."
ASK_DESCRIBE = "What is wrong? Tell me in your own words, and how old the patient is."
ASK_GROUP = "Which of these is closest to the main problem?"
ASK_POSTCODE = "What postcode are you at now? We use it to find services near you."
POSTCODE_FORMAT = "A postcode looks like LS1 4AP or SW1A 1AA."
ASK_CONTACT = "What name and phone number should the clinician use to call you back?"
PHONE = re.compile(r"^\+?[0-9 ()-]{6,40}$")
CALLING_BACK = (
    "Thank you. A clinician will call you on the number you gave, within the hour. Keep your phone with you; "
    "if you miss the call they will try again."
)
NO_SERVICE = (
    "I could not find a service near you that can see you in time. Please call 111 now (it is free) so a "
    "clinician can help you."
)
ANSWER_WORDS = {Answer.YES: "Yes", Answer.NO: "No", Answer.UNSURE: "I'm not sure"}
TYPE_WORDS = {
    ServiceType.EMERGENCY_DEPARTMENT: "A&E (emergency department)",
    ServiceType.URGENT_TREATMENT_CENTRE: "Urgent treatment centre",
    ServiceType.MENTAL_HEALTH_CRISIS: "Mental health crisis line",
    ServiceType.GP_OUT_OF_HOURS: "GP out of hours",
    ServiceType.GP_PRACTICE: "Your GP practice",
    ServiceType.DENTAL_PRACTICE: "Dentist",
    ServiceType.COMMUNITY_PHARMACY: "Pharmacy",
}
ADVICE = {
    Disposition.ED: "You need to go to A&E (an emergency department) within the hour.",
    Disposition.MENTAL_HEALTH_CRISIS: "You should speak to the mental health crisis team now.",
    Disposition.CLINICAL_ASSESSMENT: "A clinician needs to speak to you: they will call you back within the hour.",
    Disposition.UTC: "You need to be seen at an urgent treatment centre within 4 hours.",
    Disposition.GP_OOH: "You need to be seen by a GP today, within 6 hours.",
    Disposition.DENTAL: "You need to see a dentist within 24 hours.",
    Disposition.GP_ROUTINE: "You should see a GP within a week.",
    Disposition.PHARMACY: "A pharmacist can help you with this today.",
    Disposition.SELF_CARE: "This can usually be looked after at home; a pharmacist can give advice.",
}


class InvalidChatInput(DomainError):
    """A patient input the conversation cannot use; the detail is a sentence for the patient."""


class StaleTurn(DomainError):
    """An input for a turn already answered: a resent frame, ignored."""


class Step(StrEnum):
    DESCRIBE = "describe"
    GROUP = "group"
    QUESTION = "question"
    TRIAGE = "triage"
    POSTCODE = "postcode"
    CONTACT = "contact"  # a CLINICAL_ASSESSMENT: who the clinician calls back, and on what number
    QUEUE = "queue"
    ROUTE = "route"
    OFFER = "offer"
    BOOK = "book"
    EMERGENCY = "emergency"
    DONE = "done"


class Need(StrEnum):
    TRIAGE = "triage"
    ROUTE = "route"
    BOOK = "book"
    QUEUE = "queue"


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Card(_Value):
    """A service as the patient sees it: what, where, and when to go."""

    service_id: str
    name: str
    kind: str
    address: str
    window_start: datetime
    travel_minutes: int
    distance_km: float
    how: str = ""  # what to do, in the patient's words: book, walk in, phone when open, a call back
    bookable: bool = True  # only a service with live capacity is booked in the chat
    place: bool = True  # False for a call-back or a crisis line: no address, no "when to go"
    drive: bool = True  # False for an emergency: never a drive time


class Message(_Value):
    role: Literal["bot", "patient"]
    kind: Literal["text", "question", "emergency", "advice", "service", "booking", "safety"] = "text"
    text: str
    card: Card | None = None


class Choice(_Value):
    value: str
    label: str


class Prompt(_Value):
    """What the page asks the patient for next."""

    kind: Literal["describe", "group", "question", "postcode", "contact", "offer", "wait", "none"]
    text: str = ""
    question_id: str | None = None
    choices: list[Choice] = []


class Triaged(_Value):
    triage_id: str
    disposition: Disposition
    safety_netting: str


class Booked(_Value):
    reference: str
    card: Card


class Contact(_Value):
    """Held only until the callback is queued (where it is sealed), then dropped from the conversation."""

    name: str
    phone: str


class Conversation(_Value):
    turn: int = 0
    step: Step = Step.DESCRIBE
    text: str | None = None
    age: float | None = None
    group: SymptomGroup | None = None
    answers: dict[str, Answer] = Field(default_factory=dict)
    question_id: str | None = None
    triage: Triaged | None = None
    postcode: str | None = None
    mode: TravelMode = TravelMode.CAR
    options: list[Card] = []
    taken: list[str] = []
    chosen: str | None = None
    booking: Booked | None = None
    contact: Contact | None = None
    messages: list[Message] = []

    @property
    def finished(self) -> bool:
        return self.step in (Step.EMERGENCY, Step.DONE)

    def report(self) -> TriageReport:
        """What the triage is made from: the patient's words, age, group and red-flag answers."""
        return TriageReport(text=self.text or "", age=self.age, symptom_group=self.group, answers=self.answers)

    def floor(self) -> Disposition:
        """The most urgent disposition any positive answer demands: triage can raise it, never lower it."""
        floors = [QUESTIONS[q].floor for q, a in self.answers.items() if a.positive]
        return most_urgent(Disposition.SELF_CARE, *floors)


def start() -> Conversation:
    return Conversation(messages=[_bot(GREETING), _bot(ASK_DESCRIBE, "question")])


def need(c: Conversation) -> Need | None:
    """The effect the conversation waits on, if any."""
    if c.step in (Step.TRIAGE, Step.EMERGENCY) and c.triage is None:
        return Need.TRIAGE
    return {Step.ROUTE: Need.ROUTE, Step.BOOK: Need.BOOK, Step.QUEUE: Need.QUEUE}.get(c.step)


def prompt(c: Conversation) -> Prompt:
    if c.step is Step.DESCRIBE:
        return Prompt(kind="describe", text=ASK_DESCRIBE)
    if c.step is Step.GROUP:
        return Prompt(kind="group", text=ASK_GROUP, choices=[Choice(value=g, label=LABELS[g]) for g in SymptomGroup])
    if c.step is Step.QUESTION and c.question_id is not None:
        choices = [Choice(value=a, label=ANSWER_WORDS[a]) for a in Answer]
        return Prompt(
            kind="question", text=QUESTIONS[c.question_id].patient, question_id=c.question_id, choices=choices
        )
    if c.step is Step.POSTCODE:
        return Prompt(kind="postcode", text=ASK_POSTCODE)
    if c.step is Step.CONTACT:
        return Prompt(kind="contact", text=ASK_CONTACT)
    if c.step is Step.OFFER:
        return Prompt(kind="offer", choices=[Choice(value=o.service_id, label=f"Book {o.name}") for o in c.options])
    return Prompt(kind="none" if c.finished else "wait")


# Patient inputs: each names the turn it answers.


def describe(c: Conversation, turn: int, text: str, age: float) -> Conversation:
    _expect(c, turn, Step.DESCRIBE)
    text = text.strip()
    if not text:
        raise InvalidChatInput("Please tell me what is wrong, in a few words, before we go on.")
    if len(text) > MAX_TEXT:
        raise InvalidChatInput(f"Please keep the description under {MAX_TEXT} characters.")
    if not 0 <= age <= MAX_AGE:
        raise InvalidChatInput(f"Please give the age in years, from 0 (a baby) to {MAX_AGE}.")
    said = _patient(f"{text} (age {age:g})")
    c = _next(c, text=text, age=age, group=guess_group(text), messages=[*c.messages, said])
    if _emergency_words(c):
        return _emergency(c)
    if c.group is None:
        return _next(c, step=Step.GROUP, messages=[*c.messages, _bot(ASK_GROUP, "question")], turn=c.turn)
    return _ask_next(
        _next(c, messages=[*c.messages, _bot(f"Thank you. I will ask about: {LABELS[c.group]}.")], turn=c.turn)
    )


def choose_group(c: Conversation, turn: int, group: SymptomGroup) -> Conversation:
    _expect(c, turn, Step.GROUP)
    return _ask_next(_next(c, group=group, messages=[*c.messages, _patient(LABELS[group])]))


def answer(c: Conversation, turn: int, question_id: str, given: Answer) -> Conversation:
    _expect(c, turn, Step.QUESTION)
    if question_id != c.question_id:
        raise StaleTurn("That question was already answered.")
    answers = {**c.answers, question_id: given}
    c = _next(c, answers=answers, question_id=None, messages=[*c.messages, _patient(ANSWER_WORDS[given])])
    return _emergency(c) if c.floor() is Disposition.CALL_999 else _ask_next(c)


def give_postcode(c: Conversation, turn: int, postcode: str, mode: TravelMode = TravelMode.CAR) -> Conversation:
    """Call only with a postcode the gazetteer placed: an unknown one is refused before it gets here."""
    _expect(c, turn, Step.POSTCODE)
    said = [*c.messages, _patient(postcode)]
    if c.triage is not None and c.triage.disposition is Disposition.CLINICAL_ASSESSMENT:
        said.append(_bot(ASK_CONTACT, "question"))  # no service to route to: a clinician calls back
        return _next(c, step=Step.CONTACT, postcode=postcode.strip().upper(), mode=mode, messages=said)
    return _next(c, step=Step.ROUTE, postcode=postcode.strip().upper(), mode=mode, messages=said)


def give_contact(c: Conversation, turn: int, name: str, phone: str) -> Conversation:
    """Who the clinician calls back. The number is not repeated in the conversation's messages."""
    _expect(c, turn, Step.CONTACT)
    name, phone = name.strip(), phone.strip()
    if not name or len(name) > 200:
        raise InvalidChatInput("Please give a name for the clinician to ask for.")
    if not PHONE.match(phone):
        raise InvalidChatInput("Please give a phone number with only digits and spaces, for example 07700 900123.")
    said = _patient(f"{name}, phone number given")
    return _next(c, step=Step.QUEUE, contact=Contact(name=name, phone=phone), messages=[*c.messages, said])


def book(c: Conversation, turn: int, service_id: str) -> Conversation:
    _expect(c, turn, Step.OFFER)
    card = next((o for o in c.options if o.service_id == service_id), None)
    if card is None:
        raise InvalidChatInput("Please choose one of the services shown.")
    return _next(c, step=Step.BOOK, chosen=service_id, messages=[*c.messages, _patient(f"Book {card.name}")])


# Effect results, fed back by the caller.


def triaged(c: Conversation, result: Triaged) -> Conversation:
    """Record the triage; its disposition is raised to the answers' floor, never lowered."""
    final = most_urgent(result.disposition, c.floor())
    # The patient reads the advice for the final disposition, without the rule names meant for clinicians.
    advice = decide.safety_netting(final, [])
    c = c.model_copy(update={"triage": result.model_copy(update={"disposition": final, "safety_netting": advice})})
    if c.step is Step.EMERGENCY:
        return c
    if final is Disposition.CALL_999:
        return _emergency(c)
    said = [_bot(ADVICE[final], "advice"), _bot(ASK_POSTCODE, "question")]
    return c.model_copy(update={"step": Step.POSTCODE, "messages": [*c.messages, *said]})


def routed(c: Conversation, options: list[Card]) -> Conversation:
    """Offer the services that can see the patient in time (best first), or send them to 111."""
    usable = [o for o in options if o.service_id not in c.taken][:3]
    if not usable:
        return _finish(c, [_bot(NO_SERVICE, "advice")])
    if not any(o.bookable for o in usable):
        return guided(c, usable)
    usable = [o for o in usable if o.bookable]
    best, others = usable[0], usable[1:]
    said = [_bot(f"The best place for you is {best.name}.", "service", best)]
    said += [_bot(f"Or: {o.name}.", "service", o) for o in others]
    said.append(_bot("Would you like to book a time? Choose a service below.", "question"))
    return c.model_copy(update={"step": Step.OFFER, "options": usable, "messages": [*c.messages, *said]})


def queued(c: Conversation) -> Conversation:
    """The callback is in the clinicians' queue with the contact sealed on it: forget the contact here."""
    return _finish(c.model_copy(update={"contact": None}), [_bot(CALLING_BACK, "advice")])


def guided(c: Conversation, options: list[Card], advice: tuple[str, ...] = ()) -> Conversation:
    """Services with no live capacity, a crisis line, or self-care: what to do, never a booking."""
    said = [_bot(text, "advice") for text in advice]
    if options:
        best, others = options[0], options[1:]
        said.append(_bot(f"The best place for you is {best.name}. {best.how}", "service", best))
        said += [_bot(f"Or: {o.name}. {o.how}", "service", o) for o in others]
    return _finish(c, said)


def no_emergency_care(c: Conversation) -> Conversation:
    """Routing found no A&E that can see the patient in time: an ambulance is the way."""
    return _emergency(c)


def booked(c: Conversation, result: Booked) -> Conversation:
    when = when_text(result.card.window_start)
    text = f"You are booked at {result.card.name}, {when}. Your booking reference is {result.reference}."
    return _finish(c.model_copy(update={"booking": result}), [_bot(text, "booking", result.card)])


def slot_taken(c: Conversation, service_id: str) -> Conversation:
    """The chosen service filled up meanwhile: say so, and look again for the next best."""
    name = next((o.name for o in c.options if o.service_id == service_id), "That service")
    said = _bot(f"Sorry, {name} has just filled up. I am looking for the next best place for you.")
    return c.model_copy(
        update={"step": Step.ROUTE, "chosen": None, "taken": [*c.taken, service_id], "messages": [*c.messages, said]}
    )


def when_text(start: datetime) -> str:
    local = start.astimezone(UK)
    return f"from {local:%H:%M} on {local:%A} {local.day} {local:%B}"


# Internals.


def _expect(c: Conversation, turn: int, step: Step) -> None:
    if turn != c.turn or c.step is not step:
        raise StaleTurn("That was already answered; here is where we are.")


def _next(c: Conversation, turn: int | None = None, **changes: object) -> Conversation:
    """A copy with the changes, one turn on (the patient's input was accepted)."""
    return c.model_copy(update={**changes, "turn": c.turn + 1 if turn is None else turn})


def _ask_next(c: Conversation) -> Conversation:
    assert c.group is not None
    q = next_question(c.group, c.answers, c.age)
    if q is None:
        return c.model_copy(update={"step": Step.TRIAGE, "question_id": None})
    said = _bot(q.patient, "question")
    return c.model_copy(update={"step": Step.QUESTION, "question_id": q.id, "messages": [*c.messages, said]})


def _emergency_words(c: Conversation) -> bool:
    hits = phrases.phrase_hits(c.text or "")
    return any(h.floor is Disposition.CALL_999 for h in hits)


def _emergency(c: Conversation) -> Conversation:
    """Stop here: the 999 instruction, then what to do while waiting. Nothing more is asked or offered."""
    netting = decide.safety_netting(Disposition.CALL_999, [])
    said = [_bot(CALL_999_INSTRUCTION, "emergency"), _bot(netting, "safety")]
    return c.model_copy(update={"step": Step.EMERGENCY, "question_id": None, "messages": [*c.messages, *said]})


def _finish(c: Conversation, said: list[Message]) -> Conversation:
    """Every ending that is not an emergency closes with the triage's safety-netting advice."""
    netting = c.triage.safety_netting if c.triage else decide.safety_netting(Disposition.UTC, [])
    return c.model_copy(update={"step": Step.DONE, "messages": [*c.messages, *said, _bot(netting, "safety")]})


def _bot(text: str, kind: str = "text", card: Card | None = None) -> Message:
    return Message(role="bot", kind=kind, text=text, card=card)


def _patient(text: str) -> Message:
    return Message(role="patient", text=text)

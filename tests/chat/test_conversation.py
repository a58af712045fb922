"""The patient chat's state machine, without I/O: what it asks next, when it stops, and what it never does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chat import conversation as conv
from chat.conversation import Booked, Card, Conversation, InvalidChatInput, Need, StaleTurn, Step, Triaged
from models.vocabulary import Disposition, ServiceType
from routing.ranking import CALL_999_INSTRUCTION
from triage import decide
from triage.grouping import guess_group
from triage.groups import Answer, SymptomGroup
from triage.questions import QUESTIONS

WHEN = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
NETTING = decide.safety_netting(Disposition.PHARMACY, [])


def card(service_id: str, name: str = "Boots") -> Card:
    return Card(
        service_id=service_id,
        name=name,
        kind=conv.TYPE_WORDS[ServiceType.COMMUNITY_PHARMACY],
        address="City Station, Leeds, LS1 4DT",
        window_start=WHEN,
        travel_minutes=4,
        distance_km=0.6,
    )


def triage_result(disposition: Disposition) -> Triaged:
    netting = decide.safety_netting(disposition, ["answer x.y: yes"])
    return Triaged(triage_id="t-1", disposition=disposition, safety_netting=netting)


def interview(group: SymptomGroup, age: float, answers: st.DataObject) -> Conversation:
    """A patient who picks `group` and answers every question as `answers` draws them."""
    c = conv.describe(conv.start(), 0, "I feel unwell", age)
    assert c.step is Step.GROUP
    c = conv.choose_group(c, c.turn, group)
    while c.step is Step.QUESTION:
        assert c.question_id is not None
        c = conv.answer(c, c.turn, c.question_id, answers.draw(st.sampled_from(Answer)))
    return c


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("pain in my chest and a cough", SymptomGroup.CHEST_PAIN),
        ("itchy raised rash on my arm", SymptomGroup.ALLERGIC_REACTION),
        ("my little boy has a temperature", SymptomGroup.FEVER),
        ("fell off a ladder and my wrist is a funny shape", SymptomGroup.INJURY),
        ("I just feel odd", None),
    ],
)
def test_the_group_comes_from_the_patients_own_words(text: str, group: SymptomGroup | None) -> None:
    assert guess_group(text) == group


def test_a_blank_description_or_impossible_age_is_refused_with_a_sentence() -> None:
    with pytest.raises(InvalidChatInput, match="Please tell me what is wrong"):
        conv.describe(conv.start(), 0, "  \n ", 30)
    with pytest.raises(InvalidChatInput, match="age in years"):
        conv.describe(conv.start(), 0, "cough", 130)


def test_words_alone_can_end_the_chat_with_999() -> None:
    c = conv.describe(conv.start(), 0, "crushing chest pain going into my left arm", 60)
    assert c.step is Step.EMERGENCY and conv.need(c) is Need.TRIAGE  # recorded, but the patient is told first
    assert c.messages[-2].text == CALL_999_INSTRUCTION and c.messages[-2].kind == "emergency"
    assert conv.prompt(c).kind == "none"


def test_unknown_words_ask_the_patient_to_choose_a_group() -> None:
    c = conv.describe(conv.start(), 0, "I just feel odd", 40)
    choices = conv.prompt(c).choices
    assert conv.prompt(c).kind == "group" and {ch.value for ch in choices} == set(SymptomGroup)


@settings(max_examples=60, deadline=None)
@given(group=st.sampled_from(SymptomGroup), age=st.integers(0, 100), answers=st.data())
def test_an_emergency_answer_stops_everything(group: SymptomGroup, age: int, answers: st.DataObject) -> None:
    c = interview(group, age, answers)
    emergency = any(a.positive and QUESTIONS[q].floor is Disposition.CALL_999 for q, a in c.answers.items())
    assert (c.step is Step.EMERGENCY) == emergency
    if emergency:
        assert [m.kind for m in c.messages[-2:]] == ["emergency", "safety"]
        c = conv.triaged(c, triage_result(Disposition.SELF_CARE))
        assert c.step is Step.EMERGENCY and conv.need(c) is None and conv.prompt(c).kind == "none"
        with pytest.raises(StaleTurn):
            conv.give_postcode(c, c.turn, "LS1 4AP")


@settings(max_examples=60, deadline=None)
@given(
    group=st.sampled_from(SymptomGroup),
    age=st.integers(0, 100),
    answers=st.data(),
    model=st.sampled_from(Disposition),
)
def test_triage_can_raise_urgency_but_never_lower_it(
    group: SymptomGroup, age: int, answers: st.DataObject, model: Disposition
) -> None:
    c = interview(group, age, answers)
    c = conv.triaged(c, triage_result(model))
    assert c.triage is not None
    assert c.triage.disposition.urgency >= max(model.urgency, c.floor().urgency)
    if c.triage.disposition is Disposition.CALL_999:
        assert c.step is Step.EMERGENCY and not c.options
    else:
        assert c.step is Step.POSTCODE


@settings(max_examples=40, deadline=None)
@given(group=st.sampled_from(SymptomGroup), answers=st.data())
def test_every_input_acts_once_and_the_conversation_survives_json(group: SymptomGroup, answers: st.DataObject) -> None:
    c = interview(group, 40, answers)
    assert Conversation.model_validate_json(c.model_dump_json()) == c
    with pytest.raises(StaleTurn):
        conv.describe(c, 0, "resent", 40)
    with pytest.raises(StaleTurn):
        conv.choose_group(c, 1, group)


def offered() -> Conversation:
    c = conv.describe(conv.start(), 0, "itchy raised rash on my arm", 30)
    for reply in (Answer.NO, Answer.NO, Answer.YES):
        assert c.question_id is not None
        c = conv.answer(c, c.turn, c.question_id, reply)
    c = conv.triaged(c, triage_result(Disposition.PHARMACY))
    c = conv.give_postcode(c, c.turn, "ls1 4ap")
    assert c.postcode == "LS1 4AP" and conv.need(c) is Need.ROUTE
    return conv.routed(c, [card("A-PHA", "Boots"), card("B-PHA", "Superdrug")])


def test_booking_ends_with_the_reference_then_safety_netting() -> None:
    c = offered()
    assert [ch.value for ch in conv.prompt(c).choices] == ["A-PHA", "B-PHA"]
    c = conv.book(c, c.turn, "A-PHA")
    assert conv.need(c) is Need.BOOK
    with pytest.raises(StaleTurn):  # a double click: the second press answers a turn already taken
        conv.book(c, c.turn - 1, "A-PHA")
    c = conv.booked(c, Booked(reference="ABCD2345", card=card("A-PHA")))
    assert c.finished and "ABCD2345" in c.messages[-2].text
    assert c.messages[-1].kind == "safety" and c.messages[-1].text == NETTING


def test_a_slot_taken_meanwhile_offers_the_next_best_or_sends_to_111() -> None:
    c = conv.book(offered(), offered().turn, "A-PHA")
    c = conv.slot_taken(c, "A-PHA")
    assert conv.need(c) is Need.ROUTE and "Boots has just filled up" in c.messages[-1].text
    again = conv.routed(c, [card("A-PHA", "Boots"), card("B-PHA", "Superdrug")])
    assert [o.service_id for o in again.options] == ["B-PHA"]
    nothing = conv.routed(c, [card("A-PHA", "Boots")])
    assert nothing.finished and "call 111" in nothing.messages[-2].text
    assert nothing.messages[-1].kind == "safety"


def test_only_offered_services_can_be_booked() -> None:
    c = offered()
    with pytest.raises(InvalidChatInput, match="choose one of the services"):
        conv.book(c, c.turn, "RR801-ED")


def test_a_pharmacy_with_no_live_feed_is_explained_never_booked() -> None:
    c = offered()
    walk_in = card("A-PHA").model_copy(update={"bookable": False, "how": "Walk in: open until 21:00."})
    guided = conv.routed(c.model_copy(update={"step": Step.ROUTE, "options": []}), [walk_in])
    assert guided.finished and guided.booking is None
    assert "Walk in: open until 21:00." in guided.messages[-2].text and guided.messages[-2].card == walk_in
    assert guided.messages[-1].kind == "safety"


def test_self_care_is_advice_then_pharmacies_then_safety_netting() -> None:
    c = offered()
    suggestion = card("A-PHA").model_copy(update={"bookable": False, "how": "Walk in: open until 18:00."})
    done = conv.guided(c, [suggestion], ("This can be looked after at home.",))
    said = [m.text for m in done.messages[-3:]]
    assert said[0] == "This can be looked after at home." and "Walk in" in said[1]
    assert done.finished and done.messages[-1].kind == "safety" and done.booking is None


def test_the_patient_chooses_how_to_travel() -> None:
    from routing.policy import TravelMode

    c = conv.describe(conv.start(), 0, "itchy raised rash on my arm", 30)
    for reply in (Answer.NO, Answer.NO, Answer.YES):
        assert c.question_id is not None
        c = conv.answer(c, c.turn, c.question_id, reply)
    c = conv.triaged(c, triage_result(Disposition.PHARMACY))
    assert conv.give_postcode(c, c.turn, "LS1 4AP").mode is TravelMode.CAR
    assert conv.give_postcode(c, c.turn, "LS1 4AP", TravelMode.WALK).mode is TravelMode.WALK

"""Each message in plain English: where, when, the reference, what to bring, safety-netting and the patient's link."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from models.notify_tables import MessageKind
from notify.messages import SAFETY_NETTING, Facts, render, when

FACTS = Facts(
    kind=MessageKind.CONFIRMED,
    reference="ABC23XYZ",
    service_name="Leeds General Infirmary Emergency Department",
    address="Great George Street, Leeds",
    postcode="LS1 3EX",
    phone="0113 243 2799",
    window_start=datetime(2026, 12, 7, 14, 30, tzinfo=UTC),
    link="https://111.example/my/token",
)


def test_a_confirmation_says_where_when_what_to_bring_and_when_to_call_999() -> None:
    message = render(FACTS)
    assert "ABC23XYZ" in message.subject
    for words in ("Monday 7 December at 2:30pm", "Great George Street", "LS1 3EX", "0113 243 2799", "medicines"):
        assert words in message.body
    assert SAFETY_NETTING in message.body
    assert message.body.endswith(FACTS.link)


def test_times_are_uk_time_in_summer_too() -> None:
    assert when(datetime(2026, 7, 1, 8, 5, tzinfo=UTC)) == "Wednesday 1 July at 9:05am"


def test_a_rebooking_says_why_and_where_the_patient_goes_now() -> None:
    moved = replace(FACTS, kind=MessageKind.REBOOKED, cause="closed", old_service_name="St James's")
    body = render(moved).body
    assert body.startswith("St James's has had to close, so we have booked you somewhere else.")
    assert "Leeds General Infirmary" in body and FACTS.link in body


def test_a_cancellation_without_an_alternative_says_a_clinician_will_phone() -> None:
    body = render(replace(FACTS, kind=MessageKind.CANCELLED, cause="closed", callback=True)).body
    assert "A clinician from NHS 111 will phone you" in body and SAFETY_NETTING in body


@pytest.mark.parametrize("kind", list(MessageKind))
def test_every_kind_has_words_and_names_no_clinical_detail(kind: MessageKind) -> None:
    message = render(replace(FACTS, kind=kind))
    assert message.subject.startswith("NHS 111") and FACTS.link in message.body
    assert not any(word in message.body.lower() for word in ("triage", "disposition", "symptom", "diagnos"))

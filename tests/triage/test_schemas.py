"""Bad input is refused with a message naming the field, never guessed at."""

from __future__ import annotations

from typing import Any

import pytest

from triage.errors import InvalidReport
from triage.schemas import MAX_TEXT, parse_report

GOOD: dict[str, Any] = {"text": "sore throat for two days", "age": 30, "sex": "female"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "a" * (MAX_TEXT + 1)}, "text"),
        ({"age": -1}, "age"),
        ({"age": 130}, "age"),
        ({"sex": "robot"}, "sex"),
        ({"symptom_group": "elbow"}, "symptom_group"),
        ({"answers": {"chest_pain.made_up": "yes"}}, "answers"),
        ({"answers": {"chest_pain.crushing": "perhaps"}}, "answers.chest_pain.crushing"),
        ({"observations": {"spo2": 30}}, "observations.spo2"),
        ({"observations": {"respiratory_rate": 200}}, "observations.respiratory_rate"),
        ({"observations": {"temperature": 47.0}}, "observations.temperature"),
        ({"postcode": "LS1 4AP"}, "postcode"),
    ],
)
def test_a_bad_report_is_refused_naming_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidReport) as caught:
        parse_report({**GOOD, **change})
    assert caught.value.field == field
    assert caught.value.detail.startswith(f"{field}: ")


def test_the_refusal_does_not_echo_the_unknown_text() -> None:
    with pytest.raises(InvalidReport) as caught:
        parse_report({**GOOD, "age": 999})
    assert "sore throat" not in caught.value.detail


def test_a_good_report_parses_and_boolean_answers_become_yes_no() -> None:
    report = parse_report({**GOOD, "answers": {"chest_pain.crushing": False}})
    assert report.answers["chest_pain.crushing"].value == "no"

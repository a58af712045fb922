"""The scoring without red-flag phrases is skipped when the model already chose 999: the model's choice is the one the
full second scoring gives, on generated reports with red flags put in (long ones too, where it is skipped most)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.vocabulary import Disposition
from tests.triage.reports import generated
from triage import decide, features, phrases, uncertainty
from triage.findings import extract
from triage.schemas import TriageReport, parse_report
from triage.service import Triager, baseline

# An equality proof over thousands of generated reports: the rest of tests/triage covers every line it runs (checked:
# triage's coverage is the same with and without this mark), and tracing its loops cost about 15 s of the suite's
# CPU together with test_recut, test_scan_equality and test_second_scoring, which carry the same mark.
pytestmark = pytest.mark.no_cover

_REPORTS = generated(97531, 200)
_FLAGS = (
    "crushing chest pain",
    "can't breathe",
    "lips are blue",
    "face has dropped on one side",
    "tongue swelling",
    "no fever, can't breathe",
    "she had a seizure",
    "sats 84%",
    "",
)


def _always_rescored(triager: Triager, report: TriageReport) -> Disposition:
    """The model's choice as computed before the skip: the second scoring runs whatever the first choice was."""
    f = extract(report.text)
    proba = triager.scorer.proba(features.row(report, f))
    choice = decide.policy(proba, triager.thresholds)
    base = baseline(report, phrases.matches(report.text, f), f)
    if base is None:
        return choice
    base_f = extract(base.text)
    base_row = features.row(base, base_f)
    if features.blank(base_row):
        return choice
    base_proba = triager.scorer.proba(base_row)
    base_choice = decide.policy(base_proba, triager.thresholds)
    unsure = uncertainty.reasons(base_f, base_proba, triager.conformal_q)
    base_choice = triager.doubted(base_choice, unsure, uncertainty.unreadable(base_f), base_proba)
    return decide.escalate(choice, [base_choice])


def _served(triager: Triager, report: TriageReport) -> Disposition:
    return triager.assess(report).model_disposition


def _report(i: int, flag: str, before: bool, long: bool) -> TriageReport:
    base = _REPORTS[i % len(_REPORTS)]
    text = str(base["text"])
    if long:  # a 1,200-character report of several complaints, as the bench's
        j = i + 1
        while len(text) < 1200:
            text += ". " + str(_REPORTS[j % len(_REPORTS)]["text"])
            j += 1
        text = text[:1200]
    text = f"{flag}, {text}" if before and flag else f"{text}, {flag}" if flag else text
    return parse_report({**base, "text": text})


def test_the_skip_is_taken_and_changes_no_choice(triager: Triager) -> None:
    skipped = 0
    for i in range(0, 200, 2):
        for flag in _FLAGS[:3]:
            report = _report(i, flag, before=i % 4 == 0, long=True)
            f = extract(report.text)
            first = decide.policy(triager.scorer.proba(features.row(report, f)), triager.thresholds)
            found = phrases.matches(report.text, f)
            skipped += first is Disposition.CALL_999 and baseline(report, found, f) is not None
            assert _served(triager, report) is _always_rescored(triager, report), report.text
    assert skipped >= 20  # the shortcut is exercised, not only the full path


@settings(
    max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(0, 199), st.sampled_from(_FLAGS), st.booleans(), st.booleans())
def test_any_report_gets_the_fully_rescored_choice(
    triager: Triager, i: int, flag: str, before: bool, long: bool
) -> None:
    report = _report(i, flag, before, long)
    assert _served(triager, report) is _always_rescored(triager, report), report.text

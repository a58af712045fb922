"""A report as the triage tests write one: free text and an age, anything else by keyword."""

from __future__ import annotations

from triage.schemas import TriageResult, parse_report
from triage.service import Triager


def assess(triager: Triager, text: str, age: float = 35, **kw: object) -> TriageResult:
    return triager.assess(parse_report({"text": text, "age": age, **kw}))

"""Calibration of P(ED or 999) on labelled stories: bins of the probability against how many were emergencies."""

from __future__ import annotations

from typing import Any

import pytest

from triage.training import evaluation


def _row(p: float, emergency: bool) -> dict[str, Any]:
    return {"p_emergency": p, "emergency": emergency}


def test_reliability_bins_hold_the_mean_probability_and_the_share_of_emergencies() -> None:
    rows = [_row(0.05, False), _row(0.15, False), _row(0.1, True), _row(0.9, True), _row(1.0, True), _row(0.5, False)]
    bins = evaluation.reliability(rows, bins=5)
    assert [b["bin"] for b in bins] == [0.0, 0.4, 0.8]  # empty bins are left out
    assert [b["n"] for b in bins] == [3, 1, 2]
    assert bins[0]["predicted"] == pytest.approx(0.1) and bins[0]["observed"] == pytest.approx(1 / 3)
    assert bins[1] == {"bin": 0.4, "predicted": 0.5, "observed": 0.0, "n": 1}
    assert bins[2]["predicted"] == pytest.approx(0.95) and bins[2]["observed"] == 1.0


def test_no_cases_no_bins() -> None:
    assert evaluation.reliability([]) == []

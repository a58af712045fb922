"""Shared triage fixtures: the shipped artifact, loaded once per test session (no training, no mocks)."""

from __future__ import annotations

from typing import Any

import pytest
from sklearn.pipeline import Pipeline

from triage import reference
from triage.service import Triager, default_artifacts_dir


@pytest.fixture(scope="session")
def shipped() -> tuple[Pipeline, dict[str, Any]]:
    """The reference pipeline (model.skops), for comparing the fast path with sklearn."""
    return reference.load(default_artifacts_dir())


@pytest.fixture(scope="session")
def triager() -> Triager:
    """The triager as the service loads it: from scorer.npz."""
    return Triager.load(default_artifacts_dir())

"""Shared triage fixtures: the shipped artifact, loaded once per test session (no training, no mocks)."""

from __future__ import annotations

from typing import Any

import pytest
from sklearn.pipeline import Pipeline

from triage import artifact
from triage.service import Triager, default_artifacts_dir


@pytest.fixture(scope="session")
def shipped() -> tuple[Pipeline, dict[str, Any]]:
    return artifact.load(default_artifacts_dir())


@pytest.fixture(scope="session")
def triager(shipped: tuple[Pipeline, dict[str, Any]]) -> Triager:
    return Triager.of(*shipped)

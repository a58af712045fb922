"""Shared triage fixtures: the shipped artifact, loaded once per test session (no training, no mocks)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from triage.service import Triager, default_artifacts_dir

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


@pytest.fixture(scope="session")
def shipped() -> tuple[Pipeline, dict[str, Any]]:
    """The reference pipeline (model.skops), for comparing the fast path with sklearn."""
    # Imported here: sklearn and skops cost seconds of CPU, which only the worker running a test that asks pays
    # (every pytest-xdist worker loads this conftest while collecting).
    from triage import reference

    return reference.load(default_artifacts_dir())


@pytest.fixture(scope="session")
def triager() -> Triager:
    """The triager as the service loads it: from scorer.npz."""
    return Triager.load(default_artifacts_dir())

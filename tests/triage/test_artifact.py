"""The artifact is skops (never pickle), checked before it is trusted: missing, tampered, mismatched or
carrying a type outside the allow-list means ModelUnavailable, never a silent guess."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
import skops.io as sio
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from models.errors import Unavailable
from triage import artifact
from triage.errors import ArtifactMismatch, ArtifactMissing, ModelUnavailable
from triage.schemas import TriageReport
from triage.service import Triager, default_artifacts_dir


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    out = tmp_path / "artifacts"
    shutil.copytree(default_artifacts_dir(), out)
    return out


def test_model_unavailable_is_a_503_style_domain_error() -> None:
    assert issubclass(ModelUnavailable, Unavailable)
    assert issubclass(ArtifactMissing, ModelUnavailable)
    assert issubclass(ArtifactMismatch, ModelUnavailable)


def test_the_shipped_artifact_is_small_and_not_a_pickle() -> None:
    model = default_artifacts_dir() / artifact.MODEL
    assert model.stat().st_size < 15 * 1024 * 1024
    assert model.read_bytes()[:2] == b"PK"  # a skops zip archive, not a pickle stream
    assert (default_artifacts_dir() / "calibration.png").is_file()
    assert (default_artifacts_dir() / "confusion.md").is_file()


def test_the_metadata_records_what_the_card_reports() -> None:
    meta = artifact.read_metadata(default_artifacts_dir())
    for key in ("training_data_sha256", "seed", "n", "thresholds", "created", "version", "artifact_sha256"):
        assert key in meta
    test = meta["test_metrics"]["with_rules"]
    for key in ("accuracy", "macro_f1", "emergency_under_triage_rate", "over_triage_rate", "confusion"):
        assert key in test
    assert set(meta["test_metrics"]["model_policy"]["brier"]) >= {"CALL_999", "SELF_CARE", "mean"}


def test_a_missing_artifact_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArtifactMissing, match="one111 triage train"):
        Triager.load(tmp_path)


def test_a_tampered_model_file_is_refused_before_it_is_parsed(copy: Path) -> None:
    model = copy / artifact.MODEL
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    with pytest.raises(ArtifactMismatch, match="does not match the hash"):
        Triager.load(copy)


def test_an_artifact_from_other_library_versions_is_refused(copy: Path) -> None:
    meta = json.loads((copy / artifact.METADATA).read_text())
    meta["versions"]["sklearn"] = "0.24.2"
    (copy / artifact.METADATA).write_text(json.dumps(meta))
    with pytest.raises(ArtifactMismatch, match="retrain"):
        Triager.load(copy)


def test_corrupt_metadata_is_refused(copy: Path) -> None:
    (copy / artifact.METADATA).write_text("{not json")
    with pytest.raises(ModelUnavailable, match="unreadable"):
        Triager.load(copy)


def test_a_file_asking_for_a_type_outside_the_allow_list_is_refused(tmp_path: Path) -> None:
    # A correctly hashed file (as an attacker with write access could make) that would call os.system.
    sio.dump(Pipeline([("evil", FunctionTransformer(os.system))]), tmp_path / artifact.MODEL)
    meta = {"versions": artifact.versions(), "artifact_sha256": artifact.sha256(tmp_path / artifact.MODEL)}
    (tmp_path / artifact.METADATA).write_text(json.dumps(meta))
    with pytest.raises(ArtifactMismatch, match="allow-list"):
        Triager.load(tmp_path)


def test_a_saved_model_decides_as_before_and_keeps_no_per_term_arrays(tmp_path: Path) -> None:
    """Vocabularies are stored as plain ints (numpy ints cost skops one file each and most of a load)."""
    pipeline, metadata = artifact.load(default_artifacts_dir())
    reports = [TriageReport(text=text, age=40, sex="female") for text in TEXTS]
    before = [Triager.of(pipeline, metadata).assess(report) for report in reports]
    saved = artifact.save(pipeline, {**metadata, "created": "2026-12-06"}, tmp_path)
    again = Triager.of(artifact.load(tmp_path)[0], saved)
    after = [again.assess(report) for report in reports]
    assert [(a.disposition, a.probabilities) for a in after] == [(b.disposition, b.probabilities) for b in before]
    with zipfile.ZipFile(tmp_path / artifact.MODEL) as archive:
        assert sum(name.endswith(".npy") for name in archive.namelist()) < 100


TEXTS = ["crushing chest pain and sweating", "runny nose for two days", "toothache, swollen gum", "help"]

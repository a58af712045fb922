"""The artifact is scorer.npz for serving and skops for the reference pipeline (never pickle), each checked before it
is trusted: missing, tampered, mismatched, holding an object array or asking for a type outside the allow-list
means ModelUnavailable, never a silent guess."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from models.errors import Unavailable
from triage import artifact, reference
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
    scorer = default_artifacts_dir() / artifact.SCORER
    assert scorer.stat().st_size < 5 * 1024 * 1024
    with np.load(scorer, allow_pickle=False) as arrays:  # refuses any object (pickled) array
        assert all(arrays[name].dtype != object for name in arrays.files)
    assert (default_artifacts_dir() / "calibration.png").is_file()
    assert (default_artifacts_dir() / "confusion.md").is_file()


def test_the_metadata_records_what_the_card_reports() -> None:
    meta = artifact.read_metadata(default_artifacts_dir())
    for key in (
        "training_data_sha256",
        "seed",
        "n",
        "thresholds",
        "created",
        "version",
        "artifact_sha256",
        "scorer_sha256",
    ):
        assert key in meta
    test = meta["test_metrics"]["with_rules"]
    for key in ("accuracy", "macro_f1", "emergency_under_triage_rate", "over_triage_rate", "confusion"):
        assert key in test
    assert set(meta["test_metrics"]["model_policy"]["brier"]) >= {"CALL_999", "SELF_CARE", "mean"}


def test_a_missing_artifact_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArtifactMissing, match="one111 triage train"):
        Triager.load(tmp_path)


def test_a_missing_scorer_is_refused_naming_the_export(copy: Path) -> None:
    (copy / artifact.SCORER).unlink()
    with pytest.raises(ArtifactMissing, match="one111 triage export"):
        Triager.load(copy)


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_tampered_model_file_is_refused_before_it_is_parsed(copy: Path) -> None:
    _flip_a_byte(copy / artifact.SCORER)
    with pytest.raises(ArtifactMismatch, match="does not match the hash"):
        Triager.load(copy)
    _flip_a_byte(copy / artifact.MODEL)
    with pytest.raises(ArtifactMismatch, match="does not match the hash"):
        reference.load(copy)


def test_an_artifact_from_other_library_versions_is_refused(copy: Path) -> None:
    """The skops file needs the sklearn and skops it was built with; the served scorer needs only the feature,
    pipeline and scorer formats, so a server never imports sklearn to check them."""
    meta = json.loads((copy / artifact.METADATA).read_text())
    meta["versions"]["sklearn"] = "0.24.2"
    (copy / artifact.METADATA).write_text(json.dumps(meta))
    with pytest.raises(ArtifactMismatch, match="retrain"):
        reference.load(copy)
    assert Triager.load(copy).version == meta["version"]
    for key in ("scorer_format", "feature_version", "model_format"):
        (copy / artifact.METADATA).write_text(json.dumps({**meta, "versions": {**meta["versions"], key: 99}}))
        with pytest.raises(ArtifactMismatch, match="retrain"):
            Triager.load(copy)


def _hashed_scorer(directory: Path, arrays: dict[str, object]) -> None:
    """A scorer.npz written as an attacker with write access could: its hash recorded in the metadata."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    (directory / artifact.SCORER).write_bytes(buffer.getvalue())
    meta = json.loads((directory / artifact.METADATA).read_text())
    meta["scorer_sha256"] = artifact.sha256(directory / artifact.SCORER)
    (directory / artifact.METADATA).write_text(json.dumps(meta))


def test_a_scorer_holding_a_pickled_object_is_refused(copy: Path) -> None:
    with np.load(copy / artifact.SCORER, allow_pickle=False) as stored:
        arrays: dict[str, object] = {name: stored[name] for name in stored.files}
    arrays["beta"] = np.array([os.system], dtype=object)  # loading it would need pickle
    _hashed_scorer(copy, arrays)
    with pytest.raises(ArtifactMismatch, match="does not hold the scorer"):
        Triager.load(copy)


def test_a_scorer_of_another_format_or_missing_an_array_is_refused(copy: Path) -> None:
    with np.load(copy / artifact.SCORER, allow_pickle=False) as stored:
        arrays: dict[str, object] = {name: stored[name] for name in stored.files}
    _hashed_scorer(copy, {**arrays, "format": np.array(99)})
    with pytest.raises(ArtifactMismatch, match="scorer format 99"):
        Triager.load(copy)
    _hashed_scorer(copy, {k: v for k, v in arrays.items() if k != "char_weights"})
    with pytest.raises(ArtifactMismatch, match="char_weights"):
        Triager.load(copy)


def test_the_shipped_scorer_is_what_the_shipped_model_exports_to(copy: Path) -> None:
    """`one111 triage export` rewrites scorer.npz from model.skops byte for byte: the shipped arrays are the shipped
    model's, and the model version and every other metadata field stay as they were."""
    before = json.loads((copy / artifact.METADATA).read_text())
    (copy / artifact.SCORER).unlink()
    after = reference.export(copy)
    assert artifact.sha256(copy / artifact.SCORER) == artifact.sha256(default_artifacts_dir() / artifact.SCORER)
    assert after == before
    assert (copy / artifact.METADATA).read_text() == (default_artifacts_dir() / artifact.METADATA).read_text()


def test_thresholds_changed_by_hand_are_refused_until_refitted(copy: Path) -> None:
    """Every triage record names the model version, so a threshold changed without a new version would make records
    name thresholds that did not decide them."""
    metadata = json.loads((copy / artifact.METADATA).read_text())
    metadata["thresholds"]["ED"] = 0.3
    (copy / artifact.METADATA).write_text(json.dumps(metadata))
    with pytest.raises(ArtifactMismatch, match="one111 triage refit"):
        Triager.load(copy)


def test_corrupt_metadata_is_refused(copy: Path) -> None:
    (copy / artifact.METADATA).write_text("{not json")
    with pytest.raises(ModelUnavailable, match="unreadable"):
        Triager.load(copy)


def test_a_file_asking_for_a_type_outside_the_allow_list_is_refused(tmp_path: Path) -> None:
    # A correctly hashed file (as an attacker with write access could make) that would call os.system.
    sio.dump(Pipeline([("evil", FunctionTransformer(os.system))]), tmp_path / artifact.MODEL)
    meta = {"versions": reference.versions(), "artifact_sha256": artifact.sha256(tmp_path / artifact.MODEL)}
    (tmp_path / artifact.METADATA).write_text(json.dumps(meta))
    with pytest.raises(ArtifactMismatch, match="allow-list"):
        reference.load(tmp_path)


def test_a_saved_model_decides_as_before_and_keeps_no_per_term_arrays(tmp_path: Path) -> None:
    """Vocabularies are stored as plain ints (numpy ints cost skops one file each and most of a load); the saved
    scorer.npz, as the service loads it, decides as the pipeline did."""
    pipeline, metadata = reference.load(default_artifacts_dir())
    reports = [TriageReport(text=text, age=40, sex="female") for text in TEXTS]
    before = [Triager.of(pipeline, metadata).assess(report) for report in reports]
    saved = reference.save(pipeline, {**metadata, "created": "2026-12-06"}, tmp_path)
    for again in (Triager.of(reference.load(tmp_path)[0], saved), Triager.load(tmp_path)):
        after = [again.assess(report) for report in reports]
        assert [(a.disposition, a.probabilities) for a in after] == [(b.disposition, b.probabilities) for b in before]
    with zipfile.ZipFile(tmp_path / artifact.MODEL) as archive:
        assert sum(name.endswith(".npy") for name in archive.namelist()) < 100


TEXTS = ["crushing chest pain and sweating", "runny nose for two days", "toothache, swollen gum", "help"]

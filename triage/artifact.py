"""The trained model as serving reads it: metadata.json and scorer.npz (numpy arrays, never pickle), checked
before they are trusted. No sklearn, skops or scipy here: a worker starts without them.

scorer.npz holds the reference pipeline folded into the fast scorer's arrays (triage.fastpath.arrays): term
lists, idf, weights, analyzer settings, bias, inverse temperature, classes. Training writes it next to the
reference pipeline's model.skops (triage/reference.py, read only by training, tests and benches) and records
both files' hashes in metadata.json. Loading refuses a scorer whose bytes do not match its recorded hash
(tampered or corrupt), whose feature, pipeline or scorer format differs from this process's, or that holds an
object array (numpy refuses those with allow_pickle=False, so a crafted file cannot run code).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from triage import fastpath
from triage.errors import ArtifactMismatch, ArtifactMissing, ModelUnavailable
from triage.features import FEATURE_VERSION

MODEL, SCORER, METADATA = "model.skops", "scorer.npz", "metadata.json"
_EPOCH = (1980, 1, 1, 0, 0, 0)  # every member's zip timestamp: the same arrays give the same bytes, and hash


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def serving_versions() -> dict[str, Any]:
    """What scorer.npz must have been built with to be served here (no library version: the arrays are plain
    numpy .npy files, a format numpy keeps readable)."""
    return {
        "feature_version": FEATURE_VERSION,
        "model_format": fastpath.MODEL_FORMAT,
        "scorer_format": fastpath.SCORER_FORMAT,
    }


def write_scorer(arrays: fastpath.Arrays, path: Path) -> str:
    """Write the arrays as an .npz (one .npy per array, no pickle), byte for byte reproducible; returns its hash."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            archive.writestr(info, member.getvalue(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return sha256(path)


def read_metadata(artifacts_dir: Path) -> dict[str, Any]:
    path = artifacts_dir / METADATA
    if not path.is_file():
        raise ArtifactMissing(f"No trained triage model in {artifacts_dir}: run `one111 triage train`.")
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"The triage model metadata in {artifacts_dir} is unreadable: {exc}.") from exc
    if not isinstance(data, dict):
        raise ModelUnavailable(f"The triage model metadata in {artifacts_dir} is not a JSON object.")
    return data


def version_of(metadata: dict[str, Any]) -> str:
    """The model version: the day it was trained and a digest of the model file and the policy over it (thresholds
    and conformal cut-off). Every triage record names this version, so it must name the thresholds that decided as
    well as the weights: refitted thresholds are a new version."""
    day = str(metadata.get("created", "unknown"))[:10].replace("-", ".")
    keys = ("artifact_sha256", "thresholds", "conformal")
    digest = hashlib.sha256(json.dumps({k: metadata.get(k) for k in keys}, sort_keys=True).encode()).hexdigest()
    return f"triage-{day}-{digest[:8]}"


def check_version(metadata: dict[str, Any]) -> None:
    """Refuse metadata whose thresholds or cut-off were changed without a new version (`one111 triage refit`)."""
    if metadata.get("version") != version_of(metadata):
        raise ArtifactMismatch(
            f"The triage model's version {metadata.get('version')!r} does not match its model and thresholds: "
            "they were changed by hand; refit them with `one111 triage refit` or retrain."
        )


def check_versions(metadata: dict[str, Any], expected: dict[str, Any]) -> None:
    """Refuse an artifact built with other versions of what `expected` names."""
    recorded = metadata.get("versions")
    found = {k: recorded.get(k) for k in expected} if isinstance(recorded, dict) else recorded
    if found != expected:
        raise ArtifactMismatch(
            f"The triage model was built with {found} but this process has {expected}: "
            "retrain it with `one111 triage train`."
        )


def matching_bytes(metadata: dict[str, Any], key: str, path: Path) -> bytes:
    """The file's bytes, refused unless they hash to the sha256 its metadata records under `key`."""
    data = path.read_bytes()
    if metadata.get(key) != hashlib.sha256(data).hexdigest():
        raise ArtifactMismatch(f"{path} does not match the hash in its metadata: corrupt or altered.")
    return data


def load(artifacts_dir: Path) -> tuple[fastpath.FastScorer, dict[str, Any]]:
    """The scorer and metadata serving uses; raises ModelUnavailable (or a subclass) if missing, altered or
    mismatched. The bytes hashed are the bytes parsed: the file is read once."""
    metadata = read_metadata(artifacts_dir)
    path = artifacts_dir / SCORER
    if not path.is_file():
        raise ArtifactMissing(
            f"{path} is missing: write it from model.skops with `one111 triage export`, or retrain with "
            "`one111 triage train`."
        )
    check_versions(metadata, serving_versions())
    check_version(metadata)
    return _parsed(matching_bytes(metadata, "scorer_sha256", path), path), metadata


@functools.lru_cache(maxsize=4)
def _parsed(data: bytes, path: Path) -> fastpath.FastScorer:
    """The scorer in `data`, whose hash `load` has just checked: built once per process for each file's bytes,
    since a process that opens the app more than once (the CLI, the tests) would build it again, and its
    per-word caches stay warm. The scorer is only read, never changed."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            return fastpath.from_arrays(arrays)
    except (KeyError, ValueError) as exc:  # an array missing, another format, or an object (pickled) array
        raise ArtifactMismatch(f"{path} does not hold the scorer this process reads: {exc}") from exc
    except Exception as exc:  # numpy and zipfile raise many types on a bad file; all mean "unusable"
        raise ModelUnavailable(f"{path} could not be loaded: {type(exc).__name__}.") from exc

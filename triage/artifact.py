"""The trained model on disk: a skops file (never pickle) plus metadata.json, checked before it is trusted.

Loading refuses an artifact whose bytes do not match the hash recorded at training (tampered or corrupt),
whose library or feature versions differ from this process's, or whose skops file asks for any type
outside `ALLOWED_TYPES`: skops only builds the types we name, so a crafted file cannot run code.
"""

from __future__ import annotations

import functools
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import sklearn
import skops
import skops.io as sio
from sklearn.pipeline import Pipeline
from skops.io.exceptions import UntrustedTypesFoundException

from triage.errors import ArtifactMismatch, ArtifactMissing, ModelUnavailable
from triage.features import FEATURE_VERSION
from triage.model import FORMAT

MODEL, METADATA = "model.skops", "metadata.json"
# Beyond skops' own trusted defaults, the reference pipeline needs exactly these two private sklearn types.
ALLOWED_TYPES = frozenset({"sklearn.calibration._CalibratedClassifier", "sklearn.calibration._TemperatureScaling"})


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def versions() -> dict[str, Any]:
    """What an artifact must have been built with to be loaded here."""
    return {
        "sklearn": sklearn.__version__,
        "skops": skops.__version__,
        "feature_version": FEATURE_VERSION,
        "model_format": FORMAT,
    }


def save(pipeline: Pipeline, metadata: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """Write model.skops, then metadata.json with the model's hash and versions; returns the metadata."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plain_vocabularies(pipeline)
    sio.dump(pipeline, out_dir / MODEL, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    digest = sha256(out_dir / MODEL)
    day = str(metadata.get("created", "unknown"))[:10].replace("-", ".")
    full = {**metadata, "version": f"triage-{day}-{digest[:8]}", "versions": versions(), "artifact_sha256": digest}
    (out_dir / METADATA).write_text(json.dumps(full, indent=2, sort_keys=True) + "\n")
    return full


def plain_vocabularies(estimator: Any) -> None:
    """Give every fitted vectorizer a vocabulary of plain ints. scikit-learn fills `vocabulary_` with numpy ints,
    which skops stores one .npy file each: 6,000 files for two 3,000-term vocabularies, and four fifths of the
    time it took to load the model (every worker start, every app a test makes). The ints are the same."""
    vocabulary = getattr(estimator, "vocabulary_", None)
    if isinstance(vocabulary, dict):
        estimator.vocabulary_ = {term: int(index) for term, index in vocabulary.items()}
    for child in _children(estimator):
        plain_vocabularies(child)


def _children(estimator: Any) -> list[Any]:
    """The estimators inside a Pipeline or a fitted ColumnTransformer (where the vectorizers are)."""
    steps = getattr(estimator, "transformers_", None) or getattr(estimator, "steps", None) or []
    return [step[1] for step in steps if isinstance(step, tuple) and len(step) >= 2]


def read_metadata(artifacts_dir: Path) -> dict[str, Any]:
    path = artifacts_dir / METADATA
    if not path.is_file() or not (artifacts_dir / MODEL).is_file():
        raise ArtifactMissing(f"No trained triage model in {artifacts_dir}: run `one111 triage train`.")
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ModelUnavailable(f"The triage model metadata in {artifacts_dir} is unreadable: {exc}.") from exc
    if not isinstance(data, dict):
        raise ModelUnavailable(f"The triage model metadata in {artifacts_dir} is not a JSON object.")
    return data


def check(metadata: dict[str, Any], model_path: Path) -> None:
    """Refuse an artifact built elsewhere or altered since training."""
    if metadata.get("versions") != versions():
        raise ArtifactMismatch(
            f"The triage model was built with {metadata.get('versions')} but this process has {versions()}: "
            "retrain it with `one111 triage train`."
        )
    if metadata.get("artifact_sha256") != sha256(model_path):
        raise ArtifactMismatch(f"{model_path} does not match the hash in its metadata: corrupt or altered.")


def load(artifacts_dir: Path) -> tuple[Pipeline, dict[str, Any]]:
    metadata = read_metadata(artifacts_dir)
    model_path = artifacts_dir / MODEL
    check(metadata, model_path)
    return _parsed(model_path.resolve(), str(metadata["artifact_sha256"])), metadata


@functools.lru_cache(maxsize=4)
def _parsed(model_path: Path, digest: str) -> Pipeline:
    """The model in the file whose bytes `check` has just matched to `digest`: parsed once per process for each
    (path, digest), since a process that opens the app more than once (the CLI, the tests) would parse it again.
    A changed file has another digest, so it is parsed afresh; the pipeline is only read, never fitted again."""
    try:
        # Passing the allow-list as `trusted` makes skops refuse any other non-default type, in the same single
        # parse; a separate get_untrusted_types pass gave the same answer and cost seconds more at start-up.
        pipeline = sio.load(model_path, trusted=sorted(ALLOWED_TYPES))
    except UntrustedTypesFoundException as exc:
        raise ArtifactMismatch(f"{model_path} asks for types outside the allow-list: {exc}") from exc
    except Exception as exc:  # skops raises many types on a bad file; all mean "unusable"
        raise ModelUnavailable(f"{model_path} could not be loaded: {type(exc).__name__}.") from exc
    if not isinstance(pipeline, Pipeline):
        raise ArtifactMismatch(f"{model_path} does not hold a scikit-learn Pipeline.")
    return pipeline

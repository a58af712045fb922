"""The reference sklearn pipeline on disk: model.skops (never pickle), the source scorer.npz is folded from.

Training writes it (`save`), with scorer.npz and metadata.json; `export` rewrites scorer.npz and the metadata from
an existing model.skops without retraining; tests and benches `load` it to compare the fast path against
`pipeline.predict_proba`. Serving never imports this module (sklearn, skops and scipy cost seconds of CPU at every
worker start): it reads scorer.npz through triage.artifact. Loading refuses a skops file whose bytes do not match
the recorded hash, built with other sklearn/skops/feature/pipeline versions, or asking for any type outside
`ALLOWED_TYPES`: skops only builds the types we name, so a crafted file cannot run code.
"""

from __future__ import annotations

import functools
import json
import zipfile
from pathlib import Path
from typing import Any

import sklearn
import skops
import skops.io as sio
from sklearn.pipeline import Pipeline
from skops.io.exceptions import UntrustedTypesFoundException

from triage import artifact, fastpath
from triage.artifact import METADATA, MODEL, SCORER
from triage.errors import ArtifactMismatch, ArtifactMissing, ModelUnavailable

# Beyond skops' own trusted defaults, the reference pipeline needs exactly these two private sklearn types.
ALLOWED_TYPES = frozenset({"sklearn.calibration._CalibratedClassifier", "sklearn.calibration._TemperatureScaling"})


def versions() -> dict[str, Any]:
    """What model.skops must have been built with to be loaded here (scorer.npz needs only the serving ones)."""
    return {**artifact.serving_versions(), "sklearn": sklearn.__version__, "skops": skops.__version__}


def _skops_versions() -> dict[str, Any]:
    """The versions the skops file itself depends on: an artifact from before scorer.npz has no scorer format."""
    return {k: v for k, v in versions().items() if k != "scorer_format"}


def save(pipeline: Pipeline, metadata: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """Write model.skops, scorer.npz, then metadata.json with both hashes and the versions; returns the metadata."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plain_vocabularies(pipeline)
    sio.dump(pipeline, out_dir / MODEL, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    digest = artifact.sha256(out_dir / MODEL)
    full = {**metadata, "artifact_sha256": digest}
    return _write_serving(pipeline, {**full, "version": artifact.version_of(full)}, out_dir)


def export(artifacts_dir: Path) -> dict[str, Any]:
    """Rewrite scorer.npz from the (checked) model.skops already there, and record its hash: the same model, so the
    same model version and answers. For an artifact trained before scorer.npz existed, or after its format changed."""
    pipeline, metadata = load(artifacts_dir)
    return _write_serving(pipeline, metadata, artifacts_dir)


def _write_serving(pipeline: Pipeline, metadata: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    scorer_digest = artifact.write_scorer(fastpath.arrays(pipeline), out_dir / SCORER)
    return write_metadata({**metadata, "versions": versions(), "scorer_sha256": scorer_digest}, out_dir)


def write_metadata(metadata: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    (out_dir / METADATA).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")
    return metadata


def plain_vocabularies(estimator: Any) -> None:
    """Give every fitted vectorizer a vocabulary of plain ints. scikit-learn fills `vocabulary_` with numpy ints,
    which skops stores one .npy file each: 6,000 files for two 3,000-term vocabularies, and four fifths of the
    time it took to load the model. The ints are the same."""
    vocabulary = getattr(estimator, "vocabulary_", None)
    if isinstance(vocabulary, dict):
        estimator.vocabulary_ = {term: int(index) for term, index in vocabulary.items()}
    for child in _children(estimator):
        plain_vocabularies(child)


def _children(estimator: Any) -> list[Any]:
    """The estimators inside a Pipeline or a fitted ColumnTransformer (where the vectorizers are)."""
    steps = getattr(estimator, "transformers_", None) or getattr(estimator, "steps", None) or []
    return [step[1] for step in steps if isinstance(step, tuple) and len(step) >= 2]


def load(artifacts_dir: Path) -> tuple[Pipeline, dict[str, Any]]:
    """The reference pipeline and its metadata, checked: missing, altered or mismatched raise ModelUnavailable."""
    metadata = artifact.read_metadata(artifacts_dir)
    model_path = artifacts_dir / MODEL
    if not model_path.is_file():
        raise ArtifactMissing(f"No reference model {model_path}: run `one111 triage train`.")
    artifact.check_versions(metadata, _skops_versions())
    artifact.matching_bytes(metadata, "artifact_sha256", model_path)  # skops parses the file itself
    return _parsed(model_path.resolve(), str(metadata["artifact_sha256"])), metadata


@functools.lru_cache(maxsize=4)
def _parsed(model_path: Path, digest: str) -> Pipeline:
    """The model in the file whose bytes `load` has just matched to `digest`: parsed once per process for each
    (path, digest). A changed file has another digest, so it is parsed afresh; the pipeline is only read."""
    try:
        # Passing the allow-list as `trusted` makes skops refuse any other non-default type, in the same single
        # parse; a separate get_untrusted_types pass gave the same answer and cost seconds more.
        pipeline = sio.load(model_path, trusted=sorted(ALLOWED_TYPES))
    except UntrustedTypesFoundException as exc:
        raise ArtifactMismatch(f"{model_path} asks for types outside the allow-list: {exc}") from exc
    except Exception as exc:  # skops raises many types on a bad file; all mean "unusable"
        raise ModelUnavailable(f"{model_path} could not be loaded: {type(exc).__name__}.") from exc
    if not isinstance(pipeline, Pipeline):
        raise ArtifactMismatch(f"{model_path} does not hold a scikit-learn Pipeline.")
    return pipeline

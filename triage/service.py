"""The triager the service runs: the fast scorer, the risk-averse policy, escalation-only rules and advice.

Loaded once per process (`Triager.load`); `assess` is pure CPU with no I/O and never logs the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.pipeline import Pipeline

from models.vocabulary import Disposition
from triage import artifact, decide, explain, fastpath, features, rules
from triage.errors import ArtifactMismatch
from triage.fastpath import Floats
from triage.schemas import ExplanationItem, TriageReport, TriageResult, minutes


def default_artifacts_dir() -> Path:
    """The artifact shipped inside the package."""
    return Path(__file__).with_name("artifacts")


def thresholds_of(metadata: dict[str, Any]) -> dict[Disposition, float]:
    try:
        return {Disposition(k): float(v) for k, v in metadata["thresholds"].items()}
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ArtifactMismatch("The triage model metadata has no usable thresholds: retrain it.") from exc


def baseline(report: TriageReport, found: rules.Matches | None = None) -> TriageReport | None:
    """The report with its red-flag phrases and rule-firing observations taken out; None if it has neither."""
    text = rules.without_phrases(report.text, found)
    drop_obs = bool(rules.observation_hits(report))
    if text == report.text and not drop_obs:
        return None
    changes: dict[str, Any] = {"observations": None} if drop_obs else {}
    if text != report.text and text.strip():
        changes["text"] = text
    return report.model_copy(update=changes) if changes else None


@dataclass(frozen=True, slots=True)
class Triager:
    version: str
    scorer: fastpath.FastScorer
    thresholds: dict[Disposition, float]

    @classmethod
    def load(cls, artifacts_dir: Path) -> Triager:
        """Load and check the artifact; raises triage.errors.ModelUnavailable if missing, altered or mismatched."""
        pipeline, metadata = artifact.load(artifacts_dir)
        return cls.of(pipeline, metadata)

    @classmethod
    def of(cls, pipeline: Pipeline, metadata: dict[str, Any]) -> Triager:
        return cls(
            str(metadata.get("version", "triage-unversioned")), fastpath.build(pipeline), thresholds_of(metadata)
        )

    def model_choice(
        self, report: TriageReport, proba: Floats | None = None, found: rules.Matches | None = None
    ) -> Disposition:
        """The policy's choice; with `found` (red-flag matches) also scored without the red flags, more urgent kept."""
        choice = decide.policy(self.scorer.proba(features.row(report)) if proba is None else proba, self.thresholds)
        if found is not None and (base := baseline(report, found)) is not None:
            # Red flags must never lower urgency by diluting the model's input.
            choice = decide.escalate(choice, [self.model_choice(base)])
        return choice

    def assess(self, report: TriageReport) -> TriageResult:
        row = features.row(report)
        proba = self.scorer.proba(row)
        found = rules.matches(report.text)  # the costliest rule step: done once, used twice
        model_choice = self.model_choice(report, proba, found)
        hits = rules.assess(report, found)
        final = decide.escalate(model_choice, [hit.floor for hit in hits])
        flags = list(dict.fromkeys(hit.name for hit in hits))
        return TriageResult(
            disposition=final,
            acuity=final.acuity,
            time_to_care_minutes=minutes(final.deadline),
            probabilities={d: float(p) for d, p in zip(decide.LEVELS, proba, strict=True)},
            model_disposition=model_choice,
            red_flags=flags,
            explanation=self.explanation(row, model_choice, hits),
            safety_netting=decide.safety_netting(final, flags),
            model_version=self.version,
        )

    def explanation(self, row: list[Any], choice: Disposition, hits: list[rules.RuleHit]) -> list[ExplanationItem]:
        """Every rule that fired (weight: the urgency of its floor), then the words that drove the model's choice."""
        weights = explain.contributions(self.scorer, row, decide.LEVELS.index(choice))
        return [
            *(ExplanationItem(source="rule", feature=f"{h.name} [{h.source}]", weight=h.floor.urgency) for h in hits),
            *(ExplanationItem(source="model", feature=name, weight=round(w, 4)) for name, w in weights),
        ]

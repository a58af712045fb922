"""The triager the service runs: the fast scorer, the risk-averse policy, escalation-only rules and advice.

Loaded once per process (`Triager.load`); `assess` is pure CPU with no I/O and never logs the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.vocabulary import Disposition
from triage import artifact, decide, explain, fastpath, features, floors, phrases, readings, recut, rules, uncertainty
from triage.errors import ArtifactMismatch
from triage.fastpath import Floats
from triage.findings import Findings, extract
from triage.schemas import ExplanationItem, TriageReport, TriageResult, minutes


def default_artifacts_dir() -> Path:
    """The artifact shipped inside the package."""
    return Path(__file__).with_name("artifacts")


def thresholds_of(metadata: dict[str, Any]) -> dict[Disposition, float]:
    try:
        return {Disposition(k): float(v) for k, v in metadata["thresholds"].items()}
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ArtifactMismatch("The triage model metadata has no usable thresholds: retrain it.") from exc


def conformal_of(metadata: dict[str, Any]) -> float | None:
    value = metadata.get("conformal", {}).get("q")
    return None if value is None else float(value)


def baseline(
    report: TriageReport, found: phrases.Matches | None = None, f: Findings | None = None
) -> TriageReport | None:
    """The report with its red-flag phrases and rule-firing observations taken out; None if it has neither."""
    text = phrases.without_phrases(report.text, found, f.text if f is not None else None)
    drop_obs = bool(rules.observation_hits(report, f))
    if text == report.text and not drop_obs:
        return None
    changes: dict[str, Any] = {"observations": None} if drop_obs else {}
    if text != report.text and text.strip():
        changes["text"] = text
    return report.model_copy(update=changes) if changes else None


def callback_reason(proba: decide.Probabilities, p: float) -> str:
    """Why a clinician calls back rather than A&E or an ambulance (`decide.callback_band`), as the explanation says."""
    top = decide.most_likely(proba).value
    return (
        f"a clinician calls back within the hour rather than A&E or an ambulance: the model's most likely answer is "
        f"{top}, its P(ED or 999) {p:.2f} is between 1 in 11 and 3 in 8, and no red flag puts the report at ED or 999"
    )


@dataclass(frozen=True, slots=True)
class Triager:
    version: str
    scorer: fastpath.FastScorer
    thresholds: dict[Disposition, float]
    conformal_q: float | None = None

    @classmethod
    def load(cls, artifacts_dir: Path) -> Triager:
        """Load and check metadata.json and scorer.npz (numpy only: no sklearn, skops or scipy); raises
        triage.errors.ModelUnavailable if missing, altered or mismatched."""
        scorer, metadata = artifact.load(artifacts_dir)
        return cls.of_scorer(scorer, metadata)

    @classmethod
    def of(cls, pipeline: Any, metadata: dict[str, Any]) -> Triager:
        """The triager of a fitted reference pipeline (training, tests): folded into the same scorer. `pipeline` is
        an sklearn Pipeline, typed Any so that serving does not import sklearn even for type checking."""
        return cls.of_scorer(fastpath.build(pipeline), metadata)

    @classmethod
    def of_scorer(cls, scorer: fastpath.FastScorer, metadata: dict[str, Any]) -> Triager:
        return cls(
            str(metadata.get("version", "triage-unversioned")),
            scorer,
            thresholds_of(metadata),
            conformal_of(metadata),
        )

    def second_choice(
        self, report: TriageReport, first: Disposition, found: phrases.Matches, f: Findings
    ) -> Disposition | None:
        """The doubted choice of the scoring without red-flag phrases (`found`), or None when it is not run."""
        if first is Disposition.CALL_999:
            # Nothing is more urgent than 999: `escalate` would keep it whatever the scoring without red flags gave,
            # so it is not done (it is the costliest step left: about 1.3 ms of CPU on a 1,200-character report).
            return None
        if (base := baseline(report, found, f)) is None:
            return None
        # Red flags must never lower urgency by diluting the model's input. What is left may be too little to
        # score ("i've been ... again"): then it asks for a clinician, not for A&E by default. What is left may
        # also hold nothing the model reads at all ("playing rugby" after "knocked my tooth out"): its answer
        # would be the prior alone, so it adds nothing and the red flags decide.
        # Read again only the sentences the cut touched: about 0.4 ms of CPU instead of 0.7 (1,200 characters).
        base_f = recut.extract_cut(base.text, f)
        base_row = features.row(base, base_f)
        if features.blank(base_row):
            return None
        base_proba = self.scorer.proba(base_row)
        base_choice = decide.policy(base_proba, self.thresholds)
        unsure = uncertainty.reasons(base_f, base_proba, self.conformal_q)
        return self.doubted(base_choice, unsure, uncertainty.unreadable(base_f), base_proba)

    def assess(self, report: TriageReport) -> TriageResult:
        """The answer to the report as read, or to a reading of one of its tied typos where that is more urgent
        (triage/readings.py): each is a text the caller could have meant."""
        f = extract(report.text)  # the costliest step: done once, used by the model, the rules and the doubt check
        result = self.assess_reading(report, f)
        for alternative in readings.alternatives(f):
            other = self.assess_reading(report.model_copy(update={"text": alternative.text}), extract(alternative.text))
            if other.disposition.urgency > result.disposition.urgency:
                result = _read_as(other, alternative)
        return result

    def assess_reading(self, report: TriageReport, f: Findings) -> TriageResult:
        """The answer to one reading of the report: `f` is its findings."""
        row = features.row(report, f)
        proba = self.scorer.proba(row)
        found = phrases.matches(report.text, f)
        first = decide.policy(proba, self.thresholds)
        second = self.second_choice(report, first, found, f)
        model_choice = first if second is None else decide.escalate(first, [second])
        # Next to nothing to read: a 999 is then the model's prior, not a reading (its other answers stand).
        blank = features.blank(row) and model_choice is Disposition.CALL_999
        unsure = uncertainty.reasons(f, proba, self.conformal_q, blank)
        if model_choice in decide.LADDER[1:] and (p := decide.emergency_unsure(proba)) is not None:
            unsure.append(f"an emergency cannot be ruled out (P(ED or 999) {p:.2f}, below 1 in 11)")
        hits = rules.assess(report, found, f)
        floors = [hit.floor for hit in hits]
        band = decide.callback_band(first, proba, second, floors, higher_risk=rules.higher_risk(f))
        if band is not None:
            unsure.append(callback_reason(proba, band))
        # The band is not a doubt: it takes the threshold's ED or 999 to the call back, where a doubt keeps a 999.
        choice = (
            Disposition.CLINICAL_ASSESSMENT
            if band is not None
            else self.doubted(model_choice, unsure, uncertainty.unreadable(f) or blank, proba)
        )
        final = decide.escalate(choice, floors)
        flags = list(dict.fromkeys(hit.name for hit in hits))
        return TriageResult(
            disposition=final,
            acuity=final.acuity,
            time_to_care_minutes=minutes(final.deadline),
            probabilities={d: float(p) for d, p in zip(decide.LEVELS, proba, strict=True)},
            model_disposition=model_choice,
            red_flags=flags,
            explanation=self.explanation(
                row, model_choice, hits, unsure, proba, doubt_kept=choice is not Disposition.CLINICAL_ASSESSMENT
            ),
            safety_netting=decide.safety_netting(final, flags),
            model_version=self.version,
        )

    @staticmethod
    def doubted(
        choice: Disposition, unsure: Sequence[str], unreadable: bool, proba: decide.Probabilities
    ) -> Disposition:
        """A report the model cannot place goes to a clinician's call back, not to A&E by default. But a doubt only
        escalates: the model's 999 stands, and so does its ED or crisis line when an emergency is its single most
        likely answer (an ED from the cumulative threshold over a non-urgent most likely answer is still doubted);
        none of these stands when the model had nothing to read. Red-flag rules escalate after this either way."""
        if not unsure:
            return choice
        ranked_first = choice is Disposition.CALL_999 or decide.most_likely(proba) in decide.EMERGENCY_CARE
        if not unreadable and choice in decide.EMERGENCY_CARE and ranked_first:
            return choice
        return Disposition.CLINICAL_ASSESSMENT

    def explanation(
        self,
        row: list[Any],
        choice: Disposition,
        hits: list[floors.RuleHit],
        unsure: Sequence[str] = (),
        proba: Floats | None = None,
        doubt_kept: bool = False,
    ) -> list[ExplanationItem]:
        """Every rule that fired (weight: the urgency of its floor), why the model was not trusted (if so), then the
        findings and words that drove the model's choice. `proba`: the row's probabilities, if already scored.
        `doubt_kept`: the doubts did not send the report to a clinician, because the model's emergency answer stood."""
        # A clinician's call back is not a class the model scores: explain the model's most likely answer instead.
        if choice in decide.LEVELS:
            k = decide.LEVELS.index(choice)
        else:
            k = int((self.scorer.proba(row) if proba is None else proba).argmax())
        weights = explain.contributions(self.scorer, row, k)
        doubt = Disposition.CLINICAL_ASSESSMENT.urgency
        # A doubt that did not apply must not read as the reason for the answer beside an ED or 999.
        label = "model unsure, its emergency answer kept" if doubt_kept else "clinical assessment"
        return [
            *(ExplanationItem(source="rule", feature=f"{h.name} [{h.source}]", weight=h.floor.urgency) for h in hits),
            *(ExplanationItem(source="rule", feature=f"{label}: {r}", weight=doubt) for r in unsure),
            *(ExplanationItem(source="model", feature=name, weight=round(w, 4)) for name, w in weights),
        ]


def _read_as(result: TriageResult, alternative: readings.Alternative) -> TriageResult:
    """`result`, the answer to a reading of a tied typo, saying so first in its explanation."""
    others = [w for w in alternative.among if w != alternative.word]
    said = ExplanationItem(
        source="rule",
        feature=f"'{alternative.typed}' read as '{alternative.word}': a typo of it or of {', '.join(others)}, and "
        "this reading is the more urgent",
        weight=result.disposition.urgency,
    )
    return result.model_copy(update={"explanation": [said, *result.explanation]})

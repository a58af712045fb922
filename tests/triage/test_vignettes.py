"""Hand-written vignettes (tests/triage/vignettes.jsonl), written apart from the generator's templates in lay
language with typos and negations, each with a gold disposition and its rationale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from models.vocabulary import Acuity, Disposition
from triage.schemas import parse_report
from triage.service import Triager
from triage.training import evaluation

VIGNETTES = [json.loads(line) for line in Path(__file__).with_name("vignettes.jsonl").read_text().splitlines() if line]
EMERGENCIES = [v for v in VIGNETTES if Disposition(v["disposition"]).acuity is Acuity.EMERGENCY]
# Known under-triage, kept visible rather than tuned away (hazard T-11): strict, so a fix shows up here.
KNOWN_MISSES: dict[str, str] = {}


def _case(v: dict[str, Any]) -> Any:
    if v["id"] in KNOWN_MISSES:
        return pytest.param(v, id=v["id"], marks=pytest.mark.xfail(reason=KNOWN_MISSES[v["id"]], strict=True))
    return pytest.param(v, id=v["id"])


def assess(triager: Triager, vignette: dict[str, Any]) -> Disposition:
    report = {k: vignette[k] for k in ("text", "age", "sex") if k in vignette}
    return triager.assess(parse_report(report)).disposition


def test_the_vignette_set_is_big_enough_and_labelled_with_reasons() -> None:
    assert len(VIGNETTES) >= 60
    assert len(EMERGENCIES) >= 20
    assert all(v["rationale"] and v["id"] for v in VIGNETTES)
    assert len({v["id"] for v in VIGNETTES}) == len(VIGNETTES)


@pytest.mark.parametrize("vignette", [_case(v) for v in EMERGENCIES])
def test_no_emergency_vignette_is_under_triaged(triager: Triager, vignette: dict[str, Any]) -> None:
    assert assess(triager, vignette).acuity is Acuity.EMERGENCY, vignette["rationale"]


def test_crushing_chest_pain_is_an_emergency_with_the_red_flag_named(triager: Triager) -> None:
    report = {"text": "crushing chest pain going down my left arm, sweaty", "age": 58, "sex": "male"}
    result = triager.assess(parse_report(report))
    assert result.disposition in {Disposition.CALL_999, Disposition.ED}
    assert "crushing chest pain" in result.red_flags
    assert result.time_to_care_minutes == 0 or result.disposition is Disposition.ED


def test_a_sore_throat_in_a_healthy_adult_is_self_care_with_safety_netting(triager: Triager) -> None:
    result = triager.assess(parse_report({"text": "sore throat for two days", "age": 30, "sex": "female"}))
    assert result.disposition in {Disposition.PHARMACY, Disposition.SELF_CARE}
    assert "worse" in result.safety_netting
    assert result.model_version.startswith("triage-")


def test_negated_red_flags_fire_no_rule(triager: Triager) -> None:
    text = "got a cold, sneezing and blocked nose, no chest pain, not short of breath, no blue lips"
    result = triager.assess(parse_report({"text": text, "age": 35}))
    assert result.red_flags == []
    # A doubt ("clinical assessment: ..." or "model unsure, ...") is explained with the rules but is no red flag firing.
    doubts = ("clinical assessment: ", "model unsure, its emergency answer kept: ")
    rules_fired = [i for i in result.explanation if i.source == "rule" and not i.feature.startswith(doubts)]
    assert rules_fired == []
    assert result.acuity is not Acuity.EMERGENCY


def test_the_explanation_names_the_words_and_rules_that_drove_it(triager: Triager) -> None:
    result = triager.assess(parse_report({"text": "worst headache of my life, came on suddenly", "age": 40}))
    sources = {item.source for item in result.explanation}
    assert sources == {"rule", "model"}
    assert any("worst headache" in item.feature for item in result.explanation if item.source == "rule")


def test_a_child_described_in_a_report_with_an_adults_age_goes_to_a_clinician(triager: Triager) -> None:
    result = triager.assess(parse_report({"text": "my 3 year old has a runny nose", "age": 34, "sex": "female"}))
    assert any("child" in flag for flag in result.red_flags)
    assert result.disposition.urgency >= Disposition.GP_OOH.urgency


def test_the_model_card_figures_are_the_shipped_models(triager: Triager) -> None:
    """Retraining without updating docs/model-card.md fails here."""
    card = (Path(__file__).parents[2] / "docs" / "model-card.md").read_text()
    assert f"**`{triager.version}`**" in card
    figures = evaluation.by_disposition(triager, VIGNETTES)
    assert figures["emergency_under_triage_count"] == len(KNOWN_MISSES)
    assert f"| {figures['accuracy']:.3f} | {figures['macro_f1']:.3f} |" in card

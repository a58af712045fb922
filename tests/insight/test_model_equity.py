"""The triage model's equity breakdown: a group the model under-triages more often is flagged; others are not."""

from __future__ import annotations

import random

from insight.model_equity import Scored, breakdown, table
from models.vocabulary import Disposition


def cases(seed: int, worse_for_85_plus: bool) -> list[Scored]:
    rng = random.Random(seed)
    out = []
    for _ in range(6000):
        age = rng.choice([3, 30, 50, 70, 90])
        gold = rng.choice([Disposition.ED, Disposition.UTC, Disposition.GP_OOH])
        under = rng.random() < (0.2 if worse_for_85_plus and age == 90 else 0.02)
        decided = Disposition.PHARMACY if under else gold
        out.append(Scored(float(age), rng.choice(["female", "male"]), gold, decided))
    return out


def test_a_group_the_model_under_triages_more_is_flagged() -> None:
    rows = breakdown(cases(1, worse_for_85_plus=True))

    flagged = {(r.dimension, r.group): r.flagged for r in rows if r.flagged}
    assert flagged == {("age_band", "85+"): ["exact", "under"]}
    oldest = next(r for r in rows if r.group == "85+")
    assert oldest.under > 0.15 and oldest.missed_emergencies > 0


def test_no_group_is_flagged_when_the_model_errs_alike_and_the_table_reads_in_age_order() -> None:
    rows = breakdown(cases(2, worse_for_85_plus=False))

    assert not [r for r in rows if r.flagged]
    text = table(rows)
    assert text.index("| 0-4 |") < text.index("| 25-44 |") < text.index("| 85+ |")

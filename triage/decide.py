"""Pure decision functions: the risk-averse policy over calibrated probabilities, escalation and advice.

No I/O. Probabilities are indexed in `LEVELS` order (most urgent first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from models.vocabulary import Acuity, Disposition, most_urgent

D = Disposition
Probabilities = Sequence[float] | npt.NDArray[np.float64]  # in LEVELS order
# The dispositions the model scores, in the vocabulary's order of urgency: its class indices. CLINICAL_ASSESSMENT is
# not scored: it is what the triager answers when the model cannot place a report (triage/uncertainty.py).
LEVELS: tuple[Disposition, ...] = tuple(d for d in Disposition if d is not D.CLINICAL_ASSESSMENT)
# The urgency ladder the thresholds work on. A crisis line and a dentist are not rungs of it but places beside one:
# their probability counts towards the rung of the same urgency (ED; GP OOH); `policy` picks them when most likely.
LADDER: tuple[Disposition, ...] = (D.CALL_999, D.ED, D.UTC, D.GP_OOH, D.GP_ROUTINE, D.PHARMACY, D.SELF_CARE)
SIDE: dict[Disposition, Disposition] = {D.MENTAL_HEALTH_CRISIS: D.ED, D.DENTAL: D.GP_OOH}
RUNG: tuple[int, ...] = tuple(LADDER.index(SIDE.get(d, d)) for d in LEVELS)


# A missed emergency costs ten needless A&E visits (triage/training/thresholds.py UNDER_COST): a calibrated model
# should send a report to ED only when P(ED or more urgent) >= 1/11. The ED threshold fitted on synthetic validation
# data (0.028 to 0.074 over round 2's retrainings) sits lower because the model is sure of its own generator's text;
# on a real story it is not. So between POSSIBLE_EMERGENCY and 1/11, whatever the fitted threshold, an emergency
# cannot be ruled out and A&E is not warranted: a clinician calls back instead (CLINICAL_ASSESSMENT, within the hour).
EMERGENCY_ODDS = 1.0 / 11.0
POSSIBLE_EMERGENCY = 0.02  # the thresholds' floor: below it is noise


def p_emergency(probabilities: Iterable[float]) -> float:
    """P(ED or more urgent): the ED rung's cumulative probability, the crisis line counted on it."""
    return at_least(on_ladder(probabilities))[LADDER.index(D.ED)]


def emergency_unsure(probabilities: Iterable[float]) -> float | None:
    """P(ED or more urgent) when it lies in [POSSIBLE_EMERGENCY, EMERGENCY_ODDS), else None."""
    p = p_emergency(probabilities)
    return p if POSSIBLE_EMERGENCY <= p < EMERGENCY_ODDS else None


# The model's answers that are emergency care: 999, ED, and the crisis line (a place on the ED rung, decided as ED is).
EMERGENCY_CARE: frozenset[Disposition] = frozenset({D.CALL_999, D.ED, D.MENTAL_HEALTH_CRISIS})
# A&E or an ambulance: what a rule floor at ED or above, and the goals' "ED/999", mean.
ED_OR_999: frozenset[Disposition] = frozenset({D.CALL_999, D.ED})


def most_likely(probabilities: Probabilities) -> Disposition:
    """The model's single most likely answer."""
    return LEVELS[max(range(len(LEVELS)), key=lambda k: probabilities[k])]


# An ED that only the ED rung's cumulative threshold gave, over a model whose most likely answer is not an emergency,
# is the model unsure, not placing the report as an emergency. In units of one needless A&E visit (assumptions, not
# measured costs; model card round 5): a needless call back costs c_C = 0.1, an emergency heard by a clinician within
# the hour c_D = 0.1 x 10 + 0.5 = 1.5 (a tenth not sent on, at the 10 of a miss, plus the hour's delay). A&E beats a
# call back only when (1 - p) > p c_D + (1 - p) c_C, that is from p = 0.9 / 2.4 = 3/8. Not fitted.
CALLBACK_UPPER = 3.0 / 8.0


def callback_band(
    first: Disposition,
    probabilities: Probabilities,
    second: Disposition | None,
    floors: Iterable[Disposition],
    *,
    higher_risk: bool,
    upper: float = CALLBACK_UPPER,
) -> float | None:
    """P(ED or 999) when a clinician's call back within the hour should replace an ED or a 999, else None: `first`
    (the policy on the report) is ED or 999 (round 19: a 999 too, since an ambulance costs more than the A&E visit
    the bound was worked out for), the model's single most likely answer is not emergency care, `second` (the
    scoring without red-flag phrases, None if not run) is not emergency care, no rule floor is at ED or 999, and
    P(ED or 999) lies in [EMERGENCY_ODDS, upper); and the report is not `higher_risk` (current anticancer treatment
    or an anticoagulant, `rules.higher_risk`: there the hour's delay costs more than the 1.5 above, so the model's
    answer stands). Rules escalate after the band, so a red flag is never banded."""
    if higher_risk or first not in ED_OR_999 or second in EMERGENCY_CARE:
        return None
    if most_likely(probabilities) in EMERGENCY_CARE or any(floor in ED_OR_999 for floor in floors):
        return None
    p = p_emergency(probabilities)
    return p if EMERGENCY_ODDS <= p < upper else None


def on_ladder(probabilities: Iterable[float]) -> list[float]:
    """Probabilities in LEVELS order projected onto the LADDER (side dispositions added to their rung)."""
    out = [0.0] * len(LADDER)
    for rung, p in zip(RUNG, probabilities, strict=True):
        out[rung] += float(p)
    return out


def ladder_index(level: int) -> int:
    """The LADDER index of a LEVELS index."""
    return RUNG[level]


def at_least(probabilities: Iterable[float]) -> list[float]:
    """P(the patient needs care at least as urgent as each disposition), most urgent first."""
    out, total = [], 0.0
    for p in probabilities:
        total += p
        out.append(total)
    return out


def policy(probabilities: Probabilities, thresholds: Mapping[Disposition, float]) -> Disposition:
    """The most urgent rung whose cumulative probability passes its threshold (else the least urgent); but when the
    model's single most likely answer is a crisis line or a dentist, that answer. Rules still escalate after this:
    an overdose or a plan (999) and spreading dental swelling (ED) are rule floors, not left to the model."""
    chosen = LADDER[-1]
    for disposition, p in zip(LADDER, at_least(on_ladder(probabilities)), strict=True):
        if disposition in thresholds and p >= thresholds[disposition]:
            chosen = disposition
            break
    top = most_likely(probabilities)
    if top is D.MENTAL_HEALTH_CRISIS or (top is D.DENTAL and chosen is not D.CALL_999):
        return top
    return chosen


def escalate(model_choice: Disposition, floors: Iterable[Disposition]) -> Disposition:
    """The most urgent of the model's choice and every rule floor: rules can raise urgency, never lower it."""
    return most_urgent(model_choice, *floors)


_ADVICE: dict[Acuity, str] = {
    Acuity.EMERGENCY: (
        "This needs emergency care now. If you get worse before help arrives (you stop breathing normally, "
        "collapse, have chest pain, turn blue or grey, or cannot be woken) call 999 immediately."
    ),
    Acuity.WITHIN_1_DAY: (
        "You need to be seen today. If you get worse while waiting, or develop chest pain, difficulty "
        "breathing, confusion, a rash that does not fade under a glass, or heavy bleeding, call 999 or go to A&E."
    ),
    Acuity.WITHIN_1_WEEK: (
        "Book a GP appointment within a week. If symptoms get worse or new symptoms appear, contact NHS 111 "
        "again; call 999 for chest pain, difficulty breathing or collapse."
    ),
    Acuity.SELF_CARE: (
        "This can usually be managed at home or with a pharmacist's advice. If it gets worse, is not improving "
        "after a few days, or you develop a high temperature, difficulty breathing or swallowing, or severe "
        "pain, contact NHS 111 or your GP; call 999 in an emergency."
    ),
}


_SPECIFIC: dict[Disposition, str] = {
    D.MENTAL_HEALTH_CRISIS: (
        "You are being put through to the mental health crisis team now (NHS 111, option 2). If you have harmed "
        "yourself, taken an overdose, or are in immediate danger, call 999. You can also call Samaritans free on "
        "116 123 at any time."
    ),
    D.DENTAL: (
        "Contact a dentist today for an urgent appointment (your own, or the urgent dental service NHS 111 finds). "
        "Go to A&E or call 999 if swelling spreads to your eye or neck, or you have difficulty swallowing, "
        "breathing or opening your mouth."
    ),
    D.CLINICAL_ASSESSMENT: (
        "A clinician will call you back within the hour to talk it through, because what you told us needs a "
        "person to assess it. Keep your phone nearby. If you get worse while waiting (difficulty breathing, chest "
        "pain, collapse, a rash that does not fade under a glass) call 999."
    ),
}


def safety_netting(disposition: Disposition, red_flags: Sequence[str]) -> str:
    """What to do if it gets worse; names the red flags found so the patient knows why."""
    advice = _SPECIFIC.get(disposition, _ADVICE[disposition.acuity])
    if disposition is Disposition.CALL_999:
        advice = "Call 999 now. " + advice
    if red_flags:
        advice += " Warning signs found: " + "; ".join(red_flags) + "."
    return advice

"""Pure decision functions: the risk-averse policy over calibrated probabilities, escalation and advice.

No I/O. Probabilities are indexed in `LEVELS` order (most urgent first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from models.vocabulary import Acuity, Disposition, most_urgent

# The dispositions the model scores, most urgent first: its class indices. A subset of the vocabulary, so a new
# disposition (reached by rules or a clinician) does not shift the indices of a model trained before it existed.
LEVELS: tuple[Disposition, ...] = (
    Disposition.CALL_999,
    Disposition.ED,
    Disposition.UTC,
    Disposition.GP_OOH,
    Disposition.GP_ROUTINE,
    Disposition.PHARMACY,
    Disposition.SELF_CARE,
)


def at_least(probabilities: Iterable[float]) -> list[float]:
    """P(the patient needs care at least as urgent as each disposition), most urgent first."""
    out, total = [], 0.0
    for p in probabilities:
        total += p
        out.append(total)
    return out


def policy(probabilities: Iterable[float], thresholds: Mapping[Disposition, float]) -> Disposition:
    """The most urgent disposition whose cumulative probability passes its threshold; else the least urgent."""
    for disposition, p in zip(LEVELS, at_least(probabilities), strict=True):
        if disposition in thresholds and p >= thresholds[disposition]:
            return disposition
    return LEVELS[-1]


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


def safety_netting(disposition: Disposition, red_flags: Sequence[str]) -> str:
    """What to do if it gets worse; names the red flags found so the patient knows why."""
    advice = _ADVICE[disposition.acuity]
    if disposition is Disposition.CALL_999:
        advice = "Call 999 now. " + advice
    if red_flags:
        advice += " Warning signs found: " + "; ".join(red_flags) + "."
    return advice

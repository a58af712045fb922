"""Calling a queued patient back: the retry schedule and the failed-contact action, per priority band. Pure.

A call that is not answered is tried again after the band's interval; after the last failed attempt (or at
once for a wrong number, which no retry can fix) the band's documented failed-contact action is taken:
- EMERGENCY: a welfare escalation. The patient may be too unwell to answer: an ambulance welfare check is
  requested and the item closes as WELFARE_ESCALATION (docs/safety/hazard-log.md A-3).
- URGENT: unable to contact. A safety-netting message is left ("call 111 or 999 if worse") and the patient's
  GP is informed; the item closes as NO_CONTACT_GP_INFORMED.
- ROUTINE: unable to contact. A safety-netting message is left; the item closes as NO_CONTACT_ADVICE_LEFT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from routing.callbacks import Band


class CallResult(StrEnum):
    ANSWERED = "ANSWERED"
    NO_ANSWER = "NO_ANSWER"
    VOICEMAIL = "VOICEMAIL"
    ENGAGED = "ENGAGED"
    WRONG_NUMBER = "WRONG_NUMBER"


class FailedContact(StrEnum):
    WELFARE_ESCALATION = "WELFARE_ESCALATION"
    NO_CONTACT_GP_INFORMED = "NO_CONTACT_GP_INFORMED"
    NO_CONTACT_ADVICE_LEFT = "NO_CONTACT_ADVICE_LEFT"


# The wait before each retry: three attempts in all for every band, closer together the more urgent.
RETRY_AFTER: dict[Band, tuple[timedelta, ...]] = {
    Band.EMERGENCY: (timedelta(minutes=5), timedelta(minutes=5)),
    Band.URGENT: (timedelta(minutes=10), timedelta(minutes=10)),
    Band.ROUTINE: (timedelta(minutes=20), timedelta(minutes=30)),
}
ON_FAILED_CONTACT: dict[Band, FailedContact] = {
    Band.EMERGENCY: FailedContact.WELFARE_ESCALATION,
    Band.URGENT: FailedContact.NO_CONTACT_GP_INFORMED,
    Band.ROUTINE: FailedContact.NO_CONTACT_ADVICE_LEFT,
}


@dataclass(frozen=True, slots=True)
class Retry:
    at: datetime


@dataclass(frozen=True, slots=True)
class GiveUp:
    action: FailedContact


def after_failure(band: Band, failed: int, result: CallResult, now: datetime) -> Retry | GiveUp:
    """What follows the `failed`-th failed attempt (counting this one)."""
    schedule = RETRY_AFTER[band]
    if result is CallResult.WRONG_NUMBER or failed > len(schedule):
        return GiveUp(ON_FAILED_CONTACT[band])
    return Retry(now + schedule[failed - 1])

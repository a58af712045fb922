"""Each item's timer: on time, near its deadline, or breached. Pure."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from routing.callbacks import CALLBACK_TARGET, Band

NEAR_FRACTION = 0.25  # the last quarter of the band's callback target is "near"


class DeadlineState(StrEnum):
    ON_TIME = "on_time"
    NEAR = "near"
    BREACHED = "breached"


def deadline_state(deadline: datetime, band: int, now: datetime) -> DeadlineState:
    left = deadline - now
    if left < timedelta(0):
        return DeadlineState.BREACHED
    if left <= CALLBACK_TARGET[Band(band)] * NEAR_FRACTION:
        return DeadlineState.NEAR
    return DeadlineState.ON_TIME

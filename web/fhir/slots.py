"""The live board as FHIR Slots: one Slot per capacity window, free while the window has a free seat.

A service whose board state is stale or absent publishes no Slots at all: capacity nobody has confirmed
recently is never offered to another system as free (hazard H-FHIR-1).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fhir.resources.R4B.slot import Slot

from capacity.board import BoardState, Status, Window, utc
from models.tables import Service
from web.fhir import codes

WINDOW = timedelta(hours=1)  # providers report hour-long windows; a closer next window ends one sooner


def slot_id(service_id: str, start: datetime) -> str:
    return f"{service_id}.{utc(start):%Y%m%dT%H%MZ}"


def slots(service: Service, state: BoardState | None, now: datetime, staleness: timedelta) -> list[Slot]:
    if state is None or state.status(now, staleness) is Status.UNKNOWN:
        return []
    windows = state.slots
    if not windows:  # a report with no windows (`"slots": []`, as a closure sends): nothing to publish
        return []
    ends = [w.start for w in windows[1:]] + [None]
    return [_slot(service, state, w, end) for w, end in zip(windows, ends, strict=True)]


def _slot(service: Service, state: BoardState, window: Window, next_start: datetime | None) -> Slot:
    end = window.start + WINDOW if next_start is None else min(next_start, window.start + WINDOW)
    status = "free" if state.is_open and window.free > 0 else "busy" if state.is_open else "busy-unavailable"
    return Slot.model_validate(
        {
            "resourceType": "Slot",
            "id": slot_id(service.id, window.start),
            "meta": {"lastUpdated": state.updated_at.isoformat()},
            "extension": [{"url": codes.FREE_COUNT, "valueInteger": window.free if state.is_open else 0}],
            "serviceType": [codes.service_type(service.type)],
            "schedule": {"reference": f"Schedule/{service.id}"},
            "status": status,
            "start": utc(window.start).isoformat(),
            "end": utc(end).isoformat(),
            "comment": f"{window.free} free in this window" if state.is_open else "Service closed",
        }
    )

"""`/ws/clinical` frames, server to client: the whole queue when it changes, and a deadline alert per item that
becomes near or breached. Client to server: `ping` only."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from clinical.deadlines import DeadlineState
from models.vocabulary import Disposition
from web.api.schemas.clinical import CallbackOut


class QueueFrame(BaseModel):
    type: Literal["queue"] = "queue"
    at: datetime
    items: list[CallbackOut]


class DeadlineFrame(BaseModel):
    """Pushed once per item each time its timer moves on: on time -> near -> breached."""

    type: Literal["deadline"] = "deadline"
    callback_id: str
    state: DeadlineState
    band: int
    disposition: Disposition
    deadline: datetime

"""The /ws/ops frames, typed: the server sends a whole summary each time (a dashboard that misses one loses
nothing), and pongs; the dashboard may ask for a refresh now, or ping."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from web.api.schemas.insight import SummaryOut
from web.ws.frames import PingFrame


class SummaryFrame(BaseModel):
    type: Literal["summary"] = "summary"
    summary: SummaryOut


class RefreshFrame(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["refresh"]


OpsInbound = TypeAdapter[RefreshFrame | PingFrame](Annotated[RefreshFrame | PingFrame, Field(discriminator="type")])

"""The patient chat socket's frames, typed: a discriminated union on `type` per direction.

Every input names the `turn` it answers, so a frame resent after a reconnect is recognised and ignored.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from chat.conversation import MAX_AGE, Message, Prompt
from models.text import Line, Text
from routing.policy import TravelMode
from triage.groups import Answer, SymptomGroup


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HelloFrame(_In):
    """First frame on every connection: the chat token again, or none to use the handshake's credential."""

    type: Literal["hello"]
    token: Line | None = Field(default=None, min_length=16, max_length=512)


class DescribeFrame(_In):
    type: Literal["describe"]
    turn: int = Field(ge=0)
    text: Text = Field(max_length=4000)
    age: float = Field(allow_inf_nan=False, description=f"Years, 0 to {MAX_AGE}; out of range gets a sentence")


class GroupFrame(_In):
    type: Literal["group"]
    turn: int = Field(ge=0)
    group: SymptomGroup


class AnswerFrame(_In):
    type: Literal["answer"]
    turn: int = Field(ge=0)
    question_id: Line = Field(max_length=64)
    answer: Answer


class PostcodeFrame(_In):
    type: Literal["postcode"]
    turn: int = Field(ge=0)
    postcode: Line = Field(max_length=16)
    mode: TravelMode = TravelMode.CAR  # how the patient will travel: their choice


class ContactFrame(_In):
    type: Literal["contact"]
    turn: int = Field(ge=0)
    name: Line = Field(max_length=200)
    phone: Line = Field(max_length=40)


class ContactField(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Line | None = Field(default=None, max_length=254)
    mobile: Line | None = Field(default=None, max_length=20)
    consent: bool = False


class BookFrame(_In):
    type: Literal["book"]
    turn: int = Field(ge=0)
    service_id: Line = Field(max_length=24)
    contact: ContactField | None = None  # optional: where to send the booking's messages (kept sealed)


class ChatPingFrame(_In):
    type: Literal["ping"]


ChatInput = DescribeFrame | GroupFrame | AnswerFrame | PostcodeFrame | ContactFrame | BookFrame
ChatInbound = TypeAdapter[HelloFrame | ChatInput | ChatPingFrame](
    Annotated[HelloFrame | ChatInput | ChatPingFrame, Field(discriminator="type")]
)


# Server to client.
class ConversationFrame(BaseModel):
    """The whole conversation so far and what to ask next: the page renders the messages it has not shown."""

    type: Literal["conversation"] = "conversation"
    turn: int
    messages: list[Message]
    prompt: Prompt
    finished: bool

"""`/ws/chat`: the patient chat. The first frame is `hello` (with the token of a conversation to resume);
each patient input then gets the whole conversation back, replayed from the database after a reconnect.

One outbox and one sender task per connection. A bad frame or a bad answer gets an error frame whose
detail is a sentence for the patient; the connection stays open. Patient text is never logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from fastapi import APIRouter
from starlette.websockets import WebSocket, WebSocketDisconnect

from capacity.errors import MalformedFrame
from capacity.geography import UnknownPostcode
from models.errors import DomainError
from routing import assistant
from routing import conversation as conv
from routing.assistant import Chat, ConversationChanged, World
from routing.conversation import Conversation, InvalidChatInput, StaleTurn
from web.api.routing import site_index
from web.errors import error_frame
from web.resources import Resources
from web.ws.chat_frames import (
    AnswerFrame,
    BookFrame,
    ChatInbound,
    ChatInput,
    ChatPingFrame,
    ConversationFrame,
    DescribeFrame,
    GroupFrame,
    HelloFrame,
    PostcodeFrame,
    WelcomeChatFrame,
)
from web.ws.frames import PongFrame
from web.ws.session import ACCEPT_HEADERS, error_text, parse

router = APIRouter()
logger = logging.getLogger("one111.ws.chat")
TROUBLE = (
    "Something went wrong on our side. Please try again in a moment. If you feel worse, call 111, or 999 in an "
    "emergency."
)


@dataclass(frozen=True, slots=True)
class Patient:
    """Who is chatting: whose conversation it is, the name audit rows give them, and a new token to keep."""

    owner: str
    actor: str
    new_token: str | None = None


@router.websocket("/ws/chat")
async def chat_socket(websocket: WebSocket) -> None:
    resources: Resources = websocket.app.state.resources
    await websocket.accept(headers=ACCEPT_HEADERS)
    outbox: asyncio.Queue[str] = asyncio.Queue()
    sender = asyncio.create_task(_send_all(websocket, outbox))
    try:
        with contextlib.suppress(WebSocketDisconnect):
            await _serve(websocket, resources, outbox)
    finally:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError):
            await sender


async def _send_all(websocket: WebSocket, outbox: asyncio.Queue[str]) -> None:
    while True:
        await websocket.send_text(await outbox.get())


async def _serve(websocket: WebSocket, resources: Resources, outbox: asyncio.Queue[str]) -> None:
    world = await _world(websocket, resources)
    chat: Chat | None = None
    patient: Patient | None = None
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            frame = parse(message, ChatInbound, resources.settings.max_frame_bytes)
            if isinstance(frame, ChatPingFrame):
                outbox.put_nowait(PongFrame().model_dump_json())
                continue
            if isinstance(frame, HelloFrame):
                patient = _identify(frame, patient)
                chat = await _resume(world, patient, outbox)
            elif chat is None or patient is None:
                raise MalformedFrame("Send a hello frame first.")
            else:
                chat = await _input(world, chat, frame, patient.actor)
            outbox.put_nowait(_conversation_text(chat.conversation))
        except DomainError as error:
            outbox.put_nowait(_error_text(error))
        except Exception as error:  # never the patient's words: only what kind of failure it was
            logger.error("chat input failed", extra={"error_type": type(error).__qualname__})
            outbox.put_nowait(json.dumps({**error_frame(error), "detail": TROUBLE}))


async def _world(websocket: WebSocket, resources: Resources) -> World:
    index = await site_index(websocket, resources.engine)
    settings = resources.settings
    return World(
        engine=resources.engine,
        board=resources.board,
        gazetteer=resources.gazetteer,
        index=index,
        triager=resources.triager,
        staleness=timedelta(hours=settings.staleness_hours),
        hold_seconds=settings.hold_seconds,
    )


def _identify(hello: HelloFrame, known: Patient | None) -> Patient:
    """A resume token names the conversation; without one the server makes one (unguessable, 256 bits)."""
    if known is not None and (hello.token is None or assistant.owner_of_secret(hello.token) == known.owner):
        return known
    token = hello.token or secrets.token_urlsafe(32)
    owner = assistant.owner_of_secret(token)
    return Patient(owner=owner, actor="patient:" + owner[-16:], new_token=None if hello.token else token)


async def _resume(world: World, patient: Patient, outbox: asyncio.Queue[str]) -> Chat:
    """Open (or start) the conversation, finish any effect a dropped connection left half done, replay it."""
    chat = await asyncio.to_thread(assistant.open_chat, world.engine, patient.owner)
    if patient.new_token is not None:
        outbox.put_nowait(WelcomeChatFrame(token=patient.new_token).model_dump_json())
    try:
        return await assistant.settle_needs(world, chat, patient.actor)
    except ConversationChanged:
        return await asyncio.to_thread(assistant.reload, world.engine, chat.id)


async def _input(world: World, chat: Chat, frame: ChatInput, actor: str) -> Chat:
    """Apply one patient input to the latest saved conversation; a stale or raced input just shows where we are."""
    chat = await asyncio.to_thread(assistant.reload, world.engine, chat.id)
    try:
        new = _apply(world, chat.conversation, frame)
        chat = await asyncio.to_thread(assistant.save, world.engine, chat, new)
    except (StaleTurn, ConversationChanged):
        return await asyncio.to_thread(assistant.reload, world.engine, chat.id)
    return await assistant.settle_needs(world, chat, actor)


def _apply(world: World, c: Conversation, frame: ChatInput) -> Conversation:
    if isinstance(frame, DescribeFrame):
        return conv.describe(c, frame.turn, frame.text, frame.age)
    if isinstance(frame, GroupFrame):
        return conv.choose_group(c, frame.turn, frame.group)
    if isinstance(frame, AnswerFrame):
        return conv.answer(c, frame.turn, frame.question_id, frame.answer)
    if isinstance(frame, PostcodeFrame):
        return _postcode(world, c, frame)
    assert isinstance(frame, BookFrame)
    return conv.book(c, frame.turn, frame.service_id)


def _postcode(world: World, c: Conversation, frame: PostcodeFrame) -> Conversation:
    if not frame.postcode.strip():
        raise InvalidChatInput(f"Please type your postcode. {conv.POSTCODE_FORMAT}")
    world.gazetteer.locate(frame.postcode)  # an unknown postcode is refused here, and asked again
    return conv.give_postcode(c, frame.turn, frame.postcode)


def _conversation_text(c: Conversation) -> str:
    frame = ConversationFrame(turn=c.turn, messages=c.messages, prompt=conv.prompt(c), finished=c.finished)
    return frame.model_dump_json()


def _error_text(error: DomainError) -> str:
    if isinstance(error, UnknownPostcode):
        frame = error_frame(error)
        frame["detail"] = f"{error.detail} Please check it and try again. {conv.POSTCODE_FORMAT}"
        return json.dumps(frame)
    return error_text(error)

"""`/ws/chat`: the patient chat, for the `patient` role only (a token from `POST /v1/chat/sessions`).

The handshake carries the chat token as `Authorization: Bearer` (programs) or the `one111_chat` cookie that
the page sets for this path only (browsers cannot set headers on a websocket; a URL would end up in logs).
The first frame is `hello` (it may repeat the token, so two tabs never mix up their cookies); the
conversation belongs to that chat session, so it is replayed from the database after any reconnect.

One bounded outbox and one sender task per connection (a client that stops reading is closed with 4001). A bad
frame or a bad answer gets an error frame whose detail is a sentence for the patient; the connection stays open.
Patient text is never logged.
"""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import timedelta

from fastapi import APIRouter
from starlette.websockets import WebSocket, WebSocketDisconnect

from capacity.errors import MalformedFrame
from capacity.geography import UnknownPostcode
from chat import assistant
from chat import conversation as conv
from chat.assistant import Chat, ConversationChanged, World
from chat.conversation import Conversation, InvalidChatInput, StaleTurn
from identity.errors import Forbidden
from identity.principal import Principal
from models.crypto import Keyring
from models.database import blocking
from models.errors import DomainError
from models.vocabulary import Role
from notify.contacts import checked, remember_for_triage
from web.auth import admit, websocket_roles
from web.auth.resolve import check_origin, from_bearer
from web.db import Database, read, write
from web.errors import error_frame
from web.resources import Resources
from web.ws.chat_frames import (
    AnswerFrame,
    BookFrame,
    ChatInbound,
    ChatInput,
    ChatPingFrame,
    ContactFrame,
    ConversationFrame,
    DescribeFrame,
    GroupFrame,
    HelloFrame,
    PostcodeFrame,
)
from web.ws.frames import PongFrame
from web.ws.session import CLOSE_POLICY, Outbox, accept, error_text, parse, serve_with

router = APIRouter()
logger = logging.getLogger("one111.ws.chat")
TROUBLE = (
    "Something went wrong on our side. Please try again in a moment. If you feel worse, call 111, or 999 in an "
    "emergency."
)


ROLES = websocket_roles("/ws/chat", Role.PATIENT)
CHAT_COOKIE = "one111_chat"


@router.websocket("/ws/chat")
async def chat_socket(websocket: WebSocket) -> None:
    resources: Resources = websocket.app.state.resources
    if not await accept(websocket):
        return
    who = await _admit(websocket, resources)
    if who is None:
        return
    outbox = Outbox(resources.settings.board_queue_frames, "chat")  # a patient that stops reading is closed with 4001
    with contextlib.suppress(WebSocketDisconnect):
        await serve_with(outbox, websocket, _serve(websocket, resources, who, outbox))


async def _admit(websocket: WebSocket, resources: Resources) -> Principal | None:
    """The bearer header as every socket takes it; else the page's chat cookie, from our own origin only."""
    token = websocket.cookies.get(CHAT_COOKIE)
    if websocket.headers.get("authorization") or not token:
        return await admit(websocket, ROLES)
    try:
        check_origin(websocket.headers.get("origin"), websocket.headers.get("host"), required=True)
        return await blocking(_patient, resources, token)
    except DomainError as error:
        await websocket.send_text(error_text(error))
        await websocket.close(CLOSE_POLICY, "chat token missing or not valid")
        return None


def _patient(resources: Resources, token: str) -> Principal:
    who = from_bearer(resources.engine, resources.credentials, token)
    if who.role is not Role.PATIENT:
        raise Forbidden(f"The {who.role.value} role may not use this socket.")
    return who


async def _serve(websocket: WebSocket, resources: Resources, who: Principal, outbox: Outbox) -> None:
    world = await _world(resources)
    chat: Chat | None = None
    while not outbox.overflowed:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            frame = parse(message, ChatInbound, resources.settings.max_frame_bytes)
            if isinstance(frame, ChatPingFrame):
                outbox.offer(PongFrame().model_dump_json())
                continue
            if isinstance(frame, HelloFrame):
                if frame.token is not None:
                    who = await blocking(_patient, resources, frame.token)
                chat = await _resume(world, who.subject)
            elif chat is None:
                raise MalformedFrame("Send a hello frame first.")
            else:
                chat = await _input(world, chat, frame, who.subject, resources.keyring)
            outbox.offer(_conversation_text(chat.conversation))
        except DomainError as error:
            outbox.offer(_error_text(error))
        except Exception as error:  # never the patient's words: only what kind of failure it was
            logger.error("chat input failed", extra={"error_type": type(error).__qualname__})
            outbox.offer(json.dumps({**error_frame(error), "detail": TROUBLE}))


async def _world(resources: Resources) -> World:
    index = await resources.sites.current()
    settings = resources.settings
    return World(
        engine=resources.engine,
        db=Database(resources.engine),
        board=resources.board,
        gazetteer=resources.gazetteer,
        index=index,
        triager=resources.triager,
        staleness=timedelta(hours=settings.staleness_hours),
        hold_seconds=settings.hold_seconds,
        keyring=resources.keyring,
    )


async def _resume(world: World, subject: str) -> Chat:
    """Open (or start) the session's conversation, finish any effect a dropped connection left half done."""
    chat = await write(assistant.open_chat, world.engine, subject)
    try:
        return await assistant.settle_needs(world, chat, subject)
    except ConversationChanged:
        return await read(world.engine, assistant.reload, chat.id)


async def _input(world: World, chat: Chat, frame: ChatInput, actor: str, keyring: Keyring) -> Chat:
    """Apply one patient input to the latest saved conversation; a stale or raced input just shows where we are."""
    chat = await read(world.engine, assistant.reload, chat.id)
    try:
        new = _apply(world, chat.conversation, frame)
        await _contact(world, keyring, chat.conversation, frame, actor)
        chat = await write(assistant.save, world.engine, chat, new)
    except (StaleTurn, ConversationChanged):
        return await read(world.engine, assistant.reload, chat.id)
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
    if isinstance(frame, ContactFrame):
        return conv.give_contact(c, frame.turn, frame.name, frame.phone)
    assert isinstance(frame, BookFrame)
    return conv.book(c, frame.turn, frame.service_id)


async def _contact(world: World, keyring: Keyring, c: Conversation, frame: ChatInput, actor: str) -> None:
    """The patient's contact for messages, kept sealed with their triage record (never in the conversation)."""
    if not isinstance(frame, BookFrame) or frame.contact is None or c.triage is None:
        return
    given = frame.contact
    contact = checked(given.email, given.mobile, given.consent)
    await write(remember_for_triage, world.engine, keyring, c.triage.triage_id, actor, contact)


def _postcode(world: World, c: Conversation, frame: PostcodeFrame) -> Conversation:
    if not frame.postcode.strip():
        raise InvalidChatInput(f"Please type your postcode. {conv.POSTCODE_FORMAT}")
    world.gazetteer.locate(frame.postcode)  # an unknown postcode is refused here, and asked again
    return conv.give_postcode(c, frame.turn, frame.postcode, frame.mode)


def _conversation_text(c: Conversation) -> str:
    frame = ConversationFrame(turn=c.turn, messages=c.messages, prompt=conv.prompt(c), finished=c.finished)
    return frame.model_dump_json()


def _error_text(error: DomainError) -> str:
    if isinstance(error, UnknownPostcode):
        frame = error_frame(error)
        frame["detail"] = f"{error.detail} Please check it and try again. {conv.POSTCODE_FORMAT}"
        return json.dumps(frame)
    return error_text(error)

"""The channels against real servers: SMTP (aiosmtpd) and a local server speaking GOV.UK Notify's API to its
official client. Retries wait and back off; a final refusal is FAILED and visible; words never reach the logs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from capacity.memory_board import MemoryBoard
from models.crypto import Keyring
from models.notify_tables import MessageState
from models.types import utcnow
from notify.channels import Channel, GovukNotify, Smtp
from notify.contacts import Contact, checked
from notify.dispatch import Dispatcher
from tests.notify.conftest import book, messages, put, soon
from tests.support.mailers import API_KEY, Inbox, NotifyApi, notify_api, smtp_server

LGI = "RR801-ED"
EMAIL_TEMPLATE, SMS_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a", "0c9c1b3a-5b4e-4b0e-9d8f-7a2d0f3c9e11"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def notify() -> Iterator[NotifyApi]:
    with notify_api() as api:
        yield api


def dispatcher(engine: Engine, keyring: Keyring, channel: Channel) -> Dispatcher:
    return Dispatcher(engine, keyring, channel, "https://111.example", max_attempts=3, backoff=timedelta(seconds=10))


def test_an_email_arrives_over_smtp_with_our_message_id_and_the_patients_link(
    sqlite_engine: Engine,
    board: MemoryBoard,
    keyring: Keyring,
    smtp: tuple[Inbox, int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    inbox, port = smtp
    start = soon()
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start, contact=Contact("grace.hopper@example.org", None, True))
    caplog.set_level(logging.DEBUG)
    asyncio.run(dispatcher(sqlite_engine, keyring, Smtp("127.0.0.1", port, "NHS 111 <111@example.org>")).run_once())
    [mail] = inbox.wait_for(1)
    [message] = messages(sqlite_engine, booking.id)
    assert mail["To"] == "grace.hopper@example.org" and booking.reference in mail["Subject"]
    assert mail["Message-ID"] == message.remote_id == f"<{message.id}@one111>"
    text = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "https://111.example/my/" in text and "Leeds General Infirmary" in text
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")  # not the test's SMTP server
    assert "grace.hopper" not in ours and booking.reference not in ours


def test_a_server_that_says_try_later_is_retried_with_backoff_then_delivers(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    inbox.refuse = ["451 4.3.0 try again later"]
    start = soon()
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start)
    send = dispatcher(sqlite_engine, keyring, Smtp("127.0.0.1", port, "111@example.org"))
    now = utcnow()
    asyncio.run(send.run_once(now))
    [waiting] = messages(sqlite_engine, booking.id)
    assert (waiting.state, waiting.attempts, waiting.last_error) == (MessageState.PENDING, 1, "smtp: 451")
    assert waiting.next_attempt_at == now + timedelta(seconds=10)
    assert asyncio.run(send.run_once(now + timedelta(seconds=5))) == 0  # not yet
    asyncio.run(send.run_once(now + timedelta(seconds=11)))
    assert len(inbox.wait_for(1)) == 1
    assert messages(sqlite_engine, booking.id)[0].state is MessageState.SENT


def test_a_final_refusal_is_failed_and_says_why_without_the_address(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    inbox.refuse = ["550 5.1.1 mailbox unavailable"]
    start = soon()
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start)
    asyncio.run(dispatcher(sqlite_engine, keyring, Smtp("127.0.0.1", port, "111@example.org")).run_once())
    [failed] = messages(sqlite_engine, booking.id)
    assert (failed.state, failed.attempts, failed.last_error) == (MessageState.FAILED, 1, "smtp: 550")


def test_no_smtp_server_is_retried_until_the_last_attempt_then_failed(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring
) -> None:
    start = soon()
    put(board, LGI, {start: 1})
    booking = book(sqlite_engine, board, keyring, LGI, start)
    from tests.support.server import free_port

    send = dispatcher(sqlite_engine, keyring, Smtp("127.0.0.1", free_port(), "111@example.org", timeout_s=2))
    now = utcnow()
    for attempt in range(3):
        asyncio.run(send.run_once(now + timedelta(minutes=attempt)))
    [failed] = messages(sqlite_engine, booking.id)
    assert (failed.state, failed.attempts, failed.last_error) == (
        MessageState.FAILED,
        3,
        "smtp: ConnectionRefusedError",
    )


def test_govuk_notify_sends_email_with_our_reference_and_its_client_signs_every_request(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring, notify: NotifyApi
) -> None:
    start = soon()
    put(board, LGI, {start: 2})
    booking = book(sqlite_engine, board, keyring, LGI, start, contact=Contact("ada@example.org", "07700900123", True))
    texted = book(sqlite_engine, board, keyring, LGI, start, contact=checked(None, "07700 900456", True))
    channel = GovukNotify(API_KEY, EMAIL_TEMPLATE, SMS_TEMPLATE, notify.url)
    asyncio.run(dispatcher(sqlite_engine, keyring, channel).run_once())
    email, sms = sorted(notify.accepted, key=lambda n: n["kind"])
    assert (email["kind"], email["email_address"], email["template_id"]) == ("email", "ada@example.org", EMAIL_TEMPLATE)
    assert email["reference"] == messages(sqlite_engine, booking.id)[0].id
    assert booking.reference in email["personalisation"]["subject"] + email["personalisation"]["body"]
    assert (sms["kind"], sms["phone_number"], sms["template_id"]) == ("sms", "+447700900456", SMS_TEMPLATE)
    assert all(m.state is MessageState.SENT for m in messages(sqlite_engine, texted.id) + messages(sqlite_engine))


def test_govuk_notify_server_errors_are_retried_and_a_bad_key_is_final(
    sqlite_engine: Engine, board: MemoryBoard, keyring: Keyring, notify: NotifyApi
) -> None:
    start = soon()
    put(board, LGI, {start: 2})
    booking = book(sqlite_engine, board, keyring, LGI, start)
    notify.fail = [500]
    now = utcnow()
    send = dispatcher(sqlite_engine, keyring, GovukNotify(API_KEY, EMAIL_TEMPLATE, SMS_TEMPLATE, notify.url))
    asyncio.run(send.run_once(now))
    assert messages(sqlite_engine, booking.id)[0].last_error == "govuk_notify: 500"
    asyncio.run(send.run_once(now + timedelta(seconds=11)))
    assert messages(sqlite_engine, booking.id)[0].state is MessageState.SENT
    other = book(sqlite_engine, board, keyring, LGI, start)
    forged = API_KEY[:-36] + "00000000-0000-4000-8000-000000000000"  # the right service, the wrong secret
    asyncio.run(
        dispatcher(sqlite_engine, keyring, GovukNotify(forged, EMAIL_TEMPLATE, SMS_TEMPLATE, notify.url)).run_once()
    )
    [refused] = messages(sqlite_engine, other.id)
    assert (refused.state, refused.last_error) == (MessageState.FAILED, "govuk_notify: 403")

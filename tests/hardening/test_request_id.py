"""Issue 14 item 8: a client's X-Request-ID reaches the logs only if it is a UUID; anything else (a name, a
postcode, a newline that would forge a log line) is replaced by a fresh id, on every backend."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.hardening.conftest import Stack

REFUSED = [
    "call-42",
    "John Smith LS1 4AP",
    "0f8fad5bd9cb469fa16570867728950e0",
    "x" * 1000,
    "0f8fad5b-d9cb-469f-a165-7086772895zz",
]


@pytest.mark.parametrize("sent", REFUSED)
def test_a_request_id_that_is_not_a_uuid_is_replaced(stack: Stack, sent: str) -> None:
    answer = httpx.get(stack.live.url + "/healthz", headers={"X-Request-ID": sent}, timeout=10)
    kept = answer.headers["x-request-id"]
    assert kept != sent and re.fullmatch(r"[0-9a-f]{32}", kept)
    assert stack.live.logged(kept)  # the request's line is written: only now can its absence be seen
    assert sent.strip() not in stack.live.logs()


def test_a_uuid_is_echoed_and_logged(stack: Stack) -> None:
    sent = "0F8FAD5B-D9CB-469F-A165-70867728950E"
    answer = httpx.get(stack.live.url + "/healthz", headers={"X-Request-ID": sent}, timeout=10)
    assert answer.headers["x-request-id"] == sent.lower()
    assert stack.live.logged(sent.lower())

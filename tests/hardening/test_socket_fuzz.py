"""Issue 14: fuzz what the schema fuzzer cannot reach. Hypothesis sends arbitrary frames (malformed, huge, nested,
binary, unicode, NUL, near-valid) to /ws/provider, /ws/board and /ws/chat on both stacks. Every frame is answered
by a frame that is never an internal error, or the socket is closed with a documented code; afterwards the server
still answers and the board of a service nobody fuzzed is unchanged."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.hardening.conftest import Stack
from tests.hardening.sockets import SOCKETS, WAIT_S, credentials, query
from tests.support.auth import bearer, provider_token

EXAMPLES = 40
DOCUMENTED_CLOSES = {1008, 1009, 1011, 4001}  # docs/capacity.md, "Close codes and bad frames"
UNSOLICITED = {"delta", "booking.created", "booking.cancelled"}  # pushed by other tests' changes on the shared stack
SENTINEL, SENTINEL_PROVIDER = "RCF22-ED", "RCF"  # Airedale's A&E: nobody fuzzes it
TYPES = ["ping", "resync", "capacity.update", "hello", "describe", "group", "answer", "postcode", "book", "", "\x00"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
near_valid = st.builds(
    lambda kind, extra: json.dumps({**extra, "type": kind}),
    st.sampled_from(TYPES),
    st.dictionaries(
        st.sampled_from(["service_id", "seq", "slots", "is_open", "turn", "text", "age", "token", "postcode"]),
        json_values,
        max_size=5,
    ),
)
frames: st.SearchStrategy[str | bytes] = st.one_of(
    near_valid,
    json_values.map(json.dumps),
    st.text(max_size=300),
    st.binary(max_size=300),
    st.integers(1, 6000).map(lambda n: "[" * n + "]" * n),
    st.integers(16_000, 90_000).map(lambda n: json.dumps({"type": "ping", "pad": "x" * n})),
    st.text(alphabet="\x00\x01\x1f\u202e\ufeff\U0001f600é", min_size=1, max_size=50),
)


def board_of(stack: Stack, headers: dict[str, str]) -> Any:
    return httpx.get(f"{stack.live.url}/v1/services/{SENTINEL}/capacity", headers=headers, timeout=10).json()


class Client:
    """One socket, reopened after a documented close, reading past frames other tests push."""

    def __init__(self, stack: Stack, path: str) -> None:
        self.url = stack.live.ws_url + path + query(path)
        self.headers, self.path = credentials(stack, path), path
        self.socket = self._open()

    def _open(self) -> ClientConnection:
        opening = connect(self.url, additional_headers=self.headers, open_timeout=WAIT_S, max_size=2**22)
        socket = opening.__enter__()  # closed by close() or by the server; reopened across examples
        if self.path != "/ws/chat":
            json.loads(socket.recv(timeout=WAIT_S))  # the welcome or the snapshot
        return socket

    def exchange(self, frame: str | bytes) -> None:
        try:
            self.socket.send(frame)
            while (answer := json.loads(self.socket.recv(timeout=WAIT_S)))["type"] in UNSOLICITED:
                pass
        except ConnectionClosed:
            assert self.socket.close_code in DOCUMENTED_CLOSES, self.socket.close_code
            self.socket = self._open()
            return
        assert answer["type"] in {"error", "pong", "ack", "conversation", "snapshot"}, answer
        if answer["type"] == "error":
            assert answer["code"] != "internal-error" and answer["status"] != 500, answer


# Untraced here (no_cover): this process only sends frames and reads answers; the server that answers is measured.
@pytest.mark.no_cover
@pytest.mark.parametrize("path", SOCKETS)
def test_arbitrary_frames_get_an_error_frame_or_a_documented_close(stack: Stack, path: str) -> None:
    provider = bearer(provider_token(stack.database_url, SENTINEL_PROVIDER))
    before = board_of(stack, provider)
    client = Client(stack, path)

    @given(frame=frames)
    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def answered(frame: str | bytes) -> None:
        client.exchange(frame)

    try:
        answered()
    finally:
        client.socket.close()
    assert httpx.get(stack.live.url + "/healthz", timeout=10).status_code == 200
    assert board_of(stack, provider) == before

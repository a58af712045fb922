"""Issue 14 item 2, the inputs tests/web/test_odd_input.py does not cover: a NUL in the login username, a FHIR
search parameter, a provider update frame and a board filter is a clear refusal on both stacks, never a 500, an
internal-error frame or a dropped socket; the server answers the next request as usual."""

from __future__ import annotations

import asyncio
import contextlib
import json

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from models.vocabulary import Role
from tests.hardening.conftest import Stack
from tests.hardening.sockets import frame, open_socket
from tests.support.auth import bearer, provider_token, staff_token


def test_a_nul_in_the_login_username_is_refused(stack: Stack) -> None:
    answer = httpx.post(stack.live.url + "/auth/login", data={"username": "ada\x00", "password": "x" * 12}, timeout=30)
    assert 400 <= answer.status_code < 500 and answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path", ["/fhir/Slot?schedule=Schedule/RR801%00-ED", "/fhir/HealthcareService/RR801%00", "/v1/services?near=LS1%00"]
)
def test_a_nul_in_a_fhir_or_directory_query_is_refused(stack: Stack, path: str) -> None:
    headers = bearer(staff_token(stack.database_url, Role.CALL_HANDLER))
    answer = httpx.get(stack.live.url + path, headers=headers, timeout=30)
    assert answer.status_code < 500, answer.text  # a refusal, or (SQLite) nothing matches: never an error
    assert httpx.get(stack.live.url + "/v1/services/RR801-ED", headers=headers, timeout=30).status_code == 200


def test_a_nul_in_a_provider_update_gets_an_error_frame(stack: Stack) -> None:
    async def run() -> dict[str, object]:
        headers = bearer(provider_token(stack.database_url, "RR8"))
        async with open_socket(stack, "/ws/provider", headers) as ws:
            await frame(ws)  # welcome
            update = {"type": "capacity.update", "service_id": "RR801-ED\x00", "seq": 1, "is_open": True}
            await ws.send(json.dumps({**update, "slots": [], "wait_minutes": 5, "opel": 1}))
            return await frame(ws)

    answer = asyncio.run(run())
    assert answer["type"] == "error" and answer["status"] != 500 and answer["code"] != "internal-error"


def test_a_nul_in_the_board_filter_gets_a_frame_never_a_drop(stack: Stack) -> None:
    """An error frame and close 1008 (PostgreSQL refuses the text), or an empty snapshot (SQLite matches nothing)."""

    async def run() -> tuple[dict[str, object], int | None]:
        headers = bearer(staff_token(stack.database_url, Role.CALL_HANDLER))
        async with connect(stack.live.ws_url + "/ws/board?service=%00", additional_headers=headers) as ws:
            answer = json.loads(await asyncio.wait_for(ws.recv(), 15))
            if answer["type"] == "error":
                with contextlib.suppress(ConnectionClosed):
                    await asyncio.wait_for(ws.recv(), 15)
            return answer, ws.close_code

    answer, code = asyncio.run(run())
    if answer["type"] == "error":
        assert answer["status"] != 500 and code == 1008, (answer, code)
    else:
        assert answer["type"] == "snapshot" and answer["services"] == []

"""Issue 14: text is checked once at the edge. A control character (C0, DEL, C1) in any body field, path or query
parameter, header or websocket frame is refused with a problem or an error frame that names the field; free text
(what a caller says, a note, a reason) may keep tab, newline and CR. On both stacks (a NUL used to give 500 on
PostgreSQL), for every control character."""

from __future__ import annotations

import json
import socket
import types
import typing
import uuid
from typing import Any, Literal
from urllib.parse import quote

import httpx
import pytest
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from models.text import FREE_TEXT, LINE, codepoint, first_control
from models.vocabulary import Role
from tests.hardening.conftest import Stack
from tests.hardening.sockets import PROVIDER, WAIT_S
from tests.support.auth import bearer, chat_token, provider_token, staff_token
from web.app import ROUTERS
from web.ws.chat_frames import ChatInbound
from web.ws.frames import ConsoleInbound, ProviderInbound
from web.ws.ops_frames import OpsInbound

CONTROLS = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]
WHITESPACE = {"\t", "\n", "\r"}
TRIAGE_WAIT_S = 60.0  # an accepted description is triaged before the answer: slow on a busy two-core machine
# Input models that take JSON whole, and where it is checked: a FHIR Bundle (check_json in a model validator), and
# a summary entry's new version (validated by its kind's schema, which is typed like every other).
WHOLE = {"BundleIn", "EntryEdit"}
EXAMPLES = settings(
    max_examples=2, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
code_text = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", max_size=6)
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=12).map(lambda s: "pain " + s)


# What the schemas promise: every string a client can send is a Line or a Text.


def _unchecked(tp: Any, metadata: list[Any], where: str, seen: set[type]) -> list[str]:
    """Where a string a client sends is neither a Line nor a Text (nor JSON taken whole and checked)."""
    if tp is str:
        return [] if any(m is LINE or m is FREE_TEXT for m in metadata) else [where]
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(tp)
        return _unchecked(inner, [*metadata, *extra], where, seen)
    if origin is Literal:
        return []
    if origin is not None or isinstance(tp, types.UnionType):
        return [f for arg in typing.get_args(tp) for f in _unchecked(arg, [], f"{where}[]", seen)]
    if tp is Any:
        return [where]
    if isinstance(tp, type) and issubclass(tp, BaseModel) and tp not in seen:
        seen.add(tp)
        if tp.model_config.get("extra") == "allow" and tp.__name__ not in WHOLE:
            return [f"{where} (takes any field)"]
        fields = tp.model_fields.items()
        return [f for name, fi in fields for f in _unchecked(fi.annotation, fi.metadata, f"{tp.__name__}.{name}", seen)]
    return []


def test_every_string_a_client_sends_is_a_line_or_a_text() -> None:
    seen: set[type] = set()
    unchecked = []
    for router in ROUTERS:
        routes = [route for route in router.routes if isinstance(route, APIRoute)]
        for route in routes:
            for param in route.dependant.body_params:
                unchecked += _unchecked(param.field_info.annotation, param.field_info.metadata, route.path, seen)
    inbound: list[TypeAdapter[Any]] = [ProviderInbound, ConsoleInbound, ChatInbound, OpsInbound]
    for adapter in inbound:
        unchecked += _unchecked(adapter._type, [], "frame", seen)
    assert len(seen) > 30  # the walk found the request and frame models
    assert unchecked == []


@given(st.text(max_size=30))
def test_the_rule_finds_exactly_the_control_characters(text: str) -> None:
    assert (first_control(text) is not None) == any(c in CONTROLS for c in text)
    assert (first_control(text, free=True) is not None) == any(c in CONTROLS and c not in WHITESPACE for c in text)


# Over HTTP: body fields, path and query parameters, headers.


def _names(answer: httpx.Response, field: str, char: str) -> bool:
    body = answer.json()
    named = [e for e in body.get("errors", []) if e["field"].endswith(field) and codepoint(char) in e["message"]]
    return answer.headers["content-type"] == "application/problem+json" and bool(named)


@pytest.fixture(scope="module")
def staff(stack: Stack) -> dict[str, str]:
    return bearer(staff_token(stack.database_url, Role.CALL_HANDLER))


def test_an_identifier_in_a_body_is_refused_naming_the_field(stack: Stack, staff: dict[str, str]) -> None:
    @EXAMPLES
    @given(before=code_text, after=code_text)
    def check(before: str, after: str) -> None:
        with httpx.Client(base_url=stack.live.url, headers=staff, timeout=30) as client:
            for char in CONTROLS:
                body = {"service_id": f"{before}{char}{after}"}
                answer = client.post("/v1/holds", json=body, headers={"Idempotency-Key": uuid.uuid4().hex})
                assert answer.status_code == 422 and _names(answer, "service_id", char), (char, answer.text)

    check()


def test_free_text_in_a_body_keeps_tab_newline_and_cr_and_refuses_the_rest(stack: Stack, staff: dict[str, str]) -> None:
    @EXAMPLES
    @given(before=words, after=words)
    def check(before: str, after: str) -> None:
        with httpx.Client(base_url=stack.live.url, headers=staff, timeout=30) as client:
            for char in CONTROLS:
                answer = client.post("/v1/triage", json={"text": f"{before}{char}{after}", "age": 40})
                if char in WHITESPACE:
                    assert answer.status_code == 201, (char, answer.text)
                else:
                    assert answer.status_code == 422 and _names(answer, "text", char), (char, answer.text)

    check()


def test_a_path_parameter_is_refused_naming_it(stack: Stack, staff: dict[str, str]) -> None:
    @EXAMPLES
    @given(before=code_text, after=code_text)
    def check(before: str, after: str) -> None:
        with httpx.Client(base_url=stack.live.url, headers=staff, timeout=30) as client:
            for char in CONTROLS:
                answer = client.get("/v1/bookings/" + quote(f"{before}{char}{after}", safe=""))
                assert answer.status_code == 422 and _names(answer, "booking_id", char), (char, answer.text)

    check()


def test_a_query_parameter_is_refused_naming_it(stack: Stack, staff: dict[str, str]) -> None:
    @EXAMPLES
    @given(before=code_text, after=code_text)
    def check(before: str, after: str) -> None:
        with httpx.Client(base_url=stack.live.url, headers=staff, timeout=30) as client:
            for char in CONTROLS:
                answer = client.get("/v1/services", params={"near": f"LS1{before}{char}{after}"})
                assert answer.status_code == 422 and _names(answer, "near", char), (char, answer.text)

    check()


def _raw_get(stack: Stack, path: str, headers: list[bytes]) -> tuple[int, dict[str, Any]]:
    """A request written byte by byte (HTTP clients refuse to send these headers): its status and problem."""
    head = b"\r\n".join([f"GET {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", *headers, b"Connection: close"])
    with socket.create_connection(("127.0.0.1", stack.live.port), timeout=30) as raw:
        raw.sendall(head + b"\r\n\r\n")
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), json.loads(rest.partition(b"\r\n\r\n")[2])


def test_a_header_is_refused_with_400_naming_it_when_the_server_parser_lets_it_through(
    stack: Stack, staff: dict[str, str]
) -> None:
    """h11 refuses C0 controls but tab, and DEL, in a header with its own 400 (it cannot tell which header; a CR or
    LF ends the line); a tab inside a value, a C1 byte, or C1 written as UTF-8, reaches the edge, which names it."""
    auth = f"Authorization: {staff['Authorization']}".encode()

    @EXAMPLES
    @given(before=code_text, after=code_text)
    def check(before: str, after: str) -> None:
        for char in CONTROLS:
            encodings = [char.encode("latin-1")] + ([char.encode()] if ord(char) >= 0x80 else [])
            for raw in encodings:
                # Inside the value: h11 strips a tab at either end as whitespace around it.
                header = b"Idempotency-Key: k" + before.encode() + raw + after.encode() + b"k"
                status, problem = _raw_get(stack, "/v1/services/RR801-ED", [auth, header])
                assert status == 400, (char, raw, problem)
                if problem["type"].endswith("/control-character-in-header"):
                    assert (
                        problem["detail"] == f"header idempotency-key contains a control character ({codepoint(char)})"
                    )
                else:
                    assert problem["type"].endswith("/bad-request-head") and char != "\t", (char, raw)
                    assert not 0x80 <= ord(char) < 0xA0, (char, raw)  # C1 always reaches the edge

    check()


# On the websockets: frames, and the handshake's query parameters.


def _frame(ws: ClientConnection, timeout: float = WAIT_S) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(ws.recv(timeout=timeout))
    return answer


def _error_naming(frame: dict[str, Any], field: str, char: str) -> bool:
    detail = str(frame.get("detail", ""))
    return frame["type"] == "error" and field in detail and codepoint(char) in detail and frame["status"] < 500


def test_a_provider_frame_with_a_control_character_gets_an_error_frame_naming_the_field(stack: Stack) -> None:
    headers = bearer(provider_token(stack.database_url, PROVIDER))

    @EXAMPLES
    @given(before=code_text, after=code_text)
    def check(before: str, after: str) -> None:
        with connect(stack.live.ws_url + "/ws/provider", additional_headers=headers, open_timeout=WAIT_S) as ws:
            _frame(ws)  # welcome
            for seq, char in enumerate(CONTROLS, start=1):
                update = {"type": "capacity.update", "service_id": f"{before}{char}{after}", "seq": seq}
                ws.send(json.dumps({**update, "is_open": True, "slots": [], "wait_minutes": 5, "opel": 1}))
                answer = _frame(ws)
                assert _error_naming(answer, "service_id", char), (char, answer)

    check()


def test_a_chat_frame_keeps_tab_newline_and_cr_in_what_the_patient_says_and_refuses_the_rest(stack: Stack) -> None:
    @EXAMPLES
    @given(before=words, after=words)
    def check(before: str, after: str) -> None:
        headers = bearer(chat_token(stack.live.url))
        with connect(stack.live.ws_url + "/ws/chat", additional_headers=headers, open_timeout=WAIT_S) as ws:
            ws.send(json.dumps({"type": "hello"}))
            _frame(ws)
            for char in CONTROLS:
                ws.send(json.dumps({"type": "describe", "turn": 0, "text": f"{before}{char}{after}", "age": 40}))
                answer = _frame(ws, TRIAGE_WAIT_S)
                if char in WHITESPACE:
                    assert answer["type"] == "conversation", (char, answer)
                else:
                    assert _error_naming(answer, "text", char), (char, answer)

    check()


SOCKET_PARAMETERS = [
    ("/ws/board", Role.CALL_HANDLER, "service", "RR801-ED"),
    ("/ws/ops", Role.LEAD, "region", "Y56"),
    ("/ws/clinical", Role.CLINICIAN, "view", "mine"),  # the check covers any parameter, used or not
]


@pytest.mark.parametrize(("path", "role", "name", "value"), SOCKET_PARAMETERS)
def test_a_socket_query_parameter_gets_an_error_frame_naming_it_and_close_1008(
    stack: Stack, path: str, role: Role, name: str, value: str
) -> None:
    headers = bearer(staff_token(stack.database_url, role))

    @EXAMPLES
    @given(before=code_text)
    def check(before: str) -> None:
        for char in CONTROLS:
            url = f"{stack.live.ws_url}{path}?{name}=" + quote(f"{value}{before}{char}", safe="")
            with connect(url, additional_headers=headers, open_timeout=WAIT_S) as ws:
                answer = _frame(ws)
                with pytest.raises(ConnectionClosed):
                    ws.recv(timeout=WAIT_S)
            assert _error_naming(answer, name, char) and ws.close_code == 1008, (char, answer, ws.close_code)

    check()

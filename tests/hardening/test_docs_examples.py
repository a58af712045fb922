"""Issue 14 item 11: the docs' examples work as written. The board client's push is accepted (its seq fits), the
routing and capacity calls succeed with the token the docs now send, and a capacity update without `slots` is
refused naming it instead of wiping every slot."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx

from models.vocabulary import Role
from tests.hardening.conftest import Stack
from tests.support.auth import bearer, provider_token, staff_token
from tests.support.server import ROOT

SERVICE, PROVIDER = "RR801-ED", "RR8"  # the service and provider the docs use


def test_the_board_clients_push_is_acknowledged(stack: Stack) -> None:
    token = provider_token(stack.database_url, PROVIDER)
    command = [sys.executable, "docs/examples/board_client.py", "push", token, SERVICE, "3"]
    env = {**os.environ, "ONE111_SERVER": stack.live.ws_url}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True)
    welcome, answer = (json.loads(line) for line in done.stdout.splitlines()[:2])
    assert welcome["type"] == "welcome" and SERVICE in welcome["services"]
    assert answer["type"] == "ack" and answer["service_id"] == SERVICE, answer


def test_the_routing_calls_work_with_the_documented_token(stack: Stack) -> None:
    handler = bearer(staff_token(stack.database_url, Role.CALL_HANDLER))
    with httpx.Client(base_url=stack.live.url, headers=handler, timeout=30) as client:
        body = {"disposition": "ED", "postcode": "LS1 4AP", "age": 40, "mode": "car"}
        assert client.post("/v1/route", json=body).status_code == 200
        assert client.get("/v1/callbacks").status_code == 200  # as the docs say: a handler sees what they queued
    clinician = bearer(staff_token(stack.database_url, Role.CLINICIAN))
    assert httpx.get(stack.live.url + "/v1/callbacks", headers=clinician, timeout=30).status_code == 200


def test_a_capacity_update_without_slots_is_refused_and_the_slots_stay(stack: Stack) -> None:
    provider = bearer(provider_token(stack.database_url, PROVIDER))
    path = f"{stack.live.url}/v1/services/{SERVICE}/capacity"
    before = httpx.get(path, headers=provider, timeout=30).json()
    refused = httpx.put(path, headers=provider, json={"is_open": True, "wait_minutes": 80, "opel": 3}, timeout=30)
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"
    assert "slots" in refused.text
    assert httpx.get(path, headers=provider, timeout=30).json() == before
    empty = {"is_open": True, "slots": [], "wait_minutes": 80, "opel": 3}  # saying "none" is still possible
    assert httpx.put(path, headers=provider, json=empty, timeout=30).status_code == 200

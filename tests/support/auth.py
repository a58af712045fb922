"""Credentials for tests, made the way a user makes them (the CLI's functions, or the chat endpoint).

- `staff_token(database_url, role)`: a new staff user with a random name; its API bearer token.
- `staff_user(database_url, role)`: (username, password) of a new staff user, for the browser login.
- `provider_token(database_url, provider_id)`: a new token for an existing provider.
- `chat_token(target)`: a patient chat token from POST /v1/chat/sessions (`target` is a base URL or a client).
- `bearer(token)`: the `Authorization` header dict for httpx / TestClient / websockets.
"""

from __future__ import annotations

import secrets

import httpx
import httpx2
from starlette.testclient import TestClient

from identity.providers import issue_token
from identity.tokens import issue_staff_token
from identity.users import create_user
from models.database import make_engine
from models.vocabulary import Role

TEST_PASSWORD_LENGTH = 16


def staff_user(database_url: str, role: Role | str) -> tuple[str, str]:
    username, password = f"t-{secrets.token_hex(4)}", secrets.token_urlsafe(TEST_PASSWORD_LENGTH)
    engine = make_engine(database_url)
    try:
        create_user(engine, username, Role(role), password)
    finally:
        engine.dispose()
    return username, password


def staff_token(database_url: str, role: Role | str, days: float = 1.0) -> str:
    username, _ = staff_user(database_url, role)
    engine = make_engine(database_url)
    try:
        return issue_staff_token(engine, username, days)
    finally:
        engine.dispose()


def provider_token(database_url: str, provider_id: str) -> str:
    engine = make_engine(database_url)
    try:
        return issue_token(engine, provider_id, "test")
    finally:
        engine.dispose()


def chat_token(target: str | httpx.Client | TestClient) -> str:
    # starlette's TestClient is built on httpx2, a live server is called with httpx: two Response types
    response: httpx.Response | httpx2.Response
    if isinstance(target, str):
        response = httpx.post(f"{target}/v1/chat/sessions", timeout=10)
    else:
        response = target.post("/v1/chat/sessions")
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}

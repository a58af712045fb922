"""`make run`'s demo users: the README's credentials sign in to the console; never made on PostgreSQL unasked."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.cli import main
from web.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"
# What the README tells a new user to type, and the role the console shows them.
DOCUMENTED = {
    "handler": ("handler-demo-password", "call_handler"),
    "clinician": ("clinician-demo-password", "clinician"),
    "admin": ("admin-demo-password", "admin"),
    "lead": ("lead-demo-password", "lead"),
}
LANDS_ON = {"lead": "/ops"}  # a lead watches the system; everyone else takes calls at the console


def test_the_readme_demo_credentials_sign_in_after_make_runs_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'one111.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    assert main(["users", "demo"]) == 0
    assert main(["users", "demo"]) == 0  # make run runs it every time
    assert "created now: none" in capsys.readouterr().out

    readme = README.read_text()
    with TestClient(create_app(Settings(database_url=url))) as browser:
        for username, (password, role) in DOCUMENTED.items():
            assert f"`{username}` / `{password}`" in readme
            signed_in = browser.post("/auth/login", data={"username": username, "password": password})
            assert signed_in.status_code == 200 and signed_in.url.path == LANDS_ON.get(username, "/console")
            assert browser.get("/auth/me").json()["role"] == role


def test_demo_users_are_refused_on_postgresql_unless_forced(
    empty_postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_postgres_url)
    assert main(["users", "demo"]) == 2
    assert "only made on the embedded SQLite database" in capsys.readouterr().err

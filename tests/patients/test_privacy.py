"""Privacy: the raw database holds no readable name or NHS number, no patient field reaches the logs, and a key
rotation re-seals every sealed value while the record still reads the same."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from models.database import make_engine
from models.vocabulary import Role
from tests.patients.conftest import a_practice
from tests.support.auth import bearer, staff_token
from tests.support.server import LiveServer
from web.app import create_app
from web.cli import main
from web.settings import Settings

# Distinctive enough that finding any of them anywhere can only mean a patient's data leaked.
PERSON: dict[str, Any] = {
    "nhs_number": "401 023 2137",
    "given_name": "Zebediah",
    "family_name": "Quillfeather",
    "birth_date": "1931-07-19",
    "sex": "male",
    "gender": "Zebulonic",
    "postcode": "LS6 2QT",
    "phone": "07700 900461",
    "email": "zq.privacy@example.org",
    "language": "cy",
    "interpreter_needed": True,
    "adjustments": ["Bramblewick hearing loop"],
}
ALLERGY = {"substance": "Marmaladine", "reaction": "Fizzlewhistle hives"}
NOTE = {"category": "safeguarding", "text": "Lives with Hollowmere Gantry, see the GP"}
REASON = "Gallimaufry incident, paramedic asking for allergies"
SECRETS = (
    "Zebediah",
    "Quillfeather",
    "4010232137",
    "401 023 2137",
    "1931-07-19",
    "Zebulonic",
    "LS6 2QT",
    "07700 900461",
    "07700 900462",
    "zq.privacy",
    "Bramblewick",
    "Marmaladine",
    "Fizzlewhistle",
    "Hollowmere",
    "Gallimaufry",
)


def use_the_record(call: Any, auth: dict[str, str], other: dict[str, str], practice: str) -> str:
    """Everything a user does that carries patient data: register, trace, read, correct, summarise, break glass."""
    made = call("POST", "/v1/patients", json={**PERSON, "gp_practice": practice}, headers=auth)
    assert made.status_code == 201, made.text
    base = f"/v1/patients/{made.json()['id']}"
    assert call("GET", "/v1/patients", params={"nhs_number": PERSON["nhs_number"]}, headers=auth).status_code == 200
    query = {k: PERSON[k] for k in ("family_name", "given_name", "birth_date", "postcode")}
    assert call("GET", "/v1/patients", params=query, headers=auth).status_code == 200
    assert call("POST", f"{base}/allergies", json=ALLERGY, headers=auth).status_code == 201
    assert call("POST", f"{base}/notes", json=NOTE, headers=auth).status_code == 201
    fix = {"phone": "07700 900462", "email": "zq.privacy@example.org", "reason": "Gallimaufry spelling"}
    assert call("PATCH", base, json=fix, headers=auth).status_code == 200
    assert call("GET", base, headers={**other, "One111-Break-Glass": REASON}).status_code == 200
    identifier = {"identifier": "https://fhir.nhs.uk/Id/nhs-number|" + PERSON["nhs_number"].replace(" ", "")}
    assert call("GET", "/fhir/Patient", params=identifier, headers=auth).status_code == 200
    assert call("GET", f"/fhir/Patient/{made.json()['id']}", headers=auth).status_code == 200
    bad = {**PERSON, "nhs_number": "401 023 2138"}  # a refusal must not echo what it refused
    assert call("POST", "/v1/patients", json=bad, headers=auth).status_code == 422
    assert (
        call("POST", "/v1/patients", json={**PERSON, "email": "Quillfeather at home"}, headers=auth).status_code == 422
    )
    return str(made.json()["id"])


def test_the_raw_sqlite_file_holds_no_name_or_nhs_number(tmp_path: Path, sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    practice = a_practice(engine)
    auth, other = (bearer(staff_token(sqlite_url, role)) for role in (Role.CALL_HANDLER, Role.CLINICIAN))
    with TestClient(create_app(Settings(database_url=sqlite_url))) as client:
        patient_id = use_the_record(client.request, auth, other, practice)
        opened = client.get(f"/v1/patients/{patient_id}", headers=auth).json()
        assert opened["patient"]["family_name"] == "Quillfeather"  # the app reads what the file hides
    with engine.connect() as connection:  # fold the write-ahead log into the file, so one file holds everything
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    database = Path(sqlite_url.removeprefix("sqlite:///"))
    raw = b"".join(path.read_bytes() for path in database.parent.glob(database.name + "*"))
    for secret in SECRETS:
        assert secret.encode() not in raw, f"{secret!r} is readable in the database file"
        assert secret.lower().encode() not in raw and secret.upper().encode() not in raw
    rows = sqlite3.connect(database).execute("SELECT count(*) FROM patients").fetchone()
    assert rows == (1,)  # the record is there, sealed


@pytest.fixture
def debug_server(tmp_path: Path, sqlite_url: str) -> Iterator[LiveServer]:
    live = LiveServer({"DATABASE_URL": sqlite_url, "ONE111_LOG_LEVEL": "DEBUG"}, tmp_path).start()
    yield live
    live.stop()


def test_no_patient_field_reaches_the_logs(debug_server: LiveServer, sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    practice = a_practice(engine)
    engine.dispose()
    auth, other = (bearer(staff_token(sqlite_url, role)) for role in (Role.CALL_HANDLER, Role.CLINICIAN))
    with httpx.Client(base_url=debug_server.url, timeout=30) as client:
        use_the_record(client.request, auth, other, practice)
    debug_server.stop()
    logs = debug_server.logs()
    assert '"route": "/v1/patients"' in logs and '"route": "/v1/patients/{patient_id}"' in logs  # it did log
    for secret in SECRETS:
        assert secret not in logs, f"{secret!r} leaked into the server log"


def test_a_key_rotation_reseals_every_value_and_the_record_reads_the_same(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(sqlite_url)
    practice = a_practice(engine)
    auth, other = (bearer(staff_token(sqlite_url, role)) for role in (Role.CALL_HANDLER, Role.CLINICIAN))
    settings = Settings(database_url=sqlite_url)
    with TestClient(create_app(settings)) as client:
        patient_id = use_the_record(client.request, auth, other, practice)
        before = client.get(f"/v1/patients/{patient_id}", headers=auth).json()

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["keys", "rotate", "--key-id", "k2"]) == 0
    out = capsys.readouterr()
    assert "current key k2" in out.out and "5 sealed values re-sealed" in out.out
    assert "re-sealing" in out.err  # the progress bar
    with engine.connect() as connection:
        sealed = [
            *connection.execute(text("SELECT sealed FROM patients")).scalars(),
            *connection.execute(text("SELECT sealed FROM patient_entries")).scalars(),
            *connection.execute(text("SELECT sealed_before FROM patient_revisions")).scalars(),
        ]
    assert len(sealed) == 4 and all(value.startswith("v1.k2.") for value in sealed)
    assert main(["keys", "rotate", "--reseal-only"]) == 0
    assert "0 sealed values re-sealed" in capsys.readouterr().out  # nothing left: a second run is safe

    with TestClient(create_app(Settings(database_url=sqlite_url))) as client:  # a restarted worker
        after = client.get(f"/v1/patients/{patient_id}", headers=auth).json()
        assert after["patient"] == before["patient"] and after["summary"] == before["summary"]
        log = client.get(f"/v1/patients/{patient_id}/access-log", headers=bearer(staff_token(sqlite_url, Role.ADMIN)))
        assert REASON in [e["reason"] for e in log.json()]  # audit reasons keep their key: the chain is unchanged
    monkeypatch.setenv("ONE111_DATA_KEYRING", "k9 " + "0" * 64 + ";lookup " + "1" * 64)
    assert main(["keys", "rotate"]) == 2
    assert "ONE111_DATA_KEYRING is set" in capsys.readouterr().err
    engine.dispose()

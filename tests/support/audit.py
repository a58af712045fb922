"""The audit chain in tests: seal what is pending and verify it, with the key that sealed it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from models.audit import AuditReport, verify
from models.audit_seal import CheckpointLog, seal_pending
from tests.support.server import AUDIT_KEY, LiveServer

KEY = AUDIT_KEY.encode()  # the live servers' key too, so a test may seal what a server wrote


def sealed_report(engine: Engine, key: bytes = KEY, log: CheckpointLog | None = None) -> AuditReport:
    """Seal every pending event (as a worker's sealer would), then verify the whole chain."""
    seal_pending(engine, key, log)
    with Session(engine) as session:
        return verify(session, key, log.read() if log is not None else ())


def server_key(server: LiveServer) -> bytes:
    """The key a live server seals with: the tests' own, or the one it made on first use (beside its SQLite file,
    or in var/ under its working directory)."""
    if given := server.env.get("ONE111_AUDIT_KEY", AUDIT_KEY):
        return given.encode()
    url = make_url(server.env["DATABASE_URL"])
    folder = Path(url.database or "").parent if url.get_backend_name() == "sqlite" else server.workdir / "var"
    return (folder / "audit.key").read_text().strip().encode()

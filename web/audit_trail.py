"""Where a deployment keeps what seals its audit trail: the key and the checkpoint file, both outside the database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from models.audit_seal import CheckpointLog, load_or_create_key
from models.database import normalise_url
from web.settings import Settings


def audit_dir(settings: Settings) -> Path:
    """Beside the SQLite file for the embedded default (its var/ directory); var/ under the working directory else."""
    url = make_url(normalise_url(settings.database_url))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent
    return Path("var")


def audit_key(settings: Settings) -> bytes:
    """ONE111_AUDIT_KEY if set (required when several hosts share a database); else the key file, made once."""
    if settings.audit_key is not None:
        return settings.audit_key.get_secret_value().encode()
    return load_or_create_key(settings.audit_key_file or audit_dir(settings) / "audit.key")


def checkpoint_log(settings: Settings) -> CheckpointLog:
    return CheckpointLog(settings.audit_checkpoints or audit_dir(settings) / "audit-checkpoints.jsonl")

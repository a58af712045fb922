"""Where a deployment keeps the keys that seal patient data: ONE111_DATA_KEYRING, or a file made once."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from models import crypto
from web.audit_trail import audit_dir
from web.settings import Settings


class KeyringExposed(RuntimeError):
    pass


def keyring_path(settings: Settings) -> Path:
    return settings.data_keyring_file or audit_dir(settings) / "data.keyring"


def data_keyring(settings: Settings) -> crypto.Keyring:
    """ONE111_DATA_KEYRING if set (required when several hosts share a database); else the keyring file."""
    if settings.data_keyring is not None:
        return crypto.parse(settings.data_keyring.get_secret_value().replace(";", "\n"))
    path = keyring_path(settings)
    if not path.exists():
        _create(path, f"{crypto.new_key_line('k1')}\n{crypto.new_key_line(crypto.LOOKUP)}\n")
    if path.stat().st_mode & 0o077:
        raise KeyringExposed(f"the data keyring {path} must be readable by its owner only: chmod 600 it")
    return crypto.parse(path.read_text())


def rotate_file(settings: Settings, key_id: str) -> crypto.Keyring:
    """Put a new current key at the front of the keyring file; values sealed before still open."""
    path = keyring_path(settings)
    data_keyring(settings)  # made if missing, and checked
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    draft.write_text(crypto.rotated(path.read_text(), key_id))
    draft.chmod(0o600)
    draft.replace(path)
    return crypto.parse(path.read_text())


def _create(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(text)
    try:
        os.link(draft, path)  # atomic and refuses to replace: two workers starting at once agree on one keyring
    except FileExistsError:
        pass
    finally:
        draft.unlink()

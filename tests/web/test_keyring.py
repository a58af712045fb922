"""The data keyring: made once, owner-only, shared by every worker; set from the environment in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from models import crypto
from web.keyring import KeyringExposed, data_keyring, rotate_file
from web.settings import Settings


def _settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'one111.db'}", **extra)  # type: ignore[arg-type]


def test_the_embedded_keyring_is_made_once_beside_the_database_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    first = data_keyring(_settings(tmp_path))
    again = data_keyring(_settings(tmp_path))
    path = tmp_path / "data.keyring"
    assert path.stat().st_mode & 0o777 == 0o600
    assert again.open(first.seal("Ada", "patients.name"), "patients.name") == "Ada"
    path.chmod(0o644)
    with pytest.raises(KeyringExposed, match="chmod 600"):
        data_keyring(_settings(tmp_path))


def test_a_keyring_from_the_environment_wins_and_a_rotated_file_still_opens_old_values(tmp_path: Path) -> None:
    text = f"{crypto.new_key_line('prod1')};{crypto.new_key_line(crypto.LOOKUP)}"
    assert data_keyring(_settings(tmp_path, data_keyring=SecretStr(text))).current == "prod1"
    old = data_keyring(_settings(tmp_path))
    sealed = old.seal("9434765919", "patients.nhs_number")
    new = rotate_file(_settings(tmp_path), "k2")
    assert new.current == "k2" and new.open(sealed, "patients.nhs_number") == "9434765919"
    assert data_keyring(_settings(tmp_path)).current == "k2"

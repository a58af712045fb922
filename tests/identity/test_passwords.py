"""Staff passwords are stored as argon2id hashes at RFC 9106's parameters, and checked at the cost in the hash."""

from __future__ import annotations

import pytest

from identity import passwords
from tests.conftest import PRODUCT_HASHER


def test_a_password_is_stored_as_argon2id_at_rfc_9106_low_memory_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_HASHER", PRODUCT_HASHER)  # the suite's users get a cheaper one (conftest)
    stored = passwords.hash_password("correct horse battery")

    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.check_password(stored, "correct horse battery")
    assert not passwords.check_password(stored, "correct horse battery ")


def test_a_hash_made_at_another_cost_is_checked_at_its_own() -> None:
    cheap = passwords.hash_password("correct horse battery")  # the suite's cheap hasher

    assert cheap.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert passwords.check_password(cheap, "correct horse battery")
    assert not passwords.check_password(None, "correct horse battery")  # an unknown user never gets in

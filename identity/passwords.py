"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
MIN_LENGTH = 12
MAX_LENGTH = 256


@cache
def _dummy() -> str:
    """Verified against when the username is unknown, so a wrong username costs as long as a wrong password."""
    return _HASHER.hash("one111-no-such-user")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _dummy(), password[:MAX_LENGTH]) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False

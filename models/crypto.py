"""Patient data at rest: AES-256-GCM field encryption under a keyring, and keyed hashes for lookups.

A value is sealed as `v1.<key id>.<base64(nonce | ciphertext | tag)>`. The associated data is the field's
context (e.g. "patients.name"), so a ciphertext copied into another column does not decrypt. The keyring holds
the current key (new writes) and older ones (reads until a rotation re-seals them). Lookups (find a patient by
NHS number or by name and date of birth) use HMAC-SHA256 under a separate lookup key that never rotates with the
encryption keys, so an index of digests stays valid across rotations and the raw database holds no readable value.
No I/O here: where the keys come from is the caller's business (web/keyring.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from models.errors import DomainError

PREFIX = "v1"
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
LOOKUP = "lookup"  # the reserved key id of the lookup (HMAC) key


class UnreadableField(DomainError):
    """A sealed value that no key in the keyring opens: the wrong keyring, or a value tampered with."""


class BadKeyring(ValueError):
    """A keyring that cannot be used: no current key, a short key, or a malformed entry."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes] = field(repr=False)  # key id -> 32-byte key; ids other than LOOKUP encrypt
    current: str
    lookup_key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if self.current not in self.keys or self.current == LOOKUP:
            raise BadKeyring(f"the current key {self.current!r} is not in the keyring")
        if any(len(k) != 32 for k in (*self.keys.values(), self.lookup_key)):
            raise BadKeyring("every key must be 32 bytes (64 hex characters)")

    def seal(self, value: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[self.current]).encrypt(nonce, value.encode(), context.encode())
        return f"{PREFIX}.{self.current}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, token: str, context: str) -> str:
        try:
            prefix, key_id, body = token.split(".", 2)
            if prefix != PREFIX:
                raise ValueError(prefix)
            raw = base64.urlsafe_b64decode(body.encode())
            return AESGCM(self.keys[key_id]).decrypt(raw[:12], raw[12:], context.encode()).decode()
        except (ValueError, KeyError, InvalidTag) as exc:
            raise UnreadableField(f"a sealed {context} value cannot be opened with this keyring") from exc

    def is_current(self, token: str) -> bool:
        """False when the value was sealed under an older key and a rotation should re-seal it."""
        return token.split(".", 2)[1:2] == [self.current]

    def digest(self, value: str, context: str) -> str:
        """A keyed hash for equality lookups; the same value in another context gives another digest."""
        return hmac.new(self.lookup_key, f"{context}\x00{value}".encode(), hashlib.sha256).hexdigest()


def parse(text: str) -> Keyring:
    """A keyring from lines `<id> <64 hex>`: the first non-lookup key is current; `lookup` is the HMAC key."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line or line.startswith("#"):
            continue
        key_id, _, hex_key = line.partition(" ")
        if not KEY_ID.match(key_id) or key_id in keys:
            raise BadKeyring(f"a keyring line must be '<id> <64 hex characters>' with a unique id: {key_id!r}")
        try:
            keys[key_id] = bytes.fromhex(hex_key.strip())
        except ValueError as exc:
            raise BadKeyring(f"key {key_id!r} is not hexadecimal") from exc
        order.append(key_id)
    lookup_key = keys.pop(LOOKUP, b"")
    current = next((k for k in order if k != LOOKUP), "")
    if not lookup_key:
        raise BadKeyring("the keyring has no 'lookup' key")
    return Keyring(keys, current, lookup_key)


def new_key_line(key_id: str) -> str:
    return f"{key_id} {os.urandom(32).hex()}"


def rotated(text: str, key_id: str) -> str:
    """The keyring text with a new current key first; older keys stay so existing values still open."""
    if key_id == LOOKUP or not KEY_ID.match(key_id) or key_id in parse(text).keys:
        raise BadKeyring(f"the new key id {key_id!r} must be new and match {KEY_ID.pattern}")
    return f"{new_key_line(key_id)}\n{text.strip()}\n"

"""A worker's short memory of credentials the database accepted, so a busy caller costs one lookup per TTL.

Entries are keyed by the credential's kind and the SHA-256 of its secret (`credential_key`), never the secret.
An entry goes when its TTL passes, when the credential's own expiry passes, or at once when a revocation names
it: by key, or by owner ("user:jo", "provider:RXX"), so disabling a user drops all their tokens and sessions.
The database stays the truth: a miss always asks it, and only accepted credentials are kept.

`generation` closes a race: a lookup that read the database before a revocation must not store its answer
after the revocation's notice was applied, so `put` refuses an answer read under an older generation.
`suspend` (the revocation notices are not arriving) empties the cache and turns it off until `resume`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from identity.keys import digest
from identity.principal import Principal
from models.types import utcnow


@dataclass(frozen=True, slots=True)
class Credential:
    """A credential the database accepted: who it is, whose it is (revocations name owners), when it ends."""

    principal: Principal
    owner: str
    expires_at: datetime | None = None

    def ended(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


def credential_key(kind: str, secret: str) -> str:
    """Kind first, so a session id sent as a bearer token can never hit the session's entry."""
    return hashed_key(kind, digest(secret))


def hashed_key(kind: str, hashed: str) -> str:
    """The key of a credential known only by its stored hash (what a revocation has in hand)."""
    return f"{kind}:{hashed}"


def user_owner(username: str) -> str:
    return f"user:{username}"


def provider_owner(provider_id: str) -> str:
    return f"provider:{provider_id}"


class CredentialCache:
    """Thread-safe: lookups run in the worker's thread pool while notices arrive on its event loop."""

    def __init__(
        self, ttl_s: float, max_entries: int, clock: Callable[[], float] = time.monotonic, suspended: bool = False
    ) -> None:
        self.ttl_s, self.max_entries, self.clock = ttl_s, max_entries, clock
        self.suspended = suspended
        self.generation = 0
        self._entries: OrderedDict[str, tuple[float, Credential]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str, now: datetime | None = None) -> Credential | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            fresh_until, credential = entry
            if self.clock() >= fresh_until or credential.ended(now or utcnow()):
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return credential

    def put(self, key: str, credential: Credential, generation: int) -> None:
        """Keep an answer read from the database under `generation` (read it before the lookup)."""
        with self._lock:
            if self.suspended or self.ttl_s <= 0 or generation != self.generation:
                return
            self._entries[key] = (self.clock() + self.ttl_s, credential)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def drop(self, names: Collection[str]) -> int:
        """Forget every entry whose key or owner is named; how many went."""
        with self._lock:
            self.generation += 1
            gone = [key for key, (_, cred) in self._entries.items() if key in names or cred.owner in names]
            for key in gone:
                del self._entries[key]
        return len(gone)

    def suspend(self) -> None:
        self._reset(suspended=True)

    def resume(self) -> None:
        """Start afresh: notices missed while suspended can no longer matter."""
        self._reset(suspended=False)

    def _reset(self, suspended: bool) -> None:
        with self._lock:
            self.generation += 1
            self.suspended = suspended
            self._entries.clear()

"""The per-worker credential cache on its own, with a clock the test moves."""

from __future__ import annotations

from datetime import timedelta

from identity.cache import Credential, CredentialCache, credential_key, user_owner
from identity.principal import Principal
from models.types import utcnow
from models.vocabulary import Role

TTL = 30.0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def staff(username: str, expires_in: timedelta = timedelta(days=1)) -> Credential:
    return Credential(Principal.staff(Role.CALL_HANDLER, username), user_owner(username), utcnow() + expires_in)


def filled(clock: Clock, max_entries: int = 100) -> CredentialCache:
    cache = CredentialCache(TTL, max_entries, clock)
    cache.put("staff-token:a", staff("jo"), cache.generation)
    return cache


def test_an_entry_lives_for_the_ttl_and_not_a_moment_longer() -> None:
    clock = Clock()
    cache = filled(clock)
    clock.now += TTL - 0.01
    found = cache.get("staff-token:a")
    assert found is not None and found.principal.username == "jo"
    clock.now += 0.01
    assert cache.get("staff-token:a") is None
    assert len(cache) == 0


def test_a_credential_past_its_own_expiry_is_not_served_even_within_the_ttl() -> None:
    clock = Clock()
    cache = CredentialCache(TTL, 100, clock)
    cache.put("staff-session:s", staff("jo", expires_in=timedelta(seconds=5)), cache.generation)
    assert cache.get("staff-session:s") is not None
    assert cache.get("staff-session:s", now=utcnow() + timedelta(seconds=5)) is None
    assert len(cache) == 0


def test_the_least_recently_used_entry_goes_first_when_full() -> None:
    cache = CredentialCache(TTL, 2, Clock())
    for key in ("k:1", "k:2"):
        cache.put(key, staff("jo"), cache.generation)
    assert cache.get("k:1") is not None  # k:2 is now the least recently used
    cache.put("k:3", staff("al"), cache.generation)
    assert len(cache) == 2
    assert cache.get("k:2") is None
    assert cache.get("k:1") is not None and cache.get("k:3") is not None


def test_a_revocation_drops_by_key_or_by_owner() -> None:
    cache = CredentialCache(TTL, 100, Clock())
    for key, who in (("t:1", "jo"), ("s:1", "jo"), ("t:2", "al")):
        cache.put(key, staff(who), cache.generation)
    assert cache.drop(["t:2"]) == 1
    assert cache.drop([user_owner("jo")]) == 2
    assert len(cache) == 0


def test_an_answer_read_before_a_revocation_is_not_stored_after_it() -> None:
    cache = CredentialCache(TTL, 100, Clock())
    generation = cache.generation  # a lookup starts reading the database...
    cache.drop([user_owner("jo")])  # ...jo is disabled and the notice arrives...
    cache.put("t:1", staff("jo"), generation)  # ...and the stale answer comes back
    assert cache.get("t:1") is None


def test_a_suspended_cache_is_empty_and_keeps_nothing_until_resumed() -> None:
    clock = Clock()
    cache = filled(clock)
    cache.suspend()
    assert cache.get("staff-token:a") is None
    cache.put("staff-token:a", staff("jo"), cache.generation)
    assert len(cache) == 0
    cache.resume()
    cache.put("staff-token:a", staff("jo"), cache.generation)
    assert cache.get("staff-token:a") is not None


def test_a_zero_ttl_turns_caching_off() -> None:
    cache = CredentialCache(0, 100, Clock())
    cache.put("staff-token:a", staff("jo"), cache.generation)
    assert len(cache) == 0


def test_keys_hold_the_kind_and_the_digest_never_the_secret() -> None:
    secret = "o1s_not-a-real-secret"
    key = credential_key("staff-token", secret)
    assert key.startswith("staff-token:") and secret not in key
    assert credential_key("staff-session", secret) != key

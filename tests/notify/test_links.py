"""The patient's link: signed and expiring; any change to it, or its age, makes it useless."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.crypto import new_key_line, parse
from notify import links
from notify.errors import BadLink, LinkExpired

KEYRING = parse(f"{new_key_line('k1')}\n{new_key_line('lookup')}")
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
BOOKING = "6f0e8d21-3f2b-4c1e-9a43-1f0f5a4e8a64"


def test_a_link_names_its_booking_until_it_expires() -> None:
    token = links.token(KEYRING, BOOKING, NOW + timedelta(days=1))
    assert links.booking_of(KEYRING, token, NOW) == BOOKING
    with pytest.raises(LinkExpired):
        links.booking_of(KEYRING, token, NOW + timedelta(days=1, seconds=1))


def test_another_keyrings_link_is_refused() -> None:
    other = parse(f"{new_key_line('k1')}\n{new_key_line('lookup')}")
    with pytest.raises(BadLink):
        links.booking_of(KEYRING, links.token(other, BOOKING, NOW + timedelta(days=1)), NOW)


@given(position=st.integers(min_value=0, max_value=200), char=st.sampled_from("0123456789abcdef-.x"))
def test_any_altered_character_breaks_the_link(position: int, char: str) -> None:
    token = links.token(KEYRING, BOOKING, NOW + timedelta(days=3))
    i = position % len(token)
    altered = token[:i] + char + token[i + 1 :]
    if altered == token:
        return
    with pytest.raises(BadLink):  # the signature is checked before the expiry is believed
        links.booking_of(KEYRING, altered, NOW)

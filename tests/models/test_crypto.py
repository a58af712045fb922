"""Patient data sealed at rest: what goes in comes out under the right context only, across key rotations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import crypto

RING_TEXT = f"{crypto.new_key_line('k1')}\n{crypto.new_key_line(crypto.LOOKUP)}\n"


@settings(max_examples=200, derandomize=True)
@given(value=st.text(max_size=300))
def test_any_text_opens_to_itself_and_is_never_stored_readable(value: str) -> None:
    ring = crypto.parse(RING_TEXT)
    sealed = ring.seal(value, "patients.name")
    assert ring.open(sealed, "patients.name") == value
    assert len(value) < 4 or value not in sealed


def test_a_value_moved_to_another_column_or_tampered_with_does_not_open() -> None:
    ring = crypto.parse(RING_TEXT)
    sealed = ring.seal("9434765919", "patients.nhs_number")
    with pytest.raises(crypto.UnreadableField):
        ring.open(sealed, "patients.phone")
    flipped = sealed[:-3] + ("A" if sealed[-3] != "A" else "B") + sealed[-2:]
    with pytest.raises(crypto.UnreadableField):
        ring.open(flipped, "patients.nhs_number")
    with pytest.raises(crypto.UnreadableField):
        ring.open("not a sealed value", "patients.nhs_number")


def test_after_a_rotation_old_values_open_new_ones_use_the_new_key_and_lookups_stay_the_same() -> None:
    old = crypto.parse(RING_TEXT)
    before = old.seal("Ada Lovelace", "patients.name")
    new = crypto.parse(crypto.rotated(RING_TEXT, "k2"))
    assert new.current == "k2" and not new.is_current(before)
    assert new.open(before, "patients.name") == "Ada Lovelace"
    assert new.is_current(new.seal("x", "patients.name"))
    assert new.digest("9434765919", "nhs") == old.digest("9434765919", "nhs") != old.digest("9434765919", "other")
    with pytest.raises(crypto.UnreadableField):
        old.open(new.seal("y", "patients.name"), "patients.name")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("k1 abcd\nlookup " + "00" * 32, "32 bytes"),
        ("k1 " + "11" * 32, "no 'lookup' key"),
        ("lookup " + "22" * 32, "current key"),
        ("k1 zz\n", "hexadecimal"),
        (f"k1 {'33' * 32}\nk1 {'44' * 32}", "unique id"),
    ],
    ids=["short", "no-lookup", "no-current", "not-hex", "duplicate"],
)
def test_a_keyring_that_cannot_be_used_says_why(text: str, says: str) -> None:
    with pytest.raises(crypto.BadKeyring, match=says):
        crypto.parse(text)

"""One-letter slips: swapped neighbours, a letter left out, a letter typed twice; never the first letter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.triage import test_known_drops
from triage.slips import NEAR_KEYS, alternation, first_letter_slip, slips


def test_the_slips_of_a_word() -> None:
    assert slips("heat") == {"hat", "het", "hea", "heeat", "heaat", "heatt", "haet", "heta"}


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12))
def test_a_slip_is_one_letter_away_and_keeps_the_first(word: str) -> None:
    for slip in slips(word):
        assert slip != word and slip[0] == word[0] and abs(len(slip) - len(word)) <= 1


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=5, max_size=12))
def test_every_slip_the_sweep_makes_is_one(word: str) -> None:
    assert set(test_known_drops.slips(word)) - {word} <= slips(word)


def test_an_alternation_tries_the_longest_form_first() -> None:
    assert alternation(["week", "weeks", "wk"]) == "weeks|week|wk"


def test_a_first_letter_slip_is_the_letter_left_out_or_a_neighbouring_key() -> None:
    assert first_letter_slip("lurring", "slurring") and first_letter_slip("alurring", "slurring")
    assert first_letter_slip("dlurring", "slurring")  # d touches s
    assert not first_letter_slip("plurring", "slurring")  # p does not
    assert not first_letter_slip("slurring", "slurring") and not first_letter_slip("ssurring", "slurring")


def test_the_keyboard_neighbours_are_symmetric_and_touching() -> None:
    assert NEAR_KEYS["s"] == {"a", "d", "q", "w", "e", "z", "x", "c"}
    assert all(a in NEAR_KEYS[b] for a, near in NEAR_KEYS.items() for b in near)

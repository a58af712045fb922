"""NHS number check digits and the matching rules, as pure functions over values."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from patients import matching, nhs
from patients.demographics import Demographics, name_key, postcode

NINE = st.text(alphabet="0123456789", min_size=9, max_size=9)
ADA = Demographics("Ada", "Quillfeather", date(1968, 4, 2), "9434765919", postcode="LS1 4AP")


def test_published_examples() -> None:
    assert nhs.problem("943 476 5919") is None  # the NHS Data Dictionary's example
    assert nhs.problem("9434765918") == "the check digit is wrong: check the number with the caller"
    assert nhs.problem("94347659") == "must be 10 digits"
    assert nhs.problem("943476591x") == "must be 10 digits"
    full_width = "".join(chr(0xFF10 + int(d)) for d in "9434765919")
    assert nhs.problem(full_width) == "must be 10 digits"  # full-width digits are not ASCII digits


@given(NINE)
def test_a_number_with_its_check_digit_is_valid_and_any_single_changed_digit_is_not(first_nine: str) -> None:
    check = nhs.check_digit(first_nine)
    if check is None:  # a total giving 10 is never issued: no last digit makes it valid
        assert all(nhs.problem(first_nine + str(d)) for d in range(10))
        return
    number = first_nine + str(check)
    assert nhs.problem(number) is None
    for position in range(10):
        for digit in "0123456789":
            if digit != number[position]:
                changed = number[:position] + digit + number[position + 1 :]
                assert nhs.problem(changed) is not None, changed  # modulus 11 catches every single-digit error


@given(NINE, st.integers(0, 7))
def test_swapping_two_neighbouring_different_digits_is_caught(first_nine: str, i: int) -> None:
    check = nhs.check_digit(first_nine)
    if check is None or first_nine[i] == first_nine[i + 1]:
        return
    number = first_nine + str(check)
    swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    assert nhs.problem(swapped) is not None


def test_names_and_postcodes_are_compared_the_way_people_write_them() -> None:
    assert name_key("O'Brien-Smith") == name_key("o brien smith") == name_key("Ó Brien Smith")
    assert postcode("ls14ap") == "LS1 4AP" and postcode(" LS1   4AP ") == "LS1 4AP"


def test_an_nhs_number_is_an_exact_match_and_nothing_else_is_compared() -> None:
    query = matching.Query(nhs_number="9434765919")
    assert matching.score(query, ADA) == matching.EXACT


def test_demographic_scores_follow_the_documented_rules() -> None:
    base = matching.Query(family_name="quill-feather", birth_date="1968-04-02")
    assert matching.score(base, ADA) == 60
    assert matching.score(matching.Query("", "Quillfeather", "ada", "1968-04-02", "LS1 4AP"), ADA) == 100
    assert matching.score(matching.Query(None, "Quillfeather", "Adah", "1968-04-02", "LS1 9ZZ"), ADA) == 80
    assert matching.score(matching.Query(None, "Quillfeather", "Bea", "1968-04-02", "LS2 4AP"), ADA) == 60
    assert matching.score(matching.Query(None, "Quillfeather", "Ada", "1968-04-03", "LS1 4AP"), ADA) == 0
    assert matching.score(matching.Query(None, "Quilfeather", "Ada", "1968-04-02", "LS1 4AP"), ADA) == 0


def test_two_matches_are_both_shown_and_none_is_chosen() -> None:
    twin = Demographics("Ada", "Quillfeather", date(1968, 4, 2), postcode="LS1 4AP")
    query = matching.Query(None, "Quillfeather", "Ada", "1968-04-02", "LS1 4AP")
    both = matching.ranked([("a", ADA), ("b", twin)], query)
    assert [c.score for c in both] == [100, 100] and matching.chosen(both) is None
    one = matching.ranked([("a", ADA), ("c", Demographics("Bea", "Quillfeather", date(1968, 4, 2)))], query)
    assert [(c.patient_id, c.score) for c in one] == [("a", 100), ("c", 60)]
    assert matching.chosen(one) == "a"

"""NHS numbers: ten digits, the last a modulus-11 check digit (NHS Data Dictionary, "NHS Number").

Weights 10..2 over the first nine digits; 11 minus the remainder of the sum by 11 is the check digit, where 11
means 0 and 10 means the number is never issued. Pure functions, no I/O.
"""

from __future__ import annotations

import re

SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
_SEPARATORS = re.compile(r"[\s-]")


def normalise(text: str) -> str:
    """Spaces and dashes as people write them ("943 476 5919") are dropped; nothing else is changed."""
    return _SEPARATORS.sub("", text)


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when the total gives 10 (such a number is never issued)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return None if check == 10 else check % 11


def problem(text: str) -> str | None:
    """Why the text is not a valid NHS number, or None when it is."""
    number = normalise(text)
    if not (len(number) == 10 and number.isascii() and number.isdigit()):
        return "must be 10 digits"
    if check_digit(number[:9]) != int(number[9]):
        return "the check digit is wrong: check the number with the caller"
    return None

"""Numbers written in a report: temperature (°C or °F), pulse, breathing rate, SpO2, blood pressure, glucose and
how long the problem has lasted. Pure functions over lower-cased text.

A value outside what a living patient can show is dropped rather than guessed at. Structured observations win
over numbers read from text (`merged`): the text only fills gaps. A negated number ("sats not below 95") is
taken as written, which can only over-state a problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from triage import prefilter
from triage.schemas import Observations
from triage.slips import alternation, slips

_NUM = r"(\d{1,3}(?:\.\d)?)"
_TEMP = re.compile(
    r"\b(?:temp\w*|fever|pyrexi\w*|thermometer\w*)\s*(?:of|is|was|at|=|:|up to|reads|says)?\s*"
    + _NUM
    + r"\s*(°|º|deg\w*|c\b|f\b|celsius|fahrenheit)?|\b"
    + _NUM
    + r"\s*(°\s*[cf]?|º\s*[cf]?|degrees?\s*(?:c|f|celsius|fahrenheit)?|c\b|f\b)"
)
# A temperature said bare, after the person (round 21, T-106: "he won't stand on his leg, he's 38.9"): one decimal
# place, 35.0 to 42.9, and not weeks, kilos or years.
_BARE_TEMP = re.compile(
    r"\b(?:he'?s|she'?s|he is|she is|they'?re|they are|baby'?s|baby is)\s+((?:3[5-9]|4[0-2])\.\d)\b"
    r"(?!\s*(?:weeks?|wks?|kg|kilos?|lbs?|pounds?|stone|years?|yrs?|months?|cm|%))"
)
# "rate" and the number after it leave no other reading of a slip in "heart": "hart rate 94", "heat rate 94".
_PULSE = re.compile(
    r"\b(?:hr|pulse|(?:" + alternation({"heart", *slips("heart")}) + r") rate|heart ?beat)"
    r"\s*(?:of|is|was|at|=|:)?\s*(\d{2,3})\b(?!\s*/)"
)
_RESP = re.compile(
    r"\b(?:rr|resp\w*(?: rate)?|breathing rate|breaths)\s*(?:of|is|was|at|=|:)?\s*(\d{1,2})\b"
    r"|\bbreathing\s*(?:at\s*)?(\d{2}) (?:times|breaths) (?:a|per) min"
)
_SPO2 = re.compile(
    r"\b(?:sats?|spo2|o2 sat\w*|oxygen(?: sat\w*| levels?| reading)?|saturations?|pulse ox\w*)"
    r"\s*(?:of|is|was|at|are|=|:|down to|reading)?\s*(\d{2,3})\s*%?"
)
_BP = re.compile(r"\b(?:bp|blood pressure)\s*(?:of|is|was|at|=|:)?\s*(\d{2,3})\s*/\s*(\d{2,3})")
_GLUCOSE = re.compile(
    r"\b(?:glucose|sugars?|bm|blood sugar|cbg)\w*\s*(?:level|reading)?\s*(?:of|is|was|at|=|:|reads|says)?\s*"
    r"(\d{1,3}(?:\.\d)?)\s*(mmol\S*|mg\s*/\s*dl)?"
)
_UNITS_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "night": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "few": 3,
    "couple of": 2,
    "several": 4,
    "a few": 3,
    "a couple of": 2,
}
# Short forms that notes use ("2 wks", "3 mths"); triage/normalise.py spells out "hrs", "mins" and "yrs". A unit typed
# with a slip ("for two wees", "3 dyas") is not read yet: tried in round 15 (T-60), reading them moved the model's
# inputs on its own validation split enough that the GP out-of-hours threshold then shipped no longer fit (a refit gave
# 0.17 against 0.204), and it closed no known drop ("wees" is a word of its own), so it was left for a retrain.
_SHORT_UNITS = {"wk": "week", "wks": "week", "mth": "month", "mths": "month", "mnth": "month", "mnths": "month"}
_UNIT_OF = {**_SHORT_UNITS, **{written: unit for unit in _UNITS_DAYS for written in (unit, unit + "s")}}
_DURATION = re.compile(
    # Not an age ("my little boy is 7 months", "she's 2 years", "aged 3 weeks") nor a visit named by an age ("her one
    # year jabs"): round 22, T-116, where either gave a baby with a fever since teatime "a fever for 5 days or more".
    r"(?<!\bis )(?<!\bhe's )(?<!\bshe's )(?<!\baged )"
    r"\b(\d{1,3}|a couple of|couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several)"
    r"\s*(?:more\s+)?(" + alternation(_UNIT_OF) + r")\b(?!\s*(?:old|jabs?|vaccin\w*|injections?|immuni[sz]ations?"
    r"|check\w*|review))"
)
_SINCE = re.compile(
    r"\bsince (yesterday|last night|this morning|last week|the weekend|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)\b"
)
_SINCE_DAYS = {"yesterday": 1.0, "last night": 0.75, "this morning": 0.3, "last week": 7.0, "the weekend": 3.0}


@dataclass(frozen=True, slots=True)
class Measured:
    temperature: float | None = None
    pulse: int | None = None
    respiratory_rate: int | None = None
    spo2: int | None = None
    systolic_bp: int | None = None
    diastolic_bp: int | None = None
    glucose_mmol: float | None = None
    duration_days: float | None = None


def _celsius(value: float, unit: str | None) -> float | None:
    unit = (unit or "").replace("°", "").replace("º", "").strip()
    fahrenheit = unit.startswith("f") or (not unit.startswith("c") and 93.0 <= value <= 110.0)
    c = (value - 32.0) * 5.0 / 9.0 if fahrenheit else value
    return round(c, 1) if 30.0 <= c <= 44.0 else None


class Number(NamedTuple):
    """One valid reading written in a text: where its match starts, the `Measured` field it fills ("bp": a systolic
    pressure, with its diastolic as `second`; "duration_days": one of the durations, the longest is kept)."""

    start: int
    field: str
    value: float
    second: int = 0


def temperatures(text: str) -> Iterator[Number]:
    for m in prefilter.finditer(_TEMP, text):
        value, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if unit is None and not m.group(0).startswith(("temp", "fever", "pyrex", "thermo")):
            continue
        c = _celsius(float(value), unit)
        if c is not None:
            yield Number(m.start(), "temperature", c)
    for m in prefilter.finditer(_BARE_TEMP, text):
        yield Number(m.start(), "temperature", float(m.group(1)))


def _within(pattern: re.Pattern[str], field: str, text: str, low: int, high: int) -> Iterator[Number]:
    for m in prefilter.finditer(pattern, text):
        raw = next(g for g in m.groups() if g is not None)
        if low <= (value := int(float(raw))) <= high:
            yield Number(m.start(), field, value)


def pressures(text: str) -> Iterator[Number]:
    for m in prefilter.finditer(_BP, text):
        if 40 <= int(m.group(1)) <= 300:
            yield Number(m.start(), "bp", int(m.group(1)), int(m.group(2)))


def glucoses(text: str) -> Iterator[Number]:
    for m in prefilter.finditer(_GLUCOSE, text):
        value, unit = float(m.group(1)), (m.group(2) or "").replace(" ", "")
        mmol = value / 18.0 if unit.startswith("mg") or (not unit and value > 40) else value
        if 0.5 <= mmol <= 60:
            yield Number(m.start(), "glucose_mmol", round(mmol, 1))


def durations(text: str) -> Iterator[Number]:
    """Every duration stated ("for 6 days", "two weeks", "since yesterday"), in days."""
    for m in prefilter.finditer(_DURATION, text):
        yield Number(m.start(), "duration_days", _amount(m.group(1)) * _UNITS_DAYS[_UNIT_OF[m.group(2)]])
    for m in prefilter.finditer(_SINCE, text):
        yield Number(m.start(), "duration_days", _SINCE_DAYS.get(m.group(1), 3.0))


def _amount(word: str) -> float:
    return float(word) if word.isdigit() else float(_WORDS.get(word.strip(), 1))


def numbers(text: str) -> list[Number]:
    """Every valid reading in `text`, by where it starts: kept so that a text cut from this one reuses them
    sentence by sentence (triage/recut.py)."""
    found = [
        *temperatures(text),
        *_within(_PULSE, "pulse", text, 20, 250),
        *_within(_RESP, "respiratory_rate", text, 3, 80),
        *_within(_SPO2, "spo2", text, 50, 100),
        *pressures(text),
        *glucoses(text),
        *durations(text),
    ]
    return sorted(found, key=attrgetter("start"))  # stable: each field's readings stay in the text's order


def summary(found: Iterable[Number]) -> Measured:
    """The first reading of each field, and the longest duration."""
    first: dict[str, Number] = {}
    days: list[float] = []
    for n in found:
        if n.field == "duration_days":
            days.append(n.value)
        else:
            first.setdefault(n.field, n)
    bp = first.get("bp")
    return Measured(
        temperature=first["temperature"].value if "temperature" in first else None,
        pulse=_whole(first.get("pulse")),
        respiratory_rate=_whole(first.get("respiratory_rate")),
        spo2=_whole(first.get("spo2")),
        systolic_bp=_whole(bp),
        diastolic_bp=bp.second if bp is not None and 20 <= bp.second <= 200 else None,
        glucose_mmol=first["glucose_mmol"].value if "glucose_mmol" in first else None,
        duration_days=round(max(days), 3) if days else None,
    )


def _whole(n: Number | None) -> int | None:
    return None if n is None else int(n.value)


def read(text: str) -> Measured:
    return summary(numbers(text))


def merged(observations: Observations | None, measured: Measured) -> Observations | None:
    """Structured observations with any gap filled from the text; None if neither has a vital sign."""
    base = observations.model_dump() if observations is not None else {}
    for key in ("temperature", "pulse", "respiratory_rate", "spo2", "systolic_bp", "diastolic_bp"):
        if base.get(key) is None and (value := getattr(measured, key)) is not None:
            base[key] = value
    if not any(v not in (None, False) for v in base.values()):
        return None
    return Observations.model_validate(base)


prefilter.register(_TEMP, _BARE_TEMP, _PULSE, _RESP, _SPO2, _BP, _GLUCOSE, _DURATION, _SINCE)

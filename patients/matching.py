"""Who is this caller? Candidates and scores, like the national demographics service's trace. Pure, no I/O.

The rules (docs/patients.md repeats them):
- an NHS number that is on a record is an exact match: score 100, and nothing else is compared; two different
  NHS numbers are two different people (score 0), however alike the rest;
- otherwise family name and date of birth must both agree (after folding case, accents and punctuation), which
  scores 60; the given name adds 20 when it agrees (10 when only its first letter does) and the postcode adds 20
  when it agrees (10 when only its outward code, e.g. "LS1", does);
- a candidate scoring 90 or more is a *match*. `chosen` is set only when exactly one candidate is a match: with
  two, both are shown and none is chosen. Even then a call handler confirms identity with the caller;
- a new record that would be a match for one already held (or shares its NHS number) is refused as a possible
  duplicate, naming the candidates, unless the caller confirms it is a different person. Records are never merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from patients.demographics import Demographics, name_key

EXACT = 100
BASE = 60
MATCH = 90
DUPLICATE = 80


@dataclass(frozen=True, slots=True)
class Query:
    nhs_number: str | None = None
    family_name: str | None = None
    given_name: str | None = None
    birth_date: str | None = None  # ISO date
    postcode: str | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    patient_id: str
    score: int
    basis: str  # "nhs_number" or "demographics"


def score(query: Query, held: Demographics) -> int:
    """How well a held identity fits the query: 0 when it does not qualify as a candidate at all."""
    if query.nhs_number and held.nhs_number:
        return EXACT if held.nhs_number == query.nhs_number else 0
    if not (query.family_name and query.birth_date):
        return 0
    if name_key(query.family_name) != name_key(held.family_name) or query.birth_date != held.birth_date.isoformat():
        return 0
    return BASE + _given(query.given_name, held.given_name) + _postcode(query.postcode, held.postcode)


def _given(asked: str | None, held: str) -> int:
    a, h = name_key(asked or ""), name_key(held)
    if not a or not h:
        return 0
    return 20 if a == h else 10 if a[0] == h[0] else 0


def _postcode(asked: str | None, held: str | None) -> int:
    if not asked or not held:
        return 0
    a, h = asked.upper().split(), held.upper().split()
    return 20 if a == h else 10 if a[:1] == h[:1] else 0


def chosen(candidates: list[Candidate]) -> str | None:
    """The one match, if there is exactly one; two matches are both shown and neither is chosen."""
    matches = [c for c in candidates if c.score >= MATCH]
    return matches[0].patient_id if len(matches) == 1 else None


def ranked(found: list[tuple[str, Demographics]], query: Query) -> list[Candidate]:
    candidates = [
        Candidate(pid, s, "nhs_number" if query.nhs_number and held.nhs_number else "demographics")
        for pid, held in found
        if (s := score(query, held)) > 0
    ]
    return sorted(candidates, key=lambda c: (-c.score, c.patient_id))


def as_query(d: Demographics) -> Query:
    pc = d.postcode
    return Query(d.nhs_number, d.family_name, d.given_name, d.birth_date.isoformat(), pc)

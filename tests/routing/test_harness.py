"""The routing regression harness: tests/routing/harness/cases.csv, one row per case, each saying what must hold.

The cases were written from NHS service rules and common sense (who a children's ED sees, Pharmacy First's age and
sex criteria, when pharmacies, dentists and practices open, bank holidays, never A&E for a self-care need), not from
the ranking's output. Each runs the real ranking over the real directory; a case that no longer holds fails with a
readable diff of what was expected and what came out, so a policy change that moves an answer is seen.

Columns: `id`, `rule` (why the expectation holds), `postcode`, `local_time` (Europe/London), `disposition`, `age`,
`sex`, `pathway`, `practice` (ODS code of the patient's own practice), `mode`, `board`, and the expectations:
`outcome` (alternatives split by `|`), `top_type`, `top_service`, `must_not_offer` (service types or ids split by
`;`), `excluded` (`service_id=why`), `words` (a phrase the top option's words must contain; `notes:` for the notes).

Boards (what providers have reported, `board` column):
- `none`: nothing reported anywhere.
- `fresh`: every ED, UTC and GP out-of-hours service nearby reported 5 minutes ago: open, 3 free now, 10 min wait,
  OPEL 1. Pharmacies, dentists and practices have no feed, as most do not today.
- `eds_only`: only the EDs reported (as `fresh`); UTCs and GP out of hours have not.
- `opel4_nearest_ed`: as `fresh`, but the nearest ED is at OPEL 4.
- `eds_full`: as `fresh`, but every ED has no free slot.

Crisis lines (kept by admins; none ship): the harness adds three, as an admin would: West Yorkshire (QWO) adults
18+ and young people 0-17, and South Yorkshire (QF7) for everyone. Other ICBs have none.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from capacity.board import BoardState, Window
from capacity.geography import Gazetteer
from capacity.hours import every_day
from models.vocabulary import BookingMode, Disposition, Opel, ServiceType, Sex
from routing.eligibility import Pathway
from routing.policy import DEFAULT_POLICY, TravelMode
from routing.ranking import Option, Ranking, rank
from routing.route import Patient, nearby_sites, query_for
from routing.spatial import Nearby, Site, SiteIndex

CASES = Path(__file__).parent / "harness" / "cases.csv"
LONDON = ZoneInfo("Europe/London")
FED = {ServiceType.EMERGENCY_DEPARTMENT, ServiceType.URGENT_TREATMENT_CENTRE, ServiceType.GP_OUT_OF_HOURS}
UTC_CLOCK = re.compile(r"\d\d:\d\d UTC")


@dataclass(frozen=True)
class Case:
    row: dict[str, str]

    def __getattr__(self, name: str) -> str:
        return self.row[name].strip()

    def __str__(self) -> str:
        r = self.row
        who = f"{r['age'] or 'age unknown'}{' ' + r['sex'] if r['sex'] else ''}"
        return f"{r['id']} ({r['rule']}): {r['disposition']} at {r['postcode']}, {r['local_time']}, {who}"


def cases() -> list[Case]:
    with CASES.open(newline="", encoding="utf-8") as handle:
        return [Case(row) for row in csv.DictReader(handle)]


def board(name: str, nearby: list[Nearby], now: datetime) -> dict[str, BoardState]:
    if name == "none":
        return {}
    reporting = {ServiceType.EMERGENCY_DEPARTMENT} if name == "eds_only" else FED
    eds = sorted((n for n in nearby if n.site.type is ServiceType.EMERGENCY_DEPARTMENT), key=lambda n: n.distance_km)
    states = {}
    for n in nearby:
        if n.site.type not in reporting:
            continue
        free = 0 if name == "eds_full" and n.site.type is ServiceType.EMERGENCY_DEPARTMENT else 3
        opel = Opel.EXTREME if name == "opel4_nearest_ed" and eds and n is eds[0] else Opel.NORMAL
        window = (Window(now.replace(second=0, microsecond=0), free),)
        states[n.site.id] = BoardState(n.site.id, 1, True, window, 10, opel, now - timedelta(minutes=5))
    return states


def run(case: Case, index: SiteIndex, gazetteer: Gazetteer) -> Ranking:
    now = datetime.fromisoformat(case.local_time).replace(tzinfo=LONDON)
    place = gazetteer.locate(case.postcode)
    patient = Patient(
        age=float(case.age) if case.age else None,
        sex=Sex(case.sex) if case.sex else None,
        pathway=Pathway(case.pathway) if case.pathway else None,
        registered_practice=case.practice or None,
    )
    disposition = Disposition(case.disposition)
    mode = TravelMode(case.mode or "car")
    query = query_for(index, place, disposition, now, mode, timedelta(hours=4), patient)
    nearby = nearby_sites(index, place, disposition, DEFAULT_POLICY, query.registered_practice, query.icb_code)
    return rank(query, nearby, board(case.board, nearby, now), DEFAULT_POLICY)


def differences(case: Case, result: Ranking) -> list[tuple[str, str, str]]:
    """(what, expected, got) for every expectation that does not hold."""
    top = result.options[0] if result.options else None
    found: list[tuple[str, str, str]] = []
    if case.outcome and result.outcome.value not in case.outcome.split("|"):
        found.append(("outcome", case.outcome, result.outcome.value))
    if case.top_type and (top is None or top.type.value != case.top_type):
        found.append(("top type", case.top_type, top.type.value if top else "(no option)"))
    if case.top_service and (top is None or top.service_id != case.top_service):
        found.append(("top service", case.top_service, top.service_id if top else "(no option)"))
    for banned in filter(None, case.must_not_offer.split(";")):
        hits = [o.service_id for o in result.options if banned in (o.type.value, o.service_id)]
        if hits:
            found.append(("must not offer", banned, ", ".join(hits)))
    for pair in filter(None, case.excluded.split(";")):
        sid, _, why = pair.partition("=")
        got = [e.why.value for e in result.exclusions if e.service_id == sid]
        if why not in got:
            found.append((f"{sid} excluded", why, ", ".join(got) or "not excluded"))
    if case.words:
        found += _words(case.words, result, top)
    return found + _invariants(case, result)


def _words(words: str, result: Ranking, top: Option | None) -> list[tuple[str, str, str]]:
    if words.startswith("notes:"):
        text = " ".join(result.notes)
        return [] if words[6:] in text else [("words in notes", words[6:], text[:160] or "(no notes)")]
    text = "" if top is None else " ".join([top.how, *top.reasons])
    return [] if words in text else [("words", words, text[:200] or "(no option)")]


def _invariants(case: Case, result: Ranking) -> list[tuple[str, str, str]]:
    """What holds in every case: the goals of issue 16."""
    found = []
    low = Disposition(case.disposition) in (Disposition.SELF_CARE, Disposition.PHARMACY, Disposition.DENTAL)
    if low and any(o.type is ServiceType.EMERGENCY_DEPARTMENT for o in result.options):
        found.append(("never A&E for a low-acuity need", "no ED", "an ED offered"))
    adult = case.age and float(case.age) >= 16
    for o in result.options:
        if adult and o.service_id in CHILDREN_EDS:
            found.append(("never a children's ED for an adult", "not offered", o.service_id))
        words = " ".join([o.how, *o.reasons])
        if UTC_CLOCK.search(words):
            found.append(("times in Europe/London", "no UTC clock", words[:120]))
        if result.disposition.acuity.value == "emergency" and "min by car" in words:
            found.append(("no drive time for an emergency", "no 'min by car'", words[:120]))
    meets = [o for o in result.options if o.meets_deadline]
    if case.board == "opel4_nearest_ed" and len(meets) > 1 and meets[0].opel == Opel.EXTREME:
        found.append(("OPEL 4 after services under less pressure", "top below OPEL 4", meets[0].service_id))
    if result.outcome.value == "self_care" and any(o.bookable for o in result.options):
        found.append(("self-care is never a booking", "nothing bookable", "a bookable option"))
    return found


CHILDREN_EDS = {"R0A03-ED", "RA723-ED", "RBS25-ED", "RCUEF-ED", "RQ301-ED", "RXH06-ED"}
ALL = cases()


CRISIS_LINES = (
    ("QWO-ADULT-MHC", "Leeds Crisis Line (adults)", "QWO", 18, None, "0800 183 1485"),
    ("QWO-YOUNG-MHC", "Leeds Crisis Line (young people)", "QWO", 0, 17, "0800 183 1486"),
    ("QF7-ALL-MHC", "Sheffield Crisis Line", "QF7", None, None, "0808 196 8281"),
)


@pytest.fixture(scope="module")
def directory(index: SiteIndex) -> SiteIndex:
    """The real directory plus the crisis lines an admin added."""
    lines = [
        Site(sid, name, ServiceType.MENTAL_HEALTH_CRISIS, 53.8, -1.55, tuple(every_day("00:00", "24:00")),
             BookingMode.CALLBACK, phone=phone, min_age=low, max_age=high, icb_code=icb)
        for sid, name, icb, low, high, phone in CRISIS_LINES
    ]  # fmt: skip
    return SiteIndex([*index.sites(), *lines])


def test_the_harness_has_at_least_200_cases_with_unique_ids() -> None:
    assert len(ALL) >= 200
    assert len({c.id for c in ALL}) == len(ALL)


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_case(case: Case, directory: SiteIndex, gazetteer: Gazetteer) -> None:
    result = run(case, directory, gazetteer)
    diff = differences(case, result)
    if diff:
        table = "\n".join(f"  {what:<34} expected {want!r:<40} got {got!r}" for what, want, got in diff)
        pytest.fail(f"{case}\n{table}", pytrace=False)

"""The rules as data: service and Pharmacy First eligibility, hours with bank holidays, London clocks, OPEL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capacity.board import BoardState, Window
from capacity.geography import Gazetteer
from capacity.hours import DEFAULT_HOURS, Calendar, HolidayRule, clock, england_bank_holidays, parse
from models.vocabulary import Disposition, Opel, ServiceType, Sex
from routing.eligibility import PHARMACY_FIRST, Pathway, fits, service_refusal
from routing.policy import DEFAULT_POLICY
from routing.ranking import Access, Outcome, rank
from routing.route import Patient, nearby_sites, query_for
from routing.spatial import SiteIndex

BOXING_DAY_SUBSTITUTE = datetime(2026, 12, 28, 12, 0, tzinfo=UTC)  # Monday 28 December 2026, a bank holiday


def calendar(service_type: ServiceType, rule: HolidayRule) -> Calendar:
    return Calendar(parse(DEFAULT_HOURS[service_type]), rule, england_bank_holidays())


def test_the_uk_counts_ages_in_whole_years() -> None:
    assert fits(15.99, 0, 15) and not fits(16, 0, 15)
    assert service_refusal(0, 15, None, None, None, None) is not None  # age not taken: no children's ED
    assert service_refusal(None, None, "female", None, 40, Sex.MALE) == "This service sees female patients only."
    assert service_refusal(None, None, "female", None, 40, Sex.UNKNOWN) is None


@given(age=st.floats(0, 120), sex=st.sampled_from(list(Sex)))
def test_every_pharmacy_first_refusal_is_a_sentence_and_minor_illness_refuses_no_one(age: float, sex: Sex) -> None:
    assert PHARMACY_FIRST[Pathway.MINOR_ILLNESS].refusal(age, sex) is None
    assert PHARMACY_FIRST[Pathway.EMERGENCY_SUPPLY].refusal(age, sex) is None
    uti = PHARMACY_FIRST[Pathway.UNCOMPLICATED_UTI].refusal(age, sex)
    if sex is Sex.MALE or not 16 <= int(age) <= 64:
        assert uti is not None and uti.startswith("Pharmacy First uncomplicated urinary tract infection is for")
    else:
        assert uti is None


def test_bank_holidays_close_practices_and_open_gp_out_of_hours_all_day() -> None:
    practice = calendar(ServiceType.GP_PRACTICE, HolidayRule.CLOSED)
    ooh = calendar(ServiceType.GP_OUT_OF_HOURS, HolidayRule.ALL_DAY)
    ed = calendar(ServiceType.EMERGENCY_DEPARTMENT, HolidayRule.AS_USUAL)
    assert not practice.is_open(BOXING_DAY_SUBSTITUTE) and practice.is_open(BOXING_DAY_SUBSTITUTE + timedelta(days=1))
    assert ooh.is_open(BOXING_DAY_SUBSTITUTE) and ed.is_open(BOXING_DAY_SUBSTITUTE)
    christmas_eve_evening = datetime(2026, 12, 24, 20, 0, tzinfo=UTC)
    assert practice.next_open(christmas_eve_evening, christmas_eve_evening + timedelta(days=7)) == datetime(
        2026, 12, 29, 8, 0, tzinfo=UTC
    )
    assert ooh.closes_after(christmas_eve_evening) == datetime(2026, 12, 29, 8, 0, tzinfo=UTC)
    assert ed.closes_after(christmas_eve_evening) is None  # open 24 hours


def test_clocks_are_london_time_in_summer_and_winter() -> None:
    summer, winter = datetime(2026, 7, 15, 13, 5, tzinfo=UTC), datetime(2026, 11, 24, 13, 5, tzinfo=UTC)
    assert clock(summer, summer) == "14:05" and clock(winter, winter) == "13:05"
    assert clock(summer + timedelta(days=1), summer) == "tomorrow 14:05"
    assert clock(winter + timedelta(days=4), winter) == "Sat 28 Nov 13:05"


def test_opel_4_goes_after_an_ed_under_less_pressure(index: SiteIndex, gazetteer: Gazetteer) -> None:
    now = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
    place = gazetteer.locate("LS1 4AP")
    query = query_for(index, place, Disposition.ED, now, DEFAULT_POLICY.speeds[0][0], timedelta(hours=4), Patient(40))
    nearby = nearby_sites(index, place, Disposition.ED, DEFAULT_POLICY)

    def state(sid: str, opel: Opel) -> BoardState:
        return BoardState(sid, 1, True, (Window(now, 3),), 10, opel, now - timedelta(minutes=1))

    states = {n.site.id: state(n.site.id, Opel.NORMAL) for n in nearby}
    states["RR801-ED"] = state("RR801-ED", Opel.EXTREME)  # Leeds General Infirmary, the nearest
    result = rank(query, nearby, states, DEFAULT_POLICY)
    ids = [o.service_id for o in result.options]
    assert ids[0] == "RR813-ED" and ids.index("RR801-ED") > 0
    lgi = result.options[ids.index("RR801-ED")]
    assert lgi.opel == 4 and any("OPEL 4" in r for r in lgi.reasons)
    assert result.outcome is Outcome.BOOK and lgi.access is Access.WALK_IN


def test_the_handover_says_what_to_expect_by_booking_mode_in_london_time() -> None:
    from models.vocabulary import BookingMode
    from routing.handover import expectation

    summer = datetime(2026, 7, 15, 13, 0, tzinfo=UTC)
    assert expectation(BookingMode.SLOT, summer) == "Booked for 14:00: the patient comes at that time."
    assert expectation(BookingMode.WALK_IN, summer) == "The patient will walk in from 14:00."
    assert expectation(BookingMode.CALLBACK, summer).startswith("Phone the patient back from 14:00")


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "day": st.integers(0, 6),
                "open": st.sampled_from(["00:00", "08:00", "09:30", "18:30"]),
                "close": st.sampled_from(["08:00", "17:30", "24:00"]),
            }
        ),
        max_size=8,
    )
)
def test_a_timetable_parses_the_same_however_often_it_is_read(hours: list[dict[str, object]]) -> None:
    # parse() remembers timetables (the directory shares a few among 26,000 services): a remembered one is the same
    def minutes(hhmm: object) -> int:
        hours, mins = str(hhmm).split(":")
        return int(hours) * 60 + int(mins)

    first, again = parse(hours), parse([dict(session) for session in hours])
    assert first == again == tuple((s["day"], minutes(s["open"]), minutes(s["close"])) for s in hours)


def test_a_time_that_is_not_a_time_is_refused_even_when_it_cannot_be_remembered() -> None:
    with pytest.raises(ValueError, match="not a time of day"):  # never a TypeError from the cache key
        parse([{"day": 0, "open": ["08", "00"], "close": "17:00"}])

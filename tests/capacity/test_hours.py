"""Opening hours parsed once per timetable object, and never remembered for a list that may yet change."""

from __future__ import annotations

from capacity import hours
from capacity.hours import Opening, parse


def week(opens: str) -> list[dict[str, object]]:
    return [{"day": day, "open": opens, "close": "18:00"} for day in range(5)]


def test_a_tuple_is_parsed_once_and_an_equal_one_alike() -> None:
    timetable = tuple(week("09:00"))
    first = parse(timetable)
    assert first[0] == Opening(0, 9 * 60, 18 * 60) and len(first) == 5
    assert parse(timetable) is first
    assert parse(tuple(week("09:00"))) == first


def test_a_list_changed_after_parsing_is_parsed_as_it_is_now() -> None:
    timetable = week("09:00")
    assert parse(timetable)[0].opens == 9 * 60
    timetable[0] = {"day": 0, "open": "10:30", "close": "18:00"}
    assert parse(timetable)[0].opens == 10 * 60 + 30


def test_the_memory_of_parsed_timetables_is_bounded_and_answers_stay_right() -> None:
    """Each tuple is a new object (as each read of the directory brings), equal contents or not."""
    for i in range(hours._PARSED_MAX + 50):
        minute = i % (24 * 60)
        timetable = tuple(week(f"{minute // 60:02d}:{minute % 60:02d}"))
        assert parse(timetable)[0].opens == minute
        assert len(hours._PARSED) <= hours._PARSED_MAX

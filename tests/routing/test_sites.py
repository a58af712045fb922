"""The index reads the directory as the ORM sees it: every active service, every field, each timetable parsed once."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from capacity.hours import holiday_rule, parse
from models.tables import Service
from routing.sites import load_sites
from routing.spatial import Site


def expected(service: Service) -> Site:
    """What routing.sites read by field name before it read rows by position."""
    return Site(
        service.id,
        service.name,
        service.type,
        service.latitude,
        service.longitude,
        tuple(service.opening_hours),
        service.booking_mode,
        service.postcode,
        phone=service.phone,
        holidays=holiday_rule(service.type, service.hours_source),
        min_age=service.min_age,
        max_age=service.max_age,
        sex=service.sex,
        eligibility_note=service.eligibility_note,
        icb_code=service.icb_code,
        closed_from=service.closed_from,
        closed_until=service.closed_until,
        closure_reason=service.closure_reason,
    )


def test_every_active_service_is_read_with_every_field_and_its_parsed_hours(sqlite_engine: Engine) -> None:
    assert_read_as_the_orm_reads(sqlite_engine)


@pytest.mark.postgres
def test_postgresql_reads_every_service_as_its_orm_does(postgres_engine: Engine) -> None:
    """Opening hours are JSON text on both backends (json on PostgreSQL, TEXT on SQLite). Compared with the ORM on the
    same database: a worker's PostgreSQL database lives for its session, so earlier tests may have changed its
    directory (comparing it with a fresh SQLite copy failed on such a change, and pytest's diff of two 20,000-key
    sets then ran past the timeout)."""
    assert_read_as_the_orm_reads(postgres_engine)


def assert_read_as_the_orm_reads(engine: Engine) -> None:
    with Session(engine) as session:
        services = session.exec(select(Service).where(col(Service.active))).all()
        wanted = {service.id: expected(service) for service in services}
    sites = {site.id: site for site in load_sites(engine)}
    assert len(sites) == len(wanted) > 20_000
    missing, extra = wanted.keys() - sites.keys(), sites.keys() - wanted.keys()
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])  # a short message, not a 20,000-key diff
    differ = [i for i, site in sites.items() if site != wanted[i]]
    assert not differ, (len(differ), sites[differ[0]], wanted[differ[0]])
    assert all(site.sessions == parse(list(site.opening_hours)) for site in sites.values())
    assert all(site.calendar == wanted[site.id].calendar for site in sites.values())


def test_sites_with_the_same_timetable_share_one(sqlite_engine: Engine) -> None:
    sites = load_sites(sqlite_engine)
    timetables = {repr(site.opening_hours) for site in sites}
    assert len({id(site.opening_hours) for site in sites}) == len(timetables) < len(sites) // 5

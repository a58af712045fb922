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
    with Session(sqlite_engine) as session:
        services = session.exec(select(Service).where(col(Service.active))).all()
        wanted = {service.id: expected(service) for service in services}
    sites = {site.id: site for site in load_sites(sqlite_engine)}
    assert len(sites) == len(wanted) > 20_000
    assert sites == wanted
    assert all(site.sessions == parse(list(site.opening_hours)) for site in sites.values())
    assert all(site.calendar == wanted[site.id].calendar for site in sites.values())


def test_sites_with_the_same_timetable_share_one(sqlite_engine: Engine) -> None:
    sites = load_sites(sqlite_engine)
    timetables = {repr(site.opening_hours) for site in sites}
    assert len({id(site.opening_hours) for site in sites}) == len(timetables) < len(sites) // 5


@pytest.mark.postgres
def test_postgresql_reads_the_same_sites_as_sqlite(sqlite_engine: Engine, postgres_engine: Engine) -> None:
    """Opening hours are read as JSON text on both (json on PostgreSQL, TEXT on SQLite)."""
    on_postgres = {site.id: site for site in load_sites(postgres_engine)}
    on_sqlite = {site.id: site for site in load_sites(sqlite_engine)}
    assert on_postgres.keys() == on_sqlite.keys()
    differ = [i for i, site in on_postgres.items() if (site, site.sessions) != (on_sqlite[i], on_sqlite[i].sessions)]
    assert not differ, (len(differ), on_postgres[differ[0]], on_sqlite[differ[0]])

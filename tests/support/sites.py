"""The directory's spatial index read once per state of the directory, for tests that start an app per test.

An app's LiveIndex (routing/sites.py) reads the directory's 26,504 services on its first route or rebook: about 2 s
of CPU, 3 under coverage. Every test's database is a copy of the one loaded directory (tests/conftest.py), so a
module whose tests each start an app read the same directory again in each. With this `load_index` in place of
routing.sites' (a module's fixture monkeypatches it), the app's LiveIndex still reads on first use, as a worker does,
but gets the index already read for a directory in the same state: the same number of active services and the same
latest change (every product path that changes a service sets its `updated_at`: directory import, declared hours and
closures, crisis lines), so a change a test makes is still read.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

import routing.sites
from models.database import read_session
from models.tables import Service
from routing.spatial import SiteIndex

_READ: dict[tuple[object, ...], SiteIndex] = {}
_load_index = routing.sites.load_index


def directory_state(engine: Engine) -> tuple[object, ...]:
    """How many active services the directory has and when one last changed (a few ms: no row is read)."""
    with read_session(engine) as session:
        count, latest = session.execute(
            select(func.count(), func.max(col(Service.updated_at))).where(col(Service.active))
        ).one()
    return count, latest


def load_index(engine: Engine) -> SiteIndex:
    """routing.sites.load_index, read once per state of the directory."""
    state = directory_state(engine)
    if state not in _READ:
        _READ[state] = _load_index(engine)
    return _READ[state]

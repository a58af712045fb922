"""Insight over HTTP: the demand forecast, the equity monitor and the operations summary (leads and admins)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import anyio
from fastapi import APIRouter, Query

from insight.demand import demand
from insight.equity import NOT_RECORDED as EQUITY_NOT_RECORDED
from insight.errors import UnknownArea
from insight.ops import summary as ops_summary
from insight.reference import Reference, load
from insight.reports import equity_report
from models.types import utcnow
from models.vocabulary import Role
from web.api.schemas.insight import EquityOut, ForecastOut, SummaryOut
from web.auth import allow
from web.db import read
from web.deps import BoardDep, EngineDep, KeyringDep, SettingsDep
from web.errors import problem_responses
from web.settings import Settings

router = APIRouter(tags=["insight"], dependencies=[allow(Role.LEAD, Role.ADMIN)])
Area = Annotated[str | None, Query(max_length=40, description="An ICB code (QWO), an NHS region code (Y63) or name")]


@router.get("/v1/insight/forecast", response_model=ForecastOut, responses=problem_responses(UnknownArea))
async def forecast(
    engine: EngineDep, settings: SettingsDep, icb: Area = None, hours: Annotated[int, Query(ge=1, le=48)] = 48
) -> ForecastOut:
    """Calls an hour for the next `hours` (default 48), with 80% and 95% prediction intervals; England if no area."""
    found = await read(engine, demand, await reference(settings), icb, utcnow(), hours)
    return ForecastOut.of(found)


@router.get("/v1/insight/equity", response_model=EquityOut, responses=problem_responses())
async def equity(
    engine: EngineDep, settings: SettingsDep, keyring: KeyringDep, days: Annotated[float, Query(gt=0, le=90)] = 7
) -> EquityOut:
    """Dispositions, booked-first-time rate and time to care by age band, sex, deprivation decile, region and ICB,
    each group tested against the rest (Benjamini-Hochberg corrected); alerts are the material differences."""
    until = utcnow()
    since = until - timedelta(days=days)
    report = await read(engine, equity_report, await reference(settings), since, until, keyring)
    return EquityOut.model_validate(
        {
            **_fields(report),
            "since": since,
            "until": until,
            "alerts": report.alerts,
            "not_recorded": EQUITY_NOT_RECORDED,
        }
    )


async def reference(settings: Settings) -> Reference:
    """The reference tables, read once per worker, off the event loop (the first read takes a moment)."""
    return await anyio.to_thread.run_sync(load, settings.data_dir)


def _fields(report: object) -> dict[str, object]:
    return {name: getattr(report, name) for name in ("events", "groups", "tests")}


@router.get("/v1/insight/summary", response_model=SummaryOut, responses=problem_responses(UnknownArea))
async def summary(engine: EngineDep, board: BoardDep, settings: SettingsDep, region: Area = None) -> SummaryOut:
    """England by NHS region, or one region by ICB: live capacity, OPEL, stale share, calls against the forecast,
    the disposition mix against the national 111 mix, booked against referred, and callbacks waiting."""
    staleness = timedelta(hours=settings.staleness_hours)
    found = await ops_summary(engine, board, await reference(settings), region, utcnow(), staleness)
    return SummaryOut.of(found)

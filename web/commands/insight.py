"""`one111 insight forecast | backtest | export`: the demand forecast, its backtest and plot, and the anonymised
daily dataset, from the shell."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from insight.reference import NATIONAL_111_CALLS_A_YEAR, WEEKS_A_YEAR, load
from models.database import make_engine, read_session
from models.types import utcnow
from models.vocabulary import Disposition
from triage.decide import LEVELS
from web.settings import ROOT, Settings

# The forecast, backtest, demand and export modules import scipy.stats (seconds): imported in the handlers that
# need them, so every other `one111` command (a token, a triage score) starts without them.

PLOT = ROOT / "docs" / "screenshots" / "insight-backtest.png"
SIMULATED_FROM = datetime(2026, 10, 1, tzinfo=UTC)  # through Christmas and New Year: five bank holidays
SIMULATED_DAYS = 102
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    insight = subparsers.add_parser("insight", help="demand forecast, backtest and the anonymised export")
    commands = insight.add_subparsers(dest="insight_command", required=True, metavar="COMMAND")
    fc = commands.add_parser("forecast", help="calls an hour for the next 48 hours with 80%% and 95%% intervals")
    fc.add_argument("--icb", default=None, help="an ICB code (QWO), an NHS region code (Y63) or name; default England")
    fc.add_argument("--hours", type=int, default=48, choices=range(1, 49), metavar="1-48")
    fc.set_defaults(handler=_forecast)
    bt = commands.add_parser("backtest", help="rolling-origin backtest: MAPE and interval coverage, and a plot")
    bt.add_argument("--icb", default="QWO", help="the ICB whose national-111 share sets the simulated volume")
    bt.add_argument("--seed", type=int, default=20)
    bt.add_argument("--from-database", action="store_true", help="backtest on one111's own call history instead")
    bt.add_argument("--plot", type=Path, default=PLOT, help=f"where to write the plot (default {PLOT})")
    bt.set_defaults(handler=_backtest)
    me = commands.add_parser("model-equity", help="the triage model's breakdown by age band and sex (model card)")
    me.add_argument("--n", type=int, default=20000, help="synthetic reports, as `triage train` (default 20000)")
    me.add_argument("--seed", type=int, default=111, help="generator seed, as `triage train` (default 111)")
    me.add_argument("--vignettes", type=Path, default=ROOT / "tests" / "triage" / "vignettes.jsonl")
    me.set_defaults(handler=_model_equity)
    ex = commands.add_parser("export", help="the anonymised dataset for one day, as CSV and Parquet")
    ex.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD in England (default yesterday)")
    ex.add_argument("--out", type=Path, default=Path("exports"), help="folder (default ./exports)")
    ex.add_argument("--threshold", type=int, default=None, help="suppress counts below this (default 8)")
    ex.set_defaults(handler=_export)


def _forecast(args: argparse.Namespace, settings: Settings) -> int:
    from insight.demand import demand
    from insight.forecast import LONDON

    ref = load(settings.data_dir)
    engine = make_engine(settings.database_url)
    try:
        with read_session(engine) as session:
            found = demand(session, ref, args.icb, utcnow(), args.hours)
    finally:
        engine.dispose()
    print(f"{found.name} ({found.area}): {found.level.calls_a_week:,.0f} calls a week, from {found.level.source}")
    print(f"{'hour (UK time)':<18}{'expected':>10}{'80% interval':>16}{'95% interval':>16}")
    for p in found.points:
        when = p.start.astimezone(LONDON).strftime("%a %d %b %H:00")
        print(f"{when:<18}{p.expected:>10.1f}{f'{p.lower80}-{p.upper80}':>16}{f'{p.lower95}-{p.upper95}':>16}")
    return 0


def _backtest(args: argparse.Namespace, settings: Settings) -> int:
    from insight import plots  # matplotlib: only this command needs it
    from insight.backtest import daily_origins, errors, run, simulate
    from insight.demand import area_share, shape_of

    ref = load(settings.data_dir)
    shape = shape_of(ref)
    if args.from_database:
        calls, title = _database_history(settings), "one111's own calls"
    else:
        code, name, share = area_share(ref, args.icb)
        weekly = NATIONAL_111_CALLS_A_YEAR / WEEKS_A_YEAR * share
        calls = simulate(shape, weekly, SIMULATED_FROM, SIMULATED_DAYS, args.seed)
        title = f"Simulated 111 calls at {name} ({code}) scale, seed {args.seed}"
    origins = daily_origins(calls) if calls else []
    if not origins:
        print("one111: not enough history to backtest: 30 days of calls are needed")
        return 1
    scored = run(shape, calls, origins)
    summary = errors(scored, calls)
    shown = next((o for o in origins if o.date() == date(2026, 12, 24)), origins[len(origins) // 2])
    plots.backtest(scored, summary, shown, f"{title}: the 48 hours from {shown:%d %b %Y}", args.plot)
    print(f"{summary.origins} origins, {summary.hours} hours forecast 1-48 hours ahead")
    print(f"MAPE {summary.mape:.1f}% (same hour last week: {summary.naive_mape:.1f}%), WAPE {summary.wape:.1f}%")
    print(f"80% interval covers {summary.coverage80:.1%}, 95% interval covers {summary.coverage95:.1%}")
    print(f"plot: {args.plot}")
    return 0


def _database_history(settings: Settings) -> list[tuple[datetime, int]]:
    from insight.sources import calls_by_hour

    engine = make_engine(settings.database_url)
    try:
        with read_session(engine) as session:
            return calls_by_hour(session, EPOCH, utcnow())
    finally:
        engine.dispose()


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from insight.demand import ENGLAND
    from insight.export import SUPPRESS_BELOW
    from insight.forecast import LONDON
    from insight.reports import export_day

    day = args.date or (utcnow().astimezone(LONDON).date() - timedelta(days=1))
    threshold = SUPPRESS_BELOW if args.threshold is None else args.threshold
    engine = make_engine(settings.database_url)
    try:
        done = export_day(engine, load(settings.data_dir), day, args.out, threshold, "cli:insight-export")
    finally:
        engine.dispose()
    print(f"{day} ({ENGLAND}): {done.rows} cells, {done.suppressed} suppressed (counts below {threshold})")
    for path in done.files:
        print(path)
    return 0


def _model_equity(args: argparse.Namespace, settings: Settings) -> int:
    # Training code (the generator) only in this handler, as `triage train` does: serving never loads it.
    from insight.model_equity import Scored, breakdown, table
    from triage.schemas import parse_report
    from triage.service import Triager
    from triage.training import train
    from triage.training.evaluation import REPORT_FIELDS

    triager = Triager.load(settings.triage_artifacts)
    data, _ = train.synthesise(args.seed, args.n)
    _, _, test = train.split(data, args.seed)
    held_out = [
        Scored(r.age, r.sex.value, LEVELS[int(y)], triager.assess(r).disposition)
        for r, y in zip(test.reports, test.y, strict=True)
    ]
    cases = [json.loads(line) for line in args.vignettes.read_text().splitlines() if line.strip()]
    vignettes = [
        Scored(
            c.get("age"),
            c.get("sex", "unknown"),
            Disposition(c["disposition"]),
            triager.assess(parse_report({k: c[k] for k in REPORT_FIELDS if k in c})).disposition,
        )
        for c in cases
    ]
    print(f"Held-out synthetic test split ({len(held_out):,} reports, seed {args.seed}, n {args.n}):\n")
    print(table(breakdown(held_out)))
    print(f"\nOur own vignettes ({len(vignettes)} cases):\n")
    print(table(breakdown(vignettes)))
    return 0

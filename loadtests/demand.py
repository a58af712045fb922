"""How hard to push: NHS 111 demand from the shipped figures, scaled to the load test's rates.

No hour-of-day profile exists for 111 calls, so (as data/reference/volumes.md advises) the A&E arrival curve
(ECDS 2024-25, `ae_arrivals_by_hour_2024_25.csv`) stands in for it: an assumption, stated wherever it is used.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "reference"
SURGE_DAY_CALLS = 100_900  # week to 11 December 2022 (Strep A): 706,129 calls / 7 (volumes.md, peaks)


@dataclass(frozen=True)
class Profile:
    """Share of a week's arrivals in each (day, hour), and the busiest hour against the mean hour."""

    shares: dict[tuple[str, int], float]

    @property
    def peak_factor(self) -> float:
        return max(self.shares.values()) * len(self.shares)

    def hourly(self, calls_per_day: float) -> list[float]:
        """Calls in each hour of the busiest day of the week, for a day with this many calls on average."""
        days: dict[str, list[float]] = defaultdict(lambda: [0.0] * 24)
        for (day, hour), share in self.shares.items():
            days[day][hour] = share
        busiest = max(days.values(), key=sum)
        total = sum(busiest)
        return [calls_per_day * share / total for share in busiest]

    def peak_calls_per_second(self, calls_per_day: float) -> float:
        return calls_per_day * self.peak_factor / 24 / 3600


def load_profile(path: Path = DATA / "ae_arrivals_by_hour_2024_25.csv") -> Profile:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [(r["day_of_week"], int(r["hour_start"]), float(r["attendances"])) for r in csv.DictReader(handle)]
    total = sum(n for _, _, n in rows)
    return Profile({(day, hour): n / total for day, hour, n in rows})


@dataclass(frozen=True)
class Rates:
    """The offered load of one run, per second: calls (triage and routing), provider updates, console watchers."""

    scale: float
    calls_per_s: float
    provider_updates_per_s: float
    consoles: int

    def describe(self) -> str:
        return (
            f"{self.scale:g}x the surge peak hour: {self.calls_per_s:.1f} calls/s, "
            f"{self.provider_updates_per_s:.1f} provider updates/s, {self.consoles} board consoles"
        )


# Assumptions (stated in the summary): a bookable service's system updates its capacity every 5 minutes at the
# peak; each call handler on shift keeps one board console open, and handles a call in about 15 minutes
# (the MDS-era mean call episode) so the number of consoles is the peak calls an hour / 4.
BOOKABLE_SERVICES = 580  # type 1 EDs + UTCs + GP out-of-hours in the shipped directory (volumes.md section 4)
UPDATE_EVERY_S = 300.0
CALLS_PER_HANDLER_HOUR = 4.0


def rates(scale: float, profile: Profile | None = None) -> Rates:
    """Rates for `scale` times the surge day's busiest hour (scale 1 is about 2.5 calls a second nationally)."""
    profile = profile or load_profile()
    calls = profile.peak_calls_per_second(SURGE_DAY_CALLS) * scale
    handlers = calls * 3600 / CALLS_PER_HANDLER_HOUR
    updates = BOOKABLE_SERVICES / UPDATE_EVERY_S * scale
    # One console per call handler is thousands at scale 10: the run caps them (each is a socket, not CPU-bound)
    # and says so in the summary.
    return Rates(scale, calls, updates, min(int(handlers), 200))

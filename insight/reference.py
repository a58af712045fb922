"""The shipped reference data insight reads: the weekly shape of demand, bank holidays, health geography,
population and deprivation (data/reference, see its README for sources and licences). Loaded once per folder."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Age bands on the 5-year boundaries of the ONS population file, so every band has a population to divide by.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-4", 0, 4),
    ("5-14", 5, 14),
    ("15-24", 15, 24),
    ("25-44", 25, 44),
    ("45-64", 45, 64),
    ("65-74", 65, 74),
    ("75-84", 75, 84),
    ("85+", 85, 200),
)
UNKNOWN = "unknown"
# NHS 111 calls received in England, 2024-25 (IUC ADC A01, volumes.md): the national level before one111 has history.
NATIONAL_111_CALLS_A_YEAR = 19_968_400
WEEKS_A_YEAR = 365 / 7


def age_band(age: float | None) -> str:
    if age is None:
        return UNKNOWN
    return next((name for name, low, high in AGE_BANDS if low <= int(age) <= high), UNKNOWN)


def sector_of(postcode: str) -> str:
    """'LS1 4AP' -> 'LS1 4'; a sector or district passes through in the same spelling."""
    text = " ".join(postcode.upper().split())
    if " " not in text and len(text) > 4:  # 'LS14AP': the inward code is always the last three characters
        text = f"{text[:-3]} {text[-3:]}"
    outward, _, inward = text.partition(" ")
    return f"{outward} {inward[0]}" if inward else outward


@dataclass(frozen=True, slots=True)
class Area:
    """Where a postcode sector sits in the NHS: its ICB and NHS region."""

    icb_code: str
    icb_name: str
    region_code: str
    region_name: str


@dataclass(frozen=True)
class Reference:
    weekly_shape: tuple[float, ...]  # 168 shares of a week's demand, Monday 00:00 first (local time); they sum to 1
    bank_holidays: frozenset[date]
    sectors: dict[str, Area]
    districts: dict[str, Area]  # outward code ('LS1') -> the area most of its sectors are in
    deciles: dict[str, int]  # postcode sector -> IMD 2025 decile (1 = most deprived)
    icbs: dict[str, Area]
    population: dict[str, dict[str, int]]  # ICB code, region code or 'England' -> age band (or 'all') -> people

    def area(self, postcode_or_area: str | None) -> Area | None:
        if not postcode_or_area:
            return None
        sector = sector_of(postcode_or_area)
        return self.sectors.get(sector) or self.districts.get(sector.split(" ")[0])

    def decile(self, postcode: str | None) -> int | None:
        return self.deciles.get(sector_of(postcode)) if postcode else None

    def regions(self) -> dict[str, str]:
        return {a.region_code: a.region_name for a in self.icbs.values()}

    def share(self, icb_code: str) -> float:
        """The ICB's share of England's people: its share of national demand before one111 knows better."""
        return self.population[icb_code]["all"] / self.population["England"]["all"]


@cache
def load(data_dir: Path) -> Reference:
    sectors = _sectors(data_dir)
    icbs = {a.icb_code: a for a in sectors.values()}
    return Reference(
        weekly_shape=_shape(data_dir),
        bank_holidays=frozenset(date.fromisoformat(r["date"]) for r in _rows(data_dir, "bank_holidays_england.csv")),
        sectors=sectors,
        districts=_districts(sectors),
        deciles={r["sector"]: int(r["imd_decile"]) for r in _rows(data_dir, "deprivation_by_postcode_sector.csv")},
        icbs=dict(sorted(icbs.items())),
        population=_population(data_dir),
    )


def _rows(data_dir: Path, name: str) -> Iterator[dict[str, str]]:
    with (data_dir / name).open(newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def _shape(data_dir: Path) -> tuple[float, ...]:
    counts = {(r["day_of_week"], int(r["hour_start"])): float(r["attendances"]) for r in _rows(data_dir, _AE)}
    ordered = [counts[(day, hour)] for day in DAYS for hour in range(24)]
    total = sum(ordered)
    return tuple(c / total for c in ordered)


_AE = "ae_arrivals_by_hour_2024_25.csv"


def _sectors(data_dir: Path) -> dict[str, Area]:
    return {
        r["sector"]: Area(r["icb_code"], r["icb_name"], r["nhs_region_code"], r["nhs_region_name"])
        for r in _rows(data_dir, "health_geography.csv")
    }


def _districts(sectors: dict[str, Area]) -> dict[str, Area]:
    votes: dict[str, Counter[Area]] = defaultdict(Counter)
    for sector, area in sectors.items():
        votes[sector.split(" ")[0]][area] += 1
    return {outward: counter.most_common(1)[0][0] for outward, counter in votes.items()}


def _population(data_dir: Path) -> dict[str, dict[str, int]]:
    """People by age band in each ICB, NHS region and England; a split district counts whole in its modal ICB."""
    lads = {r["lad24_code"]: (r["icb_code"], r["nhs_region_code"]) for r in _rows(data_dir, _BY_DISTRICT)}
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for row in _rows(data_dir, "population_by_district.csv"):
        bands = {"all": int(row["population"]), **_bands(row)}
        for key in (*lads[row["lad24_code"]], "England"):
            totals[key].update(bands)
    return {key: dict(counter) for key, counter in totals.items()}


_BY_DISTRICT = "health_geography_by_district.csv"


def _bands(row: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, low, high in AGE_BANDS:
        starts = range(low, min(high, 90) + 1, 5)
        out[name] = sum(int(row[_column(start)]) for start in starts)
    return out


def _column(start: int) -> str:
    return "age_90_plus" if start >= 90 else f"age_{start:02d}_{start + 4:02d}"

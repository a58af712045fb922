"""What the simulated callers say and where they are: the triage generator's reports and real postcode sectors."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.vocabulary import Disposition
from triage.training.generator import generate

DATA = Path(__file__).resolve().parent.parent / "data" / "reference"
BOOKABLE = {Disposition.ED, Disposition.UTC, Disposition.GP_OOH}


@dataclass(frozen=True)
class Callers:
    reports: list[dict[str, Any]]  # every disposition, in the generator's mix
    bookable: list[dict[str, Any]]  # only those the generator labels ED, UTC or GP out of hours
    sectors: list[str]
    weights: list[int]  # postcodes per sector: callers come from where people live

    def report(self, rng: random.Random, bookable: bool = False) -> dict[str, Any]:
        return dict(rng.choice(self.bookable if bookable else self.reports))

    def postcode(self, rng: random.Random) -> str:
        return rng.choices(self.sectors, self.weights)[0]


def request_body(labelled_report: dict[str, Any]) -> dict[str, Any]:
    """The generator's report as POST /v1/triage takes it (without the generator's own id)."""
    return {k: v for k, v in labelled_report.items() if k != "id"}


def load_callers(seed: int = 111, n: int = 2000) -> Callers:
    labelled = list(generate(seed, n))
    reports = [request_body(item.report) for item in labelled]
    bookable = [request_body(item.report) for item in labelled if item.disposition in BOOKABLE]
    with (DATA / "postcode_sector_centroids.csv").open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["country"] == "England"]  # the directory is England
    return Callers(reports, bookable, [r["sector"] for r in rows], [int(r["postcodes"]) for r in rows])

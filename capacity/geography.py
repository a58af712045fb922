"""Where a patient is: postcode to a centroid, from the shipped Code-Point Open derived files."""

from __future__ import annotations

import csv
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

from models.errors import DomainError

EARTH_RADIUS_KM = 6371.0088
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])[A-Z]{2}$")
_PARTIAL_INWARD = re.compile(r"^[0-9][A-Z]{0,2}$")


class UnknownPostcode(DomainError):
    """A postcode the gazetteer cannot place."""


@dataclass(frozen=True, slots=True)
class Place:
    """A located postcode: the centroid used and how uncertain it is."""

    query: str
    matched: str
    precision: str
    latitude: float
    longitude: float
    p90_radius_km: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def normalise(postcode: str) -> tuple[str, str | None]:
    """'ls1 1ba' -> ('LS1', 'LS1 1'); 'LS1' -> ('LS1', None). Raises UnknownPostcode if it is not one."""
    text = " ".join(postcode.upper().split())
    if full := _FULL.match(text.replace(" ", "")):
        return full[1], f"{full[1]} {full[2]}"
    outward, _, inward = text.partition(" ")
    if _OUTWARD.match(outward) and (not inward or _PARTIAL_INWARD.match(inward)):
        return outward, f"{outward} {inward[0]}" if inward else None
    raise UnknownPostcode(
        f"{postcode.strip()[:12]!r} is not a UK postcode: give a full postcode or its first half, e.g. LS1 4AP or LS1"
    )


class Gazetteer:
    """Sector centroids first (within about 1 km), outward-code centroids as the fallback."""

    def __init__(self, sectors: dict[str, Place], outwards: dict[str, Place]) -> None:
        self._sectors = sectors
        self._outwards = outwards

    @classmethod
    def from_dir(cls, data_dir: Path) -> Gazetteer:
        return _gazetteer(data_dir.resolve())

    def locate(self, postcode: str) -> Place:
        outward, sector = normalise(postcode)
        found = self._sectors.get(sector) if sector else None
        found = found or self._outwards.get(outward)
        if found is None:
            raise UnknownPostcode(self._unknown(postcode, outward))
        return Place(postcode, found.matched, found.precision, found.latitude, found.longitude, found.p90_radius_km)

    def _unknown(self, postcode: str, outward: str) -> str:
        area = postcode_area(outward)
        near = sorted(code for code in self._outwards if area and postcode_area(code) == area)
        hint = f" Districts we know in {area} include {', '.join(near[:5])}." if near else ""
        return f"We cannot place postcode {postcode.strip().upper()[:12]!r} (England, Scotland and Wales only).{hint}"

    def __len__(self) -> int:
        return len(self._sectors) + len(self._outwards)


@functools.lru_cache(maxsize=4)
def _gazetteer(data_dir: Path) -> Gazetteer:
    """Read once per process and folder: 13,700 rows of shipped reference data that nothing changes while it
    runs, and a process that opens the app more than once (the CLI, the tests) read them each time."""
    return Gazetteer(
        _read(data_dir / "postcode_sector_centroids.csv", "sector", "sector"),
        _read(data_dir / "outward_code_centroids.csv", "outward", "outward_code"),
    )


def postcode_area(outward: str) -> str:
    """The letters an outward code starts with: LS for LS1, SW for SW1A, B for B15."""
    match = re.match(r"[A-Z]{1,2}", outward.upper())
    return match.group() if match else ""


def _read(path: Path, key: str, precision: str) -> dict[str, Place]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row[key]: Place(
                row[key],
                row[key],
                precision,
                float(row["latitude"]),
                float(row["longitude"]),
                float(row["p90_radius_km"] or 0),
            )
            for row in csv.DictReader(handle)
        }

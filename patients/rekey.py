"""Re-seal every sealed value under the keyring's current key, after a rotation put a new key first.

Each sealed column is named once in SEALED with its context. Rows already under the current key are skipped, so
an interrupted run is finished by running it again. Digests (lookups) use the lookup key, which never rotates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, func, select, update
from sqlalchemy.engine import Connection, Engine

from models.crypto import Keyring
from models.patient_tables import Patient, PatientEntry, PatientRevision
from patients import records, summary

BATCH = 500


@dataclass(frozen=True, slots=True)
class SealedColumn:
    table: Table
    column: str
    context: str


SEALED = (
    SealedColumn(Patient.__table__, "sealed", records.IDENTITY),  # type: ignore[attr-defined]
    SealedColumn(PatientRevision.__table__, "sealed_before", records.BEFORE),  # type: ignore[attr-defined]
    SealedColumn(PatientRevision.__table__, "sealed_reason", records.REASON),  # type: ignore[attr-defined]
    SealedColumn(PatientEntry.__table__, "sealed", summary.BODY),  # type: ignore[attr-defined]
)


def count(engine: Engine, columns: tuple[SealedColumn, ...] = SEALED) -> int:
    with engine.connect() as connection:
        return sum(_present(connection, c) for c in columns)


def _present(connection: Connection, c: SealedColumn) -> int:
    value = c.table.c[c.column]
    return int(connection.execute(select(func.count()).where(value.is_not(None))).scalar_one())


def reseal(
    engine: Engine, keyring: Keyring, progress: Callable[[int], object], columns: tuple[SealedColumn, ...] = SEALED
) -> int:
    """Re-seal values not under the current key, in batches of BATCH per transaction; returns how many changed."""
    changed = 0
    for column in columns:
        changed += _reseal_column(engine, keyring, column, progress)
    return changed


def _reseal_column(engine: Engine, keyring: Keyring, c: SealedColumn, progress: Callable[[int], object]) -> int:
    key, value = c.table.primary_key.columns.values()[0], c.table.c[c.column]
    with engine.connect() as connection:
        rows = connection.execute(select(key, value).where(value.is_not(None)).order_by(key)).all()
    changed = 0
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        with engine.begin() as connection:
            for row_id, token in batch:
                if not keyring.is_current(token):
                    fresh = keyring.seal(keyring.open(token, c.context), c.context)
                    connection.execute(update(c.table).where(key == row_id).values({c.column: fresh}))
                    changed += 1
        progress(len(batch))
    return changed

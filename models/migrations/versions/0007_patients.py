"""patients: the record that follows the patient (sealed identity, summary entries, corrections, encounters)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _patient_fk(index: bool) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("patient_id", sa.String(length=36), sa.ForeignKey("patients.id"), nullable=False, index=index)


def upgrade() -> None:
    op.create_table(
        "patients",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("nhs_digest", sa.String(length=64), nullable=True, unique=True),
        sa.Column("match_digest", sa.String(length=64), nullable=False, index=True),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("gp_practice", sa.String(length=16), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "patient_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _patient_fk(True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.Column("sealed_before", sa.Text(), nullable=False),
        sa.Column("sealed_reason", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "patient_entries",
        sa.Column("id", sa.String(length=36), primary_key=True),
        _patient_fk(False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("replaces_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_patient_entries_patient_kind", "patient_entries", ["patient_id", "kind", "status"])
    op.create_table(
        "patient_encounters",
        sa.Column("id", sa.String(length=36), primary_key=True),
        _patient_fk(False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref_id", sa.String(length=64), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_patient_encounters_patient_at", "patient_encounters", ["patient_id", "created_at"])
    op.create_index("ix_patient_encounters_ref", "patient_encounters", ["kind", "ref_id"])


def downgrade() -> None:
    op.drop_table("patient_encounters")
    op.drop_table("patient_entries")
    op.drop_table("patient_revisions")
    op.drop_table("patients")

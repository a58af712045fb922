"""capacity snapshots: one row per (service, provider, client seq), so a retry on two workers records once

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 13:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEX = "uq_capacity_service_provider_seq"


def upgrade() -> None:
    # Copies made by the old race (C-13) carry the same content: keep every row (the log is append-only) but let
    # only the first keep its seq, so the unique index can be built.
    op.execute(
        "UPDATE capacity_snapshots SET client_seq = NULL WHERE client_seq IS NOT NULL AND id NOT IN ("
        "SELECT MIN(id) FROM capacity_snapshots WHERE client_seq IS NOT NULL "
        "GROUP BY service_id, provider_id, client_seq)"
    )
    op.create_index(INDEX, "capacity_snapshots", ["service_id", "provider_id", "client_seq"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="capacity_snapshots")

"""audit seal: events are written unsealed and chained later by a sealer, under a key the database never holds

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 05:30:00

Events written before this revision carry the old unkeyed SHA-256 chain. They keep their rows but get no `seq`,
so the first sealer run re-seals them, oldest id first, as the start of the keyed chain (seq 1 onwards). Anchors
of earlier purges have no `through_seq` and are ignored by the new verify: they described the old chain.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UNSEALED = sa.text("seq IS NULL")


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("seq", sa.BigInteger(), nullable=True))
    op.create_index("uq_audit_events_seq", "audit_events", ["seq"], unique=True)
    op.create_index(
        "ix_audit_events_unsealed", "audit_events", ["id"], sqlite_where=UNSEALED, postgresql_where=UNSEALED
    )
    op.add_column("audit_anchors", sa.Column("through_seq", sa.BigInteger(), nullable=True))
    op.add_column("audit_anchors", sa.Column("mac", sa.String(length=64), nullable=True))
    head = op.create_table(
        "audit_seal_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "", "key_id": None}])


def downgrade() -> None:
    op.drop_table("audit_seal_head")
    with op.batch_alter_table("audit_anchors") as batch:
        batch.drop_column("mac")
        batch.drop_column("through_seq")
    op.drop_index("ix_audit_events_unsealed", table_name="audit_events")
    op.drop_index("uq_audit_events_seq", table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("seq")

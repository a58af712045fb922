"""service rules: who a service may see (age, sex), the ICB a crisis line serves, and temporary closures

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("min_age", sa.Integer()),
    ("max_age", sa.Integer()),
    ("sex", sa.String(length=8)),
    ("eligibility_note", sa.String(length=200)),
    ("icb_code", sa.String(length=8)),
    ("closed_from", sa.DateTime(timezone=True)),
    ("closed_until", sa.DateTime(timezone=True)),
    ("closure_reason", sa.String(length=200)),
)


def upgrade() -> None:
    with op.batch_alter_table("services") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
        batch.create_index("ix_services_icb_code", ["icb_code"])


def downgrade() -> None:
    with op.batch_alter_table("services") as batch:
        batch.drop_index("ix_services_icb_code")
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)

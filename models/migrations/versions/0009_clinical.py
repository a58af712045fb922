"""clinical hub: the callback queue carries the patient, deadline, skill and claim; attempts and assessments

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 07:50:00

Rows queued before this revision get a deadline equal to when they were queued (overdue: a clinician sees them
first) and band 2; they have no caller details, which the hub shows as "no callback number".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("patient_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("caller_name", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("callback_phone", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("skill", sa.String(length=32), server_default="NURSE", nullable=False))
        batch_op.add_column(sa.Column("band", sa.Integer(), server_default="2", nullable=False))
        batch_op.add_column(sa.Column("deadline", DATETIME, nullable=True))
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_until", DATETIME, nullable=True))
        batch_op.add_column(sa.Column("failed_attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("next_attempt_at", DATETIME, nullable=True))
        batch_op.add_column(sa.Column("first_contact_at", DATETIME, nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("closed_at", DATETIME, nullable=True))
        batch_op.add_column(sa.Column("closed_by", sa.String(length=64), nullable=True))
    op.execute("UPDATE callback_requests SET deadline = created_at")
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.alter_column("deadline", existing_type=DATETIME, nullable=False)
        batch_op.create_index(batch_op.f("ix_callback_requests_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_callback_requests_patient_id"), ["patient_id"], unique=False)
    op.create_table(
        "callback_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("callback_id", sa.String(length=36), nullable=False),
        sa.Column("at", DATETIME, nullable=False),
        sa.Column("clinician", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["callback_id"], ["callback_requests.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_callback_attempts_callback_id", "callback_attempts", ["callback_id"], unique=False)
    op.create_table(
        "clinical_assessments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("callback_id", sa.String(length=36), nullable=False),
        sa.Column("at", DATETIME, nullable=False),
        sa.Column("clinician", sa.String(length=64), nullable=False),
        sa.Column("history", sa.Text(), nullable=False),
        sa.Column("observations", sa.JSON(), nullable=False),
        sa.Column("news2", sa.Integer(), nullable=True),
        sa.Column("prior", sa.String(length=32), nullable=False),
        sa.Column("disposition", sa.String(length=32), nullable=False),
        sa.Column("reasoning", sa.Text(), nullable=False),
        sa.Column("lowering_reason", sa.Text(), nullable=True),
        sa.Column("safety_netting", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["callback_id"], ["callback_requests.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_clinical_assessments_callback_id", "clinical_assessments", ["callback_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_clinical_assessments_callback_id", table_name="clinical_assessments")
    op.drop_table("clinical_assessments")
    op.drop_index("ix_callback_attempts_callback_id", table_name="callback_attempts")
    op.drop_table("callback_attempts")
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_callback_requests_patient_id"))
        batch_op.drop_index(batch_op.f("ix_callback_requests_deadline"))
        for column in (
            "closed_by",
            "closed_at",
            "outcome",
            "first_contact_at",
            "next_attempt_at",
            "failed_attempts",
            "lease_until",
            "claimed_by",
            "deadline",
            "band",
            "skill",
            "callback_phone",
            "caller_name",
            "patient_id",
        ):
            batch_op.drop_column(column)

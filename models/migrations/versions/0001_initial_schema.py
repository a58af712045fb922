"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 08:20:44.767719
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "providers",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "triage_records",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("disposition", sa.String(length=32), nullable=False),
        sa.Column("acuity", sa.String(length=32), nullable=False),
        sa.Column("time_to_care_minutes", sa.Integer(), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("probabilities", sa.JSON(), nullable=False),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("safety_netting", sa.String(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("triage_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_triage_records_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_triage_records_disposition"), ["disposition"], unique=False)

    op.create_table(
        "provider_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("provider_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provider_tokens_provider_id"), ["provider_id"], unique=False)

    op.create_table(
        "services",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("ods_code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("subtype", sa.String(length=40), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("opening_hours", sa.JSON(), nullable=False),
        sa.Column("hours_source", sa.String(length=16), nullable=False),
        sa.Column("booking_mode", sa.String(length=32), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("provider_id", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["providers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ods_code", "type", name="uq_services_ods_type"),
    )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_services_ods_code"), ["ods_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_services_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_services_type"), ["type"], unique=False)

    op.create_table(
        "capacity_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(length=24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("wait_minutes", sa.Integer(), nullable=False),
        sa.Column("opel", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provider_id", sa.String(length=16), nullable=True),
        sa.Column("client_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("service_id", "version", name="uq_capacity_service_version"),
    )
    with op.batch_alter_table("capacity_snapshots", schema=None) as batch_op:
        batch_op.create_index("ix_capacity_provider_seq", ["provider_id", "client_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_capacity_snapshots_service_id"), ["service_id"], unique=False)

    op.create_table(
        "holds",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=24), nullable=False),
        sa.Column("triage_id", sa.String(length=36), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
        ),
        sa.ForeignKeyConstraint(
            ["triage_id"],
            ["triage_records.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_holds_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_holds_service_id"), ["service_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_holds_status"), ["status"], unique=False)

    op.create_table(
        "bookings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("hold_id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=24), nullable=False),
        sa.Column("triage_id", sa.String(length=36), nullable=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaces_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["hold_id"],
            ["holds.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["services.id"],
        ),
        sa.ForeignKeyConstraint(
            ["triage_id"],
            ["triage_records.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hold_id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bookings_service_id"), ["service_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bookings_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_bookings_confirmed_seat",
            ["service_id", "window_start", "seat"],
            unique=True,
            sqlite_where=sa.text("status = 'CONFIRMED'"),
            postgresql_where=sa.text("status = 'CONFIRMED'"),
        )
        batch_op.create_index(
            "uq_bookings_confirmed_triage",
            ["triage_id"],
            unique=True,
            sqlite_where=sa.text("status = 'CONFIRMED'"),
            postgresql_where=sa.text("status = 'CONFIRMED'"),
        )


def downgrade() -> None:

    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_bookings_confirmed_triage",
            sqlite_where=sa.text("status = 'CONFIRMED'"),
            postgresql_where=sa.text("status = 'CONFIRMED'"),
        )
        batch_op.drop_index(
            "uq_bookings_confirmed_seat",
            sqlite_where=sa.text("status = 'CONFIRMED'"),
            postgresql_where=sa.text("status = 'CONFIRMED'"),
        )
        batch_op.drop_index(batch_op.f("ix_bookings_status"))
        batch_op.drop_index(batch_op.f("ix_bookings_service_id"))

    op.drop_table("bookings")
    with op.batch_alter_table("holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_holds_status"))
        batch_op.drop_index(batch_op.f("ix_holds_service_id"))
        batch_op.drop_index(batch_op.f("ix_holds_expires_at"))

    op.drop_table("holds")
    with op.batch_alter_table("capacity_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capacity_snapshots_service_id"))
        batch_op.drop_index("ix_capacity_provider_seq")

    op.drop_table("capacity_snapshots")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_services_type"))
        batch_op.drop_index(batch_op.f("ix_services_provider_id"))
        batch_op.drop_index(batch_op.f("ix_services_ods_code"))

    op.drop_table("services")
    with op.batch_alter_table("provider_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_tokens_provider_id"))

    op.drop_table("provider_tokens")
    with op.batch_alter_table("triage_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_triage_records_disposition"))
        batch_op.drop_index(batch_op.f("ix_triage_records_created_at"))

    op.drop_table("triage_records")
    op.drop_table("providers")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_subject_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))

    op.drop_table("audit_events")

"""identities: staff users, their tokens and browser sessions, patient chat sessions, audit purge anchors

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    for table, secret in (("staff_tokens", "token_hash"), ("staff_sessions", "session_hash")):
        columns = [
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column(secret, sa.String(length=64), nullable=False),
        ]
        if table == "staff_tokens":
            columns.append(sa.Column("label", sa.String(length=100), nullable=False))
        op.create_table(
            table,
            *columns,
            _when("created_at"),
            _when("expires_at"),
            _when("revoked_at", nullable=True),
            sa.ForeignKeyConstraint(["user_id"], ["staff_users.id"]),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint(secret),
        )
        op.create_index(f"ix_{table}_user_id", table, ["user_id"])
    op.create_index("ix_staff_sessions_expires_at", "staff_sessions", ["expires_at"])
    op.create_table(
        "chat_sessions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        _when("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_chat_sessions_expires_at", "chat_sessions", ["expires_at"])
    op.create_table(
        "audit_anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        _when("at"),
        sa.Column("through_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("audit_anchors")
    op.drop_index("ix_chat_sessions_expires_at", "chat_sessions")
    op.drop_table("chat_sessions")
    op.drop_index("ix_staff_sessions_expires_at", "staff_sessions")
    for table in ("staff_sessions", "staff_tokens"):
        op.drop_index(f"ix_{table}_user_id", table)
        op.drop_table(table)
    op.drop_table("staff_users")

"""Rebuild the board from the record: the latest CapacitySnapshot of every service, less what one111 has taken."""

from __future__ import annotations

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from capacity.board import Board, BoardState
from capacity.reservations import net_all
from capacity.updates import snapshot_state
from models.tables import CapacitySnapshot


def latest_states(session: Session) -> list[BoardState]:
    latest = (
        select(CapacitySnapshot.service_id, func.max(CapacitySnapshot.version).label("version"))
        .group_by(CapacitySnapshot.service_id)
        .subquery()
    )
    query = select(CapacitySnapshot).join(
        latest,
        and_(
            col(CapacitySnapshot.service_id) == latest.c.service_id, col(CapacitySnapshot.version) == latest.c.version
        ),
    )
    return net_all(session, [snapshot_state(row) for row in session.exec(query)])


async def rebuild(board: Board, states: list[BoardState]) -> int:
    """Put every service's latest record (`latest_states`); only records newer than the board's apply, so it is
    safe at any time."""
    applied = await board.load(states)
    await board.mark_intact()
    return applied

"""The largest sequence number the API accepts fits the column that stores it (found by the load test: a
nanosecond clock as seq passed validation, then PostgreSQL's 32-bit INTEGER refused it with a 500)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import col

from capacity.memory_board import MemoryBoard
from capacity.updates import MAX_SEQ
from models.database import session_scope
from models.tables import CapacitySnapshot
from tests.capacity.conftest import STALENESS, two_providers
from tests.capacity.test_updates import apply, report
from web.ws.frames import UpdateFrame

pytestmark = [pytest.mark.postgres]


def test_the_largest_accepted_seq_is_stored_and_one_more_is_refused(postgres_engine: Engine) -> None:
    owner, _ = two_providers(postgres_engine)
    board = MemoryBoard(STALENESS)
    try:
        assert apply(postgres_engine, board, owner, report(), MAX_SEQ).version >= 1
    finally:  # the database is the test session's: a stored MAX_SEQ would refuse every later test's seq
        with session_scope(postgres_engine) as session:
            session.execute(delete(CapacitySnapshot).where(col(CapacitySnapshot.client_seq) == MAX_SEQ))
    frame = {"type": "capacity.update", "service_id": owner.service_id, **report().model_dump(mode="json")}
    with pytest.raises(ValidationError):
        UpdateFrame.model_validate({**frame, "seq": MAX_SEQ + 1})

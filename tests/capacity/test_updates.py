"""Accepting provider updates: the record first, then the board; scope, replays, sequence and bad input."""

from __future__ import annotations

import asyncio
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from capacity.errors import InvalidUpdate, NotYourService, StaleSequence
from capacity.listing import UnknownService
from capacity.memory_board import MemoryBoard
from capacity.updates import Applied, CapacityReport, SlotWindow, apply_update, record, state_of, windows
from identity.errors import InvalidToken
from identity.providers import authenticate, issue_token, revoke_tokens, token_hash
from models.errors import NotFound
from models.tables import CapacitySnapshot, ProviderToken
from models.types import utcnow
from models.vocabulary import Opel
from tests.capacity.conftest import STALENESS, Owned, two_providers
from web.cli import build_parser
from web.settings import Settings


def report(free: int = 3, hours: int = 2, wait: int = 15) -> CapacityReport:
    start = utcnow().replace(minute=0, second=0, microsecond=0) + timedelta(hours=hours)
    return CapacityReport(is_open=True, slots=[SlotWindow(start=start, free=free)], wait_minutes=wait, opel=Opel.NORMAL)


def snapshots(engine: Engine, service_id: str) -> int:
    with Session(engine) as session:
        query = select(func.count()).select_from(CapacitySnapshot).where(CapacitySnapshot.service_id == service_id)
        return session.exec(query).one()


def apply(engine: Engine, board: MemoryBoard, who: Owned, body: CapacityReport, seq: int | None) -> Applied:
    return asyncio.run(apply_update(engine, board, who.provider_id, who.service_id, body, seq))


def test_an_update_is_recorded_and_put_on_the_board_with_the_same_version(sqlite_engine: Engine) -> None:
    ours, _ = two_providers(sqlite_engine)
    board = MemoryBoard(STALENESS)
    first = apply(sqlite_engine, board, ours, report(), 1)
    second = apply(sqlite_engine, board, ours, report(free=1), 2)
    assert second.version > first.version and not second.replay
    state = asyncio.run(board.get(ours.service_id))
    assert state is not None and state.version == second.version and state.slots[0].free == 1
    assert snapshots(sqlite_engine, ours.service_id) == 2


def test_a_provider_cannot_change_another_providers_service(sqlite_engine: Engine) -> None:
    ours, theirs = two_providers(sqlite_engine)
    board = MemoryBoard(STALENESS)
    intruder = Owned(ours.provider_id, theirs.service_id)
    with pytest.raises(NotYourService):
        apply(sqlite_engine, board, intruder, report(), 1)
    assert snapshots(sqlite_engine, theirs.service_id) == 0
    assert asyncio.run(board.get(theirs.service_id)) is None


def test_an_exact_replay_is_acknowledged_again_and_not_applied_twice(sqlite_engine: Engine) -> None:
    ours, _ = two_providers(sqlite_engine)
    board = MemoryBoard(STALENESS)
    body = report()
    first = apply(sqlite_engine, board, ours, body, 7)
    again = apply(sqlite_engine, board, ours, body, 7)
    assert again == Applied(ours.service_id, first.version, replay=True)
    assert snapshots(sqlite_engine, ours.service_id) == 1


def test_a_used_seq_with_new_content_or_an_older_seq_is_refused(sqlite_engine: Engine) -> None:
    ours, _ = two_providers(sqlite_engine)
    board = MemoryBoard(STALENESS)
    apply(sqlite_engine, board, ours, report(), 5)
    with pytest.raises(StaleSequence):
        apply(sqlite_engine, board, ours, report(free=9), 5)
    with pytest.raises(StaleSequence):
        apply(sqlite_engine, board, ours, report(free=9), 4)
    state = asyncio.run(board.get(ours.service_id))
    assert state is not None and state.slots[0].free == 3 and snapshots(sqlite_engine, ours.service_id) == 1


def test_duplicate_or_out_of_range_windows_and_unknown_services_are_refused(sqlite_engine: Engine) -> None:
    ours, _ = two_providers(sqlite_engine)
    board = MemoryBoard(STALENESS)
    twice = report()
    twice.slots.append(twice.slots[0])
    with pytest.raises(InvalidUpdate, match="same start"):
        apply(sqlite_engine, board, ours, twice, 1)
    with pytest.raises(InvalidUpdate, match="14 days"):
        apply(sqlite_engine, board, ours, report(hours=24 * 30), 1)
    with pytest.raises(UnknownService):
        apply(sqlite_engine, board, Owned(ours.provider_id, "NO-SUCH-SERVICE"), report(), 1)
    assert snapshots(sqlite_engine, ours.service_id) == 0


def provider_of(engine: Engine, token: str | None) -> str | None:
    with Session(engine) as session:
        return authenticate(session, token).principal.provider_id


def test_tokens_are_stored_only_as_hashes_and_wrong_or_revoked_tokens_fail(sqlite_engine: Engine) -> None:
    ours, _ = two_providers(sqlite_engine)
    token = issue_token(sqlite_engine, ours.provider_id, "test")
    kept = issue_token(sqlite_engine, ours.provider_id, "another system")
    assert provider_of(sqlite_engine, token) == ours.provider_id
    with Session(sqlite_engine) as session:
        row = session.exec(select(ProviderToken).where(ProviderToken.token_hash == token_hash(token))).one()
        assert token not in (row.token_hash, row.label)
    # Revoking by label names exactly the revoked token's cache key, for the workers to forget.
    assert revoke_tokens(sqlite_engine, ours.provider_id, "test") == [f"provider-token:{token_hash(token)}"]
    for wrong in (token, token + "x", "", None):
        with pytest.raises(InvalidToken):
            provider_of(sqlite_engine, wrong)
    assert provider_of(sqlite_engine, kept) == ours.provider_id
    with pytest.raises(NotFound):
        issue_token(sqlite_engine, "NO-SUCH-PROVIDER")


def test_the_cli_prints_a_new_token_once_and_stores_only_its_hash(
    sqlite_url: str, sqlite_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    ours, _ = two_providers(sqlite_engine)
    command = build_parser().parse_args(["providers", "token", ours.provider_id, "--label", "EPR"])
    assert command.handler(command, Settings(database_url=sqlite_url)) == 0
    printed = capsys.readouterr()
    token = printed.out.strip()
    assert provider_of(sqlite_engine, token) == ours.provider_id
    assert "cannot be shown again" in printed.err and token not in printed.err
    unknown = build_parser().parse_args(["providers", "token", "NO-SUCH-PROVIDER"])
    with pytest.raises(NotFound):
        unknown.handler(unknown, Settings(database_url=sqlite_url))


@pytest.mark.parametrize("engine_fixture", ["sqlite_engine", "postgres_engine"])
def test_one_update_retried_on_many_workers_at_once_is_recorded_once(
    engine_fixture: str, request: pytest.FixtureRequest
) -> None:
    engine: Engine = request.getfixturevalue(engine_fixture)
    ours, _ = two_providers(engine)
    # Several rounds, as the race is not won the same way every time; seqs rise, and are large because the
    # PostgreSQL database is shared by the session's tests.
    for seq in sorted(random.sample(range(2**20, 2**30), 4)):
        results = _race(engine, ours, seq, threads=6)
        with Session(engine) as session:
            query = select(func.count()).select_from(CapacitySnapshot).where(CapacitySnapshot.client_seq == seq)
            assert session.exec(query.where(CapacitySnapshot.service_id == ours.service_id)).one() == 1
        assert len({version for version, _ in results}) == 1
        assert sum(not replayed for _, replayed in results) == 1


def _race(engine: Engine, who: Owned, seq: int, threads: int) -> list[tuple[int, bool]]:
    draft = state_of(who.service_id, 0, report(), windows(report(), utcnow()), utcnow())
    start = threading.Barrier(threads)

    def retry(_: int) -> tuple[int, bool]:
        start.wait()
        state, replayed = record(engine, who.provider_id, draft, seq)
        return state.version, replayed

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(retry, range(threads)))

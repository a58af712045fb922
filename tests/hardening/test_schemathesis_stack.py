"""Issue 14: the schema fuzzer also runs against the deployed backends, `one111 serve` on PostgreSQL and Redis,
where text reaches PostgreSQL (NUL, overlong values) and the board and limits live in Redis. The cases,
the checks and the callers are tests/web/test_schemathesis.py's; fewer examples, as that file covers SQLite."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.hardening.conftest import Stack
from tests.support.auth import bearer, chat_token, provider_token, staff_token
from tests.web.test_schemathesis import CHECKS, EXAMPLE_PROVIDER, OPERATIONS, STAFF, caller, cases

EXAMPLES = 6
POSTGRES = [pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(scope="module")
def credentials(stack: Stack) -> dict[str, dict[str, str]]:
    tokens = {role.value: staff_token(stack.database_url, role) for role in STAFF}
    tokens["provider"] = provider_token(stack.database_url, EXAMPLE_PROVIDER)
    tokens["patient"] = chat_token(stack.live.url)
    return {role: bearer(token) for role, token in tokens.items()}


# Untraced here (no_cover): this process only makes requests and checks answers; the server that answers is measured.
@pytest.mark.no_cover
@pytest.mark.parametrize("stack", POSTGRES, indirect=True)
@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_operation_answers_as_documented_on_postgres_and_redis(
    path: str, method: str, stack: Stack, credentials: dict[str, dict[str, str]]
) -> None:
    headers = caller(path, method, credentials)

    @given(case=cases(path, method))
    @settings(
        max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def answers(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(base_url=stack.live.url, headers=headers, checks=CHECKS, timeout=30)

    answers()

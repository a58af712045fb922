"""`make test` writes pytest's cache of rewritten test modules before its workers start (tests/support/
rewrite_cache.py): what it writes is what pytest reads, with pytest's assert messages, for every module collected."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.assertion import rewrite

from tests.support import rewrite_cache

SAMPLE = "def check():\n    seen = [1, 2]\n    assert seen == [1, 3]\n"


def test_the_cache_holds_the_rewritten_module_pytest_reads(tmp_path: Path) -> None:
    module = tmp_path / "test_sample.py"
    module.write_text(SAMPLE)
    assert rewrite_cache.write(module)
    code = rewrite._read_pyc(module, rewrite_cache.cached(module))
    assert code is not None
    namespace: dict[str, object] = {}
    exec(code, namespace)  # the module written just above
    with pytest.raises(AssertionError) as failed:
        namespace["check"]()  # type: ignore[operator]
    assert "assert [1, 2] == [1, 3]" in str(failed.value)  # pytest's own explanation, not a bare AssertionError


def test_an_up_to_date_module_is_left_and_a_changed_one_rewritten(tmp_path: Path) -> None:
    module = tmp_path / "conftest.py"
    module.write_text(SAMPLE)
    assert rewrite_cache.write(module)
    assert not rewrite_cache.write(module)
    module.write_text(SAMPLE.replace("[1, 3]", "[1, 4]"))
    assert rewrite_cache.write(module)


def test_every_module_the_suite_collects_is_cached(request: pytest.FixtureRequest) -> None:
    collected = {item.path for item in request.session.items}
    assert collected - set(rewrite_cache.modules()) == set()

"""Shared browser fixtures: one chromium per test module, a fresh page (own cookies) per test, and servers that run
without coverage (`LiveServer(measured=False)`).

The pages' servers run untraced: what a page asks of them (the pages, the API, the sockets) is measured by the
in-process and single-worker server tests, and tracing them cost about a third of these tests' CPU (a traced start
alone is ~3 s of CPU against ~2 s).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.support.browser import launch, open_page
from tests.support.server import LiveServer

VIEWPORT = ViewportSize(width=1300, height=1000)
# Two cores shared by a whole test run: a page may take a few seconds to show what a server sent.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch() as running:
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new browser context and page; a JavaScript error on the page fails the test."""
    with open_page(browser, VIEWPORT) as fresh:
        yield fresh


@pytest.fixture(scope="module")
def module_server(tmp_path_factory: pytest.TempPathFactory, module_sqlite_url: str) -> Iterator[LiveServer]:
    """tests/conftest.py's module_server, untraced (see above)."""
    live = LiveServer({"DATABASE_URL": module_sqlite_url}, tmp_path_factory.mktemp("server"), measured=False).start()
    yield live
    live.stop()

"""Shared browser fixtures: one chromium per test module, a fresh page (own cookies) per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.support.browser import launch, open_page

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

"""A real browser for the page tests: Debian's chromium (installed by `make browsers`) driven by Playwright.

Playwright's own browser download does not work here, so the tests launch the system chromium by path.
Accessibility is checked in the page itself by axe-core (vendored in tests/support/vendor, MPL-2.0).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from tests.support.services import absent

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Closed network: without these chromium keeps trying to reach Google's hosts at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = ("serious", "critical")


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        absent("chromium", "Debian's chromium is not installed", "run `make browsers` to run these tests")
    return path


@contextmanager
def launch() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(browser: Browser, viewport: ViewportSize, base_url: str | None = None) -> Iterator[Page]:
    """A page in a fresh context (its own cookies and storage); a JavaScript error on it fails the test."""
    context = browser.new_context(viewport=viewport, base_url=base_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def accessibility_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules)."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    return [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def assert_accessible(page: Page) -> None:
    violations = accessibility_violations(page)
    summary = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations]
    assert not violations, "axe-core found accessibility problems:\n" + "\n".join(summary)


def screenshot(page: Page, name: str) -> None:
    """Still render the screen on every run (a page that cannot be drawn fails), but only replace the README's
    pictures in docs/screenshots when asked (`make screenshots`), so `make test` leaves the tree clean."""
    image = page.screenshot(full_page=True)
    if os.environ.get("ONE111_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / f"{name}.png").write_bytes(image)

"""No page's form can send what it holds in a URL. The console's forms are sent by its script; a click before the
script ran fell back to the browser's default, a GET to /console?text=...&age=..., which put the caller's words in
the address bar, the history and the log of any proxy in front of us (seen in a browser test on a loaded machine)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


class Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.forms.append(dict(attrs))


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.html")), ids=lambda path: path.name)
def test_every_form_that_can_be_sent_is_sent_as_a_post(template: Path) -> None:
    parsed = Forms()
    parsed.feed(template.read_text())

    # a form hidden until its script shows it cannot be sent before the script runs
    visible = [form for form in parsed.forms if "hidden" not in form]
    assert all((form.get("method") or "get").lower() == "post" for form in visible), [f.get("id") for f in visible]


def test_the_console_cannot_start_a_call_or_find_a_caller_before_its_script_runs() -> None:
    page = (TEMPLATES / "console.html").read_text()

    assert '<button type="submit" class="primary" id="start" disabled>' in page
    assert '<button type="submit" id="p-find" disabled>' in page

"""Every test the documents name (hazard log, security review, README, docs/) exists, so a control's proof
cannot silently disappear in a rename."""

from __future__ import annotations

import re

import pytest

from tests.support.server import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
REFERENCE = re.compile(r"(?<![\w/])(tests/[\w/]+\.py)(?:::(\w+))?")


def references() -> list[tuple[str, str, str | None]]:
    found = []
    for document in DOCUMENTS:
        for path, name in REFERENCE.findall(document.read_text()):
            found.append((document.relative_to(ROOT).as_posix(), path, name or None))
    return sorted(set(found), key=lambda ref: (ref[0], ref[1], ref[2] or ""))


def test_the_documents_name_tests() -> None:
    assert len(references()) > 100  # the hazard log alone names more; an empty scan would prove nothing


@pytest.mark.parametrize(("document", "path", "name"), references())
def test_a_named_test_exists(document: str, path: str, name: str | None) -> None:
    source = ROOT / path
    assert source.is_file(), f"{document} names {path}, which does not exist"
    if name is not None:
        assert re.search(rf"^(async )?def {name}\(", source.read_text(), re.M), f"{document} names {path}::{name}"

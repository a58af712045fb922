"""Enums are stored by their plain value and read back as the member; a value that is no member is refused both ways."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import sqlite

from models.types import StrEnumType
from models.vocabulary import ServiceType

COLUMN = StrEnumType(ServiceType)
DIALECT = sqlite.dialect()


def test_a_member_or_its_value_is_stored_as_a_plain_string() -> None:
    for given in (ServiceType.COMMUNITY_PHARMACY, "COMMUNITY_PHARMACY"):
        stored = COLUMN.process_bind_param(given, DIALECT)
        assert stored == "COMMUNITY_PHARMACY" and type(stored) is str


def test_a_stored_value_is_read_as_the_member() -> None:
    assert COLUMN.process_result_value("COMMUNITY_PHARMACY", DIALECT) is ServiceType.COMMUNITY_PHARMACY
    assert COLUMN.process_result_value(None, DIALECT) is None


def test_a_value_that_is_no_member_is_refused_both_ways() -> None:
    with pytest.raises(ValueError, match="CHEMIST"):
        COLUMN.process_bind_param("CHEMIST", DIALECT)
    with pytest.raises(ValueError, match="CHEMIST"):
        COLUMN.process_result_value("CHEMIST", DIALECT)

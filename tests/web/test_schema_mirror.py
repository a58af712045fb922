"""A response mirrored from a domain dataclass has the dataclass's fields, in its order, with their types and
defaults, and the descriptions the schema adds; a description for a field the dataclass lacks is refused."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from models.notify_tables import MessageKind, MessageState
from notify.views import NeedsAction, Sent
from web.api.schemas.mirror import mirrors
from web.api.schemas.notify import NeedsActionOut, NotificationOut
from web.api.schemas.routing import Out


@dataclasses.dataclass(frozen=True)
class Thing:
    name: str
    count: int = 2
    tags: list[str] = dataclasses.field(default_factory=list)


@mirrors(Thing, count="How many")
class ThingOut(Out):
    """A thing."""


def test_the_response_has_the_domain_fields_in_order_with_their_defaults_and_descriptions() -> None:
    assert list(ThingOut.model_fields) == ["name", "count", "tags"]
    schema = ThingOut.model_json_schema()
    assert (schema["title"], schema["description"], schema["required"]) == ("ThingOut", "A thing.", ["name"])
    count = {"title": "Count", "type": "integer", "default": 2, "description": "How many"}
    assert schema["properties"]["count"] == count
    assert ThingOut.of(Thing("x")).model_dump() == {"name": "x", "count": 2, "tags": []}


def test_notify_responses_name_every_field_of_notify_views_and_nothing_else() -> None:
    for out, domain in ((NotificationOut, Sent), (NeedsActionOut, NeedsAction)):
        assert list(out.model_fields) == [f.name for f in dataclasses.fields(domain)]
    now = datetime.now(UTC)
    sent = Sent("m", "b", MessageKind.CONFIRMED, MessageState.SENT, "embedded", 1, now, now, now, None, "a@b", "hi")
    assert NotificationOut.of(sent).model_dump() == dataclasses.asdict(sent)


def test_a_description_for_a_field_the_domain_lacks_is_refused() -> None:
    with pytest.raises(TypeError, match="Thing has no field colour"):
        mirrors(Thing, colour="red")

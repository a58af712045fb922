"""Responses built from the domain's own dataclasses, so a field is named and typed once, in the domain: the
schema class says only how the API documents it (its name, docstring and the descriptions of some fields)."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import Field, create_model

from web.api.schemas.routing import Out

M = TypeVar("M", bound=Out)


def mirrors(domain: type, **described: str) -> Callable[[type[M]], type[M]]:
    """A class decorator: the response gets every field of the dataclass `domain`, in its order and with its type
    and default; `described` names fields with their OpenAPI description (a name it lacks is a TypeError)."""
    fields = dataclasses.fields(domain)
    unknown = sorted(set(described) - {f.name for f in fields})
    if unknown:
        raise TypeError(f"{domain.__name__} has no field {', '.join(unknown)}")
    hints = typing.get_type_hints(domain)

    def build(cls: type[M]) -> type[M]:
        spec = {f.name: (hints[f.name], _field(f, described.get(f.name))) for f in fields}
        return _model(cls, spec)

    return build


def _field(source: dataclasses.Field[Any], description: str | None) -> Any:
    if source.default_factory is not dataclasses.MISSING:
        return Field(default_factory=source.default_factory, description=description)
    default = ... if source.default is dataclasses.MISSING else source.default
    return Field(default, description=description)


def _model(cls: type[M], spec: dict[str, Any]) -> type[M]:
    # The declared class is the base, so its methods and config carry over; the name stays the OpenAPI's.
    return create_model(
        cls.__name__,
        __base__=cls,
        __module__=cls.__module__,
        __qualname__=cls.__qualname__,
        __doc__=cls.__doc__,
        **spec,
    )

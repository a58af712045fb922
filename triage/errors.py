"""The triage domain's expected failures; each carries a sentence a person understands."""

from __future__ import annotations

from models.errors import DomainError, Unavailable


class InvalidReport(DomainError):
    """A report that cannot be triaged as given; `field` names the offending field (dotted path)."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(f"{field}: {detail}")
        self.field = field


class ModelUnavailable(Unavailable):
    """No usable trained model: missing, corrupt, tampered with, or built by other library versions.

    A subclass of `models.errors.Unavailable` (503): the service cannot triage until an operator ships or
    retrains the artifact (`one111 triage train`); it must never fall back to a guess.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(detail, retry_after_s=60)


class ArtifactMismatch(ModelUnavailable):
    """The stored model does not match this code or these library versions, so it is refused."""


class ArtifactMissing(ModelUnavailable):
    """No trained model was found where one was expected."""

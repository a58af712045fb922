"""Who is calling: a role and a subject, the string every audit row and owned record carries as its actor."""

from __future__ import annotations

from dataclasses import dataclass

from identity.errors import NotYours
from models.vocabulary import Role


@dataclass(frozen=True, slots=True)
class Principal:
    role: Role
    subject: str  # "call_handler:jo", "provider:RXX", "patient:<chat session id>"
    username: str | None = None
    provider_id: str | None = None
    chat_session_id: str | None = None
    credential_id: int | None = None  # the provider token's id, so a long-lived socket can re-check revocation
    via: str = "bearer"  # or "cookie": only cookie-authenticated changes need the CSRF token
    csrf_token: str | None = None

    @classmethod
    def staff(cls, role: Role, username: str, via: str = "bearer", csrf_token: str | None = None) -> Principal:
        return cls(role, f"{role.value}:{username}", username=username, via=via, csrf_token=csrf_token)

    @classmethod
    def provider(cls, provider_id: str, token_id: int) -> Principal:
        return cls(Role.PROVIDER, f"provider:{provider_id}", provider_id=provider_id, credential_id=token_id)

    @classmethod
    def patient(cls, chat_session_id: str) -> Principal:
        return cls(Role.PATIENT, f"patient:{chat_session_id}", chat_session_id=chat_session_id)


def check_owner(who: Principal, actor: str, what: str) -> None:
    """Staff see every record; a patient session only the ones it made (its subject is their actor)."""
    if who.role is Role.PATIENT and actor != who.subject:
        raise NotYours(f"This {what} belongs to another conversation.")

"""Provider credentials: 256-bit random tokens, shown once, stored only as their SHA-256."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from identity.cache import Credential, hashed_key, provider_owner
from identity.errors import InvalidToken
from identity.keys import digest
from identity.principal import Principal
from models.audit import record
from models.database import session_scope
from models.errors import Conflict, NotFound
from models.tables import Provider, ProviderToken, Service
from models.types import utcnow

KIND = "provider-token"


@dataclass(frozen=True, slots=True)
class ProviderIdentity:
    provider_id: str
    token_id: int


def token_hash(token: str) -> str:
    return digest(token)


def issue_token(engine: Engine, provider_id: str, label: str = "") -> str:
    """A new token for the provider; the caller must show it now, as it cannot be recovered."""
    token = secrets.token_urlsafe(32)
    with session_scope(engine) as session:
        if session.get(Provider, provider_id) is None:
            raise NotFound(f"There is no provider with id {provider_id!r}.")
        session.add(ProviderToken(provider_id=provider_id, token_hash=token_hash(token), label=label[:100]))
    return token


def create_provider(engine: Engine, provider_id: str, name: str) -> None:
    """A new provider organisation; its services come from the directory import or a later update."""
    with session_scope(engine) as session:
        if session.get(Provider, provider_id) is not None:
            raise Conflict(f"There is already a provider with id {provider_id!r}: use `providers token`.")
        session.add(Provider(id=provider_id, name=name[:200]))


def authenticate(session: Session, token: str | None) -> Credential:
    if not token:
        raise InvalidToken("A provider token is required: send `Authorization: Bearer <token>`.")
    row = session.exec(select(ProviderToken).where(ProviderToken.token_hash == token_hash(token))).first()
    if row is None or row.revoked_at is not None or row.id is None:
        raise InvalidToken("The provider token is not valid (wrong, or revoked). Ask for a new one.")
    return Credential(Principal.provider(row.provider_id, row.id), provider_owner(row.provider_id))


def revoke_tokens(engine: Engine, provider_id: str, label: str | None = None, actor: str = "system") -> list[str]:
    """Revoke the provider's live tokens (only those with `label`, if given); the cache keys of the revoked ones."""
    with session_scope(engine) as session:
        if session.get(Provider, provider_id) is None:
            raise NotFound(f"There is no provider with id {provider_id!r}.")
        query = select(ProviderToken).where(
            ProviderToken.provider_id == provider_id, col(ProviderToken.revoked_at).is_(None)
        )
        rows = list(session.exec(query if label is None else query.where(ProviderToken.label == label)))
        for row in rows:
            row.revoked_at = utcnow()
            session.add(row)
        record(session, actor, "provider.tokens_revoked", ("provider", provider_id), {"count": len(rows)})
        return [hashed_key(KIND, row.token_hash) for row in rows]


def bearer(header: str | None) -> str | None:
    scheme, _, token = (header or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def provider_services(session: Session, provider_id: str) -> list[str]:
    query = select(Service.id).where(Service.provider_id == provider_id, col(Service.active))
    return list(session.exec(query.order_by(col(Service.id))))


def is_active(session: Session, identity: ProviderIdentity) -> bool:
    """Whether the token is still unrevoked: a long-lived connection asks again before each frame."""
    row = session.get(ProviderToken, identity.token_id)
    return row is not None and row.revoked_at is None

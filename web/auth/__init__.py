"""Who may call what. Every HTTP route and websocket declares its roles here, in one visible way.

A route that declares no roles fails tests/web/test_roles.py, which also tries every other role on it.

HTTP routes take the caller as a parameter (or list the gate in `dependencies=[...]`)::

    who: Annotated[Principal, allow(Role.CALL_HANDLER, Role.CLINICIAN, Role.ADMIN, Role.PATIENT)]
    @router.get("/healthz", dependencies=[public()])

`document(app)` (called by create_app) copies each route's roles into its OpenAPI operation as
`x-one111-roles` (a list of role values, or ["public"]) and adds the 401/403 problem+json responses.
Websockets declare theirs with `websocket_roles(path, *roles)` (kept in WEBSOCKET_ROLES) and call
`admit(websocket, roles)` after accepting.

Credentials, all resolved by `identify()`:
- `Authorization: Bearer o1s_...`  staff API token (`one111 users create`), role from the user;
- `Authorization: Bearer o1c_...`  patient chat token (`POST /v1/chat/sessions`), role `patient`;
- `Authorization: Bearer <other>`  provider token (`one111 providers token|create`), role `provider`;
- cookie `one111_session` (POST /auth/login): staff; unsafe methods must send header `X-CSRF-Token`
  (or form field `csrf_token`) equal to cookie `one111_csrf` / `GET /auth/me`'s `csrf_token`.
`Principal` (identity.principal): role: Role, subject: str (the actor written on records and audit events:
"call_handler:jo", "provider:RR8", "patient:<chat id>"), username, provider_id, chat_session_id, via
("bearer" | "cookie"), csrf_token. `check_owner(who, record.actor, "booking")` raises NotYours (403) when a
patient touches a record it did not make; staff pass.

Each worker remembers accepted credentials (identity.cache, keyed by the secret's SHA-256) for
ONE111_CREDENTIAL_CACHE_SECONDS; whatever revokes one sends the notice (web.revocations) that makes every
worker forget it within a second.

No credentials -> 401 `unauthenticated` (WWW-Authenticate: Bearer); a provider token that is wrong or
revoked -> 401 `invalid-token`; wrong role -> 403 `forbidden`; another patient session's record ->
403 `not-yours`; missing or wrong CSRF token -> 403 `csrf-rejected`.
"""

from __future__ import annotations

from identity.principal import Principal
from web.auth.gate import (
    PUBLIC,
    STAFF,
    WEBSOCKET_ROLES,
    allow,
    document,
    public,
    websocket_roles,
)
from web.auth.resolve import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, current_principal, identify
from web.auth.sockets import admit

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "PUBLIC",
    "SESSION_COOKIE",
    "STAFF",
    "WEBSOCKET_ROLES",
    "Principal",
    "admit",
    "allow",
    "current_principal",
    "document",
    "identify",
    "public",
    "websocket_roles",
]

"""Staff users: create, check a password, and the demo users of the embedded setup."""

from __future__ import annotations

import re
import secrets

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from identity.cache import user_owner
from identity.errors import InvalidUsername, Unauthenticated, UsernameTaken
from identity.passwords import MAX_LENGTH, MIN_LENGTH, check_password, hash_password
from models.audit import record
from models.database import session_scope
from models.errors import NotFound
from models.identity_tables import StaffUser
from models.vocabulary import USER_ROLES, Role

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
# Documented in the README; created only on the embedded SQLite database by `one111 users demo`.
DEMO_USERS: dict[str, tuple[Role, str]] = {
    "handler": (Role.CALL_HANDLER, "handler-demo-password"),
    "clinician": (Role.CLINICIAN, "clinician-demo-password"),
    "admin": (Role.ADMIN, "admin-demo-password"),
    "lead": (Role.LEAD, "lead-demo-password"),
}


def new_password() -> str:
    return secrets.token_urlsafe(18)


def create_user(engine: Engine, username: str, role: Role, password: str, actor: str = "system") -> StaffUser:
    try:
        with session_scope(engine) as session:
            return add_user(session, username, role, password, actor)
    except IntegrityError:
        raise UsernameTaken(f"There is already a user called {username!r}.") from None


def add_user(session: Session, username: str, role: Role, password: str, actor: str = "system") -> StaffUser:
    """Check and add a user in the caller's transaction (the caller commits)."""
    if not USERNAME.match(username):
        raise InvalidUsername("A username is 2 to 40 characters: lower-case letters, digits, '.', '-' or '_'.")
    if role not in USER_ROLES:
        raise InvalidUsername(f"User roles are {', '.join(sorted(USER_ROLES))}; providers use `providers token`.")
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise InvalidUsername(f"A password is {MIN_LENGTH} to {MAX_LENGTH} characters long.")
    user = StaffUser(username=username, password_hash=hash_password(password), role=role)
    record(session, actor, "user.created", ("user", username), {"role": role.value})
    session.add(user)
    session.flush()
    session.refresh(user)
    return user


def user_named(session: Session, username: str) -> StaffUser | None:
    return session.exec(select(StaffUser).where(StaffUser.username == username)).first()


def login(engine: Engine, username: str, password: str) -> StaffUser:
    """The user if the password is right and the account enabled; every attempt leaves an audit event."""
    with session_scope(engine) as session:
        user = user_named(session, username[:40])
        ok = check_password(user.password_hash if user else None, password)
        if user is None or not ok or user.disabled:
            record(session, "anonymous", "auth.login_failed", ("user", username[:40]), {})
            failed = True
        else:
            record(session, f"{user.role.value}:{user.username}", "auth.login", ("user", user.username), {})
            failed = False
    if failed or user is None:
        raise Unauthenticated("Wrong username or password.")
    return user


def ensure_demo_users(engine: Engine) -> list[str]:
    """Create whichever demo users are missing; the names created."""
    with session_scope(engine) as session:
        missing = [name for name in DEMO_USERS if user_named(session, name) is None]
        for username in missing:
            role, password = DEMO_USERS[username]
            add_user(session, username, role, password)
    return missing


def disable_user(engine: Engine, username: str, actor: str = "system") -> list[str]:
    """Lock a staff user out: the database refuses their tokens and sessions from now on.

    Returns the cache owner every worker must forget (sending the notice is the caller's job)."""
    with session_scope(engine) as session:
        user = user_named(session, username)
        if user is None:
            raise NotFound(f"There is no user called {username!r}.")
        record(session, actor, "user.disabled", ("user", username), {})
        user.disabled = True
        session.add(user)
    return [user_owner(username)]

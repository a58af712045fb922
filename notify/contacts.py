"""How to reach a patient about a booking: the email and mobile they gave, and whether they agreed to be contacted.

Today a booking carries its own contact, sealed at rest: given with the booking (keyed by its hold) or in the chat
(keyed by the chat's triage record, as the chat's hold is made later); a moved booking reaches it through the
booking it replaces. A `ContactSource` is the one seam for a source: the default, `booking_or_record_contact`,
falls back to the patient record's contact (patients.records.contact_for) when the booking belongs to a patient
(linked directly or through its triage) and carried no contact of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models.audit import record
from models.crypto import Keyring
from models.database import session_scope
from models.notify_tables import BookingContact
from models.tables import Booking, Hold, TriageRecord
from models.types import utcnow
from notify.errors import BadContact
from patients.encounters import patient_of_booking
from patients.records import contact_for

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
UK_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")
MAX_CHAIN = 20  # a booking moved more often than this is looked after by a person, not followed further


@dataclass(frozen=True, slots=True)
class Contact:
    email: str | None = None
    mobile: str | None = None
    consent: bool = False

    @property
    def reachable(self) -> bool:
        return self.consent and bool(self.email or self.mobile)


def checked(email: str | None, mobile: str | None, consent: bool) -> Contact:
    """A contact with its mobile in +44 form; raises BadContact (naming the field, never echoing it)."""
    email = (email or "").strip() or None
    mobile = re.sub(r"[\s()-]", "", mobile or "") or None
    if email is not None and not EMAIL.match(email):
        raise BadContact("email: that does not look like an email address.")
    if mobile is not None and not UK_MOBILE.match(mobile):
        raise BadContact("mobile: give a UK mobile number, e.g. 07700 900123.")
    if mobile is not None:
        mobile = "+44" + mobile[-10:]
    return Contact(email, mobile, consent)


def keep(session: Session, keyring: Keyring, subject_id: str, contact: Contact) -> None:
    """Store (or replace) the contact given with a hold or a triage record, sealed; in the caller's transaction."""
    values = {
        "subject_id": subject_id,
        "email": keyring.seal(contact.email, "notify.email") if contact.email else None,
        "mobile": keyring.seal(contact.mobile, "notify.mobile") if contact.mobile else None,
        "consent": contact.consent,
        "created_at": utcnow(),
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(BookingContact).values(values)
    update = {k: statement.excluded[k] for k in ("email", "mobile", "consent")}
    session.execute(statement.on_conflict_do_update(index_elements=["subject_id"], set_=update))


def remember(engine: Engine, keyring: Keyring, hold_id: str, actor: str, contact: Contact) -> bool:
    """Keep the contact for the booking the caller's hold becomes (before it is confirmed, so its first message
    finds it); whether it was kept (not for a hold that is not the caller's: confirming it fails anyway)."""
    with session_scope(engine) as session:
        hold = session.get(Hold, hold_id)
        if hold is None or hold.actor != actor:
            return False
        keep(session, keyring, hold_id, contact)
        record(session, actor, "contact.given", ("hold", hold_id), {"consent": contact.consent})
        return True


def remember_for_triage(engine: Engine, keyring: Keyring, triage_id: str, actor: str, contact: Contact) -> bool:
    """The chat's contact, given with its choice of service: kept for whatever booking the triage gets."""
    with session_scope(engine) as session:
        triage = session.get(TriageRecord, triage_id)
        if triage is None or triage.actor != actor:
            return False
        keep(session, keyring, triage_id, contact)
        record(session, actor, "contact.given", ("triage", triage_id), {"consent": contact.consent})
        return True


class ContactSource(Protocol):
    def __call__(self, session: Session, keyring: Keyring, booking: Booking) -> Contact | None: ...


def booking_contact(session: Session, keyring: Keyring, booking: Booking) -> Contact | None:
    """The contact given with this booking, or with the booking it replaced, and so on back."""
    current: Booking | None = booking
    for _ in range(MAX_CHAIN):
        if current is None:
            return None
        keys = [key for key in (current.hold_id, current.triage_id) if key]  # the hold's contact first
        query = select(BookingContact).where(col(BookingContact.subject_id).in_(keys))
        rows = {row.subject_id: row for row in session.exec(query).all()} if keys else {}
        given = next((rows[key] for key in keys if key in rows), None)
        if given is not None:
            return _opened(keyring, given)
        current = session.get(Booking, current.replaces_id) if current.replaces_id else None
    return None


def record_contact(session: Session, keyring: Keyring, booking: Booking) -> Contact | None:
    """The patient record's email and mobile, for a booking that belongs to a patient. The record holds contact
    details the patient gave to be reached about their care (on a call, or in a chat "so that the booking
    confirmation and any change reach them"), so holding them is the consent; withdrawing it is correcting the
    record. A phone that is not a UK mobile cannot take a text and is left out."""
    patient_id = patient_of_booking(session, booking)
    if patient_id is None:
        return None
    given = contact_for(session, keyring, patient_id)
    mobile = re.sub(r"[\s()-]", "", given["phone"] or "")
    mobile_ok = bool(UK_MOBILE.match(mobile))
    email_ok = given["email"] is not None and bool(EMAIL.match(given["email"]))
    if not (mobile_ok or email_ok):
        return None
    return checked(given["email"] if email_ok else None, mobile if mobile_ok else None, consent=True)


def booking_or_record_contact(session: Session, keyring: Keyring, booking: Booking) -> Contact | None:
    """The booking's own contact when it carried one (its consent answer stands, a "no" included); else the record's."""
    own = booking_contact(session, keyring, booking)
    return own if own is not None else record_contact(session, keyring, booking)


def _opened(keyring: Keyring, row: BookingContact) -> Contact:
    email = keyring.open(row.email, "notify.email") if row.email else None
    mobile = keyring.open(row.mobile, "notify.mobile") if row.mobile else None
    return Contact(email, mobile, row.consent)

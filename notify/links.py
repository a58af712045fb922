"""The patient's link: a booking id and an expiry, signed, so the patient can see, cancel or change the booking
without an account. Signed with the keyring's lookup key (HMAC-SHA256 in its own context): no new secret to keep.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from models.crypto import Keyring
from notify.errors import BadLink, LinkExpired

CONTEXT = "notify.link"
LIFETIME = timedelta(days=14)


def token(keyring: Keyring, booking_id: str, expires: datetime) -> str:
    stamp = str(int(expires.timestamp()))
    return f"{booking_id}.{stamp}.{_signature(keyring, booking_id, stamp)}"


def booking_of(keyring: Keyring, link_token: str, now: datetime) -> str:
    """The booking id a link names; raises BadLink or LinkExpired."""
    booking_id, _, rest = link_token.partition(".")
    stamp, _, signature = rest.partition(".")
    if not (booking_id and stamp.isdigit() and signature):
        raise BadLink("This link is not complete: use the whole link from your message.")
    if not hmac.compare_digest(signature, _signature(keyring, booking_id, stamp)):
        raise BadLink("This link is not valid: use the whole link from your message.")
    if int(stamp) <= now.timestamp():
        raise LinkExpired("This link has expired. Call 111 if you need help with this booking.")
    return booking_id


def _signature(keyring: Keyring, booking_id: str, stamp: str) -> str:
    return keyring.digest(f"{booking_id}|{stamp}", CONTEXT)[:32]

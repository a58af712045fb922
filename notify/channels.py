"""Where messages go. Each channel sends one envelope and answers with its own id for it, or raises
DeliveryFailed saying whether a retry may succeed. The message text is never put in an exception or a log.

- embedded (the default): nothing leaves the machine; the message is kept, sealed, in the outbox for the console.
- smtp: email through an SMTP server (stdlib smtplib; STARTTLS and login when configured).
- govuk_notify: email or SMS through GOV.UK Notify with its official client, on a template whose body is
  `((body))` and subject `((subject))`, so the words stay ours and versioned here.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from notify.contacts import Contact


class DeliveryFailed(Exception):
    """A send that did not happen. `retry`: a later attempt may succeed. `code` is safe to store and show."""

    def __init__(self, code: str, retry: bool) -> None:
        super().__init__(code)
        self.code = code[:200]
        self.retry = retry


class Unreachable(DeliveryFailed):
    """This channel cannot reach this contact (an SMS-only contact on email, say)."""

    def __init__(self, code: str) -> None:
        super().__init__(code, retry=False)


@dataclass(frozen=True, slots=True)
class Envelope:
    message_id: str
    contact: Contact
    subject: str
    body: str


class Channel(Protocol):
    @property
    def name(self) -> str: ...

    def send(self, envelope: Envelope) -> str: ...


class Embedded:
    """Keeps the message in the database only: the console shows it; nothing leaves the machine."""

    name = "embedded"

    def send(self, envelope: Envelope) -> str:
        return f"embedded-{envelope.message_id}"


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout_s: float = 10.0
    name: str = "smtp"

    def send(self, envelope: Envelope) -> str:
        if not envelope.contact.email:
            raise Unreachable("smtp: no email address")
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.sender, envelope.contact.email, envelope.subject
        mail["Message-ID"] = f"<{envelope.message_id}@one111>"  # the same on a resend: the receiver can drop it
        mail.set_content(envelope.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(mail)
        except smtplib.SMTPResponseException as error:  # 5xx is final; 4xx is "try later"
            raise DeliveryFailed(f"smtp: {error.smtp_code}", retry=error.smtp_code < 500) from None
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryFailed(f"smtp: {type(error).__name__}", retry=True) from None
        return str(mail["Message-ID"])


class GovukNotify:
    """GOV.UK Notify: email when the patient gave an address, else SMS. Our message id is Notify's reference."""

    name = "govuk_notify"

    def __init__(self, api_key: str, email_template: str, sms_template: str, base_url: str, timeout_s: float = 10):
        # Imported here, not at the top: only a deployment that sends through Notify needs it, and it (with requests)
        # was ~0.1 CPU-s of every server's and command's start.
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout_s)  # type: ignore[no-untyped-call]
        self.email_template, self.sms_template = email_template, sms_template

    def send(self, envelope: Envelope) -> str:
        from notifications_python_client.errors import HTTPError  # loaded with the client (see __init__)

        contact, fields = envelope.contact, {"subject": envelope.subject, "body": envelope.body}
        try:
            if contact.email:
                answer = self.client.send_email_notification(  # type: ignore[no-untyped-call]
                    contact.email, self.email_template, personalisation=fields, reference=envelope.message_id
                )
            elif contact.mobile:
                answer = self.client.send_sms_notification(  # type: ignore[no-untyped-call]
                    contact.mobile, self.sms_template, personalisation=fields, reference=envelope.message_id
                )
            else:
                raise Unreachable("govuk_notify: no email address or mobile number")
        except HTTPError as error:  # 400/403 are ours to fix; 429, 5xx and no answer (the client says 503) pass
            status = int(error.status_code)
            raise DeliveryFailed(f"govuk_notify: {status}", retry=status == 429 or status >= 500) from None
        return str(answer["id"])

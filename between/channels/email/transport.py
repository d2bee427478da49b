"""Email out: automatic and typed replies, and crisis pages by email.

Replies are sent through Django's email backend (``settings.EMAIL_BACKEND``) with the
headers the decision built (From the address the client wrote to, Auto-Submitted,
In-Reply-To, References, our loop marker) and the null envelope sender (R26). SMTP reply
codes decide whether a failure is permanent (5xx: the address will not work) or
temporary (4xx, a dropped connection, a timeout: retried with backoff by the task).
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable

from django.conf import settings
from django.core.mail import BadHeaderError, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.crypto import salted_hmac

from between.channels.email.backend import EnvelopeEmailMessage
from between.core.email_rules import DEFAULT_LOOP_MARKER, REPLY_ENVELOPE_SENDER
from between.messaging.models import Outbound, Page
from between.messaging.transport import DeliveryError, register_pager, register_transport

CHANNEL = "email"
PAGE_SUBJECT = "Between: a message needs a clinician now"
PAGE_BODY = (
    "A message for {practice} needs a clinician now.\n\n"
    "Sign in to read it and mark it handled:\n{link}\n\n"
    "This notice holds no client information. Reply to nobody: this address is not read.\n"
)

_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")

ConnectionFactory = Callable[[], BaseEmailBackend]


def _connection() -> BaseEmailBackend:
    return get_connection(fail_silently=False)


def _scrub(text: object) -> str:
    """A server's words without any address in them (they end up on the message page)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return _ADDRESS.sub("<address>", " ".join(str(text).split()))[:200]


def _permanent(code: int) -> bool:
    return 500 <= code < 600


def send_email(message: EnvelopeEmailMessage, connection: BaseEmailBackend) -> None:
    """Send one message; raise DeliveryError marked permanent or temporary."""
    try:
        sent = connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _text in exc.recipients.values()]
        permanent = bool(codes) and all(_permanent(c) for c in codes)
        detail = ", ".join(str(c) for c in codes) or "no code"
        raise DeliveryError(f"recipient refused (SMTP {detail})", permanent=permanent) from None
    except smtplib.SMTPAuthenticationError as exc:
        # Our credentials, not the destination: an operator can fix it before retries end.
        raise DeliveryError(
            f"the mail server refused our sign-in (SMTP {exc.smtp_code})", permanent=False
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(
            f"SMTP {exc.smtp_code}: {_scrub(exc.smtp_error)}", permanent=_permanent(exc.smtp_code)
        ) from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        # Disconnected, refused, timed out, TLS failed: the server may be back later.
        raise DeliveryError(
            f"mail server unreachable ({type(exc).__name__})", permanent=False
        ) from None
    except (BadHeaderError, ValueError) as exc:
        # A header we built is unusable; sending it again will not help.
        raise DeliveryError(f"message refused before sending ({type(exc).__name__})",
                            permanent=True) from None  # fmt: skip
    if not sent:
        raise DeliveryError("the message had no recipient", permanent=True)


def stable_message_id(kind: str, pk: int, from_address: str) -> str:
    """The same Message-ID every time one reply or page is sent: a copy sent again after
    a worker died mid-send (send_claims) is folded into the first by mail clients. Keyed
    with the secret, so it says nothing of how many were sent."""
    tag = salted_hmac(f"between.message-id.{kind}", str(pk)).hexdigest()[:32]
    return f"<{tag}@{_domain(from_address)}>"


class EmailTransport:
    """The ``email`` transport of ``between.messaging.transport``."""

    def __init__(self, connection: ConnectionFactory = _connection) -> None:
        self._connection = connection

    def send(self, outbound: Outbound) -> str:
        headers = {str(k): str(v) for k, v in (outbound.headers or {}).items()}
        from_address = headers.pop("From", "") or settings.DEFAULT_FROM_EMAIL
        subject = headers.pop("Subject", "") or outbound.subject
        if not headers.get("Message-ID"):
            headers["Message-ID"] = stable_message_id("outbound", outbound.pk, from_address)
        message = EnvelopeEmailMessage(
            subject=subject,
            body=outbound.body,
            from_email=from_address,
            to=[outbound.to],
            headers=headers,  # To (with the sender's display name) overrides the bare one
            # Automatic replies: MAIL FROM:<> (R26). A typed reply is a person writing,
            # and its bounces should come back: its envelope sender is its From.
            envelope_sender=REPLY_ENVELOPE_SENDER if outbound.kind != "typed" else None,
        )
        send_email(message, self._connection())
        return headers["Message-ID"]


class EmailPager:
    """Pages a person by email with a sign-in link only: no client name, words or number."""

    def __init__(self, connection: ConnectionFactory = _connection) -> None:
        self._connection = connection

    def page(self, page: Page, link: str) -> str:
        if not page.email:
            raise DeliveryError("no email address for the person to page", permanent=True)
        from_address = settings.DEFAULT_FROM_EMAIL
        message_id = stable_message_id("page", page.pk, from_address)
        message = EnvelopeEmailMessage(
            subject=PAGE_SUBJECT,
            body=PAGE_BODY.format(practice=page.practice.name, link=link),
            from_email=from_address,
            to=[page.email],
            headers={
                "Message-ID": message_id,
                # A notice, not a conversation: no vacation responder should answer it.
                "Auto-Submitted": "auto-generated",
                "X-Auto-Response-Suppress": "All",
                DEFAULT_LOOP_MARKER: "page",
            },
        )
        send_email(message, self._connection())
        return message_id


def _domain(address: str) -> str:
    domain = address.rsplit("@", 1)[-1].strip(" >").lower()
    return domain or "localhost"


def register() -> None:
    register_transport(CHANNEL, EmailTransport)
    register_pager(CHANNEL, EmailPager)

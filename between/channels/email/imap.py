"""The IMAP poller: a practice's existing mailbox, read without losing or doubling mail.

For practices that keep their mailbox and let Between read it (``BETWEEN_IMAP_URL``).
A message is marked in the mailbox only after ``ingest`` has committed it, so a crash or
a database outage between fetching and storing leaves it unmarked, to be read again on
the next round; reading it twice changes nothing (its Message-ID is its dedupe key).

The mark is a keyword of our own (``$BetweenStored``) where the server allows custom
keywords, so people reading the same mailbox still see what is unread; servers without
them get ``\\Seen``. Mail for no practice's address is marked ``$BetweenUnrouted`` and
left in place. Where the server offers IDLE the poller waits for news instead of
polling on a timer (RFC 2177; re-issued well before the 29-minute limit).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    connections,
)
from django.utils import timezone
from imapclient import IMAPClient  # type: ignore[import-untyped]
from imapclient.exceptions import IMAPClientError  # type: ignore[import-untyped]

from between.channels.email.ingest import read_email
from between.core.pipeline.values import Inbound
from between.messaging.models import Endpoint
from between.messaging.pipeline import Ingested, ingest
from between.practices.models import Practice

log = logging.getLogger(__name__)

STORED = "$BetweenStored"
UNROUTED = "$BetweenUnrouted"
SEEN = "\\Seen"
BATCH = 25
IDLE_SECONDS = 10 * 60
POLL_SECONDS = 60
MAX_BACKOFF_SECONDS = 300
# Mail older than this is left alone: connecting a mailbox with years of unread mail
# must not file (and answer) all of it.
BACKLOG_DAYS = 7
TIMEOUT_SECONDS = 60


class MailboxURLError(ValueError):
    """``BETWEEN_IMAP_URL`` cannot be used. The message never contains the password."""


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    ssl: bool
    user: str
    password: str = dataclasses.field(repr=False)
    folder: str = "INBOX"

    @classmethod
    def from_url(cls, url: str) -> Mailbox:
        """``imaps://user:password@host:993/INBOX`` (``imap://`` for plain text)."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise MailboxURLError("BETWEEN_IMAP_URL is not a URL") from None
        if parts.scheme not in ("imap", "imaps"):
            raise MailboxURLError("BETWEEN_IMAP_URL must start with imaps:// or imap://")
        if not parts.hostname or parts.username is None or parts.password is None:
            raise MailboxURLError("BETWEEN_IMAP_URL needs a user, a password and a host")
        secure = parts.scheme == "imaps"
        return cls(
            host=parts.hostname,
            port=port or (993 if secure else 143),
            ssl=secure,
            user=unquote(parts.username),
            password=unquote(parts.password),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
        )


@dataclass
class Round:
    """What one pass over the mailbox did (counts only)."""

    stored: int = 0
    duplicates: int = 0
    unrouted: int = 0
    unreadable: int = 0

    @property
    def seen(self) -> int:
        return self.stored + self.duplicates + self.unrouted + self.unreadable


def _batches(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


class Poller:
    def __init__(
        self,
        mailbox: Mailbox,
        *,
        practice: Practice | None = None,
        poll_seconds: float = POLL_SECONDS,
        idle_seconds: float = IDLE_SECONDS,
        clock: Callable[[], datetime] = timezone.now,
    ) -> None:
        self.mailbox = mailbox
        self.practice = practice
        self.poll_seconds = poll_seconds
        self.idle_seconds = idle_seconds
        self.clock = clock
        self.use_keywords = True

    # -- the connection ----------------------------------------------------------------

    def connect(self) -> IMAPClient:
        box = self.mailbox
        client = IMAPClient(box.host, port=box.port, ssl=box.ssl, timeout=TIMEOUT_SECONDS)
        client.normalise_times = False  # aware INTERNALDATEs
        client.login(box.user, box.password)
        info = client.select_folder(box.folder)
        permanent = {bytes(f) for f in info.get(b"PERMANENTFLAGS", ())}
        self.use_keywords = b"\\*" in permanent
        return client

    @staticmethod
    def close(client: IMAPClient) -> None:
        with contextlib.suppress(IMAPClientError, OSError):
            client.logout()

    # -- one round ---------------------------------------------------------------------

    def criteria(self) -> list[Any]:
        since = (self.clock() - timedelta(days=BACKLOG_DAYS)).date()
        if self.use_keywords:
            return ["NOT", "KEYWORD", STORED, "NOT", "KEYWORD", UNROUTED, "SINCE", since]
        return ["UNSEEN", "SINCE", since]

    def poll_once(self, client: IMAPClient) -> Round:
        """Store every unmarked message, marking each one after its commit.

        A database error stops the round and propagates: the message being stored and
        those after it stay unmarked and are read again next time.
        """
        done = Round()
        uids = sorted(client.search(self.criteria()))
        for chunk in _batches(uids, BATCH):
            fetched = client.fetch(chunk, ["BODY.PEEK[]", "INTERNALDATE"])
            for uid in chunk:
                data = fetched.get(uid) or {}
                raw = data.get(b"BODY[]")
                if not isinstance(raw, bytes):
                    done.unreadable += 1  # expunged meanwhile, or an odd server reply
                    continue
                result = self.store(raw, data.get(b"INTERNALDATE"))
                if result is None:
                    done.unrouted += 1
                    if self.use_keywords:
                        client.add_flags([uid], [UNROUTED], silent=True)
                    continue
                # The commit is done (store() refuses to run inside a transaction), so
                # marking now cannot announce a message the database does not hold.
                client.add_flags([uid], [STORED if self.use_keywords else SEEN], silent=True)
                if result.created:
                    done.stored += 1
                else:
                    done.duplicates += 1
        if done.seen:
            log.info(
                "imap: %s stored, %s already stored, %s for no practice, %s unreadable",
                done.stored,
                done.duplicates,
                done.unrouted,
                done.unreadable,
            )
        return done

    def store(self, raw: bytes, internal_date: object = None) -> Ingested | None:
        if connection.in_atomic_block:
            raise RuntimeError("the poller must not run inside a transaction: marks follow commits")
        close_old_connections()
        found = read_email(
            raw,
            envelope_sender=return_path(raw),
            rcpt_to=(),
            received_at=_arrival(internal_date, self.clock()),
        )
        addressed = self._addressed(found.inbound)
        if addressed is None:
            return None
        return ingest(addressed, self.practice, extra_flags=found.flags)

    def _addressed(self, inbound: Inbound) -> Inbound | None:
        """Keep only our own addresses among the recipients (the rest stay in the raw).

        Without an envelope the addressee headers say who the mail was for; the other
        people on them are not ours to keep in the clear.
        """
        rows = Endpoint.objects.filter(kind="email", address__in=list(inbound.recipients))
        if self.practice is not None:
            rows = rows.filter(practice=self.practice)
        ours = set(rows.values_list("address", flat=True))
        recipients = tuple(r for r in inbound.recipients if r in ours)
        if not recipients and self.practice is None:
            return None
        if not recipients and "@" in self.mailbox.user:
            recipients = (self.mailbox.user.lower(),)
        return dataclasses.replace(inbound, recipients=recipients)

    # -- forever -----------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Poll until ``stop`` is set; reconnect with backoff after any failure."""
        try:
            self._run(stop)
        finally:
            connections.close_all()  # this thread's; a stopped poller holds none open

    def _run(self, stop: threading.Event) -> None:
        backoff = 1.0
        while not stop.is_set():
            client: IMAPClient | None = None
            try:
                client = self.connect()
                idle = b"IDLE" in client.capabilities()
                log.info("imap: connected (%s)", "IDLE" if idle else "polling")
                backoff = 1.0
                while not stop.is_set():
                    self.poll_once(client)
                    if idle:
                        self._idle(client, stop)
                    else:
                        stop.wait(self.poll_seconds)
            except (TimeoutError, IMAPClientError, OSError) as exc:
                log.warning("imap: connection failed (%s); retrying", type(exc).__name__)
            except (OperationalError, InterfaceError) as exc:
                log.warning("imap: database unavailable (%s); retrying", type(exc).__name__)
            finally:
                if client is not None:
                    self.close(client)
            if not stop.is_set():
                stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    def _idle(self, client: IMAPClient, stop: threading.Event) -> None:
        """Wait for the server to announce news, for at most ``idle_seconds``."""
        client.idle()
        try:
            deadline = time.monotonic() + self.idle_seconds
            while not stop.is_set() and time.monotonic() < deadline:
                # Short checks so a stop request is seen within a second.
                if client.idle_check(timeout=1):
                    break
        finally:
            client.idle_done()


def return_path(raw: bytes) -> str | None:
    """The envelope sender as the delivering server recorded it (RFC 5321 §4.4).

    A mailbox has no envelope; the final delivery writes MAIL FROM into Return-Path at
    the top. "" is the null sender; None (no Return-Path) means unknown, and an unknown
    sender is never auto-answered (reference rule R3).
    """
    from between.core.email_rules import read_headers

    values = read_headers(raw).all("return-path")
    if not values:
        return None
    text = values[0].strip()
    if text.startswith("<") and ">" in text:
        text = text[1 : text.index(">")]
    return text.strip()


def _arrival(internal_date: object, now: datetime) -> datetime:
    """When the mailbox received it (the due time counts from then), never later than now."""
    if isinstance(internal_date, datetime) and internal_date.tzinfo is not None:
        return min(internal_date, now)
    return now


def from_settings(practice: Practice | None = None, **kwargs: Any) -> Poller:
    from django.conf import settings

    url = settings.BETWEEN_IMAP_URL
    if not url:
        raise MailboxURLError("BETWEEN_IMAP_URL is not set")
    return Poller(Mailbox.from_url(url), practice=practice, **kwargs)

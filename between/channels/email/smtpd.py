"""The SMTP listener: mail for a practice's addresses, stored before it is acknowledged.

The promise to a sending server is the one SMTP makes: 250 means we have it. So the
reply to DATA waits for ``ingest`` to commit the message (in a worker thread; the
database is synchronous), and a database that cannot be reached gets 451, which makes
the sender queue the message and try again later. Addresses no practice owns are refused
at RCPT (550) so we never accept mail we cannot file, and a message over
``BETWEEN_SMTP_MAX_BYTES`` is refused with 552 before anything is stored.

One sender must not hold up the others. The parse is bounded (ingest: parts, depth,
time; a message over a bound is stored raw and flagged, and answered like any other),
and it never runs on the event loop. A message of at most ``LIGHT_BYTES`` is parsed in
the database thread that stores it: that small, it parses in under a second whatever it
holds (0.9 s at worst, measured). A larger one is parsed first on a lane of its own
(``HEAVY_PARSERS`` threads), and at most half the database threads store large messages
at any moment (one on SQLite, which writes one transaction at a time), so however many
large messages arrive at once, a small one finds a database thread free and no parse
ahead of it.

No client content is logged: only counts, reply codes and exception class names.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    connections,
)
from django.utils import timezone

from between.channels.email.ingest import ReadEmail, read_email
from between.messaging.ingest_reads import receives_email_at
from between.messaging.pipeline import Ingested, ingest

log = logging.getLogger(__name__)

T = TypeVar("T")

OK = "250 2.0.0 Message stored"
RCPT_OK = "250 2.1.5 OK"
NO_SUCH_RECIPIENT = "550 5.1.1 No such recipient here"
TRY_LATER = "451 4.3.0 Cannot store the message now; try again later"
TOO_BIG = "552 5.3.4 Message too big"
OURS_REMEMBERED_FOR = 60.0  # seconds RCPT trusts an address it found ours
# Up to this size a message is parsed where it is stored; above it, on the heavy lane.
# A two-line note is 1 KB, a long HTML thread some 100 KB; photos and PDFs go above.
LIGHT_BYTES = 512 * 1024
HEAVY_PARSERS = 2  # the parse holds the GIL: more threads would not make it faster


def owned(address: str) -> bool:
    """Whether a practice receives mail at this address (the Endpoint table)."""
    return receives_email_at(address)


def read(raw: bytes, mail_from: str | None, rcpt_to: list[str], received_at: datetime) -> ReadEmail:
    """Parse one message (bounded; never raises)."""
    return read_email(raw, envelope_sender=mail_from, rcpt_to=rcpt_to, received_at=received_at)


def store_read(found: ReadEmail) -> Ingested | None:
    """Persist a parsed message; returns once it is committed (or already was)."""
    return ingest(found.inbound, extra_flags=found.flags)


def store(
    raw: bytes, mail_from: str | None, rcpt_to: list[str], received_at: datetime
) -> Ingested | None:
    """Parse and persist one message; returns once it is committed (or already was)."""
    return store_read(read(raw, mail_from, rcpt_to, received_at))


def _in_db_thread(fn: Callable[..., T], *args: Any) -> T:
    # Like a Django request: drop a connection the last error broke (or that outlived
    # CONN_MAX_AGE) before using it, so one outage does not poison the thread for good.
    close_old_connections()
    return fn(*args)


class Handler:
    """aiosmtpd handler. ``executor`` runs the database work; one thread per connection
    to the database it opens. ``heavy`` parses messages over ``LIGHT_BYTES``.
    """

    def __init__(
        self,
        *,
        max_bytes: int | None = None,
        workers: int = 4,
        clock: Callable[[], datetime] = timezone.now,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_bytes = max_bytes or settings.BETWEEN_SMTP_MAX_BYTES
        self.workers = workers
        self.clock = clock
        self.timer = timer
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="smtpd-db")
        self.heavy = ThreadPoolExecutor(max_workers=HEAVY_PARSERS, thread_name_prefix="smtpd-parse")
        # Database threads large messages may hold at once; the rest stay free for mail
        # from everyone else. SQLite writes one transaction at a time: there a second
        # large store would only queue for the write lock, ahead of everyone else's mail.
        # (The semaphore binds to the running loop at first use.)
        one_writer = connection.vendor == "sqlite"
        self.heavy_stores = asyncio.Semaphore(1 if one_writer else max(1, workers // 2))
        # Addresses found ours, and when: RCPT trusts a recent yes without asking the
        # database again. Only yeses are kept (a newly published address is never
        # refused from memory), and DATA routes against the database anyway: an address
        # removed meanwhile gets 550 there and nothing is stored.
        self._ours_at: dict[str, float] = {}

    async def _db(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, partial(_in_db_thread, fn, *args))

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        try:
            ours = await self._ours(address)
        except (OperationalError, InterfaceError) as exc:
            log.warning("smtp: database unavailable at RCPT (%s); 451", type(exc).__name__)
            return TRY_LATER
        if not ours:
            return NO_SUCH_RECIPIENT
        envelope.rcpt_tos.append(address)
        return RCPT_OK

    async def _ours(self, address: str) -> bool:
        key = address.strip().lower()
        now = self.timer()
        if now - self._ours_at.get(key, -OURS_REMEMBERED_FOR) < OURS_REMEMBERED_FOR:
            return True
        if not await self._db(owned, address):
            return False
        self._ours_at[key] = now
        return True

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if len(raw) > self.max_bytes:
            # aiosmtpd enforces data_size_limit itself; this guards a handler used alone.
            return TOO_BIG
        try:
            result = await self._store(raw, envelope.mail_from, list(envelope.rcpt_tos))
        except (OperationalError, InterfaceError) as exc:
            log.warning("smtp: database unavailable at DATA (%s); 451", type(exc).__name__)
            return TRY_LATER
        except Exception as exc:
            # A bug, not bad mail (read_email never raises). 451 keeps the message in the
            # sender's queue; the trace has line numbers, never the exception's text.
            log.error(
                "smtp: storing a message failed (%s); 451\n%s",
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            return TRY_LATER
        if result is None:
            # Every recipient passed RCPT, then its endpoint went away.
            return NO_SUCH_RECIPIENT
        log.info(
            "smtp: message %s %s (%s recipients, %s bytes)",
            result.message.pk if result.message else "-",
            "stored" if result.created else "already stored",
            len(envelope.rcpt_tos),
            len(raw),
        )
        return OK

    async def _store(
        self, raw: bytes, mail_from: str | None, rcpt_to: list[str]
    ) -> Ingested | None:
        received_at = self.clock()
        if len(raw) <= LIGHT_BYTES:
            return await self._db(store, raw, mail_from, rcpt_to, received_at)
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(
            self.heavy, partial(read, raw, mail_from, rcpt_to, received_at)
        )
        async with self.heavy_stores:
            return await self._db(store_read, found)

    def close(self) -> None:
        """Stop the worker threads, closing each one's database connection first."""
        self.heavy.shutdown(wait=True)  # parses only: no database connection to close
        barrier = threading.Barrier(self.workers, timeout=5)

        def close_here() -> None:
            connections.close_all()
            # Hold this thread until every worker has taken a job, so each closes its own.
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()

        for _ in range(self.workers):
            self.executor.submit(close_here)
        self.executor.shutdown(wait=True)


def smtp_factory(handler: Handler, *, hostname: str | None = None) -> Callable[[], SMTP]:
    """A protocol factory: our handler, the size limit advertised (SIZE) and enforced."""

    def make() -> SMTP:
        return SMTP(
            handler,
            data_size_limit=handler.max_bytes,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=hostname,
            ident="Between",
        )

    return make


async def serve(host: str, port: int, *, stop: asyncio.Event | None = None) -> None:
    """Listen until ``stop`` is set (or the task is cancelled)."""
    handler = Handler()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(smtp_factory(handler), host=host, port=port)
    log.info("smtp: listening on %s:%s", host, port)
    try:
        await (stop or asyncio.Event()).wait()
    finally:
        server.close()
        await server.wait_closed()
        handler.close()
        log.info("smtp: stopped")

"""Real servers for the email channel's tests: our SMTP listener, a capturing SMTP server
for what we send, and a throwaway Dovecot for the IMAP poller. Nothing is faked but the
clock (a Monday evening in New York, after office hours).
"""

from __future__ import annotations

import re
import smtplib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from between.channels.email.smtpd import Handler, smtp_factory
from between.testing.dovecot import free_port

SAMPLES = Path(__file__).parent / "samples"
NY = ZoneInfo("America/New_York")
# In the past: Dovecot files a future APPEND date as "now", and INTERNALDATE is the arrival.
EVENING = datetime(2026, 11, 16, 21, 0, tzinfo=NY)
OURS = "alex@riverside-counseling.example"
CLIENT = "test@example.com"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def wire(name: str) -> bytes:
    """A sample as it travels in SMTP DATA: every line ends in CRLF."""
    return re.sub(rb"\r?\n", b"\r\n", sample(name))


class ListenerController(Controller):
    """aiosmtpd's test controller serving our protocol factory (size limit included)."""

    def factory(self):
        return smtp_factory(self.handler)()


@pytest.fixture
def listener(transactional_db, settings):
    """Our SMTP listener on a free port; its database work runs in one worker thread."""
    handler = Handler(workers=1, clock=lambda: EVENING)
    controller = ListenerController(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()
        handler.close()


@pytest.fixture
def smtp_to(listener):
    """An SMTP client session to the listener."""
    client = smtplib.SMTP(listener.hostname, listener.port, timeout=30)
    try:
        yield client
    finally:
        try:
            client.quit()
        except smtplib.SMTPServerDisconnected:
            client.close()


class Capture:
    """A receiving mail server that keeps every envelope, or answers as told."""

    def __init__(self) -> None:
        self.envelopes: list = []
        self.rcpt_options: list[list[str]] = []
        self.rcpt_reply: str | None = None
        self.data_reply: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        self.rcpt_options.append(list(rcpt_options))
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.envelopes.append(envelope)
        return "250 2.0.0 Queued"


@pytest.fixture
def outgoing(settings):
    """A real SMTP server receiving what Between sends, through Between's SMTP backend."""
    capture = Capture()
    controller = Controller(capture, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "between.channels.email.backend.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield capture
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def dovecot():
    """A real Dovecot (installed from Debian's packages when missing) for the session."""
    from between.testing import dovecot as server

    with server.running() as running:
        yield running

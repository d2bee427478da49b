"""`between bench pipeline`: messages per second through the real ingest path.

Mixed traffic enters where production traffic does: texts and calls as signed Twilio
webhooks through the WSGI application (every middleware, as `between serve` runs it),
emails over SMTP to the aiosmtpd listener, all in this process. Latency is measured
from just before a message is handed in to the moment its sender is told "received"
(HTTP 200 or SMTP 250), which is after the message, its decision and any crisis page's
task are committed: so a crisis latency is also the time until its page is enqueued.
Speed is printed, never asserted.
"""

from __future__ import annotations

import gc
import io
import random
import secrets
import smtplib
import socket
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import override_settings
from twilio.request_validator import RequestValidator  # type: ignore[import-untyped]

from between.clients.models import Client, Consent, ContactKind, ContactPoint
from between.conf.process import freeze_start_up_objects
from between.core.policy import reference_policy_text
from between.messaging.models import Call, Message, Page
from between.messaging.pipeline import sync_endpoints
from between.policies.models import PolicyVersion
from between.practices.models import Membership, Practice
from between.testing.twilio_forms import inbound_text

OUR_NUMBER = "+12125550100"
OUR_ADDRESS = "alex@riverside-counseling.example"
WARM_UP_NUMBER = "+12125559999"  # its one text is not counted
# The pipeline's target (issue 4) is for the path with its rules triage; the message
# reader costs about 3-5 ms of CPU per message on two cores, so with it the path cannot
# reach 200 here, and its own target (issue 13) is 100 short messages per second.
TARGET_PER_SECOND = 200
MODEL_TARGET_PER_SECOND = 100
TARGET_P99_MS = 100.0
CRISIS_LIMIT_MS = 1000.0

TEXTS = [
    ("admin", "Can we move Thursday's appointment to 4pm?"),
    ("admin", "Running ten minutes late, sorry!"),
    ("clinical", "I did the breathing exercise twice today, it helped a bit"),
    ("admin", "Could you send me a receipt for October?"),
    ("boundary", "I sent you a friend request on Instagram"),
    ("other", "Thanks, see you then"),
]
CRISIS_TEXTS = [
    "I can't do this anymore, I want to kill myself tonight",
    "I took all my pills and I don't want to wake up",
]


@dataclass
class Sample:
    kind: str
    crisis: bool
    ms: float


@dataclass
class Figures:
    database: str
    messages: int
    seconds: float
    detector: str = "rules and model"
    senders: int = 1
    samples: list[Sample] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def percentile(self, q: float, *, crisis_only: bool = False) -> float:
        values = sorted(s.ms for s in self.samples if s.crisis or not crisis_only)
        if not values:
            return 0.0
        index = min(len(values) - 1, max(0, round(q / 100 * len(values)) - 1))
        return values[index]


def bench_practice(kind: str) -> tuple[Practice, Membership]:
    """A practice of its own for one run, on the reference policy, with its addresses and
    numbers routed to it; ``_cleanup`` removes it again."""
    tag = uuid.uuid4().hex[:8]
    practice = Practice.objects.create(
        name=f"Bench {kind} {tag}",
        slug=f"bench-{kind}-{tag}",
        timezone="America/New_York",
        setting="private_practice",
    )
    user = get_user_model().objects.create_user(username=f"bench-{kind}-{tag}")
    member = Membership.objects.create(
        user=user, practice=practice, role="owner", display_name="Bench clinician"
    )
    version = PolicyVersion.objects.create(
        practice=practice,
        number=1,
        text=reference_policy_text(),
        status="published",
        created_by=user,
        published_at=datetime(2026, 1, 1, tzinfo=UTC),
        effective_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    sync_endpoints(practice, version)
    return practice, member


def _setup(n_clients: int) -> tuple[Practice, list[Client]]:
    practice, member = bench_practice("practice")
    tag = practice.slug.rsplit("-", 1)[-1]
    clients = []
    for i in range(n_clients):
        client = Client.objects.create(
            practice=practice, name=f"Bench client {i}", clinician=member
        )
        ContactPoint.objects.create(
            client=client, kind=ContactKind.PHONE, value=f"+1212555{2000 + i:04d}"
        )
        ContactPoint.objects.create(
            client=client, kind=ContactKind.EMAIL, value=f"client{i}.{tag}@example.com"
        )
        for channel in ("sms", "email", "portal", "phone"):
            Consent.objects.create(
                client=client,
                channel=channel,
                state="granted",
                recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
                method="intake",
            )
        clients.append(client)
    return practice, clients


def _cleanup(practice: Practice) -> None:
    user_ids = list(practice.members.values_list("user_id", flat=True))
    # Messages and calls protect the policy version they were judged by; remove them first.
    Message.objects.filter(practice=practice).delete()
    Call.objects.filter(practice=practice).delete()
    practice.delete()
    get_user_model().objects.filter(pk__in=user_ids).delete()


class _Drivers:
    """Hands messages to the webhook views and the SMTP listener, timing each."""

    def __init__(self, smtp_port: int, token: str) -> None:
        # The WSGI application itself, as `between serve` hands it each request: every
        # middleware and the view, without a test client's extras around them.
        self.app = WSGIHandler()
        self.validator = RequestValidator(token)
        self.smtp = smtplib.SMTP("127.0.0.1", smtp_port, timeout=30)

    def close(self) -> None:
        self.smtp.quit()

    def _post(self, path: str, form: dict[str, str]) -> float:
        url = settings.BETWEEN_BASE_URL + path
        signature = self.validator.compute_signature(url, form)
        # Twilio posts its webhooks form-encoded, as here.
        body = urlencode(form).encode()
        environ = _environ(path, body, signature)
        statuses: list[str] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            statuses.append(status)
            return lambda data: None  # the legacy write(); Django never calls it

        start = time.perf_counter()
        response = self.app(environ, start_response)
        try:
            b"".join(response)
        finally:
            response.close()  # as a WSGI server does: Django's request_finished runs here
        elapsed = (time.perf_counter() - start) * 1000
        if not statuses or not statuses[0].startswith("200"):
            raise RuntimeError(f"{path} answered {statuses[0] if statuses else 'nothing'}")
        return elapsed

    def sms(self, sender: str, body: str) -> float:
        form = inbound_text(sender, OUR_NUMBER, body, account_sid="AC" + "0" * 32)
        return self._post("/hooks/sms/", form)

    def call(self, sender: str) -> float:
        form = {
            "CallSid": "CA" + uuid.uuid4().hex,
            "AccountSid": "AC" + "0" * 32,
            "From": sender,
            "To": OUR_NUMBER,
            "CallStatus": "completed",
            "Direction": "inbound",
            "CallDuration": "12",
            "ApiVersion": "2010-04-01",
        }
        return self._post("/hooks/voice/status/", form)

    def email(self, sender: str, body: str) -> float:
        raw = (
            f"From: {sender}\r\nTo: {OUR_ADDRESS}\r\nSubject: hello\r\n"
            f"Message-ID: <{uuid.uuid4().hex}@example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{body}\r\n"
        )
        start = time.perf_counter()
        self.smtp.sendmail(sender, [OUR_ADDRESS], raw.encode())
        return (time.perf_counter() - start) * 1000


def _environ(path: str, body: bytes, signature: str) -> dict[str, Any]:
    """A POST as a WSGI server hands it over, addressed to our public base URL."""
    base = urlsplit(settings.BETWEEN_BASE_URL)
    https = base.scheme == "https"
    return {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": base.hostname or "127.0.0.1",
        "SERVER_PORT": str(base.port or (443 if https else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": base.netloc,
        "HTTP_X_TWILIO_SIGNATURE": signature,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": base.scheme or "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _drive(
    drivers: _Drivers,
    senders: list[tuple[str, str]],
    count: int,
    rng: random.Random,
    into: list[Sample],
) -> None:
    for _ in range(count):
        phone, address = rng.choice(senders)
        crisis = rng.random() < 0.05
        body = rng.choice(CRISIS_TEXTS) if crisis else rng.choice(TEXTS)[1]
        roll = rng.random()
        if roll < 0.55:
            kind, ms = "sms", drivers.sms(phone, body)
        elif roll < 0.90:
            kind, ms = "email", drivers.email(address, body)
        else:
            kind, ms, crisis = "call", drivers.call(phone), False
        into.append(Sample(kind, crisis, ms))


def _sender_thread(
    port: int, token: str, senders: list[tuple[str, str]], count: int, seed: int
) -> list[Sample]:
    """One more provider delivering at the same time, on its own connections."""
    samples: list[Sample] = []
    try:
        drivers = _Drivers(port, token)
        try:
            _drive(drivers, senders, count, random.Random(seed), samples)
        finally:
            drivers.close()
    finally:
        connection.close()  # this thread's own database connection
    return samples


def run_pipeline_bench(
    messages: int,
    seed: int,
    stdout: TextIO,
    *,
    rules_only: bool = False,
    senders: int = 1,
) -> Figures:
    """Drive ``messages`` mixed messages in; print and return the figures.

    ``senders`` deliver at the same time, each on its own HTTP client and SMTP
    connection, as several providers do; one is a single stream, message after message.
    ``rules_only`` swaps the crisis detector for its rules layer alone, to show what the
    rest of the path costs; production always runs the learned layer too.
    """
    from between.core import triage

    previous = triage._default
    if rules_only:
        triage._default = triage.Detector(use_model=False)
    try:
        return _run(messages, seed, stdout, rules_only=rules_only, senders=senders)
    finally:
        triage._default = previous


def _run(messages: int, seed: int, stdout: TextIO, *, rules_only: bool, senders: int) -> Figures:
    from aiosmtpd.controller import Controller

    from between.channels.email.smtpd import Handler, smtp_factory

    rng = random.Random(seed)
    token = secrets.token_hex(16)
    practice, clients = _setup(20)
    handler = Handler(workers=max(4, senders))
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.factory = smtp_factory(handler)  # type: ignore[method-assign]
    figures = Figures(
        connection.vendor,
        messages,
        0.0,
        "rules only" if rules_only else "rules and model",
        senders=senders,
    )
    try:
        with override_settings(TWILIO_AUTH_TOKEN=token, ALLOWED_HOSTS=["*"], DEBUG=False):
            controller.start()
            drivers = _Drivers(controller.port, token)
            # Warm-up: load the crisis model and fill caches before the clock starts, then
            # settle the heap as `between serve` and `between smtpd` do after start-up.
            drivers.sms(WARM_UP_NUMBER, "warming up")
            freeze_start_up_objects()
            # The senders' numbers and addresses, looked up before the clock starts.
            addresses = [
                (
                    c.contacts.get(kind="phone").value,
                    c.contacts.get(kind="email").value,
                )
                for c in clients
            ]
            shares = [messages // senders + (i < messages % senders) for i in range(senders)]
            started = time.perf_counter()
            if senders == 1:
                _drive(drivers, addresses, messages, rng, figures.samples)
            else:
                with ThreadPoolExecutor(max_workers=senders) as pool:
                    runs = [
                        pool.submit(
                            _sender_thread, controller.port, token, addresses, share, seed + i
                        )
                        for i, share in enumerate(shares)
                    ]
                    for run in runs:
                        figures.samples.extend(run.result())  # a sender's error is raised here
            figures.seconds = time.perf_counter() - started
            drivers.close()
    finally:
        gc.unfreeze()  # a server keeps its start-up frozen for good; the bench returns
        controller.stop()
        handler.close()
        measured = Message.objects.filter(practice=practice).exclude(from_address=WARM_UP_NUMBER)
        stored = measured.count()
        paged = Page.objects.filter(practice=practice).count()
        _cleanup(practice)
    _print(figures, stored, paged, stdout)
    return figures


def _print(figures: Figures, stored: int, paged: int, out: TextIO) -> None:
    crisis = [s for s in figures.samples if s.crisis]
    worst_crisis = max((s.ms for s in crisis), default=0.0)
    target = (
        f"target {TARGET_PER_SECOND}"
        if figures.detector == "rules only"
        else f"the learned layer's own target is {MODEL_TARGET_PER_SECOND}"
    )
    out.write(
        f"pipeline on {figures.database} ({figures.detector}, {figures.senders} "
        f"sender{'s' if figures.senders > 1 else ''} at once): {figures.messages} messages in "
        f"{figures.seconds:.2f} s = {figures.per_second:,.0f} messages per second "
        f"({target})\n"
    )
    out.write(
        f"  ingest-to-decision latency: p50 {figures.percentile(50):.1f} ms, "
        f"p99 {figures.percentile(99):.1f} ms (target p99 under {TARGET_P99_MS:.0f} ms), "
        f"mean {statistics.fmean(s.ms for s in figures.samples):.1f} ms\n"
    )
    for kind in ("sms", "email", "call"):
        mine = sorted(s.ms for s in figures.samples if s.kind == kind)
        if mine:
            out.write(
                f"  {kind}: {len(mine)} messages, p50 {mine[len(mine) // 2]:.1f} ms, "
                f"max {mine[-1]:.1f} ms\n"
            )
    verdict = "within" if worst_crisis <= CRISIS_LIMIT_MS else "OVER"
    out.write(
        f"  crisis: {len(crisis)} messages, each committed with its page task within "
        f"{worst_crisis:.1f} ms of receipt ({verdict} the 1 s limit); {paged} pages "
        "(the same words from the same sender within 10 minutes are folded into one)\n"
    )
    out.write(f"  stored {stored} messages (calls are stored as calls)\n")

"""`between bench pipeline --processes N`: the mixed traffic through a fleet of real
processes on PostgreSQL, as production runs it (docs/production.md).

N gunicorn web processes (one master), N `between smtpd` and N `between worker` run as
separate processes. Senders hand texts to the web tier as signed Twilio webhooks and
emails to the smtpd processes in turn. Every message comes from a sender of its own, so
each is owed exactly one automatic reply (the unknown-sender reply): the replies arrive
at a local SMTP sink and a stand-in Twilio, which note when each arrived. So the bench
can say how many messages were accepted per second, how long from hand-in to the reply
leaving Between, and how many replies were lost or sent twice. Speed is printed, never
asserted.
"""

from __future__ import annotations

import os
import random
import secrets
import signal
import smtplib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.db import connection
from twilio.request_validator import RequestValidator  # type: ignore[import-untyped]

from between.bench.pipeline_bench import (
    OUR_ADDRESS,
    OUR_NUMBER,
    TEXTS,
    _cleanup,
    bench_practice,
)
from between.messaging.models import Message
from between.practices.models import Practice
from between.testing.faults import TWILIO_SID, TwilioStandIn, free_port, port_open
from between.testing.twilio_forms import inbound_text
from between.testing.waiting import wait_for

REPLY_WAIT_SECONDS = 180.0


class FleetError(Exception):
    """The fleet could not be measured (not PostgreSQL, a process that did not start)."""


@dataclass
class Arrivals:
    """When each automatic reply reached its recipient, by recipient."""

    at: dict[str, list[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, recipient: str) -> None:
        with self.lock:
            self.at.setdefault(recipient.lower(), []).append(time.perf_counter())


@dataclass
class FleetFigures:
    processes: int
    messages: int
    accepted_seconds: float = 0.0
    handed_in: dict[str, float] = field(default_factory=dict)  # recipient -> hand-in time
    replies: dict[str, list[float]] = field(default_factory=dict)
    stored: int = 0

    @property
    def per_second(self) -> float:
        return self.messages / self.accepted_seconds if self.accepted_seconds else 0.0

    def latencies_ms(self) -> list[float]:
        return sorted(
            (times[0] - self.handed_in[who]) * 1000
            for who, times in self.replies.items()
            if who in self.handed_in and times
        )

    @property
    def lost(self) -> int:
        return sum(1 for who in self.handed_in if not self.replies.get(who))

    @property
    def doubled(self) -> int:
        return sum(len(t) - 1 for who, t in self.replies.items() if who in self.handed_in)


def _mail_sink(arrivals: Arrivals) -> Any:
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            for recipient in envelope.rcpt_tos:
                arrivals.note(recipient)
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


class _CountingTwilio(TwilioStandIn):
    """The stand-in Twilio, noting when each text for a number arrived."""

    def __init__(self, arrivals: Arrivals) -> None:
        super().__init__()
        self.arrivals = arrivals
        original = self.sent

        class Noting(list[dict[str, str]]):
            def append(self, form: dict[str, str]) -> None:
                arrivals.note(form.get("To", ""))
                super().append(form)

        self.sent = Noting(original)


def _setup() -> Practice:
    return bench_practice("fleet")[0]


def _fleet_env(
    web_port: int, token: str, sink_port: int, twilio_url: str, n: int
) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BETWEEN_STANDALONE", "BETWEEN_THROWAWAY_STORE", "PORT")
    }
    keys = ",".join(
        k.decode() if isinstance(k, bytes) else str(k) for k in settings.BETWEEN_ENCRYPTION_KEYS
    )
    env.update(
        {
            "DEBUG": "false",
            "BETWEEN_SECRET_KEY": settings.SECRET_KEY,
            "BETWEEN_ENCRYPTION_KEY": keys,
            "BETWEEN_DATA_DIR": tempfile.mkdtemp(prefix="between-fleet-"),
            "BETWEEN_BASE_URL": f"http://127.0.0.1:{web_port}",
            "BETWEEN_ALLOWED_HOSTS": "127.0.0.1",
            "BETWEEN_PORT": str(web_port),
            "BETWEEN_WEB_PROCESSES": str(n),
            "BETWEEN_TASK_BACKEND": "database",
            "BETWEEN_EMAIL_BACKEND": "smtp",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink_port),
            "BETWEEN_SMS_BACKEND": "twilio",
            "TWILIO_ACCOUNT_SID": TWILIO_SID,
            "TWILIO_AUTH_TOKEN": token,
            "BETWEEN_TWILIO_API_URL": twilio_url,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


class _Fleet:
    def __init__(self, env: dict[str, str], n: int, log_dir: Path) -> None:
        self.env, self.n, self.log_dir = env, n, log_dir
        self.processes: list[subprocess.Popen[bytes]] = []
        self.smtp_ports = [free_port() for _ in range(n)]
        self.web_port = int(env["BETWEEN_PORT"])

    def _start(self, name: str, *command: str) -> None:
        with (self.log_dir / f"{name}.log").open("ab") as log:
            self.processes.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter's commands
                    list(command),
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

    def start(self) -> None:
        between = [sys.executable, "-m", "between"]
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self._start("web", gunicorn, "--config", "python:between.conf.gunicorn", "between.wsgi")
        for i, port in enumerate(self.smtp_ports):
            self._start(f"smtpd-{i}", *between, "smtpd", "--port", str(port))
        for i in range(self.n):
            self._start(f"worker-{i}", *between, "worker")
        try:
            wait_for(
                lambda: all(port_open(p) for p in [self.web_port, *self.smtp_ports]),
                "the fleet's ports",
                bound=300,
            )
            wait_for(self._web_ready, "gunicorn's processes", bound=300, errors=(OSError,))
        except Exception as exc:
            raise FleetError(f"the fleet did not start; logs in {self.log_dir}") from exc

    def _web_ready(self) -> bool:
        with urlopen(f"http://127.0.0.1:{self.web_port}/health/", timeout=30) as answer:
            return bool(answer.status in (200, 503))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _send_text(web_port: int, validator: Any, sender: str, body: str) -> None:
    url = f"http://127.0.0.1:{web_port}/hooks/sms/"
    form = inbound_text(sender, OUR_NUMBER, body, account_sid=TWILIO_SID)
    request = Request(
        url,
        data=urlencode(form).encode(),
        headers={"X-Twilio-Signature": validator.compute_signature(url, form)},
    )
    with urlopen(request, timeout=60) as answer:  # noqa: S310
        if answer.status != 200:
            raise FleetError(f"the web tier answered {answer.status}")


def _sender(
    fleet: _Fleet, token: str, plan: list[tuple[str, str, str]], handed: dict[str, float]
) -> None:
    validator = RequestValidator(token)
    clients: dict[int, smtplib.SMTP] = {}
    try:
        for i, (kind, who, body) in enumerate(plan):
            handed[who.lower()] = time.perf_counter()
            if kind == "sms":
                _send_text(fleet.web_port, validator, who, body)
                continue
            port = fleet.smtp_ports[i % len(fleet.smtp_ports)]
            if port not in clients:
                clients[port] = smtplib.SMTP("127.0.0.1", port, timeout=60)
            raw = (
                f"From: {who}\r\nTo: {OUR_ADDRESS}\r\nSubject: hello\r\n"
                f"Message-ID: <{uuid.uuid4().hex}@example.com>\r\n\r\n{body}\r\n"
            )
            clients[port].sendmail(who, [OUR_ADDRESS], raw.encode())
    finally:
        for smtp in clients.values():
            smtp.quit()


def run_fleet_bench(
    processes: int, messages: int, senders: int, seed: int, stdout: TextIO
) -> FleetFigures:
    if connection.vendor != "postgresql":
        raise FleetError(
            "--processes needs PostgreSQL: set DATABASE_URL=postgresql://… (several "
            "processes writing one SQLite file measure its lock, not Between)"
        )
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:6]
    plan: list[tuple[str, str, str]] = []
    first_number = rng.randrange(2 * 10**6, 9 * 10**6)  # one new sender per message
    for i in range(messages):
        body = rng.choice(TEXTS)[1]
        if rng.random() < 0.55:
            plan.append(("sms", f"+1646{(first_number + i) % 10**7:07d}", body))
        else:
            plan.append(("email", f"fleet{i}.{run}@example.net", body))
    figures = FleetFigures(processes, messages)
    arrivals = Arrivals()
    sink = _mail_sink(arrivals)
    twilio = _CountingTwilio(arrivals)
    token = secrets.token_hex(16)
    practice = _setup()
    connection.close()  # the fleet's processes need the connections, not this one
    log_dir = Path(tempfile.mkdtemp(prefix="between-fleet-logs-"))
    env = _fleet_env(free_port(), token, sink.port, twilio.url, processes)
    fleet = _Fleet(env, processes, log_dir)
    try:
        fleet.start()
        shares = [plan[i::senders] for i in range(senders)]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=senders) as pool:
            for done in [
                pool.submit(_sender, fleet, token, share, figures.handed_in) for share in shares
            ]:
                done.result()
        figures.accepted_seconds = time.perf_counter() - started
        wanted = {who.lower() for _k, who, _b in plan}
        deadline = time.monotonic() + REPLY_WAIT_SECONDS
        while not wanted <= set(arrivals.at) and time.monotonic() < deadline:
            time.sleep(0.1)  # what has not arrived by the deadline is counted as lost
        time.sleep(2)  # a second copy of a reply would have arrived by now
        figures.replies = {k: list(v) for k, v in arrivals.at.items()}
        figures.stored = Message.objects.filter(practice=practice).count()
    finally:
        fleet.stop()
        sink.stop()
        twilio.close()
        _cleanup(practice)
    _print(figures, senders, stdout)
    return figures


def _print(figures: FleetFigures, senders: int, out: TextIO) -> None:
    n = figures.processes
    latencies = figures.latencies_ms()
    out.write(
        f"fleet on PostgreSQL: {n} web process{'es' if n > 1 else ''} (gunicorn), {n} smtpd, "
        f"{n} worker{'s' if n > 1 else ''}; {senders} senders at once\n"
    )
    out.write(
        f"  accepted {figures.messages} messages in {figures.accepted_seconds:.2f} s = "
        f"{figures.per_second:,.1f} messages per second; stored {figures.stored}\n"
    )
    if latencies:
        p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
        out.write(
            f"  hand-in to reply sent: p50 {statistics.median(latencies):.0f} ms, "
            f"p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms\n"
        )
    out.write(f"  replies lost: {figures.lost}, sent twice: {figures.doubled} (both must be 0)\n")

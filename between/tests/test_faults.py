"""The fault suite: real processes, broken on purpose, and the promises that must hold.

Each test starts its own deployment (a data folder, and a database of its own: a SQLite
file, or a fresh database on the suite's PostgreSQL server) and the `between` processes
it breaks. Figures (tried, survived, lost) go to the test's output.
"""

from __future__ import annotations

import ast
import os
import signal
import smtplib
import threading
import time
from email.message import EmailMessage

import pytest

from between.channels.sms.transport import PAGE_TEXT
from between.testing import faults
from between.testing.waiting import wait_for

pytestmark = [pytest.mark.faults]

PRACTICE_ADDRESS = "alex@riverside-counseling.example"


def away_today(deployment: faults.Deployment) -> None:
    """The demo clinician is away from yesterday to tomorrow: every client who writes is
    owed one out-of-office reply for the absence, however many times they write."""
    deployment.shell(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from between.practices.models import Absence, Membership\n"
        "m = Membership.objects.get(user__username='alex')\n"
        "today = timezone.localdate()\n"
        "Absence.objects.create(practice=m.practice, clinician=m,"
        " start=today - timedelta(days=1), end=today + timedelta(days=1))\n"
    )


def client_emails(deployment: faults.Deployment) -> list[str]:
    out = deployment.shell(
        "from between.clients.models import ContactPoint\n"
        "print('\\n'.join(sorted(set(ContactPoint.objects.filter(kind='email')"
        ".values_list('value', flat=True)))))"
    )
    return [line for line in out.splitlines() if "@" in line and " " not in line]


def mail(sender: str, body: str, subject: str = "Thursday") -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = PRACTICE_ADDRESS
    message["Subject"] = subject
    message.set_content(body)
    return message


def test_two_messages_from_one_client_at_the_same_instant_to_two_processes(database_url):
    """Once per absence is once, with the pair split across two smtpd processes and
    released together between RCPT and DATA."""
    with faults.deployment(database_url) as deployment:
        away_today(deployment)
        senders = client_emails(deployment)
        assert len(senders) >= 6, senders
        already = int(
            deployment.shell(
                "from between.messaging.models import Message\n"
                f"print(Message.objects.filter(from_address__in={senders!r}).count())"
            ).splitlines()[-1]
        )
        _, first = deployment.smtpd()
        _, second = deployment.smtpd()
        accepted: list[str] = []

        def deliver(port: int, sender: str, together: threading.Barrier, n: int) -> None:
            with smtplib.SMTP("127.0.0.1", port, timeout=120) as smtp:
                smtp.ehlo()
                smtp.mail(sender)
                smtp.rcpt(PRACTICE_ADDRESS)
                together.wait(timeout=120)
                message = mail(sender, f"Can we move Thursday? ({n})")
                code, _ = smtp.data(message.as_bytes())
                if code == 250:
                    accepted.append(sender)

        for sender in senders:
            together = threading.Barrier(2)
            pair = [
                threading.Thread(target=deliver, args=(port, sender, together, n))
                for n, port in enumerate((first, second))
            ]
            for thread in pair:
                thread.start()
            for thread in pair:
                thread.join(timeout=180)
        replies = deployment.shell(
            "from collections import Counter\n"
            "from between.messaging.models import Message, Outbound\n"
            "c = Counter(Outbound.objects.filter(kind='out_of_office')"
            ".values_list('to', flat=True))\n"
            f"print(Message.objects.filter(from_address__in={senders!r}).count())\n"
            "print(sorted(c.items()))"
        ).splitlines()
        stored = int(replies[-2]) - already
        counted = ast.literal_eval(replies[-1])
        print(
            f"\nsame-instant pairs: tried {len(senders)} pairs, accepted {len(accepted)} "
            f"messages, stored {stored}, out-of-office replies {sum(n for _, n in counted)}"
        )
        assert len(accepted) == 2 * len(senders) and stored == 2 * len(senders)
        # Never two; and every client who is owed one has it (two of the demo's clients
        # are owed none: one is discharged, one has not consented to email).
        assert all(n == 1 for _, n in counted), counted
        assert len(counted) >= len(senders) - 2, counted


UNSENT = (
    "SELECT (SELECT count(*) FROM messaging_outbound WHERE channel = 'sms'"
    " AND status IN ('queued', 'retrying', 'sending'))"
    " + (SELECT count(*) FROM messaging_page WHERE status IN ('queued', 'sending'))"
)
SENT_TEXTS = (
    "SELECT (SELECT count(*) FROM messaging_outbound WHERE channel = 'sms' AND status = 'sent')"
    " + (SELECT count(*) FROM messaging_page WHERE phone <> ''"
    " AND status IN ('sent', 'acknowledged', 'escalated'))"
)


def pages_at_provider(twilio: faults.TwilioStandIn) -> int:
    """Crisis pages the provider was handed, whoever they went to: in office hours the
    treating clinician is paged first, after hours the on-call clinician."""
    opening = PAGE_TEXT.split("{", 1)[0]
    return sum(1 for m in twilio.sent if (m.get("Body") or "").startswith(opening))


def count(deployment: faults.Deployment, sql: str) -> int:
    return deployment.scalar(sql)


def every_text_sent_once(
    deployment: faults.Deployment, twilio: faults.TwilioStandIn, owed: int, what: str, since: float
) -> None:
    """Wait until nothing is left to send, print the figures, and check each text reached
    the provider once and every one owed was sent."""
    wait_for(lambda: count(deployment, UNSENT) == 0, "every text sent", bound=180)
    taken_over_in = time.monotonic() - since
    pairs = [(m.get("To"), m.get("Body")) for m in twilio.sent]
    print(
        f"\n{what} killed mid-send: {owed} texts owed, {len(pairs)} handed to the "
        f"provider, {len(pairs) - len(set(pairs))} twice; all sent "
        f"{taken_over_in:.1f} s after the kill"
    )
    assert len(pairs) == len(set(pairs)) == count(deployment, SENT_TEXTS) == owed


def test_a_worker_killed_mid_send_is_taken_over_and_nothing_is_sent_twice(database_url):
    """SIGKILL while the provider holds a text unanswered: a live worker takes the task
    over within seconds, and every text reaches the provider once."""
    twilio = faults.TwilioStandIn()
    try:
        with faults.deployment(database_url, twilio) as deployment:
            owed = count(deployment, UNSENT)
            assert owed >= 2  # the demo's texts and its crisis page, not yet sent
            twilio.hold_next()
            doomed = deployment.start("worker", name="worker-a")
            wait_for(twilio.held.is_set, "the provider holding a text")
            os.killpg(doomed.pid, signal.SIGKILL)
            doomed.wait(timeout=30)
            killed_at = time.monotonic()
            deployment.start("worker", name="worker-b")
            every_text_sent_once(deployment, twilio, owed, "worker", killed_at)
    finally:
        twilio.close()


CRISIS = "I have the pills saved up and I'm going to take them tonight. I'm sorry."


def test_a_database_outage_does_not_stop_crisis_pages():
    """The database goes away under `between serve` and comes back: /health/ says so
    both ways, and a crisis that arrives afterwards is paged with no restart by hand."""
    twilio = faults.TwilioStandIn()
    try:
        with (
            faults.private_cluster() as cluster,
            faults.deployment(cluster.url, twilio) as deployment,
        ):
            server, web = deployment.serve()
            _, smtp_port = deployment.smtpd()
            wait_for(lambda: count(deployment, UNSENT) == 0, "the demo's texts sent")
            wait_for(lambda: faults.health(web)["status"] == "ok", "a healthy start")

            cluster.stop()
            down = wait_for(
                lambda: faults.health(web)["checks"]["database"] == "unavailable",
                "/health/ saying the database is unavailable",
            )
            assert down
            wait_for(
                lambda: "waiting for it" in deployment.log(),
                "the worker noticing the outage",
            )
            cluster.start()
            wait_for(lambda: faults.health(web)["checks"]["database"] == "ok", "recovery")

            pages_before = pages_at_provider(twilio)
            sender = client_emails(deployment)[0]
            with smtplib.SMTP("127.0.0.1", smtp_port, timeout=120) as smtp:
                smtp.send_message(mail(sender, CRISIS, subject="sorry"))
            arrived = time.monotonic()
            wait_for(
                lambda: pages_at_provider(twilio) > pages_before,
                "the crisis page after the outage",
            )
            paged_in = time.monotonic() - arrived
            print(f"\ndatabase outage: the crisis page went out {paged_in:.1f} s after the mail")
            assert server.poll() is None  # never restarted by hand
            assert faults.health(web)["status"] == "ok"
    finally:
        twilio.close()


@pytest.mark.service
@pytest.mark.parametrize("killed", ["work-horse", "worker and work-horse"])
def test_under_rq_a_killed_work_horse_is_replaced_and_nothing_is_sent_twice(database_url, killed):
    """rq's work-horse (alone, or with its worker) is killed while the provider holds a
    text unanswered. A work-horse's worker enqueues the task again and releases its
    claim; a dead worker's claim is swept by a live worker once its beat stops. Every
    text goes out once."""
    twilio = faults.TwilioStandIn()
    try:
        with (
            faults.private_redis() as redis_server,
            faults.deployment(database_url, twilio, redis_server.url) as deployment,
        ):
            deployment.shell("from between.messaging.tasks import requeue_stale; requeue_stale()")
            owed = count(deployment, UNSENT)
            twilio.hold_next()
            worker = deployment.start("worker", name="rq-worker")
            wait_for(twilio.held.is_set, "the provider holding a text")
            horses = wait_for(lambda: deployment.children(worker), "rq's work-horse")
            if killed == "work-horse":
                # The worker's children are rq's scheduler, started first, and the
                # work-horse forked for the job at hand: the newest.
                os.kill(max(horses), signal.SIGKILL)
            else:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=30)
                worker = deployment.start("worker", name="rq-worker-b")
            every_text_sent_once(deployment, twilio, owed, f"rq {killed}", time.monotonic())
            assert worker.poll() is None
    finally:
        twilio.close()


@pytest.mark.service
def test_under_rq_redis_going_away_loses_no_crisis_page(database_url):
    """Redis is killed under a running rq worker and web server; a crisis arrives while
    it is away (stored, its page waiting in the database), and once Redis is back the
    page goes out with no restart by hand."""
    twilio = faults.TwilioStandIn()
    try:
        with (
            faults.private_redis() as redis_server,
            faults.deployment(database_url, twilio, redis_server.url) as deployment,
        ):
            deployment.shell("from between.messaging.tasks import requeue_stale; requeue_stale()")
            worker = deployment.start("worker", name="rq-worker")
            server, web = deployment.serve("--no-worker")
            _, smtp_port = deployment.smtpd()
            wait_for(lambda: count(deployment, UNSENT) == 0, "the demo's texts sent")

            redis_server.stop()
            wait_for(
                lambda: faults.health(web)["checks"].get("tasks") == "unavailable",
                "/health/ saying the task queue is unavailable",
            )
            pages_before = pages_at_provider(twilio)
            sender = client_emails(deployment)[0]
            with smtplib.SMTP("127.0.0.1", smtp_port, timeout=120) as smtp:
                smtp.send_message(mail(sender, CRISIS, subject="sorry"))
            stored = count(
                deployment, "SELECT count(*) FROM messaging_page WHERE status = 'queued'"
            )
            assert stored >= 1  # accepted and on record while Redis is away
            redis_server.start()
            back = time.monotonic()
            wait_for(
                lambda: pages_at_provider(twilio) > pages_before,
                "the crisis page after Redis came back",
                bound=240,
            )
            print(
                f"\nredis outage: the crisis page went out {time.monotonic() - back:.1f} s "
                "after Redis came back"
            )
            assert worker.poll() is None and server.poll() is None
    finally:
        twilio.close()


def sign_in(port: int, source: str, username: str, password: str) -> int:
    """One whole sign-in from ``source`` (any 127.x address reaches the server): fetch
    the form for its CSRF token, post it, and return the status of the answer."""
    import re

    import httpx

    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(
        base_url=f"http://127.0.0.1:{port}", transport=transport, timeout=120
    ) as client:
        form = client.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token is not None
        answer = client.post(
            "/login/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": password,
            },
        )
        return answer.status_code


def test_a_stranger_guessing_from_many_addresses_cannot_lock_the_rightful_user_out(
    database_url,
):
    """Eighty wrong passwords for one account, ten at once from each of eight addresses:
    the throttle turns guesses away (how many depends on how fast the machine answers:
    after the free five, each address waits a growing delay), and the rightful user, from
    their own address, signs in at once. That forty guesses at one instant let through
    no more than the allowance is proven in accounts/tests/test_throttle.py."""
    with faults.deployment(database_url) as deployment:
        # The account-wide cap (50 by default) is meant to slow guessing spread over
        # many addresses, and does, whenever a busy machine answers slowly enough for
        # more than 50 of these 80 to be tried; it is proven in test_throttle.py. Here
        # it is set above 80, so what is shown is the rule under test: each address is
        # slowed on its own, and the rightful user's address is not.
        deployment.env["BETWEEN_LOGIN_ACCOUNT_FREE_FAILURES"] = "100"
        _, web = deployment.serve("--no-worker")
        answers: dict[str, list[int]] = {}

        def guess(source: str) -> None:
            answers.setdefault(source, []).append(sign_in(web, source, "alex", "not-it-at-all"))

        threads = [
            threading.Thread(target=guess, args=(f"127.0.0.{n}",))
            for n in range(2, 10)
            for _ in range(10)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        tried = {source: codes.count(200) for source, codes in answers.items()}
        turned_away = sum(codes.count(429) for codes in answers.values())
        rightful = sign_in(web, "127.0.0.1", "alex", "between-demo")
        print(
            f"\nlockout attempt: {sum(len(c) for c in answers.values())} guesses from "
            f"{len(answers)} addresses, {sum(tried.values())} tried, {turned_away} turned "
            f"away; the rightful user's sign-in answered {rightful}"
        )
        assert sum(len(c) for c in answers.values()) == 80
        assert turned_away > 0 and sum(tried.values()) + turned_away == 80, answers
        assert rightful == 302  # signed in, to the inbox


def test_smtpd_killed_mid_data_loses_nothing_it_acknowledged(database_url):
    """Four senders deliver while smtpd is killed (SIGKILL) three times and started
    again; a sender that gets no 250 tries again, as mail servers do. Every message
    that was acknowledged is stored, and none twice."""
    with faults.deployment(database_url) as deployment:
        server, port = deployment.smtpd()
        acknowledged: list[str] = []
        lock = threading.Lock()
        per_sender = 40

        def send_all(n: int) -> None:
            for i in range(per_sender):
                marker = f"fault-{n}-{i}"
                message = mail(f"sender{n}@example.net", f"Hello, a note ({marker}).", marker)
                while True:
                    try:
                        with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
                            smtp.send_message(message)
                        break
                    except (OSError, smtplib.SMTPException):
                        wait_for(lambda: faults.port_open(port), "smtpd back")
                with lock:
                    acknowledged.append(marker)

        senders = [threading.Thread(target=send_all, args=(n,)) for n in range(4)]
        for thread in senders:
            thread.start()
        kills = 0
        for threshold in (20, 60, 100):
            wait_for(lambda t=threshold: len(acknowledged) >= t, f"{threshold} messages")
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
            kills += 1
            server, _ = deployment.smtpd(port)
        for thread in senders:
            thread.join(timeout=600)
        stored = deployment.shell(
            "from collections import Counter\n"
            "from between.messaging.models import Message\n"
            "c = Counter(m.subject for m in Message.objects.filter("
            "from_address__startswith='sender'))\n"
            "print(len(c), sum(c.values()))"
        ).splitlines()[-1]
        distinct, total = (int(x) for x in stored.split())
        print(
            f"\nsmtpd killed {kills} times: {4 * per_sender} sent, {len(acknowledged)} "
            f"acknowledged, {distinct} stored, {total - distinct} stored twice, "
            f"{len(acknowledged) - distinct} acknowledged but lost"
        )
        assert len(acknowledged) == 4 * per_sender
        assert distinct == len(acknowledged) and total == distinct

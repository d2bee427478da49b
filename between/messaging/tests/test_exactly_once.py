"""Sends go to the provider once, and a dead worker's tasks are taken over."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from between.messaging import send_claims, tasks, workers
from between.messaging.models import Outbound, Page, WorkerBeat
from between.messaging.transport import register_pager, register_transport
from between.web import worker as worker_module


class CountingTransport:
    sent: list[int] = []

    def send(self, outbound):
        self.sent.append(outbound.pk)
        return f"provider-{len(self.sent)}"


class CountingPager:
    paged: list[int] = []

    def page(self, page, link):
        self.paged.append(page.pk)
        return "page-sid"


@pytest.fixture
def counted(riverside):
    CountingTransport.sent = []
    CountingPager.paged = []
    register_transport("counted", CountingTransport)
    register_pager("email", CountingPager)
    outbound = Outbound.objects.create(
        practice=riverside,
        channel="counted",
        to="+12125550123",
        kind="after_hours",
        body="x",
        created_at=timezone.now(),
    )
    yield outbound
    from between.channels.email.transport import EmailPager

    register_pager("email", EmailPager)


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_BACKEND = "database"


def beat_as(wid: str, at):
    WorkerBeat.objects.update_or_create(
        worker_id=wid,
        defaults={"backend": "database", "host": "h", "pid": 1, "started_at": at, "beat_at": at},
    )


@pytest.mark.django_db
def test_a_second_task_for_a_sent_reply_sends_nothing(counted):
    tasks.deliver.call(counted.pk)
    tasks.deliver.call(counted.pk)
    counted.refresh_from_db()
    assert CountingTransport.sent == [counted.pk]
    assert counted.status == "sent" and counted.attempts.count() == 1


@pytest.mark.django_db
def test_only_one_claim_wins(counted):
    now = timezone.now()
    assert send_claims.claim(Outbound, counted.pk, ["queued"], now) is True
    beat_as(workers.worker_id() or "", now)  # the holder (this process) is alive
    Outbound.objects.filter(pk=counted.pk).update(claimed_by="live-worker")
    beat_as("live-worker", now)
    assert send_claims.claim(Outbound, counted.pk, ["queued"], now) is False


@pytest.mark.django_db
def test_a_claim_held_by_a_dead_worker_is_taken_over(counted):
    now = timezone.now()
    Outbound.objects.filter(pk=counted.pk).update(
        status="sending", claimed_by="killed-worker", claimed_at=now - timedelta(seconds=20)
    )
    beat_as("killed-worker", now - workers.DEAD_AFTER - timedelta(seconds=1))
    assert tasks.deliver.call(counted.pk) == "sent"
    assert CountingTransport.sent == [counted.pk]


@pytest.mark.django_db
def test_a_claim_held_by_a_live_worker_waits_until_it_lapses(counted):
    now = timezone.now()
    beat_as("slow-worker", now)
    Outbound.objects.filter(pk=counted.pk).update(
        status="sending", claimed_by="slow-worker", claimed_at=now
    )
    assert tasks.deliver.call(counted.pk) == "sending"
    assert CountingTransport.sent == []
    Outbound.objects.filter(pk=counted.pk).update(
        claimed_at=now - send_claims.CLAIM_LAPSES_AFTER - timedelta(seconds=1)
    )
    assert tasks.deliver.call(counted.pk) == "sent"
    assert CountingTransport.sent == [counted.pk]


@pytest.mark.django_db
def test_a_page_claim_lapses_in_seconds(riverside, counted):
    now = timezone.now()
    page = Page.objects.create(
        practice=riverside,
        audience="clinician",
        name="Dr. Rivera",
        email="rivera@example.org",
        created_at=now,
        status="sending",
        claimed_by="slow-worker",
        claimed_at=now - send_claims.PAGE_CLAIM_LAPSES_AFTER - timedelta(seconds=1),
    )
    beat_as("slow-worker", now)
    assert page.pk in tasks._dropped_claims(Page, now)
    assert tasks.send_page.call(page.pk) == "sent"
    assert CountingPager.paged == [page.pk]


@pytest.mark.django_db
def test_the_tasks_of_a_worker_that_stopped_beating_go_back_in_the_queue(database_backend, counted):
    now = timezone.now()
    long_ago = now - timedelta(minutes=5)
    dead, live, unknown = (
        tasks.deliver.enqueue(counted.pk),
        tasks.deliver.enqueue(counted.pk),
        tasks.deliver.enqueue(counted.pk),
    )
    beat_as("dead", now - workers.DEAD_AFTER - timedelta(seconds=1))
    beat_as("live", now)
    for result, wid, started in ((dead, "dead", long_ago), (live, "live", long_ago)):
        DBTaskResult.objects.filter(pk=result.id).update(
            status="RUNNING", worker_ids=[wid], started_at=started
        )
    # A worker we never heard from, whose task only just started: left alone for now.
    DBTaskResult.objects.filter(pk=unknown.id).update(
        status="RUNNING", worker_ids=["db_worker-7"], started_at=now
    )
    assert workers.reclaim_dead_tasks(now) == 1
    statuses = {str(k): v for k, v in DBTaskResult.objects.values_list("id", "status")}
    assert statuses[dead.id] == "READY" and statuses[live.id] == "RUNNING"
    assert statuses[unknown.id] == "RUNNING"
    later = now + workers.DEAD_AFTER + timedelta(seconds=1)
    beat_as("live", later)
    assert workers.reclaim_dead_tasks(later) == 1  # the unknown one, now overdue
    assert DBTaskResult.objects.get(pk=live.id).status == "RUNNING"


@pytest.mark.django_db
def test_the_worker_waits_out_a_database_outage_and_carries_on(
    database_backend, counted, monkeypatch
):
    tasks.deliver.enqueue(counted.pk)
    real_ready = DBTaskResult.objects.ready
    outages = iter([True, True, True])

    def flaky_ready():
        if next(outages, False):
            raise OperationalError("server closed the connection unexpectedly")
        return real_ready()

    monkeypatch.setattr(DBTaskResult.objects, "ready", flaky_ready)
    pauses: list[float] = []
    monkeypatch.setattr(worker_module.Pause, "take", lambda self, stop: pauses.append(self.next))
    # The test's own transaction holds the one connection: nothing may close it.
    monkeypatch.setattr(worker_module, "_forget_connections", lambda: None)
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    worker_module.make_db_worker(batch=True).run()
    counted.refresh_from_db()
    assert counted.status == "sent" and CountingTransport.sent == [counted.pk]
    assert len(pauses) == 3


def test_pauses_grow_to_a_ceiling():
    pause = worker_module.Pause(first=0.5, longest=4)
    stop = threading.Event()
    stop.set()  # no real waiting
    assert [pause.take(stop) for _ in range(6)] == [0.5, 1, 2, 4, 4, 4]
    pause.reset()
    assert pause.take(stop) == 0.5


@pytest.mark.django_db
def test_a_task_that_meets_an_outage_goes_back_in_the_queue(database_backend, counted, monkeypatch):
    tasks.deliver.enqueue(counted.pk)
    calls = []

    def send_once_the_database_is_back(self, outbound):
        calls.append(outbound.pk)
        if len(calls) == 1:
            raise OperationalError("the database went away mid-task")
        return "provider-1"

    monkeypatch.setattr(CountingTransport, "send", send_once_the_database_is_back)
    monkeypatch.setattr(worker_module.Pause, "take", lambda self, stop: None)
    # The test's own transaction holds the one connection: nothing may close it.
    monkeypatch.setattr(worker_module, "_forget_connections", lambda: None)
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    worker_module.make_db_worker(batch=True).run()
    counted.refresh_from_db()
    assert counted.status == "sent" and len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_once_per_sender_holds_when_two_messages_arrive_together(
    policy_version, consenting, monkeypatch
):
    """Two threads, two connections, one client: the second decision waits for the first
    and reads its reply (PostgreSQL's advisory lock; SQLite's IMMEDIATE transactions)."""
    if connection.vendor == "sqlite":
        pytest.skip("pytest's SQLite is in memory with a shared cache; faults suite covers it")
    from between.messaging import pipeline
    from between.messaging.tests.test_pipeline import sms
    from between.testing.waiting import wait_for

    # Each decision pauses between reading the history and writing its reply until the
    # other one has read its history too, or is seen waiting for the sender's lock.
    # Without the lock both read an empty history and both reply.
    inside: list[str] = []
    real_history = pipeline.history_for

    def other_is_inside_or_waiting(me: str) -> bool:
        if any(name != me for name in inside):
            return True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            return cursor.fetchone()[0] > 0

    def history_then_wait(practice, inbound):
        found = real_history(practice, inbound)
        inside.append(inbound.dedupe_key)
        wait_for(lambda: other_is_inside_or_waiting(inbound.dedupe_key), "the other decision")
        return found

    monkeypatch.setattr(pipeline, "history_for", history_then_wait)
    results: list[object] = []

    def deliver(key: str) -> None:
        from django.db import connections

        try:
            results.append(pipeline.ingest(sms("Can we move Thursday?", key=key)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver, args=(k,)) for k in ("SMa", "SMb")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(results) == 2
    assert Outbound.objects.filter(kind="after_hours").count() == 1


@pytest.mark.django_db
def test_a_page_nobody_acknowledged_is_escalated_by_the_sweep_when_its_check_is_lost(
    database_backend, riverside, clinical_message
):
    now = timezone.now()

    def page(sent_ago: timedelta, **extra) -> Page:
        return Page.objects.create(
            practice=riverside,
            message=extra.pop("message", clinical_message),
            audience="clinician",
            name="Dr. Rivera",
            phone="+12125550142",
            status="sent",
            created_at=now - sent_ago,
            sent_at=now - sent_ago,
            **extra,
        )

    overdue = page(timedelta(minutes=11))  # no policy: the check is due after 10 minutes
    page(timedelta(minutes=5), step=1)  # a sibling not yet due changes nothing
    assert tasks._escalate_overdue(now) == 1
    queued = DBTaskResult.objects.filter(task_path="between.messaging.escalation.escalate")
    assert [r.args_kwargs["args"] for r in queued] == [[overdue.pk]]

    Page.objects.filter(pk=overdue.pk).update(acknowledged_at=now, status="acknowledged")
    assert tasks._escalate_overdue(now) == 0  # someone answered: nothing to escalate


@pytest.mark.django_db
def test_a_retry_whose_deferred_task_is_lost_is_sent_when_overdue(counted):
    from between.messaging.models import DeliveryAttempt

    now = timezone.now()
    Outbound.objects.filter(pk=counted.pk).update(status="retrying")
    DeliveryAttempt.objects.create(
        outbound=counted, number=1, at=now - timedelta(seconds=40), outcome="temporary"
    )
    assert tasks._overdue_retries(now) == []  # due after 30 s, plus the grace
    later = now + tasks.RETRY_GRACE
    assert tasks._overdue_retries(later) == [(counted.pk, 2)]
    assert tasks.requeue_stale(later) == 1  # the immediate backend sends it at once
    counted.refresh_from_db()
    assert counted.status == "sent" and CountingTransport.sent == [counted.pk]


@pytest.mark.django_db
def test_a_page_aimed_at_the_practices_own_number_goes_to_the_next_person(
    database_backend, riverside, clinical_message, counted
):
    from between.messaging.models import Endpoint

    Endpoint.objects.create(practice=riverside, kind="phone", address="+12125550100")
    page = Page.objects.create(
        practice=riverside,
        message=clinical_message,
        audience="clinician",
        name="Alex",
        phone="+12125550100",  # the owner's "mobile for pages" was the practice's line
        created_at=timezone.now(),
    )
    assert tasks.send_page.call(page.pk) == "failed"
    assert CountingPager.paged == []
    from between.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="page.unreachable")
    assert "own" in event.detail["why"]
    escalations = DBTaskResult.objects.filter(task_path="between.messaging.escalation.escalate")
    assert [r.args_kwargs["args"] for r in escalations] == [[page.pk]]


@pytest.mark.django_db
def test_with_an_own_number_and_a_real_email_the_page_goes_by_email(
    riverside, clinical_message, counted
):
    from between.messaging.models import Endpoint

    Endpoint.objects.create(practice=riverside, kind="phone", address="+12125550100")
    page = Page.objects.create(
        practice=riverside,
        message=clinical_message,
        audience="clinician",
        name="Alex",
        phone="+12125550100",
        email="alex@example.org",
        created_at=timezone.now(),
    )
    assert tasks.send_page.call(page.pk) == "sent"
    assert CountingPager.paged == [page.pk]  # the email pager (CountingPager stands in)

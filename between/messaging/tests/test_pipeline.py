"""The shell pipeline: persist, decide, act; redelivery changes nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from between.core.pipeline.values import Inbound, InChannel
from between.messaging import tasks
from between.messaging.models import (
    Call,
    DeliveryAttempt,
    Message,
    Outbound,
    Page,
)
from between.messaging.pipeline import ingest, transcribed
from between.messaging.transport import DeliveryError, register_transport

NY = ZoneInfo("America/New_York")
EVENING = datetime(2026, 11, 23, 21, 0, tzinfo=NY)
CRISIS = "I can't go on, I want to kill myself tonight"


def sms(body, at=EVENING, key="SM1", sender="+12125550123"):
    return Inbound(InChannel.sms, at, sender, key, recipients=("+12125550100",), body=body)


def portal(client, body, at=EVENING, key="p1"):
    return Inbound(InChannel.portal, at, str(client.pk), key, recipients=("portal",), body=body)


@pytest.mark.django_db
def test_a_text_is_stored_decided_and_its_reply_queued_after_commit(
    policy_version, consenting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        result = ingest(sms("Can we move Thursday's appointment?"))
    message = result.message
    assert result.created and message.client == consenting
    assert message.category == "admin" and message.due_at is not None
    assert message.reasons[0].startswith("after hours: acknowledged, due Tue 24 Nov 17:00")
    assert message.policy_version == policy_version
    reply = Outbound.objects.get(in_reply_to=message)
    assert reply.kind == "after_hours" and reply.to == "+12125550123" and reply.status == "queued"
    assert len(callbacks) == 1  # the delivery waits for the commit


@pytest.mark.django_db
def test_redelivery_changes_nothing(policy_version, consenting):
    first = ingest(sms("Can we move Thursday?"))
    again = ingest(sms("Can we move Thursday?"))
    assert again.created is False and again.message == first.message
    assert Message.objects.count() == 1 and Outbound.objects.count() == 1


@pytest.mark.django_db
def test_a_number_no_practice_owns_is_not_accepted(policy_version):
    stray = Inbound(
        InChannel.sms, EVENING, "+12125550123", "SM9", recipients=("+15555550000",), body="hi"
    )
    assert ingest(stray) is None
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_crisis_in_the_portal_replies_pages_and_delivers(
    policy_version, consenting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest(portal(consenting, CRISIS))
    message = result.message
    assert message.crisis and message.category == "crisis"
    page = Page.objects.get(message=message, step=0)
    assert page.audience == "after_hours" and page.name == "Riverside on-call clinician"
    # The suite has no Twilio credentials, so that text page fails and the next person
    # (the practice owner) is paged at once rather than after the wait.
    assert page.status == "escalated"
    assert Page.objects.get(message=message, step=1).audience == "clinician"
    reply = Outbound.objects.get(in_reply_to=message)
    assert reply.kind == "crisis" and reply.status == "sent"
    assert [a.outcome for a in reply.attempts.all()] == ["sent"]


@pytest.mark.django_db
def test_the_version_in_force_when_it_arrived_judges_a_message(policy_version, owner, consenting):
    from between.policies.lifecycle import publish
    from between.policies.models import PolicyVersion

    stricter = PolicyVersion.objects.create(
        practice=policy_version.practice,
        number=2,
        created_by=owner.user,
        text=policy_version.text.replace("acknowledge: after_hours", "acknowledge: never"),
    )
    publish(
        stricter,
        owner.user,
        effective_at=datetime(2026, 12, 1, tzinfo=NY),
        now=datetime(2026, 10, 1, tzinfo=NY),
    )
    before = ingest(sms("Can we move Thursday?", key="a")).message
    after = ingest(
        sms("Can we move Thursday?", at=datetime(2026, 12, 2, 21, tzinfo=NY), key="b")
    ).message
    assert before.policy_version == policy_version and after.policy_version == stricter
    assert Outbound.objects.filter(in_reply_to=before).exists()
    assert not Outbound.objects.filter(in_reply_to=after).exists()


@pytest.mark.django_db
def test_a_voicemail_transcript_is_triaged_like_a_message(
    policy_version, consenting, django_capture_on_commit_callbacks
):
    call = Inbound(
        InChannel.voice,
        EVENING,
        "+12125550123",
        "CA1",
        recipients=("+12125550100",),
        voicemail=True,
    )
    result = ingest(call)
    stored = result.call
    assert stored.voicemail and stored.callback_due is not None and not stored.crisis
    with django_capture_on_commit_callbacks():
        decision = transcribed(stored, CRISIS)
    assert decision.crisis
    stored.refresh_from_db()
    assert stored.crisis and stored.transcript == CRISIS
    assert Page.objects.filter(call=stored).count() == 1
    assert Call.objects.count() == 1


class FlakyTransport:
    failures: list[bool] = []

    def send(self, outbound):
        if self.failures:
            permanent = self.failures.pop(0)
            raise DeliveryError("provider said no", permanent=permanent)
        return "provider-42"


@pytest.fixture
def flaky(riverside):
    register_transport("flaky", FlakyTransport)
    return Outbound.objects.create(
        practice=riverside,
        channel="flaky",
        to="+12125550123",
        kind="typed",
        body="x",
        created_at=EVENING,
    )


@pytest.mark.django_db
def test_temporary_failures_are_retried_and_every_attempt_recorded(flaky):
    FlakyTransport.failures = [False, False]
    tasks.deliver.enqueue(flaky.pk)
    flaky.refresh_from_db()
    outcomes = list(
        DeliveryAttempt.objects.filter(outbound=flaky).values_list("outcome", flat=True)
    )
    assert outcomes == ["temporary", "temporary", "sent"]
    assert flaky.status == "sent" and flaky.provider_id == "provider-42"


@pytest.mark.django_db
def test_a_permanent_failure_is_not_retried(flaky):
    FlakyTransport.failures = [True]
    tasks.deliver.enqueue(flaky.pk)
    flaky.refresh_from_db()
    assert flaky.status == "failed"
    assert list(flaky.attempts.values_list("outcome", flat=True)) == ["permanent"]


def test_backoff_doubles():
    assert [tasks.backoff(n) for n in (1, 2, 3)] == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
    ]


@pytest.mark.django_db
def test_stale_queued_deliveries_are_enqueued_again(flaky, settings):
    # Only a backend outside the database can lose a task between commit and enqueue.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    stale = timezone.now() - timedelta(days=1)
    Outbound.objects.filter(pk=flaky.pk).update(created_at=stale)
    FlakyTransport.failures = []
    assert tasks.requeue_stale() == 1
    flaky.refresh_from_db()
    assert flaky.status == "sent"
    assert tasks.requeue_stale() == 0


@pytest.mark.django_db
def test_with_the_database_backend_the_task_row_commits_with_the_message(
    policy_version, consenting, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks() as callbacks:
        result = ingest(portal(consenting, CRISIS, key="outbox"))
    assert callbacks == []  # nothing waits for the commit: the rows are in the transaction
    assert DBTaskResult.objects.count() == 3  # the crisis reply, the page, its escalation check
    assert result.message.crisis


@pytest.mark.django_db
def test_automatic_replies_go_out_in_the_clients_language(policy_version, consenting):
    consenting.language = "es"
    consenting.save()
    result = ingest(sms("Can we move Thursday's appointment?", key="es-1"))
    reply = Outbound.objects.get(in_reply_to=result.message)
    assert "llame ya al 911" in reply.body and "Los mensajes de texto no son seguros" in reply.body


@pytest.mark.django_db
def test_with_the_database_backend_a_stale_reply_is_queued_again_and_sent_once(
    flaky, settings, monkeypatch
):
    # Its first task failed on an outage (or was lost): the sweep enqueues another, and
    # however many tasks then run, the reply goes to the provider once.
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    Outbound.objects.filter(pk=flaky.pk).update(created_at=timezone.now() - timedelta(days=1))
    FlakyTransport.failures = []
    assert tasks.requeue_stale() == 1 and tasks.requeue_stale() == 1
    assert DBTaskResult.objects.count() == 2
    from between.web import worker

    monkeypatch.setattr(worker, "close_old_connections", lambda: None)  # the test's own
    worker.make_db_worker(batch=True).run()
    flaky.refresh_from_db()
    assert flaky.status == "sent" and flaky.attempts.count() == 1
    assert tasks.requeue_stale() == 0


@pytest.mark.django_db(transaction=True)
def test_the_crisis_screen_runs_before_the_transaction_opens(policy_version, consenting):
    """The learned layer's milliseconds must not hold the database's write lock."""
    from django.db import connection

    from between.core.triage import screen as real_screen

    inside: list[bool] = []

    def watching(text):
        inside.append(connection.in_atomic_block)
        return real_screen(text)

    result = ingest(sms(CRISIS), screen=watching)
    assert result.message.crisis
    call = ingest(
        Inbound(InChannel.voice, EVENING, "+12125550123", "CA9", recipients=("+12125550100",))
    ).call
    assert transcribed(call, CRISIS, screen=watching).crisis
    assert inside == [False, False]

"""The trail is complete: every view of client content, every send, every policy change.

Each kind of event is produced the way it happens in use (a page opened, a task run, a
lifecycle step), then looked up. No event may carry the client's words.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from between.audit.models import AuditEvent
from between.conftest import make_member, signed_in
from between.core.pipeline.values import Inbound, InChannel
from between.core.policy import reference_policy_text
from between.messaging.models import Outbound, Page
from between.messaging.pipeline import ingest
from between.policies.lifecycle import approve, publish, return_to_draft, submit
from between.policies.models import PolicyVersion

NY = ZoneInfo("America/New_York")
EVENING = datetime(2026, 11, 23, 21, 0, tzinfo=NY)
CRISIS = "I can't go on, I want to kill myself tonight"
WORDS = ("my homework went badly", "panic attacks", "kill myself", "Thursday", "Test Client")


def actions(**lookup):
    return list(AuditEvent.objects.filter(**lookup).values_list("action", flat=True))


def assert_no_client_words():
    for event in AuditEvent.objects.all():
        text = " ".join(
            [event.actor_label, event.action, event.object_type, event.object_id, str(event.detail)]
        )
        for words in WORDS:
            assert words.lower() not in text.lower(), (event.action, words)


@pytest.mark.django_db
def test_opening_a_message_a_client_and_the_callbacks_is_recorded(
    client, owner, clinical_message, client_record, voicemail
):
    signed_in(client, owner)
    client.get(reverse("message", args=[clinical_message.pk]))
    client.get(reverse("client", args=[client_record.pk]))
    client.get(reverse("callbacks"))
    viewed = AuditEvent.objects.get(action="message.viewed")
    assert (viewed.object_type, viewed.object_id) == ("messaging.message", str(clinical_message.pk))
    assert viewed.actor == owner.user and viewed.practice == owner.practice
    assert AuditEvent.objects.get(action="client.viewed").object_id == str(client_record.pk)
    calls = AuditEvent.objects.get(action="calls.viewed")
    assert calls.detail == {"calls": [voicemail.pk], "transcripts": True}
    assert_no_client_words()


@pytest.mark.django_db
def test_opening_client_content_in_the_admin_is_recorded(
    client, clinical_message, client_record, voicemail
):
    from django.contrib.auth import get_user_model

    # The admin answers operators only; what they open is recorded all the same.
    operator = get_user_model().objects.create_superuser("operator", "op@example.org", "x")
    client.force_login(operator)
    for name, obj in (
        ("admin:messaging_message_change", clinical_message),
        ("admin:messaging_call_change", voicemail),
        ("admin:clients_client_change", client_record),
    ):
        assert client.get(reverse(name, args=[obj.pk])).status_code == 200
    seen = AuditEvent.objects.filter(action="admin.viewed")
    assert sorted(seen.values_list("object_type", flat=True)) == [
        "clients.client",
        "messaging.call",
        "messaging.message",
    ]


@pytest.mark.django_db
def test_a_staff_reply_is_recorded_when_written_and_when_sent(
    client, owner, consenting, clinical_message, django_capture_on_commit_callbacks
):
    signed_in(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("message-reply", args=[clinical_message.pk]),
            {"body": "Let us talk about it on Tuesday."},
        )
    sent = Outbound.objects.get(in_reply_to=clinical_message)
    assert sent.status == "sent"
    events = AuditEvent.objects.filter(object_type="messaging.outbound", object_id=str(sent.pk))
    assert sorted(e.action for e in events) == ["message.replied", "outbound.sent"]
    delivered = events.get(action="outbound.sent")
    assert delivered.detail == {"kind": "typed", "channel": "portal", "attempt": 1}
    assert delivered.actor_label == "system" and delivered.practice == owner.practice
    assert_no_client_words()


@pytest.mark.django_db
def test_automatic_replies_and_crisis_pages_are_recorded_as_they_go_out(
    policy_version, consenting, owner, django_capture_on_commit_callbacks
):
    owner.email = "owner@riverside.example"
    owner.save()
    inbound = Inbound(
        InChannel.portal, EVENING, str(consenting.pk), "p1", recipients=("portal",), body=CRISIS
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = ingest(inbound).message
    reply = Outbound.objects.get(in_reply_to=message)
    sent = AuditEvent.objects.get(action="outbound.sent", object_id=str(reply.pk))
    assert sent.detail["kind"] == reply.kind != "typed"
    first = Page.objects.get(message=message, step=0)
    # No Twilio in the suite: the text page fails, and that is on record too.
    assert actions(object_type="messaging.page", object_id=str(first.pk)) == [
        "page.escalated",
        "page.failed",
        "page.created",
    ]
    assert "page.sent" in actions(object_type="messaging.page")  # the owner, by email
    assert_no_client_words()


@pytest.mark.django_db
def test_every_policy_step_is_recorded(riverside, owner):
    supervisor = make_member(riverside, "super", "supervisor")
    text = reference_policy_text().replace("approval_required: false", "approval_required: true")
    version = PolicyVersion.objects.create(
        practice=riverside, number=1, text=text, created_by=owner.user
    )
    submit(version, owner.user)
    return_to_draft(version, owner.user)
    submit(version, owner.user)
    approve(version, supervisor)
    now = datetime(2026, 9, 1, 12, tzinfo=UTC)
    publish(version, owner.user, effective_at=now + timedelta(days=1), now=now)
    assert actions(object_type="policies.policyversion", object_id=str(version.pk))[::-1] == [
        "policy.submitted",
        "policy.returned_to_draft",
        "policy.submitted",
        "policy.approved",
        "policy.published",
        "policy.notices_sent",
    ]
    approved = AuditEvent.objects.get(action="policy.approved")
    assert approved.actor == supervisor.user


@pytest.mark.django_db
def test_exporting_a_record_is_recorded(client, owner, client_record):
    signed_in(client, owner)
    client.get(reverse("client-export-json", args=[client_record.pk]))
    event = AuditEvent.objects.get(action="client.exported")
    assert (event.object_type, event.object_id) == ("clients.client", str(client_record.pk))
    assert event.detail == {"format": "json"} and event.actor == owner.user

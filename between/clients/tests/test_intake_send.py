"""Sending the intake link from the client page, by email or by text."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from between.audit.models import AuditEvent
from between.clients.links import resolve
from between.clients.models import Consent, IntakeInvitation
from between.conftest import signed_in
from between.core.privacy_lint import lint
from between.messaging.models import Outbound

LINK = re.compile(r"https?://\S+/intake/([\w.-]+)/")


def contact(client_record, kind):
    return client_record.contacts.get(kind=kind)


@pytest.mark.django_db
def test_sent_by_email_in_the_clients_language_with_nothing_clinical(
    client, owner, client_record, policy_version, django_capture_on_commit_callbacks
):
    client_record.language = "es"
    client_record.save()
    signed_in(client, owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("client-intake-send", args=[client_record.pk]),
            {"to": contact(client_record, "email").pk},
        )
    assert response.status_code == 302
    (sent,) = mail.outbox
    assert sent.to == ["test@example.com"]
    assert sent.subject == "Su acuerdo de comunicación con Riverside Counseling"
    assert "le invita a leer cómo nos comunicamos entre sesiones" in sent.body
    token = LINK.search(sent.body).group(1)
    found = resolve(token)
    assert found.state == "ok" and found.invitation.client == client_record
    assert client_record.name not in sent.body and "Test" not in sent.subject
    codes = {p.code for p in lint(sent.body, client_names=[client_record.name], channel="email")}
    assert not codes & {"client_name", "quotes_client", "clinical_detail"}
    outbound = Outbound.objects.get(kind="intake_link")
    assert outbound.status == "sent" and outbound.created_by == owner.user
    assert found.invitation.sent_message == outbound
    event = AuditEvent.objects.get(action="client.intake_link_sent")
    assert event.detail["channel"] == "email" and event.detail["outbound"] == outbound.pk
    assert "example.com" not in str(event.detail)


@pytest.mark.django_db
def test_sent_by_text_short_and_through_the_outbound_queue(
    client, owner, client_record, policy_version
):
    signed_in(client, owner)
    response = client.post(
        reverse("client-intake-send", args=[client_record.pk]),
        {"to": contact(client_record, "phone").pk},
    )
    assert response.status_code == 302
    text = Outbound.objects.get(kind="intake_link")
    assert text.channel == "sms" and text.to == "+12125550123" and text.subject == ""
    assert LINK.search(text.body) and len(text.body) <= 320  # two segments at most
    assert "Riverside Counseling" in text.body and "Test Client" not in text.body
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_declined_channel_is_not_used_and_says_why(client, owner, client_record, policy_version):
    Consent.objects.create(
        client=client_record,
        channel="sms",
        state="withdrawn",
        recorded_at=timezone.now(),
        method="sms_keyword",
    )
    signed_in(client, owner)
    page = client.get(reverse("client", args=[client_record.pk])).content.decode()
    assert "Text to (212) 555-0123 (not possible: the client withdrew consent to texts)" in page
    response = client.post(
        reverse("client-intake-send", args=[client_record.pk]),
        {"to": contact(client_record, "phone").pk},
        follow=True,
    )
    assert "Not sent: the client withdrew consent to texts." in response.content.decode()
    assert not Outbound.objects.exists() and not IntakeInvitation.objects.exists()


@pytest.mark.django_db
def test_nothing_is_sent_without_a_policy_or_to_someone_elses_address(
    client, owner, client_record, riverside
):
    signed_in(client, owner)
    url = reverse("client-intake-send", args=[client_record.pk])
    response = client.post(url, {"to": contact(client_record, "email").pk}, follow=True)
    assert "no published policy" in response.content.decode()
    from between.clients.models import Client, ContactPoint

    other = Client.objects.create(practice=riverside, name="Other")
    theirs = ContactPoint.objects.create(client=other, kind="email", value="o@example.com")
    response = client.post(url, {"to": theirs.pk}, follow=True)
    assert "Choose an email address or phone number" in response.content.decode()
    assert not Outbound.objects.exists()


@pytest.mark.django_db
def test_the_page_shows_when_it_was_sent_and_when_it_was_used(
    client, front_desk, client_record, policy_version
):
    signed_in(client, front_desk)
    client.post(
        reverse("client-intake-send", args=[client_record.pk]),
        {"to": contact(client_record, "email").pk},
    )
    page = client.get(reverse("client", args=[client_record.pk])).content.decode()
    assert "Link out" in page and "not used yet" in page
    assert "sent by email to test@example.com" in page
    invitation = IntakeInvitation.objects.get()
    invitation.used_at = timezone.now()
    invitation.save()
    page = client.get(reverse("client", args=[client_record.pk])).content.decode()
    assert "<strong>used " in page

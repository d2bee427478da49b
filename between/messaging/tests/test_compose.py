import pytest
from django.urls import reverse

from between.clients.models import Consent
from between.conftest import signed_in
from between.messaging.models import Outbound


@pytest.mark.django_db
def test_typed_reply_over_a_consented_channel_is_queued_and_audited(
    client, owner, consenting, admin_message, django_capture_on_commit_callbacks
):
    signed_in(client, owner)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("message-reply", args=[admin_message.pk]), {"body": "Thursday at 4 works."}
        )
    assert response.status_code == 302
    sent = Outbound.objects.get(in_reply_to=admin_message)
    assert (sent.kind, sent.channel, sent.to) == ("typed", "sms", "+12125550123")
    assert sent.created_by == owner.user and len(callbacks) == 1


@pytest.mark.django_db
def test_no_typed_reply_without_consent(client, owner, client_record, admin_message):
    Consent.objects.create(
        client=client_record,
        channel="sms",
        state="withdrawn",
        recorded_at=admin_message.received_at,
        method="sms_keyword",
    )
    signed_in(client, owner)
    page = client.get(reverse("message", args=[admin_message.pk])).content.decode()
    assert "opted out of text messages (STOP)" in page and "Send reply" not in page
    assert "No other way to write to the client has their consent" in page
    client.post(reverse("message-reply", args=[admin_message.pk]), {"body": "ok"})
    assert not Outbound.objects.exists()


@pytest.mark.django_db
def test_privacy_warnings_must_be_confirmed_over_insecure_channels(
    client, owner, consenting, admin_message
):
    signed_in(client, owner)
    words = {"body": "Hi Test Client, about your panic attacks and your Zoloft dose"}
    warned = client.post(reverse("message-reply", args=[admin_message.pk]), words)
    assert warned.status_code == 200 and "Before sending, please check" in warned.content.decode()
    assert not Outbound.objects.exists()
    client.post(reverse("message-reply", args=[admin_message.pk]), {**words, "confirm": "on"})
    assert Outbound.objects.count() == 1


@pytest.mark.django_db
def test_outsider_cannot_reply(client, outsider, consenting, admin_message):
    signed_in(client, outsider)
    response = client.post(reverse("message-reply", args=[admin_message.pk]), {"body": "x"})
    assert response.status_code == 404 and not Outbound.objects.exists()


@pytest.mark.django_db
def test_inbox_filters_by_channel_and_category(client, owner, admin_message, clinical_message):
    signed_in(client, owner)
    only_sms = client.get(reverse("inbox"), {"channel": "sms"}).content.decode()
    assert f"message {admin_message.pk}<" in only_sms
    assert f"message {clinical_message.pk}<" not in only_sms
    clinical = client.get(reverse("inbox"), {"category": "clinical"}).content.decode()
    assert f"message {clinical_message.pk}<" in clinical

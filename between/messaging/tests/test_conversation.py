"""One client's conversation: what it holds, in what order, and who sees which words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from between.audit.models import AuditEvent
from between.clients.models import Consent
from between.conftest import signed_in
from between.messaging.models import Call, Message, Outbound, Page

T0 = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # 09:00 in New York


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture(autouse=True)
def _evening_of_t0():
    """The conversation is read that evening, whatever day the suite runs on.

    Consent granted "30 days ago" by the shared fixture must come before the STOP at
    T0, or the latest record would be the grant and the client would seem opted in.
    """
    with freeze_time(T0 + timedelta(hours=8), tick=True):
        yield


@pytest.fixture
def history(riverside, consenting, owner):
    c = consenting
    admin = Message.objects.create(
        practice=riverside,
        client=c,
        channel="sms",
        from_address="+12125550123",
        to_addresses=["+12125550100"],
        body="can we   move\nthursday to 4?",
        received_at=at(0),
        category="admin",
        dedupe_key="h-admin",
    )
    clinical = Message.objects.create(
        practice=riverside,
        client=c,
        channel="portal",
        from_address=str(c.pk),
        body="the breathing homework went badly",
        received_at=at(10),
        category="clinical",
        dedupe_key="h-clinical",
    )
    crisis = Message.objects.create(
        practice=riverside,
        client=c,
        channel="portal",
        from_address=str(c.pk),
        body="I want to end it tonight",
        received_at=at(20),
        category="crisis",
        crisis=True,
        signals=["suicidal_ideation"],
        dedupe_key="h-crisis",
    )
    auto = Outbound.objects.create(
        practice=riverside,
        client=c,
        in_reply_to=crisis,
        channel="portal",
        to=str(c.pk),
        kind="crisis",
        body="If you are in danger call 911 or 988.",
        created_at=at(21),
        status="sent",
        safety_exception=True,
    )
    page = Page.objects.create(
        practice=riverside,
        message=crisis,
        audience="clinician",
        name="Owner",
        created_at=at(22),
        status="acknowledged",
        acknowledged_at=at(25),
        acknowledged_by="Owner",
    )
    typed = Outbound.objects.create(
        practice=riverside,
        client=c,
        in_reply_to=admin,
        channel="sms",
        to="+12125550123",
        kind="typed",
        body="Thursday at 4 works.",
        created_at=at(30),
        status="sent",
        created_by=owner.user,
    )
    voicemail = Call.objects.create(
        practice=riverside,
        client=c,
        caller="+12125550123",
        at=at(40),
        call_id="CA-h",
        voicemail=True,
        transcript="please call me about my panic attacks",
    )
    consent = Consent.objects.create(
        client=c,
        channel="sms",
        state="withdrawn",
        recorded_at=at(50),
        method="sms_keyword",
        note="texted STOP after a hard week",
    )
    return {
        "admin": admin,
        "clinical": clinical,
        "crisis": crisis,
        "auto": auto,
        "page": page,
        "typed": typed,
        "voicemail": voicemail,
        "consent": consent,
    }


def page_of(client, member, pk):
    signed_in(client, member)
    response = client.get(reverse("client-conversation", args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_every_kind_of_item_in_time_order_in_the_practices_zone(client, owner, history, consenting):
    html = page_of(client, owner, consenting.pk)
    expected = [
        "can we   move\nthursday to 4?",
        "the breathing homework went badly",
        "I want to end it tonight",
        "If you are in danger call 911 or 988.",
        "Crisis page sent to Owner (step 1)",
        "Page acknowledged by Owner",
        "Thursday at 4 works.",
        "please call me about my panic attacks",
        "Text message: consent withdrawn",
        "texted STOP after a hard week",
    ]
    positions = [html.index(e) for e in expected]
    assert positions == sorted(positions)
    assert "Mon 7 Dec, 09:00" in html  # 14:00 UTC in New York, in words
    assert "Voicemail left" in html and "Reply typed by owner" in html
    assert html.count('badge text-bg-danger">Crisis</span>') >= 4  # message, reply, page, ack
    events = AuditEvent.objects.filter(action="client.conversation_viewed")
    assert events.count() == 1 and events.get().object_id == str(consenting.pk)
    assert "end it" not in str(events.get().detail)


@pytest.mark.django_db
def test_front_desk_sees_items_but_no_clinical_words_and_nothing_of_the_crisis(
    client, front_desk, history, consenting
):
    html = page_of(client, front_desk, consenting.pk)
    assert "can we   move\nthursday to 4?" in html and "Thursday at 4 works." in html
    assert "the breathing homework" not in html
    assert "For the clinical team: not shown to the front desk." in html
    assert "Voicemail left" in html and "panic attacks" not in html
    assert "Text message: consent withdrawn" in html and "hard week" not in html
    for crisis_word in ("end it tonight", "911", "Crisis page", "acknowledged by", "risis<"):
        assert crisis_word not in html
    assert f'href="/messages/{history["clinical"].pk}/"' not in html


@pytest.mark.django_db
def test_scoped_to_the_practice_and_the_caseload(client, outsider, clinician, consenting, history):
    for member in (outsider, clinician):  # another practice; a colleague with another caseload
        signed_in(client, member)
        url = reverse("client-conversation", args=[consenting.pk])
        assert client.get(url).status_code == 404
        reply = reverse("client-conversation-reply", args=[consenting.pk])
        assert client.post(reply, {"channel": "email", "body": "hi"}).status_code == 404
    assert not Outbound.objects.filter(kind="typed").exclude(pk=history["typed"].pk).exists()


@pytest.mark.django_db
def test_after_stop_the_composer_says_so_and_offers_the_other_channels(
    client, owner, history, consenting, django_capture_on_commit_callbacks
):
    html = page_of(client, owner, consenting.pk)
    assert "The client opted out of text messages (STOP)" in html
    assert "You can still reply by the secure portal or email." in html
    assert 'value="sms"' not in html and 'value="email"' in html and 'value="portal"' in html
    url = reverse("client-conversation-reply", args=[consenting.pk])
    refused = client.post(url, {"channel": "sms", "body": "See you Thursday.", "confirm": "on"})
    assert refused.status_code == 200
    assert "Choose one of the ways the client agreed to." in refused.content.decode()
    assert "See you Thursday." in refused.content.decode()  # nothing typed is lost
    assert Outbound.objects.filter(kind="typed").count() == 1  # the history's own
    with django_capture_on_commit_callbacks():
        sent = client.post(url, {"channel": "email", "body": "See you Thursday.", "confirm": "on"})
    assert sent.status_code == 302
    reply = Outbound.objects.filter(kind="typed").latest("id")
    assert reply.body == "See you Thursday."
    assert (reply.channel, reply.to, reply.subject) == (
        "email",
        "test@example.com",
        "Re: your message",
    )
    assert AuditEvent.objects.filter(action="message.replied", object_id=str(reply.pk)).exists()


@pytest.mark.django_db
def test_the_message_page_offers_other_channels_after_stop(client, owner, history):
    signed_in(client, owner)
    html = client.get(reverse("message", args=[history["admin"].pk])).content.decode()
    assert "opted out of text messages (STOP)" in html
    assert f'href="/clients/{history["admin"].client_id}/conversation/"' in html
    client.post(
        reverse("message-reply", args=[history["admin"].pk]),
        {"channel": "portal", "body": "Thursday at 4 is fine."},
    )
    reply = Outbound.objects.filter(kind="typed").latest("id")
    assert reply.body == "Thursday at 4 is fine."
    assert (reply.channel, reply.in_reply_to) == ("portal", history["admin"])


@pytest.mark.django_db
def test_email_reply_quotes_the_subject_once(
    client, owner, riverside, consenting, django_capture_on_commit_callbacks
):
    message = Message.objects.create(
        practice=riverside,
        client=consenting,
        channel="email",
        from_address="test@example.com",
        to_addresses=["alex@riverside.example"],
        subject="Re: RE: Next week",
        body="Wednesday?",
        received_at=T0,
        category="admin",
        dedupe_key="subject",
    )
    signed_in(client, owner)
    with django_capture_on_commit_callbacks():
        client.post(reverse("message-reply", args=[message.pk]), {"body": "Wednesday works."})
    reply = Outbound.objects.get(kind="typed")
    assert reply.subject == "Re: Next week"
    assert reply.headers["From"] == "alex@riverside.example"


@pytest.fixture
def texted(riverside, consenting):
    """One text from the client, to answer."""
    return Message.objects.create(
        practice=riverside,
        client=consenting,
        channel="sms",
        from_address="+12125550123",
        body="ok?",
        received_at=T0,
        category="admin",
        dedupe_key="texted",
    )


@pytest.mark.django_db
def test_sms_counter_is_shown_by_the_server_too(client, owner, texted):
    signed_in(client, owner)
    html = client.get(reverse("message", args=[texted.pk])).content.decode()
    assert "0 characters · 0 text messages" in html
    warned = client.post(
        reverse("message-reply", args=[texted.pk]),
        {"channel": "sms", "body": "Hi Test Client " + "a" * 150},
    ).content.decode()
    assert "Before sending, please check" in warned
    assert "165 characters · 2 text messages" in warned


@pytest.mark.django_db
def test_the_composer_names_a_number_as_staff_write_it(client, owner, consenting, texted):
    signed_in(client, owner)
    for url in (
        reverse("message", args=[texted.pk]),
        reverse("client-conversation", args=[consenting.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Text message to (212) 555-0123" in html, url
        assert "to +12125550123" not in html, url

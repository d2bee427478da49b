"""Crisis pages re-escalate until someone acknowledges, by link or by texting ACK."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from freezegun import freeze_time

from between.audit.models import AuditEvent
from between.conftest import signed_in
from between.core.pipeline.values import Inbound, InChannel
from between.messaging.escalation import ack_token, acknowledge_by_text, escalate
from between.messaging.models import Page
from between.messaging.pipeline import ingest

NY = ZoneInfo("America/New_York")
CRISIS = "I can't go on, I want to kill myself tonight"


def crisis(client, at):
    inbound = Inbound(
        InChannel.portal,
        at,
        str(client.pk),
        f"p-{at.timestamp()}",
        recipients=("portal",),
        body=CRISIS,
    )
    return ingest(inbound).message


@pytest.fixture
def owner_reachable(owner):
    owner.phone = "+12125550999"
    owner.display_name = "Olive Owner"
    owner.save()
    return owner


@pytest.mark.django_db
def test_an_unacknowledged_page_escalates_to_the_owner_last(
    policy_version, consenting, owner_reachable
):
    message = crisis(consenting, datetime(2026, 11, 23, 22, 0, tzinfo=NY))
    first = Page.objects.get(message=message)
    assert (first.step, first.audience, first.phone) == (0, "after_hours", "+12125550199")
    assert escalate.call(first.pk).startswith("escalated")
    second = Page.objects.get(message=message, step=1)
    assert second.name == "Olive Owner" and second.phone == "+12125550999"
    assert escalate.call(second.pk) == "exhausted"
    first.refresh_from_db()
    assert first.status == "escalated"
    actions = list(
        AuditEvent.objects.filter(object_type="messaging.page").values_list("action", flat=True)
    )
    assert actions.count("page.created") == 2 and "page.escalated" in actions


@pytest.mark.django_db
def test_in_office_hours_the_clients_own_clinician_is_paged(
    policy_version, consenting, owner_reachable
):
    message = crisis(consenting, datetime(2026, 11, 23, 10, 0, tzinfo=NY))
    page = Page.objects.get(message=message)
    assert (page.audience, page.name, page.phone) == ("clinician", "Olive Owner", "+12125550999")


@pytest.mark.django_db
def test_acknowledging_by_link_stops_the_escalation(client, policy_version, consenting, owner):
    message = crisis(consenting, datetime(2026, 11, 23, 22, 0, tzinfo=NY))
    page = Page.objects.get(message=message)
    url = reverse("page", args=[ack_token(page)])
    assert client.get(url).status_code == 302  # sign in first
    signed_in(client, owner)
    shown = client.get(url).content.decode()
    assert "You were paged" in shown and CRISIS not in shown
    assert client.post(url).url == reverse("message", args=[message.pk])
    page.refresh_from_db()
    assert page.acknowledged_at is not None and page.acknowledged_by == owner.display_name
    assert escalate.call(page.pk) == "acknowledged"
    assert Page.objects.filter(message=message).count() == 1
    assert "acknowledged by" in client.get(reverse("message", args=[message.pk])).content.decode()


@pytest.mark.django_db
def test_an_outsider_cannot_open_or_acknowledge_a_page(
    client, policy_version, consenting, outsider
):
    message = crisis(consenting, datetime(2026, 11, 23, 22, 0, tzinfo=NY))
    page = Page.objects.get(message=message)
    signed_in(client, outsider)
    url = reverse("page", args=[ack_token(page)])
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    page.refresh_from_db()
    assert page.acknowledged_at is None


@pytest.mark.django_db
def test_acknowledging_by_text(policy_version, consenting, riverside):
    paged_at = datetime(2026, 11, 23, 22, 0, tzinfo=NY)
    message = crisis(consenting, paged_at)
    with freeze_time(paged_at + timedelta(minutes=4)):  # the on-call answers the page
        assert acknowledge_by_text(riverside, "+12125550199", "hello") is None
        assert acknowledge_by_text(riverside, "+19999999999", "ACK") is None
        assert acknowledge_by_text(riverside, "+12125550199", " ack. ") == 1
        page = Page.objects.get(message=message)
        assert page.acknowledged_by == "Riverside on-call clinician (text)"
        assert acknowledge_by_text(riverside, "+12125550199", "ACK") is None  # none left open


@pytest.mark.django_db
def test_an_ack_a_day_after_the_page_stops_nothing(policy_version, consenting, riverside):
    """ACK is an answer to a page of the last day, not to any page the number ever got."""
    paged_at = datetime(2026, 11, 23, 22, 0, tzinfo=NY)
    message = crisis(consenting, paged_at)
    with freeze_time(paged_at + timedelta(days=1, minutes=1)):
        assert acknowledge_by_text(riverside, "+12125550199", "ACK") is None
    assert Page.objects.get(message=message).acknowledged_at is None


@pytest.mark.django_db
def test_a_page_that_cannot_be_sent_escalates_at_once(
    policy_version, consenting, owner_reachable, settings
):
    from between.messaging.tasks import send_page

    settings.TWILIO_ACCOUNT_SID = ""  # texts cannot be sent: the first page fails
    message = crisis(consenting, datetime(2026, 11, 23, 22, 0, tzinfo=NY))
    first = Page.objects.get(message=message, step=0)
    send_page.enqueue(first.pk)
    first.refresh_from_db()
    assert first.status == "escalated"
    assert Page.objects.get(message=message, step=1).name == "Olive Owner"

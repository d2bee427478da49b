"""A paged colleague texts ACK to the practice number: the escalation stops."""

import pytest

from between.channels.sms.tests.support import CRISIS, post, sms_form
from between.messaging.models import Message, Page


@pytest.mark.django_db
def test_texting_ack_acknowledges_the_page_and_is_not_queued(
    client, twilio_settings, policy_version, consenting, owner, django_capture_on_commit_callbacks
):
    owner.phone = "+12125550999"
    owner.save()
    with django_capture_on_commit_callbacks():
        assert post(client, "/hooks/sms/", sms_form(CRISIS)).status_code == 200
    page = Page.objects.get()
    assert page.phone == "+12125550999" and page.acknowledged_at is None

    answer = post(
        client, "/hooks/sms/", sms_form("ACK", sid="SM" + "2" * 32, sender="+12125550999")
    )
    assert answer.status_code == 200 and b"acknowledged, thank you" in answer.content
    page.refresh_from_db()
    assert page.acknowledged_at is not None
    assert Message.objects.count() == 1  # the ACK is not a client's message

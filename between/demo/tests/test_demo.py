import pytest
from django.core.management import call_command
from django.urls import reverse

from between.clients.models import Client, Consent
from between.demo import data
from between.messaging.models import Call, Message
from between.messaging.own_addresses import is_own
from between.practices.models import Absence, Membership, Practice


@pytest.mark.django_db
def test_demo_loads_once_and_again_changes_nothing(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    counts = (
        Client.objects.count(),
        Message.objects.count(),
        Call.objects.count(),
        Consent.objects.count(),
        Absence.objects.count(),
    )
    call_command("demo")
    assert (
        Client.objects.count(),
        Message.objects.count(),
        Call.objects.count(),
        Consent.objects.count(),
        Absence.objects.count(),
    ) == counts
    assert "user 'alex' with password 'between-demo'" in first
    assert counts[0] == 12 and counts[4] == 1
    assert Practice.objects.get().name == "Riverside Counseling"


@pytest.mark.django_db
def test_demo_has_the_promised_spread():
    call_command("demo")
    categories = set(Message.objects.values_list("category", flat=True))
    assert {"admin", "clinical", "boundary", "crisis"} <= categories
    assert Message.objects.filter(crisis=True).count() == 1
    assert set(Message.objects.values_list("channel", flat=True)) >= {"email", "sms", "portal"}
    assert Call.objects.filter(voicemail=True).exists()
    assert Call.objects.filter(voicemail=False, callback_due=None).exists()
    assert Message.objects.filter(client=None).exists()  # an unknown sender
    # Every message went through the pipeline: a due time, reasons, and the category the
    # demo's author meant.
    for spec in data.MESSAGES:
        message = Message.objects.get(dedupe_key=spec.key)
        assert message.category == spec.category, spec.key
        assert message.due_at is not None and message.reasons
    crisis = Message.objects.get(crisis=True)
    assert crisis.pages.count() == 1 and crisis.outbound.get().kind == "crisis"
    assert Message.objects.get(dedupe_key="demo-9").flags.count("channel_not_for_need") == 1


@pytest.mark.django_db
def test_every_demo_staff_member_can_be_paged_on_a_phone_of_their_own():
    """The demo's owner once had the practice's texting number as his page phone, so in
    office hours (when he is first in the chain) his page went to the practice itself
    and was skipped to the on-call clinician."""
    call_command("demo")
    members = Membership.objects.filter(practice__slug=data.PRACTICE_SLUG)
    assert members.count() == len(data.STAFF)
    for member in members:
        assert member.phone and not is_own(member.phone), member.display_name


@pytest.mark.django_db
def test_demo_user_signs_in_and_sees_the_inbox_crisis_first(client):
    call_command("demo")
    response = client.post(
        reverse("login"), {"username": data.DEMO_USERNAME, "password": data.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(reverse("inbox")).content.decode()
    assert "Riverside Counseling" in page
    assert page.index("Crisis — now") < page.index("Daniel Okafor")

import pytest
from django.urls import reverse

from between.conftest import signed_in


@pytest.mark.django_db
def test_voicemails_listed_with_window_and_marked_done(client, owner, voicemail):
    voicemail.callback_window = "Wed 12:00–13:00"
    voicemail.save()
    signed_in(client, owner)
    page = client.get(reverse("callbacks")).content.decode()
    assert "Wed 12:00–13:00" in page and "panic attacks" in page
    client.post(reverse("call-done", args=[voicemail.pk]))
    voicemail.refresh_from_db()
    assert voicemail.status == "done"
    assert "Wed 12:00–13:00" not in client.get(reverse("callbacks")).content.decode()


@pytest.mark.django_db
def test_outsider_cannot_close_a_callback(client, outsider, voicemail):
    signed_in(client, outsider)
    assert client.post(reverse("call-done", args=[voicemail.pk])).status_code == 404
    voicemail.refresh_from_db()
    assert voicemail.status == "open"


@pytest.mark.django_db
def test_the_front_desk_returns_calls_but_never_sees_a_crisis_call(
    client, front_desk, voicemail, riverside, client_record
):
    from django.utils import timezone

    from between.messaging.models import Call

    crisis = Call.objects.create(
        practice=riverside,
        client=client_record,
        caller="+12125550123",
        at=timezone.now(),
        call_id="CA-crisis",
        voicemail=True,
        crisis=True,
        transcript="words",
    )
    page = signed_in(client, front_desk).get(reverse("callbacks"))
    listed = {call.pk for call in page.context["voicemails"]}
    assert voicemail.pk in listed and crisis.pk not in listed
    assert "panic attacks" not in page.content.decode()  # no transcripts at the desk
    assert client.post(reverse("call-done", args=[crisis.pk])).status_code == 404

import pytest
from django.urls import reverse
from django.utils import timezone

from between.conftest import signed_in
from between.messaging.models import Message


@pytest.mark.django_db
def test_crisis_words_are_highlighted_and_named_and_html_stays_escaped(client, owner, riverside):
    message = Message.objects.create(
        practice=riverside,
        channel="sms",
        received_at=timezone.now(),
        dedupe_key="s",
        category="crisis",
        crisis=True,
        signals=["crisis", "suicidal_ideation", "kill_self"],
        body="<b>hi</b> I want to kill myself",
    )
    signed_in(client, owner)
    page = client.get(reverse("message", args=[message.pk])).content.decode()
    assert "<mark>kill myself</mark>" in page
    assert "&lt;b&gt;hi&lt;/b&gt;" in page and "<b>hi</b>" not in page
    assert "suicidal thoughts" in page
    assert "suicidal thoughts" in client.get(reverse("inbox")).content.decode()

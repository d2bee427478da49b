"""A stranger cannot page a clinician with junk: a word sent four thousand times through
the portal, or an email with no header block, is stored and answered as policy says,
but pages no one. A real crisis sent the same ways still pages."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from between.channels.email.ingest import parse_email
from between.core import triage
from between.core.pipeline.values import Inbound, InChannel
from between.messaging.models import Message, Page
from between.messaging.pipeline import ingest

NY = ZoneInfo("America/New_York")
EVENING = datetime(2026, 11, 23, 21, 0, tzinfo=NY)
OURS = "alex@riverside-counseling.example"

pytestmark = [pytest.mark.django_db, pytest.mark.model]


@pytest.fixture(autouse=True)
def _the_shipped_reader_reads() -> None:
    assert triage.available(), triage.status().reason  # a missing reader fails, never skips


def portal(client, body: str, key: str) -> Inbound:
    return Inbound(
        InChannel.portal, EVENING, str(client.pk), key, recipients=("portal",), body=body
    )


def headerless(body: bytes, sender: str = "test@example.com") -> Inbound:
    """An email whose DATA is text alone: no From, no Subject, no blank line."""
    return parse_email(body, envelope_sender=sender, rcpt_to=[OURS], received_at=EVENING)


@pytest.mark.parametrize("word", ["help", "die", "pills", "ayuda", "😭"])
def test_one_word_four_thousand_times_in_the_portal_pages_no_one(policy_version, consenting, word):
    message = ingest(portal(consenting, " ".join([word] * 4000), key=f"spam-{word}")).message
    assert message is not None and not message.crisis
    assert not Page.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"is this still the right address for Alex? I can't find the link\r\n",
        b"asdkjh qwe zxc\r\nqwpoe asd\r\n" * 40,
        b"MIME-Version 1.0 garbage garbage garbage\r\n\r\n" + b"x" * 5000,
        b"\r\n\r\n\r\n",
        b"TEST TEST TEST TEST TEST TEST TEST TEST TEST TEST TEST TEST TEST TEST\r\n" * 50,
    ],
    ids=["a question", "keyboard mash", "broken mime", "blank lines", "test test"],
)
def test_an_email_with_no_header_block_is_stored_and_pages_no_one(policy_version, body):
    inbound = headerless(body)
    stored = ingest(inbound).message
    assert stored is not None and Message.objects.filter(pk=stored.pk).exists()
    assert not stored.crisis
    assert not Page.objects.exists()


def test_a_crisis_sent_fifty_times_in_the_portal_still_pages(policy_version, consenting):
    text = " ".join(["I have the pills saved up and I'm taking them tonight."] * 50)
    message = ingest(portal(consenting, text, key="repeat-crisis")).message
    assert message is not None and message.crisis
    assert Page.objects.filter(message=message).exists()


def test_a_crisis_in_an_email_with_no_header_block_still_pages(policy_version, consenting):
    raw = b"i cant do this anymore. i wrote letters to everyone and the pills are on the table\r\n"
    message = ingest(headerless(raw)).message
    assert message is not None and message.crisis
    assert Page.objects.filter(message=message).exists()

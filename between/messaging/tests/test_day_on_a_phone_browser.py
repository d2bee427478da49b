"""A newcomer runs a practice's day from a phone, start to finish, at 390 px.

Issue 15's test of done: add a client, send the intake link, read and answer a thread,
take a page, acknowledge it, and close the crisis with a note. Nothing is made behind
the browser's back: the client's texts arrive as Twilio posts them (signed webhooks to
the live server), and every text Between sends (the automatic replies, the page, the
typed reply) goes over HTTP to a stand-in for Twilio's Messages API, from which the
paged person's link is read as they would read it on their phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from django.core import mail
from playwright.sync_api import expect
from twilio.request_validator import RequestValidator  # type: ignore[import-untyped]

from between.audit.models import AuditEvent
from between.clients.models import Client
from between.conftest import publish_policy
from between.core.policy import reference_policy_text
from between.messaging.models import Message, Page
from between.testing.browser import assert_fits, sign_in
from between.testing.faults import TwilioStandIn
from between.testing.twilio_forms import inbound_text

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
AUTH_TOKEN = "0123456789abcdef0123456789abcdef"
ACCOUNT_SID = "AC" + "d" * 32
OUR_NUMBER = "+12125550100"  # the reference policy's text number
MAYA = "+12125550187"
# The reference policy's after-hours contact: the owner carries that phone, so the first
# page reaches them whether the test runs in office hours (the clinician is paged) or not.
OWNERS_PHONE = "+12125550199"
CRISIS = "I have the pills saved up and I'm going to take them tonight"


@pytest.fixture
def practice_day(riverside, owner):
    """Riverside on the reference policy, without its one dated absence (a page in that
    week would go to the covering colleague), and an owner whose phone takes pages."""
    text = reference_policy_text().split("\nabsences:")[0] + "\n"
    version = publish_policy(riverside, owner, text)
    owner.phone = OWNERS_PHONE
    owner.save(update_fields=["phone"])
    return version


@pytest.fixture
def twilio(page, settings) -> Iterator[TwilioStandIn]:
    stand_in = TwilioStandIn()
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.BETWEEN_TWILIO_API_URL = stand_in.url
    settings.BETWEEN_SMS_BACKEND = "twilio"
    settings.BETWEEN_SMS_FROM = ""
    try:
        yield stand_in
    finally:
        stand_in.close()


def client_texts(base_url: str, body: str, sid: str) -> None:
    """Maya texts the practice: Twilio's webhook, signed over the public URL."""
    url = f"{base_url}/hooks/sms/"
    form = inbound_text(MAYA, OUR_NUMBER, body, account_sid=ACCOUNT_SID, sid=sid)
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, form)
    answer = httpx.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=30)
    assert answer.status_code == 200, answer.text


def texts_to(stand_in: TwilioStandIn, number: str) -> list[str]:
    return [t["Body"] for t in stand_in.sent if t.get("To") == number]


def fits(page, name: str) -> None:
    assert_fits(page, 390, f"phone-day-{name}")


def test_a_day_at_the_practice_from_a_phone(page, live_server, owner, practice_day, twilio):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, owner)

    # 1. Add a client, with her phone, email and consent to texts and email.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Clients").click()
    page.get_by_role("link", name="Add your first client").click()
    page.get_by_label("Name").fill("Maya Torres")
    page.get_by_label("Clinician").select_option(label="Owner")
    page.get_by_label("Email address 1").fill("maya.t@example.com")
    page.get_by_label("Phone number 1").fill("(212) 555-0187")
    page.get_by_label("Text message").select_option("granted")
    page.get_by_label("Email", exact=True).select_option("granted")
    page.get_by_label("How and when the client told you").fill("said yes on the phone today")
    fits(page, "add-client")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Torres")
    maya = Client.objects.get(practice=owner.practice, name="Maya Torres")
    assert maya.contacts.filter(value=MAYA).exists()

    # 2. Send her the intake link.
    page.get_by_label("Send the intake link").select_option(label="Email to maya.t@example.com")
    page.get_by_role("button", name="Send the intake link").click()
    expect(page.locator("#intake-status")).to_contain_text("Link out")
    fits(page, "intake-sent")
    [intake] = [m for m in mail.outbox if m.to == ["maya.t@example.com"]]
    assert f"{live_server.url}/intake/" in intake.body

    # 3. She texts about scheduling, then in crisis.
    client_texts(live_server.url, "Can we move Thursday's session to 3pm?", "SM" + "a" * 32)
    client_texts(live_server.url, CRISIS, "SM" + "b" * 32)
    crisis = Message.objects.get(practice=owner.practice, client=maya, crisis=True)
    scheduling = Message.objects.get(practice=owner.practice, client=maya, crisis=False)
    assert scheduling.category == "admin"
    to_maya = texts_to(twilio, MAYA)
    assert any("988" in body for body in to_maya), to_maya  # the crisis reply, at once

    # 4. The page reaches the owner's phone; they follow its link and acknowledge.
    [paged_text] = texts_to(twilio, OWNERS_PHONE)
    link = re.search(r"https?://\S+/pages/\S+/", paged_text)
    assert link is not None, paged_text
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_contain_text("You were paged")
    fits(page, "paged")
    page.get_by_role("button", name="I'm on it: acknowledge and open the message").click()
    expect(page).to_have_url(f"{live_server.url}/messages/{crisis.pk}/")
    expect(page.get_by_role("region", name="People paged")).to_contain_text("by Owner")
    fits(page, "crisis-message")
    first = Page.objects.filter(message=crisis).order_by("step").first()
    assert first is not None and first.acknowledged_at is not None

    # 5. Read the whole thread and answer the scheduling question by text.
    page.goto(f"{live_server.url}/clients/{maya.pk}/")
    page.get_by_role("link", name="Conversation with Maya Torres").click()
    timeline = page.get_by_role("list", name="Timeline")
    expect(timeline).to_contain_text("Can we move Thursday's session to 3pm?")
    expect(timeline).to_contain_text(CRISIS)
    fits(page, "thread")
    said = timeline.locator("article").filter(has_text=CRISIS)
    expect(said.locator(".badge", has_text="Crisis")).to_have_count(1)
    consent = timeline.locator("article").filter(has_text="Consent: ")
    expect(consent.get_by_text("said yes on the phone today")).to_have_count(1)
    expect(timeline.get_by_text("Intake link sent")).to_have_count(1)
    expect(page.get_by_text("Times are New York time.")).to_be_visible()
    page.get_by_label("Send by").select_option("sms")
    page.get_by_label("Your reply").fill("Thursday at 3pm works. See you then.")
    expect(page.locator("#sms-counter")).to_contain_text("1 text message")
    fits(page, "conversation")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("list", name="Timeline")).to_contain_text(
        "Thursday at 3pm works. See you then."
    )
    assert "Thursday at 3pm works. See you then." in texts_to(twilio, MAYA)

    # 6. Close the crisis with what was done.
    page.goto(f"{live_server.url}/messages/{crisis.pk}/")
    page.get_by_role("link", name="Close the crisis…").click()
    page.get_by_label("What was done, and how the client is").fill(
        "Called Maya at once; safe with her sister tonight, pills handed over, seen tomorrow."
    )
    fits(page, "close-crisis")
    page.get_by_role("button", name="Close the crisis").click()
    expect(page).to_have_url(f"{live_server.url}/inbox/")
    fits(page, "inbox-after")
    crisis.refresh_from_db()
    assert crisis.status == "done"
    closed = AuditEvent.objects.filter(practice=owner.practice, action="message.done")
    assert closed.filter(object_id=str(crisis.pk)).count() == 1

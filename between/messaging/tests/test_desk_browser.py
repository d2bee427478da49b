"""The inbox, a message and a client's conversation in Chromium, on a phone and a desk.

At 390 px (the paged clinician's phone) and 1280 px, every page fits its width (no
sideways scrolling), is kept as a screenshot in test-artifacts/, and is held to axe-core.
The composer's script is exercised too: a saved reply inserted and the SMS counter live.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from between.clients.models import Consent
from between.messaging.models import Message, Outbound, Page, SavedReply
from between.testing.browser import assert_accessible, assert_fits, screenshot, sign_in

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)


@pytest.fixture
def desk(riverside, consenting, owner):
    now = timezone.now()
    admin = Message.objects.create(
        practice=riverside,
        client=consenting,
        channel="sms",
        from_address="+12125550123",
        to_addresses=["+12125550100"],
        body="Can we move Thursday's appointment to 4? "
        + "I have a work thing that ran over. " * 4,
        received_at=now - timedelta(hours=3),
        due_at=now + timedelta(hours=5),
        category="admin",
        dedupe_key="b-admin",
    )
    email = Message.objects.create(
        practice=riverside,
        client=consenting,
        channel="email",
        from_address="test@example.com",
        to_addresses=["alex@riverside.example"],
        subject="Re: Next week",
        body="Could we move next week's session to Wednesday?",
        received_at=now - timedelta(days=2),
        due_at=now - timedelta(hours=1),
        category="admin",
        dedupe_key="b-email",
        flags=["after_hours"],
    )
    crisis = Message.objects.create(
        practice=riverside,
        client=consenting,
        channel="portal",
        from_address=str(consenting.pk),
        body="I can't go on, I want to kill myself tonight",
        received_at=now - timedelta(minutes=5),
        category="crisis",
        crisis=True,
        signals=["suicidal_ideation"],
        flags=["crisis"],
        dedupe_key="b-crisis",
    )
    Outbound.objects.create(
        practice=riverside,
        client=consenting,
        in_reply_to=crisis,
        channel="portal",
        to=str(consenting.pk),
        kind="crisis",
        body="If you are in danger, call 911 or 988.",
        created_at=now - timedelta(minutes=5),
        status="sent",
        safety_exception=True,
    )
    Page.objects.create(
        practice=riverside,
        message=crisis,
        audience="clinician",
        name="Owner",
        created_at=now - timedelta(minutes=4),
        status="sent",
    )
    Consent.objects.create(
        client=consenting,
        channel="sms",
        state="withdrawn",
        recorded_at=now - timedelta(hours=1),
        method="sms_keyword",
    )
    SavedReply.objects.create(
        practice=riverside, title="Moved", body="Your appointment is moved — see you then 🙂"
    )
    return {"admin": admin, "email": email, "crisis": crisis}


def fits(page: Any, width: int, name: str) -> None:
    assert_fits(page, width, f"desk-{name}")


@pytest.mark.parametrize("width", WIDTHS)
def test_inbox_message_and_conversation_fit_and_pass_axe(
    page, live_server, owner, desk, consenting, width
):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, owner)
    rows = page.locator("#inbox-rows .list-group-item")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Crisis — now")
    expect(rows.nth(1)).to_contain_text("(overdue)")
    expect(rows.nth(2)).to_contain_text("Can we move Thursday's appointment to 4?")
    preview = rows.nth(2).locator(".preview")
    assert len(preview.inner_text()) <= 101
    fits(page, width, "inbox")

    page.get_by_text("Search by client, sender or date").click()
    page.get_by_label("Client name").fill("test cli")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status").filter(has_text="Search results")).to_be_visible()
    assert "test" not in page.url.lower()
    expect(rows).to_have_count(3)
    fits(page, width, "inbox-search")

    page.goto(f"{live_server.url}/messages/{desk['admin'].pk}/")
    composer = page.get_by_role("region", name="Reply")
    expect(composer.get_by_role("note").first).to_contain_text("opted out of text messages (STOP)")
    channel = page.get_by_label("Send by")
    expect(channel.locator("option")).to_have_count(2)  # the portal and email, no text
    box = page.get_by_label("Your reply")
    box_width = box.bounding_box()["width"]
    column = page.locator("#composer").bounding_box()["width"]
    assert box_width > column * 0.8, (box_width, column)  # the column's width, not ~300 px
    fits(page, width, "message")

    page.goto(f"{live_server.url}/clients/{consenting.pk}/conversation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversation with Test Client")
    timeline = page.get_by_role("list", name="Timeline")
    # The consents given at intake (one item), the email and the text, the STOP, the
    # crisis, its reply and the page.
    expect(timeline.locator("article")).to_have_count(7)
    expect(timeline.locator("article").first).to_contain_text(
        "Consent: email granted, text message granted, secure portal granted, phone granted"
    )
    expect(timeline).to_contain_text("Text message: consent withdrawn")
    expect(timeline.locator("article").last).to_contain_text("Crisis page sent to Owner")
    expect(timeline.locator("article.border-danger")).to_have_count(3)
    fits(page, width, "conversation")


def test_composer_counts_sms_live_and_inserts_a_saved_reply(
    page, live_server, owner, riverside, consenting, desk
):
    from playwright.sync_api import expect

    Consent.objects.create(
        client=consenting,
        channel="sms",
        state="granted",
        recorded_at=timezone.now(),
        method="sms_keyword",
    )
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/messages/{desk['admin'].pk}/")
    expect(page.get_by_label("Send by")).to_have_value("sms")
    counter = page.locator("#sms-counter")
    box = page.get_by_label("Your reply")
    box.fill("a" * 160)
    expect(counter).to_have_text("160 characters · 1 text message")
    box.fill("a" * 161)
    expect(counter).to_have_text("161 characters · 2 text messages")
    box.fill("a" * 158 + "€")
    expect(counter).to_have_text("160 characters · 1 text message")
    box.fill("See you 🙂")
    expect(counter).to_contain_text("10 characters · 1 text message (special characters")
    box.fill("Hello. ")
    page.get_by_label("Saved reply").select_option(label="Moved")
    page.get_by_role("button", name="Insert").click()
    expect(box).to_have_value("Hello. Your appointment is moved — see you then 🙂")
    expect(counter).to_contain_text("(special characters")
    screenshot(page, "desk-composer-sms-390")
    page.get_by_label("Send by").select_option("email")
    expect(counter).to_be_hidden()
    assert_accessible(page, "composer-sms")


def test_closing_a_crisis_on_a_phone(page, live_server, owner, desk):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/messages/{desk['crisis'].pk}/")
    page.get_by_role("link", name="Close the crisis…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Close the crisis")
    page.get_by_role("button", name="Close the crisis").click()
    expect(page.get_by_text("Write what was done before closing the crisis.")).to_be_visible()
    fits(page, 390, "close-crisis-refused")
    page.get_by_label("What was done, and how the client is").fill(
        "Called client, safe, safety plan reviewed"
    )
    page.get_by_role("button", name="Close the crisis").click()
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    expect(page.locator("#inbox-rows .list-group-item")).to_have_count(2)
    page.get_by_role("link", name="Done", exact=True).click()
    done = page.locator("#inbox-rows .list-group-item")
    expect(done).to_have_count(1)
    expect(done.first).to_contain_text("Done")
    fits(page, 390, "inbox-done")
    done.first.get_by_role("link", name=re.compile("^Open")).click()
    expect(page.get_by_role("region", name="Outcome")).to_contain_text("safety plan reviewed")
    fits(page, 390, "message-closed")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_a_paged_person_lands_on_fits(page, live_server, owner, desk, width):
    from playwright.sync_api import expect

    from between.messaging.escalation import ack_token

    paged = Page.objects.get(message=desk["crisis"])
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/pages/{ack_token(paged)}/")
    expect(page.get_by_role("list", name="People paged, in order")).to_contain_text("Owner")
    fits(page, width, "paged")
    page.get_by_role("button", name="I'm on it: acknowledge and open the message").click()
    expect(page).to_have_url(f"{live_server.url}/messages/{desk['crisis'].pk}/")
    paged.refresh_from_db()
    assert paged.acknowledged_at is not None


@pytest.mark.parametrize("width", WIDTHS)
def test_saved_replies_and_closing_a_crisis_fit(page, live_server, owner, desk, width):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/saved-replies/")
    expect(page.get_by_role("heading", level=3)).to_have_text(["Moved"])
    page.get_by_label("Name").fill("Moved")
    page.get_by_label("Text").fill("A second one")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("There is already a saved reply with this name.")).to_be_visible()
    expect(page.get_by_label("Text")).to_have_value("A second one")
    fits(page, width, "saved-replies-refused")
    page.get_by_label("Name").fill("Running late")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", level=3)).to_have_text(["Moved", "Running late"])
    page.get_by_role("link", name="Edit Running late").click()
    fits(page, width, "saved-reply-edit")
    page.get_by_label("Text").fill("I'm running ten minutes late, sorry.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("I'm running ten minutes late, sorry.")
    page.get_by_role("link", name="Delete Running late").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this saved reply?")
    fits(page, width, "saved-reply-delete")
    page.get_by_role("button", name="Delete the saved reply").click()
    expect(page.get_by_role("heading", level=3)).to_have_text(["Moved"])
    fits(page, width, "saved-replies")

    page.goto(f"{live_server.url}/messages/{desk['crisis'].pk}/close/")
    fits(page, width, "close-crisis")

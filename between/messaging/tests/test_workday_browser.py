"""A working day at the desk, driven in Debian's Chromium through Playwright.

Riverside's messages and calls arrive through the real pipeline (``ingest``), as they
would from the channels, so the pages show the decisions Between actually made: the
categories, the due times, the reasons, the automatic replies and the pages. Each page
visited is checked with axe-core and kept as a screenshot in test-artifacts/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from between.conftest import PASSWORD
from between.core.pipeline.values import Inbound, InChannel
from between.messaging.models import Call, Message, Outbound
from between.messaging.pipeline import ingest, transcribed
from between.testing.browser import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser

NY = ZoneInfo("America/New_York")
OUR_ADDRESS = "alex@riverside-counseling.example"
OUR_NUMBER = "+12125550100"
CLIENT_PHONE = "+12125550123"  # the cast client's (212) 555-0123
CRISIS_WORDS = "I can't go on, I want to kill myself tonight"
NOT_FOUND = "Not found"


@dataclass
class Day:
    crisis: Message
    overdue: Message  # an email, answered automatically (it came in after hours)
    text: Message  # scheduling by text, due later
    clinical: Message  # portal, clinical words
    voicemail: Call
    hang_up: Call  # a call that left no voicemail


def _evening(days_ago: int) -> datetime:
    """21:00 in New York some days back: after hours, so the policy acknowledges it."""
    day = timezone.now().astimezone(NY) - timedelta(days=days_ago)
    return day.replace(hour=21, minute=0, second=0, microsecond=0)


def arrives(inbound: Inbound) -> Message:
    """A message taken in by the pipeline, as a channel adapter would hand it over."""
    result = ingest(inbound)
    assert result is not None and result.message is not None
    return result.message


def rings(inbound: Inbound) -> Call:
    result = ingest(inbound)
    assert result is not None and result.call is not None
    return result.call


@pytest.fixture
def day(policy_version, consenting, owner) -> Day:
    """Riverside's queue this morning, every item through the production path."""
    now = timezone.now()
    overdue_at = _evening(10)
    raw = (
        f"From: Test Client <test@example.com>\r\nTo: {OUR_ADDRESS}\r\n"
        "Subject: Next week\r\nMessage-ID: <next-week@example.com>\r\n"
        f"Date: {overdue_at:%a, %d %b %Y %H:%M:%S %z}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Could we move next week's session to Wednesday?\r\n"
    ).encode()
    overdue = arrives(
        Inbound(
            InChannel.email,
            overdue_at,
            "test@example.com",
            "next-week@example.com",
            recipients=(OUR_ADDRESS,),
            subject="Next week",
            body="Could we move next week's session to Wednesday?",
            envelope_sender="test@example.com",
            raw=raw,
        )
    )
    text = arrives(
        Inbound(
            InChannel.sms,
            now - timedelta(minutes=30),
            CLIENT_PHONE,
            "SM-thursday",
            recipients=(OUR_NUMBER,),
            body="Can we move Thursday's appointment to 4?",
        )
    )
    clinical = arrives(
        Inbound(
            InChannel.portal,
            now - timedelta(minutes=20),
            str(consenting.pk),
            "portal-homework",
            recipients=("portal",),
            body="The breathing homework went badly this week.",
        )
    )
    crisis = arrives(
        Inbound(
            InChannel.portal,
            now - timedelta(minutes=5),
            str(consenting.pk),
            "portal-crisis",
            recipients=("portal",),
            body=CRISIS_WORDS,
        )
    )
    voicemail = rings(
        Inbound(
            InChannel.voice,
            now - timedelta(hours=2),
            CLIENT_PHONE,
            "CA-voicemail",
            recipients=(OUR_NUMBER,),
            voicemail=True,
        )
    )
    transcribed(voicemail, "Hi, it's about rescheduling Friday, please call me back.")
    hang_up = rings(
        Inbound(
            InChannel.voice,
            now - timedelta(hours=1),
            "+12125550188",
            "CA-hang-up",
            recipients=(OUR_NUMBER,),
            voicemail=False,
        )
    )
    # What the pipeline decided, so a failure below is about the pages, not the set-up.
    assert crisis.crisis and crisis.category == "crisis"
    assert overdue.category == "admin" and overdue.client == consenting
    assert overdue.due_at is not None and overdue.due_at < now
    assert text.category == "admin" and text.due_at is not None and text.due_at > now
    assert clinical.category == "clinical"
    # Acknowledged on its own (an out-of-office reply instead, in an absence of the policy's).
    assert Outbound.objects.get(in_reply_to=overdue).kind in ("after_hours", "out_of_office")
    return Day(
        crisis=crisis,
        overdue=overdue,
        text=text,
        clinical=clinical,
        voicemail=Call.objects.get(pk=voicemail.pk),
        hang_up=hang_up,
    )


@pytest.fixture
def browser_page(chromium_browser, live_server, settings):
    """A fresh browser context (no cookies) and its page, pointed at the live server."""
    settings.BETWEEN_BASE_URL = live_server.url
    context = chromium_browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def visit(page: Any, name: str) -> None:
    """Every page the day passes through is looked at, and held to axe-core."""
    page.wait_for_load_state()
    screenshot(page, f"workday-{name}")
    assert_accessible(page, name)


def inbox_rows(page: Any) -> Any:
    return page.locator("#inbox-rows .list-group-item")


def row_of(page: Any, message: Message) -> Any:
    return inbox_rows(page).filter(has=page.locator(f"a[href='/messages/{message.pk}/']"))


# -- sign in --------------------------------------------------------------------------------


def test_sign_in_with_a_wrong_then_the_right_password(browser_page, live_server, owner):
    from playwright.sync_api import expect

    page = browser_page
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/"))
    visit(page, "01-sign-in")

    page.get_by_label("Username").fill(owner.user.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("That username and password do not match. Please try again.")
    visit(page, "02-sign-in-refused")

    page.get_by_label("Username").fill(owner.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    expect(page.locator(".who")).to_contain_text("Riverside Test")


def test_keyboard_only_sign_in_and_skip_link(browser_page, live_server, owner):
    from playwright.sync_api import expect

    page = browser_page
    page.goto(f"{live_server.url}/login/")

    # The username field has the focus from the start (Django's autofocus).
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(owner.user.username)
    expect(page.locator("#id_username")).to_have_value(owner.user.username)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    expect(page.locator("#id_password")).to_have_value(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    # Keys go to the new page only once it has loaded (a condition, not a pause).
    page.wait_for_load_state()

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    # The skip link comes on screen when focused, with the focus ring drawn.
    expect(skip).to_have_css("outline-style", "solid")
    expect(skip).to_have_css("outline-width", "3px")
    expect(skip).to_have_css("outline-color", "rgb(27, 31, 36)")
    expect(skip).to_be_in_viewport()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0, box
    screenshot(page, "workday-03-skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    # The next Tab goes into the page, past the navigation: the inbox's first filter.
    page.keyboard.press("Tab")
    first = page.get_by_role("navigation", name="Which messages").get_by_role("link", name="Open")
    expect(first).to_be_focused()
    expect(first).to_have_css("outline-style", "solid")


# -- triage -----------------------------------------------------------------------------------


def test_triage_the_inbox(browser_page, live_server, owner, day):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, owner)
    rows = inbox_rows(page)
    expect(rows).to_have_count(4)
    visit(page, "10-inbox")

    # Crisis first, then the overdue one, then by due time.
    later = sorted([day.text, day.clinical], key=lambda m: (m.due_at, m.received_at))
    for i, m in enumerate([day.crisis, day.overdue, *later]):
        expect(rows.nth(i).get_by_role("link", name=re.compile("^Open"))).to_have_attribute(
            "href", f"/messages/{m.pk}/"
        )
    expect(rows.nth(0)).to_have_class(re.compile(r"\bcrisis\b"))
    expect(rows.nth(0)).to_contain_text("Crisis — now")
    expect(rows.nth(0)).to_contain_text("suicidal thoughts")
    expect(rows.nth(1)).to_contain_text("(overdue)")
    expect(rows.nth(1)).to_contain_text("after hours")

    # The filters answer over htmx: the rows change, the address follows.
    page.get_by_label("Channel").select_option("sms")
    expect(rows).to_have_count(1)
    expect(row_of(page, day.text)).to_have_count(1)
    expect(page).to_have_url(re.compile(r"channel=sms"))
    visit(page, "11-inbox-texts")
    page.get_by_label("Channel").select_option("")
    page.get_by_label("Category").select_option("clinical")
    expect(rows).to_have_count(1)
    expect(row_of(page, day.clinical)).to_have_count(1)
    page.get_by_label("Category").select_option("other")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nothing is waiting")
    page.get_by_label("Category").select_option("")
    expect(rows).to_have_count(4)

    # The overdue email: what Between decided and the reply it sent on its own.
    row_of(page, day.overdue).get_by_role("link", name=re.compile("^Open")).click()
    expect(page).to_have_url(f"{live_server.url}/messages/{day.overdue.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Email from Test Client")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("What Between did")
    for reason in day.overdue.reasons:
        expect(facts).to_contain_text(reason)
    sent = page.get_by_role("region", name="Sent")
    expect(sent).to_contain_text("Sent")
    auto = Outbound.objects.get(in_reply_to=day.overdue)
    label = auto.kind.replace("_", " ")
    expect(sent).to_contain_text(f"Automatic {label} reply by email to test@example.com")
    expect(sent).to_contain_text(auto.body.split("\n")[0])
    sent.get_by_text("Delivery attempts").click()
    expect(sent.locator("details ol")).to_contain_text("Sent")
    visit(page, "12-message-overdue")
    # The client got the automatic reply and nothing else; any other mail is the crisis
    # page, which goes to the practice by email only in office hours.
    to_client = [m for m in mail.outbox if "test@example.com" in m.to]
    assert [m.body.split("\n")[0] for m in to_client] == [auto.body.split("\n")[0]]
    assert all(m.to == [OUR_ADDRESS] for m in mail.outbox if m not in to_client)

    # The crisis: the words that set it off are marked, the kind of crisis named.
    page.get_by_role("link", name="← Inbox").click()
    expect(page).to_have_url(re.compile(r"/inbox/"))
    expect(inbox_rows(page)).to_have_count(4)
    row_of(page, day.crisis).get_by_role("link", name=re.compile("^Open")).click()
    expect(page).to_have_url(f"{live_server.url}/messages/{day.crisis.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Crisis")
    body = page.get_by_role("region", name="Message")
    expect(body).to_contain_text("Crisis language: suicidal thoughts")
    marked = body.locator("mark")
    expect(marked.first).to_be_visible()
    assert all(m in CRISIS_WORDS for m in marked.all_inner_texts())
    expect(page.get_by_role("region", name="People paged")).to_contain_text("step 1")
    expect(page.locator("dl.facts")).to_contain_text("the client's portal")
    expect(page.get_by_role("region", name="Sent")).to_contain_text(
        "Automatic crisis reply by portal · Sent"
    )
    visit(page, "13-message-crisis")

    # From the message to the client's page, and back to the list of clients.
    page.get_by_role("heading", level=1).get_by_role("link", name="Test Client").click()
    expect(page).to_have_url(re.compile(r"/clients/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Test Client")
    visit(page, "14-client")
    page.get_by_role("link", name="← Clients").click()
    expect(page).to_have_url(f"{live_server.url}/clients/")
    listed = page.locator("main .list-group-item").filter(has_text="Test Client")
    expect(listed).to_contain_text("Owner")
    visit(page, "15-clients")


def test_a_paged_clinician_signs_in_from_the_link_and_acknowledges(
    browser_page, live_server, owner, day
):
    from playwright.sync_api import expect

    from between.messaging.escalation import ack_token
    from between.messaging.models import Page

    first = Page.objects.filter(message=day.crisis).order_by("step").first()
    assert first is not None
    page = browser_page
    page.goto(f"{live_server.url}/pages/{ack_token(first)}/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Username").fill(owner.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("You were paged")
    expect(page.get_by_role("list", name="People paged, in order")).to_contain_text(first.name)
    visit(page, "18-paged")
    page.get_by_role("button", name="I'm on it: acknowledge and open the message").click()
    expect(page).to_have_url(f"{live_server.url}/messages/{day.crisis.pk}/")
    expect(page.get_by_role("region", name="People paged")).to_contain_text("by Owner")
    first.refresh_from_db()
    assert first.acknowledged_at is not None


def test_client_page_consent_and_accommodations(browser_page, live_server, owner, consenting):
    from playwright.sync_api import expect

    from between.clients.models import Accommodation

    Accommodation.objects.create(
        client=consenting,
        kind="other",
        detail={"description": "texts rather than calls"},
        reason="hearing loss",
    )
    page = browser_page
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/clients/{consenting.pk}/")
    page.get_by_text("Consent history").click()
    page.get_by_text("Record a consent change").click()
    page.get_by_text("Add an accommodation").click()
    accommodations = page.get_by_role("table").filter(has_text="hearing loss")
    expect(accommodations.get_by_role("button", name="End")).to_have_count(1)
    visit(page, "16-client-open")

    page.get_by_label("Channel", exact=True).select_option("email")
    page.get_by_label("State").select_option("withdrawn")
    page.get_by_label("Note (how and when the client told you)").fill("asked in session")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Email: withdrawn.")
    expect(page.locator("#consent-email")).to_contain_text("Withdrawn")
    visit(page, "17-client-consent-recorded")


# -- reply --------------------------------------------------------------------------------------


def test_reply_then_mark_done(browser_page, live_server, owner, day):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/messages/{day.overdue.pk}/")
    reply = page.get_by_role("region", name="Reply")
    expect(reply.get_by_role("note")).to_have_text(
        "Email and text messages are not secure. Keep clinical details out of this reply, "
        "or use the portal."
    )
    expect(page.get_by_label("Send by")).to_have_value("email")
    box = page.get_by_label("Your reply")
    box.fill("Hi Test Client, Wednesday at 10 works. See you then.")
    page.get_by_role("button", name="Send reply").click()
    # The name is flagged over an insecure channel; nothing leaves before confirming.
    expect(page.get_by_role("alert")).to_contain_text("Before sending, please check")
    assert not Outbound.objects.filter(in_reply_to=day.overdue, kind="typed").exists()
    visit(page, "20-reply-warned")
    expect(page.get_by_label("Your reply")).to_have_value(
        "Hi Test Client, Wednesday at 10 works. See you then."
    )
    page.get_by_label("I have read the privacy warnings and want to send it anyway").check()
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("status")).to_contain_text("Reply queued for sending.")

    sent = page.get_by_role("region", name="Sent")
    typed = sent.locator("article").filter(has_text="Reply typed by owner")
    expect(typed).to_contain_text("by email to test@example.com · Sent")
    expect(typed).to_contain_text("Wednesday at 10 works")
    typed.get_by_text("Delivery attempts").click()
    expect(typed.locator("details ol li")).to_have_count(1)
    expect(typed.locator("details ol")).to_contain_text("Sent")
    visit(page, "21-reply-sent")
    delivered = [m for m in mail.outbox if "Wednesday at 10" in m.body]
    assert len(delivered) == 1
    assert delivered[0].to == ["test@example.com"]
    assert delivered[0].subject == "Re: Next week"
    assert delivered[0].from_email == OUR_ADDRESS

    page.get_by_role("button", name="Mark done").click()
    expect(page).to_have_url(f"{live_server.url}/inbox/")
    expect(inbox_rows(page)).to_have_count(3)
    expect(row_of(page, day.overdue)).to_have_count(0)
    visit(page, "22-inbox-after-done")
    day.overdue.refresh_from_db()
    assert day.overdue.status == "done"


# -- callbacks ----------------------------------------------------------------------------------


def test_callbacks(browser_page, live_server, owner, day):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, owner)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Callbacks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Callbacks")
    waiting = page.locator("main .list-group").nth(0)
    row = waiting.locator(".list-group-item").filter(has_text="Test Client")
    expect(row).to_have_count(1)
    call = day.voicemail
    assert call.callback_due is not None and call.callback_window
    local_due = call.callback_due.astimezone(NY)
    expect(row).to_contain_text(f"{local_due:%a} {local_due.day} {local_due:%b, %H:%M}")
    expect(row).to_contain_text(call.callback_window)
    expect(row).to_contain_text("please call me back")
    apart = page.locator("main .list-group").nth(1)
    expect(apart.locator(".list-group-item")).to_have_count(1)
    expect(apart).to_contain_text("+12125550188")
    expect(apart).to_contain_text("no callback owed")
    expect(waiting).not_to_contain_text("+12125550188")
    visit(page, "30-callbacks")

    row.get_by_role("button", name="Called back").click()
    expect(waiting.locator(".list-group-item")).to_have_count(1)
    expect(waiting).to_contain_text("No voicemails are waiting.")
    visit(page, "31-callbacks-returned")
    call.refresh_from_db()
    assert call.status == "done"


# -- roles ------------------------------------------------------------------------------------


def test_front_desk_sees_scheduling_only(browser_page, live_server, front_desk, day):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, front_desk)
    rows = inbox_rows(page)
    expect(rows).to_have_count(2)
    expect(row_of(page, day.overdue)).to_have_count(1)
    expect(row_of(page, day.text)).to_have_count(1)
    expect(page.locator("#inbox-rows")).not_to_contain_text("risis", use_inner_text=True)
    visit(page, "40-front-desk-inbox")

    row_of(page, day.text).get_by_role("link", name=re.compile("^Open")).click()
    expect(page).to_have_url(f"{live_server.url}/messages/{day.text.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Text from Test Client")
    visit(page, "41-front-desk-message")

    for message in (day.clinical, day.crisis):
        response = page.goto(f"{live_server.url}/messages/{message.pk}/")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text(NOT_FOUND)
        assert message.body not in page.content()
    visit(page, "42-front-desk-not-found")

    page.goto(f"{live_server.url}/callbacks/")
    expect(page.locator("main")).to_contain_text("Test Client")
    expect(page.locator("main")).not_to_contain_text("please call me back")  # transcript
    visit(page, "43-front-desk-callbacks")


def test_the_outsider_sees_nothing_of_riverside(
    browser_page, live_server, outsider, day, consenting
):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, outsider)
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    expect(inbox_rows(page)).to_have_text(
        ["Nothing is waiting. Messages appear here as they arrive."]
    )
    visit(page, "50-outsider-inbox")
    page.goto(f"{live_server.url}/callbacks/")
    expect(main).to_contain_text("No voicemails are waiting.")
    visit(page, "51-outsider-callbacks")
    page.goto(f"{live_server.url}/clients/")
    expect(main).to_contain_text("No clients yet")
    visit(page, "52-outsider-clients")

    riverside_words = ["Test Client", "Riverside", "test@example.com", "555-0123", "+1212555"]
    for path in (
        f"/messages/{day.overdue.pk}/",
        f"/messages/{day.crisis.pk}/",
        f"/clients/{consenting.pk}/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text(NOT_FOUND)
        content = page.content()
        assert not [w for w in riverside_words if w in content], path
    visit(page, "53-outsider-not-found")

    # Forms posted by hand, with the outsider's own valid CSRF token: still nothing.
    csrf = page.locator("input[name=csrfmiddlewaretoken]").first
    expect(csrf).to_have_attribute("value", re.compile(r"\S"))
    token = csrf.get_attribute("value")
    for path, form in (
        (f"/messages/{day.overdue.pk}/reply/", {"body": "hello", "confirm": "on"}),
        (f"/messages/{day.overdue.pk}/done/", {}),
        (f"/callbacks/{day.voicemail.pk}/done/", {}),
        (f"/clients/{consenting.pk}/portal-link/", {}),
    ):
        answer = page.request.post(
            f"{live_server.url}{path}",
            form={"csrfmiddlewaretoken": token, **form},
            max_redirects=0,
        )
        assert answer.status == 404, path
        assert not [w for w in riverside_words if w in answer.text()], path
    day.overdue.refresh_from_db()
    day.voicemail.refresh_from_db()
    consenting.refresh_from_db()
    assert day.overdue.status == "open" and day.voicemail.status == "open"
    assert not Outbound.objects.filter(kind="typed").exists()
    assert not consenting.portal_key

"""The Callbacks page on a phone and at a desk: the time to call back by is the end of a
callback window, a crisis comes first, and "Called back" clears the voicemail (issue 15).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from between.messaging.models import Call, CallStatus
from between.testing.browser import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser
NY = ZoneInfo("America/New_York")


@pytest.fixture
def calls(riverside, client_record):
    now = timezone.now()
    window_end = (now + timedelta(days=1)).astimezone(NY).replace(hour=13, minute=0, second=0)
    routine = Call.objects.create(
        practice=riverside,
        client=client_record,
        caller="+12125550123",
        at=now - timedelta(hours=1),
        call_id="CA-routine",
        voicemail=True,
        transcript="please call me back about Thursday",
        callback_due=window_end,
        callback_window=f"{window_end:%a} 12:00–13:00",
    )
    crisis = Call.objects.create(
        practice=riverside,
        caller="+12125550777",
        at=now - timedelta(minutes=5),
        call_id="CA-crisis",
        voicemail=True,
        crisis=True,
        transcript="I don't think I can keep myself safe tonight",
        callback_due=now,
    )
    Call.objects.create(
        practice=riverside,
        caller="+12125550188",
        at=now - timedelta(hours=3),
        call_id="CA-hangup",
        voicemail=False,
        status=CallStatus.NO_CALLBACK,
    )
    return routine, crisis, window_end


@pytest.mark.parametrize("width", [390, 1280])
def test_callbacks_fit_and_say_when_to_call(chromium_browser, live_server, owner, calls, width):
    routine, _crisis, window_end = calls
    context = chromium_browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server.url, owner)
    page.goto(f"{live_server.url}/callbacks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Callbacks")
    waiting = page.locator(".list-group").first.locator(".list-group-item")
    expect(waiting).to_have_count(2)
    expect(waiting.nth(0)).to_contain_text("Crisis — call now")
    expect(waiting.nth(1)).to_contain_text(f"Call back by {window_end:%a} {window_end.day}")
    expect(waiting.nth(1)).to_contain_text("13:00")
    expect(waiting.nth(1)).to_contain_text("first callback window")
    expect(page.locator("main")).to_contain_text("no callback owed")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"callbacks-{width}")
    assert_accessible(page, f"callbacks-{width}")
    waiting.nth(1).get_by_role("button", name="Called back").click()
    expect(waiting).to_have_count(1)
    routine.refresh_from_db()
    assert routine.status == CallStatus.DONE
    context.close()


def test_front_desk_sees_the_callback_but_not_the_transcript(
    chromium_browser, live_server, front_desk, calls
):
    routine, _crisis, _end = calls
    page = chromium_browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    sign_in(page, live_server.url, front_desk)
    page.goto(f"{live_server.url}/callbacks/")
    expect(page.locator("main")).to_contain_text("Test Client")
    expect(page.locator("main")).not_to_contain_text(routine.transcript)

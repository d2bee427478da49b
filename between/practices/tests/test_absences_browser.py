"""Importing absences end to end in a real browser: Debian's Chromium through Playwright.

The owner uploads an .ics file (dated from today, so the test never ages), checks the
preview, confirms, finds the absences in the list and in the month calendar, and opens
the out-of-office preview. Every page is screenshotted and checked with axe-core.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from between.conftest import make_member
from between.practices.models import Absence
from between.testing.browser import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


def calendar_file(today):
    def day(offset):
        return (today + timedelta(days=offset)).strftime("%Y%m%d")

    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        "X-WR-TIMEZONE:America/New_York\r\n"
        "BEGIN:VEVENT\r\nUID:trip@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;VALUE=DATE:{day(0)}\r\nDTEND;VALUE=DATE:{day(3)}\r\n"
        "SUMMARY:Family trip\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:day-off@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;VALUE=DATE:{day(7)}\r\nDTEND;VALUE=DATE:{day(8)}\r\n"
        f"RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;VALUE=DATE:{day(14)}\r\n"
        "SUMMARY:Day off\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:past@example.com\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART;VALUE=DATE:{day(-20)}\r\nDTEND;VALUE=DATE:{day(-18)}\r\n"
        "SUMMARY:Last month's break\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


def test_owner_imports_absences_and_previews_the_out_of_office_reply(
    chromium_browser, live_server, tmp_path, owner, riverside, policy_version
):
    sam = make_member(riverside, "sam", "clinician")
    sam.display_name = "Sam Lee, PhD"
    sam.save()
    today = datetime.now(ZoneInfo(riverside.timezone)).date()
    upload = tmp_path / "time-off.ics"
    upload.write_text(calendar_file(today), newline="")

    context = chromium_browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server.url, owner)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Absences").click()
    expect(page.get_by_role("heading", name="Absences", exact=True)).to_be_visible()
    assert_accessible(page, "absences-empty")

    page.get_by_role("link", name="Import from a calendar file").click()
    expect(page.get_by_role("heading", name="Import absences from a calendar file")).to_be_visible()
    page.get_by_label("Calendar file (.ics)").set_input_files(str(upload))
    # Choosing who is away reloads the covering list (without them): wait for it, as a
    # person does before choosing from it.
    with page.expect_response(lambda r: "/absences/covering/" in r.url):
        page.get_by_label("Whose absences are these").select_option(label="Owner")
    page.get_by_label("Covering colleague").select_option(label="Sam Lee, PhD (clinician)")
    screenshot(page, "absences-1-import-form")
    assert_accessible(page, "absences-import-form")
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.get_by_role("heading", name="To be created (4)")).to_be_visible()
    expect(page.get_by_role("heading", name="Skipped (1)")).to_be_visible()
    expect(page.locator("table.skipped")).to_contain_text("In the past", use_inner_text=True)
    assert not Absence.objects.exists()
    screenshot(page, "absences-2-import-preview")
    assert_accessible(page, "absences-import-preview")
    page.get_by_role("button", name="Import the ticked absences").click()

    expect(page.get_by_text("Imported 4 absences for Owner.")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/absences/")
    assert Absence.objects.filter(clinician=owner, covering=sam).count() == 4
    away_today = page.get_by_role("region", name="Away today")
    expect(away_today).to_contain_text("Family trip", use_inner_text=True)
    expect(page.get_by_role("region", name="Coming up").locator("tbody tr")).to_have_count(3)
    screenshot(page, "absences-3-list")
    assert_accessible(page, "absences-list")

    page.get_by_role("link", name="Month calendar").click()
    expect(page).to_have_url(f"{live_server.url}/absences/calendar/")
    month = page.get_by_role("heading", name=re.compile(r"^Absences in "))
    expect(month).to_be_visible()
    this_month = month.inner_text()
    cell = page.locator('td[aria-current="date"]')
    expect(cell).to_contain_text("Owner", use_inner_text=True)
    expect(cell).to_contain_text("Today", use_inner_text=True)
    screenshot(page, "absences-4-calendar")
    assert_accessible(page, "absences-calendar")
    next_month = page.get_by_role("navigation", name="Other months").locator('a[rel="next"]')
    next_month.focus()
    expect(next_month).to_be_focused()
    page.keyboard.press("Enter")  # the month links work from the keyboard
    expect(page.get_by_role("link", name="This month")).to_be_visible()
    expect(month).not_to_have_text(this_month)
    assert_accessible(page, "absences-calendar-next")
    page.get_by_role("link", name="This month").click()
    expect(page).to_have_url(f"{live_server.url}/absences/calendar/")
    expect(month).to_have_text(this_month)

    page.locator('td[aria-current="date"]').get_by_role("link", name="Owner").click()
    expect(page.get_by_role("heading", name="Out-of-office preview")).to_be_visible()
    expect(page.get_by_role("article", name="By email")).to_contain_text(
        "While I am away, Sam Lee, PhD is covering", use_inner_text=True
    )
    expect(page.get_by_role("article", name="By text message")).to_be_visible()
    screenshot(page, "absences-5-out-of-office")
    assert_accessible(page, "absences-out-of-office")
    context.close()


def test_owner_adds_a_colleague_who_sets_a_password_and_records_an_absence(
    chromium_browser, live_server, settings, owner, clinician
):
    settings.BETWEEN_BASE_URL = live_server.url
    context = chromium_browser.new_context()
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, live_server.url, owner)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
    expect(page.get_by_role("heading", name=re.compile("^Staff of"))).to_be_visible()
    assert_accessible(page, "staff-list")

    page.get_by_role("link", name="Add a colleague").click()
    expect(page.get_by_role("heading", name="Add a colleague")).to_be_visible()
    page.get_by_label("Username").fill("clinician")  # taken
    page.get_by_label("Name as colleagues see it").fill("Robin Park, LCSW")
    page.get_by_label("Role").select_option(label="Clinician")
    page.get_by_label("Mobile phone for pages (optional)").fill("212 555 0199")
    page.get_by_role("button", name="Add the colleague").click()
    expect(page.get_by_text("That username is taken; choose another.")).to_be_visible()
    assert_accessible(page, "staff-add-errors")
    page.get_by_label("Username").fill("robin")
    page.get_by_role("button", name="Add the colleague").click()

    expect(page).to_have_url(re.compile(r"/staff/\d+/$"))
    set_password = page.get_by_label("Set-password link")
    expect(set_password).to_have_value(re.compile("^" + re.escape(f"{live_server.url}/welcome/")))
    link = set_password.input_value()
    screenshot(page, "staff-1-member-with-link")
    assert_accessible(page, "staff-member")

    newcomer_context = chromium_browser.new_context()
    newcomer_context.set_default_timeout(10_000)
    newcomer = newcomer_context.new_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", name="Choose your password")).to_be_visible()
    assert_accessible(newcomer, "staff-set-password")
    newcomer.get_by_label("New password", exact=True).fill("tidal orchard lantern")
    newcomer.get_by_label("New password confirmation").fill("tidal orchard lantern")
    newcomer.get_by_role("button", name="Set my password").click()
    expect(newcomer.get_by_text("Your password is set.")).to_be_visible()
    expect(newcomer.get_by_role("heading", name="Sign in to Between")).to_be_visible()
    newcomer.get_by_label("Username").fill("robin")
    newcomer.get_by_label("Password").fill("tidal orchard lantern")
    newcomer.get_by_role("button", name="Sign in").click()
    expect(newcomer).to_have_url(f"{live_server.url}/inbox/")
    newcomer.get_by_role("link", name="Absences").click()
    expect(newcomer.get_by_role("heading", name="Absences", exact=True)).to_be_visible()
    newcomer.get_by_role("link", name="Add an absence").click()
    expect(newcomer.get_by_role("heading", name="Add an absence")).to_be_visible()
    newcomer.get_by_label("First day away").fill("2031-03-03")
    newcomer.get_by_label("Last day away").fill("2031-03-01")
    newcomer.get_by_role("button", name="Add the absence").click()
    expect(
        newcomer.get_by_text("The last day away must be on or after the first day.")
    ).to_be_visible()
    screenshot(newcomer, "staff-2-absence-form-errors")
    assert_accessible(newcomer, "absence-form-errors")
    newcomer.get_by_label("Last day away").fill("2031-03-07")
    newcomer.get_by_role("button", name="Add the absence").click()
    expect(newcomer.get_by_role("heading", name="Out-of-office preview")).to_be_visible()
    assert Absence.objects.get().clinician.user.username == "robin"
    newcomer.get_by_role("link", name="Delete").click()
    expect(newcomer.get_by_role("heading", name="Delete this absence?")).to_be_visible()
    assert_accessible(newcomer, "absence-delete")
    newcomer_context.close()
    context.close()

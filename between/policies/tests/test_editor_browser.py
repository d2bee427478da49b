"""The policy editor in a real browser: edit, see the check react, simulate, submit,
approve, publish; axe-core on every page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from between.policies.models import PolicyVersion
from between.testing.browser import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_edit_simulate_submit_approve_publish(
    chromium_browser, live_server, owner, supervisor, policy_version, consenting
):
    base = live_server.url
    owner_context = chromium_browser.new_context()
    owner_context.set_default_timeout(15_000)
    page = owner_context.new_page()
    sign_in(page, base, owner)

    page.get_by_role("link", name="Policy", exact=True).click()
    expect(page).to_have_url(f"{base}/policies/")
    expect(page.locator(".in-force").get_by_text("In force")).to_be_visible()
    assert_accessible(page, "policy-1-list")
    screenshot(page, "policy-1-list")

    page.get_by_role("button", name="Start a new draft").click()
    expect(page.get_by_role("heading", name="Policy version 2")).to_be_visible()
    draft = PolicyVersion.objects.get(number=2)

    # A bad value: the summary above the form says so as it is typed, in plain words,
    # with a link to the field.
    amount = page.get_by_label("Reply within")
    amount.fill("0")
    problems = page.locator("#problems")
    expect(
        problems.get_by_role("link", name="The reply time must be at least 1, not 0")
    ).to_be_visible()
    expect(problems).to_contain_text("1 problem to fix", use_inner_text=True)
    assert_accessible(page, "policy-2-live-check-error")
    screenshot(page, "policy-2-live-check-error")
    amount.fill("2")
    expect(problems.get_by_text("No errors.")).to_be_visible()
    page.get_by_label("A supervisor must approve each version before it is published").check()
    assert_accessible(page, "policy-2-edit-form")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".notices").get_by_text("Saved. The policy has no errors.")).to_be_visible()
    draft.refresh_from_db()
    assert "  business_days: 2\n" in draft.text and "approval_required: true" in draft.text

    tabs = page.get_by_role("navigation", name="Policy version")
    tabs.get_by_role("link", name="Edit as YAML").click()
    expect(page).to_have_url(f"{base}/policies/{draft.pk}/yaml/")
    expect(page.get_by_label("Policy (YAML)")).to_have_value(re.compile(r"business_days: 2"))
    assert_accessible(page, "policy-3-yaml")

    tabs.get_by_role("link", name="Previews").click()
    expect(page).to_have_url(re.compile(rf"/policies/{draft.pk}/preview/"))
    document = page.frame_locator("iframe.document")
    expect(document.locator("body")).to_contain_text("911", use_inner_text=True)
    assert_accessible(page, "policy-4-previews")
    screenshot(page, "policy-4-previews")

    # "A client texts at 21:00 on Friday: what happens?"
    tabs.get_by_role("link", name="Simulator").click()
    expect(page).to_have_url(re.compile(rf"/policies/{draft.pk}/simulate/"))
    page.get_by_label("How they get in touch").select_option("sms")
    page.get_by_label("Day of the week").select_option("friday")
    page.get_by_label("At (practice time)").fill("21:00")
    page.get_by_role("button", name="What happens?").click()
    outcome = page.locator("#simulation .outcome").first
    # The first simulation in a process loads the triage model: wait for it, not for speed.
    expect(outcome).to_be_visible(timeout=90_000)
    for words in ("A text on Friday", "21:00", "after hours", "By text message to +12125550301"):
        expect(outcome).to_contain_text(words, use_inner_text=True)
    assert_accessible(page, "policy-5-simulator")
    screenshot(page, "policy-5-simulator")

    tabs.get_by_role("link", name="Overview").click()
    expect(page).to_have_url(f"{base}/policies/{draft.pk}/")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".notices").get_by_text("Submitted.")).to_be_visible()
    assert_accessible(page, "policy-6-submitted")
    screenshot(page, "policy-6-submitted")

    reviewer_context = chromium_browser.new_context()
    reviewer_context.set_default_timeout(15_000)
    reviewer = reviewer_context.new_page()
    sign_in(reviewer, base, supervisor)
    reviewer.goto(f"{base}/policies/{draft.pk}/")
    expect(reviewer.get_by_role("heading", name="Policy version 2")).to_be_visible()
    assert_accessible(reviewer, "policy-7-supervisor")
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.locator(".notices").get_by_text("Approved.")).to_be_visible()
    screenshot(reviewer, "policy-7-approved")
    reviewer_context.close()

    page.reload()
    effective = page.get_by_label("Takes effect on")
    # The earliest date the notice period allows.
    expect(effective).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    page.get_by_role("button", name="Publish").click()
    # The confirmation: the notice, who gets it; nothing is sent until it is confirmed.
    expect(page.get_by_role("heading", name="Publish version 2?")).to_be_visible()
    expect(page.locator("#publish-summary")).to_have_text(
        "This will message 1 client: 1 in the portal"
    )
    assert_accessible(page, "policy-8-confirm")
    screenshot(page, "policy-8-confirm")
    page.get_by_role("button", name="Publish and message 1 client").click()
    notices = page.locator(".notices")
    expect(notices.get_by_text("Published. It takes effect")).to_be_visible()
    expect(notices).to_contain_text("1 client will be told", use_inner_text=True)
    assert_accessible(page, "policy-9-published")
    screenshot(page, "policy-9-published")
    draft.refresh_from_db()
    assert draft.status == "published" and draft.approved_by == supervisor.user

    page.get_by_role("link", name="All versions").click()
    expect(page).to_have_url(f"{base}/policies/")
    expect(page.locator("ul.versions")).to_contain_text(
        "Published, not yet in force", use_inner_text=True
    )
    owner_context.close()

"""The policy editor in a real browser: edit, see the check react, simulate, submit,
approve, publish; axe-core on every page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

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
    page.locator("tr.in-force").get_by_text("In force").wait_for()
    assert_accessible(page, "policy-1-list")
    screenshot(page, "policy-1-list")

    page.get_by_role("button", name="Start a new draft").click()
    page.get_by_role("heading", name="Policy version 2").wait_for()
    draft = PolicyVersion.objects.get(number=2)

    # A bad value: the check beside the form says so, in the command line's words.
    amount = page.get_by_label("Reply within")
    amount.fill("0")
    problems = page.locator("#problems")
    problems.get_by_text("policy-v2.yaml:22:18 turnaround.business_days:").wait_for()
    assert "1 error" in problems.inner_text()
    screenshot(page, "policy-2-live-check-error")
    amount.fill("2")
    problems.get_by_text("policy-v2.yaml: ok:").wait_for()
    page.get_by_label("A supervisor must approve each version before it is published").check()
    assert_accessible(page, "policy-2-edit-form")
    page.get_by_role("button", name="Save draft").click()
    page.locator(".notices").get_by_text("Saved. The policy has no errors.").wait_for()
    draft.refresh_from_db()
    assert "  business_days: 2\n" in draft.text and "approval_required: true" in draft.text

    page.get_by_role("link", name="Edit as YAML").click()
    assert "business_days: 2" in page.get_by_label("Policy (YAML)").input_value()
    assert_accessible(page, "policy-3-yaml")

    page.get_by_role("link", name="Previews").click()
    document = page.frame_locator("iframe.document")
    assert "911" in document.locator("body").inner_text()
    assert_accessible(page, "policy-4-previews")
    screenshot(page, "policy-4-previews")

    # "A client texts at 21:00 on Friday: what happens?"
    page.get_by_role("link", name="Simulator").click()
    page.get_by_label("How they get in touch").select_option("sms")
    page.get_by_label("Day of the week").select_option("friday")
    page.get_by_label("At (practice time)").fill("21:00")
    page.get_by_role("button", name="What happens?").click()
    result = page.locator("#simulation .outcome")
    result.first.wait_for()
    text = result.first.inner_text()
    assert "A text on Friday" in text and "21:00" in text
    assert "after hours" in text and "By text message to +12125550301" in text
    assert_accessible(page, "policy-5-simulator")
    screenshot(page, "policy-5-simulator")

    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Submit for approval").click()
    page.locator(".notices").get_by_text("Submitted.").wait_for()
    assert_accessible(page, "policy-6-submitted")
    screenshot(page, "policy-6-submitted")

    reviewer_context = chromium_browser.new_context()
    reviewer_context.set_default_timeout(15_000)
    reviewer = reviewer_context.new_page()
    sign_in(reviewer, base, supervisor)
    reviewer.goto(f"{base}/policies/{draft.pk}/")
    assert_accessible(reviewer, "policy-7-supervisor")
    reviewer.get_by_role("button", name="Approve").click()
    reviewer.locator(".notices").get_by_text("Approved.").wait_for()
    screenshot(reviewer, "policy-7-approved")
    reviewer_context.close()

    page.reload()
    effective = page.get_by_label("Takes effect on")
    assert effective.input_value()  # the earliest date the notice period allows
    page.get_by_role("button", name="Publish").click()
    page.locator(".notices").get_by_text("Published. It takes effect").wait_for()
    assert "1 client will be told" in page.locator(".notices").inner_text()
    assert_accessible(page, "policy-8-published")
    screenshot(page, "policy-8-published")
    draft.refresh_from_db()
    assert draft.status == "published" and draft.approved_by == supervisor.user

    page.get_by_role("link", name="All versions").click()
    assert "Published, not yet in force" in page.locator("tbody").inner_text()
    owner_context.close()

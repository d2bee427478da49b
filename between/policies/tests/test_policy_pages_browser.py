"""The policy form with several problems, and the publish confirmation, on a phone and a desk.

At 390 px and 1280 px: no sideways scrolling, a screenshot of each page in
test-artifacts/, and axe-core clean. The error summary links to each field, and the
confirmation shows the notice and the count before anything is sent.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from between.clients.models import Client, ClientStatus
from between.core.policy import reference_policy_text
from between.messaging.models import Outbound
from between.policies.models import PolicyVersion
from between.policies.tests.test_notices import add_client
from between.testing.browser import assert_fits, sign_in

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)


def fits(page: Any, width: int, name: str) -> None:
    assert_fits(page, width, f"policy-{name}")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_problem_next_to_its_field_then_publish_after_confirming(
    page, live_server, riverside, owner, policy_version, width
):
    base = live_server.url
    add_client(
        riverside, "Grace Okafor", address="grace@example.com", preferred="email", email="granted"
    )
    add_client(riverside, "Luis Ortega", number="+12125550188", preferred="sms", sms="granted")
    Client.objects.filter(name="Luis Ortega").update(language="es")
    gone = add_client(riverside, "Dee Parted", address="dee@example.com", email="granted")
    gone.status = ClientStatus.DISCHARGED
    gone.save()
    draft = PolicyVersion.objects.create(
        practice=riverside, number=2, text=reference_policy_text(), created_by=owner.user
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, base, owner)
    page.goto(f"{base}/policies/")
    fits(page, width, "list")

    page.goto(f"{base}/policies/{draft.pk}/edit/")
    page.get_by_label("Friday").fill("17:00-09:00")
    page.get_by_label("Text messages: number clients text").fill("call me maybe")
    page.get_by_label("Emergency services number").fill("")
    page.get_by_label("Days of notice clients get before a new version takes effect").fill("-2")
    page.get_by_role("button", name="Save draft").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text(
        "4 problems to fix before this policy can be published"
    )
    expect(summary).not_to_contain_text("policy-v2.yaml")
    friday = page.get_by_label("Friday")
    expect(friday).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_hours_friday-problems")).to_have_text(
        "Friday's office hours end before they start (17:00–09:00)", use_inner_text=True
    )
    expect(page.locator("#id_sms_contact-problems")).to_contain_text("is not a phone number")
    expect(page.get_by_label("Text messages: number clients text")).to_have_value("call me maybe")
    fits(page, width, "form-errors")
    summary.get_by_role(
        "link", name="Friday's office hours end before they start (17:00–09:00)"
    ).click()
    expect(friday).to_be_focused()

    # Fixed: a national number, stored with its country code.
    friday.fill("09:00-15:00")
    page.get_by_label("Text messages: number clients text").fill("(212) 555-0142")
    page.get_by_label("Emergency services number").fill("911")
    page.get_by_label("Days of notice clients get before a new version takes effect").fill("30")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".notices")).to_contain_text("Saved. The policy has no errors.")
    expect(page.get_by_label("Text messages: number clients text")).to_have_value("+12125550142")

    for tab, name in (("yaml", "yaml"), ("preview", "previews"), ("simulate", "simulator")):
        page.goto(f"{base}/policies/{draft.pk}/{tab}/")
        fits(page, width, name)
    page.goto(f"{base}/policies/{draft.pk}/")
    fits(page, width, "overview")
    page.get_by_label("Takes effect on").fill("2099-01-01")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#publish-summary")).to_have_text(
        "This will message 2 clients: 1 by email, 1 by text"
    )
    expect(page.get_by_text("Thursday 1 January 2099, 00:00")).to_be_visible()
    expect(page.get_by_text("Dee Parted")).to_be_visible()
    page.locator("details.notice-sample summary").first.click()  # the Spanish text
    expect(page.locator("details.notice-sample").first).to_contain_text("política")
    fits(page, width, "publish-confirm")
    assert not Outbound.objects.exists()

    page.get_by_role("button", name="Publish and message 2 clients").click()
    expect(page.locator(".notices")).to_contain_text(
        "Published. It takes effect Thursday 1 January 2099, 00:00; 2 clients will be told."
    )
    fits(page, width, "published")
    assert Outbound.objects.filter(kind="policy_notice").count() == 2

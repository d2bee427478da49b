"""Every page of the product, at a phone's width and a desk's, in Debian's Chromium.

The demo practice (between/demo: its clients, a day of messages and calls through the
real pipeline, an absence, a published policy) is loaded, and its owner and its
front-desk member each visit every page their role opens, at 390 px and at 1280 px:
nothing may scroll sideways, axe must find nothing, and a screenshot of each is kept in
test-artifacts/ ("every-page-<page>-<role>-<width>.png") for people to look at. The
client-facing pages (intake form, a link that cannot be used, the portal) and the
sign-in page are visited signed out. Pages whose URL name is not defined yet (being
built elsewhere) are named in a warning, not silently passed over.

Problems are gathered over all pages and reported together, so one run shows every page
that needs work.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from between.conftest import PASSWORD
from between.testing.browser import accessibility_violations, screenshot, sideways_overflow, sign_in

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)


@dataclass(frozen=True)
class Visit:
    """One page: its URL name, how to find its arguments in the demo, who opens it."""

    slug: str
    name: str
    args: Callable[[Any], tuple[Any, ...]] = lambda demo: ()
    roles: tuple[str, ...] = ("owner", "front_desk")
    status: int = 200


class Demo:
    """The loaded demo practice and the rows whose pages are visited."""

    def __init__(self) -> None:
        from between.clients.models import Client
        from between.demo import data
        from between.demo.load import load_demo
        from between.messaging.models import Message, Page
        from between.policies.models import PolicyVersion
        from between.practices.models import Absence, Membership, Practice

        load_demo()
        self.practice = Practice.objects.get(slug=data.PRACTICE_SLUG)
        members = Membership.objects.filter(practice=self.practice).select_related("user")
        for member in members:
            member.user.set_password(PASSWORD)
            member.user.save()
        self.owner = members.get(role="owner")
        self.front_desk = members.get(role="front_desk")
        messages = Message.objects.filter(practice=self.practice)
        self.crisis = messages.filter(crisis=True).first()
        self.clinical = messages.filter(category="clinical").first()
        self.admin = messages.filter(category="admin").first()
        self.client = (
            Client.objects.filter(practice=self.practice, messages__isnull=False).first()
            or Client.objects.filter(practice=self.practice).first()
        )
        portal = messages.filter(channel="portal", client__isnull=False).first()
        self.portal_client = portal.client if portal is not None else self.client
        self.absence = Absence.objects.filter(practice=self.practice).first()
        self.version = PolicyVersion.objects.filter(practice=self.practice).first()
        self.page = Page.objects.filter(practice=self.practice).order_by("pk").first()


def _ack(demo: Demo) -> tuple[Any, ...]:
    from between.messaging.escalation import ack_token

    assert demo.page is not None, "the demo's crisis pages someone"
    return (ack_token(demo.page),)


WORKSPACE = [
    Visit("inbox", "inbox"),
    Visit("message-crisis", "message", lambda d: (d.crisis.pk,), ("owner",)),
    Visit("message-clinical", "message", lambda d: (d.clinical.pk,), ("owner",)),
    Visit("message-admin", "message", lambda d: (d.admin.pk,)),
    Visit("callbacks", "callbacks"),
    Visit("page-acknowledge", "page", _ack, ("owner",)),
    Visit("clients", "clients"),
    Visit("client-add", "client-add"),
    Visit("client-import", "client-import"),
    Visit("client", "client", lambda d: (d.client.pk,)),
    Visit("client-edit", "client-edit", lambda d: (d.client.pk,)),
    Visit("client-conversation", "client-conversation", lambda d: (d.client.pk,)),
    Visit("client-boundaries", "client-boundaries", lambda d: (d.client.pk,), ("owner",)),
    Visit("client-retention", "client-retention", roles=("owner",)),
    Visit("policy", "policy"),
    Visit("policy-version", "policy-version", lambda d: (d.version.pk,)),
    Visit("policy-preview", "policy-preview", lambda d: (d.version.pk,), ("owner",)),
    Visit("policy-simulate", "policy-simulate", lambda d: (d.version.pk,), ("owner",)),
    Visit("reports", "reports"),
    Visit("audit-log", "audit-log", roles=("owner",)),
    Visit("absences", "absences"),
    Visit("absence-calendar", "absence-calendar"),
    Visit("absence", "absence", lambda d: (d.absence.pk,)),
    Visit("absence-add", "absence-add", roles=("owner",)),
    Visit("absence-edit", "absence-edit", lambda d: (d.absence.pk,), ("owner",)),
    Visit("absence-delete", "absence-delete", lambda d: (d.absence.pk,), ("owner",)),
    Visit("absence-import", "absence-import", roles=("owner",)),
    Visit("staff", "staff", roles=("owner",)),
    Visit("staff-add", "staff-add", roles=("owner",)),
    Visit("staff-member", "staff-member", lambda d: (d.front_desk.pk,), ("owner",)),
    Visit("two-factor", "two-factor"),
    Visit("not-found", "client", lambda d: (999_999,), status=404),
]


def _url(base: str, visit: Visit, demo: Demo) -> str | None:
    try:
        return base + reverse(visit.name, args=visit.args(demo))
    except NoReverseMatch:
        return None


def _check(page: Any, label: str, width: int, problems: list[str]) -> None:
    """The page as it stands: no sideways scrolling, a screenshot, axe clean."""
    page.wait_for_load_state("load")
    overflow = sideways_overflow(page, width)
    if overflow:
        problems.append(f"{label}: {overflow}")
    screenshot(page, f"every-page-{label}")
    for violation in accessibility_violations(page):
        problems.append(f"{label}: axe: {violation}")


def _missing(names: list[str]) -> None:
    if names:
        warnings.warn(
            "URL names not defined yet, so not visited: " + ", ".join(sorted(set(names))),
            stacklevel=2,
        )


@pytest.fixture
def demo(transactional_db: Any, settings: Any, live_server: Any) -> Demo:
    settings.BETWEEN_BASE_URL = live_server.url
    return Demo()


# One test per role and width, so xdist can spread the longest browser test of the suite.
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["owner", "front_desk"])
def test_every_workspace_page_fits_a_phone_and_a_desk_and_passes_axe(
    chromium_browser: Any, live_server: Any, demo: Demo, role: str, width: int
) -> None:
    from playwright.sync_api import expect

    member = demo.owner if role == "owner" else demo.front_desk
    problems: list[str] = []
    missing: list[str] = []
    context = chromium_browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, live_server.url, member)
    for visit in WORKSPACE:
        if role not in visit.roles:
            continue
        url = _url(live_server.url, visit, demo)
        if url is None:
            missing.append(visit.name)
            continue
        response = page.goto(url)
        label = f"{visit.slug}-{role}-{width}"
        if response is None or response.status != visit.status:
            got = response.status if response else "nothing"
            problems.append(f"{label}: answered {got}, not {visit.status}")
            continue
        _check(page, label, width, problems)
    # The menus opened: on a phone the Menu button first, then the person's own menu
    # (two-factor, sign out); every link reachable, still no sideways scroll.
    page.goto(live_server.url + reverse("inbox"))
    if width == 390:
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").wait_for()
        # The menu slides open; a tap lands once it has stopped moving, as a thumb's does.
        page.locator("#top-menu.show:not(.collapsing)").wait_for()
    account = page.get_by_role("button", name="your account")
    account.click()
    expect(account).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name="Sign out").wait_for()
    _check(page, f"menu-open-{role}-{width}", width, problems)
    context.close()
    _missing(missing)
    assert not problems, "\n".join(problems)


def test_every_client_facing_page_fits_a_phone_and_a_desk_and_passes_axe(
    chromium_browser: Any, live_server: Any, demo: Demo
) -> None:
    from between.channels.portal import links as portal_links
    from between.clients import links as intake_links

    assert demo.client is not None and demo.portal_client is not None
    _, intake_token = intake_links.issue(demo.client, version=demo.version)
    pages = [
        ("sign-in", reverse("login")),
        ("intake", reverse("intake", args=(intake_token,))),
        ("link-unusable", reverse("intake", args=("not-a-link",))),
        ("portal", reverse("portal", args=(portal_links.issue(demo.portal_client),))),
    ]
    problems: list[str] = []
    for width in WIDTHS:
        context = chromium_browser.new_context(viewport={"width": width, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        for slug, path in pages:
            page.goto(live_server.url + path)
            _check(page, f"{slug}-{width}", width, problems)
        context.close()
    assert not problems, "\n".join(problems)

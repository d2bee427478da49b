"""The shared cast every access test uses.

Riverside's owner, its front-desk member (no clinical content) and a clinician of
another practice who must reach nothing of Riverside's by any URL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from between.clients.models import Client, ContactKind, ContactPoint
from between.messaging.models import Call, Message
from between.practices.models import Membership, Practice

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is the real hasher (see test_settings); tests need speed, not strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_member(practice, username, role, *, staff=False):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=staff
    )
    return Membership.objects.create(
        user=user, practice=practice, role=role, display_name=username.title()
    )


@pytest.fixture
def riverside(db):
    return Practice.objects.create(
        name="Riverside Test",
        slug="riverside-test",
        timezone="America/New_York",
        setting="private_practice",
    )


@pytest.fixture
def elsewhere(db):
    return Practice.objects.create(
        name="Elsewhere Clinic",
        slug="elsewhere",
        timezone="Europe/London",
        setting="clinic",
        country="GB",
    )


@pytest.fixture
def owner(riverside):
    return make_member(riverside, "owner", "owner", staff=True)


@pytest.fixture
def front_desk(riverside):
    return make_member(riverside, "desk", "front_desk")


@pytest.fixture
def clinician(riverside):
    """A clinician of Riverside who is not the cast client's clinician."""
    return make_member(riverside, "clinician", "clinician")


@pytest.fixture
def supervisor(riverside):
    return make_member(riverside, "supervisor", "supervisor")


@pytest.fixture
def outsider(elsewhere):
    return make_member(elsewhere, "outsider", "clinician", staff=True)


@pytest.fixture
def client_record(riverside, owner):
    client = Client.objects.create(
        practice=riverside, name="Test Client", clinician=owner, notes="private note"
    )
    ContactPoint.objects.create(client=client, kind=ContactKind.EMAIL, value="Test@Example.com")
    ContactPoint.objects.create(client=client, kind=ContactKind.PHONE, value="(212) 555-0123")
    return client


@pytest.fixture
def clinical_message(riverside, client_record):
    return Message.objects.create(
        practice=riverside,
        client=client_record,
        channel="portal",
        from_address="portal",
        body="my homework went badly",
        received_at=timezone.now(),
        category="clinical",
        dedupe_key="clinical-1",
        due_at=timezone.now() + timedelta(hours=5),
    )


@pytest.fixture
def admin_message(riverside, client_record):
    return Message.objects.create(
        practice=riverside,
        client=client_record,
        channel="sms",
        from_address="+12125550123",
        body="can we move thursday",
        received_at=timezone.now(),
        category="admin",
        dedupe_key="admin-1",
        due_at=timezone.now() + timedelta(hours=2),
    )


@pytest.fixture
def voicemail(riverside, client_record):
    return Call.objects.create(
        practice=riverside,
        client=client_record,
        caller="+12125550123",
        at=timezone.now(),
        call_id="CA1",
        voicemail=True,
        transcript="please call me about my panic attacks",
    )


def signed_in(client, member):
    client.force_login(member.user)
    return client


def publish_policy(practice, owner, text=None):
    """A policy (the reference one unless given), published and in force since
    2026-01-01, with its endpoints."""
    from datetime import UTC, datetime

    from between.core.policy import reference_policy_text
    from between.messaging.pipeline import sync_endpoints
    from between.policies.models import PolicyVersion

    version = PolicyVersion.objects.create(
        practice=practice,
        number=1,
        text=reference_policy_text() if text is None else text,
        status="published",
        created_by=owner.user,
        published_at=datetime(2026, 1, 1, tzinfo=UTC),
        effective_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    sync_endpoints(practice, version)
    return version


@pytest.fixture
def policy_version(riverside, owner):
    """The reference policy, published and in force since 2026-01-01, with its endpoints."""
    return publish_policy(riverside, owner)


@pytest.fixture
def consenting(client_record):
    """The cast's client, agreeing to every channel."""
    from between.clients.models import Consent

    for channel in ("email", "sms", "portal", "phone"):
        Consent.objects.create(
            client=client_record,
            channel=channel,
            state="granted",
            recorded_at=timezone.now() - timedelta(days=30),
            method="intake",
        )
    return client_record


@pytest.fixture
def chromium_browser(monkeypatch):
    """Headless Debian Chromium through Playwright; installed by the test setup if missing."""
    from between.testing import chromium

    chromium.ensure_installed()
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test
    # makes between browser steps are ordinary synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium.CHROMIUM),
            headless=True,
            args=chromium.LAUNCH_ARGS,
            env=chromium.launch_environment(),
        )
        try:
            yield launched
        finally:
            launched.close()
            # Inside sync_playwright() the ORM opened a connection of its own (Django keeps
            # one per context, and Playwright switches contexts); nothing else can reach
            # it, so close it here or PostgreSQL refuses to drop the test database.
            connections.close_all()


@pytest.fixture
def page(chromium_browser, live_server, settings):
    """A fresh browser tab on the live server, whose links (intake, pages) point at it.
    Replaces pytest-playwright's ``page``, which would launch a browser of its own."""
    settings.BETWEEN_BASE_URL = live_server.url
    context = chromium_browser.new_context()
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def database_url():
    """For the fault suite's deployments: None on SQLite; on PostgreSQL a fresh database
    beside the suite's own (a copy of the migrated demo), dropped afterwards."""
    import os

    from between.testing import faults

    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield None
        return
    url = faults.fresh_postgres_database(server)
    yield url
    faults.drop_postgres_database(server, url)

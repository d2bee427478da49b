"""Policy changes (R15): every active client is told over a channel they agreed to."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from between.audit.models import AuditEvent
from between.clients.models import Client, ClientAcknowledgement, Consent, ContactPoint
from between.conftest import signed_in
from between.core.policy import reference_policy_text
from between.core.privacy_lint import lint
from between.messaging.models import Outbound
from between.policies.lifecycle import in_force, publish
from between.policies.models import PolicyNotice, PolicyVersion
from between.policies.notices import NOTICE_KIND
from between.policies.store import parsed_policy

T0 = datetime(2026, 1, 1, tzinfo=UTC)
# Links are checked against the real clock, so publication happens now.
NOW = timezone.now().replace(microsecond=0)
EFFECTIVE = (NOW + timedelta(days=45)).replace(hour=4, minute=0, second=0)
POLICY = parsed_policy(reference_policy_text())


def consent(client, channel, state="granted"):
    Consent.objects.create(
        client=client, channel=channel, state=state, recorded_at=T0, method="intake"
    )


def add_client(practice, name, *, address=None, number=None, preferred="", **consents):
    client = Client.objects.create(practice=practice, name=name, preferred_channel=preferred)
    if address:
        ContactPoint.objects.create(client=client, kind="email", value=address)
    if number:
        ContactPoint.objects.create(client=client, kind="phone", value=number)
    for channel, state in consents.items():
        consent(client, channel, state)
    return client


def publish_second(practice, owner):
    second = PolicyVersion.objects.create(
        practice=practice,
        number=2,
        text=reference_policy_text().replace("business_days: 1\n  say", "business_days: 2\n  say"),
        created_by=owner.user,
    )
    publish(second, owner.user, effective_at=EFFECTIVE, now=NOW)
    return second


def lint_all(outbound, client):
    channel = outbound.channel if outbound.channel in ("email", "sms") else "portal"
    return lint(
        f"{outbound.subject}\n{outbound.body}",
        client_names=[client.name],
        channel=channel,
        emergency_number="911",
        crisis_line_names=["988 Suicide & Crisis Lifeline"],
        secure_channel_name="the secure portal",
        allowed_phrases=["Riverside Counseling", "Alex Rivera, LMFT"],
    )


@pytest.mark.django_db
def test_each_active_client_is_told_over_their_preferred_consented_channel(
    riverside, owner, policy_version
):
    by_email = add_client(
        riverside, "Grace Okafor", address="grace@example.com", preferred="email", email="granted"
    )
    second = publish_second(riverside, owner)
    outbound = Outbound.objects.get(client=by_email)
    assert outbound.kind == NOTICE_KIND and outbound.channel == "email"
    assert outbound.to == "grace@example.com"
    assert outbound.headers["From"] == "alex@riverside-counseling.example"
    assert outbound.headers["Auto-Submitted"] == "auto-generated"
    local = EFFECTIVE.astimezone(ZoneInfo("America/New_York"))
    assert formats.date_format(local, "DATE_FORMAT") in outbound.body
    assert "/policy/" in outbound.body and "/intake/" in outbound.body
    assert "Grace" not in outbound.body and "Okafor" not in outbound.body
    assert lint_all(outbound, by_email) == []
    notice = PolicyNotice.objects.get(client=by_email, version=second)
    assert notice.channel == "email" and notice.sent_at == NOW and notice.could_not_notify == ""
    event = AuditEvent.objects.get(action="policy.notices_sent")
    assert event.detail == {"sent": 1, "could_not_notify": 0}
    # The old version governs until the effective date.
    assert in_force(riverside, EFFECTIVE - timedelta(seconds=1)) == policy_version
    assert in_force(riverside, EFFECTIVE) == second


@pytest.mark.django_db
def test_a_declined_preference_falls_back_and_nobody_reachable_is_listed(
    client, riverside, owner, policy_version
):
    texts_declined = add_client(
        riverside, "Priya Natarajan", number="+12125550177", address="priya@example.com",
        preferred="sms", sms="withdrawn", email="granted",
    )  # fmt: skip
    by_text = add_client(
        riverside, "Tomasz Wiśniewski", number="+12125550188", preferred="sms", sms="granted"
    )
    unreachable = add_client(riverside, "Hana Sato", address="hana@example.com", email="declined")
    portal_only = add_client(riverside, "Omar Haddad", portal="granted")
    publish_second(riverside, owner)

    assert Outbound.objects.get(client=texts_declined).channel == "email"
    text = Outbound.objects.get(client=by_text)
    assert text.channel == "sms" and text.to == "+12125550188"
    assert lint_all(text, by_text) == []  # fits two segments with the link
    assert Outbound.objects.get(client=portal_only).channel == "portal"
    assert not Outbound.objects.filter(client=unreachable).exists()
    notice = PolicyNotice.objects.get(client=unreachable)
    assert notice.sent_at is None and "no channel" in notice.could_not_notify

    signed_in(client, owner)
    listing = client.get(reverse("clients") + "?policy=unacknowledged").content.decode()
    assert "Hana Sato" in listing and "could not notify" in listing
    assert "v2 not acknowledged" in listing


@pytest.mark.django_db
def test_inactive_clients_are_not_told(riverside, owner, policy_version):
    gone = add_client(riverside, "Former Client", address="former@example.com", email="granted")
    gone.status = "discharged"
    gone.save()
    publish_second(riverside, owner)
    assert not Outbound.objects.filter(client=gone).exists()
    assert not PolicyNotice.objects.filter(client=gone).exists()


@pytest.mark.django_db
def test_an_alternate_channel_accommodation_comes_first(riverside, owner, policy_version):
    from between.clients.models import Accommodation

    person = add_client(
        riverside, "Lee Park", address="lee@example.com", number="+12125550166",
        preferred="email", email="granted", sms="granted",
    )  # fmt: skip
    Accommodation.objects.create(
        client=person, kind="alternate_channel", detail={"channel": "sms"}, reason="low vision"
    )
    publish_second(riverside, owner)
    assert Outbound.objects.get(client=person).channel == "sms"


@pytest.mark.django_db
def test_a_spanish_speaking_client_gets_the_notice_in_spanish(riverside, owner, policy_version):
    person = add_client(riverside, "Lucía Gómez", address="lucia@example.com", email="granted")
    person.language = "es"
    person.save()
    publish_second(riverside, owner)
    outbound = Outbound.objects.get(client=person)
    assert "política de comunicación" in outbound.body and "911" in outbound.body
    assert "?lang=es" in outbound.body
    codes = {p.code for p in lint_all(outbound, person)}
    assert not codes & {"client_name", "quotes_client", "clinical_detail"}


@pytest.mark.django_db
def test_the_notice_link_acknowledges_and_the_clients_page_updates(
    client, riverside, owner, policy_version
):
    person = add_client(riverside, "Grace Okafor", address="grace@example.com", email="granted")
    second = publish_second(riverside, owner)
    body = Outbound.objects.get(client=person).body
    ack_path = "/intake/" + body.split("/intake/")[1].split("/")[0] + "/"
    doc_path = "/policy/" + body.split("/policy/")[1].split()[0]

    assert client.get(doc_path).status_code == 200
    page = client.get(ack_path)
    assert page.status_code == 200 and "version 2" in page.content.decode()
    response = client.post(
        ack_path,
        {"agree": "on", "signed_name": "Grace Okafor", "version_hash": second.content_hash},
    )
    assert response.status_code == 302
    ack = ClientAcknowledgement.objects.get()
    assert ack.policy_version == second and ack.purpose == "acknowledge"
    assert PolicyNotice.objects.get(client=person, version=second).acknowledged_at == ack.at

    signed_in(client, owner)
    listing = client.get(reverse("clients")).content.decode()
    assert "v2 acknowledged" in listing
    filtered = client.get(reverse("clients") + "?policy=unacknowledged").content.decode()
    assert "Grace Okafor" not in filtered


@pytest.mark.django_db
def test_a_publication_that_fails_sends_nothing(riverside, owner, policy_version):
    from between.policies.lifecycle import LifecycleError

    add_client(riverside, "Grace Okafor", address="grace@example.com", email="granted")
    second = PolicyVersion.objects.create(
        practice=riverside, number=2, text=reference_policy_text(), created_by=owner.user
    )
    with pytest.raises(LifecycleError):
        publish(second, owner.user, effective_at=NOW + timedelta(days=3), now=NOW)
    assert not Outbound.objects.exists() and not PolicyNotice.objects.exists()
    assert POLICY.notice_days == 30

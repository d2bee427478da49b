"""Intake and re-acknowledgement links: what the client sees, what is recorded, and when
nothing is."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from between.audit.models import AuditEvent
from between.clients.links import LinkState, issue, resolve
from between.clients.models import ClientAcknowledgement, Consent, IntakeInvitation
from between.clients.tests.support import FORM_CHOICES, consents_of, intake_path, pdf_text
from between.conftest import signed_in
from between.policies.models import PolicyNotice

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) IntakeTest/1.0"


@pytest.mark.django_db
def test_the_intake_page_shows_the_policy_and_the_risk_of_each_insecure_channel(
    client, policy_version, client_record
):
    page = client.get(intake_path(client_record, version=policy_version))
    body = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in body
    assert "Riverside Counseling" in body  # the rendered document, in the srcdoc
    assert "srcdoc=" in body and "<iframe" in body
    for channel in ("portal", "email", "sms", "phone"):
        assert f'id="channel-{channel}"' in body
    assert "Email is not secure" in body and "share your computer" in body
    assert "Text messages are not secure" in body and "lock screen" in body
    assert "call 911 now" in body
    assert policy_version.content_hash[:16] in body
    # No choice is made for the client: no radio button starts checked.
    assert not re.search(r"<input[^>]*\bchecked", body)


@pytest.mark.django_db
def test_signing_records_consents_acknowledgement_receipt_and_audit(
    client, policy_version, client_record
):
    notice = PolicyNotice.objects.create(version=policy_version, client=client_record)
    invitation, token = issue(client_record, version=policy_version)
    url = reverse("intake", args=[token])
    response = client.post(
        url,
        {**FORM_CHOICES, "version_hash": policy_version.content_hash},
        HTTP_USER_AGENT=BROWSER,
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302 and response["Location"] == reverse("intake-done")

    assert consents_of(client_record) == {
        "portal": "granted",
        "email": "granted",
        "sms": "declined",
        "phone": "granted",
    }
    assert set(Consent.objects.values_list("method", "policy_version")) == {
        ("intake", policy_version.pk)
    }
    client_record.refresh_from_db()
    assert client_record.preferred_channel == "email"

    ack = ClientAcknowledgement.objects.get()
    assert ack.client == client_record and ack.policy_version == policy_version
    assert ack.content_hash == policy_version.content_hash
    assert ack.signed_name == "Test Client"
    assert ack.ip_address == "203.0.113.7" and ack.user_agent == BROWSER
    assert ack.choices["consents"]["sms"] == "declined"
    invitation.refresh_from_db()
    assert invitation.used_at == ack.at
    notice.refresh_from_db()
    assert notice.acknowledged_at == ack.at

    event = AuditEvent.objects.get(action="client.intake_completed")
    assert event.object_id == str(client_record.pk) and event.ip_address == "203.0.113.7"
    assert "Test Client" not in str(event.detail)  # the typed name is client data

    done = client.get(reverse("intake-done"))
    assert done.status_code == 200 and reverse("intake-receipt").encode() in done.content
    receipt = client.get(reverse("intake-receipt"))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert "attachment" in receipt["Content-Disposition"]
    assert "Test" not in receipt["Content-Disposition"]  # no name in the file name
    text = pdf_text(receipt.content)
    for expected in ("Test Client", policy_version.content_hash[:20], "203.0.113.7", "Declined"):
        assert expected in text.replace("\n", "")
    assert "Riverside Counseling" in text


@pytest.mark.django_db
def test_a_link_works_once(client, policy_version, client_record):
    url = intake_path(client_record, version=policy_version)
    data = {**FORM_CHOICES, "version_hash": policy_version.content_hash}
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "consent_email": "declined", "preferred": "portal"})
    assert again.status_code == 410
    assert "already been completed" in again.content.decode()
    assert client.get(url).status_code == 410
    assert Consent.objects.count() == 4 and ClientAcknowledgement.objects.count() == 1
    assert consents_of(client_record)["email"] == "granted"


@pytest.mark.django_db
def test_expired_tampered_and_made_up_links_record_nothing(client, policy_version, client_record):
    invitation, token = issue(client_record, version=policy_version)
    data = {**FORM_CHOICES, "version_hash": policy_version.content_hash}
    later = timezone.now() + timedelta(days=15)
    with mock.patch("django.utils.timezone.now", return_value=later):
        expired = client.post(reverse("intake", args=[token]), data)
    assert expired.status_code == 410 and "expired" in expired.content.decode()

    number, secret, mac = token.split(".")
    tampered = [
        f"{number}.{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}.{mac}",
        f"{int(number) + 1}.{secret}.{mac}",
        f"{number}.{secret}.{mac[:-2]}",
        "1.2.3",
        "not-a-token",
    ]
    for bad in tampered:
        response = client.post(reverse("intake", args=[bad]), data)
        assert response.status_code == 404, bad
        assert "not valid" in response.content.decode()
    assert not Consent.objects.exists() and not ClientAcknowledgement.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None
    # A client who is no longer active cannot use a link made earlier.
    client_record.status = "discharged"
    client_record.save()
    assert resolve(token).state is LinkState.invalid


@pytest.mark.django_db
def test_only_the_hash_of_the_secret_is_stored(policy_version, client_record):
    invitation, token = issue(client_record, version=policy_version)
    _number, secret, _mac = token.split(".")
    stored = IntakeInvitation.objects.filter(pk=invitation.pk).values_list("token_hash", flat=True)
    assert secret not in stored[0] and len(stored[0]) == 64
    assert len(token) < 50  # short enough for a text message


@pytest.mark.django_db
def test_incomplete_answers_are_refused_and_nothing_is_recorded(
    client, policy_version, client_record
):
    url = intake_path(client_record, version=policy_version)
    base = {**FORM_CHOICES, "version_hash": policy_version.content_hash}
    missing_sms = {k: v for k, v in base.items() if k != "consent_sms"}
    response = client.post(url, missing_sms)
    assert response.status_code == 400 and "Please choose yes or no." in response.content.decode()
    declined_preferred = {**base, "preferred": "sms"}
    response = client.post(url, declined_preferred)
    assert response.status_code == 400
    assert "must be one you said yes to" in response.content.decode()
    unsigned = {**base, "signed_name": "  "}
    assert client.post(url, unsigned).status_code == 400
    unagreed = {k: v for k, v in base.items() if k != "agree"}
    assert client.post(url, unagreed).status_code == 400
    assert not Consent.objects.exists() and not ClientAcknowledgement.objects.exists()
    assert IntakeInvitation.objects.get().used_at is None


@pytest.mark.django_db
def test_a_policy_that_changed_while_the_client_read_is_shown_again(
    client, policy_version, client_record
):
    url = intake_path(client_record, version=policy_version)
    stale = {**FORM_CHOICES, "version_hash": "0" * 64}
    response = client.post(url, stale)
    assert (
        response.status_code == 409
        and "changed while you were reading" in response.content.decode()
    )
    assert not ClientAcknowledgement.objects.exists()


@pytest.mark.django_db
def test_the_page_is_in_the_clients_language(client, policy_version, client_record):
    client_record.language = "es"
    client_record.save()
    body = client.get(intake_path(client_record, version=policy_version)).content.decode()
    assert '<html lang="es">' in body
    assert "El correo electrónico no es seguro" in body
    assert "Escriba su nombre completo para firmar" in body
    assert '<a class="skip" href="#main">Saltar al contenido</a>' in body
    # The staff pages stay in the staff's language.
    gone = client.get(reverse("intake", args=["1.x.y"])).content.decode()
    assert '<html lang="en">' in gone and "Skip to content" in gone


@pytest.mark.django_db
def test_a_re_acknowledgement_link_asks_only_to_acknowledge(client, policy_version, client_record):
    url = intake_path(client_record, version=policy_version, purpose="acknowledge")
    page = client.get(url).content.decode()
    assert 'id="channel-email"' not in page and "Type your full name" in page
    data = {"agree": "on", "signed_name": "T. Client", "version_hash": policy_version.content_hash}
    assert client.post(url, data).status_code == 302
    ack = ClientAcknowledgement.objects.get()
    assert ack.purpose == "acknowledge" and ack.choices == {"preferred": "", "consents": {}}
    assert not Consent.objects.exists()
    assert AuditEvent.objects.filter(action="client.policy_acknowledged").count() == 1


@pytest.mark.django_db
def test_the_receipt_is_only_for_the_browser_that_signed(client, policy_version, client_record):
    assert client.get(reverse("intake-receipt")).status_code == 404
    assert client.get(reverse("intake-done")).status_code == 404


@pytest.mark.django_db
def test_staff_create_links_and_read_receipts_and_outsiders_reach_nothing(
    client, owner, front_desk, outsider, policy_version, client_record
):
    link_url = reverse("client-intake-link", args=[client_record.pk])
    signed_in(client, outsider)
    assert client.post(link_url).status_code == 404
    assert not IntakeInvitation.objects.exists()

    signed_in(client, front_desk)
    response = client.post(link_url, {"purpose": "intake"}, follow=True)
    assert "/intake/" in response.content.decode()
    invitation = IntakeInvitation.objects.get()
    assert invitation.created_by == front_desk.user and invitation.policy_version == policy_version
    assert AuditEvent.objects.filter(action="client.intake_link_created").exists()
    assert client.post(link_url, {"purpose": "nonsense"}).status_code == 404

    _inv, token = issue(client_record, version=policy_version)
    client.post(
        reverse("intake", args=[token]),
        {**FORM_CHOICES, "version_hash": policy_version.content_hash},
    )
    ack = ClientAcknowledgement.objects.get()
    receipt_url = reverse("client-receipt", args=[client_record.pk, ack.pk])
    signed_in(client, outsider)
    assert client.get(receipt_url).status_code == 404
    signed_in(client, owner)
    page = client.get(reverse("client", args=[client_record.pk])).content.decode()
    assert receipt_url in page and ack.content_hash[:12] in page
    assert client.get(receipt_url)["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="client.receipt_viewed").exists()


@pytest.mark.django_db
def test_no_link_without_a_policy_to_agree_to(client, owner, client_record):
    signed_in(client, owner)
    response = client.post(reverse("client-intake-link", args=[client_record.pk]), follow=True)
    assert "no published policy" in response.content.decode()
    assert not IntakeInvitation.objects.exists()


@pytest.mark.django_db
def test_the_policy_document_link_is_signed(client, policy_version):
    from between.clients.links import document_token

    token = document_token(policy_version)
    page = client.get(reverse("policy-document", args=[token]))
    assert page.status_code == 200 and "Riverside Counseling" in page.content.decode()
    pdf = client.get(reverse("policy-document", args=[token]) + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    forged = f"{policy_version.pk}.{'A' * 22}"
    assert client.get(reverse("policy-document", args=[forged])).status_code == 404
    assert client.get(reverse("policy-document", args=[token]) + "?format=exe").status_code == 404


@pytest.mark.django_db
def test_the_receipt_shows_the_signing_time_in_the_practices_zone(policy_version, client_record):
    """It said "Signed Dec. 6, 2026, 2:14 a.m. (America/New_York)" for 21:14 on 5
    December in New York: the UTC time under the practice's zone name."""
    from datetime import UTC, datetime

    from between.clients.intake import Answers, receipt_html

    html = receipt_html(
        client_record,
        policy_version,
        Answers(signed_name="Test Client", preferred="email", consents={"email": "granted"}),
        at=datetime(2026, 12, 6, 2, 14, tzinfo=UTC),
        ip="203.0.113.7",
        user_agent=BROWSER,
        purpose="intake",
    )
    signed = re.search(r"Signed</th><td>([^<]+)</td>", html)
    assert signed is not None
    assert "Dec. 5, 2026, 9:14 p.m." in signed.group(1)
    assert "America/New_York" in signed.group(1)

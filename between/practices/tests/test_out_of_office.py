"""The out-of-office preview of one absence: the policy's own wording, this absence's dates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from between.conftest import make_member, signed_in
from between.practices.tests.conftest import away

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(riverside):
    """The colleague the reference policy lists under coverage, by the same name."""
    member = make_member(riverside, "sam", "clinician")
    member.display_name = "Sam Lee, PhD"
    member.save()
    return member


def test_email_and_text_name_the_dates_the_return_and_the_covering_colleague(
    client, frozen, owner, sam, front_desk, policy_version
):
    absence = away(owner, "2027-03-08", "2027-03-12", covering=sam)
    page = signed_in(client, front_desk).get(reverse("absence", args=[absence.pk]))
    assert page.status_code == 200
    reply = page.context["reply"]
    assert reply.version == policy_version
    email = reply.email.body
    assert email.startswith(
        "Thank you for your message. I am away from Monday March 8 to Friday March 12."
    )
    assert "I will reply by Monday March 15" in email
    assert "While I am away, Sam Lee, PhD is covering: +1 212 555 0142" in email
    assert "call 911 now" in email
    assert reply.email.subject.startswith("Out of office")
    assert reply.email.problems == ()
    # Texts keep to two segments: this policy's safety lines leave no room for the cover.
    assert reply.text.body.startswith("I am away until Monday March 15.")
    assert 1 <= reply.text.segments <= 2
    html = page.content.decode()
    assert "By email" in html
    assert "By text message" in html
    assert not any("coverage list" in n for n in reply.notes)


def test_a_colleague_the_policy_does_not_list_is_named_without_contact_and_the_page_says_why(
    client, frozen, owner, clinician, policy_version
):
    absence = away(owner, "2027-03-08", "2027-03-12", covering=clinician)
    reply = signed_in(client, owner).get(reverse("absence", args=[absence.pk])).context["reply"]
    # Named (issue 15: a reply that leaves the cover out confuses clients), but with no
    # number: the staff record's phone is a private mobile for pages, never for clients.
    assert "While I am away, Clinician is covering for me." in reply.email.body
    assert clinician.phone not in reply.email.body or not clinician.phone
    assert any("does not include Clinician" in n and "on-call" in n for n in reply.notes)


def test_the_return_date_follows_the_practices_next_absence(
    client, frozen, owner, sam, policy_version
):
    absence = away(owner, "2027-03-08", "2027-03-12", covering=sam)
    away(sam, "2027-03-15", "2027-03-15")  # the pipeline's calendar closes on it too
    reply = signed_in(client, owner).get(reverse("absence", args=[absence.pk])).context["reply"]
    assert "I will reply by Tuesday March 16" in reply.email.body


def test_the_preview_in_spanish(client, frozen, owner, sam, policy_version):
    absence = away(owner, "2027-03-08", "2027-03-12", covering=sam)
    page = signed_in(client, owner).get(reverse("absence", args=[absence.pk]), {"language": "es"})
    assert "Gracias por su mensaje" in page.context["reply"].email.body
    assert "me sustituye Sam Lee, PhD" in page.context["reply"].email.body


def test_without_a_policy_in_force_the_page_says_nothing_is_sent(client, frozen, owner):
    absence = away(owner, "2027-03-08", "2027-03-12")
    page = signed_in(client, owner).get(reverse("absence", args=[absence.pk]))
    assert page.context["reply"].email is None
    assert "No policy is in force" in page.content.decode()

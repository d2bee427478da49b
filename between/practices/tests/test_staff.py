"""Owners manage staff; the practice always keeps an active owner; passwords stay private."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from between.audit.models import AuditEvent
from between.conftest import make_member, signed_in
from between.practices.models import Membership

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://\S+/welcome/[\w-]+/[\w-]+/")


def add(client, **fields):
    data = {
        "username": "robin",
        "display_name": "Robin Park, LCSW",
        "role": "clinician",
        "email": "robin@riverside.example",
        "phone": "(212) 555-0199",
        "send_link": "on",
    }
    data.update(fields)
    return client.post(reverse("staff-add"), data)


def test_only_owners_reach_the_staff_pages(client, owner, clinician, supervisor, front_desk):
    for member in (clinician, supervisor, front_desk):
        signed_in(client, member)
        assert client.get(reverse("staff")).status_code == 404
        assert client.get(reverse("staff-member", args=[owner.pk])).status_code == 404
        assert add(client).status_code == 404
        assert client.post(reverse("staff-active", args=[owner.pk])).status_code == 404
    assert not Membership.objects.filter(user__username="robin").exists()
    page = signed_in(client, owner).get(reverse("staff"))
    assert page.status_code == 200
    assert [m.display_name for m in page.context["members"]] == [
        "Clinician",
        "Desk",
        "Owner",
        "Supervisor",
    ]
    client.logout()
    assert client.get(reverse("staff"))["Location"].startswith(reverse("login"))


def test_staff_link_in_the_navigation_only_for_owners(client, owner, clinician):
    staff = reverse("staff")
    assert staff in signed_in(client, owner).get(reverse("absences")).content.decode()
    assert staff not in signed_in(client, clinician).get(reverse("absences")).content.decode()


def test_owner_adds_a_colleague_who_chooses_their_own_password(client, settings, owner):
    settings.BETWEEN_BASE_URL = "http://testserver"
    response = add(signed_in(client, owner))
    member = Membership.objects.get(user__username="robin")
    assert response["Location"] == reverse("staff-member", args=[member.pk])
    assert (member.practice, member.role, member.phone, member.email) == (
        owner.practice,
        "clinician",
        "+12125550199",
        "robin@riverside.example",
    )
    assert not member.user.has_usable_password()
    assert not member.user.is_staff

    (sent,) = mail.outbox
    assert sent.to == ["robin@riverside.example"]
    link = LINK.search(sent.body).group(0)
    page = client.get(response["Location"])
    assert link in page.content.decode()  # shown once to the owner as well
    assert link not in client.get(response["Location"]).content.decode()

    assert {e.action for e in AuditEvent.objects.all()} == {"staff.added", "staff.password_link"}
    added = AuditEvent.objects.get(action="staff.added")
    assert added.detail == {"user": member.user_id, "role": "clinician"}

    colleague = client_for_link = client.__class__()
    form_page = client_for_link.get(link, follow=True)
    assert form_page.context["validlink"]
    done = colleague.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "tidal orchard lantern", "new_password2": "tidal orchard lantern"},
    )
    assert done["Location"] == reverse("login")
    member.user.refresh_from_db()
    assert member.user.check_password("tidal orchard lantern")
    assert AuditEvent.objects.filter(action="staff.password_set", actor=member.user).exists()
    # The link worked once.
    assert not client.__class__().get(link, follow=True).context["validlink"]
    assert "tidal orchard lantern" not in str(list(AuditEvent.objects.values("detail")))


def test_an_owner_added_as_owner_gets_the_admin_flag(client, owner):
    add(signed_in(client, owner), username="co-owner", role="owner", send_link="")
    user = get_user_model().objects.get(username="co-owner")
    assert user.is_staff
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"username": "OWNER"}, "username", "That username is taken; choose another."),
        ({"username": "no spaces please"}, "username", None),
        ({"phone": "12"}, "phone", None),
        ({"email": "not-an-address"}, "email", None),
        ({"role": "superuser"}, "role", None),
    ],
)
def test_bad_colleague_details_are_refused(client, owner, fields, field, message):
    response = add(signed_in(client, owner), **fields)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert message is None or errors == [message]
    assert Membership.objects.count() == 1


def test_owner_changes_a_role_and_it_is_audited(client, owner, clinician):
    response = signed_in(client, owner).post(
        reverse("staff-member", args=[clinician.pk]),
        {"display_name": "Dr Clinician", "role": "supervisor", "email": "", "phone": ""},
    )
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert (clinician.role, clinician.display_name) == ("supervisor", "Dr Clinician")
    event = AuditEvent.objects.get(action="staff.changed")
    assert event.detail == {
        "changed": ["display_name", "role"],
        "role": {"from": "clinician", "to": "supervisor"},
    }


def test_the_last_owner_cannot_step_down(client, owner):
    client = signed_in(client, owner)
    response = client.post(
        reverse("staff-member", args=[owner.pk]),
        {"display_name": "Owner", "role": "clinician", "email": "", "phone": ""},
    )
    assert response.status_code == 200
    assert "needs at least one active owner" in response.context["form"].errors["role"][0]
    owner.refresh_from_db()
    assert owner.role == "owner"
    # With a second active owner, stepping down is allowed (and the staff page is left).
    make_member(owner.practice, "second", "owner")
    response = client.post(
        reverse("staff-member", args=[owner.pk]),
        {"display_name": "Owner", "role": "clinician", "email": "", "phone": ""},
    )
    assert response["Location"] == reverse("absences")
    owner.refresh_from_db()
    assert owner.role == "clinician"
    assert not owner.user.is_staff


def test_an_inactive_owner_does_not_count_as_the_other_owner(client, owner):
    other = make_member(owner.practice, "dormant", "owner")
    other.is_active = False
    other.save()
    response = signed_in(client, owner).post(
        reverse("staff-member", args=[owner.pk]),
        {"display_name": "Owner", "role": "front_desk", "email": "", "phone": ""},
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.role == "owner"


def test_an_owner_cannot_deactivate_themself(client, owner):
    make_member(owner.practice, "second", "owner")
    response = signed_in(client, owner).post(
        reverse("staff-active", args=[owner.pk]), {"active": "no"}, follow=True
    )
    assert "You cannot deactivate yourself" in response.content.decode()
    owner.refresh_from_db()
    assert owner.is_active
    assert not AuditEvent.objects.filter(action="staff.deactivated").exists()


def test_deactivate_and_reactivate_a_colleague(client, owner, clinician):
    colleague = client.__class__()
    signed_in(colleague, clinician)
    assert colleague.get(reverse("absences")).status_code == 200
    client = signed_in(client, owner)
    client.post(reverse("staff-active", args=[clinician.pk]), {"active": "no"})
    clinician.refresh_from_db()
    clinician.user.refresh_from_db()
    assert not clinician.is_active
    assert not clinician.user.is_active
    # Their open session no longer reaches anything.
    assert colleague.get(reverse("absences"))["Location"].startswith(reverse("login"))
    client.post(reverse("staff-active", args=[clinician.pk]), {"active": "yes"})
    clinician.refresh_from_db()
    assert clinician.is_active
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        "staff.deactivated",
        "staff.reactivated",
    ]


def test_owners_reach_no_member_of_another_practice(client, owner, outsider, elsewhere):
    client = signed_in(client, owner)
    for name in ("staff-member", "staff-active", "staff-link"):
        assert client.post(reverse(name, args=[outsider.pk]), {"active": "no"}).status_code == 404
    assert client.get(reverse("staff-member", args=[outsider.pk])).status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active
    their_owner = make_member(elsewhere, "their-owner", "owner")
    page = signed_in(client, their_owner).get(reverse("staff"))
    assert set(page.context["members"]) == {outsider, their_owner}
    assert client.get(reverse("staff-member", args=[owner.pk])).status_code == 404


def test_a_new_link_for_an_existing_colleague(client, settings, owner, clinician):
    clinician.email = "c@riverside.example"
    clinician.save()
    response = signed_in(client, owner).post(
        reverse("staff-link", args=[clinician.pk]), {"send_link": "on"}, follow=True
    )
    assert LINK.search(response.content.decode())
    assert mail.outbox[0].to == ["c@riverside.example"]
    assert AuditEvent.objects.get(action="staff.password_link").detail == {
        "user": clinician.user_id,
        "emailed": True,
    }


def test_a_link_for_a_deactivated_colleague_does_not_work(client, settings, owner, clinician):
    from between.practices.staff_views import set_password_link

    link = set_password_link(clinician)
    clinician.is_active = False
    clinician.save()
    page = client.get(link.replace(settings.BETWEEN_BASE_URL, ""), follow=True)
    assert not page.context["validlink"]


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("phone", "(212) 555-0100", "a number Between receives texts on"),
        ("email", "Hello@Riverside.example", "an address Between receives mail on"),
    ],
)
def test_the_practices_own_number_or_address_is_no_one_to_page(client, owner, field, value, said):
    """An owner once gave the policy's texting number as their "mobile for pages": the
    page went From +12125550100 To +12125550100, twice, and reached nobody."""
    from between.messaging.models import Endpoint

    Endpoint.objects.create(practice=owner.practice, kind="phone", address="+12125550100")
    Endpoint.objects.create(
        practice=owner.practice, kind="email", address="hello@riverside.example"
    )
    response = add(signed_in(client, owner), **{field: value})
    assert response.status_code == 200 and said in response.content.decode()
    assert not Membership.objects.filter(user__username="robin").exists()

"""The absences pages by role: who sees, who records whose, and nothing across practices."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from between.audit.models import AuditEvent
from between.conftest import make_member, signed_in
from between.practices.models import Absence
from between.practices.tests.conftest import away

pytestmark = pytest.mark.django_db


def form(clinician, start, end, covering=None, note=""):
    return {
        "clinician": clinician.pk,
        "start": start,
        "end": end,
        "covering": covering.pk if covering else "",
        "note": note,
    }


def test_list_groups_absences_by_practice_today(client, frozen, owner, clinician, front_desk):
    away(clinician, "2027-01-04", "2027-01-08", note="Winter")
    away(clinician, "2027-01-29", "2027-02-02", note="Long weekend")
    away(owner, "2027-03-01", "2027-03-05", covering=clinician)
    page = signed_in(client, front_desk).get(reverse("absences"))
    assert page.status_code == 200
    assert [a.note for a in page.context["current"]] == ["Long weekend"]
    assert [a.clinician for a in page.context["upcoming"]] == [owner]
    assert [a.note for a in page.context["past"]] == ["Winter"]
    html = page.content.decode()
    assert "Add an absence" not in html
    assert "/edit/" not in html
    assert "Out-of-office preview" in html


def test_today_follows_the_practice_time_zone(client, owner, clinician):
    from freezegun import freeze_time

    away(clinician, "2027-02-01", "2027-02-01")
    # 03:00 UTC on 2 February is still 1 February in New York.
    with freeze_time("2027-02-02 03:00:00"):
        page = signed_in(client, owner).get(reverse("absences"))
    assert len(page.context["current"]) == 1


def test_owner_adds_an_absence_for_a_clinician_and_it_is_audited(
    client, frozen, owner, clinician, supervisor
):
    response = signed_in(client, owner).post(
        reverse("absence-add"),
        form(clinician, "2027-03-01", "2027-03-05", supervisor, note="Conference"),
    )
    absence = Absence.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("absence", args=[absence.pk])
    assert (absence.practice, absence.clinician, absence.covering) == (
        owner.practice,
        clinician,
        supervisor,
    )
    event = AuditEvent.objects.get(action="absence.created")
    assert event.actor == owner.user
    assert event.object_id == str(absence.pk)
    assert event.detail == {
        "clinician": clinician.pk,
        "start": "2027-03-01",
        "end": "2027-03-05",
        "covering": supervisor.pk,
    }
    assert "Conference" not in str(event.detail)


def test_clinician_records_only_their_own_absences(client, frozen, owner, clinician):
    signed_in(client, clinician).post(
        reverse("absence-add"), form(owner, "2027-03-01", "2027-03-02")
    )
    assert Absence.objects.get().clinician == clinician


def test_clinician_sees_a_colleagues_absence_but_cannot_change_it(client, frozen, owner, clinician):
    theirs = away(owner, "2027-03-01", "2027-03-05")
    client = signed_in(client, clinician)
    assert client.get(reverse("absence", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("absence-edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("absence-delete", args=[theirs.pk])).status_code == 404
    assert Absence.objects.filter(pk=theirs.pk).exists()
    mine = away(clinician, "2027-04-01", "2027-04-02")
    response = client.post(
        reverse("absence-edit", args=[mine.pk]), form(clinician, "2027-04-01", "2027-04-03")
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.end == date(2027, 4, 3)


def test_front_desk_reads_absences_but_records_none(client, frozen, front_desk, clinician):
    absence = away(clinician, "2027-03-01", "2027-03-05")
    client = signed_in(client, front_desk)
    assert client.get(reverse("absences")).status_code == 200
    assert client.get(reverse("absence-calendar")).status_code == 200
    assert client.get(reverse("absence", args=[absence.pk])).status_code == 200
    for name in ("absence-add", "absence-import"):
        assert client.get(reverse(name)).status_code == 404
    assert (
        client.post(reverse("absence-add"), form(clinician, "2027-05-01", "2027-05-02")).status_code
        == 404
    )
    for name in ("absence-edit", "absence-delete"):
        assert client.get(reverse(name, args=[absence.pk])).status_code == 404
    assert Absence.objects.count() == 1


def test_supervisor_changes_any_absence_and_the_change_is_audited(
    client, frozen, supervisor, clinician, owner
):
    absence = away(clinician, "2027-03-01", "2027-03-05")
    response = signed_in(client, supervisor).post(
        reverse("absence-edit", args=[absence.pk]),
        form(clinician, "2027-03-01", "2027-03-04", owner),
    )
    assert response.status_code == 302
    absence.refresh_from_db()
    assert (absence.end, absence.covering) == (date(2027, 3, 4), owner)
    event = AuditEvent.objects.get(action="absence.changed")
    assert event.detail["changed"] == ["covering", "end"]
    assert event.actor == supervisor.user


def test_delete_asks_first_then_deletes_and_audits(client, frozen, owner, clinician):
    absence = away(clinician, "2027-03-01", "2027-03-05")
    client = signed_in(client, owner)
    assert b"Delete the absence" in client.get(reverse("absence-delete", args=[absence.pk])).content
    assert Absence.objects.exists()
    response = client.post(reverse("absence-delete", args=[absence.pk]))
    assert response["Location"] == reverse("absences")
    assert not Absence.objects.exists()
    event = AuditEvent.objects.get(action="absence.deleted")
    assert event.object_id == str(absence.pk)
    assert event.detail["start"] == "2027-03-01"


def test_overlapping_absence_of_the_same_clinician_is_refused_clearly(
    client, frozen, owner, clinician, supervisor
):
    away(clinician, "2027-03-01", "2027-03-05")
    client = signed_in(client, owner)
    response = client.post(reverse("absence-add"), form(clinician, "2027-03-05", "2027-03-08"))
    assert response.status_code == 200
    assert (
        "Clinician is already away from Mon 1 Mar 2027 to Fri 5 Mar 2027."
        in response.content.decode()
    )
    assert Absence.objects.count() == 1
    # Another clinician may be away on the same days.
    client.post(reverse("absence-add"), form(supervisor, "2027-03-01", "2027-03-05"))
    assert Absence.objects.count() == 2


def test_editing_an_absence_does_not_clash_with_itself(client, frozen, owner, clinician):
    absence = away(clinician, "2027-03-01", "2027-03-05")
    response = signed_in(client, owner).post(
        reverse("absence-edit", args=[absence.pk]), form(clinician, "2027-03-02", "2027-03-06")
    )
    assert response.status_code == 302


def test_end_before_start_is_refused(client, frozen, owner, clinician):
    response = signed_in(client, owner).post(
        reverse("absence-add"), form(clinician, "2027-03-05", "2027-03-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "end": ["The last day away must be on or after the first day."]
    }
    assert not Absence.objects.exists()


def test_covering_colleague_is_chosen_from_this_practice_only(
    client, frozen, owner, clinician, supervisor, front_desk, outsider
):
    gone = make_member(owner.practice, "former", "clinician")
    gone.is_active = False
    gone.save()
    client = signed_in(client, owner)
    page = client.get(reverse("absence-add"))
    offered = set(page.context["form"].fields["covering"].queryset)
    # The owner is the default "who is away", so is not offered as their own cover.
    assert offered == {clinician, supervisor}
    for stranger in (outsider, front_desk, gone):
        response = client.post(
            reverse("absence-add"), form(clinician, "2027-03-01", "2027-03-02", stranger)
        )
        assert "covering" in response.context["form"].errors
    response = client.post(
        reverse("absence-add"), form(clinician, "2027-03-01", "2027-03-02", clinician)
    )
    assert response.context["form"].errors["covering"] == [
        "Choose an active colleague of this practice other than the one who is away."
    ]
    assert not Absence.objects.exists()


def test_the_covering_list_never_offers_the_person_away(
    client, frozen, owner, clinician, supervisor, outsider
):
    client = signed_in(client, owner)
    # As "who is away" changes, htmx asks for the list again.
    page = client.get(reverse("absence-add"))
    assert page.context["form"].fields["clinician"].widget.attrs["hx-get"] == reverse(
        "absence-covering-options"
    )
    options = client.get(
        reverse("absence-covering-options"), {"clinician": clinician.pk, "covering": supervisor.pk}
    ).content.decode()
    assert f'value="{clinician.pk}"' not in options
    assert f'value="{owner.pk}"' in options
    assert f'<option value="{supervisor.pk}" selected>' in options
    assert "Outsider" not in options  # another practice's people are never listed
    # A posted form with errors keeps the list without the person away.
    response = client.post(reverse("absence-add"), form(clinician, "2027-03-05", "2027-03-01"))
    assert set(response.context["form"].fields["covering"].queryset) == {owner, supervisor}


def test_a_long_note_is_refused_with_its_length_and_kept_whole(client, frozen, owner, clinician):
    client = signed_in(client, owner)
    long_note = "Away at a training on trauma-focused care. " * 80
    data = {**form(clinician, "2027-03-01", "2027-03-02"), "note": long_note}
    response = client.post(reverse("absence-add"), data)
    errors = response.context["form"].errors["note"]
    assert (
        errors and "characters long" in errors[0] and "nothing you typed has been cut" in errors[0]
    )
    html = response.content.decode()
    box = re.search(r'<textarea[^>]*name="note"[^>]*>', html)
    assert box is not None and "maxlength" not in box.group(0)  # a browser would cut it
    assert long_note.strip()[:200] in html  # what was typed comes back, for shortening
    assert not Absence.objects.exists()


def test_outsider_reaches_nothing_of_another_practice(client, frozen, outsider, owner, clinician):
    absence = away(clinician, "2027-03-01", "2027-03-05", note="Riverside leave")
    client = signed_in(client, outsider)
    for name in ("absence", "absence-edit", "absence-delete"):
        assert client.get(reverse(name, args=[absence.pk])).status_code == 404
        assert client.post(reverse(name, args=[absence.pk])).status_code == 404
    for page in (reverse("absences"), reverse("absence-calendar-month", args=[2027, 3])):
        response = client.get(page)
        assert response.status_code == 200
        assert "Riverside leave" not in response.content.decode()
        assert "Clinician" not in response.content.decode()
    # A clinician records their own absences only, whoever the form names.
    client.post(reverse("absence-add"), form(clinician, "2027-04-01", "2027-04-02"))
    assert set(Absence.objects.filter(practice=owner.practice)) == {absence}
    assert Absence.objects.get(practice=outsider.practice).clinician == outsider


def test_another_practices_owner_cannot_name_our_people(client, frozen, elsewhere, clinician):
    their_owner = make_member(elsewhere, "their-owner", "owner")
    response = signed_in(client, their_owner).post(
        reverse("absence-add"), form(clinician, "2027-04-01", "2027-04-02")
    )
    assert response.status_code == 200
    assert "clinician" in response.context["form"].errors
    assert not Absence.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, owner, clinician):
    absence = away(clinician, "2027-03-01", "2027-03-05")
    for url in (
        reverse("absences"),
        reverse("absence", args=[absence.pk]),
        reverse("absence-import"),
    ):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_calendar_shows_each_month_its_own_days_of_an_absence_across_the_boundary(
    client, frozen, owner, clinician
):
    away(clinician, "2027-01-30", "2027-02-02", covering=owner)
    client = signed_in(client, owner)
    january = client.get(reverse("absence-calendar-month", args=[2027, 1]))
    february = client.get(reverse("absence-calendar-month", args=[2027, 2]))
    assert [p["days"] for p in january.context["people"]] == [2]
    assert [p["days"] for p in february.context["people"]] == [2]

    def marked(response):
        return [day for week in response.context["weeks"] for day, absences in week if absences]

    assert marked(january) == [date(2027, 1, 30), date(2027, 1, 31)]
    # 1 February 2027 is a Monday: February's grid starts on it and holds no January days.
    assert marked(february) == [date(2027, 2, 1), date(2027, 2, 2)]
    assert february.content.decode().count('aria-current="date"') == 1
    assert 'aria-current="date"' not in january.content.decode()
    html = february.content.decode()
    assert reverse("absence-calendar-month", args=[2027, 1]) in html
    assert reverse("absence-calendar-month", args=[2027, 3]) in html


def test_calendar_crosses_the_year_and_rejects_impossible_months(client, frozen, owner):
    client = signed_in(client, owner)
    december = client.get(reverse("absence-calendar-month", args=[2026, 12]))
    assert december.status_code == 200
    html = december.content.decode()
    assert reverse("absence-calendar-month", args=[2027, 1]) in html
    assert reverse("absence-calendar-month", args=[2026, 11]) in html
    assert december.context["weeks"][-1][-1][0] == date(2027, 1, 3)
    assert client.get("/absences/calendar/2027/13/").status_code == 404
    this_month = client.get(reverse("absence-calendar"))
    assert this_month.context["shown"].month == 2

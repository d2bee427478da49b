"""Importing absences from a calendar file: preview first, then exactly what was shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from between.audit.models import AuditEvent
from between.conftest import signed_in
from between.practices.models import Absence
from between.practices.tests.conftest import away

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
DAY_OFF_FILE = "google-weekly-day-off.ics"


def upload(client, name, clinician, covering=None):
    data = (DATA / name).read_bytes()
    return client.post(
        reverse("absence-import"),
        {
            "file": SimpleUploadedFile(name, data, content_type="text/calendar"),
            "clinician": clinician.pk,
            "covering": covering.pk if covering else "",
        },
    )


def confirm(client, preview, keys=None):
    rows = preview.context["creating"]
    return client.post(
        reverse("absence-import-confirm"),
        {
            "token": preview.context["token"],
            "event": [r.event.key for r in rows] if keys is None else keys,
        },
    )


def dates(rows):
    return [(r.event.start, r.event.end) for r in rows]


def test_preview_creates_nothing_and_confirm_creates_what_it_showed(
    client, frozen, owner, clinician, supervisor
):
    client = signed_in(client, owner)
    preview = upload(client, DAY_OFF_FILE, clinician, supervisor)
    assert preview.status_code == 200
    assert not Absence.objects.exists()
    shown = dates(preview.context["creating"])
    assert [start for start, _end in shown] == [
        date(2027, 2, 3),
        date(2027, 2, 5),
        date(2027, 2, 12),
        date(2027, 2, 25),
        date(2027, 3, 3),
        date(2027, 3, 5),
        date(2027, 3, 12),
        date(2027, 3, 17),
        date(2027, 3, 31),
    ]
    skipped = {(r.event.start, r.skipped) for r in preview.context["skipped"]}
    assert skipped == {
        (date(2027, 1, 8), "in the past"),
        (date(2027, 1, 15), "in the past"),
        (date(2027, 1, 22), "in the past"),
        (date(2027, 1, 29), "in the past"),
    }
    html = preview.content.decode()
    assert "Day off (moved to Thursday)" in html
    assert "In the past" in html

    response = confirm(client, preview)
    assert response["Location"] == reverse("absences")
    created = list(Absence.objects.order_by("start"))
    assert [(a.start, a.end) for a in created] == shown
    assert {(a.clinician, a.covering, a.practice) for a in created} == {
        (clinician, supervisor, owner.practice)
    }
    assert created[0].note == "Half day: training"
    assert all(len(a.import_key) == 64 for a in created)
    assert AuditEvent.objects.filter(action="absence.imported").count() == 9
    summary = AuditEvent.objects.get(action="absence.import_file")
    assert summary.detail == {"created": [a.pk for a in created], "skipped": 4}
    assert all("Day off" not in str(e.detail) for e in AuditEvent.objects.all())


def test_importing_the_same_file_twice_creates_nothing_new(client, frozen, owner, clinician):
    client = signed_in(client, owner)
    confirm(client, upload(client, DAY_OFF_FILE, clinician))
    assert Absence.objects.count() == 9
    again = upload(client, DAY_OFF_FILE, clinician)
    assert again.context["creating"] == []
    assert [r.skipped for r in again.context["skipped"]].count("already imported") == 9
    confirm(client, again, keys=[r.event.key for r in again.context["skipped"]])
    assert Absence.objects.count() == 9


def test_only_the_ticked_events_are_imported(client, frozen, owner, clinician):
    client = signed_in(client, owner)
    preview = upload(client, DAY_OFF_FILE, clinician)
    rows = preview.context["creating"]
    confirm(client, preview, keys=[rows[1].event.key, rows[2].event.key])
    assert [a.start for a in Absence.objects.order_by("start")] == [
        date(2027, 2, 5),
        date(2027, 2, 12),
    ]


def test_events_overlapping_recorded_absences_or_each_other_are_skipped(
    client, frozen, owner, clinician
):
    away(clinician, "2027-03-01", "2027-03-05")
    client = signed_in(client, owner)
    preview = upload(client, DAY_OFF_FILE, clinician)
    reasons = {r.event.start: r.skipped for r in preview.context["skipped"]}
    expected = "overlaps the absence already recorded from Mon 1 Mar 2027 to Fri 5 Mar 2027"
    assert reasons[date(2027, 3, 3)] == expected
    assert reasons[date(2027, 3, 5)] == expected

    vacation = upload(client, "vacation-all-day.ics", clinician)
    reasons = {r.event.summary: r.skipped for r in vacation.context["skipped"]}
    assert reasons == {
        "Dentist": "overlaps “Summer vacation” in this file",
        "Workshop (cancelled)": "cancelled in the calendar",
        "Ends before it starts": "malformed: it ends before it starts",
        "No start date": "malformed: it has no start date",
        "Sabbatical": "too far ahead: only dates up to 2028-08-02 are read",
    }
    assert dates(vacation.context["creating"]) == [
        (date(2027, 5, 24), date(2027, 5, 24)),
        (date(2027, 7, 5), date(2027, 7, 16)),
    ]


def test_outlook_timed_events_become_the_local_dates_they_touch(client, frozen, owner):
    client = signed_in(client, owner)
    preview = upload(client, "outlook-vtimezone.ics", owner)
    confirm(client, preview)
    assert [(a.start, a.end, a.note) for a in Absence.objects.order_by("start")] == [
        (date(2027, 3, 15), date(2027, 3, 17), "Conference (out of office)"),
        (date(2027, 3, 18), date(2027, 3, 19), "Red-eye flight home"),
        (date(2027, 4, 5), date(2027, 4, 5), "Training day"),
        (date(2027, 4, 20), date(2027, 4, 20), "Personal day"),
    ]


def test_a_broken_file_is_refused_clearly_and_changes_nothing(client, frozen, owner, clinician):
    away(clinician, "2027-03-01", "2027-03-05")
    client = signed_in(client, owner)
    audit_before = AuditEvent.objects.count()
    response = upload(client, "broken.ics", clinician)
    assert response.status_code == 200
    assert "could not be read as a calendar" in response.content.decode()
    assert "Nothing was changed" in response.content.decode()
    assert Absence.objects.count() == 1
    assert AuditEvent.objects.count() == audit_before
    stale = client.post(reverse("absence-import-confirm"), {"token": "anything"})
    assert stale["Location"] == reverse("absence-import")
    assert Absence.objects.count() == 1


def test_a_clinician_imports_for_themself_only(client, frozen, owner, clinician):
    client = signed_in(client, clinician)
    preview = upload(client, "vacation-all-day.ics", owner)
    assert preview.context["clinician"] == clinician
    confirm(client, preview)
    assert set(Absence.objects.values_list("clinician", flat=True)) == {clinician.pk}


def test_front_desk_and_strangers_cannot_import(client, frozen, front_desk, outsider, clinician):
    client = signed_in(client, front_desk)
    assert upload(client, DAY_OFF_FILE, clinician).status_code == 404
    assert client.post(reverse("absence-import-confirm"), {"token": "x"}).status_code == 404
    client = signed_in(client, outsider)
    preview = upload(client, DAY_OFF_FILE, clinician)
    # A clinician imports for themself: the Riverside id in the form is ignored.
    confirm(client, preview)
    assert not Absence.objects.filter(practice=clinician.practice).exists()
    assert set(Absence.objects.values_list("clinician", flat=True)) == {outsider.pk}


def test_a_preview_token_works_once(client, frozen, owner, clinician):
    client = signed_in(client, owner)
    preview = upload(client, "vacation-all-day.ics", clinician)
    confirm(client, preview)
    count = Absence.objects.count()
    again = confirm(client, preview)
    assert again["Location"] == reverse("absence-import")
    assert Absence.objects.count() == count

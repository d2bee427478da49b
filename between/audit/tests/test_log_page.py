"""The audit log page: who may see it, filters, pages, times, and the CSV export."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from between.audit.log import record
from between.audit.models import AuditEvent
from between.audit.views import PER_PAGE, csv_safe
from between.conftest import make_member, signed_in

LATE_EVENING = datetime(2026, 3, 1, 3, 30, tzinfo=UTC)  # 22:30 on 28 Feb in New York


def event(action, *, actor=None, obj=None, practice=None, at=None, detail=None):
    made = record(action, actor=actor, obj=obj, practice=practice, detail=detail)
    if at is not None:
        AuditEvent.objects.filter(pk=made.pk).update(at=at)
    return made


def rows_of(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def trail(riverside, elsewhere, owner, clinician, client_record, outsider):
    return {
        "late": event("client.viewed", actor=owner.user, obj=client_record, at=LATE_EVENING),
        "mine": event("message.viewed", actor=clinician.user, practice=riverside),
        "system": event("outbound.sent", practice=riverside, detail={"kind": "typed"}),
        "theirs": event("client.viewed", actor=outsider.user, practice=elsewhere),
    }


@pytest.mark.django_db
def test_owner_sees_the_whole_practice_and_nothing_of_another(client, owner, trail):
    signed_in(client, owner)
    page = client.get(reverse("audit-log"))
    assert page.status_code == 200
    shown = [e.pk for e, _d, _u in page.context["rows"]]
    assert trail["late"].pk in shown and trail["mine"].pk in shown
    assert trail["system"].pk in shown and trail["theirs"].pk not in shown
    assert "outsider" not in page.content.decode()
    assert 'href="/audit/" aria-current="page">Audit log</a>' in page.content.decode()


@pytest.mark.django_db
def test_supervisor_reviews_the_practice_clinician_sees_only_their_own(
    client, supervisor, clinician, trail
):
    signed_in(client, supervisor)
    shown = [e.pk for e, _d, _u in client.get(reverse("audit-log")).context["rows"]]
    assert trail["late"].pk in shown and trail["system"].pk in shown
    signed_in(client, clinician)
    page = client.get(reverse("audit-log"))
    assert [e.pk for e, _d, _u in page.context["rows"]] == [trail["mine"].pk]
    assert "Your own actions" in page.content.decode()
    exported = rows_of(client.get(reverse("audit-log-csv")))
    # Their own visit to the log is their own action too.
    assert [(r[1], r[2]) for r in exported[1:]] == [
        ("clinician", "audit.viewed"),
        ("clinician", "message.viewed"),
    ]


@pytest.mark.django_db
def test_front_desk_and_outsiders_cannot_reach_riverside_events(
    client, front_desk, outsider, trail
):
    signed_in(client, front_desk)
    assert client.get(reverse("audit-log")).status_code == 404
    assert client.get(reverse("audit-log-csv")).status_code == 404
    assert "Audit log" not in client.get(reverse("inbox")).content.decode()
    signed_in(client, outsider)
    # A clinician elsewhere: their own actions in their own practice, nothing of ours.
    response = client.get(reverse("audit-log"))
    assert [e.pk for e, _d, _u in response.context["rows"]] == [trail["theirs"].pk]
    exported = rows_of(client.get(reverse("audit-log-csv")))
    assert {row[1] for row in exported[1:]} == {"outsider"}


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, trail):
    assert client.get(reverse("audit-log")).status_code == 302
    assert client.get(reverse("audit-log-csv")).status_code == 302


@pytest.mark.django_db
def test_filters_by_action_actor_object_and_local_dates(client, owner, client_record, trail):
    signed_in(client, owner)
    url = reverse("audit-log")

    def shown(**query):
        return [e.pk for e, _d, _u in client.get(url, query).context["rows"]]

    assert shown(action="message.viewed") == [trail["mine"].pk]
    assert shown(actor="system") == [trail["system"].pk]
    assert shown(object_type="clients.client", object_id=str(client_record.pk)) == [
        trail["late"].pk
    ]
    # 03:30 UTC on 1 March is still 28 February in New York.
    assert shown(start="2026-02-28", end="2026-02-28") == [trail["late"].pk]
    assert shown(start="2026-03-01", end="2026-03-01") == []
    page = client.get(url, {"start": "2026-02-28", "end": "2026-02-28"}).content.decode()
    assert "Sat 28 Feb 2026, 22:30:00" in page
    assert f'href="/clients/{client_record.pk}/"' in page
    wrong = client.get(url, {"start": "2026-03-02", "end": "2026-03-01"})
    assert "must end on or after" in wrong.content.decode() and wrong.context["rows"] == []


@pytest.mark.django_db
def test_long_logs_are_paginated_and_keep_the_filter(client, owner, riverside):
    for _ in range(PER_PAGE + 5):
        event("outbound.sent", practice=riverside)
    signed_in(client, owner)
    first = client.get(reverse("audit-log"), {"action": "outbound.sent"})
    assert len(first.context["rows"]) == PER_PAGE
    assert "action=outbound.sent&amp;page=2" in first.content.decode()
    second = client.get(reverse("audit-log"), {"action": "outbound.sent", "page": 2})
    assert len(second.context["rows"]) == 5


@pytest.mark.django_db
def test_looking_at_the_log_and_exporting_it_are_recorded(client, owner, trail):
    signed_in(client, owner)
    client.get(reverse("audit-log"), {"action": "client.viewed"})
    viewed = AuditEvent.objects.get(action="audit.viewed")
    assert viewed.actor == owner.user and viewed.practice == owner.practice
    assert viewed.detail == {"filters": {"action": "client.viewed"}, "page": 1}
    response = client.get(reverse("audit-log-csv"), {"action": "client.viewed"})
    rows_of(response)
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.detail == {"filters": {"action": "client.viewed"}, "rows": 1}


@pytest.mark.django_db
def test_csv_has_a_header_the_filtered_rows_and_local_times(client, owner, trail):
    signed_in(client, owner)
    response = client.get(reverse("audit-log-csv"), {"start": "2026-02-28", "end": "2026-02-28"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    assert response["Cache-Control"] == "no-store"
    rows = rows_of(response)
    assert rows[0] == ["at", "actor", "action", "object_type", "object_id", "ip_address", "detail"]
    assert rows[1][:5] == [
        "2026-02-28T22:30:00-05:00",
        "owner",
        "client.viewed",
        "clients.client",
        str(trail["late"].object_id),
    ]
    assert len(rows) == 2


@pytest.mark.django_db
def test_csv_cells_cannot_become_spreadsheet_formulas(client, riverside, owner):
    sneaky = make_member(riverside, "=HYPERLINK(1)", "clinician")
    event("+cmd", actor=sneaky.user, practice=riverside, detail={"note": "@SUM(A1)"})
    event("-2+3", actor=owner.user, practice=riverside)
    signed_in(client, owner)
    rows = rows_of(client.get(reverse("audit-log-csv"), {"actor": "=HYPERLINK(1)"}))
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][2] == "'+cmd"
    rows = rows_of(client.get(reverse("audit-log-csv"), {"action": "-2+3"}))
    assert rows[1][2] == "'-2+3"
    assert csv_safe("@x") == "'@x" and csv_safe("\tx") == "'\tx" and csv_safe("ok") == "ok"
    assert csv_safe(None) == ""


def test_an_events_detail_reads_in_words():
    from between.audit.views import _describe

    said = _describe({"filters": {"object_id": "abc", "action": "page.sent"}, "rows": 3})
    assert said == "filters: action page.sent, object id abc; rows: 3"
    assert "{" not in said and "_" not in said.replace("page.sent", "")

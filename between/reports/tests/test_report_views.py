"""The reports page and its download, against the hand-built fortnight (see conftest)."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from between.conftest import signed_in
from between.reports.tests.conftest import PERIOD

pytestmark = pytest.mark.django_db


def figures(client) -> dict[tuple[str, str, str, str], str]:
    response = client.get(reverse("reports-csv"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "between-report-2026-01-05-2026-01-18.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "breakdown", "group", "measure", "value"]
    return {(s, b, g, m): v for s, b, g, m, v in rows[1:]}


def test_owner_figures_match_the_hand_computed_ones(client, owner, scenario):
    found = figures(signed_in(client, owner))
    total = {m: found["turnaround", "total", "all", m] for m in ("in_time", "late", "overdue")}
    assert total == {"in_time": "2", "late": "1", "overdue": "1"}
    assert found["turnaround", "total", "all", "share_in_time"] == "0.5000"
    assert found["turnaround", "week", "2026-W02", "in_time"] == "1"
    assert found["turnaround", "week", "2026-W02", "late"] == "1"
    assert found["turnaround", "week", "2026-W03", "in_time"] == "1"  # m3, exactly on time
    assert found["turnaround", "week", "2026-W03", "overdue"] == "1"
    assert found["turnaround", "channel", "portal", "in_time"] == "1"
    assert found["turnaround", "channel", "portal", "overdue"] == "1"
    assert found["turnaround", "channel", "sms", "late"] == "1"
    assert found["turnaround", "channel", "email", "in_time"] == "1"
    # After hours: m2 (Tue 21:00), m5 (Thu 02:00), m4 (Saturday) of six messages and two voicemails.
    assert found["after_hours", "week", "2026-W02", "after_hours"] == "2"
    assert found["after_hours", "week", "2026-W03", "after_hours"] == "1"
    assert found["after_hours", "week", "2026-W02", "after_hours_sms"] == "1"
    assert found["after_hours", "channel", "voice", "received"] == "2"
    assert found["after_hours", "channel", "voice", "after_hours"] == "0"
    assert found["after_hours", "total", "all", "hours_unknown"] == "0"
    assert found["callbacks", "total", "all", "kept"] == "1"
    assert found["callbacks", "total", "all", "missed"] == "1"
    assert found["callbacks", "total", "all", "share_kept"] == "0.5000"
    assert found["crisis", "total", "all", "median_seconds_to_reply"] == "60"
    assert found["crisis", "total", "all", "worst_seconds_to_reply"] == "90"
    assert found["crisis", "total", "all", "median_seconds_to_acknowledge"] == "300"
    assert found["crisis", "total", "all", "worst_seconds_to_acknowledge"] == "300"


def test_owner_page_shows_charts_tables_and_no_client_words(client, owner, scenario):
    page = signed_in(client, owner).get(reverse("reports"), PERIOD).content.decode()
    assert page.count('<svg viewBox="0 0 640 280" role="img"') == 3
    assert '<title id="chart-turnaround-title">' in page and "<desc" in page
    assert "1 business day" in page  # the published turnaround
    assert "median 1 min, worst 1 min 30 s" in page
    assert "median 5 min, worst 5 min" in page
    assert "never acknowledged" in page
    assert reverse("message", args=[scenario.messages["m6"].pk]) in page
    assert 'aria-current="page">Reports' in page
    for secret in ("Test Client", "Bea Second", "must never appear", "crisis lines"):
        assert secret not in page


def test_clinician_sees_only_their_own_clients(client, clinician, scenario):
    found = figures(signed_in(client, clinician))
    assert found["turnaround", "total", "all", "in_time"] == "1"  # m3
    assert found["turnaround", "total", "all", "late"] == "0"
    assert found["turnaround", "total", "all", "overdue"] == "1"  # m4
    assert found["after_hours", "total", "all", "hours_unknown"] == "0"
    assert (
        sum(
            int(v)
            for k, v in found.items()
            if k[:2] == ("after_hours", "channel") and k[3] == "received"
        )
        == 4
    )  # m3, m4, m6, c2
    assert found["callbacks", "total", "all", "missed"] == "1"
    assert found["callbacks", "total", "all", "kept"] == "0"
    assert found["crisis", "total", "all", "worst_seconds_to_reply"] == "90"
    assert found["crisis", "total", "all", "median_seconds_to_acknowledge"] == ""
    page = client.get(reverse("reports"), PERIOD).content.decode()
    assert "Your own clients." in page
    assert reverse("message", args=[scenario.messages["m5"].pk]) not in page


def test_supervisor_sees_the_team_which_is_the_whole_practice(client, supervisor, scenario):
    found = figures(signed_in(client, supervisor))
    assert found["turnaround", "total", "all", "in_time"] == "2"
    assert found["crisis", "total", "all", "worst_seconds_to_reply"] == "90"


def test_front_desk_sees_admin_turnaround_and_callbacks_only(client, front_desk, scenario):
    found = figures(signed_in(client, front_desk))
    assert {k[0] for k in found} == {"turnaround", "callbacks"}
    assert found["turnaround", "total", "all", "in_time"] == "1"  # m3
    assert found["turnaround", "total", "all", "late"] == "1"  # m2
    assert found["turnaround", "total", "all", "overdue"] == "0"
    assert found["turnaround", "channel", "sms", "late"] == "1"
    assert ("turnaround", "channel", "portal", "in_time") not in found
    assert found["callbacks", "total", "all", "kept"] == "1"
    page = client.get(reverse("reports"), PERIOD).content.decode()
    assert "Crisis response times" not in page and "After-hours volume" not in page
    assert page.count("<svg") == 2
    assert "shown to clinical staff only" in page


def test_outsider_sees_nothing_of_riverside(client, outsider, scenario):
    found = figures(signed_in(client, outsider))
    assert found["turnaround", "total", "all", "in_time"] == "0"
    assert found["turnaround", "total", "all", "overdue"] == "0"  # x1 has no client of theirs
    assert found["callbacks", "total", "all", "missed"] == "0"
    assert not any(k[:2] == ("crisis", "contact") for k in found)


def test_a_user_without_a_practice_gets_404_and_anonymous_is_sent_to_sign_in(client, db):
    assert client.get(reverse("reports")).status_code == 302
    user = get_user_model().objects.create_user(username="nobody", password="x")
    client.force_login(user)
    assert client.get(reverse("reports")).status_code == 404
    assert client.get(reverse("reports-csv")).status_code == 404


def test_default_period_and_a_bad_period(client, owner, scenario):
    signed_in(client, owner)
    page = client.get(reverse("reports")).content.decode()
    # The default twelve weeks end today, long after the scenario's fortnight: no rows of
    # zeros, but empty states that say what to do.
    assert '<tr><th scope="row">' not in page
    assert "No messages in this period." in page and "Choose a longer period" in page
    bad = client.get(reverse("reports"), {"start": "2026-02-01", "end": "2026-01-01"})
    assert bad.status_code == 200
    assert "must end on or after" in bad.content.decode()
    too_long = client.get(reverse("reports"), {"start": "2024-01-01", "end": "2026-01-01"})
    assert "at most 366 days" in too_long.content.decode()


def test_without_a_policy_the_figures_say_so(client, owner, client_record):
    from datetime import timedelta

    from django.utils import timezone

    from between.messaging.models import Message

    Message.objects.create(
        practice=owner.practice,
        client=client_record,
        channel="portal",
        received_at=timezone.now() - timedelta(days=1),
        dedupe_key="np",
        flags=["no_policy_in_force"],
    )
    signed_in(client, owner)
    page = client.get(reverse("reports")).content.decode()
    assert "No policy is in force today" in page
    response = client.get(reverse("reports-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    values = {(s, b, g, m): v for s, b, g, m, v in rows[1:]}
    assert values["turnaround", "total", "all", "no_due"] == "1"
    assert values["turnaround", "total", "all", "share_in_time"] == ""
    assert values["after_hours", "total", "all", "hours_unknown"] == "1"
    assert "the office hours are unknown" in page


def test_marking_a_call_returned_records_when_for_the_callbacks_report(client, owner, voicemail):
    from datetime import timedelta

    from django.utils import timezone

    voicemail.callback_due = timezone.now() + timedelta(hours=3)
    voicemail.save()
    signed_in(client, owner).post(reverse("call-done", args=[voicemail.pk]))
    voicemail.refresh_from_db()
    assert voicemail.done_at is not None and voicemail.done_at <= voicemail.callback_due
    response = client.get(reverse("reports-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    values = {(s, b, g, m): v for s, b, g, m, v in rows[1:]}
    assert values["callbacks", "total", "all", "kept"] == "1"

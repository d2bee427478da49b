"""The policy form: every problem at once, next to its field, in plain words; numbers checked."""

from __future__ import annotations

import re

from django.urls import reverse

from between.conftest import signed_in
from between.policies.models import PolicyVersion
from between.policies.tests.test_editor import form_data, make_draft


def field_problems(page: str, field: str) -> str:
    """The text of the problems shown under one field."""
    found = re.search(rf'<div id="id_{field}-problems">(.*?)</div>\s*</div>', page, re.S)
    assert found, field
    return re.sub(r"<[^>]+>", " ", found.group(1))


def test_a_saved_draft_shows_every_problem_next_to_its_field_and_in_the_summary(
    client, riverside, owner
):
    draft = make_draft(riverside, owner)
    data = form_data(draft.text, base=draft.content_hash) | {
        "hours_friday": "17:00-09:00",
        "sms_contact": "call me maybe",
        "emergency_number": "",
        "notice_days": "-2",
        "timezone": "Mars/Olympus",
    }
    response = signed_in(client, owner).post(
        reverse("policy-edit", args=[draft.pk]), data, follow=True
    )
    page = response.content.decode()
    assert "Saved, with 5 errors" in page
    draft.refresh_from_db()
    assert 'number: "call me maybe"' in draft.text  # what was typed is kept

    summary = response.context["summary"]
    assert [(i.href, i.text.split(" ")[0]) for i in summary.errors] == [
        ("#id_timezone", "Between"),
        ("#id_hours_friday", "Friday's"),
        ("#id_sms_contact", "The"),
        ("#id_emergency_number", "The"),
        ("#id_notice_days", "The"),
    ]
    assert 'id="error-summary"' in page and 'href="#id_hours_friday"' in page
    assert "Friday&#x27;s office hours end before they start (17:00–09:00)" in field_problems(
        page, "hours_friday"
    )
    assert "is not a phone number" in field_problems(page, "sms_contact")
    assert "+1 201-555-0123" in field_problems(page, "sms_contact")
    assert "The emergency number is empty" in field_problems(page, "emergency_number")
    # Next to the field, flagged for assistive technology; no YAML paths on the form.
    assert re.search(r'id="id_hours_friday"[^>]*aria-invalid="true"', page) or re.search(
        r'aria-invalid="true"[^>]*id="id_hours_friday"', page
    )
    assert "is-invalid" in page
    assert "policy-v2.yaml" not in page and "office_hours.friday" not in page


def test_a_refused_field_does_not_hide_the_other_problems_or_lose_what_was_typed(
    client, riverside, owner
):
    draft = make_draft(riverside, owner)
    before = draft.text
    data = form_data(draft.text, base=draft.content_hash) | {
        "turnaround_amount": "soon",
        "hours_monday": "18:00-08:00",
        "practice_name": "Riverside Renamed",
        "after_hours_phone": "twelve",
        "crisis_lines": "no bar here",
    }
    response = signed_in(client, owner).post(reverse("policy-edit", args=[draft.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    texts = [i.text for i in response.context["summary"].errors]
    assert texts[:2] == [
        "Reply within: Enter a number.",
        "Crisis lines: Line 1: write the name, then a | and how to reach it.",
    ]
    assert any(t.startswith("Monday's office hours end before they start") for t in texts)
    assert any(t.startswith("The after-hours contact's phone number “twelve”") for t in texts)
    # Every value as typed, and nothing saved.
    for value in ("soon", "18:00-08:00", "Riverside Renamed", "twelve", "no bar here"):
        assert value in page
    draft.refresh_from_db()
    assert draft.text == before


def test_a_us_number_in_national_format_is_stored_as_e164(client, riverside, owner):
    draft = make_draft(riverside, owner)
    data = form_data(draft.text, base=draft.content_hash) | {
        "sms_contact": "(212) 555-0142",
        "after_hours_phone": "212.555.0177",
        "emergency_number": "911",
    }
    signed_in(client, owner).post(reverse("policy-edit", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert '  sms:\n    enabled: true\n    number: "+12125550142"' in draft.text
    assert 'phone: "+12125550177"' in draft.text
    assert 'number: "911"' in draft.text  # a short code stays a short code
    # The phone channel's number was not touched: written differently, it is the same one.
    assert '  phone:\n    enabled: true\n    number: "+1 212 555 0100"' in draft.text


def test_the_live_check_of_the_form_lists_every_problem_with_links(client, riverside, owner):
    draft = make_draft(riverside, owner)
    data = form_data(draft.text) | {
        "mode": "form",
        "turnaround_amount": "x",
        "emergency_number": "",
        "hours_friday": "17:00-09:00",
    }
    response = signed_in(client, owner).post(reverse("policy-validate", args=[draft.pk]), data)
    page = response.content.decode()
    assert response.context["field_errors"] == ["Reply within: Enter a number."]
    assert 'href="#id_turnaround_amount"' in page
    assert 'href="#id_emergency_number"' in page and 'href="#id_hours_friday"' in page
    assert "3 problems to fix" in page
    assert PolicyVersion.objects.get(pk=draft.pk).text == draft.text  # nothing saved


def test_the_yaml_view_keeps_the_command_line_detail_under_each_sentence(client, riverside, owner):
    draft = make_draft(riverside, owner)
    draft.text = draft.text.replace('friday: ["09:00-15:00"]', 'friday: ["17:00-09:00"]')
    draft.save()
    page = signed_in(client, owner).get(reverse("policy-yaml", args=[draft.pk])).content.decode()
    assert "Friday&#x27;s office hours end before they start (17:00–09:00)" in page
    assert "policy-v2.yaml:20:12 office_hours.friday: &quot;17:00-09:00&quot; ends before" in page
    assert "{#" not in page and "{%" not in page  # no template syntax leaks onto the page


def test_another_practice_finds_no_form(client, riverside, owner, outsider):
    draft = make_draft(riverside, owner)
    signed_in(client, outsider)
    assert client.get(reverse("policy-edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("policy-validate", args=[draft.pk]), {}).status_code == 404

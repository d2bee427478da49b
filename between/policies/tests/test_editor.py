"""The policy editor's pages: round-trips, the same messages as the command line, previews,
the simulator, and who may do what."""

from __future__ import annotations

import argparse
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from between.audit.models import AuditEvent
from between.conftest import signed_in
from between.core.policy import reference_policy_text
from between.messaging import simulate
from between.policies.cli import build_parser, run
from between.policies.forms import PolicyForm
from between.policies.models import PolicyVersion

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "policies"


def make_draft(practice, member, text=None, number=2):
    return PolicyVersion.objects.create(
        practice=practice,
        number=number,
        text=text if text is not None else reference_policy_text(),
        status="draft",
        created_by=member.user,
    )


def form_data(text, base=""):
    """What a browser posts for the form as it was rendered, untouched."""
    from between.core.policy.source import parse

    initial = PolicyForm.initial_from(parse(text).data, base=base)
    data = {}
    for name, value in initial.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = value
        else:
            data[name] = "" if value is None else str(value)
    return data


def confirm_publication(client, draft, effective, follow=False):
    """Publish as a person does now: ask, read the confirmation, confirm it."""
    shown = client.post(reverse("policy-publish", args=[draft.pk]), effective, follow=True)
    confirm = shown.context.get("confirm") if shown.context else None
    if confirm is None:
        return shown  # refused before the confirmation (the page says why)
    return client.post(
        reverse("policy-publish", args=[draft.pk]),
        {"effective": confirm["effective"].value(), "token": confirm["token"].value()},
        follow=follow,
    )


def cli_check(tmp_path, monkeypatch, name, text):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    parser = argparse.ArgumentParser(prog="between policy")
    build_parser(parser.add_subparsers())
    out = io.StringIO()
    run(parser.parse_args(["check", name]), out, io.StringIO())
    return out.getvalue().splitlines()


# The form and the YAML editor


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_saving_the_form_unchanged_leaves_every_example_byte_for_byte(path):
    text = path.read_text(encoding="utf-8")
    form = PolicyForm(form_data(text))
    assert form.is_valid(), form.errors
    assert form.apply(text) == text


def test_changing_the_turnaround_in_the_form_changes_that_line_only(client, riverside, owner):
    draft = make_draft(riverside, owner)
    before = draft.text
    data = form_data(before, base=draft.content_hash)
    data["turnaround_amount"] = "2"
    response = signed_in(client, owner).post(reverse("policy-edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    old, new = before.splitlines(), draft.text.splitlines()
    assert [line for line in old if line not in new] == ["  business_days: 1"]
    assert [line for line in new if line not in old] == ["  business_days: 2"]
    event = AuditEvent.objects.get(action="policy.edited")
    assert event.object_id == str(draft.pk) and event.detail["via"] == "form"


def test_the_form_keeps_keys_it_does_not_show(client, riverside, owner):
    draft = make_draft(riverside, owner)
    data = form_data(draft.text, base=draft.content_hash)
    data |= {"sms_state": "not_used", "hours_saturday": "10:00-13:00", "notice_days": "14"}
    data["app_state"] = "offered"
    data["app_contact"] = "Signal"
    data["app_for"] = ["clinical"]
    signed_in(client, owner).post(reverse("policy-edit", args=[draft.pk]), data)
    draft.refresh_from_db()
    from between.core.policy import load_policy

    policy = load_policy(draft.text).policy
    assert policy.channels.sms.enabled is False and policy.channels.sms.number
    assert policy.channels.sms.needs == []
    assert policy.office_hours.saturday == ["10:00-13:00"]
    assert policy.channel("app").name == "Signal"
    assert policy.notice_days == 14
    # Shown nowhere in the form, kept as written, comments included.
    assert '    covering: "Sam Lee, PhD"' in draft.text
    assert "# every address/number that is the clinician's own" in draft.text
    assert policy.resources[0].url == "https://adaa.org"


def test_a_stale_form_is_refused(client, riverside, owner):
    draft = make_draft(riverside, owner)
    data = form_data(draft.text, base="an older hash")
    data["turnaround_amount"] = "3"
    signed_in(client, owner).post(reverse("policy-edit", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert "business_days: 3" not in draft.text


def test_yaml_is_saved_even_with_errors(client, riverside, owner):
    draft = make_draft(riverside, owner)
    text = draft.text.replace("notice_days: 30", "notice_days: -2")
    response = signed_in(client, owner).post(
        reverse("policy-yaml", args=[draft.pk]),
        {"text": text.replace("\n", "\r\n"), "base": draft.content_hash},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.text == text
    assert "1 error to fix" in response.content.decode()
    assert AuditEvent.objects.get(action="policy.edited").detail == {
        "via": "yaml",
        "errors": 1,
        "warnings": 0,
    }


def test_an_unreadable_draft_sends_the_form_to_the_yaml_editor(client, riverside, owner):
    draft = make_draft(riverside, owner, text="format: 1\nclinician: [\n")
    response = signed_in(client, owner).get(reverse("policy-edit", args=[draft.pk]))
    assert "cannot read this draft" in response.content.decode()


# Live validation: the command line's own words


def test_live_validation_of_yaml_says_what_check_says(
    client, riverside, owner, tmp_path, monkeypatch
):
    draft = make_draft(riverside, owner, number=7)
    text = draft.text.replace("for: [admin]                     # scheduling only", "for: [x]")
    text = text.replace("notice_days: 30", "notice_days: -2")
    response = signed_in(client, owner).post(
        reverse("policy-validate", args=[draft.pk]), {"mode": "yaml", "text": text}
    )
    expected = cli_check(tmp_path, monkeypatch, "policy-v7.yaml", text)
    report = response.context["report"]
    assert report.lines() == expected
    assert report.errors == [line for line in expected[:-1] if not line.startswith("warning:")]
    assert report.warnings == [line for line in expected if line.startswith("warning:")]
    page = response.content.decode()
    assert "policy-v7.yaml:38:11 channels.sms.for: &quot;x&quot; is not one of admin" in page
    assert "policy-v7.yaml: 2 errors" in page
    draft.refresh_from_db()
    assert "notice_days: 30" in draft.text  # checking never saves


def test_live_validation_of_the_form(client, riverside, owner, tmp_path, monkeypatch):
    draft = make_draft(riverside, owner)
    data = form_data(draft.text) | {"mode": "form", "turnaround_amount": "0"}
    response = signed_in(client, owner).post(reverse("policy-validate", args=[draft.pk]), data)
    lines = response.context["report"].errors
    assert len(lines) == 1
    assert lines[0].startswith("policy-v2.yaml:22:18 turnaround.business_days: ")
    expected = cli_check(
        tmp_path, monkeypatch, "policy-v2.yaml", draft.text.replace("days: 1\n", "days: 0\n", 1)
    )
    assert response.context["report"].lines() == expected


def test_live_validation_reports_form_errors(client, riverside, owner):
    draft = make_draft(riverside, owner)
    data = form_data(draft.text) | {"mode": "form", "turnaround_amount": "soon"}
    response = signed_in(client, owner).post(reverse("policy-validate", args=[draft.pk]), data)
    assert response.context["field_errors"] == ["Reply within: Enter a number."]


# Previews


def test_previews_carry_the_emergency_line(client, riverside, owner, policy_version):
    response = signed_in(client, owner).get(reverse("policy-preview", args=[policy_version.pk]))
    previews = response.context["previews"]
    assert "911" in previews.document
    assert "If this is an emergency, hang up and dial 911." in previews.voicemail
    crisis = [p for _title, p in previews.replies if p.kind == "crisis"]
    assert crisis and all("911" in p.body for p in crisis)
    page = response.content.decode()
    assert "sandbox srcdoc" not in page and "sandbox></iframe>" in page
    assert "&lt;!DOCTYPE html&gt;" in page or "&lt;!doctype html&gt;" in page.lower()


def test_previews_in_spanish(client, riverside, owner, policy_version):
    url = reverse("policy-preview", args=[policy_version.pk])
    response = signed_in(client, owner).get(url, {"language": "es"})
    assert 'lang="es"' in response.context["previews"].document


# The simulator


def test_the_simulator_gives_what_between_simulate_gives(
    client, riverside, owner, policy_version, tmp_path
):
    situation = {
        "channel": "sms",
        "day": "friday",
        "at": "21:00",
        "on_date": "2027-02-05",
        "sender": "known",
        "consent": "granted",
        "body": "Can we move Monday's appointment?",
        "voicemail": "on",
        "repeat": "2",
        "gap": "10",
    }
    url = reverse("policy-simulate", args=[policy_version.pk])
    response = signed_in(client, owner).post(url, situation)
    outcomes = response.context["outcomes"]
    assert [o.raw["event"] for o in outcomes] == [0, 1]

    policy = tmp_path / "policy.yaml"
    policy.write_text(policy_version.text, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text(
        json.dumps(
            {
                "channel": "sms",
                "at": "2027-02-05T21:00:00-05:00",
                "from": "+12125550301",
                "to": "+1 212 555 0100",
                "body": "Can we move Monday's appointment?",
            }
        )
        + "\n"
        + json.dumps(
            {
                "channel": "sms",
                "at": "2027-02-05T21:10:00-05:00",
                "from": "+12125550301",
                "to": "+1 212 555 0100",
                "body": "Can we move Monday's appointment?",
            }
        )
        + "\n"
    )
    clients = tmp_path / "clients.yaml"
    clients.write_text(
        "- id: client\n  name: Sample Client\n  emails: [client@example.com]\n"
        '  phones: ["+12125550301"]\n  consents: {sms: granted}\n'
    )
    out = io.StringIO()
    assert simulate.run(str(policy), str(events), str(clients), out) == 0
    expected = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [o.raw for o in outcomes] == expected
    first, second = outcomes
    assert first.raw["reply"]["channel"] == "sms" and "after_hours" in first.raw["flags"]
    assert first.due == "Monday 8 February 2027, 17:00"
    assert second.raw["reply"] is None  # one automatic reply a day
    page = response.content.decode()
    assert "Friday 5 February 2027, 21:00" in page and "Monday 8 February 2027, 17:00" in page
    assert not PolicyVersion.objects.exclude(practice=riverside).exists()  # rolled back


def test_the_simulator_crisis_and_unknown_sender(client, riverside, owner, policy_version):
    url = reverse("policy-simulate", args=[policy_version.pk])
    situation = {
        "channel": "sms",
        "day": "saturday",
        "at": "02:00",
        "sender": "unknown",
        "consent": "none",
        "body": "I want to kill myself",
        "repeat": "1",
        "gap": "10",
    }
    response = signed_in(client, owner).post(url, situation, HTTP_HX_REQUEST="true")
    [outcome] = response.context["outcomes"]
    assert outcome.raw["crisis"] and outcome.raw["client"] is None
    assert "988" in outcome.raw["reply"]["body"]
    assert response.templates[0].name == "policies/_simulation.html"


def test_the_simulator_refuses_a_portal_message_from_a_stranger(
    client, riverside, owner, policy_version
):
    url = reverse("policy-simulate", args=[policy_version.pk])
    situation = {"channel": "portal", "day": "monday", "at": "10:00", "sender": "unknown"}
    situation |= {"consent": "granted", "body": "hi", "repeat": "1", "gap": "1"}
    response = signed_in(client, owner).post(url, situation)
    assert response.context["outcomes"] is None
    assert "Only a known client" in response.content.decode()


def test_the_simulator_needs_a_valid_policy(client, riverside, owner):
    draft = make_draft(riverside, owner, text="format: 1\n")
    situation = {"channel": "sms", "day": "monday", "at": "10:00", "sender": "known"}
    situation |= {"consent": "granted", "body": "hi", "repeat": "1", "gap": "1"}
    response = signed_in(client, owner).post(reverse("policy-simulate", args=[draft.pk]), situation)
    assert "fix them to try the simulator" in response.content.decode()


# New drafts and the workflow


def test_a_new_draft_starts_from_the_version_in_force(client, riverside, owner, policy_version):
    policy_version.text += "# in force\n"
    policy_version.save()
    response = signed_in(client, owner).post(reverse("policy-new"))
    draft = PolicyVersion.objects.get(number=2)
    assert response.url == reverse("policy-edit", args=[draft.pk])
    assert draft.status == "draft" and draft.text.endswith("# in force\n")
    assert draft.created_by == owner.user
    event = AuditEvent.objects.get(action="policy.created")
    assert event.detail == {"from_version": policy_version.pk}


def test_a_first_draft_starts_from_the_reference_policy(client, riverside, clinician):
    signed_in(client, clinician).post(reverse("policy-new"))
    draft = PolicyVersion.objects.get(practice=riverside)
    assert draft.number == 1 and draft.text == reference_policy_text()


def approval_draft(riverside, author):
    text = reference_policy_text().replace("approval_required: false", "approval_required: true")
    return make_draft(riverside, author, text=text)


def test_submit_approve_publish(client, riverside, owner, supervisor, policy_version):
    draft = approval_draft(riverside, owner)
    signed_in(client, owner).post(reverse("policy-submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "submitted"

    signed_in(client, supervisor).post(reverse("policy-approve", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_by == supervisor.user

    too_soon = {"effective": (timezone.now() + timedelta(days=2)).date().isoformat()}
    response = confirm_publication(signed_in(client, owner), draft, too_soon, follow=True)
    assert "It could not be published: clients must get 30 days" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "approved"

    later = {"effective": "2099-01-01"}
    response = confirm_publication(signed_in(client, owner), draft, later, follow=True)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.effective_at.year == 2099
    assert "Published. It takes effect Thursday 1 January 2099, 00:00" in response.content.decode()
    actions = list(
        AuditEvent.objects.filter(object_type="policies.policyversion", object_id=str(draft.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    # The confirmation that was read is in the trail too, just before the publication.
    assert actions[:4] == [
        "policy.submitted",
        "policy.approved",
        "policy.publish_previewed",
        "policy.published",
    ]


def test_a_draft_with_errors_cannot_be_submitted(client, riverside, owner):
    text = reference_policy_text().replace("approval_required: false", "approval_required: true")
    draft = make_draft(riverside, owner, text=text.replace("notice_days: 30", "notice_days: -1"))
    response = signed_in(client, owner).post(reverse("policy-submit", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert "This draft has 1 error; fix it before submitting" in response.content.decode()


def test_without_approval_the_owner_publishes_a_draft(client, riverside, owner):
    draft = make_draft(riverside, owner, number=1)
    with timezone.override(riverside.timezone):
        today = {"effective": timezone.localdate().isoformat()}
    confirm_publication(signed_in(client, owner), draft, today)
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.effective_at == draft.published_at  # the first version: at once
    response = client.get(reverse("policy"))
    assert response.context["current"] == draft
    assert 'class="in-force"' in response.content.decode()


def test_a_supervisor_cannot_approve_their_own_version(client, riverside, supervisor):
    draft = approval_draft(riverside, supervisor)
    draft.status = "submitted"
    draft.save()
    response = signed_in(client, supervisor).post(
        reverse("policy-approve", args=[draft.pk]), follow=True
    )
    assert "cannot approve a version they wrote themselves" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_a_supervisor_sends_a_version_back(client, riverside, owner, supervisor):
    draft = approval_draft(riverside, owner)
    draft.status = "submitted"
    draft.save()
    signed_in(client, supervisor).post(reverse("policy-return", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert AuditEvent.objects.filter(action="policy.returned_to_draft").exists()


# Who may do what


# The draft is the owner's: a clinician starts a draft of their own rather than edit it.
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", {"edit": 200, "submit": 302, "approve": 404, "publish": 302}),
        ("clinician", {"edit": 404, "submit": 404, "approve": 404, "publish": 404}),
        ("supervisor", {"edit": 404, "submit": 404, "approve": 302, "publish": 404}),
        ("front_desk", {"edit": 404, "submit": 404, "approve": 404, "publish": 404}),
    ],
)
def test_workflow_permissions_per_role(client, riverside, owner, request, role, expected):
    member = request.getfixturevalue(role)
    draft = approval_draft(riverside, owner)
    signed_in(client, member)
    assert client.get(reverse("policy-edit", args=[draft.pk])).status_code == expected["edit"]
    submit = client.post(reverse("policy-submit", args=[draft.pk]))
    assert submit.status_code == expected["submit"]
    if role == "owner":
        draft.refresh_from_db()
        assert draft.status == "submitted"
    draft.status = "submitted"
    draft.save()
    approve = client.post(reverse("policy-approve", args=[draft.pk]))
    assert approve.status_code == expected["approve"]
    publish = client.post(reverse("policy-publish", args=[draft.pk]), {"effective": "2099-01-01"})
    assert publish.status_code == expected["publish"]


def test_front_desk_reads_only_the_version_in_force(
    client, riverside, owner, front_desk, policy_version
):
    draft = make_draft(riverside, owner)
    signed_in(client, front_desk)
    listing = client.get(reverse("policy"))
    assert [row["version"] for row in listing.context["rows"]] == [policy_version]
    assert "Start a new draft" not in listing.content.decode()
    for name in ("policy-version", "policy-yaml", "policy-preview"):
        assert client.get(reverse(name, args=[policy_version.pk])).status_code == 200
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    page = client.get(reverse("policy-yaml", args=[policy_version.pk])).content.decode()
    assert "<textarea" not in page and "Edit as YAML" not in page
    assert client.get(reverse("policy-edit", args=[policy_version.pk])).status_code == 404
    assert client.get(reverse("policy-simulate", args=[policy_version.pk])).status_code == 404
    assert client.post(reverse("policy-new")).status_code == 404
    response = client.post(
        reverse("policy-yaml", args=[policy_version.pk]), {"text": "format: 1\n", "base": ""}
    )
    assert response.status_code == 404


def test_a_published_version_is_read_only(client, riverside, owner, policy_version):
    signed_in(client, owner)
    response = client.get(reverse("policy-edit", args=[policy_version.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("policy-yaml", args=[policy_version.pk]),
        {"text": "format: 1\n", "base": policy_version.content_hash},
    )
    assert response.status_code == 404
    policy_version.refresh_from_db()
    assert policy_version.text == reference_policy_text()


VERSION_URLS = [
    ("get", "policy-version"),
    ("get", "policy-edit"),
    ("get", "policy-yaml"),
    ("post", "policy-yaml"),
    ("post", "policy-validate"),
    ("get", "policy-preview"),
    ("get", "policy-simulate"),
    ("post", "policy-simulate"),
    ("post", "policy-submit"),
    ("post", "policy-approve"),
    ("post", "policy-return"),
    ("post", "policy-publish"),
]


@pytest.mark.parametrize(("method", "name"), VERSION_URLS)
def test_an_outsider_finds_nothing(client, riverside, owner, outsider, method, name):
    draft = make_draft(riverside, owner)
    signed_in(client, outsider)
    response = getattr(client, method)(reverse(name, args=[draft.pk]))
    assert response.status_code == 404


def test_an_outsider_cannot_copy_another_practices_version(
    client, riverside, owner, outsider, policy_version
):
    signed_in(client, outsider)
    assert client.post(reverse("policy-new"), {"from": policy_version.pk}).status_code == 404
    assert not PolicyVersion.objects.filter(practice=outsider.practice).exists()
    listing = client.get(reverse("policy"))
    assert listing.context["rows"] == []


def test_signed_out_visitors_are_sent_to_sign_in(client, riverside, owner):
    draft = make_draft(riverside, owner)
    response = client.get(reverse("policy-version", args=[draft.pk]))
    assert response.status_code == 302 and "/login/" in response.url


def test_empty_lists_are_left_as_written():
    text = reference_policy_text().replace(
        'friday: ["09:00-15:00"]', 'friday: ["09:00-15:00"]\n  saturday: []'
    )
    form = PolicyForm(form_data(text))
    assert form.is_valid(), form.errors
    assert form.apply(text) == text


def test_a_draft_is_changed_by_its_author_or_the_owner_only(client, riverside, owner, clinician):
    theirs = make_draft(riverside, clinician, number=2)
    owners = make_draft(riverside, owner, number=3)
    as_clinician = signed_in(client, clinician)
    assert as_clinician.get(reverse("policy-edit", args=[theirs.pk])).status_code == 200
    assert as_clinician.get(reverse("policy-edit", args=[owners.pk])).status_code == 404
    refused = as_clinician.post(
        reverse("policy-yaml", args=[owners.pk]),
        {"text": owners.text + "# mine now\n", "base": owners.content_hash},
    )
    assert refused.status_code == 404
    owners.refresh_from_db()
    assert not owners.text.endswith("# mine now\n")
    # The owner may change a colleague's draft (a practice has one policy in force).
    assert signed_in(client, owner).get(reverse("policy-edit", args=[theirs.pk])).status_code == 200

"""Loading policy files: YAML positions, readable type errors, format upgrades, schema."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from between.core.policy import (
    CURRENT_FORMAT,
    PolicyError,
    Severity,
    json_schema,
    load_policy,
    policy_json_data,
)
from between.core.policy.upgrade import FormatError, upgrade
from between.core.tests.helpers import reference_text

REFERENCE = reference_text()


def problems(text: str, filename: str = "policy.yaml") -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy(text, filename)
    return [p.format() for p in caught.value.problems]


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_reference_policy_keeps_its_meaning() -> None:
    result = load_policy(REFERENCE, "policy-solo.yaml")
    p = result.policy
    assert p.format == CURRENT_FORMAT == 1
    assert p.practice.setting == "private_practice"
    assert p.office_hours.monday == ["09:00-12:00", "13:00-17:00"]
    assert p.office_hours.saturday == []  # absent days are closed
    assert p.turnaround.business_days == 1 and p.turnaround.say_sooner_possible
    assert p.channels.sms is not None and [n.value for n in p.channels.sms.needs] == ["admin"]
    assert p.calls is not None and p.calls.voicemail_required and p.calls.only_office_hours
    assert p.social_media is not None and "friend or follow" in p.social_media.statement
    assert p.notice_days == 30 and p.approval_required is False
    assert p.absences[0].covering == "Sam Lee, PhD"
    # The only finding is the honest one: Monday-afternoon calls wait for Wednesday.
    assert [w.path for w in result.warnings] == ["calls.return_within"]
    assert all(w.severity is Severity.warning for w in result.warnings)


def test_enum_error_names_file_line_column_and_path() -> None:
    text = replace_line(
        REFERENCE, "for: [admin]                     # scheduling only", "for: [admin, clinicial]"
    )
    line = line_of(text, "clinicial")
    col = text.splitlines()[line - 1].index("clinicial") + 1
    assert problems(text) == [
        f'policy.yaml:{line}:{col} channels.sms.for: "clinicial" is not one of admin, clinical'
    ]


def test_block_list_item_is_pointed_at() -> None:
    text = replace_line(
        REFERENCE,
        "    for: [admin]                     # scheduling only",
        "    for:\n      - admin\n      - clinicial",
    )
    line = line_of(text, "- clinicial")
    assert problems(text, "p.yaml") == [
        f'p.yaml:{line}:9 channels.sms.for: "clinicial" is not one of admin, clinical'
    ]


@pytest.mark.parametrize(
    ("old", "new", "path", "fragment"),
    [
        (
            "setting: private_practice",
            "setting: privat",
            "practice.setting",
            '"privat" is not one of private_practice, group_practice',
        ),
        (
            "notice_days: 30",
            "notice_days: -3",
            "notice_days",
            "-3 is too small; it must be at least 0",
        ),
        ("notice_days: 30", "notice_days: soon", "notice_days", '"soon" is not a whole number'),
        (
            '  tuesday: ["09:00-17:00"]',
            '  tusday: ["09:00-17:00"]',
            "office_hours.tusday",
            'did you mean "tuesday"?',
        ),
        (
            '  tuesday: ["09:00-17:00"]',
            '  tuesday: ["9-5"]',
            "office_hours.tuesday",
            '"9-5" is not a time range like 09:00-17:00',
        ),
        (
            '  tuesday: ["09:00-17:00"]',
            '  tuesday: ["17:00-09:00"]',
            "office_hours.tuesday",
            '"17:00-09:00" ends before it starts',
        ),
        (
            "  business_days: 1\n  say",
            "  business_days: 1\n  hours: 4\n  say",
            "turnaround",
            "give exactly one of business_days, business_hours or hours",
        ),
        (
            "    enabled: true\n    for: [admin, clinical]\n    secure: true",
            "    enabled: maybe\n    for: [admin, clinical]\n    secure: true",
            "channels.portal.enabled",
            '"maybe" is not true or false',
        ),
        ('  name: "Riverside Counseling"\n', "", "practice.name", "is required but missing"),
        (
            "  - start: 2027-01-04",
            "  - start: 2027-13-04",
            "absences[0].start",
            "is not a date (YYYY-MM-DD)",
        ),
    ],
)
def test_type_errors_are_sentences(old: str, new: str, path: str, fragment: str) -> None:
    found = problems(replace_line(REFERENCE, old, new))
    assert any(f" {path}: " in p and fragment in p for p in found), found


def test_every_type_error_is_reported_at_once() -> None:
    text = replace_line(REFERENCE, "setting: private_practice", "setting: privat")
    text = replace_line(text, "notice_days: 30", "notice_days: -1")
    text = replace_line(text, "acknowledge: after_hours", "acknowledge: sometimes")
    found = problems(text)
    assert len(found) == 3
    assert [int(p.split(":")[1]) for p in found] == sorted(int(p.split(":")[1]) for p in found)


def test_yaml_syntax_error_has_position() -> None:
    found = problems("format: 1\nclinician: {name: x\npractice: y\n", "bad.yaml")
    assert len(found) == 1
    assert found[0].startswith("bad.yaml:3:")
    assert "YAML syntax error" in found[0] and "line 2" in found[0]


def test_duplicate_keys_are_errors() -> None:
    text = replace_line(REFERENCE, "notice_days: 30", "notice_days: 30\nnotice_days: 10")
    line = line_of(text, "notice_days: 10")
    expected = f"policy.yaml:{line}:1 notice_days: this key is written twice"
    assert any(p.startswith(expected) for p in problems(text))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- a list\n", "a set of keys and values"),
        ("", "a set of keys and values"),
        ("clinician: {name: x}\n", "format: 1"),
        ("format: 2\n", "newer than this version of Between"),
        ("format: one\n", "is not a format number"),
    ],
)
def test_unusable_documents(text: str, fragment: str) -> None:
    found = problems(text)
    assert len(found) == 1 and fragment in found[0]


def test_yaml_12_scalars_keep_country_codes_and_times_as_text() -> None:
    text = replace_line(REFERENCE, "country: US", "country: NO")
    text = replace_line(text, "timezone: America/New_York", "timezone: Europe/Oslo")
    text = replace_line(text, "subdivision: null", "subdivision: null\n  extra_closures: []")
    text = text.replace("  extra_closures: [2026-12-24, 2026-12-31]\n", "", 1)
    assert load_policy(text).policy.holidays.country == "NO"


def test_upgrade_path_runs_registered_steps_in_order() -> None:
    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        data["renamed"] = data.pop("old")
        return data

    def two_to_three(data: dict[str, Any]) -> dict[str, Any]:
        data["seen"] = data["format"]
        return data

    steps = {1: one_to_two, 2: two_to_three}
    out = upgrade({"format": 1, "old": "x"}, steps, current=3)
    assert out == {"format": 3, "renamed": "x", "seen": 2}
    assert upgrade({"format": 3, "y": 1}, steps, current=3) == {"format": 3, "y": 1}
    with pytest.raises(FormatError, match="cannot read format 1"):
        upgrade({"format": 1}, {}, current=2)


def test_social_media_statement_or_section() -> None:
    text = replace_line(
        REFERENCE,
        "social_media: >",
        "social_media:\n  accept_connection_requests: false\n  statement: >",
    )
    text = text.replace("\n  I do not accept", "\n    I do not accept").replace(
        "\n  social network", "\n    social network"
    )
    assert load_policy(text).policy.social_media is not None


def test_json_schema_is_generated_from_the_models() -> None:
    schema = json_schema()
    assert schema["type"] == "object"
    assert "format" in schema["required"] and "office_hours" in schema["properties"]
    channel = schema["$defs"]["Channel"]["properties"]
    assert "for" in channel  # keys as written in files
    assert schema["$defs"]["Need"]["enum"] == ["admin", "clinical"]


def test_policy_round_trips_through_json_data() -> None:
    p = load_policy(REFERENCE).policy
    data = policy_json_data(p)
    again = load_policy(yaml.safe_dump(data)).policy
    assert again == p

"""Every problem at once, in words a therapist reads, with the command line unchanged."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from between.core.policy import PolicyError, Severity, load_policy, reference_policy_text
from between.core.policy.lifecycle import LifecycleError, Status, VersionRecord, check_publication

REFERENCE = reference_policy_text()
EXAMPLES = Path(__file__).resolve().parents[4] / "examples" / "policies"


def problems(text: str) -> list:
    try:
        return load_policy(text, "policy-v2.yaml").warnings
    except PolicyError as exc:
        return exc.problems


def broken() -> str:
    """Six different mistakes, of both kinds: types the schema refuses, rules the checks refuse."""
    text = REFERENCE.replace('friday: ["09:00-15:00"]', 'friday: ["17:00-09:00"]')
    text = text.replace('number: "+1 212 555 0100"', 'number: "call me maybe"', 1)
    text = text.replace('number: "911"', 'number: ""')
    text = text.replace("notice_days: 30", "notice_days: -2")
    text = text.replace("timezone: America/New_York", "timezone: Mars/Olympus")
    return text.replace("for: [admin]                     # scheduling only", "for: [clinicial]")


def test_every_error_is_reported_at_once() -> None:
    found = [p for p in problems(broken()) if p.severity is Severity.error]
    assert {p.path for p in found} == {
        "office_hours.friday",
        "channels.sms.number",
        "channels.sms.for",
        "emergency.number",
        "notice_days",
        "timezone",
    }
    # One each, and nothing invented about the values that were set aside.
    assert len(found) == 6
    assert not any(p.path.startswith("calls.callback_windows") for p in found)


def test_errors_are_in_plain_words_without_yaml_paths() -> None:
    by_path = {p.path: p for p in problems(broken())}
    assert by_path["office_hours.friday"].plain == (
        "Friday's office hours end before they start (17:00–09:00)"
    )
    assert by_path["channels.sms.number"].plain.startswith(
        "The texting number “call me maybe” is not a phone number. A valid number looks like +1"
    )
    assert "(201) 555-0123 as dialled in the US" in by_path["channels.sms.number"].plain
    assert by_path["emergency.number"].plain.startswith("The emergency number is empty")
    assert by_path["notice_days"].plain == "The days of notice must be at least 0, not -2"
    assert by_path["timezone"].plain.startswith("Between does not know the time zone “Mars/")
    assert by_path["channels.sms.for"].plain.startswith("What text messages are for cannot be")
    for problem in by_path.values():
        assert not re.search(r"\.yaml|:\d+:\d+|\w+\.\w+\.\w+", problem.plain), problem.plain


def test_the_command_line_lines_keep_their_shape() -> None:
    lines = [p.format() for p in problems(broken())]
    assert 'policy-v2.yaml:38:11 channels.sms.for: "clinicial" is not one of admin, clinical' in (
        lines
    )
    assert 'policy-v2.yaml:20:12 office_hours.friday: "17:00-09:00" ends before it starts' in lines
    assert all(re.match(r"^policy-v2\.yaml:\d+:\d+ [\w.\[\]]+: ", line) for line in lines)


@pytest.mark.parametrize(
    ("number", "ok"),
    [("911", True), ("988", True), ("112", True), ("9-1-1", True), ("12", False)],
)
def test_emergency_short_codes_of_the_region_are_accepted(number: str, ok: bool) -> None:
    found = problems(REFERENCE.replace('number: "911"', f'number: "{number}"'))
    errors = [p for p in found if p.path == "emergency.number" and p.severity is Severity.error]
    assert (not errors) is ok, [str(p) for p in found]


def test_an_emergency_number_from_another_country_is_a_warning_naming_the_local_one() -> None:
    found = problems(REFERENCE.replace('number: "911"', 'number: "999"'))
    (warning,) = [p for p in found if p.path == "emergency.number"]
    assert warning.severity is Severity.warning
    assert warning.plain == (
        "The emergency number “999” is not one clients in US can call; there it is 911"
    )


@pytest.mark.parametrize("empty", ['""', "null", '"  "'])
def test_an_empty_emergency_number_is_an_error(empty: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(REFERENCE.replace('number: "911"', f"number: {empty}"))
    assert [p.path for p in caught.value.errors] == ["emergency.number"]
    assert "must tell clients which number to call" in caught.value.errors[0].message


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ('phone: "+1 212 555 0199"', 'phone: "twelve"'),  # the after-hours contact
        (
            'number: "+1 212 555 0100"\n    for: [admin, clinical]',
            'number: "555"\n    for: [admin, clinical]',
        ),
    ],
)
def test_every_phone_field_is_checked(where: str, value: str) -> None:
    assert where in REFERENCE
    found = problems(REFERENCE.replace(where, value, 1))
    assert any(p.severity is Severity.error and "is not a phone number" in p.message for p in found)


def test_national_numbers_and_short_crisis_lines_are_valid() -> None:
    text = REFERENCE.replace('number: "+1 212 555 0100"', 'number: "(212) 555-0100"')
    text = text.replace('phone: "+1 212 555 0199"', 'phone: "988"')
    assert load_policy(text).warnings == load_policy(REFERENCE).warnings


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_examples_stay_valid(path: Path) -> None:
    result = load_policy(path.read_text(encoding="utf-8"), str(path))
    assert [w.path for w in result.warnings] in ([], ["calls.return_within"])


def test_the_notice_period_is_told_in_the_practice_zone_in_words() -> None:
    earlier = VersionRecord(
        "1", Status.published, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    )
    with pytest.raises(LifecycleError) as caught:
        check_publication(
            datetime(2026, 12, 7, 2, 30, tzinfo=UTC),
            datetime(2026, 12, 9, tzinfo=UTC),
            notice_days=30,
            versions=[earlier],
            zone=ZoneInfo("America/New_York"),
        )
    assert str(caught.value) == (
        "clients must get 30 days' notice: the earliest effective date is "
        "Tuesday 5 January 2027, 21:30"
    )

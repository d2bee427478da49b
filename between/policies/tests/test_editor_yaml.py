"""Edits made in place in policy YAML: the therapist's comments and unknown keys survive."""

from __future__ import annotations

from pathlib import Path

import pytest

from between.core.policy import load_policy, reference_policy_text
from between.core.policy.edit import DELETE, apply_changes, dump, set_value
from between.core.policy.source import parse

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "policies"


def changed_lines(before: str, after: str) -> tuple[set[str], set[str]]:
    old, new = before.splitlines(), after.splitlines()
    return set(old) - set(new), set(new) - set(old)


def test_a_scalar_changes_on_its_own_line_and_the_comment_stays_in_its_column():
    text = reference_policy_text()
    after = set_value(text, ("auto_replies", "acknowledge"), "always")
    removed, added = changed_lines(text, after)
    assert removed == {"  acknowledge: after_hours           # always | after_hours | never"}
    assert added == {"  acknowledge: always                # always | after_hours | never"}


def test_switching_the_turnaround_kind_keeps_the_other_keys():
    text = reference_policy_text()
    after = apply_changes(
        text,
        [(("turnaround", "business_hours"), 4), (("turnaround", "business_days"), DELETE)],
    )
    policy = load_policy(after).policy
    assert policy.turnaround.business_hours == 4 and policy.turnaround.say_sooner_possible
    assert after.count("#") == text.count("#")


def test_a_new_section_is_written_in_block_style_where_it_belongs():
    text = reference_policy_text()
    after = apply_changes(
        text,
        [
            (("channels", "app", "enabled"), True),
            (("channels", "app", "name"), "Signal"),
            (("channels", "app", "for"), ["clinical"]),
        ],
    )
    assert "  app:\n    enabled: true\n    name: Signal\n    for: [clinical]\n" in after
    assert after.index("  app:") < after.index("calls:")
    assert load_policy(after).policy.channel("app").name == "Signal"


def test_deleting_a_section_removes_only_its_lines():
    text = reference_policy_text()
    after = set_value(text, ("emergency", "after_hours"), DELETE)
    removed, added = changed_lines(text, after)
    assert added == set()
    assert removed == {
        "  after_hours:",
        '    name: "Riverside on-call clinician"',
        '    phone: "+1 212 555 0199"',
    }


def test_a_list_of_sections_replaces_a_block_list():
    text = reference_policy_text()
    lines = [{"name": "Samaritans", "contact": "call 116 123"}, {"name": "A", "contact": "b"}]
    after = set_value(text, ("emergency", "crisis_lines"), lines)
    assert '    - name: Samaritans\n      contact: "call 116 123"\n' in after
    assert parse(after).data["emergency"]["crisis_lines"] == lines


def test_flow_mappings_are_rewritten_in_flow_style():
    text = reference_policy_text()
    after = apply_changes(
        text,
        [
            (("calls", "return_within", "hours"), 48),
            (("calls", "return_within", "business_days"), DELETE),
        ],
    )
    assert "  return_within: {hours: 48}\n" in after


@pytest.mark.parametrize(
    "value",
    ["yes", "NO", "09:00-17:00", 'say "hi"\nbye', "null", "", "true", "#hash", "a: b", "é"],
)
def test_values_that_yaml_would_misread_are_quoted(value):
    text = "format: 1\nname: x\n"
    after = set_value(text, ("name",), value)
    assert parse(after).data["name"] == value


def test_changing_nothing_returns_the_text_untouched():
    text = reference_policy_text()
    assert set_value(text, ("notice_days",), 30) is text
    assert set_value(text, ("nothing", "here"), DELETE) is text


def test_a_scalar_where_a_section_is_wanted_is_replaced():
    text = "format: 1\nemergency: null\n"
    after = set_value(text, ("emergency", "number"), "999")
    assert parse(after).data == {"format": 1, "emergency": {"number": "999"}}


def test_the_last_key_of_a_section_can_go():
    text = "format: 1\nturnaround:\n  business_days: 1\nnotice_days: 3\n"
    after = set_value(text, ("turnaround", "business_days"), DELETE)
    assert parse(after).data == {"format": 1, "turnaround": {}, "notice_days": 3}


def test_a_file_without_a_final_newline():
    after = set_value("format: 1\nx: 1", ("y",), 2)
    assert parse(after).data == {"format": 1, "x": 1, "y": 2}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_dump_reads_back_as_the_same_data(path):
    data = parse(path.read_text(encoding="utf-8")).data
    assert parse(dump(data)).data == data

"""`between policy check|due|schema` through build_parser() and run(), as scripts use it."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from between.policies.cli import build_parser, run

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "policies"
REFERENCE = EXAMPLES / "reference-solo.yaml"


def cli(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="between policy")
    build_parser(parser.add_subparsers())
    options = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = run(options, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_check_passes_every_example(path: Path) -> None:
    code, out, _err = cli("check", str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[-1].startswith(f"{path}: ok: ")
    assert all(line.startswith("warning: ") for line in lines[:-1])


def test_check_lists_every_error_one_per_line(tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    text = text.replace("for: [admin]                     # scheduling only", "for: [clinicial]")
    text = text.replace("notice_days: 30", "notice_days: -2")
    bad = tmp_path / "policy.yaml"
    bad.write_text(text, encoding="utf-8")
    code, out, _err = cli("check", str(bad))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f'{bad}:38:11 channels.sms.for: "clinicial" is not one of admin, clinical'
    assert lines[1].startswith(f"{bad}:74:14 notice_days: ")
    assert lines[-1] == f"{bad}: 2 errors"


def test_check_shows_warnings_and_exits_zero() -> None:
    code, out, _err = cli("check", str(REFERENCE))
    assert code == 0
    assert out.splitlines()[0].startswith(f"warning: {REFERENCE}:45:18 calls.return_within: ")


def test_check_yaml_syntax_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("format: 1\nclinician: [\n", encoding="utf-8")
    code, out, _err = cli("check", str(bad))
    assert code == 1 and out.startswith(f"{bad}:3:1 YAML syntax error")


def test_check_missing_file() -> None:
    code, out, _err = cli("check", "no-such-policy.yaml")
    assert code == 1 and out.startswith("no-such-policy.yaml:1:1 cannot read the file")


def test_due_one_line_per_received_in_order() -> None:
    code, out, _err = cli(
        "due",
        str(REFERENCE),
        "--received",
        "2027-02-01T10:00:00-05:00",
        "--received",
        "2026-12-23T16:00",  # no offset: the policy's time zone
        "--received",
        "2027-01-06T09:00:00Z",
    )
    assert code == 0
    assert out.splitlines() == [
        "2027-02-02T17:00:00-05:00",
        "2026-12-28T17:00:00-05:00",
        "2027-01-11T17:00:00-05:00",
    ]


def test_due_call_without_voicemail() -> None:
    code, out, _err = cli(
        "due",
        str(REFERENCE),
        "--received",
        "2027-02-01T10:00:00-05:00",
        "--channel",
        "call",
        "--voicemail",
        "no",
    )
    assert code == 0
    assert out.startswith("none: no voicemail was left")


def test_due_json() -> None:
    code, out, _err = cli(
        "due",
        str(REFERENCE),
        "--received",
        "2027-02-01T10:00:00-05:00",
        "--received",
        "2027-02-01T11:00:00-05:00",
        "--channel",
        "call",
        "--voicemail",
        "yes",
        "--json",
    )
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert first == {
        "received": "2027-02-01T10:00:00-05:00",
        "due_at": "2027-02-02T17:00:00-05:00",
        "reason": "call back within 1 business day",
        "callback_window": {
            "start": "2027-02-01T12:00:00-05:00",
            "end": "2027-02-01T13:00:00-05:00",
        },
    }
    assert second["received"] == "2027-02-01T11:00:00-05:00"


def test_due_json_message_has_null_window() -> None:
    _code, out, _err = cli("due", str(REFERENCE), "--received", "2027-02-01T10:00", "--json")
    assert json.loads(out)["callback_window"] is None


def test_due_bad_iso_is_exit_2() -> None:
    code, out, err = cli("due", str(REFERENCE), "--received", "next tuesday")
    assert code == 2 and out == ""
    assert '--received "next tuesday" is not an ISO 8601 date and time' in err


def test_due_with_invalid_policy_is_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("format: 1\n", encoding="utf-8")
    code, out, err = cli("due", str(bad), "--received", "2027-02-01T10:00")
    assert code == 1 and out == "" and "is required" in err


def test_schema_prints_json_schema() -> None:
    code, out, _err = cli("schema")
    assert code == 0
    assert json.loads(out)["title"].startswith("Between communications policy")

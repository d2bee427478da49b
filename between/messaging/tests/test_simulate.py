"""`between simulate`: the stable contract therapists script against."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA = Path(__file__).parent / "data"
POLICY = ROOT / "examples" / "policies" / "reference-solo.yaml"
# One `between simulate` run feeds every test here: keep them on one xdist worker, so it
# runs once per pass and not once per worker.
pytestmark = pytest.mark.xdist_group("simulate")
FIELDS = {"event", "client", "category", "crisis", "due_at", "reply", "alerts", "flags", "reasons"}


@pytest.fixture(scope="module")
def lines():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BETWEEN_", "DEBUG"))}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "between",
            "simulate",
            str(POLICY),
            str(DATA / "events.jsonl"),
            "--clients",
            str(DATA / "clients.yaml"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_object_per_event_in_order_with_the_contract_fields(lines):
    assert [line["event"] for line in lines] == list(range(12))
    for line in lines:
        assert set(line) == FIELDS
        assert line["category"] in {"admin", "clinical", "crisis", "boundary", "other"}
        if line["reply"] is not None:
            assert set(line["reply"]) == {"channel", "to", "subject", "body", "headers"}


def test_limits_apply_across_events(lines):
    first, second = lines[0], lines[1]
    assert first["client"] == "maya" and first["reply"]["channel"] == "sms"
    assert first["due_at"] == "2026-11-30T17:00:00-05:00"
    assert second["reply"] is None


def test_crisis_reply_page_and_folded_duplicate(lines):
    crisis, duplicate = lines[2], lines[3]
    assert crisis["crisis"] and crisis["client"] == "luis"
    assert "988" in crisis["reply"]["body"] and "safety_exception" in crisis["flags"]
    assert crisis["alerts"][0]["audience"] == "after_hours"
    assert duplicate["crisis"] and duplicate["reply"] is None and duplicate["alerts"] == []


def test_portal_voice_and_unknown_senders(lines):
    portal, voicemail, hang_up, unknown = lines[4], lines[5], lines[6], lines[7]
    assert portal["client"] == "maya" and portal["category"] == "clinical"
    assert voicemail["due_at"] is not None and voicemail["reply"] is None
    assert hang_up["due_at"] is None
    assert unknown["client"] is None and unknown["reply"]["to"] == "+19175550000"


def test_email_rules_out_of_office_once_and_no_reply_to_robots(lines):
    away, again, newsletter, bounce = lines[8], lines[9], lines[10], lines[11]
    assert away["reply"]["headers"]["Auto-Submitted"] == "auto-replied"
    assert "Sam Lee" in away["reply"]["body"] and away["reply"]["to"] == "maya@example.com"
    assert again["reply"] is None
    assert newsletter["reply"] is None and bounce["reply"] is None


def test_bad_lines_are_reported_and_the_rest_processed(tmp_path):
    events = tmp_path / "events.jsonl"
    events.write_text(
        'not json\n{"channel": "fax", "at": "2026-11-30T10:00:00-05:00"}\n'
        '{"channel": "sms", "at": "2026-11-30T10:00:00", "from": "+1", "to": "+1", "body": "x"}\n'
        '{"channel": "sms", "at": "2026-11-30T10:00:00-05:00", "from": "+12125550301", '
        '"to": "+12125550100", "body": "See you Tuesday"}\n'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BETWEEN_", "DEBUG"))}
    result = subprocess.run(
        [sys.executable, "-m", "between", "simulate", str(POLICY), str(events)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert [("error" in line) for line in out] == [True, True, True, False]
    assert "channel" in out[1]["error"] and "offset" in out[2]["error"]

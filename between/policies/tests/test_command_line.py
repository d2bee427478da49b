"""The `between policy` contract through the real installed command, as scripts use it.

Run with no secrets and no DEBUG: checking a policy file must work on any laptop.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "examples" / "policies" / "reference-solo.yaml"


def between(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BETWEEN_", "DEBUG"))}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "between", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_exit_codes_and_error_lines(tmp_path):
    good = between("policy", "check", str(REFERENCE), cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip().splitlines()[-1].endswith("1 warning")

    bad = tmp_path / "policy.yaml"
    bad.write_text(
        REFERENCE.read_text().replace(
            "for: [admin]                     #", "for: [clinicial]                  #"
        )
    )
    result = between("policy", "check", "policy.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert 'policy.yaml:38:11 channels.sms.for: "clinicial" is not one of admin, clinical' in (
        result.stdout
    )
    assert not (tmp_path / "var").exists()  # nothing stored, nothing created


def test_due_lines_json_and_bad_input(tmp_path):
    plain = between(
        "policy",
        "due",
        str(REFERENCE),
        "--received",
        "2026-12-24T10:00:00-05:00",
        "--received",
        "2026-11-23T10:00:00-05:00",
        cwd=tmp_path,
    )
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines() == ["2026-12-28T17:00:00-05:00", "2026-11-24T17:00:00-05:00"]

    calls = between(
        "policy",
        "due",
        str(REFERENCE),
        "--channel",
        "call",
        "--voicemail",
        "no",
        "--received",
        "2026-11-23T10:00:00-05:00",
        "--json",
        cwd=tmp_path,
    )
    row = json.loads(calls.stdout)
    assert row["due_at"] is None and row["received"] == "2026-11-23T10:00:00-05:00"
    assert set(row) == {"received", "due_at", "reason", "callback_window"}

    bad = between("policy", "due", str(REFERENCE), "--received", "tomorrow", cwd=tmp_path)
    assert bad.returncode == 2 and "not an ISO 8601" in bad.stderr


def test_schema_is_json(tmp_path):
    result = between("policy", "schema", cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout)["type"] == "object"

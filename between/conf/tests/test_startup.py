"""Start-up as an operator meets it: the real `between` command in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_between(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BETWEEN_", "DEBUG"))}
    clean.pop("DATABASE_URL", None)
    clean.update({"BETWEEN_DATA_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "-m", "between", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "yes"}, "DEBUG: 'yes' is not a boolean"),
        ({"DEBUG": "true", "BETWEEN_PORT": "eighty"}, "BETWEEN_PORT: 'eighty' is not a whole"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL:"),
        ({"DEBUG": "true", "BETWEEN_TASK_BACKEND": "celery"}, "BETWEEN_TASK_BACKEND:"),
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_variable(tmp_path, env, named):
    result = run_between(tmp_path, "check", **env)
    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_a_key_refuses_to_start(tmp_path):
    result = run_between(tmp_path, "check", DEBUG="false", BETWEEN_SECRET_KEY="x" * 50)
    assert result.returncode == 2
    assert "BETWEEN_ENCRYPTION_KEY: required when DEBUG is off" in result.stderr
    assert not (tmp_path / "encryption.key").exists()


def test_development_starts_with_generated_secrets(tmp_path):
    result = run_between(tmp_path, "check", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "encryption.key").exists()
    assert (tmp_path / "secret-key").exists()


def test_keygen_prints_a_usable_key(tmp_path):
    result = run_between(tmp_path, "keygen", DEBUG="true")
    key = result.stdout.strip()
    check = run_between(
        tmp_path,
        "check",
        DEBUG="false",
        BETWEEN_SECRET_KEY="x" * 50,
        BETWEEN_ENCRYPTION_KEY=key,
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"DEBUG": "true"}, "console"),
        ({"DEBUG": "true", "TWILIO_ACCOUNT_SID": "AC" + "0" * 32}, "twilio"),
        ({"DEBUG": "true", "BETWEEN_SMS_BACKEND": "twilio"}, "twilio"),
    ],
)
def test_texts_are_printed_in_development_until_twilio_is_set_up(tmp_path, env, backend):
    shown = "from django.conf import settings; print(settings.BETWEEN_SMS_BACKEND)"
    result = run_between(tmp_path, "shell", "-c", shown, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == backend


def test_an_unknown_sms_backend_stops_start_up(tmp_path):
    result = run_between(tmp_path, "check", DEBUG="true", BETWEEN_SMS_BACKEND="carrier-pigeon")
    assert result.returncode == 2 and "BETWEEN_SMS_BACKEND:" in result.stderr


def production(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A production configuration as the README gives it: DEBUG off, HTTPS, real keys."""
    key = run_between(tmp_path, "keygen", DEBUG="true").stdout.strip()
    return {
        "DEBUG": "false",
        "BETWEEN_SECRET_KEY": "k7Qx-9Zr_" * 6,
        "BETWEEN_ENCRYPTION_KEY": key,
        "BETWEEN_BASE_URL": "https://between.example.org",
        "BETWEEN_ALLOWED_HOSTS": "between.example.org",
        **extra,
    }


def test_check_deploy_is_clean_in_a_production_configuration(tmp_path):
    result = run_between(tmp_path, "check", "--deploy", **production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_https_is_enforced_only_when_the_base_url_is_https(tmp_path):
    shown = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    https = run_between(tmp_path, "shell", "-c", shown, **production(tmp_path))
    assert https.stdout.split()[-3:] == ["True", "31536000", "None"], https.stderr
    proxied = production(tmp_path, BETWEEN_BEHIND_HTTPS_PROXY="true")
    behind = run_between(tmp_path, "shell", "-c", shown, **proxied)
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in behind.stdout, behind.stderr
    plain = run_between(tmp_path, "shell", "-c", shown, DEBUG="true")
    assert plain.stdout.split()[-3:] == ["False", "0", "None"], plain.stderr

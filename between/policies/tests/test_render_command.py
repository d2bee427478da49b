"""`between policy render` through the real command, as a therapist or a script runs it.

No BETWEEN_* settings and no DEBUG: rendering a policy file must work on any laptop.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree import ElementTree  # our own TwiML, not untrusted input

import pytest
from pypdf import PdfReader

from between.policies.tests.test_command_line import between

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "policies"
REFERENCE = EXAMPLES / "reference-solo.yaml"


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_documents_to_standard_output(tmp_path: Path, fmt: str) -> None:
    result = between(
        "policy", "render", str(REFERENCE), "--format", fmt, "--out", "-", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Riverside Counseling" in result.stdout and "988 Suicide" in result.stdout
    assert result.stderr == ""
    assert not (tmp_path / "var").exists()  # nothing stored, nothing created


def test_pdf_to_a_file_in_spanish(tmp_path: Path) -> None:
    result = between(
        "policy",
        "render",
        str(REFERENCE),
        "--format",
        "pdf",
        "--out",
        "policy.pdf",
        "--language",
        "es",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    reader = PdfReader(io.BytesIO((tmp_path / "policy.pdf").read_bytes()))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert "Política de comunicación" in text and "911" in text


def test_voicemail_as_text_and_as_twiml(tmp_path: Path) -> None:
    plain = between(
        "policy", "render", str(REFERENCE), "--format", "voicemail", "--out", "-", cwd=tmp_path
    )
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.startswith("If this is an emergency, hang up and dial 911.")
    assert plain.stdout.strip().endswith("after the tone.")

    twiml = between(
        "policy",
        "render",
        str(REFERENCE),
        "--format",
        "voicemail",
        "--out",
        "greeting.xml",
        "--language",
        "es",
        cwd=tmp_path,
    )
    assert twiml.returncode == 0, twiml.stderr
    root = ElementTree.fromstring((tmp_path / "greeting.xml").read_text(encoding="utf-8"))  # noqa: S314
    assert root.tag == "Response" and root.find("Record") is not None
    say = root.find("Say")
    assert say is not None and say.get("language") == "es-MX"
    assert (say.text or "").startswith("Si es una emergencia, cuelgue y marque el 9 1 1.")


def test_replies_lists_every_automatic_message(tmp_path: Path) -> None:
    result = between(
        "policy", "render", str(REFERENCE), "--format", "replies", "--out", "replies.txt",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "replies.txt").read_text(encoding="utf-8")
    for title in ("Crisis reply, by email", "Out of office, by text message", "Redirect"):
        assert title in text
    assert text.count("Privacy lint: ok") == 10
    assert "Length: 2 SMS segments" in text or "Length: 1 SMS segment" in text


def test_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text(
        REFERENCE.read_text().replace("notice_days: 30", "notice_days: -2"), encoding="utf-8"
    )
    invalid = between("policy", "render", "policy.yaml", "--format", "html", "--out", "-",
                      cwd=tmp_path)  # fmt: skip
    assert invalid.returncode == 1 and invalid.stdout == ""
    lines = invalid.stderr.splitlines()
    assert lines[0].startswith("policy.yaml:74:14 notice_days: ")
    assert lines[-1] == "policy.yaml: 1 error"

    pdf_to_stdout = between(
        "policy", "render", str(REFERENCE), "--format", "pdf", "--out", "-", cwd=tmp_path
    )
    assert pdf_to_stdout.returncode == 2 and "standard output" in pdf_to_stdout.stderr

    no_folder = between(
        "policy", "render", str(REFERENCE), "--format", "txt", "--out", "nowhere/p.txt",
        cwd=tmp_path,
    )  # fmt: skip
    assert no_folder.returncode == 2 and "does not exist" in no_folder.stderr

    for argv in (
        ["--format", "docx", "--out", "-"],
        ["--format", "txt", "--out", "-", "--language", "fr"],
        ["--format", "txt"],
    ):
        usage = between("policy", "render", str(REFERENCE), *argv, cwd=tmp_path)
        assert usage.returncode == 2, argv
        assert "usage:" in usage.stderr


def test_every_format_and_language_is_documented() -> None:
    from between.policies.cli import RENDER_FORMATS, RENDER_LANGUAGES

    docs = (EXAMPLES.parents[1] / "docs" / "client-documents.md").read_text(encoding="utf-8")
    assert [f for f in RENDER_FORMATS if f"`--format {f}`" not in docs] == []
    assert [lang for lang in RENDER_LANGUAGES if f"`--language {lang}`" not in docs] == []

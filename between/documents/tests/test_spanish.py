"""Spanish: the document, every automatic message and the greeting, nothing left in English.

The catalogue is checked against the code: every string marked for translation in the
client-facing modules is extracted the way `makemessages` extracts it (xgettext, with
Django's keywords) and must have a Spanish translation in the compiled catalogue.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from between.channels.sms.keywords import Keyword, keyword_reply
from between.channels.voice.twiml import greeting_twiml
from between.core.documents import FORMATS, render_document, render_replies_preview
from between.core.pipeline.texts import secure_channel
from between.core.pipeline.voice_greeting import greeting_text
from between.core.policy import Policy, load_policy_file
from between.core.privacy_lint import lint, sms_encoding, sms_segments
from between.documents.i18n import translator

PACKAGE = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((PACKAGE.parent / "examples" / "policies").glob("*.yaml"))
LOCALE = PACKAGE / "locale" / "es" / "LC_MESSAGES"
DOCUMENT_MODULES = [
    *sorted((PACKAGE / "core" / "documents").glob("*.py")),
    PACKAGE / "core" / "i18n.py",
]
MESSAGE_MODULES = [PACKAGE / "core" / "pipeline" / "texts.py"]
GREETING_MODULES = [
    PACKAGE / "core" / "pipeline" / "voice_greeting.py",
    PACKAGE / "channels" / "voice" / "twiml.py",
]
CLIENT_FACING = [
    *DOCUMENT_MODULES,
    *MESSAGE_MODULES,
    *GREETING_MODULES,
    PACKAGE / "channels" / "sms" / "keywords.py",
]
# Translations that are rightly the same as the English: punctuation around values.
SAME_IN_SPANISH = {"{name}: {contact}.", "{name}: {contact}", "{date}, {time}", "{days}: {times}"}

es = translator("es")


def marked(paths: list[Path]) -> set[str]:
    """String literals passed to `_` or `gettext_noop` in these modules."""
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "gettext_noop")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def english_fragments(paths: list[Path]) -> set[str]:
    """The fixed words of each English template, three words or more: none of these may
    be left in a Spanish text."""
    fragments: set[str] = set()
    for msgid in marked(paths):
        for piece in re.split(r"\{\w*\}", msgid):
            piece = piece.strip(" ,.:;()“”")
            if len(piece.split()) >= 3:
                fragments.add(piece)
    return fragments


def policy_strings(policy: Policy) -> list[str]:
    """Everything in the output that comes from the policy file itself (stays as written)."""
    values: list[str] = [policy.practice.name, policy.clinician.name]
    for _name, channel in policy.channels.items():
        values += [v for v in (channel.name, channel.setup, channel.address) if v]
    for line in policy.emergency.crisis_lines:
        values += [line.name, line.contact]
    if policy.emergency.after_hours is not None:
        values.append(policy.emergency.after_hours.name)
    values += [c.name for c in policy.coverage] + [r.name for r in policy.resources]
    if policy.social_media is not None:
        values.append(policy.social_media.statement)
    return sorted({" ".join(v.split()) for v in values}, key=len, reverse=True)


def without_policy_text(text: str, policy: Policy) -> str:
    text = " ".join(text.split())
    for value in policy_strings(policy):
        text = text.replace(value, " ")
        text = text.replace(value.rstrip("."), " ")
    return text


def load(path: Path) -> Policy:
    return load_policy_file(str(path)).policy


# ---------------------------------------------------------------- the catalogue


def test_every_client_facing_string_has_a_spanish_translation() -> None:
    missing = sorted(m for m in marked(CLIENT_FACING) if es(m) == m and m not in SAME_IN_SPANISH)
    assert missing == []


def test_translations_keep_every_placeholder() -> None:
    for msgid in marked(CLIENT_FACING):
        wanted = set(re.findall(r"\{(\w*)\}", msgid))
        assert set(re.findall(r"\{(\w*)\}", es(msgid))) == wanted, msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_makemessages_extracts_every_marked_string(tmp_path: Path) -> None:
    # The keywords Django's makemessages gives xgettext for Python files (an f-string
    # hides a `_()` call from xgettext, which this catches).
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--from-code=UTF-8",
            "--keyword=gettext_noop",
            "--keyword=gettext_lazy",
            "--keyword=pgettext:1c,2",
            "--output",
            str(pot),
            *map(str, CLIENT_FACING),
        ],
        check=True,
        capture_output=True,
    )
    extracted = pot.read_text(encoding="utf-8")
    for msgid in marked(CLIENT_FACING):
        quoted = msgid.replace("\\", "\\\\").replace('"', '\\"')
        assert f'"{quoted}"' in extracted.replace('"\n"', ""), msgid


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")
def test_the_committed_mo_is_compiled_from_the_po(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(LOCALE / "django.po")],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes()
    assert (
        "#, fuzzy"
        not in (LOCALE / "django.po").read_text(encoding="utf-8").split('msgstr ""', 1)[1]
    )


def test_translator() -> None:
    assert es("I do not text.") == "No uso mensajes de texto."
    assert translator("en")("I do not text.") == "I do not text."
    assert es("") == ""
    with pytest.raises(ValueError, match="unknown language"):
        translator("fr")


# ---------------------------------------------------------------- the document


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_document_in_spanish(path: Path, fmt: str) -> None:
    policy = load(path)
    output = render_document(policy, fmt, translate=es, language="es")  # type: ignore[arg-type]
    text = re.sub(r"<[^>]+>", " ", output) if fmt == "html" else output
    text = re.sub(r"\\(.)", r"\1", text).replace("&amp;", "&").replace("&#x27;", "'")
    for phrase in ("Cómo contactarme", "Qué medio usar", "En una emergencia", "Privacidad"):
        assert phrase.casefold() in " ".join(text.split()).casefold()
    number = policy.emergency.number
    assert f"llame ya al {number}" in " ".join(text.split())
    left = without_policy_text(text, policy)
    english = [f for f in english_fragments(DOCUMENT_MODULES) if f in left]
    assert english == []
    if fmt == "html":
        assert '<html lang="es">' in output


# ---------------------------------------------------------------- automatic messages


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_automatic_message_in_spanish(path: Path) -> None:
    policy = load(path)
    secure = secure_channel(policy, es)
    fragments = english_fragments(MESSAGE_MODULES)
    for preview in render_replies_preview(policy, es):
        # The lint (Spanish insecure-channel wording included) passes, as in English.
        assert preview.problems == (), (preview.kind, preview.channel, preview.problems)
        body = " ".join(preview.body.split())
        assert f"llame ya al {policy.emergency.number}" in body
        left = without_policy_text(preview.subject + " " + preview.body, policy)
        assert [f for f in fragments if f in left] == [], (preview.kind, preview.channel)
        if preview.channel in ("email", "sms") and secure is not None:
            says_so = "no es un medio seguro" in body or "no son seguros" in body
            # Someone Between cannot match is not pointed to a channel they may not have.
            named = secure[1] in body
            assert says_so and named is (preview.kind != "unknown_sender")
        if preview.channel == "sms":
            assert sms_segments(preview.body) <= 2
            # Spanish SMS wording stays in the GSM-7 alphabet (no á í ó ú) so that a
            # segment holds 153 characters, not 67.
            assert sms_encoding(without_policy_text(preview.body, policy)) == "GSM-7"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_text_keyword_replies_in_spanish_fit(path: Path) -> None:
    policy = load(path)
    for keyword in Keyword:
        reply = keyword_reply(keyword, policy, es)
        assert sms_segments(reply) <= 2
        assert "Reply" not in reply and "Responda" in reply


def test_the_lint_accepts_the_spanish_insecure_notice_and_misses_its_absence() -> None:
    notice = "Mensajes de texto: no es un medio seguro. No mande datos privados; use Signal."
    base = "Si corre peligro o tiene una emergencia, llame ya al 911. Lifeline: 988."
    args = {"channel": "sms", "emergency_number": "911", "secure_channel_name": "Signal"}
    assert lint(f"{base} {notice}", **args) == []  # type: ignore[arg-type]
    codes = [p.code for p in lint(f"{base} Use Signal.", **args)]  # type: ignore[arg-type]
    assert codes == ["missing_insecure_notice"]
    for phrase in ("Los correos no son seguros", "no está cifrado", "un medio inseguro"):
        assert lint(f"{base} {phrase}; use Signal.", **args) == [], phrase  # type: ignore[arg-type]


# ---------------------------------------------------------------- the voicemail greeting


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_voicemail_greeting_in_spanish(path: Path) -> None:
    policy = load(path)
    text = greeting_text(policy, es)
    assert text.startswith(f"Si es una emergencia, cuelgue y marque el {policy.emergency.number}.")
    assert "Después del tono" in text
    left = without_policy_text(text, policy)
    assert [f for f in english_fragments(GREETING_MODULES) if f in left] == []
    for day in ("Monday", "Tuesday", "Friday", " a.m.", " p.m.", "noon", "business day"):
        assert day not in left


def test_the_spanish_twiml_names_a_spanish_voice() -> None:
    policy = load(EXAMPLES[0])
    xml = greeting_twiml(policy, translate=es, language="es")
    assert xml.count('language="es-MX"') == 2 and "Adiós." in xml
    assert 'language="es-MX"' not in greeting_twiml(policy)
    assert 'language="es-MX"' not in greeting_twiml(None, translate=es, language="es")

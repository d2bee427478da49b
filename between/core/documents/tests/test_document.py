"""The Communications Policy holds every element its policy implies, in every format."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest

from between.core.documents import (
    FORMATS,
    build_document,
    reading_grade,
    render_document,
)
from between.core.documents.html import PALETTE
from between.core.policy import Policy, load_policy_file
from between.core.policy.schema import Channel, Contact

EXAMPLES = sorted((Path(__file__).resolve().parents[4] / "examples" / "policies").glob("*.yaml"))
TEMPLATE_SYNTAX = re.compile(r"\{\w*\}|\{\{|\}\}|\{%|%\}|%\(\w+\)s|\bNone\b|\bnan\b")


def load(path: Path) -> Policy:
    return load_policy_file(str(path)).policy


def expected_elements(policy: Policy) -> list[str]:
    """What the document must say for this policy, whatever the format."""
    wanted = [
        policy.practice.name,
        policy.clinician.name,
        "Communications Policy",
        "How to reach me",
        "Which way to use",
        "When you can expect a reply",
        "Office hours",
        "In an emergency",
        "Privacy",
        "Changes to this policy",
        f"I reply to messages within {policy.turnaround.amount:g}",
    ]
    if policy.emergency.number:
        wanted.append(f"call {policy.emergency.number} now")
    for _name, channel in policy.channels.items():
        if not channel.enabled:
            continue
        for value in (channel.address, channel.number, channel.username, channel.name):
            if value:
                wanted.append(value)
        if channel.setup:
            wanted.append(channel.setup.split(".")[0])
    for line in policy.emergency.crisis_lines:
        wanted += [line.name, line.contact]
    if policy.emergency.after_hours is not None:
        wanted += [policy.emergency.after_hours.name, policy.emergency.after_hours.phone or ""]
    for contact in policy.coverage:
        wanted += [contact.name, *(x for x in (contact.phone, contact.email) if x)]
    for resource in policy.resources:
        wanted += [resource.name, *(x for x in (resource.url, resource.contact) if x)]
    if policy.turnaround.say_sooner_possible:
        wanted.append("I may reply sooner, but please don't count on it.")
    if policy.calls is not None:
        wanted += ["Phone calls and voicemail", "I return calls within"]
        if policy.calls.voicemail_required:
            wanted.append("Calls without a message are not returned.")
    if policy.social_media is not None:
        wanted += ["Social media and our relationship", policy.social_media.statement.split()[0]]
    if policy.notice_days:
        wanted.append(f"at least {policy.notice_days} days")
    if any(not c.enabled for _n, c in policy.channels.items()):
        wanted.append("Ways I do not use")
    sms = policy.channel("sms")
    if sms is not None and not sms.enabled:
        wanted.append("I do not text.")
    return [w for w in wanted if w]


def flat(text: str) -> str:
    """Text with Markdown escapes and line wrapping undone, for searching."""
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_element_the_policy_implies_is_there(path: Path, fmt: str) -> None:
    policy = load(path)
    output = render_document(policy, fmt)  # type: ignore[arg-type]
    raw = flat(html_text(output) if fmt == "html" else output)
    assert TEMPLATE_SYNTAX.search(raw) is None
    text = raw.casefold()  # the plain-text title is in capitals
    wanted = [" ".join(w.split()).casefold() for w in expected_elements(policy)]
    missing = [w for w in wanted if w not in text]
    assert missing == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_reading_level_near_grade_8(path: Path) -> None:
    reading = reading_grade(build_document(load(path)))
    assert reading.words > 300
    assert reading.grade <= 9.0, reading


def test_sections_appear_only_when_the_policy_says_something() -> None:
    policy = load(EXAMPLES[0])
    bare = policy.model_copy(
        update={"social_media": None, "coverage": [], "absences": [], "resources": []}
    )
    keys = [s.key for s in build_document(bare).sections]
    assert "social" not in keys and "away" not in keys and "resources" not in keys
    full = [s.key for s in build_document(policy).sections]
    assert {"social", "away", "resources"} <= set(full)

    no_phone = bare.model_copy(
        update={
            "calls": None,
            "channels": bare.channels.model_copy(update={"phone": None}),
        }
    )
    assert "calls" not in [s.key for s in build_document(no_phone).sections]
    text = render_document(no_phone, "txt")
    assert "voicemail" not in text.lower()


def test_ways_not_used_and_clinical_needs_without_a_channel() -> None:
    policy = load(next(p for p in EXAMPLES if p.stem == "solo-no-texting"))
    text = flat(render_document(policy, "txt"))
    assert "Ways I do not use" in text and "I do not text." in text
    admin_only = policy.model_copy(
        update={
            "channels": policy.channels.model_copy(
                update={"portal": Channel.model_validate({"for": ["admin"], "secure": True})}
            )
        }
    )
    text = flat(render_document(admin_only, "txt"))
    assert "Check-ins, homework and journaling: please bring them to our next session." in text


def test_no_emergency_number_falls_back_to_the_local_one() -> None:
    policy = load(EXAMPLES[0])
    policy = policy.model_copy(
        update={"emergency": policy.emergency.model_copy(update={"number": None})}
    )
    text = flat(render_document(policy, "txt"))
    assert "call your local emergency number now" in text
    assert TEMPLATE_SYNTAX.search(text) is None


def test_effective_date_and_language_attribute() -> None:
    from datetime import date

    policy = load(EXAMPLES[0])
    html = render_document(policy, "html", language="es", effective=date(2027, 2, 1))
    assert '<html lang="es">' in html
    assert "In effect from February 1, 2027." in html


# ---------------------------------------------------------------- HTML


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.urls: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in ("style", "script", "title"):
            self._skip += 1
        for name, value in attrs:
            if name in ("href", "src", "srcset", "data", "action", "poster") and value:
                self.urls.append((tag, name, value))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def html_text(html: str) -> str:
    parser = Outline()
    parser.feed(html)
    return " ".join(parser.text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_html_is_a_complete_accessible_page_that_loads_nothing(path: Path) -> None:
    html = render_document(load(path), "html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in html and "<title>" in html and "<main>" in html
    parser = Outline()
    parser.feed(html)
    levels = parser.headings
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in pairwise(levels))  # no skipped level
    # Only links, and only to the page itself, the web, mail or phone: nothing is loaded.
    assert {tag for tag, _a, _v in parser.urls} <= {"a"}
    assert all(re.match(r"(#|https?://|mailto:|tel:)", v) for _t, _a, v in parser.urls)
    assert "<script" not in html and "<img" not in html and "<link" not in html
    assert "url(" not in html and "@import" not in html
    assert "@media print" in html and "@page" in html


def test_every_policy_string_is_escaped() -> None:
    policy = load(EXAMPLES[0])
    evil = '<script>alert("x")</script> & Co'
    policy = policy.model_copy(
        update={
            "practice": policy.practice.model_copy(update={"name": evil}),
            "coverage": [Contact(name="<b>Sam</b>", phone="+1 212 555 0142")],
            "resources": [
                *policy.resources,
                policy.resources[0].model_copy(
                    update={"name": "Bad link", "url": "javascript:alert(1)"}
                ),
            ],
        }
    )
    html = render_document(policy, "html")
    assert "<script>" not in html and "<b>Sam</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html  # as text only
    md = render_document(policy, "md")
    assert "\\<script\\>" in md and "\\<b\\>Sam\\</b\\>" in md


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("name", sorted(PALETTE))
def test_text_colours_meet_wcag_aaa_contrast(name: str) -> None:
    fg, bg = PALETTE[name]
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 7.0
    html = render_document(load(EXAMPLES[0]), "html")
    assert fg in html and bg in html


# ---------------------------------------------------------------- Markdown and text


def test_markdown_structure_and_links() -> None:
    md = render_document(load(next(p for p in EXAMPLES if p.stem == "reference-solo")), "md")
    lines = md.splitlines()
    assert lines[0] == "# Communications Policy"
    assert "## In an emergency" in lines and "### Client portal" in lines
    assert "[https://adaa.org](https://adaa.org)" in md
    assert "[alex@riverside-counseling.example](mailto:alex@riverside-counseling.example)" in md
    assert "[+1 212 555 0100](tel:+12125550100)" in md


def test_plain_text_is_wrapped_and_has_no_markup() -> None:
    txt = render_document(load(EXAMPLES[0]), "txt")
    assert all(len(line) <= 78 or " " not in line.strip() for line in txt.splitlines())
    assert "<" not in txt and "](" not in txt and "**" not in txt
    assert txt.splitlines()[0] == "COMMUNICATIONS POLICY"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render_document(load(EXAMPLES[0]), "docx")  # type: ignore[arg-type]


def test_the_core_imports_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, between.core.documents, between.core.i18n; "
        "sys.exit(any(m.split('.')[0] in ('django', 'weasyprint') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

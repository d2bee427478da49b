"""The PDF holds the document's words, and rendering it never reaches outside."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from between.core.documents import render_document
from between.core.policy import load_policy_file
from between.documents.i18n import translator
from between.documents.pdf import OfflineFetcher, html_to_pdf

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "examples" / "policies").glob("*.yaml"))


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_pdf_has_every_element(path: Path) -> None:
    policy = load_policy_file(str(path)).policy
    pdf = html_to_pdf(render_document(policy, "html"))
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    # Wrapped lines may split a phrase; compare with spaces removed as well.
    squashed = re.sub(r"\s+", "", text)
    wanted = [
        "Communications Policy",
        policy.practice.name,
        "In an emergency",
        f"call {policy.emergency.number} now",
        "When you can expect a reply",
        "Office hours",
        "Privacy",
        "Changes to this policy",
        *(line.name for line in policy.emergency.crisis_lines),
        *(c.name for c in policy.coverage),
        *(c.number for _n, c in policy.channels.items() if c.enabled and c.number),
        *(c.address for _n, c in policy.channels.items() if c.enabled and c.address),
    ]
    if policy.turnaround.say_sooner_possible:
        wanted.append("I may reply sooner, but please don't count on it.")
    missing = [w for w in wanted if re.sub(r"\s+", "", w) not in squashed]
    assert missing == []
    assert "{" not in text and "None" not in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2


def test_a_spanish_pdf_keeps_its_accents() -> None:
    policy = load_policy_file(str(EXAMPLES[0])).policy
    pdf = html_to_pdf(render_document(policy, "html", translate=translator("es"), language="es"))
    text = pdf_text(pdf)
    assert "Política de comunicación" in text and "Cómo contactarme" in text


def test_external_resources_are_refused_not_fetched(tmp_path: Path, monkeypatch) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = (
        "<!DOCTYPE html><html lang='en'><head>"
        f"<link rel='stylesheet' href='file://{secret}'>"
        "<link rel='stylesheet' href='http://192.0.2.1/style.css'>"
        "</head><body><p>Hello</p><img src='https://example.com/x.png'>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></body></html>"
    )
    fetcher = OfflineFetcher()
    with pytest.raises(ValueError, match="not fetched"):
        fetcher.fetch("http://192.0.2.1/style.css")
    with pytest.raises(ValueError, match="not fetched"):
        fetcher.fetch(f"file://{secret}")
    assert fetcher.refused == ["http://192.0.2.1/style.css", f"file://{secret}"]
    used: list[OfflineFetcher] = []

    class Recording(OfflineFetcher):
        def __init__(self) -> None:
            super().__init__()
            used.append(self)

    monkeypatch.setattr("between.documents.pdf.OfflineFetcher", Recording)
    assert "Hello" in pdf_text(html_to_pdf(html))  # renders anyway, without them
    assert sorted(used[0].refused) == sorted(
        [f"file://{secret}", "http://192.0.2.1/style.css", "https://example.com/x.png"]
    )

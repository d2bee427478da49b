"""What the message page may show beyond the text: sanitised HTML, a list of files."""

from between.channels.email.display import attachments, clean_html, sanitised_html
from between.channels.email.tests.conftest import sample


def test_html_is_sanitised_for_display():
    html = sanitised_html(sample("html-only.eml"))
    assert html is not None
    assert "<b>better</b>" in html and "<li>sleep: better</li>" in html
    for never in (
        "<script",
        "document.cookie",
        "onload",
        "<img",
        "tracker.example",
        "javascript:",
        "<style",
        "font-family",
        "Newsletter-style",
    ):
        assert never not in html
    assert 'href="https://example.com/article"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_a_plain_text_message_has_no_html_to_show():
    assert sanitised_html(sample("wrong-charset.eml")) is None
    assert sanitised_html(None) is None
    assert sanitised_html(sample("garbage.eml")) is None


def test_the_html_alternative_of_a_gmail_message_is_kept_readable():
    html = sanitised_html(sample("gmail.eml"))
    assert html is not None and "Thursday’s session" in html and "dir=" not in html


def test_attachments_are_listed_never_inlined():
    found = attachments(sample("attachment.eml"))
    assert [(a.filename, a.content_type) for a in found] == [
        ("worksheet.pdf", "application/pdf"),
        ("mood_chart–nov.png", "image/png"),  # "inline" images are files too
        ("notes.html", "text/html"),  # an attached page is a file, not the body
    ]
    assert found[0].size == 136


def test_a_truncated_message_lists_what_it_can():
    assert [a.filename for a in attachments(sample("truncated.eml"))] == ["photo.jpg"]
    assert attachments(sample("garbage.eml")) == [] and attachments(None) == []


def test_clean_html_strips_forms_and_styles():
    cleaned = clean_html('<form action="x"><input name="p"></form><p style="color:red">hi</p>')
    assert cleaned == "<p>hi</p>"

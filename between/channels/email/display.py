"""What the message page may show of an email beyond its text, read from the stored raw.

Nothing here is stored: the raw message is kept encrypted (``Message.raw``) and these
are worked out from it when a signed-in member opens the message, so no second copy of
client content sits in the database and a better sanitiser applies to old mail too.

- ``sanitised_html``: the HTML body cleaned by nh3 (no scripts, styles, forms, or
  images, so no tracking pixel or remote resource loads when the clinician reads it).
- ``attachments``: names, types and sizes of attached files. Their bytes stay inside the
  encrypted raw and are never rendered inline; a download view must serve them as
  ``Content-Disposition: attachment`` with ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage, Message

import nh3

from between.channels.email.ingest import bounded_message, decode_words, part_text

# Formatting only. No <img> (remote images track the reader; cid: images are
# attachments), no <style> or style attributes (they can hide or fake content).
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl",
        "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre",
        "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True)
class AttachmentInfo:
    index: int
    filename: str
    content_type: str
    size: int


def clean_html(html: str) -> str:
    """Untrusted HTML made safe to place inside a page (links open nothing by themselves)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "head", "title", "template", "noscript"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _parse(raw: bytes | None) -> Message | None:
    # Bounded as at arrival: a message over a bound (stored flagged too_complex_to_parse)
    # shows its text only, never holding the page while 200,000 parts are parsed.
    if not raw:
        return None
    try:
        return bounded_message(bytes(raw))
    except Exception:
        return None


def sanitised_html(raw: bytes | None) -> str | None:
    """The message's HTML body, sanitised; None when it has none (or it cannot be read)."""
    message = _parse(raw)
    if message is None:
        return None
    try:
        part = (
            message.get_body(preferencelist=("html",))
            if isinstance(message, EmailMessage)
            else None
        )
        if part is None:
            return None
        return clean_html(part_text(part))
    except Exception:
        return None


def attachments(raw: bytes | None) -> list[AttachmentInfo]:
    """Files attached to the message, in order. Inline images count: none is shown."""
    message = _parse(raw)
    if message is None:
        return []
    found: list[AttachmentInfo] = []
    try:
        parts = list(message.walk())
    except Exception:
        return []
    for index, part in enumerate(parts):
        info = _attachment(index, part)
        if info is not None:
            found.append(info)
    return found


def _attachment(index: int, part: Message) -> AttachmentInfo | None:
    """The file this part holds, or None for a container, a body part or a broken part."""
    try:
        if part.is_multipart():
            return None
        filename = part.get_filename()
        attached = part.get_content_disposition() == "attachment"
        if not attached and not filename and part.get_content_maintype() == "text":
            return None  # a body part, not a file
        payload = part.get_payload(decode=True)
        return AttachmentInfo(
            index=index,
            filename=decode_words(filename or "")[:255] or f"attachment-{index}",
            content_type=part.get_content_type(),
            size=len(payload) if isinstance(payload, bytes) else 0,
        )
    except Exception:  # a part too broken to describe is still in the raw
        return None

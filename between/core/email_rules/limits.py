"""How often the same sender may get the same automatic reply (R19-R23), and bounces (R25).

The tracking itself (remembering what was sent to whom, recording only after a send
succeeded, R22) lives in the shell; these are the pure parts it needs.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32

from between.core.email_rules.headers import decode_bytes, keyword, valid_address

# R19: RFC 5230 §4.1 and Pigeonhole ext-vacation-settings.c.
MIN_PERIOD = timedelta(days=1)
DEFAULT_PERIOD = timedelta(days=7)
MAX_PERIOD = timedelta(days=60)
# R23 / RFC 5230 §4.2: remember at least this many tracked responses.
MIN_TRACKED_RESPONSES = 1000


def reply_period(
    requested: timedelta | None,
    *,
    minimum: timedelta = MIN_PERIOD,
    maximum: timedelta | None = MAX_PERIOD,
) -> timedelta:
    """The effective period between two identical replies to one sender (R19).

    None gives the default, 7 days, or the minimum if that is larger; a value below the
    minimum is raised to it and one above the maximum lowered to it (RFC 5230 §4.1).
    """
    if minimum <= timedelta(0):
        raise ValueError("the minimum period must be above zero (RFC 5230 §4.1)")
    if maximum is not None and maximum <= timedelta(days=7):
        raise ValueError("a maximum period must be more than 7 days (RFC 5230 §4.1)")
    period = max(DEFAULT_PERIOD, minimum) if requested is None else max(requested, minimum)
    if maximum is not None:
        period = min(period, maximum)
    return period


def tracking_key(envelope_sender: str, response_identity: str) -> str:
    """The key under which a sent reply is remembered: the sender ignoring case (R20)
    plus the response's identity (R21), hashed so that no address is stored in it."""
    data = f"{envelope_sender.strip().lower()}\x00{response_identity}".encode()
    return hashlib.sha256(data).hexdigest()


def response_identity(
    *, handle: str | None = None, text: str = "", subject: str = "", from_address: str = ""
) -> str:
    """R21 / RFC 5230 §4.2: an explicit handle, else the template as written (before
    any variable is filled in), so that every client subject does not make a new one."""
    if handle:
        return f"handle:{handle}"
    data = "\x00".join((text, subject, from_address)).encode()
    return "template:" + hashlib.sha256(data).hexdigest()


def permanent_failures(raw: bytes | Message) -> list[str]:
    """Recipients an RFC 3464 delivery report says failed permanently (R25).

    Looks at every message/delivery-status part for per-recipient blocks with
    `Action: failed` or a 5.x.x `Status`, and returns their Final-Recipient addresses
    (lower-cased). The shell stops automatic mail to them for a while (Zammad: 60 days).
    Never raises; a report it cannot read gives an empty list.
    """
    try:
        msg = raw if isinstance(raw, Message) else BytesParser(policy=compat32).parsebytes(raw)
        found: list[str] = []
        for part in msg.walk():
            if part.get_content_type() != "message/delivery-status":
                continue
            for block in _status_blocks(part):
                action = keyword(block.get("action", ""))
                status = block.get("status", "").strip()
                if action != "failed" and not status.startswith("5"):
                    continue
                recipient = block.get("final-recipient") or block.get("original-recipient", "")
                _type, _, address = recipient.partition(";")
                address = address.strip().strip("<>").lower()
                if valid_address(address) and address not in found:
                    found.append(address)
        return found
    except Exception:
        return []


def _status_blocks(part: Message) -> list[dict[str, str]]:
    """The field blocks of a delivery-status body (RFC 3464 §2.1), names lower-cased."""
    payload = part.get_payload()
    texts: list[str] = []
    if isinstance(payload, list):  # the parser splits the blocks into sub-messages
        for sub in payload:
            if isinstance(sub, Message):
                texts.append("\n".join(f"{k}: {v}" for k, v in sub.raw_items()))
    else:
        body = part.get_payload(decode=True)
        text = decode_bytes(body)[0] if isinstance(body, bytes) else str(payload)
        texts = text.replace("\r\n", "\n").split("\n\n")
    blocks: list[dict[str, str]] = []
    for text in texts:
        block: dict[str, str] = {}
        for line in text.split("\n"):
            name, sep, value = line.partition(":")
            if sep and not line[:1].isspace():
                block.setdefault(name.strip().lower(), value.strip())
        blocks.append(block)
    return blocks

"""Client addresses and numbers as a developer's console may show them.

With DEBUG on, the console email and text backends print what would have been sent.
The words are the point of printing (an automatic reply quotes nothing a client wrote),
but whom it went to is client data: enough is kept to tell two recipients apart and no
more. Plain functions, no Django.
"""

from __future__ import annotations

import re
from email.utils import getaddresses

_HIDDEN = "*"  # ASCII: it stays readable in a mail header
_DIGIT = re.compile(r"\d")


def mask_email(address: str) -> str:
    """``jane.doe@example.com`` → ``j***@e***.com``: first letters and the top-level
    domain stay, so two test recipients are still told apart."""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return _HIDDEN * 3
    host, dot, top = domain.rpartition(".")
    shown_host = f"{host[:1]}{_HIDDEN * 3}{dot}{top}" if dot else f"{domain[:1]}{_HIDDEN * 3}"
    return f"{local[:1]}{_HIDDEN * 3}@{shown_host}"


def mask_phone(number: str) -> str:
    """``+12125550199`` → ``+1*******199``: the first digit and the last three stay."""
    digits = _DIGIT.findall(number)
    if len(digits) < 7:
        return _HIDDEN * len(number)
    keep_tail = 3
    lead = "+" if number.strip().startswith("+") else ""
    head = digits[:1] if lead else []
    hidden = len(digits) - len(head) - keep_tail
    return lead + "".join(head) + _HIDDEN * hidden + "".join(digits[-keep_tail:])


def mask_address_header(value: str) -> str:
    """An address header (To, Cc, Reply-To) with every address masked, names dropped
    (a display name is as identifying as the address)."""
    pairs = getaddresses([value])
    return ", ".join(mask_email(address) for _name, address in pairs if address)

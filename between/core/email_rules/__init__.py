"""Email automatic-reply rules: whether to answer, to whom, and with which headers.

Plain Python over the standard library's `email` package, no Django, database, clock or
network. The rules and their sources are in /work/shared/reference/autoreply-rules.md;
comments cite its rule numbers (R1-R32) and the RFC sections.

- `autoreply_verdict(raw, envelope_sender=..., our_addresses=...)` -> `Verdict`
- `reply_headers(original, from_address=..., to=..., subject=..., message_id_domain=...)`
- send every reply with `REPLY_ENVELOPE_SENDER` (the null sender, MAIL FROM:<>)
- `reply_period`, `tracking_key`, `response_identity`: the once-per-period rules
- `permanent_failures(raw)`: addresses a bounce says are gone
- `read_headers(raw)` / `addresses.parse_mailboxes(value)`: the defensive readers the
  rules use, for the shell to read the same headers the same way
"""

from between.core.email_rules.headers import HeaderBlock, RawHeader, read_headers
from between.core.email_rules.limits import (
    DEFAULT_PERIOD,
    MAX_PERIOD,
    MIN_PERIOD,
    MIN_TRACKED_RESPONSES,
    permanent_failures,
    reply_period,
    response_identity,
    tracking_key,
)
from between.core.email_rules.reply import (
    AUTO_SUBMITTED,
    REPLY_DSN_NOTIFY,
    REPLY_ENVELOPE_SENDER,
    auto_subject,
    new_message_id,
    reply_envelope_sender,
    reply_headers,
)
from between.core.email_rules.verdict import (
    DEFAULT_LOOP_MARKER,
    ReplyKind,
    Verdict,
    autoreply_verdict,
    normalise_envelope_sender,
)

__all__ = [
    "AUTO_SUBMITTED",
    "DEFAULT_LOOP_MARKER",
    "DEFAULT_PERIOD",
    "MAX_PERIOD",
    "MIN_PERIOD",
    "MIN_TRACKED_RESPONSES",
    "REPLY_DSN_NOTIFY",
    "REPLY_ENVELOPE_SENDER",
    "HeaderBlock",
    "RawHeader",
    "ReplyKind",
    "Verdict",
    "auto_subject",
    "autoreply_verdict",
    "new_message_id",
    "normalise_envelope_sender",
    "permanent_failures",
    "read_headers",
    "reply_envelope_sender",
    "reply_headers",
    "reply_period",
    "response_identity",
    "tracking_key",
]

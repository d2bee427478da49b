"""Who is paged about a crisis, in order, when nobody acknowledges.

The first person is the one ``decide()`` names (the clinician in office hours, the
covering colleague during an absence, the on-call clinician or after-hours contact
otherwise). After them come the others the policy lists as able to help at that
moment; the shell adds the practice owner last. A person appears once, whichever list
they are on.
"""

from __future__ import annotations

from datetime import datetime

from between.core.calendar import BusinessCalendar
from between.core.pipeline.values import Alert, Audience
from between.core.policy.schema import Contact, Policy


def _alert(audience: Audience, contact: Contact) -> Alert:
    return Alert("crisis_page", audience, contact.name, contact.phone, contact.email)


def escalation_chain(
    policy: Policy, calendar: BusinessCalendar, at: datetime, first: Alert
) -> tuple[Alert, ...]:
    chain: list[Alert] = [first]
    absence = calendar.absence_at(at)
    covering = getattr(absence, "covering", None) if absence is not None else None
    for contact in policy.coverage:
        if contact.name == covering:
            chain.append(_alert(Audience.covering, contact))
    on_call = calendar.on_call_at(at)
    if on_call is not None:
        chain.append(_alert(Audience.on_call, on_call))
    if policy.emergency.after_hours is not None:
        chain.append(_alert(Audience.after_hours, policy.emergency.after_hours))
    if policy.emergency.on_call is not None:
        chain.extend(_alert(Audience.on_call, c) for c in policy.emergency.on_call.rotation)
    if absence is not None:
        chain.extend(_alert(Audience.covering, c) for c in policy.coverage)
    return _distinct(chain)


def _distinct(chain: list[Alert]) -> tuple[Alert, ...]:
    seen: set[str] = set()
    kept: list[Alert] = []
    for alert in chain:
        keys = {k for k in (alert.phone, alert.email, alert.name) if k}
        key_norm = {"".join(ch for ch in k if ch.isalnum()).lower() for k in keys}
        if key_norm & seen:
            continue
        seen |= key_norm
        kept.append(alert)
    return tuple(kept)

"""Every automatic message Between sends, rendered from the policy and nothing else.

This is the one reviewed place for client-facing automatic wording, crisis wording
included. Messages are built only from the policy (names, numbers, dates): never from
the client's message, name or record, so an automatic reply read by someone else over a
shared phone or inbox reveals nothing (R3). Each one names the emergency number and a
crisis line (R4); email and text versions say the channel is not secure and name the
secure one.

Text messages must fit in two SMS segments, so each is built from a list of variants,
fullest first, and the first that fits is used; the shortest variant still carries the
emergency number, a crisis line and the not-secure notice.

Strings pass through ``_`` (a gettext function supplied by the caller) so the shell can
translate them; the default leaves them as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from between.core.i18n import day_and_date, day_date_time, gettext_noop
from between.core.policy.schema import Policy
from between.core.privacy_lint import sms_segments

Translate = Callable[[str], str]
SMS_MAX_SEGMENTS = 2


def _identity(text: str) -> str:
    return text


class ReplyKind(StrEnum):
    crisis = "crisis"
    redirect = "redirect"
    out_of_office = "out_of_office"
    acknowledgement = "acknowledgement"
    after_hours = "after_hours"
    unknown_sender = "unknown_sender"


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


@dataclass(frozen=True)
class Context:
    """What a message may say beyond the policy itself: times and dates, never content."""

    channel: str  # email | sms | portal
    due_at: datetime | None = None
    absence_start: date | None = None
    absence_end: date | None = None
    return_date: date | None = None
    covering: str | None = None
    redirect_to: str | None = None  # the channel name to use instead
    need: str | None = None  # admin | clinical, for redirects
    client_known: bool = True  # False: no secure channel is named (they may have no account)


# -- pieces -------------------------------------------------------------------------


def practice_name(policy: Policy) -> str:
    return policy.practice.name


def secure_channel(policy: Policy, _: Translate = _identity) -> tuple[str, str] | None:
    """(channel key, how clients know it) of the first secure, enabled channel."""
    for name, channel in policy.channels.items():
        if channel.enabled and channel.secure:
            return name, channel.name or _(CHANNEL_LABELS.get(name, name))
    return None


CHANNEL_LABELS = {
    "portal": gettext_noop("the secure client portal"),
    "email": gettext_noop("email"),
    "sms": gettext_noop("text message"),
    "phone": gettext_noop("phone"),
    "app": gettext_noop("the secure app"),
}


def channel_how(policy: Policy, name: str, _: Translate = _identity) -> str:
    """How to reach the practice on a channel: "the secure client portal", "email at x"."""
    channel = policy.channel(name)
    label = _(CHANNEL_LABELS.get(name, name))
    if channel is None:
        return label
    if channel.name:
        label = channel.name
    if name == "email" and channel.address:
        return _("email at {address}").format(address=channel.address)
    if name in ("sms", "phone") and channel.number:
        verb = _("text") if name == "sms" else _("call")
        return f"{verb} {channel.number}"
    return label


def emergency_line(policy: Policy, _: Translate = _identity) -> str:
    number = policy.emergency.number or "911"
    return _("If you are in danger or this is an emergency, call {number} now.").format(
        number=number
    )


def crisis_lines(policy: Policy, _: Translate = _identity, *, first_only: bool = False) -> str:
    lines = policy.emergency.crisis_lines[:1] if first_only else policy.emergency.crisis_lines
    return " ".join(
        _("{name}: {contact}.").format(name=line.name, contact=line.contact) for line in lines
    )


def after_hours_line(policy: Policy, _: Translate = _identity) -> str:
    contact = policy.emergency.after_hours
    if contact is None or not contact.phone:
        return ""
    return _("After hours, urgent calls go to {name} at {phone}.").format(
        name=contact.name, phone=contact.phone
    )


def insecure_notice(policy: Policy, channel: str, _: Translate = _identity) -> str:
    if channel not in ("email", "sms"):
        return ""
    secure = secure_channel(policy, _)
    # Whole sentences per channel, so each language can get its grammar right.
    if channel == "email":
        if secure is None:
            return _("Email is not secure: please do not send private details this way.")
        return _(
            "Email is not secure: please do not send private details this way; use {secure}."
        ).format(secure=secure[1])
    if secure is None:
        return _("Text messages are not secure: please do not send private details this way.")
    return _(
        "Text messages are not secure: please do not send private details this way; use {secure}."
    ).format(secure=secure[1])


def crisis_privacy_note(
    policy: Policy, channel: str, _: Translate = _identity, *, client_known: bool = True
) -> str:
    """The not-secure notice for someone who may be in crisis: it still says the channel
    is not secure and names the secure one (R4), but as an offer, never as a rebuke.
    Someone we cannot match may have no account there, so they are offered a talk."""
    if channel not in ("email", "sms"):
        return ""
    secure = secure_channel(policy, _) if client_known else None
    if channel == "email":
        if secure is None:
            return _("Email is not secure, so we can talk about details by phone or in person.")
        return _(
            "Email is not secure, so {secure} is a safer place for details when you are ready."
        ).format(secure=secure[1])
    if secure is None:
        return _("Texts are not secure, so we can talk about details by phone or in person.")
    return _("Texts are not secure; {secure} is safer for details.").format(secure=secure[1])


def covering_line(policy: Policy, ctx: Context, _: Translate = _identity) -> str:
    """Who covers an absence, with the contact the policy lists for them. A colleague
    chosen on the Absences page but not listed in the policy is still named: their
    private numbers are never given out, so no contact is added."""
    if not ctx.covering:
        return ""
    cover = next((c for c in policy.coverage if c.name == ctx.covering), None)
    how = " ".join(x for x in (cover.phone, cover.email) if x) if cover else ""
    if how:
        return _("While I am away, {name} is covering: {how}.").format(name=ctx.covering, how=how)
    return _("While I am away, {name} is covering for me.").format(name=ctx.covering)


def unknown_sender_notice(channel: str, _: Translate = _identity) -> str:
    """The not-secure notice for someone we cannot match: they may have no portal account,
    so it points to no channel they cannot use."""
    if channel == "email":
        return _("Email is not secure, so please keep personal details out of it.")
    if channel == "sms":
        return _("Texts are not secure, so please keep personal details out of them.")
    return ""


def _date(value: date | None, _: Translate = _identity) -> str:
    return day_and_date(value, _) if value else ""


def _when(value: datetime | None, _: Translate = _identity) -> str:
    return day_date_time(value, _) if value else ""


def _sms_safety(policy: Policy, _: Translate) -> tuple[str, str, str]:
    """What every text must carry, in its shortest form: the emergency number, the first
    crisis line, and that texts are not secure."""
    return (
        emergency_line(policy, _),
        crisis_lines(policy, _, first_only=True),
        insecure_notice(policy, "sms", _),
    )


def _safety_paragraph(policy: Policy, _: Translate) -> str:
    """The emergency number, every crisis line and the after-hours contact (R4, R19)."""
    return _join(emergency_line(policy, _), crisis_lines(policy, _), after_hours_line(policy, _))


def _email_body(policy: Policy, channel: str, _: Translate, lead: str) -> str:
    """The lead paragraph, then the safety paragraph and the not-secure notice."""
    parts = [lead, _safety_paragraph(policy, _), insecure_notice(policy, channel, _)]
    return "\n\n".join(p for p in parts if p)


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def _fit_sms(variants: list[str]) -> str:
    for text in variants:
        if sms_segments(text) <= SMS_MAX_SEGMENTS:
            return text
    return variants[-1]


# -- the messages -------------------------------------------------------------------


def crisis(policy: Policy, ctx: Context, _: Translate = _identity) -> Text:
    """The crisis reply (R4, R19). Sent at any hour, on the channel the message came in."""
    name = practice_name(policy)
    subject = _("Automatic reply from {practice}: if you need help now").format(practice=name)
    if ctx.channel == "sms":
        short_lines = crisis_lines(policy, _, first_only=True)
        return Text(
            subject,
            _fit_sms(
                [
                    _join(
                        _("Thank you for reaching out. Your message was received."),
                        emergency_line(policy, _),
                        crisis_lines(policy, _),
                        after_hours_line(policy, _),
                        crisis_privacy_note(policy, "sms", _, client_known=ctx.client_known),
                    ),
                    _join(
                        emergency_line(policy, _),
                        short_lines,
                        after_hours_line(policy, _),
                        crisis_privacy_note(policy, "sms", _, client_known=ctx.client_known),
                    ),
                    _join(
                        emergency_line(policy, _),
                        short_lines,
                        crisis_privacy_note(policy, "sms", _, client_known=ctx.client_known),
                    ),
                ]
            ),
        )
    body = "\n\n".join(
        p
        for p in [
            _("Thank you for reaching out to {practice}.").format(practice=name),
            emergency_line(policy, _),
            crisis_lines(policy, _),
            after_hours_line(policy, _),
            _(
                "Messages are not watched around the clock, so please do not wait for a "
                "reply here if you need help now. You deserve support right away."
            ),
            crisis_privacy_note(policy, ctx.channel, _, client_known=ctx.client_known),
        ]
        if p
    )
    return Text(subject, body)


def acknowledgement(policy: Policy, ctx: Context, _: Translate = _identity) -> Text:
    return _routine(policy, ctx, _, after_hours=False)


def after_hours(policy: Policy, ctx: Context, _: Translate = _identity) -> Text:
    return _routine(policy, ctx, _, after_hours=True)


def _routine(policy: Policy, ctx: Context, _: Translate, *, after_hours: bool) -> Text:
    name = practice_name(policy)
    opening = (
        _("Your message to {practice} arrived outside office hours.")
        if after_hours
        else _("Your message to {practice} was received.")
    ).format(practice=name)
    due = (
        _("You can expect a reply by {when}.").format(when=_when(ctx.due_at, _))
        if ctx.due_at
        else ""
    )
    sooner = (
        _("I may reply sooner, but please don't count on it.")
        if policy.turnaround.say_sooner_possible
        else ""
    )
    subject = _("Automatic reply from {practice}").format(practice=name)
    if ctx.channel == "sms":
        return Text(
            subject,
            _fit_sms(
                [
                    _join(
                        opening,
                        due,
                        *_sms_safety(policy, _),
                    ),
                    _join(
                        _("Message received."),
                        due,
                        *_sms_safety(policy, _),
                    ),
                ]
            ),
        )
    return Text(subject, _email_body(policy, ctx.channel, _, _join(opening, due, sooner)))


def out_of_office(policy: Policy, ctx: Context, _: Translate = _identity) -> Text:
    """R1-R4: warm, dated, with cover, emergency contacts, crisis lines and resources."""
    name = practice_name(policy)
    subject = _("Out of office: {practice}").format(practice=name)
    away = _("Thank you for your message. I am away from {start} to {end}.").format(
        start=_date(ctx.absence_start, _), end=_date(ctx.absence_end, _)
    )
    back = (
        _("I will reply after I return on {day}.").format(day=_date(ctx.return_date, _))
        if ctx.return_date
        else ""
    )
    if ctx.due_at:
        back = _("I will reply by {when}.").format(when=_when(ctx.due_at, _))
    cover_line = covering_line(policy, ctx, _)
    if ctx.channel == "sms":
        return Text(
            subject,
            _fit_sms(
                [
                    _join(
                        away,
                        back,
                        cover_line,
                        *_sms_safety(policy, _),
                    ),
                    _join(
                        _("I am away until {day}.").format(day=_date(ctx.return_date, _)),
                        cover_line,
                        *_sms_safety(policy, _),
                    ),
                    _join(
                        _("I am away until {day}.").format(day=_date(ctx.return_date, _)),
                        *_sms_safety(policy, _),
                    ),
                ]
            ),
        )
    resources = "\n".join(
        f"- {r.name}" + (f": {r.url or r.contact}" if (r.url or r.contact) else "")
        for r in policy.resources
    )
    body = "\n\n".join(
        p
        for p in [
            _join(away, back),
            cover_line,
            _safety_paragraph(policy, _),
            (_("Resources you may find helpful meanwhile:") + "\n" + resources)
            if resources
            else "",
            _("Take good care of yourself. I look forward to being in touch when I am back."),
            insecure_notice(policy, ctx.channel, _),
        ]
        if p
    )
    return Text(subject, body)


def redirect(policy: Policy, ctx: Context, _: Translate = _identity) -> Text:
    """R10: a polite pointer to the right channel, never repeating the message."""
    name = practice_name(policy)
    subject = _("Automatic reply from {practice}: how to reach me").format(practice=name)
    target = channel_how(policy, ctx.redirect_to, _) if ctx.redirect_to else ""
    if ctx.need == "clinical":
        ask = _("For anything about how you are doing, please use {target}.")
    elif ctx.need == "admin":
        ask = _("For scheduling and other practical questions, please use {target}.")
    else:
        ask = _("Please use {target} to reach me.")
    ask = ask.format(target=target) if target else ""
    lead = _("This way of reaching {practice} is not used for this kind of message.").format(
        practice=name
    )
    away = _away_notice(policy, ctx, _)
    if ctx.channel == "sms":
        short_away = (
            _("I am away until {day}.").format(day=_date(ctx.return_date, _))
            if ctx.return_date
            else ""
        )
        short_cover = (
            _("{name} is covering.").format(name=ctx.covering) if ctx.covering and away else ""
        )
        return Text(
            subject,
            _fit_sms(
                [
                    _join(
                        lead,
                        ask,
                        away,
                        *_sms_safety(policy, _),
                    ),
                    _join(
                        ask or lead,
                        short_away,
                        short_cover,
                        *_sms_safety(policy, _),
                    ),
                    # The not-secure notice already names the secure channel, so the
                    # absence is worth more than repeating where to write.
                    _join(short_away, short_cover, *_sms_safety(policy, _)),
                    _join(short_away, *_sms_safety(policy, _)),
                    _join(
                        ask or lead,
                        *_sms_safety(policy, _),
                    ),
                ]
            ),
        )
    body = _email_body(policy, ctx.channel, _, _join(lead, ask))
    if away:
        lead_paragraph, _sep, rest = body.partition("\n\n")
        body = "\n\n".join(p for p in (lead_paragraph, away, rest) if p)
    return Text(subject, body)


def _away_notice(policy: Policy, ctx: Context, _: Translate) -> str:
    """A redirect sent during an absence says so: the dates, the return and the cover."""
    if ctx.absence_start is None or ctx.absence_end is None:
        return ""
    away = _("I am away from {start} to {end}.").format(
        start=_date(ctx.absence_start, _), end=_date(ctx.absence_end, _)
    )
    back = (
        _("I will reply after I return on {day}.").format(day=_date(ctx.return_date, _))
        if ctx.return_date
        else ""
    )
    return _join(away, back, covering_line(policy, ctx, _))


def unknown_sender(policy: Policy, ctx: Context, _: Translate = _identity) -> Text:
    """For a sender we cannot match: confirms nothing about who is or is not a client."""
    name = practice_name(policy)
    subject = _("Automatic reply from {practice}").format(practice=name)
    ways = [
        channel_how(policy, n, _)
        for n, c in policy.channels.items()
        if c.enabled and n in ("phone", "email")
    ]
    reach = (
        _("To reach the practice, please use {ways}.").format(ways=_(" or ").join(ways))
        if ways
        else ""
    )
    lead = _("Thank you for contacting {practice}. This is an automatic reply.").format(
        practice=name
    )
    if ctx.channel == "sms":
        return Text(
            subject,
            _fit_sms(
                [
                    _join(
                        lead,
                        reach,
                        emergency_line(policy, _),
                        crisis_lines(policy, _, first_only=True),
                        unknown_sender_notice("sms", _),
                    ),
                    _join(
                        lead,
                        emergency_line(policy, _),
                        crisis_lines(policy, _, first_only=True),
                        unknown_sender_notice("sms", _),
                    ),
                ]
            ),
        )
    parts = [
        _join(lead, reach),
        _safety_paragraph(policy, _),
        unknown_sender_notice(ctx.channel, _),
    ]
    return Text(subject, "\n\n".join(p for p in parts if p))


RENDERERS: dict[ReplyKind, Callable[[Policy, Context, Translate], Text]] = {
    ReplyKind.crisis: crisis,
    ReplyKind.redirect: redirect,
    ReplyKind.out_of_office: out_of_office,
    ReplyKind.acknowledgement: acknowledgement,
    ReplyKind.after_hours: after_hours,
    ReplyKind.unknown_sender: unknown_sender,
}


def render(kind: ReplyKind, policy: Policy, ctx: Context, _: Translate = _identity) -> Text:
    return RENDERERS[kind](policy, ctx, _)

"""The practical sections: how to reach me, which way to use, replies, calls, hours.

Every string passes through ``_``; see ``policy_document.py`` for the rules they follow.
"""

from __future__ import annotations

from between.core.documents.model import (
    Block,
    Bullets,
    Line,
    Section,
    Subheading,
    compose,
    para,
)
from between.core.documents.words import (
    NOT_USED,
    channel_in_sentence,
    channel_title,
    email_link,
    join_and,
    join_or,
    phone_link,
    sentence,
    web_link,
    week_lines,
    zone_city,
)
from between.core.i18n import Translate, describe_duration, full_date
from between.core.pipeline.voice_greeting import (
    call_return_sentences,
    describe_week,
    line_purpose_sentence,
)
from between.core.policy.schema import Channel, Duration, Need, Policy


def enabled_channels(policy: Policy) -> list[tuple[str, Channel]]:
    return [(n, c) for n, c in policy.channels.items() if c.enabled]


def channels_for(policy: Policy, need: Need) -> list[tuple[str, Channel]]:
    return [(n, c) for n, c in enabled_channels(policy) if need in c.needs]


def emergency_call(policy: Policy, _: Translate) -> str:
    number = policy.emergency.number
    if number:
        return _("If you are in danger or this is an emergency, call {number} now.").format(
            number=number
        )
    return _("If you are in danger or this is an emergency, call your local emergency number now.")


# -- how to reach me ------------------------------------------------------------------


def contact_section(policy: Policy, _: Translate) -> Section | None:
    blocks: list[Block] = []
    for name, channel in enabled_channels(policy):
        blocks.append(Subheading(channel_title(name, channel, _)))
        blocks.append(Bullets(tuple(_channel_lines(name, channel, _))))
    unused = [(n, c) for n, c in policy.channels.items() if not c.enabled]
    if unused:
        blocks.append(Subheading(_("Ways I do not use")))
        lines: list[Line] = [(_(NOT_USED[name]),) for name, _c in unused]
        blocks.append(Bullets(tuple(lines)))
        blocks.append(
            para(
                _(
                    "If you use one of these anyway, you will get a short automatic reply "
                    "that tells you the right way to reach me."
                )
            )
        )
    if not blocks:
        return None
    intro = para(_("Here are the ways you can reach me between sessions."))
    return Section("contact", _("How to reach me"), (intro, *blocks))


def _channel_lines(name: str, channel: Channel, _: Translate) -> list[Line]:
    lines: list[Line] = []
    if name == "email" and channel.address:
        lines.append(compose(_("Email address: {address}"), address=email_link(channel.address)))
    elif channel.address:
        lines.append(compose(_("Address: {address}"), address=web_link(channel.address)))
    if channel.number:
        template = _("Text: {number}") if name == "sms" else _("Number: {number}")
        lines.append(compose(template, number=phone_link(channel.number)))
    if channel.username:
        lines.append((_("My username: {username}").format(username=channel.username),))
    needs = set(channel.needs)
    if needs == {Need.admin}:
        lines.append((_("For scheduling and other practical questions only."),))
    elif needs == {Need.clinical}:
        lines.append((_("For check-ins, homework and journaling between sessions."),))
    elif needs:
        lines.append((_("For scheduling, and for check-ins, homework and journaling."),))
    if channel.hours is not None and not channel.hours.is_empty():
        lines.append(
            (
                sentence(
                    _("Answered at these times: {hours}").format(
                        hours=describe_week(channel.hours, _)
                    )
                ),
            )
        )
    if channel.turnaround is not None:
        template = (
            _("Replies within {time}, counting only the times above.")
            if channel.hours is not None
            else _("Replies within {time}.")
        )
        lines.append((template.format(time=_reply_time(channel.turnaround, _)),))
    if channel.answered.value == "live":
        lines.append((_("A person answers right away."),))
    if channel.secure is True:
        lines.append((_("Secure: the right place for private matters."),))
    elif channel.secure is False:
        lines.append((_("Not secure: please do not send private details this way."),))
    if channel.setup:
        lines.append((_("How to set it up: {steps}").format(steps=sentence(channel.setup)),))
    return lines


def which_section(policy: Policy, _: Translate) -> Section:
    def ways(need: Need) -> str:
        return join_or([channel_in_sentence(n, c, _) for n, c in channels_for(policy, need)], _)

    items: list[Line] = []
    admin, clinical = ways(Need.admin), ways(Need.clinical)
    if admin:
        items.append((_("Scheduling, cancelling and billing: {ways}.").format(ways=admin),))
    if clinical:
        items.append((_("Check-ins, homework and journaling: {ways}.").format(ways=clinical),))
    else:
        items.append(
            (_("Check-ins, homework and journaling: please bring them to our next session."),)
        )
    number = policy.emergency.number
    crisis = (
        _("A crisis or emergency: call {number} now. See “{section}” below.")
        if number
        else _(
            "A crisis or emergency: call your local emergency number now. See “{section}” below."
        )
    )
    items.append((crisis.format(number=number, section=_("In an emergency")),))
    return Section("which", _("Which way to use"), (Bullets(tuple(items)),))


# -- replies, calls, hours ------------------------------------------------------------------


def _reply_time(duration: Duration, _: Translate) -> str:
    if duration.kind == "hours":
        n = duration.amount
        text = _("{n} hour") if n == 1 else _("{n} hours")
        return text.format(n=f"{n:g}")
    return describe_duration(duration, _)


def replies_section(policy: Policy, _: Translate) -> Section:
    turnaround = policy.turnaround
    blocks: list[Block] = [
        para(_("I reply to messages within {time}.").format(time=_reply_time(turnaround, _)))
    ]
    holidays = policy.holidays.country is not None
    if turnaround.kind == "business_hours":
        blocks.append(para(_("Business hours are the hours my office is open.")))
    elif holidays:
        blocks.append(
            para(
                _(
                    "Only days when my office is open count. Days with no office hours, "
                    "public holidays and my time away do not."
                )
            )
        )
    else:
        blocks.append(
            para(
                _(
                    "Only days when my office is open count. Days with no office hours "
                    "and my time away do not."
                )
            )
        )
    if turnaround.say_sooner_possible:
        blocks.append(para(_("I may reply sooner, but please don't count on it.")))
    acknowledge = policy.auto_replies.acknowledge.value
    if acknowledge == "always":
        blocks.append(
            para(
                _(
                    "When you send a message, you will get a short automatic reply, so you "
                    "know it arrived."
                )
            )
        )
    elif acknowledge == "after_hours":
        blocks.append(
            para(
                _(
                    "If you write when my office is closed, you will get a short automatic "
                    "reply, so you know it arrived."
                )
            )
        )
    return Section("replies", _("When you can expect a reply"), tuple(blocks))


def calls_section(policy: Policy, _: Translate) -> Section | None:
    phone = policy.channel("phone")
    calls = policy.calls
    if calls is None and (phone is None or not phone.enabled):
        return None
    blocks: list[Block] = []
    purpose = line_purpose_sentence(policy, _)
    if purpose:
        blocks.append(para(purpose))
    if calls is None:
        blocks.append(para(_("I return calls within my usual reply time, given above.")))
    else:
        sentences = call_return_sentences(policy, _)
        blocks.append(para(sentences[0]))
        if calls.voicemail_required:
            blocks.append(
                para(
                    " ".join(sentences[1:]),
                    " ",
                    _(
                        "So please leave a voicemail with your name, your number and a good "
                        "time to call you back."
                    ),
                )
            )
        else:
            blocks.append(
                para(_("If I miss your call, I will call you back, even if you leave no message."))
            )
    blocks.append(
        para(
            _(
                "Voicemail is not checked around the clock. Never leave a message about an "
                "emergency."
            )
        )
    )
    return Section("calls", _("Phone calls and voicemail"), tuple(blocks))


def office_hours_section(policy: Policy, _: Translate) -> Section:
    lines: list[Line] = [(line,) for line in week_lines(policy.office_hours, _)]
    blocks: list[Block] = [Bullets(tuple(lines))]
    blocks.append(
        para(_("All times are local time in {city}.").format(city=zone_city(policy.timezone)))
    )
    closed: list[str] = []
    if policy.holidays.country is not None:
        closed.append(_("The office is closed on public holidays."))
    extra = sorted(policy.holidays.extra_closures)
    if extra:
        closed.append(
            _("It is also closed on {dates}.").format(
                dates=join_and([full_date(d, _) for d in extra], _)
            )
        )
    if closed:
        blocks.append(para(" ".join(closed)))
    return Section("hours", _("Office hours"), tuple(blocks))

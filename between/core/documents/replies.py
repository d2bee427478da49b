"""A preview of every automatic message a policy can send, as a client would get it.

The texts come from ``between.core.pipeline.texts`` (the one place their wording lives),
rendered with representative contexts built the way ``decide()`` builds real ones:
due times from the policy's own calendar, the first absence in the file (or an example
week away), the channel to redirect to chosen as the pipeline chooses it. Each preview
carries its privacy-lint problems (normally none) and, for texts, its SMS segments.

Which messages: on a channel the policy offers, every kind it can send there; on a
channel the policy lists as not used ("I do not text"), only what still goes out over
it: the crisis reply, the generic reply to an unknown sender and the redirect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from between.core.calendar import BusinessCalendar
from between.core.calendar.values import Absence
from between.core.i18n import Translate, identity
from between.core.pipeline.texts import Context, ReplyKind, render, secure_channel
from between.core.policy.schema import Policy
from between.core.privacy_lint import lint, sms_segments

PREVIEW_CHANNELS = ("email", "sms")
# A Monday: previews are examples, so they must not change with the day they are made.
EXAMPLE_DAY = date(2027, 3, 1)


@dataclass(frozen=True)
class Preview:
    """One automatic message. `segments` is the SMS segment count (0 for email);
    `situation` says when it is sent (English, for the therapist); `problems` are the
    privacy lint's findings, empty when the message may go out."""

    kind: str
    channel: str
    subject: str
    body: str
    segments: int
    situation: str = ""
    problems: tuple[str, ...] = ()


def render_replies_preview(
    policy: Policy, translate: Translate = identity, *, at: datetime | None = None
) -> list[Preview]:
    """Every automatic message of `policy`, email versions then text versions.

    `at` is the example moment a message arrives (default: 10:00 on Monday
    2027-03-01 in the policy's time zone, moved to the next opening if closed).
    """
    zone = ZoneInfo(policy.timezone)
    calendar = BusinessCalendar(policy)
    start = at or datetime.combine(EXAMPLE_DAY, time(10, 0), zone)
    in_hours = calendar.next_open(start) or start
    after_hours = datetime.combine(in_hours.date(), time(23, 30), zone)
    previews: list[Preview] = []
    for channel in PREVIEW_CHANNELS:
        found = policy.channel(channel)
        if found is None:
            continue
        offered = found.enabled
        due_channel = channel if offered else "message"
        contexts: list[tuple[ReplyKind, Context, str]] = [
            (
                ReplyKind.crisis,
                Context(channel=channel),
                "a message that may come from someone in crisis, at any hour, on any day",
            ),
        ]
        if offered:
            ack = policy.auto_replies.acknowledge.value
            if ack == "always":
                due = calendar.due_at(in_hours, channel=due_channel).due_at
                contexts.append(
                    (
                        ReplyKind.acknowledgement,
                        Context(channel=channel, due_at=due),
                        "a message during office hours",
                    )
                )
            if ack in ("always", "after_hours"):
                due = calendar.due_at(after_hours, channel=due_channel).due_at
                contexts.append(
                    (
                        ReplyKind.after_hours,
                        Context(channel=channel, due_at=due),
                        "a message outside office hours",
                    )
                )
            contexts.append(_out_of_office(policy, channel, in_hours))
        contexts.extend(_redirects(policy, channel))
        contexts.append(
            (
                ReplyKind.unknown_sender,
                Context(channel=channel, client_known=False),
                "a message from someone Between cannot match to a client",
            )
        )
        previews.extend(_preview(policy, kind, ctx, why, translate) for kind, ctx, why in contexts)
    return previews


def _out_of_office(
    policy: Policy, channel: str, example: datetime
) -> tuple[ReplyKind, Context, str]:
    zone = ZoneInfo(policy.timezone)
    if policy.absences:
        first = min(policy.absences, key=lambda a: a.start)
        absence = Absence(first.start, first.end, first.covering)
        extra: tuple[Absence, ...] = ()
        why = "a message during your time away (the first absence in the policy)"
    else:
        begin = example.date() + timedelta(days=14 - example.weekday())
        covering = policy.coverage[0].name if policy.coverage else None
        absence = Absence(begin, begin + timedelta(days=4), covering)
        extra = (absence,)
        why = "a message during time away (an example week; add absences in the app)"
    calendar = BusinessCalendar(policy, absences=extra)
    arrived = datetime.combine(absence.start, time(10, 0), zone)
    found = policy.channel(channel)
    due_channel = channel if found is not None and found.enabled else "message"
    back = calendar.next_open(datetime.combine(absence.end + timedelta(days=1), time(), zone))
    return (
        ReplyKind.out_of_office,
        Context(
            channel=channel,
            due_at=calendar.due_at(arrived, channel=due_channel).due_at,
            absence_start=absence.start,
            absence_end=absence.end,
            return_date=back.date() if back else None,
            covering=absence.covering,
        ),
        why,
    )


def _redirect_target(policy: Policy, channel: str, need: str | None) -> str | None:
    """As ``decide()`` chooses it, without a client: offered for the need, secure first."""
    candidates = [
        (name, c)
        for name, c in policy.channels.items()
        if c.enabled and name != channel and (need is None or need in c.needs)
    ]
    candidates.sort(key=lambda nc: not nc[1].secure)
    return candidates[0][0] if candidates else None


def _redirects(policy: Policy, channel: str) -> list[tuple[ReplyKind, Context, str]]:
    found = policy.channel(channel)
    if found is None or not found.enabled:
        target = _redirect_target(policy, channel, None)
        why = f"any message by {channel}, which the policy does not use"
        return [(ReplyKind.redirect, Context(channel=channel, redirect_to=target), why)]
    out: list[tuple[ReplyKind, Context, str]] = []
    for need, what in (("admin", "scheduling"), ("clinical", "a clinical")):
        if need in found.needs:
            continue
        target = _redirect_target(policy, channel, need)
        why = f"{what} message by {channel}, which is not for {need} messages"
        out.append(
            (ReplyKind.redirect, Context(channel=channel, redirect_to=target, need=need), why)
        )
    return out


def _preview(
    policy: Policy, kind: ReplyKind, ctx: Context, why: str, translate: Translate
) -> Preview:
    text = render(kind, policy, ctx, translate)
    secure = secure_channel(policy, translate) if ctx.client_known else None
    phrases = [r.name for r in policy.resources] + [c.name for c in policy.coverage]
    phrases += [policy.practice.name, policy.clinician.name]
    if policy.emergency.after_hours is not None:
        phrases.append(policy.emergency.after_hours.name)
    problems = lint(
        text.body,
        channel="sms" if ctx.channel == "sms" else "email",
        emergency_number=policy.emergency.number,
        crisis_line_names=[line.name for line in policy.emergency.crisis_lines],
        secure_channel_name=secure[1] if secure else None,
        allowed_phrases=phrases,
    )
    return Preview(
        kind=kind.value,
        channel=ctx.channel,
        subject=text.subject,
        body=text.body,
        segments=sms_segments(text.body) if ctx.channel == "sms" else 0,
        situation=why,
        problems=tuple(p.message for p in problems),
    )

"""Every automatic message of every example policy passes the privacy lint and fits."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from between.core.pipeline.texts import Context, ReplyKind, render, secure_channel
from between.core.policy import load_policy_file
from between.core.privacy_lint import lint, sms_segments

EXAMPLES = sorted((Path(__file__).resolve().parents[4] / "examples" / "policies").glob("*.yaml"))
DUE = datetime(2027, 3, 2, 17, 0, tzinfo=ZoneInfo("America/New_York"))


def contexts(channel):
    yield ReplyKind.crisis, Context(channel=channel)
    yield ReplyKind.acknowledgement, Context(channel=channel, due_at=DUE)
    yield ReplyKind.after_hours, Context(channel=channel, due_at=DUE)
    yield ReplyKind.unknown_sender, Context(channel=channel, client_known=False)
    for target, need in (("portal", "clinical"), ("phone", "admin"), (None, None)):
        yield ReplyKind.redirect, Context(channel=channel, redirect_to=target, need=need)
    yield (
        ReplyKind.redirect,
        Context(
            channel=channel,
            redirect_to="portal",
            need="clinical",
            absence_start=date(2027, 2, 22),
            absence_end=date(2027, 2, 26),
            return_date=date(2027, 3, 1),
            covering="Sam Lee, PhD",
        ),
    )
    yield (
        ReplyKind.out_of_office,
        Context(
            channel=channel,
            due_at=DUE,
            absence_start=date(2027, 2, 22),
            absence_end=date(2027, 2, 26),
            return_date=date(2027, 3, 1),
            covering="Sam Lee, PhD",
        ),
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("channel", ["email", "sms", "portal"])
def test_every_automatic_message_is_private_safe_and_short_enough(path, channel):
    policy = load_policy_file(str(path)).policy
    secure = secure_channel(policy)
    phrases = [r.name for r in policy.resources] + [c.name for c in policy.coverage]
    phrases += [line.name for line in policy.emergency.crisis_lines]
    phrases += [policy.practice.name, policy.clinician.name]
    for kind, ctx in contexts(channel):
        text = render(kind, policy, ctx)
        problems = lint(
            text.body,
            client_names=("Maya Thornton",),
            client_words="I had a panic attack at work and my Zoloft dose feels wrong",
            channel=channel,
            emergency_number=policy.emergency.number,
            crisis_line_names=[line.name for line in policy.emergency.crisis_lines],
            secure_channel_name=secure[1] if secure and ctx.client_known else None,
            allowed_phrases=[*phrases, "Sam Lee, PhD"],
        )
        assert problems == [], (kind, [p.message for p in problems])
        assert "{" not in text.body and "}" not in text.body
        if channel == "sms":
            assert sms_segments(text.body) <= 2, (kind, len(text.body))

"""The preview of every automatic message: private, safe, short enough, complete."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from between.core.documents import render_replies_preview
from between.core.policy import Policy, load_policy_file
from between.core.privacy_lint import sms_segments

EXAMPLES = sorted((Path(__file__).resolve().parents[4] / "examples" / "policies").glob("*.yaml"))


def load(stem: str) -> Policy:
    return load_policy_file(str(next(p for p in EXAMPLES if p.stem == stem))).policy


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_preview_passes_the_lint_and_fits_in_two_segments(path: Path) -> None:
    policy = load_policy_file(str(path)).policy
    previews = render_replies_preview(policy)
    assert previews
    for preview in previews:
        assert preview.problems == (), (preview.kind, preview.channel, preview.problems)
        assert re.search(r"\{\w*\}|\bNone\b", preview.subject + preview.body) is None
        assert preview.situation
        if preview.channel == "sms":
            assert preview.segments == sms_segments(preview.body) <= 2
        else:
            assert preview.channel == "email" and preview.segments == 0
    kinds = {(p.kind, p.channel) for p in previews}
    assert ("crisis", "email") in kinds and ("unknown_sender", "email") in kinds


def test_an_offered_channel_gets_every_kind_the_policy_sends() -> None:
    previews = render_replies_preview(load("reference-solo"))  # acknowledge: after_hours
    kinds = [(p.kind, p.channel) for p in previews]
    assert kinds == [
        ("crisis", "email"),
        ("after_hours", "email"),
        ("out_of_office", "email"),
        ("redirect", "email"),  # email is for admin only: a clinical message is redirected
        ("unknown_sender", "email"),
        ("crisis", "sms"),
        ("after_hours", "sms"),
        ("out_of_office", "sms"),
        ("redirect", "sms"),
        ("unknown_sender", "sms"),
    ]
    redirect = next(p for p in previews if p.kind == "redirect" and p.channel == "email")
    assert "the secure client portal" in redirect.body  # clinical: to the secure channel
    ooo = next(p for p in previews if p.kind == "out_of_office" and p.channel == "email")
    assert "January 4" in ooo.body and "Sam Lee, PhD" in ooo.body  # the policy's absence


def test_acknowledge_always_adds_the_office_hours_acknowledgement() -> None:
    kinds = {p.kind for p in render_replies_preview(load("group-practice"))}
    assert {"acknowledgement", "after_hours"} <= kinds


def test_a_channel_not_used_gets_only_crisis_redirect_and_unknown_sender() -> None:
    previews = render_replies_preview(load("solo-no-texting"))
    sms = [p.kind for p in previews if p.channel == "sms"]
    assert sms == ["crisis", "redirect", "unknown_sender"]
    redirect = next(p for p in previews if p.kind == "redirect" and p.channel == "sms")
    assert "the secure client portal" in redirect.body


def test_no_absence_in_the_file_uses_an_example_week_and_the_first_colleague() -> None:
    policy = load("group-practice").model_copy(update={"absences": []})
    ooo = next(p for p in render_replies_preview(policy) if p.kind == "out_of_office")
    assert "James Park, LCSW" in ooo.body
    assert "example week" in ooo.situation


def test_the_example_moment_can_be_chosen() -> None:
    policy = load("reference-solo")
    at = datetime(2027, 6, 7, 10, 0, tzinfo=ZoneInfo("America/New_York"))  # a Monday
    after = next(p for p in render_replies_preview(policy, at=at) if p.kind == "after_hours")
    assert "Tuesday June 8" in after.body

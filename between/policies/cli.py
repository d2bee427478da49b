"""`between policy check|due|schema|render`: a stable command line people script against.

This module only parses arguments and prints; every decision is made by
between.core.policy, between.core.calendar and between.core.documents. The management
command adds these subcommands with `build_parser(sub)` and calls
`run(options, stdout, stderr)`.

Exit codes: 0 fine (warnings allowed), 1 the policy has errors, 2 bad command-line input.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from between.core.calendar import BusinessCalendar
from between.core.policy import (
    LoadResult,
    Policy,
    PolicyError,
    Problem,
    Severity,
    json_schema,
    load_policy,
    load_policy_file,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
DUE_CHANNELS = ("message", "call", "portal", "email", "sms", "phone", "app")
RENDER_FORMATS = ("pdf", "html", "md", "txt", "voicemail", "replies")
RENDER_LANGUAGES = ("en", "es")


def build_parser(sub: Any) -> None:
    """Add `check`, `due`, `schema` and `render` to an argparse subparsers object."""
    check = sub.add_parser("check", help="validate a policy file")
    check.add_argument("file", help="the policy YAML file")
    check.set_defaults(policy_command="check")

    due = sub.add_parser("due", help="when replies to messages or calls received then are due")
    due.add_argument("file", help="the policy YAML file")
    due.add_argument(
        "--received",
        action="append",
        required=True,
        metavar="ISO",
        help="when it was received, ISO 8601 (repeatable); without an offset it is read "
        "in the policy's time zone",
    )
    due.add_argument("--channel", choices=DUE_CHANNELS, default="message")
    due.add_argument(
        "--voicemail", choices=("yes", "no"), default=None, help="for calls (default yes)"
    )
    due.add_argument("--json", action="store_true", help="one JSON object per line")
    due.set_defaults(policy_command="due")

    schema = sub.add_parser("schema", help="print the policy file's JSON Schema")
    schema.set_defaults(policy_command="schema")

    render = sub.add_parser(
        "render",
        help="write the client's Communications Policy, the voicemail greeting or a "
        "preview of every automatic message",
    )
    render.add_argument("file", help="the policy YAML file")
    render.add_argument(
        "--format",
        required=True,
        choices=RENDER_FORMATS,
        help="pdf, html, md or txt: the Communications Policy; voicemail: the greeting "
        "(TwiML when --out ends in .xml); replies: every automatic message",
    )
    render.add_argument(
        "--out", required=True, metavar="PATH", help="the file to write; - for standard output"
    )
    render.add_argument("--language", choices=RENDER_LANGUAGES, default="en")
    render.set_defaults(policy_command="render")


def run(options: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run the chosen subcommand; returns the exit code."""
    command = getattr(options, "policy_command", None)
    if command == "check":
        return check(options.file, stdout)
    if command == "due":
        return due(options, stdout, stderr)
    if command == "schema":
        stdout.write(json.dumps(json_schema(), indent=2) + "\n")
        return EXIT_OK
    if command == "render":
        from between.policies.render import render

        return render(options, stdout, stderr)
    stderr.write("error: choose a policy command: check, due, schema or render\n")
    return EXIT_USAGE


def check(path: str, stdout: TextIO) -> int:
    """Every problem one per line (file:line:col path: sentence), then a summary if valid."""
    report = check_file(path)
    for line in report.lines():
        stdout.write(line + "\n")
    return EXIT_OK if report.ok else EXIT_INVALID


@dataclass(frozen=True)
class CheckReport:
    """What `check` says about one policy text, line for line.

    The web editor shows the same report, so a therapist sees the same sentences in the
    browser as on the command line; ``lines()`` is exactly what `check` prints.
    """

    name: str
    problems: tuple[Problem, ...]
    result: LoadResult | None

    @property
    def ok(self) -> bool:
        return self.result is not None

    @property
    def errors(self) -> list[str]:
        return [p.format() for p in self.problems if p.severity is Severity.error]

    @property
    def warnings(self) -> list[str]:
        return [p.format() for p in self.problems if p.severity is Severity.warning]

    @property
    def error_problems(self) -> list[Problem]:
        """The errors themselves, for pages that show them in words (``Problem.plain``)."""
        return [p for p in self.problems if p.severity is Severity.error]

    @property
    def warning_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.warning]

    @property
    def conclusion(self) -> str:
        """The last line: the summary of a valid policy, or how many errors there are."""
        if self.result is not None:
            return summary(self.name, self.result)
        count = len(self.errors)
        return f"{self.name}: {count} error{'' if count == 1 else 's'}"

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems] + [self.conclusion]


def check_file(path: str) -> CheckReport:
    try:
        result = load_policy_file(path)
    except PolicyError as exc:
        return CheckReport(path, tuple(exc.problems), None)
    return CheckReport(path, tuple(result.warnings), result)


def check_text(text: str, name: str) -> CheckReport:
    """Check policy text that is not in a file; `name` stands for the file in messages."""
    try:
        result = load_policy(text, name)
    except PolicyError as exc:
        return CheckReport(name, tuple(exc.problems), None)
    return CheckReport(name, tuple(result.warnings), result)


def summary(path: str, result: LoadResult) -> str:
    policy = result.policy
    enabled = [name for name, c in policy.channels.items() if c.enabled]
    warnings = len(result.warnings)
    return (
        f"{path}: ok: {policy.practice.name} ({policy.practice.setting.value}), "
        f"format {policy.format}, {policy.timezone}, turnaround "
        f"{policy.turnaround.describe()}, channels {', '.join(enabled) or 'none'}, "
        f"{warnings} warning{'' if warnings == 1 else 's'}"
    )


def parse_received(text: str, policy: Policy) -> datetime:
    """ISO 8601; a time without an offset is local time in the policy's time zone."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(policy.timezone))
    return value


def due(options: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    try:
        result = load_policy_file(options.file)
    except PolicyError as exc:
        for problem in exc.problems:
            stderr.write(problem.format() + "\n")
        return EXIT_INVALID
    policy = result.policy
    received: list[datetime] = []
    for text in options.received:
        try:
            received.append(parse_received(text, policy))
        except ValueError:
            stderr.write(
                f'error: --received "{text}" is not an ISO 8601 date and time '
                "(for example 2027-01-04T09:30:00-05:00)\n"
            )
            return EXIT_USAGE
    voicemail = None if options.voicemail is None else options.voicemail == "yes"
    calendar = BusinessCalendar(policy)
    for when in received:
        answer = calendar.due_at(when, channel=options.channel, voicemail=voicemail)
        if options.json:
            stdout.write(json.dumps(answer.to_json(when)) + "\n")
        elif answer.due_at is None:
            stdout.write(f"none: {answer.reason}\n")
        else:
            stdout.write(answer.due_at.isoformat() + "\n")
    return EXIT_OK

"""The one shape every policy problem takes, and the one way it is printed.

A therapist reads these, so each problem names the file, the line and column, the key
path and says what is wrong in a sentence: `policy.yaml:31:5 channels.sms.for: "clinicial"
is not one of admin, clinical`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a second look (warning) in a policy file."""

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: Severity = Severity.error
    # For people, not scripts: the same problem in words, without the file or key path
    # ("Friday's office hours end before they start (17:00–09:00)"), and the key path as
    # the parts the editor maps to its fields. The command line prints `format()` only.
    plain: str = field(default="", compare=False)
    loc: tuple[str | int, ...] = field(default=(), compare=False)

    @property
    def sentence(self) -> str:
        """The plain-language sentence, or the message when none was written."""
        return self.plain or self.message

    @property
    def where(self) -> str:
        """`file:line:col path`: the secondary detail the YAML view shows under a sentence."""
        subject = f" {self.path}" if self.path else ""
        return f"{self.file}:{self.line}:{self.col}{subject}"

    def format(self) -> str:
        """`file:line:col path: message`, with `warning: ` in front of warnings."""
        where = f"{self.file}:{self.line}:{self.col}"
        prefix = "warning: " if self.severity is Severity.warning else ""
        subject = f" {self.path}:" if self.path else ""
        return f"{prefix}{where}{subject} {self.message}"

    def __str__(self) -> str:
        return self.format()


class PolicyError(Exception):
    """A policy file that cannot be used; `problems` lists every error (and the warnings)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity is Severity.error]
        first = errors[0].format() if errors else "invalid policy"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.warning]


def display_path(loc: tuple[str | int, ...]) -> str:
    """`("channels", "sms", "for", 0)` -> `channels.sms.for`; inner indices as `[i]`.

    A trailing index is dropped because the message quotes the offending item and the
    line and column point at it; the key is what a therapist looks for.
    """
    parts = list(loc)
    while parts and isinstance(parts[-1], int):
        parts.pop()
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out

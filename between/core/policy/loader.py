"""Loading a policy file: YAML, format upgrade, type validation, semantic checks.

Every stage reports problems in the same shape, pointed at the file, line and column,
and the loader collects all of them before refusing a file: a therapist fixing a policy
should see every error at once, not one per attempt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from pydantic import ValidationError

from between.core.policy import checks, messages
from between.core.policy.problems import PolicyError, Problem, Severity, display_path
from between.core.policy.schema import Policy
from between.core.policy.source import Source, YamlSyntaxError, parse
from between.core.policy.upgrade import FormatError, upgrade

REFERENCE_POLICY = "reference-solo.yaml"


@dataclass(frozen=True)
class LoadResult:
    """A valid policy and any warnings about it."""

    policy: Policy
    warnings: list[Problem] = field(default_factory=list)


def load_policy(text: str, filename: str = "policy.yaml") -> LoadResult:
    """Parse and validate policy text; raise PolicyError listing every problem found.

    `filename` is only used in messages, exactly as given.
    """
    try:
        source = parse(text)
    except YamlSyntaxError as exc:
        raise PolicyError([Problem(filename, exc.line, exc.col, "", exc.message)]) from None
    problems: list[Problem] = [
        Problem(
            filename,
            line,
            col,
            display_path(loc),
            "this key is written twice; only the last one would count",
        )
        for loc, line, col in source.duplicates
    ]
    data = source.data
    if not isinstance(data, dict):
        line, col = source.locate(())
        problems.append(
            Problem(
                filename,
                line,
                col,
                "",
                "a policy file is a set of keys and values, starting with format: 1",
            )
        )
        raise PolicyError(problems)
    try:
        data = upgrade(data)
    except FormatError as exc:
        line, col = source.locate(("format",))
        problems.append(Problem(filename, line, col, "format", str(exc)))
        raise PolicyError(problems) from None
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems += _type_problems(exc, source, filename)
        raise PolicyError(_sorted(problems)) from None
    for loc, message, severity in checks.check(policy):
        line, col = source.locate(loc)
        problems.append(Problem(filename, line, col, display_path(loc), message, severity))
    problems = _sorted(problems)
    if any(p.severity is Severity.error for p in problems):
        raise PolicyError(problems)
    return LoadResult(policy, problems)


def _type_problems(exc: ValidationError, source: Source, filename: str) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for error in exc.errors():
        loc: tuple[str | int, ...] = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            line, col = source.key_of(loc)
        else:
            line, col = source.locate(loc)
        path = display_path(loc)
        message = messages.sentence(error, Policy)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        out.append(Problem(filename, line, col, path, message))
    return out


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.col))


def load_policy_file(path: str) -> LoadResult:
    """Read a file (UTF-8) and load it, naming it in messages exactly as `path`."""
    try:
        with open(path, encoding="utf-8") as handle:  # noqa: PTH123 - path is a CLI string
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PolicyError([Problem(path, 1, 1, "", f"cannot read the file: {reason}")]) from None
    return load_policy(text, path)


def reference_policy_text() -> str:
    """The reference solo-practice policy shipped inside the package (for demos)."""
    return (
        resources.files("between.core.policy")
        .joinpath("data", REFERENCE_POLICY)
        .read_text(encoding="utf-8")
    )


def policy_json_data(policy: Policy) -> dict[str, Any]:
    """The policy as JSON-ready data, keys as written in files (for storing versions)."""
    return policy.model_dump(mode="json", by_alias=True, exclude_none=True)

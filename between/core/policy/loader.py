"""Loading a policy file: YAML, format upgrade, type validation, semantic checks.

Every stage reports problems in the same shape, pointed at the file, line and column,
and the loader collects all of them before refusing a file: a therapist fixing a policy
should see every error at once, not one per attempt.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from pydantic import ValidationError

from between.core.policy import checks, messages, plain
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
        raise PolicyError(
            [
                Problem(
                    filename,
                    exc.line,
                    exc.col,
                    "",
                    exc.message,
                    plain=f"The YAML cannot be read at line {exc.line}, column {exc.col}: "
                    f"{exc.message}",
                )
            ]
        ) from None
    problems: list[Problem] = [
        Problem(
            filename,
            line,
            col,
            display_path(loc),
            "this key is written twice; only the last one would count",
            plain=f"{plain.subject(loc)} is written twice in the YAML; only the last one "
            "would count",
            loc=loc,
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
        problems += _checks_without(exc, data, source, filename)
        raise PolicyError(_sorted(problems)) from None
    problems += _check_problems(checks.check(policy), source, filename)
    problems = _sorted(problems)
    if any(p.severity is Severity.error for p in problems):
        raise PolicyError(problems)
    return LoadResult(policy, problems)


def _check_problems(findings: list[checks.Finding], source: Source, filename: str) -> list[Problem]:
    problems = []
    for found in findings:
        line, col = source.locate(found.loc)
        problems.append(
            Problem(
                filename,
                line,
                col,
                display_path(found.loc),
                found.message,
                found.severity,
                plain=found.plain or plain.sentence(found.loc, found.message),
                loc=found.loc,
            )
        )
    return problems


def _checks_without(
    exc: ValidationError, data: dict[str, Any], source: Source, filename: str
) -> list[Problem]:
    """The whole-policy checks, run with the values that failed their type left out.

    A therapist who fixes one mistake should not then meet the next one: with the bad
    values set aside, the rest of the policy is checked too. Findings about a value set
    aside (or inside one) are dropped, since that value already has its own problem, and
    so are warnings: they wait until the policy can be read as a whole.
    """
    removed: list[tuple[str | int, ...]] = []
    trimmed: Any = copy.deepcopy(data)
    error: ValidationError | None = exc
    for _round in range(4):
        assert error is not None
        locs = [tuple(e["loc"]) for e in error.errors()]
        if not locs or not all(_remove(trimmed, loc) for loc in _deepest_first(locs)):
            return []
        removed += locs
        try:
            policy = Policy.model_validate(trimmed)
        except ValidationError as again:
            error = again
            continue
        kept = [
            f
            for f in checks.check(policy)
            if f.severity is Severity.error and not any(_related(f.loc, gone) for gone in removed)
        ]
        return _check_problems(kept, source, filename)
    return []


def _deepest_first(locs: list[tuple[str | int, ...]]) -> list[tuple[str | int, ...]]:
    # Later list items first, so removing one does not shift the index of another.
    unique = list(dict.fromkeys(locs))
    return sorted(unique, key=lambda loc: [(-p if isinstance(p, int) else 0) for p in loc])


# Required values that cannot simply be left out: a neutral value stands in for them
# while the rest of the policy is checked (findings about them are dropped anyway).
_STAND_INS: dict[tuple[str | int, ...], Any] = {
    ("turnaround",): {"business_days": 1},
    ("calls", "return_within"): {"business_days": 1},
    ("office_hours",): {},
    ("channels",): {},
    ("emergency",): {},
    ("timezone",): "UTC",
    ("clinician",): {"name": "-"},
    ("clinician", "name"): "-",
    ("practice",): {"name": "-"},
    ("practice", "name"): "-",
}


def _remove(data: Any, loc: tuple[str | int, ...]) -> bool:
    """Delete the value at `loc`; False when it cannot be (a required key is missing)."""
    node = data
    for part in loc[:-1]:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        else:
            return False
    last = loc[-1] if loc else None
    stand_in = _STAND_INS.get(loc)
    if isinstance(node, dict) and stand_in is not None:
        if node.get(last) == stand_in:
            return False
        node[last] = copy.deepcopy(stand_in)
        return True
    if isinstance(node, dict) and last in node:
        del node[last]
        return True
    if isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
        del node[last]
        return True
    return False


def _related(a: tuple[str | int, ...], b: tuple[str | int, ...]) -> bool:
    """Whether one location is the other or lies inside it (or its list)."""
    strip = lambda loc: tuple(p for p in loc if not isinstance(p, int))  # noqa: E731
    x, y = strip(a), strip(b)
    n = min(len(x), len(y))
    if x[:n] == y[:n]:
        return True
    # A day's office hours set aside would make that day's callback hours look wrong.
    return y[:1] == ("office_hours",) and len(y) > 1 and y[1] in x


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
        out.append(
            Problem(
                filename,
                line,
                col,
                path,
                message,
                plain=plain.type_error(error, message),
                loc=loc,
            )
        )
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

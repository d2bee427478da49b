"""Reading older policy formats.

Stored policy versions never change, so a file written for format N must still load
after format N+1 exists. Each upgrade turns the plain data of format N into format N+1;
`upgrade()` chains them up to CURRENT_FORMAT before validation. To add format 2: bump
CURRENT_FORMAT in schema.py, change the models, and register `_1_to_2` here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from between.core.policy.schema import CURRENT_FORMAT

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]

# format number -> function from that format's data to the next format's data.
UPGRADES: dict[int, Upgrade] = {}


class FormatError(ValueError):
    """The `format:` key is missing, not a number, or newer than this code."""


def upgrade(
    data: dict[str, Any],
    upgrades: Mapping[int, Upgrade] | None = None,
    current: int = CURRENT_FORMAT,
) -> dict[str, Any]:
    """Return `data` in the current format, applying each upgrade in turn.

    Raises FormatError with a therapist-readable sentence when the format is unusable.
    """
    steps = UPGRADES if upgrades is None else upgrades
    version = data.get("format")
    if version is None:
        raise FormatError(f"the file must start with format: {current}")
    if isinstance(version, bool) or not isinstance(version, int):
        raise FormatError(f'"{version}" is not a format number; write format: {current}')
    if version > current:
        raise FormatError(
            f"this file uses format {version}, which is newer than this version of Between "
            f"understands (format {current}); upgrade Between to read it"
        )
    if version < 1:
        raise FormatError(f"format {version} does not exist; the first format is 1")
    while version < current:
        step = steps.get(version)
        if step is None:
            raise FormatError(f"Between cannot read format {version} files any more")
        data = step(dict(data))
        version += 1
        data["format"] = version
    return data

"""Typed readers for settings that come from the environment.

Each reader refuses a value it cannot understand instead of guessing: ``DEBUG=yes``
stops start-up with a message naming ``DEBUG`` rather than quietly meaning False.
Secrets may come from a file named by ``NAME_FILE`` so they stay out of the process
environment (Docker and systemd credentials work that way).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

TRUE_WORDS = frozenset({"1", "true", "on"})
FALSE_WORDS = frozenset({"0", "false", "off"})


class SettingError(Exception):
    """A setting from the environment is missing or malformed.

    The message always starts with the variable's name so an operator can fix it.
    """

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"{name}: {problem}")
        self.name = name


class Env:
    """Reads typed values from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self._environ.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self._raw(name)
        return default if value is None else value

    def flag(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise SettingError(name, f"{value!r} is not a boolean; use true or false")

    def integer(
        self, name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
    ) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise SettingError(name, f"{value!r} is not a whole number") from None
        if minimum is not None and number < minimum:
            raise SettingError(name, f"{number} is below the minimum of {minimum}")
        if maximum is not None and number > maximum:
            raise SettingError(name, f"{number} is above the maximum of {maximum}")
        return number

    def items(self, name: str, default: list[str]) -> list[str]:
        value = self._raw(name)
        if value is None:
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self._raw(name)
        if value is None:
            return default
        if value not in choices:
            raise SettingError(name, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def path(self, name: str, default: Path) -> Path:
        value = self._raw(name)
        return (Path(value) if value is not None else default).expanduser().resolve()

    def secret(self, name: str) -> str | None:
        """The secret in ``NAME``, or the contents of the file named by ``NAME_FILE``.

        Setting both is refused: silently preferring one hides a deployment mistake.
        """
        direct = self._raw(name)
        file_name = self._raw(f"{name}_FILE")
        if direct is not None and file_name is not None:
            raise SettingError(name, f"set {name} or {name}_FILE, not both")
        if file_name is None:
            return direct
        try:
            content = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingError(f"{name}_FILE", f"cannot read {file_name}: {exc.strerror}") from None
        if not content:
            raise SettingError(f"{name}_FILE", f"{file_name} is empty")
        return content

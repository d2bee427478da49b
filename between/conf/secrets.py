"""Secrets that Between needs before it can start: the session key and the content keys.

In development (DEBUG on) a missing secret is generated once into the data folder so a
fresh clone runs. With DEBUG off nothing is ever generated: a lost or silently replaced
content key would make every stored message unreadable.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from between.conf.env import SettingError

KEY_VARIABLE = "BETWEEN_ENCRYPTION_KEY"


def _write_private(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content + "\n")


def dev_secret(path: Path) -> str:
    """The development secret stored at ``path``, created on first use."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        value = secrets.token_urlsafe(50)
        try:
            _write_private(path, value)
        except FileExistsError:  # another process won the race; use its value
            return path.read_text(encoding="utf-8").strip()
        return value


def new_encryption_key() -> str:
    """A fresh key in the form BETWEEN_ENCRYPTION_KEY takes (url-safe base64, 32 bytes)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def parse_keys(value: str) -> list[bytes]:
    """Comma-separated keys, newest first; each must decode to 32 bytes."""
    keys: list[bytes] = []
    for position, item in enumerate(part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            raw = base64.urlsafe_b64decode(item.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError):
            raw = b""
        if len(raw) != 32:
            raise SettingError(
                KEY_VARIABLE,
                f"key {position + 1} is not 32 bytes of url-safe base64 "
                "(make one with `between keygen`)",
            )
        keys.append(item.encode("ascii"))
    if not keys:
        raise SettingError(KEY_VARIABLE, "no key given")
    return keys


def encryption_keys(value: str | None, *, debug: bool, data_dir: Path) -> list[bytes]:
    if value is not None:
        return parse_keys(value)
    if not debug:
        raise SettingError(
            KEY_VARIABLE,
            "required when DEBUG is off; Between never generates a key outside development "
            f"(make one with `between keygen` and set {KEY_VARIABLE} or {KEY_VARIABLE}_FILE)",
        )
    path = data_dir / "encryption.key"
    try:
        stored = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        stored = new_encryption_key()
        try:
            _write_private(path, stored)
        except FileExistsError:
            stored = path.read_text(encoding="utf-8").strip()
    return parse_keys(stored)

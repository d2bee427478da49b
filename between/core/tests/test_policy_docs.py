"""docs/policy-format.md documents every key of the format (it fails when one is added)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from between.core.policy import json_schema

DOCS = Path(__file__).resolve().parents[3] / "docs" / "policy-format.md"


def keys(schema: dict[str, Any]) -> set[str]:
    found = set(schema.get("properties", {}))
    for definition in schema.get("$defs", {}).values():
        found |= set(definition.get("properties", {}))
    return found


def test_every_key_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = sorted(k for k in keys(json_schema()) if f"`{k}`" not in text)
    assert missing == []

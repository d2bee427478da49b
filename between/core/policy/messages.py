"""Turning pydantic's validation errors into sentences a therapist can act on.

Pydantic's own messages ("Input should be 'admin' or 'clinical'") are written for
programmers; these name the value found and what would be accepted instead.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

_QUOTED = re.compile(r"'([^']*)'")


def _shown(value: Any) -> str:
    """How a found value is quoted back: text in quotes, sections described."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a section of keys"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return f'"{value}"'


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that holds the last key of `loc`, for listing the known keys."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = _field(current, part)
        if field is None:
            return None
        current = _unwrap(field)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X: the model a nested key belongs to."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        is_list = origin in (list, tuple, set) and bool(args)
        is_optional = origin in (typing.Union, types.UnionType) and len(args) == 1
        if is_list or is_optional:
            annotation = args[0]
        else:
            return annotation


def known_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    holder = _model_at(model, loc[:-1])
    if holder is None:
        return []
    return [info.alias or name for name, info in holder.model_fields.items()]


def sentence(error: ErrorDetails, model: type[BaseModel]) -> str:
    """One readable sentence for one pydantic error (without the file and key path)."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"])
    if kind == "missing":
        return "this key is required but missing"
    if kind == "extra_forbidden":
        keys = known_keys(model, loc)
        near = difflib.get_close_matches(str(loc[-1]), keys, n=1)
        hint = f'; did you mean "{near[0]}"?' if near else ""
        listed = f" (known keys: {', '.join(keys)})" if keys and not near else ""
        return f"this key is not one Between knows here{hint}{listed}"
    if kind in ("enum", "literal_error"):
        allowed = _QUOTED.findall(str(ctx.get("expected", ""))) or [str(ctx.get("expected", ""))]
        return f"{_shown(value)} is not one of {', '.join(allowed)}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        limit = next(iter(ctx.values()), "?")
        return (
            f"{_shown(value)} is too {'small' if 'greater' in kind else 'large'}; "
            f"it must be {words} {limit}"
        )
    if kind in ("too_short", "too_long"):
        if isinstance(value, list | dict):
            return f"needs at least {ctx.get('min_length', 1)} entr" + (
                "y" if ctx.get("min_length", 1) == 1 else "ies"
            )
        return "must not be empty" if kind == "too_short" else "is too long"
    if kind.startswith("int_"):
        return f"{_shown(value)} is not a whole number"
    if kind.startswith("float_"):
        return f"{_shown(value)} is not a number"
    if kind.startswith("bool_"):
        return f"{_shown(value)} is not true or false"
    if kind.startswith("date") or kind.startswith("datetime"):
        what = "date (YYYY-MM-DD)" if kind.startswith("date_") else "date and time"
        return f"{_shown(value)} is not a {what}"
    if kind == "string_type":
        return f"expected text, found {_shown(value)}"
    if kind == "list_type":
        return f"expected a list, found {_shown(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a section of keys and values, found {_shown(value)}"
    return error["msg"]

"""Changing a few values in policy YAML text while keeping the rest exactly as written.

The policy form changes a handful of keys, but the text is the therapist's: comments,
key order, quoting and every key the form does not show must survive a save. So a
change is made on the text itself, at the positions the parser reports, and only where a
value really changes. The result is parsed again and compared with the data intended; if
the surgery cannot produce exactly that data, the smallest enclosing section is written
out afresh instead, and as a last resort the whole document (comments lost, values
never).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from between.core.policy.source import parse

KeyPath = tuple[str, ...]


class _Delete:
    """The value that removes a key (None would write `null`, which is not the same)."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE: Any = _Delete()

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Words a YAML 1.1 reader (PyYAML's own, other tools) would take for booleans or null.
_SPECIAL = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


class _CannotEdit(Exception):
    """This change cannot be made in place; replace the enclosing section instead."""


def apply_changes(text: str, changes: Iterable[tuple[KeyPath, Any]]) -> str:
    """`text` with each (key path, value) set in turn; DELETE removes the key.

    Missing sections on the way are created. Raises YamlSyntaxError if `text` is not
    YAML and ValueError if it is not a mapping: a form cannot edit what it cannot read.
    """
    for path, value in changes:
        text = set_value(text, path, value)
    return text


def set_value(text: str, path: KeyPath, value: Any) -> str:
    if not path:
        raise ValueError("a change needs a key path")
    source = parse(text)
    if not isinstance(source.data, dict) or not isinstance(source.root, MappingNode):
        raise ValueError("the policy is not a set of keys and values")
    wanted = updated(source.data, path, value)
    if wanted == source.data:
        return text
    at, new = path, value
    while at:
        try:
            edited = _edit(text, source.root, at, new)
        except _CannotEdit:
            edited = None
        if edited is not None:
            check = parse(edited)
            if check.data == wanted and len(check.duplicates) <= len(source.duplicates):
                return edited
        at = at[:-1]
        new = lookup(wanted, at) if at else None
    return dump(wanted)


def updated(data: dict[str, Any], path: KeyPath, value: Any) -> dict[str, Any]:
    """A deep copy of `data` with the change made (sections created as needed)."""
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            if value is DELETE:
                return out
            child = {}
            node[part] = child
        node = child
    if value is DELETE:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = copy.deepcopy(value)
    return out


def lookup(data: Any, path: Sequence[str], default: Any = None) -> Any:
    """The value at `path`, or `default` when a key on the way is missing."""
    node = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def _entry(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    # The last one: a key written twice counts once, as its last value (YAML's reading).
    found = None
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            found = (k, v)
    return found


def _nest(path: Sequence[str], value: Any) -> Any:
    for part in reversed(path):
        value = {part: value}
    return value


def _edit(text: str, root: MappingNode, path: KeyPath, value: Any) -> str:
    node: MappingNode = root
    for i, part in enumerate(path):
        entry = _entry(node, part)
        if entry is None:
            if value is DELETE:
                raise _CannotEdit
            return _insert(text, node, part, _nest(path[i + 1 :], value))
        key, child = entry
        last = i == len(path) - 1
        if last and value is DELETE:
            return _delete(text, node, key, child)
        if last or not isinstance(child, MappingNode):
            if value is DELETE:
                raise _CannotEdit
            return _replace(text, node, key, child, _nest(path[i + 1 :], value))
        node = child
    raise _CannotEdit


def _colon(text: str, key: Node) -> int:
    found = text.find(":", key.end_mark.index)
    if found < 0:
        raise _CannotEdit
    return found


def _content_end(text: str, node: Node) -> int:
    """Where the node's own text ends: its last character, not the next line's start."""
    if isinstance(node, ScalarNode):
        end: int = node.end_mark.index
        if node.style in (">", "|"):
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if isinstance(node, MappingNode | SequenceNode):
        if node.flow_style or not node.value:
            flow_end: int = node.end_mark.index
            return flow_end
        last = node.value[-1]
        return _content_end(text, last[1] if isinstance(node, MappingNode) else last)
    raise _CannotEdit


def _line_end(text: str, index: int) -> int:
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _own_line(text: str, key: Node) -> int:
    """Start of the key's line, if nothing but indentation comes before the key."""
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    if text[start : key.start_mark.index].strip():
        raise _CannotEdit
    return start


def _replace(text: str, parent: MappingNode, key: Node, child: Node, value: Any) -> str:
    end = _content_end(text, child)
    flow_child = isinstance(child, MappingNode | SequenceNode) and child.flow_style
    if not parent.flow_style and not flow_child and _needs_block(value):
        indent = key.start_mark.column + 2
        start = _colon(text, key) + 1
        return text[:start] + "\n" + "\n".join(block(value, indent)) + text[end:]
    empty = isinstance(child, ScalarNode) and child.value == "" and not child.style
    if empty or (isinstance(child, MappingNode | SequenceNode) and not child.flow_style):
        start = _colon(text, key) + 1
        return text[:start] + " " + flow(value) + text[max(end, start) :]
    start = child.start_mark.index
    return text[:start] + _keep_comment_column(text, start, end, flow(value))


def _keep_comment_column(text: str, start: int, end: int, new: str) -> str:
    """`new` and the rest of the text, with a comment after it still in its column."""
    rest = text[end:]
    spaces = len(rest) - len(rest.lstrip(" "))
    if not rest[spaces:].startswith("#") or spaces == 0:
        return new + rest
    column = (end - start) + spaces
    return new + " " * max(1, column - len(new)) + rest[spaces:]


def _delete(text: str, parent: MappingNode, key: Node, child: Node) -> str:
    if parent.flow_style or len(parent.value) < 2:
        raise _CannotEdit
    start = _own_line(text, key)
    return text[:start] + text[_line_end(text, _content_end(text, child)) :]


def _insert(text: str, mapping: MappingNode, key: str, value: Any) -> str:
    if mapping.flow_style or not mapping.value:
        raise _CannotEdit
    indent = mapping.value[0][0].start_mark.column
    at = _line_end(text, _content_end(text, mapping))
    lines = "\n".join(block({key: value}, indent)) + "\n"
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return text[:at] + prefix + lines + text[at:]


def _needs_block(value: Any) -> bool:
    if isinstance(value, dict):
        return bool(value)
    if isinstance(value, list):
        return any(isinstance(item, dict) and item for item in value)
    return False


def scalar(value: Any) -> str:
    """One value as YAML that the policy loader reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _SPECIAL:
        return text
    # A JSON string is a valid YAML double-quoted scalar, escapes included.
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    """A value on one line: `[a, b]`, `{name: x}`, or a scalar."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def block(value: Any, indent: int) -> list[str]:
    """A mapping or list as indented block lines; lists of scalars stay on one line."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if _needs_block(v):
                lines.append(f"{pad}{scalar(k)}:")
                lines += block(v, indent + 2)
            else:
                lines.append(f"{pad}{scalar(k)}: {flow(v)}")
        return lines
    if isinstance(value, list):
        for item in value:
            if _needs_block(item):
                inner = block(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {flow(item)}")
        return lines
    return [pad + flow(value)]


def dump(data: dict[str, Any]) -> str:
    """The whole document written afresh (used only when an edit in place is impossible)."""
    return "\n".join(block(data, 0)) + "\n"

"""Reading policy YAML while remembering where every key and value came from.

PyYAML's composer gives a node tree with positions; we build the plain data from it and
keep the tree so any problem can be pointed at `line:col`. The loader follows YAML 1.2
for scalars: only `true`/`false` are booleans and `9:30` is not the number 570, so a
holiday country of `NO` (Norway) stays the text "NO" and times stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, integers and floats."""


_YAML11_ONLY = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _YAML11_ONLY]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    # "2027-13-04" looks like a date to YAML but is not one; keep it as text so the
    # models can say so with a line number, instead of the parser crashing.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class YamlSyntaxError(Exception):
    """The text is not YAML; line and col are 1-based."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


@dataclass(frozen=True)
class Source:
    """Parsed data plus the node tree it came from.

    `duplicates` lists keys written twice in one section as (loc, line, col): YAML keeps
    the last silently, which would hide half of what the therapist wrote.
    """

    data: Any
    root: Node | None
    duplicates: tuple[tuple[tuple[str | int, ...], int, int], ...] = ()

    def locate(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """1-based (line, col) of the node at `loc`, or of the nearest enclosing key.

        A scalar or flow value is pointed at directly; a block section is pointed at by
        its key, which is where a reader's eye goes. A missing key points at its parent.
        """
        node = self.root
        if node is None:
            return 1, 1
        key_node: Node | None = None
        for part in loc:
            child: Node | None = None
            child_key: Node | None = None
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == str(part):
                        child, child_key = v, k
                        break
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                child = node.value[part]
            if child is None:
                break
            node, key_node = child, child_key
        block = isinstance(node, MappingNode | SequenceNode) and not node.flow_style
        target = key_node if block and key_node is not None else node
        return target.start_mark.line + 1, target.start_mark.column + 1

    def key_of(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """1-based position of the key itself (for "this key is not known")."""
        if not loc or self.root is None:
            return self.locate(loc)
        parent_line, parent_col = self.locate(loc[:-1])
        node = self.root
        for part in loc[:-1]:
            node = _child(node, part) or node
        if isinstance(node, MappingNode):
            for k, _v in node.value:
                if isinstance(k, ScalarNode) and k.value == str(loc[-1]):
                    return k.start_mark.line + 1, k.start_mark.column + 1
        return parent_line, parent_col


def _child(node: Node, part: str | int) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == str(part):
                return v
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        child: Node = node.value[part]
        return child
    return None


def parse(text: str) -> Source:
    """Parse YAML text into data and positions; raise YamlSyntaxError with a position."""
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "this is not valid YAML"
        context = ""
        if exc.context and exc.problem:
            started = exc.context_mark
            at = (
                f" that starts at line {started.line + 1}"
                if started and started is not mark
                else ""
            )
            context = f" ({exc.context}{at})"
        raise YamlSyntaxError(line, col, f"YAML syntax error: {what}{context}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, 1, f"YAML syntax error: {exc}") from None
    return Source(data=data, root=root, duplicates=tuple(_duplicates(root, ())))


def _duplicates(
    node: Node | None, loc: tuple[str | int, ...]
) -> list[tuple[tuple[str | int, ...], int, int]]:
    found: list[tuple[tuple[str | int, ...], int, int]] = []
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for k, v in node.value:
            if isinstance(k, ScalarNode):
                if k.value in seen:
                    found.append(((*loc, k.value), k.start_mark.line + 1, k.start_mark.column + 1))
                seen.add(k.value)
                found.extend(_duplicates(v, (*loc, k.value)))
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            found.extend(_duplicates(item, (*loc, i)))
    return found

"""The composed YAML node tree, read with field paths and lines, collecting problems as it goes."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ordering.catalog_file.specs import Problem

_NULL_TAG = "tag:yaml.org,2002:null"
# Aliases let a small file name a huge tree ("billion laughs"); no real region comes near this.
MAX_NODES_READ = 200_000


class TooManyNodes(Exception):
    """Reading was stopped: the document expands to more than MAX_NODES_READ nodes."""
# Only its flatten_mapping() is used, which keeps no state between calls.
_MERGER = yaml.SafeLoader("")


@dataclass(frozen=True)
class Located:
    """A YAML node with its field path and the line a problem about it should name.

    The line is where the field's key is written (or where the list item starts), so a
    problem with ``price:`` whose value is empty still names the ``price:`` line.
    """

    node: Node
    path: str
    line: int
    key_node: Node | None = None  # for a mapping value: the key it was written under

    def key(self, name: str, key_node: Node, value: Node) -> Located:
        return Located(value, f"{self.path}.{name}" if self.path else name, key_node.start_mark.line + 1, key_node)

    def item(self, index: int, node: Node) -> Located:
        return Located(node, f"{self.path}[{index}]", node.start_mark.line + 1)

    @property
    def is_empty(self) -> bool:
        """``field:``, ``field: ~`` or ``field: ""``."""
        return isinstance(self.node, ScalarNode) and (self.node.tag == _NULL_TAG or not self.node.value.strip())


def describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"{node.value!r}"


def _colon_after(key: ScalarNode) -> bool:
    """Whether a ':' follows the key in the source (a key written as such, not a text's tail)."""
    mark = key.end_mark
    buffer = getattr(mark, "buffer", None)
    if not buffer:
        return True  # no source to look at: take the key as written
    return str(buffer[mark.pointer:mark.pointer + 40]).lstrip(" ").startswith(":")


@dataclass
class Fields:
    """The fields of one YAML mapping, read by name; remembers where each key was written."""

    reader: NodeReader
    at: Located
    values: dict[str, Located]
    # The names a reader asked for: the fields this mapping may have. Others are warned about.
    known: set[str] = field(default_factory=set)

    def required(self, name: str, read: Callable[[Located], Any]) -> Any:
        self.known.add(name)
        value = self.values.get(name)
        if value is None:
            self.reader.problem(self.at, f"required field {name!r} is missing", path=self._path(name))
            return None
        if value.is_empty:
            self.reader.problem(value, "must not be empty")
            return None
        return read(value)

    def optional(self, name: str, read: Callable[[Located], Any], default: Any = None) -> Any:
        self.known.add(name)
        value = self.values.get(name)
        if value is None or value.is_empty:
            return default
        return read(value)

    def _path(self, name: str) -> str:
        return f"{self.at.path}.{name}" if self.at.path else name

    def unknown(self) -> list[Located]:
        return [value for name, value in self.values.items() if name not in self.known]


@dataclass
class NodeReader:
    """Reads the node tree into specs, collecting problems instead of stopping at the first."""

    problems: list[Problem] = field(default_factory=list)
    # Every mapping read, so keys nobody asked for can be warned about at the end.
    read_mappings: list[Fields] = field(default_factory=list)
    # For the cross-reference checks: where each id, reference and postcode was written.
    lines: dict[str, int] = field(default_factory=dict)
    # Mapping node id -> ids of the key nodes written in it (before merge keys were resolved).
    own_keys: dict[int, set[int]] = field(default_factory=dict)
    nodes_read: int = 0

    def problem(self, at: Located, message: str, *, path: str | None = None) -> None:
        self.report(at.path if path is None else path, at.line, message)

    def report(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def report_at(self, path: str, message: str) -> None:
        """A problem found after reading (a duplicate id, say), at the line its path was read from."""
        self.report(path, self.line(path), message)

    def line(self, path: str) -> int:
        """The line recorded for a path, else for its nearest recorded ancestor."""
        while path not in self.lines and ("." in path or "[" in path):
            path = path[: max(path.rfind("."), path.rfind("["))]
        return self.lines.get(path, 1)

    def count(self, nodes: int) -> None:
        self.nodes_read += nodes
        if self.nodes_read > MAX_NODES_READ:
            raise TooManyNodes(f"the document expands to more than {MAX_NODES_READ} values (aliases?)")

    # ---- containers

    def fields(self, at: Located) -> Fields | None:
        if not isinstance(at.node, MappingNode):
            self.problem(at, f"must be a mapping of fields, found {describe(at.node)}")
            return None
        own_keys = self.own_keys.setdefault(id(at.node), {id(key) for key, _ in at.node.value})
        try:
            # Resolve YAML merge keys (<<: *defaults) the way yaml.safe_load would: merged
            # pairs come first, so the mapping's own keys override them.
            _MERGER.flatten_mapping(at.node)
        except yaml.MarkedYAMLError as exc:
            self.problem(at, f"bad merge key: {exc.problem}")
            return None
        self.count(len(at.node.value))
        values: dict[str, Located] = {}
        for key_node, value_node in at.node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(at, "a key must be a plain name")
                continue
            name = key_node.value
            child = at.key(name, key_node, value_node)
            earlier = values.get(name)
            if earlier is not None and id(key_node) in own_keys and id(earlier.key_node) in own_keys:
                self.problem(child, f"key {name!r} appears twice (first on line {earlier.line})")
                continue
            values[name] = child
            self.lines[child.path] = child.line
        fields = Fields(self, at, values)
        self.read_mappings.append(fields)
        return fields

    def texts_cut_at_a_comma(self) -> None:
        """In a flow mapping (``{id: …, name: Kasten 20 × 0,5 l, …}``) YAML ends an unquoted text at
        a comma: the name becomes "Kasten 20 × 0" and "5 l" a key of its own with no value. That
        is a name cut short, not a field to ignore: a problem, with the quoted text to write."""
        for fields in self.read_mappings:
            node = fields.at.node
            if not isinstance(node, MappingNode) or not node.flow_style:
                continue
            before: ScalarNode | None = None
            for key, value in node.value:
                if isinstance(key, ScalarNode) and isinstance(value, ScalarNode) and value.tag.endswith(":null") \
                        and value.value == "" and key.value not in fields.known and before is not None \
                        and not _colon_after(key):  # "vegan: " written so is a field left empty
                    # "3,8 %" is a decimal comma; "frisch, ganz" had a space YAML took away
                    comma = "," if before.value[-1:].isdigit() and str(key.value)[:1].isdigit() else ", "
                    self.report(f"{fields._path(str(key.value))}", key.start_mark.line + 1,
                                f"the text {before.value!r} was cut at a comma ({key.value!r} became a field "
                                f"of its own): put it in quotes: \"{before.value}{comma}{key.value}\"")
                    continue
                before = value if isinstance(value, ScalarNode) and value.style is None and value.value else None

    def unknown_key_warnings(self) -> list[Problem]:
        """A key no reader asked for: a typo ("allergen:") or a field of a newer format."""
        warnings = []
        for fields in self.read_mappings:
            for value in fields.unknown():
                name = value.path.rsplit(".", 1)[-1]
                close = difflib.get_close_matches(name, sorted(fields.known), n=1, cutoff=0.7)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                warnings.append(Problem(value.path, value.line, f"unknown field {name!r} is ignored{hint}"))
        return sorted(warnings, key=lambda problem: problem.line)

    def items(self, at: Located, *, scalar_as_list: bool = False) -> list[Located]:
        if isinstance(at.node, SequenceNode):
            self.count(len(at.node.value))
            items = [at.item(index, node) for index, node in enumerate(at.node.value)]
            for item in items:
                self.lines[item.path] = item.line
            return items
        if scalar_as_list and isinstance(at.node, ScalarNode):
            # "days: sat" and "aliases: Graubrot" mean a one-item list, unambiguously.
            return [at]
        self.problem(at, f"must be a list, found {describe(at.node)}")
        return []


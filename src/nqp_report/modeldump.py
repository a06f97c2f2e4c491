"""A readable dump of the document model, in the manner of docutils' pseudo-XML.

Each node is a tag named after its class (``<heading level="1" number="一、">``)
with its scalar fields as attributes, shown only when they differ from the
field's default; text is an indented line of its own; nodes and lists inside a
node are its children. The dump walks any dataclass, so a new node kind or
field shows up without a change here. Used by ``nqp-report build --model`` and
by fast golden tests that need no DOCX or PDF.

    <document>
        <front_matter title="关于…的报告" date="2026年11月24日">
        <heading level="1" number="一、">
            基础
        <paragraph>
            见
            <ref target="t1" label="表1">
            。
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from typing import Any

INDENT = "    "
TEXT_FIELDS = ("text",)


def dump(doc: Any) -> str:
    """Return the pseudo-XML dump of a document (or of any model node), ending with a newline."""
    lines: list[str] = []
    _node(doc, 0, lines)
    return "\n".join(lines) + "\n"


def tag_name(node: Any) -> str:
    """Return a node's tag: its class name in snake case ("BulletList" -> "bullet_list")."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(node).__name__).lower()


def _node(node: Any, depth: int, lines: list[str]) -> None:
    attributes, children = [], []
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if _is_default(f, value):
            continue
        if f.name in TEXT_FIELDS and isinstance(value, str):
            children.append((None, value))
        elif _is_scalar(value):
            attributes.append(f'{f.name}="{_attribute(value)}"')
        else:
            children.append((f.name, value))
    if _is_bare_text(node, attributes, children):
        _text(children[0][1], depth, lines)
        return
    lines.append(INDENT * depth + "<" + " ".join([tag_name(node), *attributes]) + ">")
    for name, value in children:
        _child(name, value, depth + 1, lines)


def _is_bare_text(node: Any, attributes: list[str], children: list) -> bool:
    """Return whether a node is plain text only (a Text run with no emphasis), printed as its text line."""
    return tag_name(node) == "text" and not attributes and len(children) == 1 and children[0][0] is None


def _child(name: str | None, value: Any, depth: int, lines: list[str]) -> None:
    if name is None:
        _text(value, depth, lines)
    elif dataclasses.is_dataclass(value):
        _node(value, depth, lines)
    elif isinstance(value, dict):
        lines.append(INDENT * depth + f"<{name}>")
        for key in sorted(value):
            lines.append(INDENT * (depth + 1) + f"{key}: {_json(value[key])}")
    elif isinstance(value, (list, tuple)):
        _sequence(name, value, depth, lines)
    else:
        lines.append(INDENT * depth + f"<{name}>")
        _text(str(value), depth + 1, lines)


def _sequence(name: str, items: list | tuple, depth: int, lines: list[str]) -> None:
    """Write a list field: nodes as direct children, nested lists and strings under a tag per item."""
    if all(dataclasses.is_dataclass(i) for i in items):
        for item in items:
            _node(item, depth, lines)
        return
    singular = name[:-1] if name.endswith("s") else name
    for item in items:
        lines.append(INDENT * depth + f"<{singular}>")
        for inner in item if isinstance(item, (list, tuple)) else [item]:
            if dataclasses.is_dataclass(inner):
                _node(inner, depth + 1, lines)
            else:
                _text(str(inner), depth + 1, lines)


def _text(text: str, depth: int, lines: list[str]) -> None:
    for line in text.split("\n") or [""]:
        lines.append(INDENT * depth + line)


def _is_default(f: dataclasses.Field, value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return value == f.default
    if f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return value == f.default_factory()  # type: ignore[misc]
    return False


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, bytes))


def _attribute(value: Any) -> str:
    if isinstance(value, bytes):
        return f"{len(value)} bytes, sha256 {hashlib.sha256(value).hexdigest()[:12]}"
    text = str(value)
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)

"""Markers a template's output carries for the renderer: directive blocks and references, with auto ids.

A directive leaves ``⟦block:N⟧`` on a paragraph of its own; the renderer puts the
directive's blocks in its place. ``⟦ref:ID⟧`` becomes a reference ("表2").
"""

from __future__ import annotations

import re

from ..errors import TemplateError

BLOCK_MARK = re.compile(r"^\u27e6block:(\d+)\u27e7$")
REF_MARK = re.compile(r"\u27e6ref:([^\u27e7]+)\u27e7")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&=\"'$^])")


class MarkdownSafe(str):
    """Text meant as Markdown (directive and reference markers): printed into the template as it is."""


def escape_markdown(value: object) -> str:
    """Return ``value`` as literal text for Markdown: ASCII punctuation backslash-escaped, line breaks as spaces.

    Data text (practices, names, notes) goes through this on its way into the
    rendered Markdown, so ``---``, ``**`` or ``<script>`` print as written.
    """
    if isinstance(value, MarkdownSafe):
        return value
    text = "" if value is None else str(value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))


def ref_marker(target_id: str) -> MarkdownSafe:
    """Return the marker the renderer turns into a reference to a table or figure."""
    return MarkdownSafe(f"\u27e6ref:{target_id}\u27e7")


class Markers:
    """The blocks emitted by directives, by marker number, and the auto ids handed out so far."""

    def __init__(self) -> None:
        self.blocks_by_marker: dict[int, list] = {}
        self._auto_ids: dict[str, int] = {}
        self._float_ids: set[str] = set()

    def emit(self, *blocks) -> MarkdownSafe:
        """Return a block marker standing for ``blocks``; TemplateError when a table or figure id is taken."""
        for block in blocks:
            block_id = getattr(block, "id", "")
            if block_id:
                if block_id in self._float_ids:
                    raise TemplateError(f"表或图的标识“{block_id}”重复")
                self._float_ids.add(block_id)
        n = len(self.blocks_by_marker)
        self.blocks_by_marker[n] = list(blocks)
        return MarkdownSafe(f"\n\n\u27e6block:{n}\u27e7\n\n")

    def auto_id(self, prefix: str, key: str) -> str:
        """Return ``prefix-key``, numbered from the second use on (``prefix-key-2``)."""
        base = f"{prefix}-{key}"
        n = self._auto_ids.get(base, 0)
        self._auto_ids[base] = n + 1
        return base if n == 0 else f"{base}-{n + 1}"

"""The visitor and writer base classes: a strict walk over the document model."""

from __future__ import annotations

from typing import Any

from ..model import Document

SOURCE_PREFIX = "资料来源："
NOTE_PREFIX = "注："


def note_lines(notes: list[str], source: str) -> list[str]:
    """Return the lines every writer prints under a table or figure: "注：…" per note, then "资料来源：…"."""
    lines = [_prefixed(n, NOTE_PREFIX) for n in notes]
    if source:
        lines.append(_prefixed(source, SOURCE_PREFIX))
    return lines


def _prefixed(text: str, prefix: str) -> str:
    return text if text.startswith(prefix) or text.startswith(prefix.rstrip("：")) else prefix + text


class Visitor:
    """Call ``visit_<NodeClass>`` for each node handed to :meth:`dispatch`.

    A node kind without a visit method raises ``NotImplementedError``: a
    visitor never skips content silently.
    """

    def dispatch(self, node: Any) -> None:
        """Call the visit method for ``node``'s class."""
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise NotImplementedError(f"{type(self).__name__} cannot write {type(node).__name__}")
        method(node)


class Writer(Visitor):
    """Walk a document's blocks and return the output file.

    A subclass sets ``name`` and ``suffix`` and implements one visit method per
    block kind plus :meth:`start` and :meth:`finish`.
    """

    name = ""
    suffix = ""

    def write(self, doc: Document) -> bytes:
        """Return the whole output file for ``doc`` as bytes."""
        self.start(doc)
        for block in doc.blocks:
            self.dispatch(block)
        return self.finish(doc)

    def start(self, doc: Document) -> None:
        """Prepare for writing ``doc``."""

    def finish(self, doc: Document) -> bytes:
        """Return the finished file."""
        raise NotImplementedError

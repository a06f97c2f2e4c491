"""The writer base class: a strict visitor over the document model."""

from __future__ import annotations

from typing import Any

from ..model import Document


class Writer:
    """Walk a document's blocks, calling ``visit_<NodeClass>`` for each.

    A subclass sets ``name`` and ``suffix`` and implements one visit method per
    block kind plus :meth:`start` and :meth:`finish`. A block kind without a
    visit method raises ``NotImplementedError``: a writer never skips content
    silently.
    """

    name = ""
    suffix = ""

    def write(self, doc: Document) -> bytes:
        """Return the whole output file for ``doc`` as bytes."""
        self.start(doc)
        for block in doc.blocks:
            self.dispatch(block)
        return self.finish(doc)

    def dispatch(self, node: Any) -> None:
        """Call the visit method for ``node``'s class."""
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise NotImplementedError(f"{type(self).__name__} cannot write {type(node).__name__}")
        method(node)

    def start(self, doc: Document) -> None:
        """Prepare for writing ``doc``."""

    def finish(self, doc: Document) -> bytes:
        """Return the finished file."""
        raise NotImplementedError

"""The text-by-role pass: every character the PDF writer will draw, per font role.

Fonts are subset before the PDF is written, so this small visitor walks the
model first, taking each node's text and role from :mod:`.styles` and
:mod:`.tables`, the same places the writer takes them from.
"""

from __future__ import annotations

from ...model import BulletList, Document, Figure, Heading, PageBreak, Paragraph, Table
from ..base import Visitor, note_lines
from .paragraph import Run, TextStyle, split_latin
from .styles import (
    FIGURE_CAPTION_STYLE, MISSING, PAGE_NUMBER_CHARS, PARAGRAPH_STYLES, PLACEHOLDER, SOURCE_STYLE,
    TABLE_CAPTION_STYLE, bullet_prefixes, front_matter_lines, heading_runs, inline_runs,
)
from .tables import header_texts, row_texts


CONTEXT = 8
"""Characters shown on each side of a character in an error message."""


class TextByRole(Visitor):
    """Collect role → characters over a document's blocks (a visitor; it writes nothing), and for each
    character the text around its first appearance (``contexts``), for error messages."""

    def collect(self, doc: Document) -> dict[str, str]:
        """Return role → the sorted characters drawn in that role."""
        self.used: dict[str, set[str]] = {}
        self.contexts: dict[str, str] = {}
        self.start(doc)
        for block in doc.blocks:
            self.dispatch(block)
        return {role: "".join(sorted(chars)) for role, chars in sorted(self.used.items())}

    def add(self, role: str, text: str) -> None:
        """Record ``text`` as drawn in ``role`` (its ASCII in the Latin role where the writer puts it there)."""
        self._note_context(text)
        for run in split_latin([Run(text, role, 0.0)]):
            self.used.setdefault(run.role, set()).update(run.text)

    def _note_context(self, text: str) -> None:
        for i, ch in enumerate(text):
            if ch not in self.contexts:
                self.contexts[ch] = text[max(0, i - CONTEXT):i + CONTEXT + 1]

    def add_plain(self, role: str, text: str) -> None:
        """Record ``text`` drawn as one string in ``role``'s font (page numbers, placeholders)."""
        self.used.setdefault(role, set()).update(text)

    def add_runs(self, runs: list[Run]) -> None:
        """Record each run's text in its role."""
        for run in runs:
            self.add(run.role, run.text)

    def add_text(self, text: str, style: TextStyle) -> None:
        """Record ``text`` in ``style``'s role."""
        self.add(style.role, text)

    def start(self, doc: Document) -> None:
        """Record the fixed strings (page numbers, the missing-value dash) and the title block."""
        self.add_plain("table", PAGE_NUMBER_CHARS)
        self.add("table", MISSING)
        for text, style in front_matter_lines(doc.meta):
            self.add_text(text, style)

    def visit_Heading(self, node: Heading) -> None:
        self.add_runs(heading_runs(node)[0])

    def visit_Paragraph(self, node: Paragraph) -> None:
        self.add_runs(inline_runs(node.inlines, PARAGRAPH_STYLES[node.style]))

    def visit_BulletList(self, node: BulletList) -> None:
        style = PARAGRAPH_STYLES["body"]
        for prefix, item in zip(bullet_prefixes(node), node.items):
            self.add_text(prefix, style)
            self.add_runs(inline_runs(item, style))

    def visit_PageBreak(self, node: PageBreak) -> None:
        """A page break draws nothing."""

    def visit_Table(self, node: Table) -> None:
        self.add_text(node.title, TABLE_CAPTION_STYLE)
        for row in [header_texts(node)] + row_texts(node):
            for cell in row:
                self.add_text(cell.text, cell.style)
        self._notes(node.notes, node.source)

    def visit_Figure(self, node: Figure) -> None:
        self.add_text(node.title, FIGURE_CAPTION_STYLE)
        self._notes(node.notes, node.source)
        if node.image is None:
            self.add_plain("table", PLACEHOLDER.format(label=node.label))

    def _notes(self, notes: list[str], source: str) -> None:
        for line in note_lines(notes, source):
            self.add_text(line, SOURCE_STYLE)

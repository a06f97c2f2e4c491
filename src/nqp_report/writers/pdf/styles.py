"""What text each node of the model puts on the PDF page, in which style and font role.

The PDF writer and the text-by-role pass (:mod:`.textroles`) both take their
text from here, so the fonts are prepared for exactly the characters the
writer draws. Inlines are dispatched like blocks: ``visit_<InlineClass>``, and
an unknown inline kind raises.
"""

from __future__ import annotations

from dataclasses import replace

from ...house import HEADING_BOLD, HEADING_ROLES, LINE_PITCH, SIZE_2, SIZE_4, SIZE_5, SIZE_SMALL_4, INDENT
from ...model import BulletList, FrontMatter, Heading, Inline, Ref, Text
from .paragraph import Run, TextStyle

PLACEHOLDER = "［{label} 尚未绘制］"
UNORDERED_BULLET = "——"
MISSING = "—"
PAGE_NUMBER_CHARS = "— 0123456789"
ITALIC_ROLE = "kai"
"""Chinese text is never slanted: an italic run is set in 楷体."""

HEADING_STYLES = {level: TextStyle(role=role, bold=level in HEADING_BOLD) for level, role in HEADING_ROLES.items()}
PARAGRAPH_STYLES = {
    "body": TextStyle(),
    "abstract": TextStyle(role="kai", left_indent=6.0, right_indent=6.0),  # boxed: see BoxedParagraphs
    "note": TextStyle(size=SIZE_SMALL_4, leading=20.0, first_indent=24.0),
    "center": TextStyle(first_indent=0.0, align="center"),
    "signature": TextStyle(first_indent=0.0, align="right", right_indent=INDENT),
}
CAPTION_STYLE = TextStyle(role="heading", size=SIZE_4, leading=22.0, first_indent=0.0, align="center",
                          balance=True)
SOURCE_STYLE = TextStyle(role="kai", size=SIZE_5, leading=16.0, first_indent=0.0)  # as the DOCX "Source Note"
TITLE_STYLE = TextStyle(role="title", size=SIZE_2, leading=36.0, first_indent=0.0, align="center", balance=True)
SUBTITLE_STYLE = TextStyle(role="kai", first_indent=0.0, align="center", balance=True)
ISSUE_STYLE = TextStyle(first_indent=0.0, align="center")
ISSUER_STYLE = TextStyle(first_indent=0.0, align="center")
TABLE_CAPTION_STYLE = replace(CAPTION_STYLE, space_before=LINE_PITCH / 3, space_after=4.0)
FIGURE_CAPTION_STYLE = replace(CAPTION_STYLE, space_before=4.0, space_after=2.0)


class InlineRuns:
    """Turn inlines into :class:`Run` objects of one paragraph style, one ``visit_`` method per inline kind."""

    def __init__(self, style: TextStyle) -> None:
        self.style = style

    def runs(self, inlines: list[Inline]) -> list[Run]:
        """Return one run per inline; raise TypeError for an inline kind without a visit method."""
        out = []
        for inline in inlines:
            method = getattr(self, "visit_" + type(inline).__name__, None)
            if method is None:
                raise TypeError(f"the PDF writer cannot write inline {type(inline).__name__}")
            out.append(method(inline))
        return out

    def visit_Text(self, node: Text) -> Run:
        role = ITALIC_ROLE if node.italic else self.style.role
        return Run(node.text, role, self.style.size, bold=node.bold, sup=node.superscript)

    def visit_Ref(self, node: Ref) -> Run:
        return Run(node.label, self.style.role, self.style.size, link=node.target, unbreakable=True)


def inline_runs(inlines: list[Inline], style: TextStyle) -> list[Run]:
    """Return the runs of ``inlines`` set in ``style`` (italic in the 楷体 role)."""
    return InlineRuns(style).runs(inlines)


def front_matter_lines(meta: FrontMatter) -> list[tuple[str, TextStyle]]:
    """Return the title block as (text, style): issue number, title, subtitle, issuer and date."""
    lines = []
    if meta.issue_no:
        lines.append((meta.issue_no, ISSUE_STYLE))
    lines.append((meta.title, replace(TITLE_STYLE, space_before=6.0 if meta.issue_no else 0.0, space_after=6.0)))
    if meta.subtitle:
        lines.append((meta.subtitle, SUBTITLE_STYLE))
    line = "\u3000\u3000".join(p for p in (meta.issuer, meta.date) if p)
    if line:
        lines.append((line, ISSUER_STYLE))
    return lines


def heading_runs(node: Heading) -> tuple[list[Run], TextStyle]:
    """Return a heading's runs (number first) and style; an unnumbered level-1 heading is centred."""
    style = HEADING_STYLES[node.level]
    if not node.numbered and node.level == 1:
        style = replace(style, first_indent=0.0, align="center")
    return [Run(node.number, style.role, style.size)] + inline_runs(node.inlines, style), style


def bullet_prefixes(node: BulletList) -> list[str]:
    """Return each list item's marker: "1." "2." … or a dash."""
    return [f"{n}." if node.ordered else UNORDERED_BULLET for n in range(1, len(node.items) + 1)]

"""The document model: a small closed tree of plain dataclasses.

Templates produce it (``render``), transforms number it (``transforms``), and
writers consume it (``writers``). It imports nothing from the package, so both
sides depend on it and not on each other.

    Document(meta, blocks)
    Block   = Heading | Paragraph | BulletList | Table | Figure | PageBreak
    Inline  = Text | Ref
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Align = Literal["left", "center", "right"]


# ---------------------------------------------------------------- inlines
@dataclass
class Text:
    """A run of text with simple emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    superscript: bool = False


@dataclass
class Ref:
    """A reference to a numbered table or figure, e.g. ``（见表2）``.

    ``target`` is the id of a :class:`Table` or :class:`Figure`; ``label`` is
    filled by the numbering transform ("表2", "图1").
    """

    target: str
    label: str = ""


Inline = Union[Text, Ref]


def inline_text(inlines: list[Inline]) -> str:
    """Return the plain text of a list of inlines (refs as their labels)."""
    return "".join(i.text if isinstance(i, Text) else i.label for i in inlines)


# ---------------------------------------------------------------- blocks
@dataclass
class Heading:
    """A heading of level 1-4; ``number`` ("一、", "（一）", "1.", "（1）") is set by transforms."""

    level: int
    inlines: list[Inline]
    numbered: bool = True
    id: str = ""
    number: str = ""

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 4:
            raise ValueError(f"heading level must be in range 1-4, got {self.level}")

    @property
    def text(self) -> str:
        """Return the heading's text without its number."""
        return inline_text(self.inlines)

    @property
    def title(self) -> str:
        """Return the heading as printed, number included: "一、工业基础"."""
        return self.number + self.text


ParagraphStyle = Literal["body", "abstract", "note", "center", "signature"]


@dataclass
class Paragraph:
    """A paragraph of inlines; ``style`` picks body text, 内容提要, a note, centred or signature text."""

    inlines: list[Inline]
    style: ParagraphStyle = "body"

    @property
    def text(self) -> str:
        """Return the paragraph's plain text."""
        return inline_text(self.inlines)


@dataclass
class BulletList:
    """A list; each item is a list of inlines. Ordered lists number as 1. 2. …"""

    items: list[list[Inline]]
    ordered: bool = False


@dataclass
class Cell:
    """A table cell. ``missing`` marks a value shown as "—"; ``span`` merges columns."""

    text: str
    missing: bool = False
    span: int = 1
    bold: bool = False


@dataclass
class Column:
    """A column's header text, alignment and relative width."""

    header: str
    align: Align = "left"
    width: float = 1.0


RowKind = Literal["body", "group", "highlight"]


@dataclass
class Row:
    """A body row; ``group`` rows are section labels spanning the table, ``highlight`` marks the target."""

    cells: list[Cell]
    kind: RowKind = "body"


@dataclass
class Table:
    """A three-line table with caption above and notes and source below."""

    id: str
    caption: str
    columns: list[Column]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    source: str = ""
    kind: Literal["comparison", "matrix", "plain"] = "plain"
    number: int = 0

    @property
    def label(self) -> str:
        """Return "表N", once numbered."""
        return f"表{self.number}"

    @property
    def title(self) -> str:
        """Return the caption line as printed: "表1 title"."""
        return f"{self.label} {self.caption}"


@dataclass
class ChartSpec:
    """What to draw; ``kind`` selects a chart function in ``charts``; ``data`` is plain JSON-like data."""

    kind: str
    data: dict


@dataclass
class Figure:
    """A figure with caption and source below; ``image`` is PNG bytes once charts are drawn."""

    id: str
    caption: str
    chart: ChartSpec | None = None
    source: str = ""
    notes: list[str] = field(default_factory=list)
    width_mm: float = 150.0
    height_mm: float = 85.0
    image: bytes | None = None
    number: int = 0

    @property
    def label(self) -> str:
        """Return "图N", once numbered."""
        return f"图{self.number}"

    @property
    def title(self) -> str:
        """Return the caption line as printed: "图1 title"."""
        return f"{self.label} {self.caption}"


@dataclass
class PageBreak:
    """Start a new page."""


Block = Union[Heading, Paragraph, BulletList, Table, Figure, PageBreak]


@dataclass
class FrontMatter:
    """The title block and document properties."""

    title: str
    subtitle: str = ""
    issuer: str = ""
    date: str = ""
    issue_no: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)


@dataclass
class Document:
    """A whole briefing: front matter and a flat list of blocks."""

    meta: FrontMatter
    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> list[Table]:
        """Return the tables in document order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        """Return the figures in document order."""
        return [b for b in self.blocks if isinstance(b, Figure)]

    def headings(self) -> list[Heading]:
        """Return the headings in document order."""
        return [b for b in self.blocks if isinstance(b, Heading)]


NODE_KINDS = (Heading, Paragraph, BulletList, Table, Figure, PageBreak)

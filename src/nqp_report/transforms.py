"""Passes over the document model: heading numbers, 表/图 numbers, references.

Each pass takes a :class:`~nqp_report.model.Document` and changes it in place;
:func:`apply_all` runs them in order. Writers rely on these having run.
"""

from __future__ import annotations

from .errors import TemplateError
from .model import BulletList, Document, Figure, Heading, Paragraph, Ref, Table

_DIGITS = "零一二三四五六七八九"


_UNITS = ("", "十", "百", "千")


def chinese_numeral(n: int) -> str:
    """Return ``n`` (1-9999) in Chinese numerals: 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五, 1010 → 一千零一十."""
    if not 1 <= n <= 9999:
        raise ValueError(f"n must be in range 1-9999, got {n}")
    digits = [int(d) for d in str(n)]
    out, zero = [], False
    for i, d in enumerate(digits):
        unit = _UNITS[len(digits) - 1 - i]
        if d == 0:
            zero = True
            continue
        if zero and out:
            out.append("零")
        zero = False
        out.append(("" if d == 1 and unit == "十" and i == 0 else _DIGITS[d]) + unit)
    return "".join(out)


def heading_number(level: int, n: int) -> str:
    """Return the official-style number of the ``n``-th heading at ``level``: 一、（一）1.（1）."""
    if level == 1:
        return chinese_numeral(n) + "、"
    if level == 2:
        return "（" + chinese_numeral(n) + "）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def number_headings(doc: Document) -> None:
    """Set ``Heading.number`` for numbered headings; counters restart under each parent."""
    counters = [0, 0, 0, 0]
    for block in doc.blocks:
        if not isinstance(block, Heading):
            continue
        if not block.numbered:
            if block.level == 1:
                counters = [0, 0, 0, 0]
            block.number = ""
            continue
        i = block.level - 1
        counters[i] += 1
        for j in range(i + 1, 4):
            counters[j] = 0
        try:
            block.number = heading_number(block.level, counters[i])
        except ValueError:
            raise TemplateError(f"第{block.level}级标题超过9999个，无法编号：“{block.text}”") from None


def number_floats(doc: Document) -> None:
    """Number tables and figures separately, in document order, from 1."""
    for n, table in enumerate(doc.tables(), start=1):
        table.number = n
    for n, figure in enumerate(doc.figures(), start=1):
        figure.number = n


def resolve_refs(doc: Document) -> None:
    """Fill each :class:`Ref` label from its target; an unknown target is a TemplateError."""
    labels: dict[str, str] = {}
    for block in doc.blocks:
        if isinstance(block, (Table, Figure)) and block.id:
            if block.id in labels:
                raise TemplateError(f"表或图的标识“{block.id}”重复")
            labels[block.id] = block.label
    for block in doc.blocks:
        for inlines in _inline_lists(block):
            for inline in inlines:
                if isinstance(inline, Ref):
                    if inline.target not in labels:
                        known = "、".join(sorted(labels)) or "（无）"
                        raise TemplateError(
                            f"引用了不存在的表或图“{inline.target}”；已有：{known}"
                        )
                    inline.label = labels[inline.target]


def _inline_lists(block):
    if isinstance(block, (Heading, Paragraph)):
        yield block.inlines
    elif isinstance(block, BulletList):
        yield from block.items


def apply_all(doc: Document) -> Document:
    """Run every pass in order and return the same document."""
    number_headings(doc)
    number_floats(doc)
    resolve_refs(doc)
    return doc

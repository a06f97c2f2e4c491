"""The PDF writer package (ReportLab).

    writer.py     PdfWriter: the visitor that turns blocks into flowables
    styles.py     what text each node draws, in which style and font role; inline dispatch
    textroles.py  the text-by-role pass that tells the font code which characters each role needs
    tables.py     three-line tables: cell texts, widths, spans, rules
    paragraph.py  the Chinese paragraph (避头尾 line breaking, justification, fixed leading)
    metrics.py    character advances and plain-string drawing
    flowables.py  flowables that keep captions, tables, figures and headings together
    page.py       the page template, page numbers, fixed document dates
    register.py   font subsets registered with ReportLab, and the coverage check
"""

from .register import pdf_fonts_for
from .writer import PdfWriter, text_by_role

__all__ = ["PdfWriter", "pdf_fonts_for", "text_by_role"]

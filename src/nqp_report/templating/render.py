"""Rendered Markdown → document model blocks: headings, paragraphs, lists, and the directives' blocks.

Directives leave a marker paragraph that is replaced by their table or figure;
reference markers become :class:`~nqp_report.model.Ref` nodes.
"""

from __future__ import annotations

from ..errors import TemplateError
from ..model import BulletList, Document, FrontMatter, Heading, Inline, PageBreak, Paragraph, Ref, Text
from .markers import BLOCK_MARK, REF_MARK
from .sandbox import render_markdown
from .template import Template

MAX_HEADING_LEVEL = 4


def split_refs(text: str, bold: bool = False, italic: bool = False) -> list[Inline]:
    """Return text as inlines, turning reference markers into :class:`Ref` nodes."""
    out: list[Inline] = []
    pos = 0
    for m in REF_MARK.finditer(text):
        if m.start() > pos:
            out.append(Text(text[pos:m.start()], bold=bold, italic=italic))
        out.append(Ref(m.group(1)))
        pos = m.end()
    if pos < len(text):
        out.append(Text(text[pos:], bold=bold, italic=italic))
    return out


def _inlines(token) -> list[Inline]:
    out: list[Inline] = []
    bold = italic = sup = False
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts = split_refs(child.content, bold, italic)
            for p in parts:
                if isinstance(p, Text):
                    p.superscript = sup
            out.extend(parts)
        elif kind in ("softbreak", "hardbreak"):
            continue
        elif kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "html_inline" and child.content in ("<sup>", "</sup>"):
            sup = child.content == "<sup>"
    return out


class _Converter:
    """Walk markdown-it tokens and build model blocks."""

    def __init__(self, blocks_by_marker: dict[int, list]):
        self.blocks_by_marker = blocks_by_marker
        self.blocks: list = []

    def convert(self, tokens) -> list:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                level = int(tok.tag[1])
                if level > MAX_HEADING_LEVEL:
                    raise MarkdownError(f"标题最多{MAX_HEADING_LEVEL}级（####），此处为{level}级："
                                        f"“{tokens[i + 1].content.strip()}”", tok.map)
                inline = tokens[i + 1]
                text = inline.content.strip()
                numbered = not text.startswith("*")
                inlines = _inlines(inline)
                if not numbered:
                    inlines = [Text(inline.content.strip().lstrip("*").strip())]
                self.blocks.append(Heading(level, inlines, numbered=numbered))
                i += 3
            elif tok.type == "paragraph_open":
                inline = tokens[i + 1]
                self._paragraph(inline)
                i += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                i = self._list(tokens, i)
            elif tok.type == "hr":
                self.blocks.append(PageBreak())
                i += 1
            elif tok.type == "blockquote_open":
                j = i + 1
                while tokens[j].type != "blockquote_close":
                    if tokens[j].type == "inline":
                        self.blocks.append(Paragraph(_inlines(tokens[j]), style="abstract"))
                    j += 1
                i = j + 1
            else:
                i += 1
        return self.blocks

    def _paragraph(self, inline) -> None:
        content = inline.content.strip()
        m = BLOCK_MARK.match(content)
        if m:
            self.blocks.extend(self.blocks_by_marker[int(m.group(1))])
            return
        style = "body"
        if content.startswith("->") and content.endswith("<-"):
            style = "center"
            inline.children[0].content = inline.children[0].content.lstrip("->").lstrip()
            inline.children[-1].content = inline.children[-1].content.rstrip("<-").rstrip()
        elif content.startswith(">>"):
            style = "signature"
            inline.children[0].content = inline.children[0].content.lstrip(">").lstrip()
        self.blocks.append(Paragraph(_inlines(inline), style=style))

    def _list(self, tokens, i: int) -> int:
        """Add one flat list; a nested list or a second paragraph in an item is refused (the model has neither)."""
        ordered = tokens[i].type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        items, j = [], i + 1
        while tokens[j].type != close:
            t = tokens[j]
            if t.type in ("bullet_list_open", "ordered_list_open"):
                raise MarkdownError(f"列表中不能再嵌套列表（“{tokens[j + 3].content.strip()}”缩进成了下一级）；"
                                    "请改为同一级的列表项，或写成普通段落", tokens[i].map)
            if t.type == "list_item_open":
                items.append(None)
            elif t.type == "inline" and items[-1] is not None:
                raise MarkdownError(f"列表项中不能有第二段（“{t.content.strip()}”）；请把它并入该项的第一段"
                                    "（不空行），或去掉缩进，写成列表后的普通段落", tokens[i].map)
            elif t.type == "inline":
                items[-1] = _inlines(t)
            j += 1
        self.blocks.append(BulletList([item for item in items if item is not None], ordered=ordered))
        return j + 1


class MarkdownError(TemplateError):
    """A construct of the rendered Markdown the model cannot hold, at a line of the rendered text."""

    def __init__(self, message: str, source_map: list[int] | None):
        super().__init__(message)
        self.rendered_line = source_map[0] if source_map else None


def markdown_to_blocks(markdown: str, blocks_by_marker: dict[int, list]) -> list:
    """Return model blocks for rendered Markdown; directive markers become their blocks."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    return _Converter(blocks_by_marker).convert(md.parse(markdown))


def _template_line(template: Template, markdown: str, rendered_line: int | None) -> int | None:
    """Return the template file line that produced ``rendered_line`` of the rendered Markdown, or None.

    Plain template text renders line for line; otherwise the first template line
    with the same text is taken, and None when no line matches.
    """
    if rendered_line is None:
        return None
    rendered = markdown.splitlines()[rendered_line]
    body = template.body.splitlines()
    if rendered_line < len(body) and body[rendered_line] == rendered:
        return rendered_line + template.body_line
    return next((n + template.body_line for n, line in enumerate(body) if line.strip() == rendered.strip()), None)


def build_document(template: Template, context_obj, meta: FrontMatter) -> Document:
    """Return the (unnumbered) document for a template rendered with a briefing context."""
    markdown = render_markdown(template, context_obj.globals())
    try:
        blocks = markdown_to_blocks(markdown, context_obj.blocks_by_marker)
    except MarkdownError as exc:
        line = _template_line(template, markdown, exc.rendered_line)
        raise TemplateError(exc.detail, str(template.path), line) from exc
    return Document(meta=meta, blocks=blocks)

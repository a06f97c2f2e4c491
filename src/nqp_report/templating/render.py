"""Templates → document model: front matter, sandboxed Jinja2, then Markdown.

The only code that reads templates. A template is a Markdown file with a YAML
front matter block (parameters: title, target, peers, reference year …). Its
body is rendered by a sandboxed Jinja2 environment whose globals are the
helpers and directives of :class:`~nqp_report.templating.namespace.BriefingContext`;
the resulting Markdown is parsed with markdown-it-py into model blocks.
Directives leave a marker paragraph that is replaced by their table or figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import NqpError, TemplateError
from ..model import BulletList, Document, FrontMatter, Heading, Inline, PageBreak, Paragraph, Ref, Text
from ..resources import bundled_templates_dir
from .markers import BLOCK_MARK, REF_MARK, escape_markdown
MAX_HEADING_LEVEL = 4
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


@dataclass
class Template:
    """A loaded template: its file, parameters from the front matter, body and body's first line."""

    path: Path
    params: dict
    body: str
    body_line: int = 1
    name: str = ""


@dataclass
class Params:
    """Build parameters after front matter and command-line overrides."""

    title: str = ""
    subtitle: str = ""
    target: str = "宁波"
    peers: list[str] | str = "auto"
    max_peers: int = 6
    reference_year: int | None = None
    issuer: str = ""
    date: str = ""
    issue_no: str = ""
    keywords: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def find_template(name_or_path: str) -> Path:
    """Return the template file for a bundled name ("briefing") or a path; TemplateError if none."""
    candidate = Path(name_or_path)
    if candidate.suffix and candidate.exists():
        return candidate
    bundled = bundled_templates_dir() / f"{name_or_path}.md"
    if bundled.exists():
        return bundled
    names = "、".join(sorted(p.stem for p in bundled_templates_dir().glob("*.md")))
    raise TemplateError(f"找不到模板“{name_or_path}”；自带模板有：{names}，也可给出 .md 文件路径")


def load_template(name_or_path: str) -> Template:
    """Return the template with its front matter parsed; TemplateError on bad YAML."""
    path = find_template(name_or_path)
    text = path.read_text(encoding="utf-8-sig")
    match = FRONT_MATTER.match(text)
    params: dict = {}
    body, body_line = text, 1
    if match:
        try:
            params = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise TemplateError(f"前置参数（YAML）有误：{getattr(exc, 'problem', exc)}", str(path),
                                mark.line + 2 if mark else None) from exc
        if not isinstance(params, dict):
            raise TemplateError("前置参数应为“键: 值”形式", str(path), 2)
        body = text[match.end():]
        body_line = text[: match.end()].count("\n") + 1
    return Template(path, params, body, body_line, path.stem)


def merge_params(template: Template, overrides: dict) -> Params:
    """Return the build parameters: front matter, then non-empty command-line overrides."""
    known = {f for f in Params.__dataclass_fields__ if f != "extra"}
    merged = {k: v for k, v in template.params.items() if k in known}
    extra = {k: v for k, v in template.params.items() if k not in known}
    merged.update({k: v for k, v in overrides.items() if v not in (None, "", [], ())})
    params = Params(**merged, extra=extra)
    if isinstance(params.peers, str) and params.peers != "auto":
        params.peers = [p for p in re.split(r"[,，、;；\s]+", params.peers) if p]
    return params


def _template_line(exc: BaseException, template: Template) -> int | None:
    """Return the template line of an error raised while rendering, from Jinja's rewritten traceback."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno + template.body_line - 1
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(template.path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return None if line is None else line + template.body_line - 1


_UNDEFINED = re.compile(r"'(?:[^']*object' has no attribute )?'?([^']+)'? is undefined")


def _environment(markdown: bool):
    """Return the strict sandbox; for Markdown bodies every printed value is escaped as literal text."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                                finalize=escape_markdown if markdown else None)


def _render(template: Template, source: str, context: dict, where: str, line: int | None,
            markdown: bool = True) -> str:
    """Return ``source`` rendered in the strict sandbox; errors name the template file and line."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    env = _environment(markdown)

    def at(exc: BaseException) -> int | None:
        return _template_line(exc, template) if line is None else line

    try:
        compiled = env.compile(source, name=template.name, filename=str(template.path))
        jinja_template = env.template_class.from_code(env, compiled, env.make_globals(None), None)
        return jinja_template.render(context)
    except TemplateError as exc:
        if exc.file is None:
            raise TemplateError(where + exc.detail, str(template.path), at(exc)) from exc
        raise
    except NqpError:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{where}模板语法错误：{exc.message}", str(template.path), at(exc)) from exc
    except UndefinedError as exc:
        m = _UNDEFINED.search(str(exc))
        name = m.group(1) if m else str(exc)
        raise TemplateError(f"{where}未知的名称“{name}”", str(template.path), at(exc)) from exc
    except SecurityError as exc:
        raise TemplateError(f"{where}模板不允许的操作：{exc}", str(template.path), at(exc)) from exc
    except (TypeError, ValueError, KeyError, AttributeError, ZeroDivisionError) as exc:
        raise TemplateError(f"{where}模板求值出错：{exc}", str(template.path), at(exc)) from exc


def render_markdown(template: Template, context: dict) -> str:
    """Return the template body rendered by the strict sandboxed Jinja2 environment."""
    return _render(template, template.body, context, "", None)


def render_front_matter(template: Template, key: str, value: object, context: dict) -> str:
    """Return one front-matter value (``title: "{{ target }}…"``) rendered in the same strict sandbox."""
    text = "" if value is None else str(value)
    return _render(template, text, context, f"前置参数“{key}”中：", front_matter_line(template, key), markdown=False)


def front_matter_line(template: Template, key: str) -> int | None:
    """Return the file line where front-matter ``key`` is set, or None when it is not found."""
    try:
        lines = template.path.read_text(encoding="utf-8-sig").splitlines()[: template.body_line]
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), None)


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
                    raise TemplateError(f"标题最多{MAX_HEADING_LEVEL}级（####），此处为{level}级："
                                        f"“{tokens[i + 1].content.strip()}”")
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
        ordered = tokens[i].type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        items, depth, j = [], 0, i + 1
        while not (tokens[j].type == close and depth == 0):
            t = tokens[j]
            if t.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif t.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            elif t.type == "inline":
                items.append(_inlines(t))
            j += 1
        self.blocks.append(BulletList(items, ordered=ordered))
        return j + 1


def markdown_to_blocks(markdown: str, blocks_by_marker: dict[int, list]) -> list:
    """Return model blocks for rendered Markdown; directive markers become their blocks."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    return _Converter(blocks_by_marker).convert(md.parse(markdown))


def _deep_heading_line(template: Template) -> int | None:
    """Return the file line of the first heading deeper than the model allows, or None."""
    deep = re.compile(rf"^\s{{0,3}}#{{{MAX_HEADING_LEVEL + 1},6}}(\s|$)")
    for n, line in enumerate(template.body.splitlines()):
        if deep.match(line):
            return n + template.body_line
    return None


def build_document(template: Template, context_obj, meta: FrontMatter) -> Document:
    """Return the (unnumbered) document for a template rendered with a briefing context."""
    markdown = render_markdown(template, context_obj.globals())
    try:
        blocks = markdown_to_blocks(markdown, context_obj.blocks_by_marker)
    except TemplateError as exc:
        if exc.file is not None:
            raise
        raise TemplateError(exc.detail, str(template.path), _deep_heading_line(template)) from exc
    return Document(meta=meta, blocks=blocks)

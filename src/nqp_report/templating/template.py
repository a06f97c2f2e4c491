"""Template files: finding a bundled or given template, its YAML front matter and the build parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import TemplateError
from ..resources import bundled_templates_dir

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


@dataclass
class Template:
    """A loaded template: its file, parameters from the front matter, body and body's first line."""

    path: Path
    params: dict
    body: str
    body_line: int = 1
    name: str = ""
    text: str = ""


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
    if not match and re.match(r"---[ \t]*\r?\n", text):
        raise TemplateError("前置参数以 --- 开始，但没有结束的 --- 行；请在前置参数之后单独加一行 ---", str(path), 1)
    if match:
        params = parse_front_matter(match.group(1), str(path))
        body = text[match.end():]
        body_line = text[: match.end()].count("\n") + 1
    return Template(path, params, body, body_line, path.stem, text)


MAX_FRONT_MATTER_CHARS = 10_000


def _known_keys() -> list[str]:
    return [f for f in Params.__dataclass_fields__ if f != "extra"]


def parse_front_matter(source: str, file: str) -> dict:
    """Return the front matter's keys and values; TemplateError (naming the line) for what is refused.

    Refused: more than MAX_FRONT_MATTER_CHARS characters, YAML anchors and aliases
    (``&x`` / ``*x``, which can expand a few hundred bytes into gigabytes), a key
    given twice, and a key the tool does not know (a typo such as ``titel:``).
    """
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise TemplateError(f"前置参数有 {len(source)} 个字符，超过上限 {MAX_FRONT_MATTER_CHARS}", file, 2)
    try:
        for event in yaml.parse(source, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise TemplateError("前置参数不支持 YAML 锚点和别名（& 与 *）；请直接写出每个值", file,
                                    event.start_mark.line + 2)
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        params = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or exc)[:200]
        raise TemplateError(f"前置参数（YAML）有误：{problem}", file, mark.line + 2 if mark else None) from None
    if not isinstance(params, dict) or not isinstance(node, yaml.MappingNode):
        raise TemplateError("前置参数应为“键: 值”形式", file, 2)
    seen: dict[str, int] = {}
    known = _known_keys()
    for key_node, _ in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 2
        if key in seen:
            raise TemplateError(f"前置参数“{key[:40]}”写了两次（第{seen[key]}行和第{line}行）；请只保留一处", file, line)
        seen[key] = line
        if key not in known:
            raise TemplateError(f"未知的前置参数“{key[:40]}”；可用的有：{'、'.join(known)}", file, line)
    return params


def merge_params(template: Template, overrides: dict) -> Params:
    """Return the build parameters: front matter, then non-empty command-line overrides."""
    known = {f for f in Params.__dataclass_fields__ if f != "extra"}
    merged = {k: v for k, v in template.params.items() if k in known}
    extra = {k: v for k, v in template.params.items() if k not in known}
    merged.update({k: v for k, v in overrides.items() if v not in (None, "", [], ())})
    params = Params(**merged, extra=extra)
    if isinstance(params.peers, str) and params.peers != "auto":
        params.peers = split_names(params.peers)
    return params


def split_names(text: str) -> list[str]:
    """Return the names of a list written as text, split on commas only (, ， 、) and stripped.

    Spaces inside a name are kept ("New York"); the one rule for --peers, --targets, --format
    and a front-matter ``peers:`` written as text.
    """
    return [p.strip() for p in re.split(r"[,，、]", text) if p.strip()]


def front_matter_line(template: Template, key: str) -> int | None:
    """Return the file line where front-matter ``key`` is set, or None when it is not found."""
    try:
        lines = template.path.read_text(encoding="utf-8-sig").splitlines()[: template.body_line]
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), None)

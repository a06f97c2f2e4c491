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
    return Template(path, params, body, body_line, path.stem, text)


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


def front_matter_line(template: Template, key: str) -> int | None:
    """Return the file line where front-matter ``key`` is set, or None when it is not found."""
    try:
        lines = template.path.read_text(encoding="utf-8-sig").splitlines()[: template.body_line]
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), None)

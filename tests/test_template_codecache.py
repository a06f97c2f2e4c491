"""Compiled template code kept in the cache: the same output and error lines from a cache hit, no second compile."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqp_report.errors import TemplateError
from nqp_report.templating import codecache, sandbox
from nqp_report.templating.template import Template


def _template(tmp_path: Path, body: str) -> Template:
    path = tmp_path / "t.md"
    path.write_text(body, encoding="utf-8")
    return Template(path=path, params={}, body=body, body_line=3, name="t")


def _error_line(template: Template) -> int | None:
    with pytest.raises(TemplateError) as info:
        sandbox.render_markdown(template, {"items": [1, 2]})
    return info.value.line


def test_cache_hit_renders_the_same_without_compiling(tmp_path, monkeypatch):
    template = _template(tmp_path, "{% for i in items %}第{{ i }}项 {% endfor %}{{ items | length }}\n")
    first = sandbox.render_markdown(template, {"items": [1, 2]})
    assert len(list((codecache.cache_dir() / "templates").glob("*.code"))) >= 1
    monkeypatch.setattr(sandbox, "_instrument", _refuse)
    assert sandbox.render_markdown(template, {"items": [1, 2]}) == first == "第1项 第2项 2\n"


def test_cache_hit_keeps_the_error_line(tmp_path):
    template = _template(tmp_path, "正文\n\n{{ items[0] / 0 }}\n")
    assert _error_line(template) == _error_line(template) == 5


def test_changed_source_is_compiled_again(tmp_path):
    assert sandbox.render_markdown(_template(tmp_path, "{{ items[0] }}"), {"items": [7]}) == "7"
    assert sandbox.render_markdown(_template(tmp_path, "{{ items[0] + 1 }}"), {"items": [7]}) == "8"


def test_syntax_error_is_not_stored(tmp_path):
    template = _template(tmp_path, "{% for %}")
    before = set((codecache.cache_dir() / "templates").glob("*.code"))
    with pytest.raises(TemplateError):
        sandbox.render_markdown(template, {})
    assert set((codecache.cache_dir() / "templates").glob("*.code")) == before


def test_damaged_entry_is_compiled_again(tmp_path):
    template = _template(tmp_path, "{{ items | length }}")
    entry = codecache._code_file(template.body, "t", str(template.path), True)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(b"\x00damaged")
    assert sandbox.render_markdown(template, {"items": [1]}) == "1"
    assert entry.read_bytes() != b"\x00damaged"


def _refuse(tree):
    pytest.fail("compiled the template again on a cache hit")

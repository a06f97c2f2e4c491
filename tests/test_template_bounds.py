"""Hostile templates: huge numbers, texts, ranges, loops, recursion, time and output are refused cleanly.

Every refusal is exit 1 with a Chinese message naming the template file and line
(no traceback), and the outputs of the previous build stay byte-identical. The
limits are lowered through the same environment variables a user would set, so
each case takes well under a second.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from datagen import run_cli as run, tree_hashes, write_csv_dataset
from nqp_report.templating.bounds import TemplateLimits, limits_from_environment

FRONT = "---\ntarget: 甲市\npeers: [乙市]\n---\n"  # four lines: body line 3 is file line 7
PLAIN = "导语。\n\n正文一段。\n"


def template_text(line: str) -> str:
    return FRONT + "导语。\n\n" + line + "\n"


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path]:
    """Return (data folder, output folder) of a good build of the plain template."""
    root = tmp_path_factory.mktemp("bounds")
    data = write_csv_dataset(root / "data")
    template = root / "t.md"
    template.write_text(FRONT + PLAIN, encoding="utf-8")
    out = root / "out"
    result = run("build", "--data", data, "--template", template, "--out", out, "--format", "docx",
                 "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    return data, out


def build_hostile(first_build, tmp_path: Path, text: str, env: dict | None = None):
    """Return the CLI result of building ``text`` over a copy of the first build's outputs, and both hashes."""
    data, previous = first_build
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = tree_hashes(out)
    template = tmp_path / "t.md"
    template.write_text(text, encoding="utf-8")
    result = run("build", "--data", data, "--template", template, "--out", out, "--format", "docx",
                 "--date", "2026-11-24", env=env)
    return result, before, tree_hashes(out)


def assert_refused(result, before, after, message: str, line: int | None = 7) -> None:
    assert result.exit_code == 1, result.output
    where = "t.md" + (f"，第{line}行" if line else "")
    assert where in result.output and message in result.output, result.output
    assert after == before


CASES = {
    "huge power": ("{{ (10**300000000) > 1 }}", "整数过大", None),
    "power of a power": ("{{ 10**(10**8) }}", "整数过大", None),
    "huge product": ("{{ (10**3000) * (10**3000) }}", "整数过大", None),
    "range 10**9": ("{{ range(10**9)|length }}", "range 的项数过多", None),
    "nested range loops": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
                           "循环和调用次数超过上限", {"NQP_TEMPLATE_MAX_STEPS": "20000"}),
    "x * 10**9": ("{{ ('x'*10**9)|length }}", "文本或列表过长", None),
    "x * 10**11": ("{{ ('x'*10**11)|length }}", "文本或列表过长", None),
    "list * 10**9": ("{{ ([1]*10**9)|length }}", "文本或列表过长", None),
    "recursive macro": ("{% macro m(n) %}{{ m(n+1) }}{% endmacro %}{{ m(1) }}", "嵌套超过 100 层", None),
    "wide recursion": ("{% macro m(n) %}{% if n %}{{ m(n-1) }}{{ m(n-1) }}{% endif %}{% endmacro %}{{ m(40) }}",
                       "循环和调用次数超过上限", {"NQP_TEMPLATE_MAX_STEPS": "20000"}),
    "doubling with ~": ('{% set ns = namespace(s="x") %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}'
                        '{% endfor %}{{ ns.s|length }}', "文本或列表过长", {"NQP_TEMPLATE_MAX_OUTPUT_MB": "1"}),
    "chained ~": ("{% set a = 'x'*600000 %}{% set b = a ~ a %}{{ b|length }}", "文本或列表过长",
                  {"NQP_TEMPLATE_MAX_OUTPUT_MB": "1"}),
    "center filter": ("{{ 'x'|center(10**11) }}", "文本或列表过长", None),
    "percent width": ("{{ '%0100000000000d' % 1 }}", "文本或列表过长", None),
    "format width": ("{{ '{:>100000000000}'.format(1) }}", "文本或列表过长", None),
    "format filter width": ("{{ '%100000000000s'|format('a') }}", "文本或列表过长", None),
    "ljust": ("{{ 'x'.ljust(10**11) }}", "文本或列表过长", None),
    "join": ("{{ (['x'*999999]*100000)|join }}", "文本或列表过长", None),
    "replace": ("{{ ('x'*1000)|replace('x', 'y'*100000) }}", "文本或列表过长", None),
    "lipsum": ("{{ lipsum(10**9) }}", "文本或列表过长", None),
    "printed output": ('{% for i in range(2000) %}{{ "y"*999 }}{% endfor %}', "模板生成的文本超过 1 MB 上限",
                       {"NQP_TEMPLATE_MAX_OUTPUT_MB": "1"}),
    "loop text output": ("{% for i in range(99999) %}" + "文" * 500 + "{% endfor %}", "模板生成的文本超过 1 MB 上限",
                         {"NQP_TEMPLATE_MAX_OUTPUT_MB": "1"}),
    "render time": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
                    "模板渲染超过 0.3 秒仍未完成", {"NQP_TEMPLATE_MAX_SECONDS": "0.3"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_template_is_refused_and_outputs_stay(first_build, tmp_path, case):
    line, message, env = CASES[case]
    result, before, after = build_hostile(first_build, tmp_path, template_text(line), env)
    assert_refused(result, before, after, message)


def test_a_hostile_front_matter_value_is_refused_with_its_line(first_build, tmp_path):
    text = "---\ntarget: 甲市\ntitle: \"{{ 'x'*10**9 }}\"\n---\n" + PLAIN
    result, before, after = build_hostile(first_build, tmp_path, text)
    assert_refused(result, before, after, "前置参数“title”中：文本或列表过长", line=3)


def test_jinja_power_is_left_associative_so_10_to_10_to_8_is_small(first_build, tmp_path):
    result, before, after = build_hostile(first_build, tmp_path, template_text("{{ 10**10**8 }}"))
    assert result.exit_code == 0, result.output
    assert after != before


def test_a_raised_limit_lets_the_template_through(first_build, tmp_path):
    text = template_text("{{ range(150000)|length }}")
    refused, before, after = build_hostile(first_build, tmp_path / "a", text)
    assert_refused(refused, before, after, "上限 100,000 项")
    raised, _, _ = build_hostile(first_build, tmp_path / "b", text, {"NQP_TEMPLATE_MAX_RANGE": "200000"})
    assert raised.exit_code == 0, raised.output


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan", "inf"])
def test_a_bad_limit_setting_is_named(first_build, tmp_path, value):
    result, before, after = build_hostile(first_build, tmp_path, FRONT + PLAIN, {"NQP_TEMPLATE_MAX_SECONDS": value})
    assert result.exit_code == 1
    assert f"环境变量 NQP_TEMPLATE_MAX_SECONDS 应为正数，而不是“{value}”" in result.output, result.output
    assert after == before


def test_limits_default_without_environment_and_follow_it():
    assert limits_from_environment({}) == TemplateLimits()
    assert limits_from_environment({"NQP_TEMPLATE_MAX_STEPS": "7", "NQP_TEMPLATE_MAX_OUTPUT_MB": "0.5"}) == \
        TemplateLimits(max_steps=7, max_output_mb=0.5)


def test_batch_worker_processes_apply_the_same_limits(first_build, tmp_path):
    data, _ = first_build
    template = tmp_path / "t.md"
    template.write_text(template_text(CASES["nested range loops"][0]), encoding="utf-8")
    result = run("batch", "--data", data, "--template", template, "--targets", "甲市,乙市", "--jobs", "2",
                 "--out", tmp_path / "out", "--format", "docx", env={"NQP_TEMPLATE_MAX_STEPS": "20000"})
    assert result.exit_code == 1, result.output
    assert result.output.count("t.md，第7行：循环和调用次数超过上限 20,000 次") == 2, result.output
    assert not list((tmp_path / "out").rglob("*.docx"))

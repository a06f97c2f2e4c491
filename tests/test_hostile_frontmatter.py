"""Hostile front matter: alias bombs, unknown and duplicate keys, unclosed front matter, long echoes, repr leaks."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from datagen import write_csv_dataset
from nqp_report.cli import cli


@pytest.fixture
def data(tmp_path) -> Path:
    return write_csv_dataset(tmp_path / "data")


def build_template(data, tmp_path, text: str):
    template = tmp_path / "t.md"
    template.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--data", str(data), "--template", str(template), "--out",
                                      str(tmp_path / "out"), "--format", "docx", "--date", "2026-11-24"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result, template


def alias_bomb(levels: int) -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        prev = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{', '.join(['*' + prev] * 10)}]")
    return "---\n" + "\n".join(lines) + f"\nkeywords: *{chr(ord('a') + levels - 1)}\n---\n正文\n"


def test_alias_bomb_is_refused_cheaply(data, tmp_path):
    tracemalloc.start()
    start = time.perf_counter()
    result, template = build_template(data, tmp_path, alias_bomb(8))
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.exit_code == 1
    assert result.stderr == (f"错误：模板错误：{template}，第2行：前置参数不支持 YAML 锚点和别名（& 与 *）；"
                             "请直接写出每个值\n")
    assert elapsed < 10 and peak < 200 * 2**20


def test_front_matter_size_is_limited(data, tmp_path):
    result, template = build_template(data, tmp_path, "---\ntitle: 标题\n#" + "x" * 10_000 + "\n---\n正文\n")
    assert result.exit_code == 1
    assert result.stderr == f"错误：模板错误：{template}，第2行：前置参数有 10011 个字符，超过上限 10000\n"


def test_long_wrong_value_is_echoed_short(data, tmp_path):
    result, template = build_template(data, tmp_path, "---\nkeywords: " + "长" * 5000 + "\n---\n正文\n")
    assert result.exit_code == 1
    assert result.stderr == (f"错误：模板错误：{template}：前置参数“keywords”应为关键词列表（如 [新质生产力, 对标]），"
                             f"而不是文字“{'长' * 60}…（共 5000 个字符）”\n")


@pytest.mark.parametrize("key,line", [("titel", 3), ("referance_year", 2)])
def test_unknown_front_matter_key_names_key_line_and_known_keys(data, tmp_path, key, line):
    text = "---\n" + ("referance_year: 2022\ntarget: 甲市\n" if line == 2 else "target: 甲市\ntitel: 报告\n") + "---\n正文\n"
    result, template = build_template(data, tmp_path, text)
    assert result.exit_code == 1
    assert result.stderr == (f"错误：模板错误：{template}，第{line}行：未知的前置参数“{key}”；可用的有：title、subtitle、"
                             "target、peers、max_peers、reference_year、issuer、date、issue_no、keywords\n")


def test_duplicate_front_matter_key_is_refused(data, tmp_path):
    result, template = build_template(data, tmp_path, "---\ntarget: 乙市\ntitle: 甲\ntarget: 甲市\n---\n正文\n")
    assert result.exit_code == 1
    assert result.stderr == (f"错误：模板错误：{template}，第4行：前置参数“target”写了两次（第2行和第4行）；"
                             "请只保留一处\n")


def test_unclosed_front_matter_is_refused(data, tmp_path):
    result, template = build_template(data, tmp_path, "---\ntarget: 甲市\n正文\n")
    assert result.exit_code == 1
    assert result.stderr == (f"错误：模板错误：{template}，第1行：前置参数以 --- 开始，但没有结束的 --- 行；"
                             "请在前置参数之后单独加一行 ---\n")


@pytest.mark.parametrize("body", ['{{ "%s"|format(value) }}', "{{ value }}", "{{ value|string }}",
                                  '{{ "%(a)s" % {"a": value} }}', '{{ "{}".format(value) }}', "{{ [value]|join }}",
                                  "{{ range }}", "{{ cycler }}"])
def test_printing_a_function_itself_is_refused(data, tmp_path, body):
    result, template = build_template(data, tmp_path, "---\ntarget: 甲市\n---\n" + body + "\n")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"错误：模板错误：{template}，第4行：")
    assert "0x" not in result.stderr and ("不能直接输出函数或宏" in result.stderr or "程序内部对象" in result.stderr)


def test_calling_a_function_still_prints_its_value(data, tmp_path):
    result, _ = build_template(data, tmp_path, '---\ntarget: 甲市\n---\n{{ "%s"|format(value("rd")) }}\n')
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("body,message", [
    ('{{ "%s %s" % (1,) }}', "模板求值出错：格式字符串中的占位符比给出的值多"),
    ('{% include "x.md" %}', "模板求值出错：模板不能引用其他模板文件（include、import、extends 不可用）"),
    ('{{ target|attr("__class__")|attr("__mro__") }}', "该值没有名为“__mro__”的属性或方法"),
    ("{{ 1/0 }}", "模板求值出错：除数为零"),
    ('{{ "a" + 1 }}', "模板求值出错：只能把同类的值连接起来（如文字与文字）；文字与数字连接请用 ~"),
])
def test_template_evaluation_errors_are_chinese(data, tmp_path, body, message):
    result, template = build_template(data, tmp_path, "---\ntarget: 甲市\n---\n" + body + "\n")
    assert result.exit_code == 1
    assert result.stderr == f"错误：模板错误：{template}，第4行：{message}\n"


def test_csv_and_inspect_errors_are_chinese(tmp_path):
    from nqp_report.data import load_dataset
    from nqp_report.errors import DataError

    data = write_csv_dataset(tmp_path / "d")
    with open(data / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write('C,"未结束的引号,x,y,2024,,\n')
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert [str(p) for p in caught.value.problems] == [
        "sources.csv，第4行：CSV 格式有误（引号没有配对：某个以引号开始的单元格没有结束的引号）"]
    fake = tmp_path / "x.docx"
    fake.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["inspect", str(fake)])
    assert result.exit_code == 1
    assert result.stderr == f"错误：无法读取 DOCX 文件 {fake}：不是有效的 DOCX（可能已损坏，或是改了扩展名的其他文件）\n"

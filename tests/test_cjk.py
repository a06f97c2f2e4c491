"""Chinese line breaking (避头尾) checked against hand-written rules, not against the code's own sets.

The oracle below is written from GB/T 15834-2011 《标点符号用法》 and the common 避头尾 rules of
Chinese typesetting (行首禁则 / 行尾禁则), character by character:

- 句号、逗号、顿号、分号、冒号、问号、叹号 never start a line (点号不出现在一行之首);
- the closing half of quotation marks, brackets and book-title marks never starts a line;
- the opening half of quotation marks, brackets and book-title marks never ends a line;
- 间隔号 "·" never starts a line; 破折号 "——" and 省略号 "……" are never split across lines.
"""

from __future__ import annotations

import random

import pytest

from nqp_report.charts.text import wrap as chart_wrap
from nqp_report.cjk import break_lines, break_opportunities, wrap_text

# 行首禁则: 7 点号, closing quotes, brackets and book-title marks, 间隔号 (GB/T 15834-2011, 4.x).
FORBIDDEN_START = ["，", "。", "、", "；", "：", "？", "！", "”", "’", "）", "》", "〉", "」", "』", "】", "〕",
                   "〗", "］", "｝", "·"]
# 行尾禁则: opening quotes, brackets and book-title marks.
FORBIDDEN_END = ["“", "‘", "（", "《", "〈", "「", "『", "【", "〔", "〖", "［", "｛"]
NEVER_SPLIT = ["——", "……"]


def unit_width(ch: str) -> float:
    """Chinese characters one unit, Latin letters, digits and ASCII half a unit."""
    return 0.5 if ord(ch) < 0x2000 else 1.0


BODY = ("2023年，宁波规上工业企业研发经费占营业收入比重为2.52%，低于深圳、苏州等对标城市；"
        "全市专精特新“小巨人”企业数居全国城市第5位（见表1）。R&D经费投入强度达2.94%……"
        "《宁波市制造业高质量发展规划》提出：到2025年，“246”万千亿级产业集群——基本形成！")


@pytest.mark.parametrize("width", [2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 10, 13, 20])
def test_no_line_starts_with_closing_mark_or_ends_with_opening_mark(width):
    lines = wrap_text(BODY, width, unit_width)
    assert "".join(lines) == BODY
    for i, line in enumerate(lines):
        assert line, lines
        if i:
            assert line[0] not in FORBIDDEN_START, (line, lines)
        if i < len(lines) - 1:
            assert line[-1] not in FORBIDDEN_END, (line, lines)
            assert not (line.endswith("—") and lines[i + 1].startswith("—")), lines
            assert not (line.endswith("…") and lines[i + 1].startswith("…")), lines


@pytest.mark.parametrize("width", [3, 4, 5, 6, 7, 9])
def test_numbers_and_latin_words_stay_whole(width):
    lines = wrap_text(BODY, width, unit_width)
    for token in ("2.52%", "2023", "2.94%", "R&D", "2025", "246"):
        assert any(token in line for line in lines), (token, lines)


def test_lines_fit_when_they_can():
    widths = [unit_width(c) for c in BODY]
    for width in (5, 6, 10, 17):
        for a, b in break_lines(BODY, widths, width):
            assert sum(widths[a:b]) <= width + 1e-9, BODY[a:b]


def test_first_line_width_is_the_indent():
    lines = wrap_text("一二三四五六七八九十", 4, unit_width, first_width=2)
    assert lines == ["一二", "三四五六", "七八九十"]


def test_a_token_wider_than_the_line_is_cut_by_characters():
    lines = wrap_text("编号ABCDEFGHIJKL。", 3, unit_width)
    assert "".join(lines) == "编号ABCDEFGHIJKL。"
    assert all(sum(unit_width(c) for c in line) <= 3 or len(line) == 1 or line.endswith("。") for line in lines)
    assert not lines[-1].startswith("。")


def test_spaces_break_latin_text_and_are_dropped_at_line_ends():
    lines = wrap_text("new quality productive forces", 6, unit_width)
    assert lines == ["new quality", "productive", "forces"]


def test_no_break_positions_keep_a_reference_label_whole():
    text = "详见表12。"
    ok = break_opportunities(text, nobreak=[3, 4])
    assert not ok[3] and not ok[4]


def test_random_texts_respect_the_rules():
    rng = random.Random(7)
    alphabet = list("宁波深圳产业创新，。、；：？！）》”’（《“‘2.5%AR&D ——……")
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 60))).strip()
        if not text:
            continue
        lines = wrap_text(text, rng.choice([3, 4, 6, 9]), unit_width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for prev, line in zip(lines, lines[1:]):
            # a forced cut of an over-long unbreakable run may still break a rule; only check normal breaks
            if break_opportunities(prev + line)[len(prev)] or prev[-1] == " ":
                assert line[0] not in FORBIDDEN_START and prev[-1] not in FORBIDDEN_END


@pytest.mark.parametrize("mark", FORBIDDEN_START)
def test_each_forbidden_line_start_moves_to_the_line_before(mark):
    """At a width of three characters "一二三" fills the line; the mark must not open the next one."""
    text = f"一二三{mark}四五六"
    lines = wrap_text(text, 3, unit_width)
    assert "".join(lines) == text
    assert all(not line.startswith(mark) for line in lines[1:]), lines


@pytest.mark.parametrize("mark", FORBIDDEN_END)
def test_each_forbidden_line_end_moves_to_the_next_line(mark):
    text = f"一二{mark}三四五六"
    lines = wrap_text(text, 3, unit_width)
    assert "".join(lines) == text
    assert all(not line.endswith(mark) for line in lines[:-1]), lines


@pytest.mark.parametrize("pair", NEVER_SPLIT)
@pytest.mark.parametrize("before", ["一二", "一二三", "一二三四"])
def test_dashes_and_ellipses_are_never_split(pair, before):
    text = f"{before}{pair}五六七八"
    lines = wrap_text(text, 3, unit_width)
    for prev, line in zip(lines, lines[1:]):
        assert not (prev.endswith(pair[0]) and line.startswith(pair[0])), lines


@pytest.mark.parametrize("mark", FORBIDDEN_START)
def test_chart_labels_keep_the_same_line_start_rule(mark):
    for head in range(1, 7):
        for width in (2, 3, 4, 5):
            lines = chart_wrap("一二三四五六七"[:head] + mark + "八九十", width).split("\n")
            assert all(not line.startswith(mark) for line in lines[1:]), lines


@pytest.mark.parametrize("mark", FORBIDDEN_END)
def test_chart_labels_keep_the_same_line_end_rule(mark):
    for head in range(1, 7):
        for width in (2, 3, 4, 5):
            lines = chart_wrap("一二三四五六七"[:head] + mark + "八九十", width).split("\n")
            assert all(not line.endswith(mark) for line in lines[:-1]), lines

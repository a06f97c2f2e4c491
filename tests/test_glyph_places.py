"""A character no font covers is reported with the data cell or template line that holds it."""

from __future__ import annotations


from datagen import base_rows, run_cli as run, tree_hashes, write_csv_dataset
from nqp_report.glyphsource import missing_characters_in

LINEAR_B = "\U00010000"  # in no CJK font the tool resolves


def test_a_missing_glyph_in_the_data_names_file_row_and_column_and_keeps_outputs(tmp_path):
    data = write_csv_dataset(tmp_path / "data")
    out = tmp_path / "out"
    args = ("build", "--data", data, "--target", "甲市", "--out", out, "--format", "pdf", "--date", "2026-11-24")
    assert run(*args).exit_code == 0
    before = tree_hashes(out)
    rows = base_rows()
    rows["indicators"][1][1] = "高新技术企业" + LINEAR_B  # indicators.csv line 3 (line 1 is the header)
    write_csv_dataset(tmp_path / "data", rows)
    result = run(*args)
    assert result.exit_code == 1
    assert f"“{LINEAR_B}”(U+10000) 见数据 indicators.csv 第3行“name”列" in result.output, result.output
    assert tree_hashes(out) == before


def test_a_missing_glyph_in_the_template_names_its_line(tmp_path):
    data = write_csv_dataset(tmp_path / "data")
    template = tmp_path / "t.md"
    template.write_text(f"---\ntarget: 甲市\npeers: [乙市]\n---\n导语。\n\n正文{LINEAR_B}。\n", encoding="utf-8")
    result = run("build", "--data", data, "--template", template, "--out", tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 1
    assert f"“{LINEAR_B}”(U+10000) 见模板 t.md 第7行" in result.output, result.output


def test_the_characters_are_read_from_both_font_messages():
    assert missing_characters_in("正文所用字体 a.otf 缺少字符 “鼷”(U+9F37)、“𠀀”(U+20000)") == ["鼷", "𠀀"]
    assert missing_characters_in("图表字体 b.otf 不含以下字符：鼷 𠀀（请换用覆盖这些字符的字体）") == ["鼷", "𠀀"]
    assert missing_characters_in("无法读取字体文件") == []

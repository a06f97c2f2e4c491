"""Validation: every kind of bad input gets a Chinese message naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nqp_report.cli import cli
from nqp_report.data import load_dataset
from nqp_report.errors import DataError


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(folder: Path):
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return info.value.problems


def only(problems, file: str, row, column):
    """Return the one problem at (file, row, column), failing with the list otherwise."""
    hits = [p for p in problems if p.file == file and p.row == row and p.column == column]
    assert len(hits) == 1, [str(p) for p in problems]
    return hits[0]


def test_mini_dataset_is_valid(mini_copy):
    ds = load_dataset(mini_copy)
    assert len(ds.observations) == 13
    assert ds.indicators["sei_a"].name == "战新产业占比（增加值）"


# (file, old, new, row, column, words the message must contain)
BROKEN = [
    ("observations.csv", "甲市,rd,2023,3.00", "甲市,rd,2023,三点零", 2, "value", "不是数字"),
    ("observations.csv", "甲市,rank,2023,6", "甲市,rank,23,6", 8, "year", "年份"),
    ("observations.csv", "乙市,firms,2023,超2400,", "乙市,firms,2023,2400,大约", 6, "qualifier", "限定词"),
    ("observations.csv", "丙市,rd,2022", "戊市,rd,2022", 4, "region", "地区“戊市”不存在"),
    ("observations.csv", "甲市,sei_a,2023,25.2,,B", "甲市,sei_x,2023,25.2,,B", 11, "indicator", "指标“sei_x”不存在"),
    ("observations.csv", "丙市,firms,2023,1200,,B", "丙市,firms,2023,1200,,C", 7, "source", "来源“C”不存在"),
    ("observations.csv", "甲市,rank,2023,6,,B", "甲市,rank,2023,,,B", 8, "value", "必填单元格为空"),
    ("observations.csv", "另一来源为2.54,yes", "另一来源为2.54,", 13, "preferred", "须恰好一行"),
    ("observations.csv", "另一来源为2.54,yes", "另一来源为2.54,maybe", 14, "preferred", "yes"),
    ("indicators.csv", "rd,研发投入强度,%,科技创新,研发经费占地区生产总值比重,higher", "rd,研发投入强度,%,科技创新,研发经费占地区生产总值比重,up", 2, "direction", "方向"),
    ("indicators.csv", "firms,高新技术企业数,家,企业主体,高新技术企业数量,higher,0", "firms,高新技术企业数,家,企业主体,高新技术企业数量,higher,many", 3, "decimals", "小数位数"),
    ("indicators.csv", "rank,工业产值位次", "产值位次,工业产值位次", 4, "id", "指标编号"),
    ("regions.csv", "丙市,城市", "丙市,县城", 4, "level", "级别"),
    ("regions.csv", "丁市,城市", "乙市,城市", 5, "name", "重复"),
    ("sources.csv", "乙刊,2025,", "乙刊,2025年春,", 3, "date", "日期"),
    ("recommendations.csv", "近期,乙市,rd;firms", "马上,乙市,rd;firms", 2, "horizon", "期限"),
    ("recommendations.csv", "近期,乙市,rd;firms", "近期,乙市,rd;gdp", 2, "indicators", "指标“gdp”不存在"),
    ("recommendations.csv", "长期,乙市;丙市", "长期,乙市;庚市", 3, "benchmarks", "地区“庚市”不存在"),
    ("practices.csv", "乙市,科技创新", "己市,科技创新", 2, "region", "地区“己市”不存在"),
]


@pytest.mark.parametrize("file,old,new,row,column,words", BROKEN, ids=[f"{b[0]}:{b[4]}:{b[5]}" for b in BROKEN])
def test_broken_cell_is_reported(mini_copy, file, old, new, row, column, words):
    replace_in(mini_copy / file, old, new)
    problem = only(problems_of(mini_copy), file, row, column)
    assert words in problem.message
    text = str(problem)
    assert file in text and f"第{row}行" in text and f"“{column}”列" in text


def test_missing_column(mini_copy):
    path = mini_copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("id,title,", "key,title,"), encoding="utf-8")
    problems = problems_of(mini_copy)
    assert only(problems, "sources.csv", 1, "id").message == "缺少必需的列"


def test_missing_and_empty_files(mini_copy):
    (mini_copy / "regions.csv").unlink()
    (mini_copy / "sources.csv").write_text("", encoding="utf-8")
    (mini_copy / "practices.csv").write_text("region,dimension,title,text,source\n", encoding="utf-8")
    problems = problems_of(mini_copy)
    assert "缺少文件" in only(problems, "regions.csv", None, None).message
    assert "文件为空" in only(problems, "sources.csv", None, None).message
    assert "没有数据行" in only(problems, "practices.csv", None, None).message


def test_duplicate_identical_observation(mini_copy):
    path = mini_copy / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "甲市,firms,2023,1200,,B,,\n", encoding="utf-8")
    problem = only(problems_of(mini_copy), "observations.csv", 15, None)
    assert "重复" in problem.message


def test_all_problems_are_collected(mini_copy):
    for file, old, new, *_ in BROKEN[:6]:
        replace_in(mini_copy / file, old, new)
    assert len(problems_of(mini_copy)) >= 6


def test_fullwidth_thousands_percent_and_qualifier_in_value(mini_copy):
    replace_in(mini_copy / "observations.csv", "甲市,rd,2023,3.00", "甲市,rd,２０２３,３.００%")
    replace_in(mini_copy / "observations.csv", "甲市,firms,2023,\"1,200\"", "甲市,firms,2023,\"１，２００\"")
    ds = load_dataset(mini_copy)
    values = {(o.region, o.indicator, o.year): o for o in ds.observations}
    assert values[("甲市", "rd", 2023)].value == 3.0
    assert values[("甲市", "firms", 2023)].value == 1200
    firms_b = values[("乙市", "firms", 2023)]
    assert (firms_b.value, firms_b.qualifier) == (2400, "超")


def test_gbk_and_bom_files_are_read(mini_copy):
    for name in ("regions.csv", "indicators.csv"):
        path = mini_copy / name
        path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    path = mini_copy / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    ds = load_dataset(mini_copy)
    assert "甲市" in ds.regions and ds.indicators["rd"].name == "研发投入强度"
    assert "A" in ds.sources


def test_xlsx_workbook(mini_copy, tmp_path):
    import csv

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for path in sorted(mini_copy.glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        for row in csv.reader(path.read_text(encoding="utf-8").splitlines()):
            sheet.append([float(c) if c.replace(".", "", 1).isdigit() and path.stem == "observations" else c for c in row])
    sheet = book["observations"]
    sheet["D3"] = "abc"
    target = tmp_path / "data.xlsx"
    book.save(target)
    problem = only(problems_of(target), "data.xlsx[observations]", 3, "value")
    assert "不是数字" in problem.message
    sheet["D3"] = 6.0
    book.save(target)
    ds = load_dataset(target)
    assert len(ds.observations) == 13 and ds.observations[0].year == 2023


def test_cli_validate_reports_every_problem_without_traceback(mini_copy):
    replace_in(mini_copy / "observations.csv", "甲市,rd,2023,3.00", "甲市,rd,2023,abc")
    replace_in(mini_copy / "regions.csv", "丙市,城市", "丙市,县城")
    result = CliRunner().invoke(cli, ["validate", "--data", str(mini_copy)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "observations.csv，第2行，“value”列：“abc”不是数字" in result.output
    assert "regions.csv，第4行，“level”列" in result.output


def test_cli_validate_summary(mini_copy):
    result = CliRunner().invoke(cli, ["validate", "--data", str(mini_copy)])
    assert result.exit_code == 0, result.output
    assert "数据检查通过" in result.output
    assert "甲市  城市  4/5" in result.output


def test_cli_list_and_usage_error(mini_copy):
    runner = CliRunner()
    result = runner.invoke(cli, ["list", "regions", "--data", str(mini_copy)])
    assert result.exit_code == 0 and "丁市" in result.output
    assert runner.invoke(cli, ["list", "cities"]).exit_code == 2


def test_missing_data_path(tmp_path):
    result = CliRunner().invoke(cli, ["validate", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "数据路径不存在" in result.output

"""``nqp-report init``: a ready project folder around a data workbook.

The folder holds 数据.xlsx, copies of the bundled templates under 模板/, a commented font
configuration and a README. A fresh workbook carries one small, self-consistent example taken
from the bundled dataset (the indicator most regions report, with its regions, sources,
practices and recommendations), so ``validate`` and ``build`` work before anything is typed.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from ..errors import DataError, DataProblem, NqpError
from .datasheets import data_workbook
from .sheets import save

WORKBOOK_NAME = "数据.xlsx"
TEMPLATES_DIR = "模板"
FONTS_STUB = """\
# 字体配置（可选）。在本文件夹中运行 nqp-report 时读取。
# 每行“角色: 字体文件路径”；不填则使用本机已安装的公文字体，再退回随工具安装的开源字体。
# 角色：title 标题（小标宋）、heading 一级标题（黑体）、kai 二级标题（楷体）、body 正文（仿宋）、
#       table 表格、latin 西文。示例：
# body: C:/Windows/Fonts/仿宋_GB2312.ttf
# heading: C:/Windows/Fonts/simhei.ttf
"""
README = """\
# 对标分析项目

本文件夹由 `nqp-report init` 生成。

- `数据.xlsx`：全部数据。打开后先看“说明”工作表；地区、指标、来源、限定词等列有下拉列表。
- `模板/`：报告模板（briefing 完整报告，brief 要报），可直接修改文字。
- `nqp-report-fonts.yaml`：字体配置（可选）。

常用命令（在本文件夹中运行）：

    nqp-report validate --data 数据.xlsx
    nqp-report gaps --target 宁波 --data 数据.xlsx --out 数据补充清单.xlsx
    nqp-report build --data 数据.xlsx --template 模板/briefing.md --target 宁波
    nqp-report export --target 宁波 --data 数据.xlsx --out 对标表.xlsx
"""


def raw_rows(path: Path) -> dict[str, list[dict[str, str]]]:
    """Return a valid dataset's rows as written (text per column), per table; DataError if invalid."""
    from ..data import load_dataset
    from ..data.tables import read_tables

    load_dataset(path)
    problems: list[DataProblem] = []
    tables = read_tables(Path(path), problems)
    if problems:
        raise DataError(problems)
    return {name: [cells for _, cells in table.rows] for name, table in tables.items()}


def _parsed(table: str, rows: list[dict[str, str]]) -> list[tuple[dict[str, str], object]]:
    from ..data.dataset import SCHEMAS

    return [(row, SCHEMAS[table].model_validate(row)) for row in rows]


def example_rows(rows: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, str]]]:
    """Return a small self-consistent subset: the indicator most regions report and what it needs."""
    obs = _parsed("observations", rows["observations"])
    spread = Counter(ind for ind, _ in {(o.indicator, o.region) for _, o in obs})
    order = [i.id for _, i in _parsed("indicators", rows["indicators"])]
    chosen = max(order, key=lambda i: (spread[i], -order.index(i)))
    kept_obs = [(row, o) for row, o in obs if o.indicator == chosen]
    regions = {o.region for _, o in kept_obs}
    sources = {o.source for _, o in kept_obs}
    practices = [row for row, p in _parsed("practices", rows.get("practices", []))
                 if p.region in regions and p.source in sources]
    recommendations = [
        row for row, r in _parsed("recommendations", rows.get("recommendations", []))
        if set(r.indicators) == {chosen} and set(r.benchmarks) <= regions
        and r.region in regions | {""} and r.source in sources | {""}
    ]
    return {
        "regions": [row for row, r in _parsed("regions", rows["regions"]) if r.name in regions],
        "indicators": [row for row, i in _parsed("indicators", rows["indicators"]) if i.id == chosen],
        "observations": [row for row, _ in kept_obs],
        "sources": [row for row, s in _parsed("sources", rows["sources"]) if s.id in sources],
        "practices": practices[:3],
        "recommendations": recommendations[:3],
    }


def init_project(folder: Path, from_data: Path | None = None) -> list[Path]:
    """Create the project folder and return the files written; refuse a folder that is not empty."""
    from ..resources import bundled_data_dir, bundled_templates_dir

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NqpError(f"{folder} 已存在且不是空文件夹；为免覆盖已有文件，请换一个文件夹名")
    rows = raw_rows(from_data) if from_data else example_rows(raw_rows(bundled_data_dir()))
    book = data_workbook(rows)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / WORKBOOK_NAME]
    save(book, written[0])
    (folder / TEMPLATES_DIR).mkdir()
    for template in sorted(bundled_templates_dir().glob("*.md")):
        shutil.copyfile(template, folder / TEMPLATES_DIR / template.name)
        written.append(folder / TEMPLATES_DIR / template.name)
    for name, text in (("nqp-report-fonts.yaml", FONTS_STUB), ("README.md", README)):
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written

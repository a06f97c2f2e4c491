"""Plain-text summaries of a dataset for the ``validate`` and ``list`` commands."""

from __future__ import annotations

from .data import Dataset


def _table(headers: list[str], rows: list[list[str]]) -> str:
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)

    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def dataset_summary(ds: Dataset) -> str:
    """Return the validate report: counts per table, coverage per region, conflicts and qualifiers."""
    n_ind = len(ds.indicators)
    counts = [
        ("地区", len(ds.regions)), ("指标", n_ind), ("观测值", len(ds.observations)),
        ("来源", len(ds.sources)), ("典型经验", len(ds.practices)), ("对策建议", len(ds.recommendations)),
    ]
    conflicts = sum(1 for o in ds.observations if o.preferred)
    qualified = sum(1 for o in ds.observations if o.qualifier)
    lines = [f"数据检查通过：{ds.path}", "", "各表行数：" + "，".join(f"{k} {v}" for k, v in counts)]
    lines.append(f"维度：{'、'.join(ds.dimensions())}")
    lines.append(f"带限定词（约、超、近等）的数值 {qualified} 个；有不同来源数值冲突并已标注首选的 {conflicts} 处")
    targets = sum(1 for o in ds.observations if o.is_target)
    inferred = sum(1 for o in ds.observations if o.year_inferred)
    lines.append(f"目标值 {targets} 个（不与实际值排序）；年份为推定的数值 {inferred} 个（依据见 year_basis 列）")
    year = ds.as_of_year()
    if year:
        lines.append(f"数据最新年份：{year}年")
    lines += ["", "各地区指标覆盖："]
    rows = [[name, ds.regions[name].level, f"{n}/{n_ind}"] for name, n in ds.coverage().items()]
    lines.append(_table(["地区", "级别", "有数值的指标"], rows))
    return "\n".join(lines)


def list_table(ds: Dataset, what: str) -> str:
    """Return a listing of regions, indicators or sources."""
    if what == "regions":
        cov = ds.coverage()
        rows = [[r.name, r.level, str(cov[r.name]), r.note] for r in ds.regions.values()]
        return _table(["地区", "级别", "指标数", "说明"], rows)
    if what == "indicators":
        rows = [
            [i.id, i.name, i.unit, i.dimension, "越高越好" if i.direction == "higher" else "越低越好", i.concept or ""]
            for i in ds.indicators.values()
        ]
        return _table(["编号", "名称", "单位", "维度", "方向", "概念组"], rows)
    rows = [[s.id, s.title, s.author, s.publisher, s.date] for s in ds.sources.values()]
    return _table(["编号", "标题", "作者", "发布方", "日期"], rows)


def comparison_text(ds: Dataset, records: list[dict]) -> str:
    """Return the ``compare`` listing: one line per region and indicator, with interval, year and rank."""
    from .formatting import fmt_value

    rows = []
    for rec in records:
        ind = ds.indicators[rec["indicator"]]
        for row in rec["rows"]:
            year = f"{row['year']}{'（推定）' if row['year_inferred'] else ''}"
            rank = "—" if row["rank"] is None else str(row["rank"])
            if rec["kind"] == "实际值" and row["rank"] is None and len(rec["rows"]) > 1:
                rank = "难以判定"
            rows.append([ind.name, rec["kind"], row["region"], fmt_value(row["value"], row["qualifier"], ind),
                         year, rank, row["source"]])
    if not rows:
        return "没有可比较的数值。"
    return _table(["指标", "类型", "地区", "数值", "年份", "位次", "来源"], rows)

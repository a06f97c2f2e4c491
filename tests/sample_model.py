"""A hand-built document that uses every node kind, for writer tests."""

from __future__ import annotations

import io

from nqp_report.model import (
    BulletList, Cell, ChartSpec, Column, Document, Figure, FrontMatter, Heading,
    PageBreak, Paragraph, Ref, Row, Table, Text,
)
from nqp_report.transforms import apply_all


def tiny_png(width: int = 600, height: int = 340) -> bytes:
    """Return a small deterministic PNG (grey frame, two bars)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, width - 1, height - 1], outline=(80, 80, 80), width=3)
    draw.rectangle([80, 120, 200, height - 40], fill=(40, 40, 40))
    draw.rectangle([280, 60, 400, height - 40], fill=(160, 160, 160))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def sample_document(long_table_rows: int = 30) -> Document:
    """Return a numbered document with headings, paragraphs, lists, tables, figures and a page break."""
    body = (
        "2023年，宁波规上工业企业研发经费占营业收入比重为2.52%，低于深圳、苏州等对标城市；"
        "全市专精特新“小巨人”企业数居全国城市第5位，单项冠军连续七年居全国城市首位。"
    )
    long_rows = [
        Row([Cell(f"指标{i}"), Cell(f"{i * 1.5:.1f}"), Cell("—", missing=True) if i % 4 == 0 else Cell(f"{i:.2f}"),
             Cell("第3位")])
        for i in range(1, long_table_rows + 1)
    ]
    doc = Document(
        meta=FrontMatter(
            title="宁波市新质生产力对标分析报告",
            subtitle="——基于深圳、合肥、苏州等城市的比较",
            issuer="宁波市某研究院",
            date="2026年11月",
            issue_no="第1期",
            subject="新质生产力对标分析",
            keywords=["新质生产力", "对标分析", "宁波"],
        ),
        blocks=[
            Heading(1, [Text("内容提要")], numbered=False),
            Paragraph([Text("核心观点：", bold=True), Text(body)], style="abstract"),
            Heading(1, [Text("宁波发展新质生产力的基础")]),
            Heading(2, [Text("工业基础雄厚")]),
            Paragraph([Text(body), Text("（见"), Ref("tab-rd"), Text("）。")]),
            Heading(3, [Text("创新能力提升快")]),
            Heading(4, [Text("企业研发投入")]),
            Paragraph([Text("研发经费"), Text("1", superscript=True), Text("详见"), Ref("fig-rd"), Text("。")]),
            BulletList([[Text("提升研发投入强度；")], [Text("培育创新型企业。")]], ordered=True),
            Table(
                id="tab-rd",
                caption="研发投入强度对比",
                columns=[Column("地区"), Column("研发投入强度（%）", "right"), Column("年份", "center"), Column("位次", "center")],
                rows=[
                    Row([Cell("宁波"), Cell("3.03"), Cell("2023"), Cell("第3位")], kind="highlight"),
                    Row([Cell("深圳"), Cell("5.81"), Cell("2023"), Cell("第1位")]),
                    Row([Cell("合肥"), Cell("—", missing=True), Cell("—", missing=True), Cell("—", missing=True)]),
                ],
                notes=["注：深圳2022年为5.49%。"],
                source="资料来源：《发展新质生产力别忽视“新物种”》，2024年3月。",
                kind="comparison",
            ),
            Figure(id="fig-rd", caption="研发投入强度对比", chart=ChartSpec("bar", {}), source="资料来源：同表1。", image=tiny_png()),
            Figure(id="fig-empty", caption="尚未绘制的图", chart=ChartSpec("bar", {})),
            PageBreak(),
            Heading(1, [Text("对策建议")]),
            Table(
                id="tab-long",
                caption="长表：跨页重复表头",
                columns=[Column("指标"), Column("数值", "right"), Column("对标值", "right"), Column("位次", "center")],
                rows=[Row([Cell("科技创新", span=4)], kind="group")] + long_rows,
                source="资料来源：测试数据。",
                kind="matrix",
            ),
            Heading(1, [Text("附录")], numbered=False),
            Paragraph([Text("数据来源见上。")], style="note"),
        ],
    )
    return apply_all(doc)

"""Charts: each kind renders a PNG of the requested size, deterministically, with honest bars."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from nqp_report.fonts.resolve import shipped_font
from nqp_report.charts import (
    matrix_label, pixel_size, place_matrix_points, prepare_bars, render_chart, text_em, wrap,
)
from nqp_report.errors import FontError
from nqp_report.model import ChartSpec

FONT = shipped_font("heading").path


def bar(region, value, year=2023, qualifier="", label=None):
    return {"region": region, "value": value, "year": year, "qualifier": qualifier,
            "label": label if label is not None else f"{qualifier}{value}%"}


BAR = ChartSpec("bar", {
    "indicator": "R&D经费投入强度", "unit": "%", "target": "宁波", "reference_year": 2023,
    "bars": [bar("深圳", 5.81), bar("苏州", 3.91, year=2022), bar("杭州", 3.86, qualifier="约"), bar("宁波", 2.52)],
    "missing": ["合肥", "常州"], "direction": "higher",
    "note": "口径：全社会研究与试验发展（R&D）经费支出占地区生产总值的比重",
})
CONCEPT = ChartSpec("concept", {
    "concept": "数字经济规模", "target": "宁波", "note": "口径不同，分母不一，不可直接比较",
    "panels": [
        {"indicator": "数字经济核心产业增加值占GDP比重", "unit": "%",
         "bars": [bar("宁波", 11.2), bar("杭州", 28.3)]},
        {"indicator": "数字经济核心产业营业收入", "unit": "亿元",
         "bars": [bar("宁波", 4200, qualifier="约", label="约4200亿元"),
                  bar("杭州", 16000, qualifier="超", label="超1.6万亿元")]},
    ],
})
PROFILE = ChartSpec("profile", {
    "target": "宁波", "coverage": "覆盖12项可比指标中的3项",
    "items": [
        {"indicator": "R&D经费投入强度", "score": 43.4, "best_region": "深圳", "target_label": "2.52%",
         "best_label": "5.81%"},
        {"indicator": "高新技术企业数", "score": 25.0, "best_region": "深圳", "target_label": "0.60万家",
         "best_label": "超2.4万家"},
        {"indicator": "港口集装箱吞吐量", "score": 100.0, "best_region": "宁波", "target_label": "3530万标箱",
         "best_label": "3530万标箱"},
    ],
})
TIMESERIES = ChartSpec("timeseries", {
    "indicator": "R&D经费投入强度", "unit": "%", "note": "",
    "series": [
        {"region": "宁波", "highlight": True, "points": [[2021, 2.9], [2022, 2.85], [2023, 2.52]]},
        {"region": "深圳", "highlight": False, "points": [[2021, 5.49], [2022, 5.81], [2023, 5.81]]},
        {"region": "苏州", "highlight": False, "points": [[2021, 3.91], [2022, 3.91]]},
    ],
})
MATRIX = ChartSpec("matrix", {
    "x_label": "差距程度（距对标最优，%）", "y_label": "实施期限", "y_categories": ["近期", "中期", "长期"],
    "note": "1项建议的关联指标暂无可比数据，未标出。",
    "points": [
        {"id": "R01", "label": "加大研发投入", "x": 56.6, "y": "近期", "priority": "高"},
        {"id": "R02", "label": "培育高新技术企业", "x": 57.9, "y": "近期", "priority": "高"},
        {"id": "R03", "label": "建设创新平台", "x": 25.0, "y": "中期", "priority": "中"},
        {"id": "R04", "label": "绿色低碳转型", "x": 5.0, "y": "长期", "priority": "低"},
    ],
})
SPECS = {"bar": BAR, "concept": CONCEPT, "profile": PROFILE, "timeseries": TIMESERIES, "matrix": MATRIX}


def size_of(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as im:
        assert im.format == "PNG"
        return im.size


def ink_box(png: bytes) -> tuple[int, int, int, int] | None:
    """Return the bounding box (left, top, right, bottom) of every pixel that is not white, or None."""
    with Image.open(io.BytesIO(png)) as im:
        rgb = im.convert("RGB")
        return ImageChops.difference(rgb, Image.new("RGB", rgb.size, "white")).getbbox()


def dpi_of(png: bytes) -> tuple[float, float]:
    with Image.open(io.BytesIO(png)) as im:
        return im.info["dpi"]


# ---------------------------------------------------------------- every kind
@pytest.mark.parametrize("kind", sorted(SPECS))
def test_each_kind_renders_a_png_of_the_requested_size(kind):
    png = render_chart(SPECS[kind], FONT, width_mm=150, height_mm=85)
    assert size_of(png) == (1772, 1004) == pixel_size(150, 85, 300)
    assert dpi_of(png) == pytest.approx((300, 300), abs=0.5)
    assert len(png) < 250_000


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_the_drawing_fills_the_requested_size(kind):
    # The encoder pads a canvas of the wrong size with white up to the requested size, so the size
    # alone proves nothing: the drawing itself (axes, labels, notes) must reach the right and bottom
    # edges, within 3% (about 4.5 mm of 150 mm), and start near the left edge.
    width, height = pixel_size(150, 85, 300)
    left, _, right, bottom = ink_box(render_chart(SPECS[kind], FONT, width_mm=150, height_mm=85))
    assert left < 0.02 * width
    assert right > 0.97 * width and bottom > 0.97 * height, (right, bottom)


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_the_same_spec_gives_identical_bytes(kind):
    assert render_chart(SPECS[kind], FONT) == render_chart(SPECS[kind], FONT)


def test_output_has_no_software_or_time_metadata():
    png = render_chart(BAR, FONT)
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"tIME"):
        assert chunk not in png


def test_size_and_dpi_follow_the_arguments():
    png = render_chart(BAR, FONT, width_mm=120, height_mm=60, dpi=200)
    assert size_of(png) == pixel_size(120, 60, 200) == (945, 472)
    assert dpi_of(png) == pytest.approx((200, 200), abs=0.5)


def test_an_unknown_kind_raises():
    with pytest.raises(ValueError, match="unknown chart kind 'pie'"):
        render_chart(ChartSpec("pie", {}), FONT)


def test_a_character_the_font_lacks_is_an_error_not_a_box():
    spec = ChartSpec("bar", {**BAR.data, "bars": [bar("宁波", 2.52), bar("\U0001F600市", 3.0)]})
    with pytest.raises(FontError, match="不含以下字符"):
        render_chart(spec, FONT)


# ---------------------------------------------------------------- honest bars
def test_bars_are_ordered_best_first_and_missing_regions_are_listed_not_drawn():
    spec = dict(BAR.data, bars=BAR.data["bars"] + [bar("南京", None, label="")], missing=["合肥", "常州"])
    bars, missing = prepare_bars(spec)
    assert [b.region for b in bars] == ["深圳", "苏州", "杭州", "宁波"]
    assert "南京" not in [b.region for b in bars]
    assert missing == ["合肥", "常州", "南京"]
    assert [b.highlight for b in bars] == [False, False, False, True]


def test_a_bar_keeps_its_qualifier_and_a_differing_year_is_marked():
    bars, _ = prepare_bars(BAR.data)
    by_region = {b.region: b for b in bars}
    assert by_region["杭州"].label == "约3.86%" and by_region["杭州"].qualified
    assert by_region["苏州"].year_mark == "（2022年）"
    assert by_region["深圳"].year_mark == ""


def test_lower_is_better_puts_the_smallest_first():
    data = dict(BAR.data, direction="lower")
    bars, _ = prepare_bars(data)
    assert [b.region for b in bars] == ["宁波", "杭州", "苏州", "深圳"]


def test_a_label_is_made_when_the_spec_has_none():
    bars, _ = prepare_bars({"unit": "家", "bars": [{"region": "宁波", "value": 71, "qualifier": "超"}]})
    assert bars[0].label == "超71家"


# ---------------------------------------------------------------- edge cases
EDGE_CASES = {
    "empty bar spec": ChartSpec("bar", {}),
    "all values missing": ChartSpec("bar", dict(BAR.data, bars=[], missing=["宁波", "深圳"])),
    "a single region": ChartSpec("bar", dict(BAR.data, bars=[bar("宁波", 71)], missing=["深圳", "苏州"])),
    "negative and zero values": ChartSpec("bar", dict(BAR.data, bars=[
        bar("深圳", 3.2), bar("宁波", 0.0), bar("苏州", -1.5), bar("杭州", -4.25, year=2021)])),
    "all negative": ChartSpec("bar", dict(BAR.data, bars=[bar("宁波", -2.0), bar("深圳", -0.5)])),
    "twelve bars with a very long name": ChartSpec("bar", dict(BAR.data, bars=[
        bar("粤港澳大湾区深圳前海深港现代服务业合作区" if i == 3 else f"城市{i}", 12 - i) for i in range(12)])),
    "concept with an empty panel": ChartSpec("concept", dict(CONCEPT.data, panels=CONCEPT.data["panels"] + [
        {"indicator": "数字经济增加值占GDP比重（信通院测算）", "unit": "%", "bars": []}])),
    "concept without panels": ChartSpec("concept", {"panels": [], "note": ""}),
    "profile without items": ChartSpec("profile", {"target": "宁波", "items": [], "coverage": "共12项指标中0项有可比数据"}),
    "profile over twelve items": ChartSpec("profile", dict(PROFILE.data, items=PROFILE.data["items"] * 4)),
    "timeseries with one point": ChartSpec("timeseries", {"unit": "家", "series": [
        {"region": "宁波", "highlight": True, "points": [[2023, 71]]}]}),
    "timeseries of ranks": ChartSpec("timeseries", {"unit": "位", "series": [
        {"region": "宁波", "highlight": True, "points": [[2021, 12], [2022, 9], [2023, 8]]},
        {"region": "深圳", "highlight": False, "points": [[2021, 3], [2022, 2], [2023, 2]]}]}),
    "timeseries without series": ChartSpec("timeseries", {"series": []}),
    "matrix without points": ChartSpec("matrix", {"points": [], "note": "4项建议的关联指标暂无可比数据，未标出。"}),
    "matrix with crowded points": ChartSpec("matrix", dict(MATRIX.data, points=[
        {"id": f"R{i:02d}", "x": 50 + i * 1.5, "y": "近期", "priority": "高"} for i in range(8)] + [
        {"id": f"R{i:02d}", "x": 30.0, "y": "中期", "priority": "中"} for i in range(8, 12)] + [
        {"id": "R12", "x": 5.0, "y": "长期", "priority": "待评估"}])),
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases_render_cleanly(name):
    png = render_chart(EDGE_CASES[name], FONT, width_mm=150, height_mm=85)
    assert size_of(png) == (1772, 1004)
    assert ink_box(png) is not None, "an empty chart still says why it is empty"


CATS = ["近期", "中期", "长期"]


def test_crowded_matrix_points_get_distinct_label_slots():
    points = [{"id": f"R{i:02d}", "x": 50.0 + i * 2, "y": "近期"} for i in range(5)]
    placed = place_matrix_points(points, CATS, 0.3, 0.2)
    slots = [(round(y, 6), side) for _, _, y, side in placed]
    assert len(set(slots)) == 5
    assert all(1.5 < y < 2.5 for _, _, y, _ in placed)  # all stay in the 近期 band (the top row)
    assert placed == place_matrix_points(list(reversed(points)), CATS, 0.3, 0.2)


def test_points_at_one_severity_share_a_marker():
    points = [{"id": "R03", "x": 40.0, "y": "中期"}, {"id": "R01", "x": 40.0, "y": "中期"},
              {"id": "R02", "x": 40.0, "y": "近期"}]
    placed = place_matrix_points(points, CATS, 0.3, 0.2)
    assert [matrix_label(g) for g, _, _, _ in placed] == ["R02", "R01、R03"]


def test_points_far_apart_stay_on_the_band_centre():
    points = [{"id": "R01", "x": 10, "y": "中期"}, {"id": "R02", "x": 80, "y": "中期"},
              {"id": "R03", "x": 10, "y": "未知"}]
    placed = place_matrix_points(points, CATS, 0.3, 0.2)
    assert [(matrix_label(g), y, side) for g, _, y, side in placed] == [("R01", 1.0, "right"), ("R02", 1.0, "right")]


# ---------------------------------------------------------------- wrapping
def test_wrap_keeps_chinese_line_break_rules_and_balances_lines():
    assert wrap("宁波", 8) == "宁波"
    assert wrap("规模以上工业增加值", 8) == "规模以上工\n业增加值"
    text = wrap("数字经济核心产业增加值占GDP比重（2023年）", 8)
    assert "（2023年）" in text and "GDP" in text
    for line in text.split("\n"):
        assert line[0] not in "，。、）》”"
        assert text_em(line) <= 8


def test_wrap_with_a_line_limit_loses_nothing():
    text = "粤港澳大湾区深圳前海深港现代服务业合作区"
    wrapped = wrap(text, 6, max_lines=2)
    assert wrapped.count("\n") == 1
    assert wrapped.replace("\n", "") == text


def test_importing_charts_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, nqp_report.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

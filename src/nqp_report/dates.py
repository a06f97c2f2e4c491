"""The report date: from --date, else SOURCE_DATE_EPOCH, else the newest source date of the data."""

from __future__ import annotations

import datetime as dt
import os
import re

from .errors import TemplateError
from .formatting import fmt_date

MAX_EPOCH = 4354819199  # 2107-12-31T23:59:59Z, the last second a ZIP (DOCX) timestamp can hold
FIRST_DAY, LAST_DAY = dt.date(1980, 1, 1), dt.date(2107, 12, 31)  # what ZIP, DOCX and PDF dates carry


def parse_date_option(text: str) -> tuple[dt.date, str]:
    """Return (date, ISO text at the precision given) for a --date value; TemplateError when invalid."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text.strip())
    if not m:
        raise TemplateError(f"日期“{text}”无效，应为 YYYY-MM-DD 或 YYYY-MM")
    parts = [int(p) for p in m.groups() if p]
    try:
        day = dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise TemplateError(f"日期“{text}”不存在") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise TemplateError(f"日期“{text}”超出范围：报告日期应在 {FIRST_DAY.year} 年至 {LAST_DAY.year} 年之间"
                            "（DOCX 文件内的时间戳只能表示这些年份）")
    return day, "-".join(str(p) for p in parts)


def epoch_date(text: str) -> dt.date:
    """Return the UTC date of a SOURCE_DATE_EPOCH value; TemplateError unless 0..MAX_EPOCH seconds."""
    value = text.strip()
    if not value.isdigit() or int(value) > MAX_EPOCH:
        raise TemplateError(f"环境变量 SOURCE_DATE_EPOCH=“{value}”无效，应为 0 至 {MAX_EPOCH} 之间的整数秒")
    return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).date()


def report_date(explicit: str | None, dataset) -> tuple[dt.date, str, str]:
    """Return (date, text as printed, origin): --date, SOURCE_DATE_EPOCH, else the newest source date.

    A date taken from --date or the data keeps its precision ("2025年", "2024年3月").
    """
    if explicit:
        day, iso = parse_date_option(explicit)
        return day, fmt_date(iso), "命令行 --date"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.strip():
        day = epoch_date(epoch)
        return day, fmt_date(day.isoformat()), "环境变量 SOURCE_DATE_EPOCH"
    newest = max(s.date for s in dataset.sources.values())
    parts = [int(p) for p in newest.split("-")]
    full = parts + [1] * (3 - len(parts))
    day = dt.date(*full)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise TemplateError(f"数据中最新来源的日期 {newest} 不能作报告日期（应在 {FIRST_DAY.year} 年至 "
                            f"{LAST_DAY.year} 年之间）；请用 --date 指定报告日期")
    return day, fmt_date(newest), "数据中最新来源的日期，可用 --date 指定"

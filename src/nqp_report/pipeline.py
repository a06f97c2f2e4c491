"""The facade: dataset + template → document model → DOCX / PDF files.

``build_model`` runs data → comparisons → template → numbered document;
``build`` also draws the charts, writes each format and replaces the outputs
atomically, so a failure at any stage leaves earlier outputs as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import NqpError, OutputError, TemplateError

FORMATS = ("docx", "pdf")


@dataclass
class BuildRequest:
    """What to build: data, template, overrides of the template's parameters, output folder, formats."""

    data: Path
    template: str = "briefing"
    target: str | None = None
    peers: list[str] | None = None
    title: str | None = None
    date: str | None = None
    reference_year: int | None = None
    out: Path = Path("out")
    formats: tuple[str, ...] = FORMATS
    fonts: dict[str, str] = field(default_factory=dict)


@dataclass
class BuildResult:
    """What a build wrote (or that it skipped), the date it used and where that came from, data changes."""

    outputs: list[Path]
    date: str = ""
    date_origin: str = ""
    target: str = ""
    peers: list[str] = field(default_factory=list)
    skipped: bool = False
    changes: list = field(default_factory=list)
    first_build: bool = True


def _date_text(parts: list[int]) -> str:
    return "".join(f"{p}{u}" for p, u in zip(parts, ("年", "月", "日")))


def report_date(explicit: str | None, dataset) -> tuple[dt.date, str, str]:
    """Return (date, text as printed, origin): --date, SOURCE_DATE_EPOCH, else the newest source date.

    A date taken from the data keeps the data's precision ("2025年", "2024年3月").
    """
    if explicit:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", explicit.strip())
        if not m:
            raise TemplateError(f"日期“{explicit}”无效，应为 YYYY-MM-DD 或 YYYY-MM")
        parts = [int(p) for p in m.groups() if p]
        try:
            day = dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        except ValueError:
            raise TemplateError(f"日期“{explicit}”不存在") from None
        return day, _date_text(parts), "命令行 --date"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        day = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        return day, _date_text([day.year, day.month, day.day]), "环境变量 SOURCE_DATE_EPOCH"
    newest = max(s.date for s in dataset.sources.values())
    parts = [int(p) for p in newest.split("-")]
    full = parts + [1] * (3 - len(parts))
    return dt.date(*full), _date_text(parts), "数据中最新来源的日期，可用 --date 指定"


def choose_peers(dataset, target: str, peers, max_peers: int) -> list[str]:
    """Return the peers: the given list, or (auto) regions of the target's level sharing most indicators."""
    from .analysis import peers_with_data

    if peers and peers != "auto":
        return list(peers)
    level = dataset.regions[target].level if target in dataset.regions else None
    same_level = [r for r in peers_with_data(dataset, target) if dataset.regions[r].level == level]
    return same_level[:max_peers]


def build_model(req: BuildRequest, previous: dict | None = None):
    """Return (document, result, date) for a request: the numbered model, not yet written.

    ``previous`` is the snapshot of the last build's values; the changes since
    then are offered to the template as ``changes`` and returned in the result.
    """
    from jinja2.sandbox import SandboxedEnvironment

    from .changes import diff, snapshot
    from .data import load_dataset
    from .directives import BriefingContext
    from .model import FrontMatter
    from .render import build_document, load_template, merge_params
    from .transforms import apply_all

    dataset = load_dataset(req.data)
    template = load_template(req.template)
    params = merge_params(template, {
        "target": req.target, "peers": req.peers, "title": req.title, "reference_year": req.reference_year,
    })
    if params.target not in dataset.regions:
        raise TemplateError(f"目标地区“{params.target}”不在数据中；可选：{'、'.join(dataset.regions)}")
    peers = choose_peers(dataset, params.target, params.peers, params.max_peers)
    date, date_text, origin = report_date(req.date, dataset)
    context = BriefingContext(dataset, params.target, peers, params.reference_year)
    current = snapshot(dataset)
    context.changes = diff(previous, current) if previous is not None else []
    env = SandboxedEnvironment()

    def meta_text(text: str) -> str:
        try:
            return env.from_string(str(text or "")).render(target=params.target, peers=peers)
        except Exception as exc:  # a broken title expression is a template error
            raise TemplateError(f"前置参数中的表达式有误：{exc}", str(template.path)) from exc

    meta = FrontMatter(
        title=meta_text(params.title), subtitle=meta_text(params.subtitle), issuer=meta_text(params.issuer),
        date=date_text, issue_no=meta_text(params.issue_no),
        subject=f"{params.target}新质生产力对标分析", keywords=[str(k) for k in params.keywords],
    )
    context.meta = {
        "title": meta.title, "issuer": meta.issuer, "date": meta.date,
        "issuer_line": "　".join(p for p in (meta.issuer, meta.date) if p),
    }
    doc = apply_all(build_document(template, context, meta))
    result = BuildResult([], meta.date, origin, params.target, peers, changes=context.changes,
                         first_build=previous is None)
    result.snapshot = current
    result.charset = dataset_text(dataset) + template.path.read_text(encoding="utf-8")
    return doc, result, date


def _charts_code_digest() -> str:
    """Return a hash of every file of the charting package."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted((Path(__file__).parent / "charts").rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def chart_key(figure, drawing: dict) -> str:
    """Return the cache key of a figure's chart: its spec and size, and what draws it (font file, code)."""
    import hashlib
    import json

    parts = {"kind": figure.chart.kind, "data": figure.chart.data, "size": [figure.width_mm, figure.height_mm],
             **drawing}
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def draw_charts(doc, fonts: dict[str, str] | None = None) -> None:
    """Render every figure's chart spec into PNG bytes on the figure, reusing cached charts.

    A chart whose spec, size, font and charting code are unchanged is read
    from the cache folder instead of being drawn again.
    """
    from .fonts import cache_dir, chart_font_path

    figures = [f for f in doc.figures() if f.chart is not None and f.image is None]
    if not figures:
        return
    font = chart_font_path(fonts)
    st = font.stat()
    drawing = {"font": [str(font.resolve()), st.st_size, st.st_mtime_ns], "code": _charts_code_digest()}
    cache = cache_dir() / "charts"
    for figure in figures:
        path = cache / f"{chart_key(figure, drawing)}.png"
        try:
            figure.image = path.read_bytes()
            continue
        except OSError:
            pass
        from .charts import render_chart

        figure.image = render_chart(figure.chart, font, width_mm=figure.width_mm, height_mm=figure.height_mm)
        try:
            write_atomic(path, figure.image)
        except OSError:
            pass  # an unwritable cache only costs time


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a temporary file beside ``path``; return the temporary file's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _umask() -> int:
    """Return the process umask (mkstemp creates files readable by the owner only)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary beside it, then rename them all into place.

    If any write fails (disk full, permission), no file is replaced and the
    temporaries are removed.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
    except BaseException:
        for tmp, _ in staged:
            os.unlink(tmp)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file atomically (temporary file in the same folder, then rename)."""
    write_all_atomic({path: data})


def output_name(template: str, target: str) -> str:
    """Return the output base name: ``<template>-<target>``."""
    stem = Path(template).stem if template.endswith(".md") else template
    return f"{stem}-{target}"


def dataset_text(dataset) -> str:
    """Return every text field of a dataset's records, joined (the characters a briefing may use)."""
    records = [*dataset.regions.values(), *dataset.indicators.values(), *dataset.observations,
               *dataset.sources.values(), *dataset.practices, *dataset.recommendations]
    return "".join(v for r in records for v in r.model_dump().values() if isinstance(v, str))


def render_formats(doc, formats, created: dt.datetime, fonts: dict[str, str] | None = None,
                   charset: str = "") -> dict[str, bytes]:
    """Return the bytes of each requested format for a numbered document (charts drawn first)."""
    out: dict[str, bytes] = {}
    draw_charts(doc, fonts)
    for fmt in formats:
        if fmt == "docx":
            from .writers.docx import DocxWriter

            out[fmt] = DocxWriter(created=created).write(doc)
        elif fmt == "pdf":
            from .writers.pdf import PdfWriter, pdf_fonts_for

            out[fmt] = PdfWriter(pdf_fonts_for(doc, fonts, charset), created=created).write(doc)
    return out


def plan(req: BuildRequest) -> tuple[str, str, dict]:
    """Return (output base name, inputs digest, digest detail) without importing any heavy library."""
    from .data.tables import input_files
    from .fonts import resolve_fonts
    from .manifest import inputs_digest
    from .render import load_template, merge_params

    template = load_template(req.template)
    params = merge_params(template, {"target": req.target})
    base = output_name(req.template, params.target)
    fonts = [str(f.path) for f in resolve_fonts(req.fonts or None).values()]
    digest, detail = inputs_digest(input_files(Path(req.data)), template.path, fonts, {
        "target": req.target, "peers": req.peers, "title": req.title, "date": req.date,
        "reference_year": req.reference_year, "formats": list(req.formats), "template": req.template,
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
    })
    return base, digest, detail


def build(req: BuildRequest, if_changed: bool = False, lock_timeout: float = 60.0) -> BuildResult:
    """Build the requested formats and return what was written or that nothing changed.

    Outputs are replaced only when every format has been rendered; a lock on the
    output folder keeps two runs from colliding.
    """
    from .manifest import MANIFEST, is_up_to_date, manifest_bytes

    base, digest, detail = plan(req)
    if if_changed and is_up_to_date(req.out, base, digest):
        return BuildResult([req.out / n for n in sorted(_recorded_outputs(req.out, base))], skipped=True)
    with output_lock(req.out, lock_timeout):
        if if_changed and is_up_to_date(req.out, base, digest):
            return BuildResult([req.out / n for n in sorted(_recorded_outputs(req.out, base))], skipped=True)
        from .changes import load_snapshot, snapshot_bytes, snapshot_path

        doc, result, date = build_model(req, load_snapshot(req.out, base))
        created = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
        files = render_formats(doc, req.formats, created, req.fonts, result.charset)
        outputs = {req.out / f"{base}.{fmt}": data for fmt, data in files.items()}
        try:
            write_all_atomic(outputs)
            result.outputs = list(outputs)
            write_all_atomic({
                snapshot_path(req.out, base): snapshot_bytes(result.snapshot),
                req.out / MANIFEST: manifest_bytes(req.out, base, digest, detail, result.outputs),
            })
        except OSError as exc:
            raise OutputError(f"无法写入输出文件夹 {req.out}：{exc.strerror or exc}") from exc
    return result


def _recorded_outputs(out: Path, base: str) -> list[str]:
    from .manifest import read_manifest

    return list(read_manifest(out).get(base, {}).get("outputs", {}))


class output_lock:
    """Hold an exclusive lock on an output folder; OutputError after ``timeout`` seconds."""

    def __init__(self, out: Path, timeout: float):
        self.out, self.timeout = out, timeout

    def __enter__(self):
        from filelock import FileLock, Timeout

        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建输出文件夹 {self.out}：{exc.strerror or exc}") from exc
        self.lock = FileLock(str(self.out / ".nqp-report.lock"))
        try:
            self.lock.acquire(timeout=self.timeout)
        except Timeout:
            raise OutputError(
                f"输出文件夹 {self.out} 正被另一个 nqp-report 进程使用，等待 {self.timeout:g} 秒后仍未释放；请稍后再试"
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        self.lock.release()


__all__ = ["BuildRequest", "BuildResult", "build", "build_model", "NqpError"]

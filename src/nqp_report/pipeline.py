"""The facade: dataset + template → document model → DOCX / PDF files.

``build_model`` runs data → comparisons → template → numbered document;
``build`` also draws the charts, writes each format and replaces the outputs
all at once under the folder's lock, so a failure at any stage leaves earlier
outputs as they were. Dates, the chart cache, staging and the writers each
live in their own module (dates, chartcache, staging, formats).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .dates import report_date
from .errors import NqpError, OutputError, TemplateError, os_error_text
from .formats import FORMATS, pdf_child, render_formats
from .glyphsource import font_errors_located
from .staging import inside, output_lock, remove_stale, safe_file_name, visible, write_all_atomic, write_atomic


@dataclass
class BuildRequest:
    """What to build: data, template, overrides of the template's parameters, output folder, formats, limits."""

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
    limits: object = None


@dataclass
class BuildResult:
    """What a build wrote (or that it skipped), the date it used and where that came from, data changes.

    ``notes`` are remarks for the user (a peer dropped); ``snapshot`` and
    ``charset`` are what the build stores and what its fonts must cover.
    """

    outputs: list[Path]
    date: str = ""
    date_origin: str = ""
    target: str = ""
    peers: list[str] = field(default_factory=list)
    skipped: bool = False
    changes: list = field(default_factory=list)
    first_build: bool = True
    notes: list[str] = field(default_factory=list)
    snapshot: dict = field(default_factory=dict, repr=False)
    charset: str = field(default="", repr=False)


def choose_peers(dataset, target: str, peers, max_peers: int) -> list[str]:
    """Return the peers: the given list, or (auto) regions of the target's level sharing most indicators."""
    from .analysis import choose_peers as choose

    return choose(dataset, target, peers, max_peers)


def without_target(peers: list[str], target: str) -> tuple[list[str], list[str]]:
    """Return (peers without the target and without repeats, notes saying what was dropped)."""
    unique = list(dict.fromkeys(peers))
    notes = [f"对标地区中的“{p}”重复出现，只计一次" for p in dict.fromkeys(p for i, p in enumerate(peers)
                                                             if p in peers[:i])]
    if target in unique:
        notes.append(f"对标地区中的“{target}”即目标地区本身，已略去")
    return [p for p in unique if p != target], notes


def load_params(req: BuildRequest):
    """Return (template, parameters) with command-line overrides applied and front-matter types checked."""
    from .templating.frontmatter_types import check_params, load_template_checked
    from .templating import merge_params

    template = load_template_checked(req.template)
    params = merge_params(template, {
        "target": req.target, "peers": req.peers, "title": req.title, "reference_year": req.reference_year,
    })
    check_params(params, str(template.path))
    return template, params


def check_request(dataset, params) -> None:
    """Return None when target, peers and reference year fit the dataset; TemplateError otherwise."""
    names = "、".join(visible(r) for r in dataset.regions)
    if params.target not in dataset.regions:
        raise TemplateError(f"目标地区“{visible(str(params.target))}”不在数据中；可选：{names}")
    from .staging import file_name_clash

    if (clash := file_name_clash(list(dataset.regions), params.target)) is not None:
        raise OutputError(clash)
    if isinstance(params.peers, list):
        unknown = [p for p in params.peers if p not in dataset.regions]
        if unknown:
            raise TemplateError(f"对标地区“{'、'.join(visible(p) for p in unknown)}”不在数据中；可选：{names}")
    from .analysis.index import reference_year_error

    if (problem := reference_year_error(dataset, params.reference_year)) is not None:
        raise TemplateError(problem)


def build_model(req: BuildRequest, previous: dict | None = None):
    """Return (document, result, date) for a request: the numbered model, not yet written.

    ``previous`` is the snapshot of the last build's values; the changes since
    then are offered to the template as ``changes`` and returned in the result.
    """
    from .changes import diff, snapshot
    from .data import load_dataset
    from .model import FrontMatter
    from .templating import BriefingContext, build_document, render_front_matter
    from .transforms import apply_all

    dataset = load_dataset(req.data, req.limits)
    template, params = load_params(req)
    check_request(dataset, params)
    given, notes = (without_target(params.peers, params.target) if isinstance(params.peers, list)
                    else (params.peers, []))
    notes = [*dataset.notes, *notes]
    peers = choose_peers(dataset, params.target, given, params.max_peers)
    date, date_text, origin = report_date(req.date, dataset)
    context = BriefingContext(dataset, params.target, peers, params.reference_year)
    current = snapshot(dataset)
    context.changes = diff(previous, current) if previous is not None else []

    def meta_text(key: str) -> str:
        return render_front_matter(template, key, getattr(params, key), context.globals())

    meta = FrontMatter(
        title=meta_text("title"), subtitle=meta_text("subtitle"), issuer=meta_text("issuer"),
        date=date_text, issue_no=meta_text("issue_no"),
        subject=f"{params.target}新质生产力对标分析", keywords=[str(k) for k in params.keywords],
    )
    context.meta = {
        "title": meta.title, "issuer": meta.issuer, "date": meta.date,
        "issuer_line": "　".join(p for p in (meta.issuer, meta.date) if p),
    }
    doc = apply_all(build_document(template, context, meta))
    result = BuildResult([], meta.date, origin, params.target, peers, changes=context.changes,
                         first_build=previous is None, notes=notes, snapshot=current,
                         charset=dataset_text(dataset) + template.text)
    return doc, result, date


def output_name(template: str, target: str) -> str:
    """Return the output base name ``<template>-<target>``, made safe as a file name."""
    stem = Path(template).stem if template.endswith(".md") else template
    return safe_file_name(f"{stem}-{target}")


def dataset_text(dataset) -> str:
    """Return every text field of a dataset's records, joined (the characters a briefing may use)."""
    records = [*dataset.regions.values(), *dataset.indicators.values(), *dataset.observations,
               *dataset.sources.values(), *dataset.practices, *dataset.recommendations]
    return "".join(v for r in records for v in r.model_dump().values() if isinstance(v, str))


def plan(req: BuildRequest) -> tuple[str, str, dict]:
    """Return (output base name, inputs digest, digest detail) without importing any heavy library."""
    from .data.tables import input_files
    from .fonts import resolve_fonts
    from .manifest import inputs_digest

    template, params = load_params(req)
    base = output_name(req.template, params.target)
    fonts = [str(f.path) for f in resolve_fonts(req.fonts or None).values()]
    digest, detail = inputs_digest(input_files(Path(req.data)), template.path, fonts, {
        "target": req.target, "peers": req.peers, "title": req.title, "date": req.date,
        "reference_year": req.reference_year, "formats": list(req.formats), "template": req.template,
        "SOURCE_DATE_EPOCH": "" if req.date else os.environ.get("SOURCE_DATE_EPOCH", ""),
    })
    return base, digest, detail


def output_files(req: BuildRequest, base: str, files: dict[str, bytes], result: BuildResult,
                 digest: str, detail: dict) -> dict[Path, bytes]:
    """Return every file a build replaces: each format's output, the values snapshot and the manifest."""
    from .changes import snapshot_bytes, snapshot_path
    from .manifest import MANIFEST, manifest_bytes

    outputs = {inside(req.out, f"{base}.{fmt}"): data for fmt, data in files.items()}
    return {
        **outputs,
        snapshot_path(req.out, base): snapshot_bytes(result.snapshot),
        req.out / MANIFEST: manifest_bytes(req.out, base, digest, detail, outputs),
    }


def build(req: BuildRequest, if_changed: bool = False, lock_timeout: float = 60.0) -> BuildResult:
    """Build the requested formats and return what was written or that nothing changed.

    Outputs, snapshot and manifest are staged first and renamed together, only
    when every format has been rendered; a lock on the output folder keeps two
    runs from colliding, and the run holding it removes what a killed run left.
    """
    from .changes import read_snapshot, snapshot_path
    from .manifest import is_up_to_date, manifest_note

    base, digest, detail = plan(req)
    inside(req.out, f"{base}.docx")
    if if_changed and is_up_to_date(req.out, base, digest):
        return BuildResult([req.out / n for n in sorted(_recorded_outputs(req.out, base))], skipped=True)
    with output_lock(req.out, lock_timeout):
        remove_stale([req.out, snapshot_path(req.out, base).parent])
        if if_changed and is_up_to_date(req.out, base, digest):
            return BuildResult([req.out / n for n in sorted(_recorded_outputs(req.out, base))], skipped=True)
        with font_errors_located(req.data, req.template, req.limits), pdf_child(req.formats) as pdf_worker:
            previous, damaged = read_snapshot(req.out, base)
            doc, result, date = build_model(req, previous)
            result.notes.extend(n for n in (damaged, manifest_note(req.out)) if n)
            created = dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
            files = output_files(req, base, render_formats(doc, req.formats, created, req.fonts, result.charset,
                                                           pdf_worker), result, digest, detail)
        try:
            write_all_atomic(files)
        except OSError as exc:
            raise OutputError(f"无法写入输出文件夹 {req.out}：{os_error_text(exc)}") from None
        result.outputs = [req.out / f"{base}.{fmt}" for fmt in req.formats]
    return result


def _recorded_outputs(out: Path, base: str) -> list[str]:
    from .manifest import read_manifest

    return list(read_manifest(out).get(base, {}).get("outputs", {}))


__all__ = ["BuildRequest", "BuildResult", "build", "build_model", "output_lock", "write_all_atomic",
           "write_atomic", "render_formats", "report_date", "FORMATS", "NqpError"]

"""Document models of the bundled templates, built once per test session and target."""

from __future__ import annotations

from functools import lru_cache

from nqp_report.modeldump import dump
from nqp_report.pipeline import BuildRequest, build_model
from nqp_report.resources import bundled_data_dir

DATE = "2026-11-24"


@lru_cache(maxsize=None)
def model(template: str, target: str = "宁波"):
    """Return (document, its readable dump) of a bundled template for a target."""
    doc, _, _ = build_model(BuildRequest(data=bundled_data_dir(), template=template, target=target, date=DATE))
    return doc, dump(doc)


def abstract(doc) -> str:
    """Return the text of the document's abstract (内容提要 / 核心观点) paragraphs, joined."""
    return "".join(b.text for b in doc.blocks if getattr(b, "style", "") == "abstract")

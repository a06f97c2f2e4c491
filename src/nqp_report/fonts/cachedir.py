"""Where cached font subsets, the installed-font index and charts are kept."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Return the cache folder: $NQP_REPORT_CACHE, else $XDG_CACHE_HOME/nqp-report, else ~/.cache/nqp-report."""
    if os.environ.get("NQP_REPORT_CACHE"):
        return Path(os.environ["NQP_REPORT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nqp-report"


def file_stamp(path: Path) -> str:
    """Return "resolved path:size:mtime_ns", which changes whenever the file is replaced or edited."""
    st = path.stat()
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"

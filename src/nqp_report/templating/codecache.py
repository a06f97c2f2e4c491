"""Compiled template code kept in the cache, so a warm build does not parse and compile the same Jinja source again."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from types import CodeType
from typing import Callable

from ..fonts.cachedir import cache_dir, file_stamp

FORMAT = 1
"""Bumped whenever what is stored changes meaning."""

_SANDBOX = Path(__file__).with_name("sandbox.py")
"""The module that configures the environment and instruments the tree: its changes change the code."""


def _code_file(source: str, name: str, filename: str, markdown: bool) -> Path:
    """Return the cache file of the code compiled from ``source`` by this Jinja, Python and sandbox."""
    from jinja2 import __version__ as jinja_version

    h = hashlib.sha256()
    for part in (str(FORMAT), jinja_version, sys.version, file_stamp(_SANDBOX), str(markdown), name, filename, source):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return cache_dir() / "templates" / f"{h.hexdigest()[:40]}.code"


def cached_code(source: str, name: str, filename: str, markdown: bool, compile_source: Callable[[], CodeType]) -> CodeType:
    """Return the code of a template body: from the cache when present, else ``compile_source()`` stored.

    Only code that compiled is stored, so syntax errors are raised by the
    same compiler each time; an unreadable entry is compiled again.
    """
    cached = _code_file(source, name, filename, markdown)
    try:
        code = marshal.loads(cached.read_bytes())
        if isinstance(code, CodeType) and code.co_filename == filename:
            return code
    except (OSError, EOFError, ValueError, TypeError):
        pass
    code = compile_source()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(code))
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only cache only costs the compile next time
    return code

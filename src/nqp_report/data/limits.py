"""Bounds on what a dataset may hold, so a huge or hostile file is refused quickly with a clear message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Largest data file (MB, also the unpacked size of a workbook), rows per table, characters per cell."""

    max_file_mb: float = 50.0
    max_rows: int = 100_000
    max_cell_chars: int = 20_000

    @property
    def max_file_bytes(self) -> int:
        """Return the file size limit in bytes."""
        return int(self.max_file_mb * 1024 * 1024)


DEFAULT_LIMITS = Limits()


def size_text(size: int) -> str:
    """Return a byte count for messages: "60 MB", "1.5 MB" or "12 KB"."""
    if size >= 10 * 1048576:
        return f"{size / 1048576:.0f} MB"
    if size >= 1048576:
        return f"{size / 1048576:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"

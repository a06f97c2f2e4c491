"""Decoding CSV bytes strictly: UTF-8 (with or without BOM), UTF-16 with BOM, or clean GB18030.

GB18030 decodes almost any byte string, so Windows-1252 text such as
"Zürich" would silently become "Z黵ich". A GB18030 reading is accepted only
when every non-ASCII character is a common (GB2312) character or punctuation;
otherwise the line that does not fit is named.
"""

from __future__ import annotations

import codecs

from .cells import visible


class EncodingProblem(ValueError):
    """The bytes fit no accepted encoding; ``line`` is where the first reading breaks."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def _common(ch: str) -> bool:
    if ch.isascii():
        return True
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name); raise EncodingProblem naming the line when no encoding fits cleanly."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_line = data[: exc.start].count(b"\n") + 1
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingProblem(f"既不是 UTF-8（第{utf8_line}行不符），也不是 GBK/GB18030（第{line}行不符）", line) from None
    for number, line_text in enumerate(text.split("\n"), start=1):
        odd = [c for c in line_text if not _common(c)]
        if odd:
            raise EncodingProblem(
                f"不是 UTF-8（第{utf8_line}行不符）；按 GBK 读第{number}行出现生僻字“{visible(''.join(odd[:3]))}”，"
                "疑为其他编码（如 Windows-1252）造成的乱码", number)
    return text, "gb18030"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingProblem(f"文件开头标明为 {encoding.upper()}，但第{line}行不符合该编码", line) from None

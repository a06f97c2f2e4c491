"""Decoding CSV bytes strictly: UTF-8 (with or without BOM), UTF-16 with BOM, or clean GB18030.

GB18030 decodes almost any byte string, so Windows-1252 text such as
"Zürich" would silently become "Z黵ich" and "Créées" "Cr殚es". A GB18030
reading is accepted only when every non-ASCII character is a GBK character or a
punctuation mark or symbol, and no Chinese character sits inside a Latin word
(a letter on each side, one of them lower-case, or two letters on each side);
otherwise the line that does not fit is named.
"""

from __future__ import annotations

import codecs
import unicodedata

from .cells import visible


class EncodingProblem(ValueError):
    """The bytes fit no accepted encoding; ``line`` is where the first reading breaks."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def _common(ch: str) -> bool:
    """Return True for ASCII, a GBK character, or a punctuation mark or symbol (•, ®, €)."""
    if ch.isascii() or unicodedata.category(ch)[0] in "PS":
        return True
    try:
        ch.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


def _inside_latin_word(line: str) -> list[str]:
    """Return the non-ASCII letters that sit inside a Latin word ("Cr殚es", "Z黵ich", "CR缮ES"), in order."""
    found = []
    for i, ch in enumerate(line):
        if ch.isascii() or not ch.isalpha() or i == 0 or i + 1 >= len(line):
            continue
        before, after = line[max(0, i - 2):i], line[i + 1:i + 3]
        if not (before[-1:].isascii() and before[-1:].isalpha() and after[:1].isascii() and after[:1].isalpha()):
            continue
        two_each = len(before) == 2 == len(after) and (before + after).isascii() and (before + after).isalpha()
        if before[-1].islower() or after[0].islower() or two_each:
            found.append(ch)
    return found


def _odd_characters(line: str) -> tuple[list[str], str]:
    """Return (characters that suggest mojibake, why) for one decoded line; ([], "") when it looks clean."""
    rare = [c for c in line if not _common(c)]
    if rare:
        return rare, "不在 GBK 字符集中"
    inside = _inside_latin_word(line)
    return (inside, "夹在英文字母之间") if inside else ([], "")


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
        odd, why = _odd_characters(line_text)
        if odd:
            raise EncodingProblem(
                f"不是 UTF-8（第{utf8_line}行不符）；按 GBK 读第{number}行出现“{visible(''.join(odd[:3]))}”（{why}），"
                "疑为其他编码（如 Windows-1252）造成的乱码", number)
    return text, "gb18030"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingProblem(f"文件开头标明为 {encoding.upper()}，但第{line}行不符合该编码", line) from None

"""Errors the tool reports to users, each with a Chinese message.

Every error a user can cause (bad data, a template mistake, a missing glyph)
is a subclass of :class:`NqpError`. The CLI turns these into a clean message and
exit code 1; anything else is a bug and may show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


ECHO_CHARS = 60


def shorten(value: object, limit: int = ECHO_CHARS) -> str:
    """Return ``value`` as text cut to ``limit`` characters ("…（共 N 个字符）" appended when cut), for echoing user input."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…（共 {len(text)} 个字符）"


class NqpError(Exception):
    """Base class of all user-facing errors; ``str(err)`` is the Chinese message."""


@dataclass(frozen=True)
class DataProblem:
    """One problem in one cell (or row, or file) of a dataset."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”列")
        return "，".join(where) + "：" + self.message


class DataError(NqpError):
    """The dataset has one or more problems; all of them are in ``problems``."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        """Return the Chinese message listing every problem, one per line."""
        head = f"数据有 {len(self.problems)} 处问题："
        return "\n".join([head] + [f"  - {p}" for p in self.problems])


class TemplateError(NqpError):
    """A template cannot be rendered; names the template file and line."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        self.file = file
        self.line = line
        self.detail = message
        where = ""
        if file:
            where = file + (f"，第{line}行" if line else "") + "："
        super().__init__(f"模板错误：{where}{message}")


class FontError(NqpError):
    """No usable font for a role, or characters no configured font covers."""


class OutputError(NqpError):
    """Outputs cannot be written (locked folder, disk full, permission)."""


_OS_ERRORS = {
    "ENOSPC": "磁盘已满", "EDQUOT": "磁盘配额已用完", "EEXIST": "文件已存在", "EACCES": "没有写权限",
    "EPERM": "没有权限", "EROFS": "文件系统只读", "ENOTDIR": "路径中有一段不是文件夹", "EISDIR": "这是一个文件夹",
    "ENOENT": "文件或文件夹不存在", "ENAMETOOLONG": "文件名过长", "EMFILE": "打开的文件过多",
    "EIO": "读写设备出错", "EBUSY": "文件正被占用", "EXDEV": "不能跨磁盘重命名", "ENOTEMPTY": "文件夹不为空",
    "ELOOP": "路径是符号链接或链接层数过多（不跟随）", "EINVAL": "参数无效（该位置可能不支持普通文件）",
    "ENXIO": "设备不存在", "ETXTBSY": "文件正被执行", "EFBIG": "文件过大", "ENODEV": "设备不支持该操作",
    "EOPNOTSUPP": "该文件系统不支持此操作",
}


def os_error_text(exc: OSError, path: object = None) -> str:
    """Return an OS error in Chinese with the path it concerns: "磁盘已满（/out/a.pdf）"."""
    import errno

    name = errno.errorcode.get(exc.errno or -1, "")
    what = _OS_ERRORS.get(name) or f"系统错误（错误号 {name or exc.errno or type(exc).__name__}）"
    where = path if path is not None else (exc.filename or "")
    return f"{what}（{where}）" if where else what

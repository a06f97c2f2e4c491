"""The font roles of the house style and the font file chosen for each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROLES = ("title", "heading", "kai", "body", "table", "latin")

ROLE_LABELS = {
    "title": "标题（小标宋）",
    "heading": "一级标题（黑体）",
    "kai": "二级标题与提要（楷体）",
    "body": "正文（仿宋）",
    "table": "表格与页码（宋体）",
    "latin": "数字与西文",
}

ORIGIN_USER = "用户设置"
ORIGIN_OFFICIAL = "本机已安装的公文字体"
ORIGIN_OPEN = "随工具安装的开源字体（Noto CJK SC，SIL OFL）"


@dataclass(frozen=True)
class ResolvedFont:
    """The font file serving one role, and where the choice came from."""

    role: str
    path: Path
    face_index: int
    origin: str

    @property
    def description(self) -> str:
        """Return "file (origin)" for people."""
        face = f"，第{self.face_index}个字形集" if self.face_index else ""
        return f"{self.path}{face}（{self.origin}）"

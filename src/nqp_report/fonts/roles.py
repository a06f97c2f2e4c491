"""The font roles of the house style and the font chosen for each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROLES = ("title", "heading", "kai", "body", "table", "latin", "fallback")

ROLE_LABELS = {
    "title": "标题（小标宋）",
    "heading": "一级标题（黑体）",
    "kai": "二级标题与提要（楷体）",
    "body": "正文（仿宋）",
    "table": "表格与页码（宋体）",
    "latin": "数字与西文",
    "fallback": "补缺字（自带字体没有的字）",
}
FALLBACK_ROLE = "fallback"

ORIGIN_USER = "用户设置"
ORIGIN_OFFICIAL = "本机已安装的公文字体"
ORIGIN_ALTERNATE = "本机已安装的开源字体"
ORIGIN_OPEN = "随工具安装的开源字体"


@dataclass(frozen=True)
class ResolvedFont:
    """The font serving one role: file, face in a collection, family, licence, and why it was chosen."""

    role: str
    path: Path
    face_index: int
    origin: str
    family: str = ""
    licence: str = ""

    @property
    def description(self) -> str:
        """Return "family, file, licence (origin)" for people."""
        face = f"#{self.face_index}" if self.face_index else ""
        family = f"{self.family}，" if self.family else ""
        licence = f"，许可：{self.licence}" if self.licence else ""
        return f"{family}{self.path}{face}{licence}（{self.origin}）"

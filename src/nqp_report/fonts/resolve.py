"""Choose the font serving each role, in this documented order:

1. a user setting (``--font ROLE=PATH`` or the config file, see :mod:`.config`);
2. an official font installed on the machine, found by family name
   (:data:`OFFICIAL_FAMILIES`, best first);
3. an open face installed on the machine that serves the role better than the
   shipped one (:data:`ALTERNATE_FAMILIES`: LXGW WenKai or AR PL KaitiM GB as 楷体);
4. the open face shipped with the tool (:data:`SHIPPED_FACES`).

The ``fallback`` role draws the characters a shipped face lacks (beyond GB 2312
level 1): 宋体 or an installed Noto/Source Han Serif CJK, else Noto Serif SC
installed by pip.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import FontError
from .cachedir import cache_dir
from .config import user_settings
from .discover import InstalledFace, find_family, font_dirs, installed_faces
from .roles import (
    FALLBACK_ROLE, ORIGIN_ALTERNATE, ORIGIN_OFFICIAL, ORIGIN_OPEN, ORIGIN_USER, ROLE_LABELS, ROLES, ResolvedFont,
)

OFFICIAL_FAMILIES: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
    "heading": ("黑体", "SimHei", "方正黑体简体", "FZHei-B01S", "方正黑体_GBK", "FZHei-B01"),
    "kai": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "方正楷体简体", "FZKai-Z03S", "华文楷体", "STKaiti"),
    "body": ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "方正仿宋简体", "FZFangSong-Z02S", "华文仿宋",
             "STFangsong"),
    "table": ("宋体", "SimSun", "方正书宋简体", "FZShuSong-Z01S", "华文宋体", "STSong"),
    "latin": ("Times New Roman",),
    "fallback": ("宋体", "SimSun", "Songti SC", "华文宋体", "STSong"),
}
ALTERNATE_FAMILIES: dict[str, tuple[str, ...]] = {
    "kai": ("LXGW WenKai", "霞鹜文楷", "AR PL KaitiM GB", "文鼎ＰＬ简中楷"),
    "fallback": ("Noto Serif CJK SC", "Source Han Serif SC", "思源宋体"),
}
FANDOL_LICENCE = "GPL v3 + 字体例外（Fandol）"
SHIPPED_FACES: dict[str, tuple[str, str, str]] = {
    "title": ("FandolSong-Bold.ttf", "FandolSong Bold", FANDOL_LICENCE),
    "heading": ("FandolHei-Regular.ttf", "FandolHei", FANDOL_LICENCE),
    "kai": ("FandolKai-Regular.ttf", "FandolKai", FANDOL_LICENCE),
    "body": ("FandolFang-Regular.ttf", "FandolFang", FANDOL_LICENCE),
    "table": ("FandolSong-Regular.ttf", "FandolSong", FANDOL_LICENCE),
    "latin": ("NotoSerif-Regular.ttf", "Noto Serif", "SIL OFL 1.1（Noto Serif）"),
}
NOTO_SC = ("NotoSerifSC-Regular.otf", "Noto Serif SC", "SIL OFL 1.1（Noto Serif SC，PyPI 包 pylopdf-fonts-zh-cn）")
"""The fallback face installed by pip: characters the shipped faces lack are drawn in it."""
"""role → (file in ``faces/``, family, licence): TrueType faces ready for the PDF, each with a ``.chars`` list."""
OFFICIAL_LICENCE = "商业字体，随本机授权使用"


def shipped_dir() -> Path:
    """Return the folder of the faces shipped inside the package."""
    return Path(__file__).resolve().parent / "faces"


def noto_sc_dir() -> Path:
    """Return the folder of the Noto Serif SC face that pip installs (package pylopdf-fonts-zh-cn)."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        raise FontError("找不到补缺字用的开源字体（Python 包 pylopdf-fonts-zh-cn）；请重新运行 pip install nqp-report") from None
    return Path(pylopdf_fonts_zh_cn.__file__).parent


def resolve_fonts(options: dict[str, str] | None = None, dirs: list[Path] | None = None,
                  index_file: Path | None = None) -> dict[str, ResolvedFont]:
    """Return role → the font serving it: user setting, official family, open alternate, shipped face."""
    settings = user_settings(options)
    faces: list[InstalledFace] | None = None
    fonts: dict[str, ResolvedFont] = {}
    for role in ROLES:
        if role in settings:
            path, face, where = settings[role]
            fonts[role] = ResolvedFont(role, path, face, f"{ORIGIN_USER}：{where}")
            continue
        if faces is None:
            if dirs is None:
                dirs, index_file = font_dirs(), index_file or cache_dir() / "fonts" / "installed.json"
            faces = installed_faces(dirs, index_file)
        chosen = _installed(role, faces)
        fonts[role] = chosen if chosen is not None else shipped_font(role)
    return fonts


def _installed(role: str, faces: list[InstalledFace]) -> ResolvedFont | None:
    official = find_family(faces, OFFICIAL_FAMILIES[role])
    if official is not None:
        why = f"{ORIGIN_OFFICIAL}“{official.families[0]}”"
        return ResolvedFont(role, Path(official.path), official.index, why, official.families[0],
                            official.licence or OFFICIAL_LICENCE)
    alternate = find_family(faces, ALTERNATE_FAMILIES.get(role, ()))
    if alternate is not None:
        why = f"{ORIGIN_ALTERNATE}“{alternate.families[0]}”，未找到{OFFICIAL_FAMILIES[role][0]}"
        return ResolvedFont(role, Path(alternate.path), alternate.index, why, alternate.families[0],
                            alternate.licence or "开源许可（见字体文件）")
    return None


def shipped_font(role: str) -> ResolvedFont:
    """Return the shipped open face of ``role``; FontError when the installation lost it."""
    if role == FALLBACK_ROLE:
        name, family, licence = NOTO_SC
        path = noto_sc_dir() / name
    else:
        name, family, licence = SHIPPED_FACES[role]
        path = shipped_dir() / name
    if not path.is_file():
        raise FontError(f"随工具安装的字体文件缺失：{path}；请重新安装 nqp-report")
    why = f"{ORIGIN_OPEN}，本机未安装{OFFICIAL_FAMILIES[role][0]}"
    return ResolvedFont(role, path, 0, why, family, licence)


def describe_fonts(fonts: dict[str, ResolvedFont]) -> list[tuple[str, str]]:
    """Return (role label, "family, file, licence (why)") per role, in role order."""
    return [(ROLE_LABELS[role], fonts[role].description) for role in ROLES if role in fonts]

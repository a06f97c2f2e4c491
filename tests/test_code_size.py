"""Issue 10's size rules, checked on the source: modules at most 400 lines, classes 250, functions 80.

Every offender is listed as ``file:line`` with its size, so the failure message is
the to-do list.
"""

from __future__ import annotations

import ast
from pathlib import Path


SRC = Path(__file__).resolve().parent.parent / "src" / "nqp_report"
MAX_MODULE, MAX_CLASS, MAX_FUNCTION = 400, 250, 80


def size_offenders(root: Path) -> list[str]:
    """Return "file:line what N lines (limit M)" for each module, class or function over its limit."""
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(root.parent).as_posix()
        lines = len(text.splitlines())
        if lines > MAX_MODULE:
            found.append(f"{name}:1 module {lines} lines (limit {MAX_MODULE})")
        for node in ast.walk(ast.parse(text, filename=str(path))):
            if isinstance(node, ast.ClassDef):
                kind, limit = "class", MAX_CLASS
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                kind, limit = "function", MAX_FUNCTION
            else:
                continue
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            span = node.end_lineno - start + 1
            if span > limit:
                found.append(f"{name}:{start} {kind} {node.name} {span} lines (limit {limit})")
    return sorted(found)


def test_the_checker_finds_each_kind_of_offender(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION))
    (pkg / "small.py").write_text(f"def fits():\n{body[: body.rfind(chr(10))]}\n", encoding="utf-8")
    (pkg / "long_function.py").write_text(f"@staticmethod\ndef too_long():\n{body}\n", encoding="utf-8")
    methods = "\n".join(f"    def m{i}(self):\n        return {i}\n" for i in range(MAX_CLASS // 3 + 1))
    (pkg / "long_class.py").write_text(f"class Big:\n{methods}", encoding="utf-8")
    (pkg / "long_module.py").write_text("x = 1\n" * (MAX_MODULE + 1), encoding="utf-8")
    assert size_offenders(pkg) == [
        f"pkg/long_class.py:1 class Big {3 * (MAX_CLASS // 3 + 1)} lines (limit {MAX_CLASS})",
        f"pkg/long_function.py:1 function too_long {MAX_FUNCTION + 2} lines (limit {MAX_FUNCTION})",
        f"pkg/long_module.py:1 module {MAX_MODULE + 1} lines (limit {MAX_MODULE})",
    ]


def test_no_module_class_or_function_over_its_size_limit():
    offenders = size_offenders(SRC)
    assert offenders == [], "\n".join(offenders)

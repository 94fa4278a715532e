"""House rule (STYLE.md): xlwings only under mchch_xl/xl/, openpyxl/calamine only under
mchch_xl/io/; model, schema, checks and compute import neither."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).parents[1] / "mchch_xl"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_excel_libraries_stay_in_their_layers():
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).parts
        found = _imports(path)
        if rel[0] != "xl":
            assert "xlwings" not in found, path
        if rel[0] != "io":
            assert not found & {"openpyxl", "python_calamine"}, path


def test_core_is_free_of_io():
    for sub in ("compute", "checks"):
        for path in (PKG / sub).rglob("*.py"):
            assert not _imports(path) & {"openpyxl", "python_calamine", "xlwings", "pandas"}, path

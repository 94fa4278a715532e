"""The house (STYLE.md, "The shape of the house"): folders that show the flow, lower folders never importing
higher ones (imports inside functions included), no import cycle between modules, no module
name twice, the package top holding only __init__ and __main__; xlwings only under xl/,
openpyxl, calamine and zipfile only under files/ (and the add-in's builder and doctor)."""

from __future__ import annotations

import ast
import collections
from pathlib import Path

PKG = Path(__file__).parents[1] / "mchch_xl"
# lower first: a folder may import its own and those ranked below it
RANK = {
    "domain": 0,
    "checks": 1,
    "compute": 2,
    "layout": 3,
    "files": 4,
    "flows": 5,
    "xl": 6,
    "cli": 7,  # the add-in commands (build-addin, addin, doctor) call xl/
}


def _module(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module or module.name, line) of every import in the file, at any depth."""
    tree = ast.parse(path.read_text("utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = _module(path).split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out += [(f"{module}.{a.name}", node.lineno) for a in node.names]
            out.append((module, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
    return out


def _modules() -> dict[str, Path]:
    return {_module(p): p for p in PKG.rglob("*.py")}


def test_folders_and_names():
    top = sorted(p.name for p in PKG.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
    folders = sorted(p.name for p in PKG.iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(RANK)
    names = collections.Counter(p.stem for p in PKG.rglob("*.py") if p.stem != "__init__")
    assert [n for n, k in names.items() if k > 1] == []
    assert set(names).isdisjoint(folders)  # no module named like a folder


def test_lower_folders_never_import_higher_ones():
    wrong = []
    for name, path in _modules().items():
        parts = name.split(".")
        if len(parts) < 2 or parts[1] not in RANK:
            continue
        mine = RANK[parts[1]]
        for target, line in _imports(path):
            t = target.split(".")
            if t[0] == "mchch_xl" and len(t) > 1 and t[1] in RANK and RANK[t[1]] > mine:
                wrong.append(f"{path.relative_to(PKG.parent)}:{line} imports {target}")
    assert wrong == []


def test_no_import_cycle():
    modules = _modules()
    # a module importing its own package (``from mchch_xl.compute import fields`` runs the
    # package's __init__) is no cycle of the house
    graph = {
        name: {
            t
            for t, _ in _imports(path)
            if t in modules and t != name and not name.startswith(t + ".")
        }
        for name, path in modules.items()
    }
    cycles = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_excel_and_file_libraries_stay_in_their_folders():
    wrong = []
    for name, path in _modules().items():
        folder = name.split(".")[1] if "." in name else ""
        found = {t.split(".")[0] for t, _ in _imports(path)}
        if folder != "xl" and "xlwings" in found:
            wrong.append((name, "xlwings"))
        allowed_files = folder == "files" or name in ("mchch_xl.xl.addin", "mchch_xl.xl.doctor")
        for lib in ("openpyxl", "python_calamine", "zipfile"):
            if lib in found and not allowed_files:
                wrong.append((name, lib))
    assert wrong == []


def test_core_is_free_of_io():
    for sub in ("domain", "checks", "compute", "layout"):
        for path in (PKG / sub).rglob("*.py"):
            found = {t.split(".")[0] for t, _ in _imports(path)}
            assert not found & {"openpyxl", "python_calamine", "xlwings", "pandas"}, path


def _import_time_imports(path: Path) -> set[str]:
    """Top modules a file imports when it is imported: everything outside functions and
    classes' methods, except ``if TYPE_CHECKING:`` blocks."""
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
            for field in ("body", "orelse", "finalbody", "handlers"):
                visit([n for n in getattr(node, field, []) if isinstance(n, ast.AST)])

    visit(ast.parse(path.read_text("utf-8")).body)
    return found


def test_pandas_only_in_flows_and_only_inside_functions():
    """pandas serves the national roll-up (flows/rollup.py): no other folder imports it, and no
    module imports it when it is itself imported (the recalc and Excel-click paths stay light)."""
    outside = [
        name
        for name, path in _modules().items()
        if "pandas" in {t.split(".")[0] for t, _ in _imports(path)}
        and name.split(".")[1:2] != ["flows"]
    ]
    at_import = [
        name for name, path in _modules().items() if "pandas" in _import_time_imports(path)
    ]
    assert (outside, at_import) == ([], [])

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from mchch_xl.flows.pipeline import demo_master

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed-chiangrai-2568.txt"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


LEFT_OUT = ("slow", "libreoffice")  # markers a run without CI leaves out
LEFT_OUT_SAID = "left out (CI not set: slow, libreoffice)"
_left_out = pytest.StashKey[int]()  # how many


def pytest_collection_modifyitems(config, items):
    """Without CI, leave out the slow and LibreOffice tests, so that the default ``pytest``
    stays under two minutes on a 2-core machine; CI=true, or ``-m`` naming a selection (``-m
    libreoffice``, ``-m "slow or not slow"``), runs what it says."""
    if IN_CI or config.option.markexpr:
        return
    out = [item for item in items if any(item.get_closest_marker(m) for m in LEFT_OUT)]
    if out:  # (said once, as "left out", not also as "deselected")
        gone = set(out)
        items[:] = [item for item in items if item not in gone]
    if hasattr(config, "workeroutput"):  # an xdist worker: the controller says it
        config.workeroutput["left_out"] = len(out)
    else:
        config.stash[_left_out] = len(out)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):  # (xdist) every worker collects every test
    left = node.workeroutput.get("left_out", 0) if hasattr(node, "workeroutput") else 0
    node.config.stash[_left_out] = max(node.config.stash.get(_left_out, 0), left)


def pytest_terminal_summary(terminalreporter, config):
    """Say in the summary line what was left out: "... 40 left out (CI not set: ...)"."""
    n = config.stash.get(_left_out, 0)
    if n:
        terminalreporter.stats[LEFT_OUT_SAID] = [SimpleNamespace() for _ in range(n)]


THIS_YEAR = 2569  # the tests' clock (B.E.): a master of 2568 or 2569 stays "this year's"


@pytest.fixture(autouse=True)
def _this_year(monkeypatch):
    """Fix the year by the clock (``thai.this_year``) for every test: ``new`` warns of a year
    far from it (ARG_003), and the tests' years 2568 and 2569 must not turn far as time goes."""
    from mchch_xl.domain import thai

    monkeypatch.setattr(thai, "this_year", lambda: THIS_YEAR)


def seed_order_table() -> list[list[str]]:
    """The seed letter's ลำดับการนำเสนอ table: 18 district rows and the รวม row, as printed."""
    lines = SEED.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ลำดับ\tอำเภอ"))
    rows = []
    for line in lines[start + 2 :]:
        cells = [c for c in line.split("\t")]
        if cells[0] == "รวม":
            rows.append(["รวม", *[c for c in cells[1:] if c]])
            break
        rows.append(cells)
    return rows


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo master, built once; copy it before changing it."""
    return demo_master(tmp_path_factory.mktemp("demo")).path


@pytest.fixture
def demo(demo_file, tmp_path) -> Path:
    path = tmp_path / demo_file.name
    shutil.copy(demo_file, path)
    return path


def sheet_values(path: Path, title: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(path)
    ws = wb[title]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def edit(path: Path, changes: dict[str, dict[str, object]]) -> None:
    """Change cells as a user would in Excel: {sheet title: {"B5": value}}."""
    wb = openpyxl.load_workbook(path)
    for title, cells in changes.items():
        for ref, value in cells.items():
            wb[title][ref] = value
    wb.save(path)


def soffice() -> str:
    """LibreOffice: may skip on a laptop without it, never in CI."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        if IN_CI:
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice is not installed")
    return exe


def records(path: Path, sheet) -> list[dict]:
    """A schema table sheet of a saved workbook, as the product reads it: dicts by column key."""
    from mchch_xl.checks.tables import read_table
    from mchch_xl.files.reader import read_values

    return [r.values for r in read_table(sheet, read_values(path)[sheet.title])[1]]


def set_emblem(master: Path, tmp: Path) -> Path:
    """The emblem setting pointed at a picture (300 × 330 px) made in ``tmp``."""
    from PIL import Image

    from mchch_xl.domain import schema

    picture = tmp / "garuda.png"
    Image.new("RGB", (300, 330), (160, 120, 20)).save(picture)
    wb = openpyxl.load_workbook(master)
    ws = wb[schema.SETTINGS.title]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "emblem")
    ws.cell(row, 2).value = str(picture)
    wb.save(master)
    return picture

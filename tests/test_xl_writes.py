"""Writes that survive desktop Excel's parsing: every action, replayed on the Excel-semantics
double (``tests/excel_model.py``), stores every written cell exactly as it was meant."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
xw = pytest.importorskip("xlwings")

from mchch_xl.domain import schema
from mchch_xl.files.writer import STYLES, put
from mchch_xl.xl import actions, writes
from mchch_xl.xl.writes import FormatRange, excel_would_parse, format_ranges
from tests.excel_model import ExcelModel, Formula, parse
from tests.test_xl import payload

HOSTILE = {
    schema.DISTRICTS.title: {
        "D3": '=HYPERLINK("http://example.com","คลิก")',
        "E3": "0812345678",
        "D4": "+66 81 234 5678",
        "E4": "053-711-234",
    },
    schema.CANDIDATES.title: {
        "D3": '=HYPERLINK("http://example.com","คลิก")',
        "D4": "+66 81 234 5678",
        "D5": "@หมู่ 5 บ้านป่าซาง",
        "D6": "-นายสมชาย-",
        "E3": "5707",
        "E4": "1/5/2568",
        "G3": "0812345678",
        "G4": "50%",
        "G5": "TRUE",
        "G6": "09:30",
        "G7": "'ยกมา",
        "G8": "1,234",
        "G9": "1 May 2568",
    },
    schema.TRACKER.title: {
        "E3": "ตอบรับ",
        "G3": "=1+1",
        "H3": "@ปลัดอำเภอ",
        "I3": "0812345678",
        "J3": "1/5/2568",
        "G4": "- ไม่มี -",
        "I4": "+66812345678",
        "J4": "#N/A",
    },
    schema.RESULTS.title: {
        "L3": "รับรอง",
        "M3": "- ไม่มี -",
        "L4": "รับรอง",
        "M4": "=SUM(A1:A9)",
        "L5": "ให้ปรับปรุง",
        "M5": "12/2568",
    },
}


def hostile_master(demo: Path, out: Path) -> Path:
    """The demo with district text Excel would parse, typed in as literal text."""
    shutil.copy(demo, out)
    wb = openpyxl.load_workbook(out)
    for title, cells in HOSTILE.items():
        ws = wb[title]
        for ref, value in cells.items():
            cell = ws[ref]
            put(ws, cell.row, cell.column, value, style=None)
    wb.save(out)
    return out


ACTIONS = [
    "recalc",
    "validate",
    "build_order",
    "emit_rsvp",
    "show_issues",
    "certify",
    "make_templates",
]


def _same(meant, stored) -> bool:
    if meant in (None, ""):
        return stored is None
    if isinstance(meant, bool) or isinstance(stored, bool):
        return meant is stored
    if isinstance(meant, (int, float)) and isinstance(stored, (int, float)):
        return float(meant) == float(stored)
    if isinstance(meant, dt.date):
        if not isinstance(meant, dt.datetime):
            meant = dt.datetime.combine(meant, dt.time())
        return stored == meant
    return type(stored) is type(meant) and stored == meant


def replay(
    path: Path, run, monkeypatch, protect: bool = True, start: str = "file"
) -> tuple[int, list]:
    """Run one action on the remote engine, apply its recorded actions to the double and
    return (cells written, the cells that would not read back as written)."""
    meant: dict[tuple[str, int, int], object] = {}
    original = actions.BookIO.put

    def recording(self, sheet, row, col, values, styles=None):
        for i, line in enumerate(values):
            for j, v in enumerate(line):
                meant[(sheet.name, row + i, col + j)] = v
        return original(self, sheet, row, col, values, styles)

    monkeypatch.setattr(actions.BookIO, "put", recording)
    # the double is desktop Excel, where the values path also re-lays merged cells
    monkeypatch.setattr(actions, "manages_merges", lambda book: True)
    if not protect:
        monkeypatch.setattr(actions, "format_ranges", lambda *a, **k: [])
    book = xw.Book(json=payload(path))
    run(book)
    model = ExcelModel(path, start)
    model.apply(book.json()["actions"])
    changed = [
        (key, v, model.value(*key)) for key, v in meant.items() if not _same(v, model.value(*key))
    ]
    monkeypatch.undo()
    return len(meant), changed


def _import(tmp: Path):
    """The district cycle: templates from the master, filled back, imported into an empty
    master (the import writes candidates, scores, the log and every output)."""

    def run(book):
        actions.import_files(book, [tmp / "filled"], tmp / "back")

    return run


def every_action(
    path: Path, tmp: Path, monkeypatch, protect: bool = True, start: str = "file"
) -> dict[str, tuple]:
    from mchch_xl.flows.pipeline import evaluate
    from tests.fill import empty_like, fill

    out = {}
    for name in ACTIONS:
        fn = actions.ACTIONS[name]
        if name == "make_templates":

            def fn(book, _f=fn):
                return _f(book, tmp / "filled")

        out[name] = replay(path, fn, monkeypatch, protect, start)
    data = evaluate(path).checked.data
    for p in sorted((tmp / "filled").glob("*.xlsx")):
        fill(p, data, p.name.split("-")[1])
    empty = empty_like(path, tmp / "empty.xlsx")
    out["import_files"] = replay(empty, _import(tmp), monkeypatch, protect, start)
    return out


@pytest.fixture(scope="module")
def masters(demo_file, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    return {"demo": demo_file, "hostile": hostile_master(demo_file, tmp / "hostile.xlsx")}


@pytest.mark.slow
@pytest.mark.parametrize("which", ["demo", "hostile"])
def test_every_action_reads_back_exactly_as_written(masters, which, tmp_path, monkeypatch):
    results = every_action(masters[which], tmp_path, monkeypatch)
    assert set(results) == set(ACTIONS) | {"import_files"}
    for name, (count, changed) in results.items():
        assert changed == [], name
        if name != "make_templates":  # it writes files, not cells
            assert count > 0, name


@pytest.mark.slow
@pytest.mark.parametrize("start", ["General", "@"])
def test_whatever_the_cells_formats_were(masters, start, tmp_path, monkeypatch):
    """The writes do not lean on the master's own formats: on sheets whose cells were all
    General, or all text (a number written into a text cell would become text), every action
    still reads back as written."""
    results = every_action(masters["hostile"], tmp_path, monkeypatch, start=start)
    assert {name: changed for name, (_, changed) in results.items() if changed} == {}


def test_without_the_formats_excel_would_change_cells(masters, monkeypatch):
    """The double is not blind: the same writes without the formats change exactly these."""
    _, changed = replay(masters["hostile"], actions.ACTIONS["recalc"], monkeypatch, protect=False)
    by_cell = {(t, r, c): (v, s) for (t, r, c), v, s in changed if t != schema.ISSUES.title}
    f = Formula
    # the agenda's own lines that start with "-" ("- ไม่มี -", the seed's activity lists)
    from mchch_xl.flows.pipeline import evaluate

    paras = evaluate(masters["hostile"]).results.agenda
    agenda_lines = {
        (schema.AGENDA.title, r, 1): (p.text, f(p.text))
        for r, p in enumerate(paras, start=1)
        if p.text.startswith("-")
    }
    assert len(agenda_lines) > 10
    tracker, results = schema.TRACKER.title, schema.RESULTS.title
    link = '=HYPERLINK("http://example.com","คลิก")'
    assert by_cell == {
        (tracker, 3, 7): ("=1+1", f("=1+1")),
        (tracker, 3, 8): ("@ปลัดอำเภอ", f("@ปลัดอำเภอ")),
        (tracker, 3, 10): ("1/5/2568", ("date", "1/5/2568")),
        (tracker, 4, 7): ("- ไม่มี -", f("- ไม่มี -")),
        (results, 3, 5): (link, f(link)),
        (results, 3, 13): ("- ไม่มี -", f("- ไม่มี -")),
        (results, 4, 5): ("+66 81 234 5678", f("+66 81 234 5678")),
        (results, 4, 13): ("=SUM(A1:A9)", f("=SUM(A1:A9)")),
        (results, 5, 5): ("@หมู่ 5 บ้านป่าซาง", f("@หมู่ 5 บ้านป่าซาง")),
        (results, 5, 13): ("12/2568", ("fraction", "12/2568")),
        (results, 6, 5): ("-นายสมชาย-", f("-นายสมชาย-")),
        # the certified names again in the shortlist, and the announcement's rule line
        ("คัดเลือกดีเด่น", 3, 4): ("+66 81 234 5678", f("+66 81 234 5678")),
        ("คัดเลือกดีเด่น", 4, 4): (link, f(link)),
        (schema.ANNOUNCE.title, 3, 1): ("-" * 40, f("-" * 40)),
        **agenda_lines,
    }
    issues = [(r, c, v) for (t, r, c), v, s in changed if t == schema.ISSUES.title and c == 8]
    # the values that CELL_013 names (text starting with = + - @), as the issues sheet shows them
    plus, minus = "+66 81 234 5678", "-นายสมชาย-"
    assert issues == [
        (3, 8, link),
        (4, 8, plus),
        (5, 8, link),
        (6, 8, plus),
        (7, 8, "@หมู่ 5 บ้านป่าซาง"),
        (8, 8, minus),
        (9, 8, "- ไม่มี -"),
        (10, 8, "=SUM(A1:A9)"),
    ]


def test_the_double_parses_as_excel_does():
    cases = [
        ("=1+1", "General", Formula("=1+1")),
        ("- ไม่มี -", "General", Formula("- ไม่มี -")),
        ("@หมู่ 5", "General", Formula("@หมู่ 5")),
        ("+66 81", "General", Formula("+66 81")),
        ("-5", "General", -5.0),
        ("+5", "General", 5.0),
        ("0812345678", "General", 812345678.0),
        ("5707", "General", 5707.0),
        ("50%", "General", 0.5),
        ("1,234.5", "General", 1234.5),
        ("(12)", "General", -12.0),
        ("1e3", "General", 1000.0),
        ("TRUE", "General", True),
        ("1/5/2568", "General", ("date", "1/5/2568")),
        ("09:30", "General", ("time", "09:30")),
        ("1 May 2568", "General", ("date", "1 May 2568")),
        ("'0812", "General", "0812"),
        ("2025-05-01", "General", dt.datetime(2025, 5, 1)),
        ("0812345678", "@", "0812345678"),
        ("'0812", "@", "'0812"),
        ("=1+1", "@", "=1+1"),
        (5707, "@", "5707"),
        (5707, "General", 5707),
        ("หมู่ที่ 5", "General", "หมู่ที่ 5"),
        ("09.00-09.15 น.", "General", "09.00-09.15 น."),
        ("ID 5", "General", "ID 5"),
    ]
    assert [(v, f, parse(v, f)) for v, f, _ in cases] == cases


def test_the_write_rule_covers_what_the_double_converts():
    texts = [
        "=1+1",
        "- ไม่มี -",
        "@หมู่ 5",
        "+66 81 234 5678",
        "0812345678",
        "5707",
        "50%",
        "1,234",
        "(12)",
        "1e3",
        "TRUE",
        "false",
        "1/5/2568",
        "09:30",
        "1 May 2568",
        "'x",
        "#N/A",
        "09.00",
        " -5",
        "12/2568",
        "May 1",
        "9 am",
        "1 1/2",
    ]
    assert [t for t in texts if not excel_would_parse(t)] == []
    plain = [
        "หมู่ที่ 5 ตำบลตัวอย่าง",
        "ผู้นำชุมชนตัวอย่าง 1",
        "09.00-09.15 น.",
        "ID 5",
        "",
        "ข้อมูลตัวอย่าง",
        "5707-L01 x",
    ]
    assert [t for t in plain if excel_would_parse(t)] == []
    for t in texts:
        assert not isinstance(parse(t, "@"), (Formula, float, tuple, bool)) and parse(t, "@") == t


def test_format_ranges_are_few_rectangles():
    values = [["a", "0812", 3], ["b", "5707", 4], [None, "x", dt.date(2025, 5, 1)]]
    styles = {(1, 3): "number_out", (2, 3): "number_out"}
    assert format_ranges(values, styles, 2, 1) == [
        FormatRange(2, 2, 3, 2, "@"),
        FormatRange(2, 3, 3, 3, "0"),
        FormatRange(4, 3, 4, 3, "d/m/yyyy"),
    ]
    wide = [["0812", "0813"], ["0814", "0815"]]
    assert format_ranges(wide) == [FormatRange(1, 1, 2, 2, "@")]
    assert format_ranges([[5707]], {(1, 1): "code_out"}) == [FormatRange(1, 1, 1, 1, "General")]


def test_style_formats_match_the_file_writer():
    from_writer = {name: fmt for name, (_, _, fmt, _, _) in STYLES.items() if fmt}
    assert writes.STYLE_FORMATS == from_writer

"""The Excel layer on xlwings' own engines (no Excel here): the remote engine
(``xw.Book(json=...)``, writes recorded as actions) and the read engine (``mode="r"``).
xlwings PRO engines: PolyForm Noncommercial, which covers government institutions."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import openpyxl
import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
xw = pytest.importorskip("xlwings")

from mchch_xl.domain import schema  # noqa: E402
from mchch_xl.files.reader import read_values  # noqa: E402
from mchch_xl.flows.pipeline import recalc as headless_recalc  # noqa: E402
from mchch_xl.xl import actions  # noqa: E402


def _json_value(v):
    """A cell as xlwings' VBA client sends it: dates and times are Excel serials, which its
    WebHelpers.ConvertToIso formats as "yyyy-mm-ddTHH:mm:ss.000Z" (a time of day on Excel's
    day 0, 1899-12-30); the remote engine turns that form, and only that form, into a datetime."""
    if isinstance(v, dt.time):
        v = dt.datetime.combine(dt.date(1899, 12, 30), v)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        v = dt.datetime.combine(v, dt.time())
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return v


def payload(path) -> dict:
    """What xlwings' VBA client sends: every sheet's values from A1, "" for empty cells."""
    sheets = read_values(path)
    return {
        "client": "VBA",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [
            {
                "name": title,
                "values": [[_json_value(v) for v in row] for row in rows] or [[""]],
                "pictures": [],
                "tables": [],
            }
            for title, rows in sheets.items()
        ],
    }


def written(book) -> dict[str, list[list]]:
    """Sheet title -> the block of values the action wrote at A1."""
    titles = book.sheet_names
    out = {}
    for a in book.json()["actions"]:
        if a["func"] == "setValues" and a["start_row"] == 0 and a["start_column"] == 0:
            out[titles[a["sheet_position"]]] = a["values"]
    return out


def _norm(v):
    if v in (None, ""):
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def test_remote_recalc_equals_headless_cell_for_cell(demo):
    book = xw.Book(json=payload(demo))
    outcome = actions.recalc(book)
    got = written(book)
    headless_recalc(demo)
    wb = openpyxl.load_workbook(demo)
    for sheet in schema.OUTPUT_SHEETS:
        want = [[_norm(v) for v in row] for row in wb[sheet.title].iter_rows(values_only=True)]
        have = [[_norm(v) for v in row] for row in got[sheet.title]]
        width = max(len(r) for r in want)
        have = [r + [None] * (width - len(r)) for r in have]
        assert have == want[: len(have)], sheet.title
        assert all(all(v is None for v in r) for r in want[len(have) :]), sheet.title
    assert "คำนวณใหม่แล้ว" in outcome.message and "129" in outcome.message


@pytest.mark.parametrize(
    "action", ["validate", "build_order", "emit_rsvp", "certify", "show_issues"]
)
def test_every_remote_action_writes_what_recalc_writes(demo, action):
    """Each button's sheets, on the remote engine, equal the command line's file cell for cell."""
    book = xw.Book(json=payload(demo))
    outcome = actions.ACTIONS[action](book)
    got = written(book)
    assert set(got) == set(outcome.io.writes) and got
    headless_recalc(demo)
    wb = openpyxl.load_workbook(demo)
    for title, block in got.items():
        want = [[_norm(v) for v in row] for row in wb[title].iter_rows(values_only=True)]
        have = [[_norm(v) for v in row] for row in block]
        width = max(len(r) for r in want)
        have = [r + [None] * (width - len(r)) for r in have]
        assert have == want[: len(have)], title
        assert all(all(v is None for v in r) for r in want[len(have) :]), title


def test_remote_calls_are_bounded(demo):
    book = xw.Book(json=payload(demo))
    outcome = actions.recalc(book)
    for title in [s.title for s in schema.INPUT_SHEETS] + [schema.TRACKER.title]:
        assert outcome.io.reads.get(title) == 1, title
    assert outcome.io.writes == {s.title: 1 for s in schema.OUTPUT_SHEETS}
    acts = book.json()["actions"]
    per_sheet: dict[int, list[str]] = {}
    for a in acts:
        if a["sheet_position"] is not None:
            per_sheet.setdefault(a["sheet_position"], []).append(a["func"])
    # per sheet: clear contents, a few number formats (xl.writes), then one block of values
    for funcs in per_sheet.values():
        assert funcs[0] == "sheetClearContents" and funcs[-1] == "setValues", funcs
        assert set(funcs[1:-1]) <= {"setNumberFormat"} and len(funcs) <= 6, funcs
    assert len(per_sheet) == len(schema.OUTPUT_SHEETS)
    assert [a["func"] for a in acts if a["sheet_position"] is None] == ["alert"]


def test_remote_fixes_and_bad_rows(demo):
    wb = openpyxl.load_workbook(demo)
    wb[schema.SCORES.title]["C3"] = "๔"
    wb[schema.SCORES.title]["C4"] = 99
    wb.save(demo)
    book = xw.Book(json=payload(demo))
    outcome = actions.recalc(book)
    acts = book.json()["actions"]
    pos = book.sheet_names.index(schema.SCORES.title)
    fix = [a for a in acts if a["sheet_position"] == pos]
    assert [
        (a["func"], a["start_row"], a["start_column"], a["values"] or a["args"]) for a in fix
    ] == [("setNumberFormat", 2, 2, ["General"]), ("setValues", 2, 2, [[4]])]
    codes = {(i.code, i.row, i.column) for i in outcome.run.checked.report.issues}
    assert codes == {("CELL_003", 3, "C"), ("REF_004", 4, "C")}
    issues = written(book)[schema.ISSUES.title]
    assert [r[2] for r in issues[2:]] == ["CELL_003", "REF_004"]
    assert "ผิดพลาด 1 รายการ" in outcome.message


def test_remote_alert_says_exit_1s_meaning_for_an_error_that_leaves_no_row_out(demo):
    """A decision typed wrong leaves no row out but is an error: the alert's verdict says
    what exit code 1 says (``EXIT_1``), not that rows were left out."""
    from mchch_xl.domain.issues import EXIT_1

    wb = openpyxl.load_workbook(demo)
    wb[schema.RESULTS.title]["L3"] = "รับรอ"
    wb.save(demo)
    outcome = actions.recalc(xw.Book(json=payload(demo)))
    assert outcome.message.splitlines()[-3:] == [
        "กลุ่มเป้าหมาย 129 ราย จาก 18 อำเภอ, ผิดพลาด 1 รายการ, คำเตือน 0 รายการ, "
        "แถวที่ไม่ได้นำมาคำนวณ 0 แถว",
        f"ดูรายละเอียดในแผ่นงาน {schema.ISSUES.title}",
        f"ผล: {EXIT_1} (ค่าหรือแถวที่ผิดไม่ได้นำมาใช้) แก้แล้วสั่งคำนวณใหม่",
    ]


def test_remote_lottery_seed_is_recorded(demo):
    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.SETTINGS.title]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "order_policy")
    ws.cell(row, 2).value = "จับสลาก"
    wb.save(demo)
    book = xw.Book(json=payload(demo))
    outcome = actions.build_order(book)  # the order button never draws
    assert outcome.run.checked.data.settings.lottery_seed is None
    assert schema.SETTINGS.title not in outcome.io.writes
    book = xw.Book(json=payload(demo))
    outcome = actions.draw(book)  # จับสลาก: the seed, the time and the user recorded
    s = outcome.run.checked.data.settings
    pos = book.sheet_names.index(schema.SETTINGS.title)
    cells = [a["values"] for a in book.json()["actions"] if a["sheet_position"] == pos]
    assert [c for c in cells if c] == [  # (the policy, จับสลาก already, is not written)
        [[s.lottery_seed]],
        [[s.lottery_drawn_at]],
        [[s.lottery_drawn_by]],
    ]
    assert s.lottery_seed is not None and s.lottery_drawn_at
    assert set(outcome.io.writes) == {g.title for g in schema.OUTPUT_SHEETS} | {
        schema.SETTINGS.title
    }


def test_remote_lottery_refused_when_the_order_is_not_by_lot(demo):
    """The button จับสลาก on a master ordered กำหนดเอง (the demo's): refused (ORD_007, the
    ribbon alerts it), nothing written to the book."""
    from mchch_xl.domain.issues import FatalError

    book = xw.Book(json=payload(demo))
    with pytest.raises(FatalError) as refused:
        actions.draw(book)
    assert (refused.value.issue.code, refused.value.issue.value) == ("ORD_007", "กำหนดเอง")
    assert book.json()["actions"] == []


def test_read_engine_validates_a_real_file(demo_file):
    book = xw.Book(str(demo_file), mode="r")
    io = actions.BookIO(book)
    from mchch_xl.flows.pipeline import process

    run = process(actions._read_inputs(io), demo_file.name)
    assert run.results.total == 129 and run.checked.report.issues == []
    assert [s.name for s in run.results.slots][:2] == ["แม่จัน", "เมืองเชียงราย"]


def test_udfs(demo_file):
    from mchch_xl.xl import udfs

    assert udfs.thai_digits(129) == "๑๒๙"
    assert udfs.thai_digits(12.5) == "๑๒.๕"
    assert udfs.thai_date(dt.datetime(2025, 5, 1)) == "๑ พฤษภาคม ๒๕๖๘"
    assert udfs.thai_date(dt.datetime(2025, 5, 1), True) == "วันพฤหัสบดีที่ ๑ พฤษภาคม ๒๕๖๘"
    book = xw.Book(str(demo_file), mode="r")
    assert udfs.count_candidates_in(book, "แม่ลาว", "ผู้นำชุมชน") == 14
    assert udfs.count_candidates_in(book, "5716", "leader") == 14
    assert udfs.count_candidates_in(book, "แม่จัน", "") == 8
    # a district as typed anywhere else: prefix, Thai digits, a number cell (domain.DistrictIndex)
    for typed in ("อ.แม่ลาว", "อำเภอ แม่ลาว", "๕๗๑๖", 5716.0):
        assert udfs.count_candidates_in(book, typed, "leader") == 14


def test_ribbon_import_is_light():
    code = "import sys, mchch_xl.xl.ribbon; print(sorted(m for m in ('xlwings','openpyxl','pandas','pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_internal_error_reaches_the_user_as_thai_with_a_log(monkeypatch, tmp_path, capsys):
    from mchch_xl.xl import ribbon

    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    monkeypatch.setattr(ribbon, "_book", lambda: (_ for _ in ()).throw(RuntimeError("boom")))
    ribbon.recalc()
    out = capsys.readouterr().out
    assert "เกิดข้อผิดพลาดภายใน" in out and "Traceback" not in out
    logs = list((tmp_path / "mchch-xl" / "logs").iterdir())
    assert len(logs) == 1 and "RuntimeError: boom" in logs[0].read_text("utf-8")


@pytest.mark.slow
def test_remote_templates_and_import(demo_file, tmp_path):
    """The district cycle from Excel: make templates from the open book, import them back."""
    from mchch_xl.flows.pipeline import evaluate
    from tests.fill import empty_like, fill

    book = xw.Book(json=payload(demo_file))
    outcome = actions.make_templates(book, tmp_path / "tpl")
    paths = sorted((tmp_path / "tpl").glob("*.xlsx"))
    assert len(paths) == 18 and "18 ไฟล์" in outcome.message
    data = evaluate(demo_file).checked.data
    for p in paths:
        fill(p, data, p.name.split("-")[1])
    empty = empty_like(demo_file, tmp_path / "empty.xlsx")
    book = xw.Book(json=payload(empty))
    outcome = actions.import_files(book, [tmp_path / "tpl"], tmp_path / "back")
    got = written(book)
    cands = [r for r in got[schema.CANDIDATES.title][2:] if r[0]]
    assert len(cands) == 129 and outcome.run.results.total == 129
    assert "แทนที่ข้อมูล 18 อำเภอ" in outcome.message
    log = [r for r in got[schema.IMPORT_LOG.title][2:] if r[1]]
    assert len(log) == 18
    headless = order_table_values(demo_file)
    assert [[_norm(v) for v in r[:8]] for r in got[schema.ORDER.title][6:24]] == headless


def order_table_values(path):
    wb = openpyxl.load_workbook(path)
    rows = list(wb[schema.ORDER.title].iter_rows(min_row=7, max_row=24, values_only=True))
    return [[_norm(v) for v in r[:8]] for r in rows]


def test_remote_certify_writes_results_and_announcement(demo_file):
    book = xw.Book(json=payload(demo_file))
    outcome = actions.certify(book)
    assert set(outcome.io.writes) == {
        schema.RESULTS.title,
        schema.ANNOUNCE.title,
        schema.AGENDA.title,
        schema.SUMMARY.title,
        schema.ISSUES.title,
    }
    results = written(book)[schema.RESULTS.title]
    assert len([r for r in results[2:] if r[3]]) == 129


def test_remote_recalc_keeps_the_typed_resolutions(demo):
    """The secretary's resolutions (sheet มติการประชุม) survive a recalculation from Excel."""
    from tests.conftest import edit

    edit(demo, {schema.RESOLUTIONS.title: {"C3": "ที่ประชุมรับทราบ", "C6": "เห็นชอบตามที่เสนอ"}})
    book = xw.Book(json=payload(demo))
    actions.recalc(book)
    rows = written(book)[schema.RESOLUTIONS.title]
    assert [[_norm(v) for v in r[:3]] for r in rows[2:7]] == [
        [1, "ระเบียบวาระที่ ๑ เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "ที่ประชุมรับทราบ"],
        [2, "ระเบียบวาระที่ ๒ เรื่องรับรองรายงานการประชุมครั้งที่แล้ว", None],
        [3, "ระเบียบวาระที่ ๓ เรื่องเพื่อทราบ", None],
        [4, "ระเบียบวาระที่ ๔ เรื่องเพื่อพิจารณา", "เห็นชอบตามที่เสนอ"],
        [5, "ระเบียบวาระที่ ๕ เรื่องอื่น ๆ (ถ้ามี)", None],
    ]

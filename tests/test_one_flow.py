"""One flow, nothing lost: each bullet of the contract as a test of its own (issue "one flow").

Small rule tests run in memory on inline tables; the contract tests run the CLI on real files
and, where it applies, the Excel actions on xlwings' remote engine."""

from __future__ import annotations

import io
import os
import shutil
import stat
from pathlib import Path

import openpyxl
import pytest

from mchch_xl.checks import check_master
from mchch_xl.cli.commands import main
from mchch_xl.domain import schema
from mchch_xl.domain.issues import CATALOGUE, IssueCode, issue
from mchch_xl.domain.model import District, DistrictIndex, district_key
from mchch_xl.flows.pipeline import evaluate, import_files, recalc, write_templates
from tests.conftest import edit, records, sheet_values
from tests.fill import fill

C, R, T = schema.CANDIDATES.title, schema.RESULTS.title, schema.SETTINGS.title


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def md(text: str) -> list[list[object]]:
    """A markdown table as sheet rows (pyxform's ``md=`` style): a note row, the header row,
    then the data rows; empty cells are None, numbers stay text as typed."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    rows = [
        [c.strip() or None for c in ln.strip("|").split("|")]
        for ln in lines
        if not set(ln) <= set("|-: ")
    ]
    return [["note"], *rows]


def flat(report) -> list[tuple]:
    """frictionless' ``report.flatten``: the whole issue list as (code, sheet, row, column)."""
    return [(i.code, i.sheet, i.row, i.column) for i in report.issues]


SETTINGS = md("""
| รายการ | ค่า | คำอธิบาย | รหัสรายการ |
| จังหวัด | เชียงราย | | province |
| ปีงบประมาณ (พ.ศ.) | 2568 | | fiscal_year |
| วันประชุม | 1/5/2568 | | meeting_date |
| เวลาเริ่มนำเสนอ | 09.00 | | start_time |
| เวลานำเสนอต่ออำเภอ (นาที) | 15 | | minutes_per_district |
| วิธีจัดลำดับการนำเสนอ | ตามรหัสอำเภอ | | order_policy |
""")
DISTRICTS = md("""
| รหัสอำเภอ | ชื่ออำเภอ |
| 5701 | เมืองเชียงราย |
| 5707 | แม่จัน |
""")


def sheets(candidates: str, **more) -> dict:
    return {
        T: SETTINGS,
        schema.DISTRICTS.title: DISTRICTS,
        C: md(candidates),
        schema.INDICATORS.title: md("| ปี (พ.ศ.) | ประเภท | รหัสตัวชี้วัด | ตัวชี้วัด | คะแนนสูงสุด |"),
        schema.SCORES.title: md("| รหัสกลุ่มเป้าหมาย | รหัสตัวชี้วัด | คะแนน |"),
        **more,
    }


# -- rules, in memory --------------------------------------------------------------------------


def test_one_district_normaliser_for_every_form_typed():
    index = DistrictIndex(
        [District(code="5707", name="แม่จัน"), District(code="5701", name="เมืองเชียงราย")]
    )
    typed = [
        "แม่จัน",
        "อ.แม่จัน",
        "อ. แม่จัน",
        "อำเภอแม่จัน",
        " อำเภอ แม่จัน ",
        "5707",
        "๕๗๐๗",
        5707.0,
        "แม่\u200bจัน",
        "เมืองเชียงราย",
        "อ.เมืองเชียงราย",
        "เชียงราย",
        "9999",
        None,
    ]
    assert [index.code(t) for t in typed] == ["5707"] * 9 + ["5701"] * 2 + [None] * 3
    assert district_key("อ.แม่จัน") == district_key("อำเภอ แม่จัน") == "แม่จัน"


def test_candidate_rules_yield_the_whole_issue_list():
    report = check_master(
        sheets("""
| รหัสกลุ่มเป้าหมาย | อำเภอ | ประเภท | ชื่อ | หมายเหตุ |
| 5707-L01 | อ.แม่จัน | ผู้นำชุมชน | นายหนึ่ง | |
| 5707-L02 | แม่จันน | ผู้นำชุมชน | นายสอง | |
| 5707-L03 | แม่จัน | ผู้นำชุมชนน | นายสาม | |
| 5707-L04 | แม่จัน | ผู้นำชุมชน | | |
| 5707-L01 | แม่จัน | ผู้นำชุมชน | นายซ้ำ | |
| 5707-L05 | 5707 | ผู้นำชุมชน | =HYPERLINK("x") | +66 81 |
| 5707-L06 | แม่จัน | ผู้นำชุมชน | #N/A | - ไม่มี - |
"""),
        "m.xlsx",
    ).report
    assert flat(report) == [
        ("REF_001", C, 4, "B"),
        ("CELL_008", C, 5, "C"),
        ("CELL_001", C, 6, "D"),
        ("ROW_001", C, 7, "A"),
        ("CELL_013", C, 8, "D"),
        ("CELL_013", C, 8, "E"),
        ("CELL_016", C, 9, "D"),
        ("CELL_013", C, 9, "E"),
    ]
    assert report.rows_read[C] == 7 and report.rows_accepted[C] == 2  # L01 and L05


def test_control_bidi_and_length_in_memory():
    long = "ก" * 32_767
    report = check_master(
        sheets(f"""
| รหัสกลุ่มเป้าหมาย | อำเภอ | ประเภท | ชื่อ | หมายเหตุ |
| 5707-L01 | แม่จัน | ผู้นำชุมชน | นาย\x07หนึ่ง | |
| 5707-L02 | แม่จัน | ผู้นำชุมชน | กลุ่ม\u202eสอง\u2066 | |
| 5707-L03 | แม่จัน | ผู้นำชุมชน | นายสาม | {long} |
"""),
        "m.xlsx",
    ).report
    assert flat(report) == [
        ("CELL_014", C, 3, "D"),
        ("CELL_014", C, 4, "D"),
        ("CELL_015", C, 5, "E"),
    ]
    assert [dict(i.params).get("detail") for i in report.issues[:2]] == ["U+0007", "U+202E U+2066"]
    assert report.rows_accepted[C] == 2


def test_every_catalogue_code_renders_thai_and_english_without_a_placeholder():
    assert {c.name for c in IssueCode} == set(CATALOGUE) and len(CATALOGUE) >= 60
    for code in CATALOGUE:
        bare = issue(code, file="f.xlsx", sheet="s", row=3, column="B")
        for text in (bare.message_th, bare.message_en, bare.fix, bare.text()):
            assert "{" not in text and "}" not in text and "None" not in text, (code, text)
            assert text.strip() == text and "  " not in text, (code, text)
        assert CATALOGUE[IssueCode[code]].th and CATALOGUE[IssueCode[code]].en
        assert IssueCode[code] == code  # a StrEnum: the code's text in JSON and sheets


def test_every_code_the_package_names_is_in_the_catalogue():
    """Code names IssueCode members only (no code as a bare string outside the catalogue), and
    each one exists: a misspelt code would fail only when its problem first occurs."""
    import re

    from mchch_xl.domain import issues as catalogue_module

    pkg = Path(catalogue_module.__file__).parents[1]
    named, bare = set(), []
    for path in pkg.rglob("*.py"):
        text = path.read_text("utf-8")
        named |= set(re.findall(r"IssueCode\.([A-Z]{3,4}_\d{3})", text))
        if path.name != "issues.py":
            bare += [(path.name, m) for m in re.findall(r"[\"']([A-Z]{3,4}_\d{3})[\"']", text)]
    assert bare == []
    assert named - set(CATALOGUE) == set()
    assert len(named) > 60


# -- nothing lost: the master ------------------------------------------------------------------


def _cell(path: Path, title: str, ref: str):
    return openpyxl.load_workbook(path)[title][ref].value


def _results_row(path: Path, cid: str) -> int:
    values = sheet_values(path, R)
    return next(i for i, r in enumerate(values, start=1) if r[3] == cid)


@pytest.mark.parametrize("typed, shown", [("รับรอ", "รับรอ"), ("ผ่าน ", "ผ่าน")])
def test_a_wrong_decision_stays_and_is_reported_on_every_recalc(demo, typed, shown):
    """Kept as typed, trailing space and all, and reported alone: no "the stray space was
    removed" (CELL_004) beside a value that is written back untouched."""
    row = _results_row(demo, "5707-L01")
    col = schema.RESULTS.index("decision") + 1
    ref = f"{openpyxl.utils.get_column_letter(col)}{row}"
    edit(demo, {R: {ref: typed}})
    for _ in range(2):  # reported, then still there and still reported
        code, out, err = cli("recalc", demo)
        assert code == 1 and "CELL_008" in err and shown in err
        assert _cell(demo, R, ref) == typed
    run = evaluate(demo)
    assert [(i.code, i.row, i.column, i.value) for i in run.checked.report.issues] == [
        ("CELL_008", row, ref.rstrip("0123456789"), shown)
    ]
    assert not run.results.certification.decided  # a wrong word decides nothing


def test_a_decision_for_a_row_left_out_is_kept_at_the_end(demo):
    row = _results_row(demo, "5707-L02")
    col = openpyxl.utils.get_column_letter(schema.RESULTS.index("decision") + 1)
    edit(demo, {R: {f"{col}{row}": "รับรอง"}})
    cands = sheet_values(demo, C)
    crow = next(i for i, r in enumerate(cands, start=1) if r[0] == "5707-L02")
    edit(demo, {C: {f"C{crow}": "ผู้นำ ชุมชนน"}})  # the candidate's row now has an error
    for _ in range(2):
        run = recalc(demo, keep_backup=False)
        kept = [r for r in sheet_values(demo, R) if r[3] == "5707-L02"]
        assert len(kept) == 1 and kept[0][11] == "รับรอง"
        assert [i.code for i in run.checked.report.issues if i.code in ("CELL_008", "OUT_001")] == [
            "CELL_008",
            "OUT_001",
        ]


def test_invalid_settings_and_unknown_districts_stay_typed(demo):
    values = sheet_values(demo, T)
    srow = next(i for i, r in enumerate(values, start=1) if r[3] == "start_time")
    cands = sheet_values(demo, C)
    crow = next(i for i, r in enumerate(cands, start=1) if r[0] == "5707-L01")
    edit(demo, {T: {f"B{srow}": "เก้าโมงเช้า"}, C: {f"B{crow}": "อำเภอไม่มีจริง"}})
    for _ in range(2):
        code, out, err = cli("recalc", demo)
        assert code == 1 and "CELL_007" in err and "REF_001" in err
        assert _cell(demo, T, f"B{srow}") == "เก้าโมงเช้า"
        assert _cell(demo, C, f"B{crow}") == "อำเภอไม่มีจริง"
        # the candidate row and the 15 score rows (3 rounds × 5 indicators) that hang on it
        assert "แถวที่ไม่ได้นำมาคำนวณ 16 แถว" in out


def test_the_meeting_table_says_how_many_rows_are_left_out(demo):
    cands = sheet_values(demo, C)
    rows = [i for i, r in enumerate(cands, start=1) if r[0] in ("5707-L01", "5707-L02")]
    edit(demo, {C: {f"C{rows[0]}": "ผู้นำชุมชนน", f"D{rows[1]}": None}})
    code, out, _ = cli("recalc", demo)
    assert code == 1
    order = [r[0] for r in sheet_values(demo, schema.ORDER.title) if r[0]]
    # 2 candidate rows and the 2 × 15 score rows (3 rounds × 5 indicators) that hang on them
    assert "ยังมีข้อมูล ๓๒ แถวที่มีข้อผิดพลาดและไม่ได้นับรวมในตารางนี้ (ดูแผ่นงาน ปัญหาข้อมูล)" in order
    total = next(r for r in sheet_values(demo, schema.ORDER.title) if r[0] == "รวม")
    assert total[-2] == "๑๒๗"


# -- nothing lost: the import ------------------------------------------------------------------


@pytest.fixture(scope="module")
def mae_chan(demo_file, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tpl")
    data = evaluate(demo_file).checked.data
    [path] = write_templates(demo_file, folder, "5707")
    return fill(path, data, "5707")


def _copy(src: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(src, folder / (name or src.name)))


def test_rows_wrong_at_import_land_flagged_and_stay_reported(demo, mae_chan, tmp_path):
    path = _copy(mae_chan, tmp_path / "in")
    wb = openpyxl.load_workbook(path)
    wb["กลุ่มเป้าหมาย"]["B3"] = "ผู้นำชุมชนน"  # a typo'd type
    wb["กลุ่มเป้าหมาย"]["C4"] = None  # a blank name
    wb.save(path)
    code, out, err = cli("import", demo, path)
    assert code == 1
    landed = {
        r["id"]: r for r in records(demo, schema.CANDIDATES) if str(r["id"]).startswith("5707")
    }
    assert len(landed) == 8 and landed["5707-L01"]["kind"] == "ผู้นำชุมชนน"
    assert landed["5707-L02"]["name"] is None
    log = records(demo, schema.IMPORT_LOG)[-1]
    # 8 candidates + their 8 committee score rows + 8 rows before and 8 after development;
    # flagged: 2 candidate rows and the 3 score rows of each
    assert (log["read"], log["accepted"], log["flagged"], log["refused"]) == (32, 24, 8, 0)
    assert log["status"] == "รับแล้ว มีแถวต้องแก้"
    for _ in range(2):  # the next recalcs report them where they stand, and say so in totals
        code, out, err = cli("recalc", demo)
        # 2 candidate rows and their 2 × 15 score rows, in the master's own rows
        assert code == 1 and "แถวที่ไม่ได้นำมาคำนวณ 32 แถว" in out
        assert "CELL_008" in err and "CELL_001" in err
        assert "กลุ่มเป้าหมาย 127 ราย" in out


def test_a_refused_file_changes_nothing(demo, mae_chan, tmp_path):
    before = demo.read_bytes()
    path = _copy(mae_chan, tmp_path / "in")
    wb = openpyxl.load_workbook(path)
    wb["กลุ่มเป้าหมาย"]["C2"] = "ชื่อผู้นำ"  # a required column renamed
    wb.save(path)
    code, out, err = cli("import", demo, path)
    assert code == 1 and "SHEET_005" in err
    for title in (C, schema.SCORES.title):
        assert sheet_values(demo, title)[2:] == _values_from(before, title)[2:]
    log = records(demo, schema.IMPORT_LOG)[-1]
    assert (log["accepted"], log["flagged"], log["refused"], log["status"]) == (
        0,
        0,
        log["read"],
        "ไม่รับทั้งไฟล์",
    )
    assert (
        len([r for r in records(demo, schema.CANDIDATES) if str(r["id"]).startswith("5707")]) == 8
    )


def _values_from(data: bytes, title: str):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [list(r) for r in wb[title].iter_rows(values_only=True)]


def test_a_resubmission_that_drops_candidates_names_each_one(demo, mae_chan, tmp_path):
    path = _copy(mae_chan, tmp_path / "in")
    wb = openpyxl.load_workbook(path)
    wb["กลุ่มเป้าหมาย"].delete_rows(4, 7)  # keep only 5707-L01 ...
    for ws in wb.worksheets[2:-1]:  # ... and its scores
        for r in range(ws.max_row, 2, -1):
            if ws.cell(r, 1).value not in (None, "5707-L01"):
                ws.delete_rows(r)
    wb.save(path)
    result = import_files(demo, [path])
    assert (result.exit_code, result.exit(strict=True)) == (0, 1)  # a warning (IMP_003)
    [sub] = result.submissions
    assert [(i.code, i.value) for i in sub.issues] == [
        ("IMP_003", cid)
        for cid in (
            "5707-L02",
            "5707-L03",
            "5707-G01",
            "5707-G02",
            "5707-N01",
            "5707-C01",
            "5707-C02",
        )
    ]
    assert "ไม่มีกลุ่มเป้าหมาย '5707-L02'" in sub.issues[0].message_th
    result_ids = sorted(
        str(r["id"]) for r in records(demo, schema.CANDIDATES) if str(r["id"]).startswith("5707")
    )
    assert result_ids == ["5707-L01"]


def test_one_id_in_two_districts_files_is_refused_with_both_places(
    demo, demo_file, mae_chan, tmp_path
):
    data = evaluate(demo_file).checked.data
    [other] = write_templates(demo_file, tmp_path / "tpl", "5716")
    other = fill(other, data, "5716")
    wb = openpyxl.load_workbook(other)
    wb["กลุ่มเป้าหมาย"]["A3"] = "5707-L01"  # แม่ลาว uses แม่จัน's id
    wb.save(other)
    code, out, err = cli(
        "import", demo, _copy(mae_chan, tmp_path / "in"), _copy(other, tmp_path / "in")
    )
    assert code == 1
    [line] = [ln for ln in err.splitlines() if "IMP_004" in ln]
    assert "2568-5716-แม่ลาว.xlsx" in line and "แถว 3" in line and "2568-5707-แม่จัน.xlsx" in line
    ids = [str(r["id"]) for r in records(demo, schema.CANDIDATES)]
    assert ids.count("5707-L01") == 1 and len(ids) == 129


def test_the_same_file_again_changes_nothing(demo, mae_chan, tmp_path):
    path = _copy(mae_chan, tmp_path / "in")
    cli("import", demo, path)
    snapshot = {t: sheet_values(demo, t) for t in (C, schema.SCORES.title)}
    code, out, err = cli("import", demo, path)
    assert code == 0 and {t: sheet_values(demo, t) for t in snapshot} == snapshot
    assert records(demo, schema.IMPORT_LOG)[-1]["status"] == "นำเข้าแล้ว ไม่เปลี่ยนแปลง"


# -- what is not a master is never written -----------------------------------------------------


def test_writing_commands_refuse_what_is_not_a_master(mae_chan, tmp_path):
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "งบประมาณ"
    wb.save(other)
    for path in (_copy(mae_chan, tmp_path / "t"), other):
        before = path.read_bytes()
        for args in (
            ["recalc", path],
            ["packet", path, "--out", tmp_path / "p.pdf"],
            ["summary", path],
            ["templates", path, "--out", tmp_path / "x"],
            ["import", path, mae_chan],
        ):
            code, out, err = cli(*args)
            assert code == 2 and "FILE_020" in err and "Traceback" not in err, (args, err)
        assert path.read_bytes() == before
        assert not (tmp_path / "p.pdf").exists() and not (tmp_path / "x").exists()
        assert not (path.parent / "สำรอง").exists()


def test_read_only_master_gets_its_own_message_and_no_backup(demo):
    os.chmod(demo, stat.S_IREAD)
    try:
        code, out, err = cli("recalc", demo)
    finally:
        os.chmod(demo, stat.S_IREAD | stat.S_IWRITE)
    assert code == 2 and "FILE_005" in err and "อ่านอย่างเดียว" in err and "FILE_002" not in err
    assert not (demo.parent / "สำรอง").exists()


def test_temporary_files_of_an_interrupted_save_are_cleaned_up(demo):
    stale = demo.with_name(f".{demo.stem}.999999.tmp{demo.suffix}")
    stale.write_bytes(b"half a workbook")
    mine = demo.with_name(f".{demo.stem}.{os.getpid()}.tmp{demo.suffix}")
    code, out, err = cli("recalc", demo)
    assert code == 0 and not stale.exists() and not mine.exists()
    assert sorted(p.name for p in demo.parent.iterdir() if p.name.startswith(".")) == []


# -- the Excel actions, on xlwings' remote engine ----------------------------------------------


def test_remote_recalc_keeps_a_wrong_decision(demo):
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    xw = pytest.importorskip("xlwings")
    from mchch_xl.xl import actions
    from tests.test_xl import payload, written

    row = _results_row(demo, "5707-L01")
    col = schema.RESULTS.index("decision")
    edit(demo, {R: {f"{openpyxl.utils.get_column_letter(col + 1)}{row}": "รับรอ"}})
    book = xw.Book(json=payload(demo))
    actions.recalc(book)
    got = written(book)[R]
    assert got[row - 1][col] == "รับรอ"
    assert any("CELL_008" in str(v) for r in written(book)[schema.ISSUES.title] for v in r)


def test_remote_recalc_refuses_a_template(mae_chan):
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    xw = pytest.importorskip("xlwings")
    from mchch_xl.domain.issues import FatalError
    from mchch_xl.xl import actions
    from tests.test_xl import payload, written

    book = xw.Book(json=payload(mae_chan))
    with pytest.raises(FatalError) as exc:  # the ribbon shows it as a Thai alert
        actions.recalc(book)
    assert exc.value.issue.code == "FILE_020"
    assert written(book) == {}  # nothing written into a district's template


def test_columns_staff_added_to_the_master_survive_an_import(demo, mae_chan, tmp_path):
    n = len(schema.CANDIDATES.columns)
    added = openpyxl.utils.get_column_letter(n + 1)
    wb = openpyxl.load_workbook(demo)
    ws = wb[C]
    ws[f"{added}2"] = "เบอร์ติดต่อ (เพิ่มเอง)"
    rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    ws[f"{added}{rows['5701-L01']}"] = "053-111111"
    ws[f"{added}{rows['5707-L01']}"] = "053-222222"
    wb.save(demo)
    code, out, err = cli("import", demo, _copy(mae_chan, tmp_path / "in"))
    assert code == 0 and "SHEET_003" in err  # the added column is named (a warning), not read
    values = sheet_values(demo, C)
    assert values[1][n] == "เบอร์ติดต่อ (เพิ่มเอง)"
    by_id = {r[0]: r[n] for r in values[2:] if r[0]}
    assert {k: v for k, v in by_id.items() if v} == {
        "5701-L01": "053-111111",
        "5707-L01": "053-222222",
    }


def test_a_masked_id_sent_back_keeps_the_full_id_in_the_master(demo, mae_chan, tmp_path):
    from mchch_xl.domain.personal import check_digit, mask_id

    full = "110170020345"
    full += str(check_digit(full))
    col = openpyxl.utils.get_column_letter(schema.CANDIDATES.index("national_id") + 1)
    cands = sheet_values(demo, C)
    row = next(i for i, r in enumerate(cands, start=1) if r[0] == "5707-L01")
    edit(demo, {C: {f"{col}{row}": full}})
    path = _copy(mae_chan, tmp_path / "in")
    tcol = openpyxl.utils.get_column_letter(schema.TEMPLATE_CANDIDATES.index("national_id") + 1)
    edit(path, {"กลุ่มเป้าหมาย": {f"{tcol}3": mask_id(full)}})  # as the checked copy shows it
    result = import_files(demo, [path])
    assert [i.code for i in result.run.checked.report.issues if i.code.startswith("PID")] == []
    ids = {r["id"]: r["national_id"] for r in records(demo, schema.CANDIDATES)}
    assert ids["5707-L01"] == full


def test_a_master_claiming_a_far_extent_is_refused_before_any_reader_allocates(demo, tmp_path):
    import zipfile

    bad = tmp_path / "far.xlsx"
    with zipfile.ZipFile(demo) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":  # a far cell, written first
                cell = b'<row r="3"><c r="XFD900000" t="inlineStr"><is><t>x</t></is></c></row>'
                data = data.replace(b"<sheetData>", b"<sheetData>" + cell, 1)
            zout.writestr(item, data)
    before = bad.read_bytes()
    code, out, err = cli("recalc", bad)
    assert code == 2 and "FILE_019" in err and "XFD900000" in err and "Traceback" not in err
    assert bad.read_bytes() == before


@pytest.mark.parametrize("command", ["recalc", "import"])
def test_the_sheet_order_staff_arranged_is_kept(command, demo, mae_chan, tmp_path):
    """Staff moved the scores sheet first, put a sheet of their own among the inputs, hid
    the tracker and deleted the summary sheet: the order stays as they left it, the tracker
    hidden, and the summary comes back after the sheet it follows in the schema."""
    wb = openpyxl.load_workbook(demo)
    wb.move_sheet(schema.SCORES.title, offset=-wb.sheetnames.index(schema.SCORES.title))
    own = wb.create_sheet("บันทึกของเจ้าหน้าที่", 3)
    own["A1"] = "โทรตามอำเภอแม่จัน"
    del wb[schema.SUMMARY.title]
    wb[schema.TRACKER.title].sheet_state = "hidden"
    wb.save(demo)
    left = openpyxl.load_workbook(demo).sheetnames
    args = [demo] if command == "recalc" else [demo, _copy(mae_chan, tmp_path / "in")]
    code, out, err = cli(command, *args)
    assert code in (0, 1) and "Traceback" not in err
    expected = list(left)
    before = schema.ALL_SHEETS[schema.ALL_SHEETS.index(schema.SUMMARY) - 1]  # the register
    expected.insert(expected.index(before.title) + 1, schema.SUMMARY.title)
    after = openpyxl.load_workbook(demo)
    assert after.sheetnames == expected
    assert after["บันทึกของเจ้าหน้าที่"]["A1"].value == "โทรตามอำเภอแม่จัน"
    assert [ws.title for ws in after.worksheets if ws.sheet_state != "visible"] == [
        schema.TRACKER.title
    ]
    assert sheet_values(demo, schema.SUMMARY.title) != []


def test_staff_comments_travel_with_their_rows_or_are_named(demo, mae_chan, tmp_path):
    """Comments staff put on the sheets a save lays anew: on the candidates and scores
    tables they stay on the row of the same id and the column of the same header, wherever
    the import moves it; on a row the district removed, and on an output sheet, they are
    named with their text (SHEET_006), never dropped without a word."""
    from openpyxl.comments import Comment

    wb = openpyxl.load_workbook(demo)
    cands, scores = wb[C], wb[schema.SCORES.title]
    row = {cands.cell(r, 1).value: r for r in range(3, cands.max_row + 1)}
    srow = next(r for r in range(3, scores.max_row + 1) if scores.cell(r, 1).value == "5701-L02")
    notes = {
        (C, "D", row["5701-L02"]): "เอกสารครบ",  # another district's row: moves down
        (C, "D", row["5707-L02"]): "โทรยืนยันแล้ว",  # แม่จัน's row, sent again
        (C, "D", row["5707-C02"]): "ขอเอกสารเพิ่ม",  # แม่จัน removes this one
        (C, "A", 2): "หัวคอลัมน์",
        (schema.SCORES.title, "C", srow): "คะแนนจากกรรมการชุดเดิม",
        (schema.TRACKER.title, "C", 5): "โทรถามแล้ว",
    }
    for (title, col, r), text in notes.items():
        wb[title][f"{col}{r}"].comment = Comment(text, "เจ้าหน้าที่")
    wb.save(demo)
    path = _copy(mae_chan, tmp_path / "in")
    tpl = openpyxl.load_workbook(path)
    ws = tpl["กลุ่มเป้าหมาย"]
    gone = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "5707-C02")
    ws.delete_rows(gone)
    ws.insert_rows(3, 2)  # two new candidates first: every later row of แม่จัน moves
    for r, n in ((3, 91), (4, 92)):
        for c, v in enumerate([f"5707-L{n}", "ผู้นำชุมชน", f"ผู้นำใหม่ {n}"], start=1):
            ws.cell(r, c, v)
    tpl.save(path)
    result = import_files(demo, [path])
    got = {}
    after = openpyxl.load_workbook(demo)
    for title in (C, schema.SCORES.title):
        ws = after[title]
        for line in ws.iter_rows():
            for cell in line:
                if cell.comment:
                    key = ws.cell(cell.row, 1).value if cell.row > 2 else cell.row
                    got[(title, cell.column_letter, key)] = cell.comment.text
    assert got == {
        (C, "D", "5701-L02"): "เอกสารครบ",
        (C, "D", "5707-L02"): "โทรยืนยันแล้ว",
        (C, "A", 2): "หัวคอลัมน์",
        (schema.SCORES.title, "C", "5701-L02"): "คะแนนจากกรรมการชุดเดิม",
    }
    named = [
        (i.sheet, i.row, i.column, i.value)
        for i in result.run.checked.report.issues
        if i.code == "SHEET_006"
    ]
    assert named == [
        (C, row["5707-C02"], "D", "ขอเอกสารเพิ่ม"),
        (schema.TRACKER.title, 5, "C", "โทรถามแล้ว"),
    ]


def test_columns_staff_added_to_output_sheets_stay_with_their_rows(demo):
    """A column staff add to the tracker, the results or the resolutions sheet is laid again
    after the sheet's own columns on every recalc, each value on the row of its district, id
    or agenda item; a value on a row with no key is named (SHEET_007), never dropped."""
    wb = openpyxl.load_workbook(demo)
    added = {}
    for title, header, key_col, rows in (
        (schema.TRACKER.title, "ผู้รับสาย", "B", {"5707": "คุณสมศรี", "5716": "คุณมานพ"}),
        (schema.RESULTS.title, "ผู้ตรวจ", "D", {"5701-L02": "กรรมการ ก"}),
        (schema.RESOLUTIONS.title, "หมายเหตุ", "A", {2: "เลื่อนไปครั้งหน้า"}),
    ):
        ws = wb[title]
        col = ws.max_column + 1
        ws.cell(2, col, header)
        at = {ws[f"{key_col}{r}"].value: r for r in range(3, ws.max_row + 1)}
        for key, value in rows.items():
            ws.cell(at[key], col, value)
        added[title] = (header, key_col, rows)
    stray = wb[schema.TRACKER.title].max_row + 5
    wb[schema.TRACKER.title].cell(stray, 11, "ไม่มีแถว")
    wb.save(demo)
    for run in range(2):  # the second run reads back what the first laid
        code, out, err = cli("recalc", demo)
        warned = [ln.split("]")[0] for ln in err.splitlines() if ln.startswith("คำเตือน")]
        where = f"คำเตือน SHEET_007 [{demo.name} / {schema.TRACKER.title} / แถว {stray} / คอลัมน์ K"
        assert (code, warned) == ((0, [where]) if run == 0 else (0, []))
        after = openpyxl.load_workbook(demo)
        for title, (header, key_col, rows) in added.items():
            ws = after[title]
            headers = [c.value for c in ws[2]]
            assert headers.count(header) == 1 and headers[-1] == header, title
            col = len(headers)
            got = {
                ws[f"{key_col}{r}"].value: ws.cell(r, col).value
                for r in range(3, ws.max_row + 1)
                if ws.cell(r, col).value is not None
            }
            assert got == rows, title


SPARKLINES = (
    '<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="http://schemas.'
    'microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups xmlns:xm="http://'
    'schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup displayEmptyCellsAs='
    '"gap"><x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>อำเภอ!C3:C5'
    "</xm:f><xm:sqref>H3</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup>"
    "</x14:sparklineGroups></ext></extLst>"
)


def _with_sparklines(master: Path) -> str:
    """Excel's sparklines (an x14 extension openpyxl drops) on the districts sheet."""
    import zipfile

    from mchch_xl.files.splice import sheet_parts

    part = sheet_parts(master)[schema.DISTRICTS.title]
    tmp = master.with_suffix(".tmp")
    with zipfile.ZipFile(master) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                data = data.replace(b"</worksheet>", SPARKLINES.encode() + b"</worksheet>")
            zout.writestr(item, data)
    tmp.replace(master)
    return part


def test_a_fix_is_not_written_back_over_what_the_full_save_would_drop(demo):
    """A score typed in Thai digits calls for a fix written into an input sheet, which only
    the openpyxl save can do; it would drop the master's sparklines. The fix is left unwritten
    (the value stays as typed, SHEET_010) and the splice keeps the sparklines. A save that
    must be whole (the lottery seed) names what it left out (SHEET_011)."""
    import zipfile

    scores = sheet_values(demo, schema.SCORES.title)
    col = openpyxl.utils.get_column_letter(schema.SCORES.index("score") + 1)
    edit(demo, {schema.SCORES.title: {f"{col}3": "๓"}})
    part = _with_sparklines(demo)
    code, out, err = cli("recalc", demo)
    warned = [ln.split()[1] for ln in err.splitlines() if ln.startswith("คำเตือน")]
    assert (code, warned) == (0, ["CELL_003", "SHEET_010"])
    assert "Sparkline Group extension" in err and "UserWarning" not in err
    with zipfile.ZipFile(demo) as z:
        assert b"sparklineGroup" in z.read(part)
    with pytest.warns(UserWarning, match="Sparkline"):  # (openpyxl, reading it here)
        typed = sheet_values(demo, schema.SCORES.title)[2][scores[1].index("คะแนน")]
    assert typed == "๓"
    # a lottery drawn must be recorded: the whole file is saved, and what it lost is named
    with pytest.warns(UserWarning, match="Sparkline"):  # (this edit drops them: put back below)
        wb = openpyxl.load_workbook(demo)
    ws = wb[T]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 4).value == "order_policy":
            ws.cell(r, 2).value = "จับสลาก"
    wb.save(demo)
    _with_sparklines(demo)
    with zipfile.ZipFile(demo, "a") as z:  # Excel 365's threaded comments, which openpyxl drops
        z.writestr("xl/threadedComments/threadedComment1.xml", "<ThreadedComments/>")
    code, out, err = cli("draw", demo)  # (only the lottery draws: recalc never does)
    warned = [ln.split()[1] for ln in err.splitlines() if ln.startswith("คำเตือน")]
    assert (code, warned) == (0, ["CELL_003", "SHEET_011"])
    assert "Sparkline Group extension, Threaded comments (ความคิดเห็นแบบสนทนาของ Excel 365)" in err
    with zipfile.ZipFile(demo) as z:
        assert b"sparklineGroup" not in z.read(part)


def test_staff_columns_with_twin_or_empty_headers_and_dates_keep_every_value(demo):
    """Two staff columns under one header, a column with no header, a date typed there, and a
    staff column named like the column only a master started from last year has: every
    value comes back on its row, the date as a date (was: one twin overwrote the other, the
    headerless column and the look-alike column vanished, the date became 45774.56)."""
    import datetime as dt

    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.TRACKER.title]
    n = ws.max_column
    at = {ws[f"B{r}"].value: r for r in range(3, ws.max_row + 1)}
    when = dt.datetime(2025, 4, 27, 13, 30)
    for j, (header, value) in enumerate(
        [("โทรครั้งที่", "โทรแล้ว 1"), ("โทรครั้งที่", "โทรแล้ว 2"), (None, "ไม่มีหัวคอลัมน์"), ("วันที่โทร", when)],
        start=1,
    ):
        ws.cell(2, n + j, header)
        ws.cell(at["5707"], n + j, value)
    res = wb[schema.RESULTS.title]
    m = res.max_column + 1
    res.cell(2, m, schema.RESULTS_HISTORY.header)  # this master has no history: staff's column
    row = next(r for r in range(3, res.max_row + 1) if res[f"D{r}"].value == "5701-L02")
    res.cell(row, m, "เคยได้รับปี 2565 (จากสมุดเอง)")
    wb.save(demo)
    for _ in range(2):
        code, out, err = cli("recalc", demo)
        assert (code, err) == (0, "")
        after = openpyxl.load_workbook(demo)
        ws = after[schema.TRACKER.title]
        at = {ws[f"B{r}"].value: r for r in range(3, ws.max_row + 1)}
        assert [c.value for c in ws[2]][n:] == ["โทรครั้งที่", "โทรครั้งที่", None, "วันที่โทร"]
        assert [c.value for c in ws[at["5707"]]][n:] == ["โทรแล้ว 1", "โทรแล้ว 2", "ไม่มีหัวคอลัมน์", when]
        res = after[schema.RESULTS.title]
        row = next(r for r in range(3, res.max_row + 1) if res[f"D{r}"].value == "5701-L02")
        assert [res.cell(2, res.max_column).value, res.cell(row, res.max_column).value] == [
            schema.RESULTS_HISTORY.header,
            "เคยได้รับปี 2565 (จากสมุดเอง)",
        ]


def test_a_second_decision_column_is_named_and_kept(demo):
    """The secretary typed decisions in a second "มติที่ประชุม" column: only the first is read
    (SHEET_012 names both columns), and the second's values stay where they were typed."""
    wb = openpyxl.load_workbook(demo)
    res = wb[schema.RESULTS.title]
    first = schema.RESULTS.index("decision") + 1
    m = res.max_column + 1
    res.cell(2, m, schema.RESULTS.column("decision").header)
    row = next(r for r in range(3, res.max_row + 1) if res[f"D{r}"].value == "5701-L02")
    res.cell(row, m, "รับรอง")
    wb.save(demo)
    code, out, err = cli("recalc", demo)
    letter = openpyxl.utils.get_column_letter
    assert [ln.split("]")[0] for ln in err.splitlines()] == [
        f"ผิดพลาด SHEET_012 [{demo.name} / {schema.RESULTS.title} / แถว 2 / คอลัมน์ {letter(m)}"
    ]
    assert f"คอลัมน์ {letter(first)} และคอลัมน์นี้" in err and code == 1
    res = openpyxl.load_workbook(demo)[schema.RESULTS.title]
    row = next(r for r in range(3, res.max_row + 1) if res[f"D{r}"].value == "5701-L02")
    assert [res.cell(row, first).value, res.cell(row, m).value] == [None, "รับรอง"]


def test_a_formula_on_a_sheet_laid_anew_is_named_with_its_text(demo):
    """A formula staff put in a column they added to the tracker: the sheet is written anew
    from values, so the formula becomes its value; said so with the formula's text
    (SHEET_013), never frozen without a word."""
    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.TRACKER.title]
    n = ws.max_column + 1
    ws.cell(2, n, "ตอบแล้ว")
    ws.cell(3, n, "=COUNTA(E3:E20)")
    wb.save(demo)
    letter = openpyxl.utils.get_column_letter(n)
    code, out, err = cli("recalc", demo)
    assert [ln.split("]")[0] for ln in err.splitlines()] == [
        f"คำเตือน SHEET_013 [{demo.name} / {schema.TRACKER.title} / แถว 3 / คอลัมน์ {letter}"
    ]
    assert "'=COUNTA(E3:E20)'" in err and code == 0
    code, out, err = cli("recalc", demo)
    assert (code, err) == (0, "")  # said once: the next run finds a value

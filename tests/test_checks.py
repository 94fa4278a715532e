"""Every kind of bad entry yields one located issue, and the good rows still make the outputs."""

from __future__ import annotations

import datetime as dt

import openpyxl

from mchch_xl.domain import schema
from mchch_xl.flows.pipeline import evaluate, recalc
from tests.conftest import sheet_values
from tests.test_pipeline import order_table

C, S, T, I = (
    schema.CANDIDATES.title,
    schema.SCORES.title,
    schema.SETTINGS.title,
    schema.INDICATORS.title,
)


def _row(ws, col: int, value) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, col).value == value)


def _spoil(path) -> dict[str, int]:
    """Make one of each kind of bad entry, as a user could in Excel; return the rows used."""
    wb = openpyxl.load_workbook(path)
    cands, scores, sets, inds = wb[C], wb[S], wb[T], wb[I]
    rows = {}
    rows["unknown_district"] = r = _row(cands, 1, "5707-L01")
    cands.cell(r, 2).value = "อำเภอไม่มีจริง"
    rows["unknown_type"] = r = _row(cands, 1, "5707-L02")
    cands.cell(r, 3).value = "ผู้นำชุมชนดีเด่น"
    rows["duplicate_id"] = r = cands.max_row + 1
    cands.append(["5707-L03", "แม่จัน", "ผู้นำชุมชน", "ผู้นำซ้ำ", "", None, ""])
    rows["missing_name"] = r = cands.max_row + 1
    cands.append(["5707-L99", "แม่จัน", "ผู้นำชุมชน", None, "", None, ""])
    rows["spaces"] = r = _row(cands, 1, "5701-L01")
    cands.cell(r, 4).value = "  ผู้นำ\u200bชุมชน  ตัวอย่าง  "
    rows["district_by_code"] = r = _row(cands, 1, "5701-L02")
    cands.cell(r, 2).value = "5701"
    # scores: columns candidate, indicator, score
    first_l03 = next(
        r for r in range(3, scores.max_row + 1) if scores.cell(r, 1).value == "5707-L03"
    )
    rows["out_of_range"] = first_l03
    scores.cell(first_l03, 3).value = 9
    rows["thai_digits"] = first_l03 + 1
    scores.cell(first_l03 + 1, 3).value = "๔"
    rows["text_score"] = first_l03 + 2
    scores.cell(first_l03 + 2, 3).value = "ดีมาก"
    rows["unknown_candidate"] = scores.max_row + 1
    scores.append(["9999-X01", "L1.1", 3])
    rows["unknown_indicator"] = scores.max_row + 1
    scores.append(["5707-L03", "Z9.9", 3])
    rows["wrong_kind"] = scores.max_row + 1
    scores.append(["5707-L03", "C1.1", 3])
    rows["duplicate_score"] = scores.max_row + 1
    scores.append(["5707-L03", "L2.2", 4])
    rows["empty_gap"] = scores.max_row + 3  # two empty rows in the middle are not data
    scores.append([None, None, None])
    scores.append([None, None, None])
    scores.append(["5707-G01", "G1.1", 3])  # a duplicate of an accepted score: reported
    # settings: the meeting date typed as 1/5/2568 into an Excel date cell
    rows["be_date"] = r = _row(sets, 4, "meeting_date")
    sets.cell(r, 2).value = dt.datetime(2568, 5, 1)
    rows["bad_range"] = inds.max_row + 1
    inds.append([2568, "ชุมชน", "ตัวอย่าง", "C9.1", "ตัวชี้วัดช่วงคะแนนกลับด้าน", 5, 1, 1])
    wb.save(path)
    return rows


def test_each_bad_entry_is_one_located_issue(demo):
    rows = _spoil(demo)
    run = evaluate(demo)
    got = {(i.code, i.sheet, i.row, i.column) for i in run.checked.report.issues}
    expected = {
        ("REF_001", C, rows["unknown_district"], "B"),
        ("CELL_008", C, rows["unknown_type"], "C"),
        ("ROW_001", C, rows["duplicate_id"], "A"),
        ("CELL_001", C, rows["missing_name"], "D"),
        ("CELL_004", C, rows["spaces"], "D"),
        ("REF_004", S, rows["out_of_range"], "C"),
        ("CELL_003", S, rows["thai_digits"], "C"),
        ("CELL_002", S, rows["text_score"], "C"),
        ("REF_002", S, rows["unknown_candidate"], "A"),
        ("REF_003", S, rows["unknown_indicator"], "B"),
        ("REF_005", S, rows["wrong_kind"], "B"),
        ("ROW_003", S, rows["duplicate_score"], "B"),
        ("ROW_003", S, rows["empty_gap"], "B"),  # read although two empty rows stand before it
        ("CELL_006", T, rows["be_date"], "B"),
        ("ROW_004", I, rows["bad_range"], "F"),
    }
    assert expected <= got
    # the rest are the scores of the two rejected candidates, each saying why
    rest = [
        i for i in run.checked.report.issues if (i.code, i.sheet, i.row, i.column) not in expected
    ]
    assert {i.code for i in rest} == {"REF_006", "SCO_001"}
    assert {i.value for i in rest if i.code == "REF_006"} == {"5707-L01", "5707-L02"}
    assert (
        len([i for i in rest if i.code == "REF_006"]) == 2 * 5 * 3
    )  # 2 candidates, 5 indicators, 3 rounds
    # the candidate whose scores were rejected is incomplete, reported where it stands
    assert {(i.value, i.sheet) for i in rest if i.code == "SCO_001"} == {("5707-L03", C)}
    assert all(i.row and i.fix for i in rest)
    assert all("แถว" in i.message_th for i in rest if i.code == "REF_006")


def test_good_rows_still_make_the_outputs(demo):
    _spoil(demo)
    run = recalc(demo)
    assert run.exit_code == 1
    assert run.results.total == 127  # two candidate rows rejected, the rest counted
    rows, total = order_table(demo)
    mae_chan = next(r for r in rows if r[1] == "แม่จัน")
    assert mae_chan[2] == "๑" and total[1] == "๖๙"
    assert run.checked.data.settings.meeting_date == dt.date(2025, 5, 1)
    issues = sheet_values(demo, schema.ISSUES.title)
    assert len([r for r in issues[2:] if r[0]]) == len(run.checked.report.issues)
    first = issues[2]
    assert first[1] in ("ผิดพลาด", "คำเตือน") and first[8] and first[9] and first[10]


def test_conservation_every_row_accepted_or_reported(demo):
    _spoil(demo)
    report = evaluate(demo).checked.report
    for sheet in (C, S, I):
        rejected_rows = {i.row for i in report.errors if i.sheet == sheet}
        assert report.rows_read[sheet] == report.rows_accepted[sheet] + len(rejected_rows), sheet


def test_normalised_cells_are_written_back(demo):
    rows = _spoil(demo)
    recalc(demo)
    wb = openpyxl.load_workbook(demo)
    assert wb[S].cell(rows["thai_digits"], 3).value == 4
    assert wb[C].cell(rows["spaces"], 4).value == "ผู้นำชุมชน ตัวอย่าง"
    assert wb[T].cell(rows["be_date"], 2).value == "1 พฤษภาคม 2568"
    # the bad values that cannot be fixed stay as typed: nothing is lost
    assert wb[C].cell(rows["unknown_district"], 2).value == "อำเภอไม่มีจริง"
    assert wb[S].cell(rows["text_score"], 3).value == "ดีมาก"
    second = evaluate(demo).checked.report
    assert not [i for i in second.issues if i.code in ("CELL_003", "CELL_004", "CELL_006")]


def test_missing_sheet_and_column_are_reported_not_fatal(demo):
    wb = openpyxl.load_workbook(demo)
    del wb[S]
    wb[C]["D2"] = "ชื่อเล่น"  # the name column renamed
    wb.save(demo)
    run = evaluate(demo)
    codes = {(i.code, i.sheet) for i in run.checked.report.issues}
    assert ("SHEET_001", S) in codes
    assert ("SHEET_002", C) in codes and ("SHEET_003", C) in codes
    assert run.results.total == 0


def test_hostile_text_stays_text(demo):
    wb = openpyxl.load_workbook(demo)
    r = _row(wb[C], 1, "5707-L01")
    wb[C].cell(r, 4).value = "x"
    wb.save(demo)
    # a user pastes a formula-looking name into the candidate name; our fix write-back keeps it text
    wb = openpyxl.load_workbook(demo)
    wb[C].cell(r, 4).value = ' =HYPERLINK("http://x","y")'
    wb[C].cell(r, 4).data_type = "s"
    wb.save(demo)
    recalc(demo)
    import zipfile

    with zipfile.ZipFile(demo) as z:
        names = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"HYPERLINK" in z.read(n) and b"<f>" in z.read(n) for n in names)
    wb = openpyxl.load_workbook(demo)
    assert wb[C].cell(r, 4).value == '=HYPERLINK("http://x","y")'
    assert wb[C].cell(r, 4).data_type == "s"


def test_number_text_is_read_only_as_people_type_numbers():
    """Text in a number cell becomes a number only in the forms people type: digits (Thai
    digits converted, said so), a sign, a decimal point, commas between groups of three (said
    so); a text the number shows differently ("4.0" shows as 4) is said so too. What Python's float() also takes would change the value without a word: "1e5" is
    100000, "1_0" is 10, a decimal comma "1,5" would be 15. Those stay as typed, flagged."""
    from mchch_xl.checks.cells import INVALID, Where, parse_cell

    where = Where("f.xlsx", S, 5, "C", "คะแนน", "score")
    got = []
    for raw in [
        *("3", "4.5", "-2", "+1", ".5", "12.", "4.0", "007", "1.10"),
        *(" 3 ", "3คะแนน", "๔", "๑,๐๐๐"),
        *("1,500", "1,500.25", "1e5", "1E2", "1_0", "１２", "٢٥٥٩", "1,5", "4,0", "1,50"),
        *("inf", "nan", "0x10", "3.0.1", "--1", "1 000"),
    ]:
        cell = parse_cell(raw, "number", where)
        value = "INVALID" if cell.value is INVALID else cell.value
        got.append((raw, value, [(i.code, i.row, i.column) for i in cell.issues]))
    ok, bad = [], [("CELL_002", 5, "C")]
    assert got == [
        ("3", 3, ok),
        ("4.5", 4.5, ok),
        ("-2", -2, ok),
        ("+1", 1, [("CELL_020", 5, "C")]),
        (".5", 0.5, [("CELL_020", 5, "C")]),
        ("12.", 12, [("CELL_020", 5, "C")]),
        ("4.0", 4, [("CELL_020", 5, "C")]),
        ("007", 7, [("CELL_020", 5, "C")]),
        ("1.10", 1.1, [("CELL_020", 5, "C")]),
        (" 3 ", 3, [("CELL_004", 5, "C")]),
        ("3คะแนน", 3, [("CELL_004", 5, "C")]),
        ("๔", 4, [("CELL_003", 5, "C")]),
        ("๑,๐๐๐", 1000, [("CELL_003", 5, "C")]),
        ("1,500", 1500, [("CELL_017", 5, "C")]),
        ("1,500.25", 1500.25, [("CELL_017", 5, "C")]),
        *((raw, "INVALID", bad) for raw in ("1e5", "1E2", "1_0", "１２", "٢٥٥٩", "1,5", "4,0")),
        *((raw, "INVALID", bad) for raw in ("1,50", "inf", "nan", "0x10", "3.0.1", "--1")),
        ("1 000", "INVALID", bad),
    ]
    whole = parse_cell("1,000,000.50", "int", where)
    assert (whole.value, [i.code for i in whole.issues]) == (INVALID, ["CELL_009"])
    assert parse_cell("1,500", "number", where).issues[0].text() == (
        "[f.xlsx / คะแนน / แถว 5 / คอลัมน์ C] คะแนน มีเครื่องหมายคั่นหลักพัน '1,500' ระบบอ่านเป็น 1500"
        " — ไม่ต้องแก้ (ตรวจว่าไม่ได้ตั้งใจพิมพ์ทศนิยม)"
        " ('คะแนน' has thousands separators '1,500'; read as 1500)"
    )


def test_a_type_typed_with_nikhahit_and_sara_aa_is_that_type():
    """ "ผู้นําชุมชน" typed with U+0E4D U+0E32 looks exactly like "ผู้นำชุมชน" (U+0E33) on
    screen: it is the same type, not an unknown one (CELL_008)."""
    from mchch_xl.checks.cells import Where, parse_cell
    from mchch_xl.domain.model import Kind

    where = Where("f.xlsx", C, 4, "B", "ประเภท", "kind")
    got = [
        (text, parse_cell(text, "kind", where).value, parse_cell(text, "kind", where).issues)
        for text in ("ผู้นำชุมชน", "ผู้นําชุมชน", "ผู้นํา ชุมชน", "ผู้นาชุมชน")
    ]
    assert [
        (t, v if isinstance(v, Kind) else "INVALID", [i.code for i in i_]) for t, v, i_ in got
    ] == [
        ("ผู้นำชุมชน", Kind.LEADER, []),
        ("ผู้นําชุมชน", Kind.LEADER, []),
        ("ผู้นํา ชุมชน", Kind.LEADER, []),
        ("ผู้นาชุมชน", "INVALID", ["CELL_008"]),
    ]


def test_an_emblem_the_letter_cannot_hold_is_said_where_it_is_typed(demo, tmp_path):
    """A missing file, a folder, or a file that is no picture used to leave a blank space on
    the letter without a word: now a warning names the setting's cell."""
    from mchch_xl.checks import SETTING_BY_KEY

    png = tmp_path / "garuda.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    fake = tmp_path / "fake.png"
    fake.write_text("not a picture")
    label = SETTING_BY_KEY["emblem"].label
    wb = openpyxl.load_workbook(demo)
    ws = wb[T]
    row = next(
        r for r in range(1, ws.max_row + 1) if label in (ws.cell(r, 1).value, ws.cell(r, 2).value)
    )
    col = 3 if ws.cell(row, 2).value == label else 2
    got = []
    for value in (str(png), str(tmp_path / "none.png"), str(tmp_path), str(fake)):
        ws.cell(row, col).value = value
        wb.save(demo)
        issues = evaluate(demo).checked.report.issues
        got.append(
            [
                (i.code, i.row, i.column, i.value, i.text().split("] ")[1].split(" — ")[0])
                for i in issues
                if i.code == "SET_003"
            ]
        )
    c = openpyxl.utils.get_column_letter(col)
    assert got == [
        [],
        [
            (
                "SET_003",
                row,
                c,
                str(tmp_path / "none.png"),
                f"{label} '{tmp_path / 'none.png'}' ไม่พบไฟล์นี้ หนังสือเชิญจึงไม่มีตรา",
            )
        ],
        [
            (
                "SET_003",
                row,
                c,
                str(tmp_path),
                f"{label} '{tmp_path}' เป็นโฟลเดอร์ ไม่ใช่ไฟล์รูป หนังสือเชิญจึงไม่มีตรา",
            )
        ],
        [
            (
                "SET_003",
                row,
                c,
                str(fake),
                f"{label} '{fake}' ไม่ใช่รูป PNG JPEG หรือ GIF หนังสือเชิญจึงไม่มีตรา",
            )
        ],
    ]


def test_ids_that_differ_only_in_case_are_one_candidate_typed_twice(demo):
    """ "5701-l01" beside "5701-L01" is the same id typed twice (Excel's lookups take them as one):
    the second row is flagged, naming the first."""
    wb = openpyxl.load_workbook(demo)
    cands = wb[C]
    first = _row(cands, 1, "5701-L01")
    cands.append(["5701-l01", "เมืองเชียงราย", "ผู้นำชุมชน", "ผู้นำพิมพ์เล็ก", "หมู่ที่ 1", None, ""])
    row = cands.max_row
    wb.save(demo)
    report = evaluate(demo).checked.report
    got = [
        (i.code, i.row, i.column, i.value, dict(i.params)) for i in report.issues if i.row == row
    ]
    assert got == [
        (
            "ROW_001",
            row,
            "A",
            "5701-l01",
            {"header": "รหัสกลุ่มเป้าหมาย", "other_row": first, "row_key": "5701-l01"},
        )
    ]

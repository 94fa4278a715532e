"""The core promise: from the embedded default, the master reproduces the seed letter."""

from __future__ import annotations

import openpyxl
import pytest

from mchch_xl.domain import schema
from mchch_xl.domain.issues import FatalError
from mchch_xl.files import store as files
from mchch_xl.flows.pipeline import draw_lottery, evaluate, recalc, templates_for
from tests.conftest import edit, seed_order_table, sheet_values


def order_table(path) -> tuple[list[list[object]], list[object]]:
    """(district rows as [ลำดับ, อำเภอ, 4 counts, รวม, เวลา], the รวม row without blanks)."""
    values = sheet_values(path, schema.ORDER.title)
    header = next(i for i, r in enumerate(values) if r[2] == "ผู้นำชุมชน")
    rows = []
    for r in values[header + 1 :]:
        if r[0] == "รวม":
            return rows, [c for c in r if c not in (None, "")]
        rows.append(r[:8])
    raise AssertionError("no รวม row")


def test_order_sheet_equals_the_seed_table_cell_for_cell(demo_file):
    seed = seed_order_table()
    rows, total = order_table(demo_file)
    assert [r[:7] for r in rows] == seed[:-1]
    assert total == seed[-1] == ["รวม", "๗๑", "๒๔", "๑๔", "๒๐", "๑๒๙"]


def test_order_sheet_headers_and_titles_follow_the_seed(demo_file):
    values = sheet_values(demo_file, schema.ORDER.title)
    flat = [c for r in values for c in r if c]
    assert flat[:4] == [
        "ลำดับการนำเสนอข้อมูลเพื่อสนับสนุนการพัฒนาระบบมาตรฐานการพัฒนาชุมชน (มชช.)",
        "วันพฤหัสบดีที่ ๑ พฤษภาคม ๒๕๖๘ เวลา ๐๘.๓๐ - ๑๔.๓๐ น.",
        "ณ ห้องประชุมพวงแสด ชั้น ๓ ศาลากลางจังหวัดเชียงราย อำเภอเมืองเชียงราย จังหวัดเชียงราย",
        "ลำดับการนำเสนอ",
    ]
    for text in (
        "ลำดับ",
        "อำเภอ",
        "จำนวนกลุ่มเป้าหมาย",
        "ผู้นำชุมชน",
        "กลุ่มองค์กรชุมชน",
        "เครือข่ายชุมชน",
        "ชุมชน",
        "รวม",
        "หมายเหตุ เวลาการนำเสนอ จำนวน ๑๕ นาที ต่ออำเภอ",
    ):
        assert text in flat


def test_slots_follow_the_letter(demo_file):
    rows, _ = order_table(demo_file)
    slots = {r[1]: r[7] for r in rows}
    assert slots["แม่จัน"] == "๐๙.๐๐ - ๐๙.๑๕ น."
    assert slots["แม่ลาว"] == "๑๑.๔๕ - ๑๒.๐๐ น."
    assert slots["เวียงเชียงรุ้ง"] == "๑๓.๐๐ - ๑๓.๑๕ น."
    assert slots["แม่ฟ้าหลวง"] == "๑๔.๑๕ - ๑๔.๓๐ น."
    assert list(slots)[11:13] == ["แม่ลาว", "เวียงเชียงรุ้ง"]


def test_arabic_digits_setting(demo):
    edit(demo, {schema.SETTINGS.title: {_setting_cell(demo, "digits"): "อารบิก"}})
    recalc(demo)
    rows, total = order_table(demo)
    assert rows[0][:7] == [1, "แม่จัน", 3, 2, 1, 2, 8]
    assert rows[0][7] == "09.00 - 09.15 น."
    assert total == ["รวม", 71, 24, 14, 20, 129]


def _setting_cell(path, key: str) -> str:
    values = sheet_values(path, schema.SETTINGS.title)
    row = next(i for i, r in enumerate(values, start=1) if r[3] == key)
    return f"B{row}"


def _find_candidate_row(path, cid: str) -> int:
    values = sheet_values(path, schema.CANDIDATES.title)
    return next(i for i, r in enumerate(values, start=1) if r[0] == cid)


def _diff(before, after) -> set[tuple[str, str]]:
    """Changed cells of the order table as (district or รวม, column header)."""
    (rows_b, total_b), (rows_a, total_a) = before, after
    headers = ["ลำดับ", "อำเภอ", "ผู้นำชุมชน", "กลุ่มองค์กรชุมชน", "เครือข่ายชุมชน", "ชุมชน", "รวม", "เวลา"]
    out = set()
    for rb, ra in zip(rows_b, rows_a):
        out |= {(rb[1], h) for h, x, y in zip(headers, rb, ra) if x != y}
    out |= {("รวม", h) for h, x, y in zip(["", *headers[2:7]], total_b, total_a) if x != y}
    return out


def test_moving_a_candidate_changes_exactly_two_cells_and_their_totals(demo):
    before = order_table(demo)
    row = _find_candidate_row(demo, "5716-L14")  # a leader of แม่ลาว moves to แม่จัน
    edit(demo, {schema.CANDIDATES.title: {f"B{row}": "แม่จัน"}})
    run = recalc(demo)
    assert run.exit_code == 0
    assert _diff(before, order_table(demo)) == {
        ("แม่ลาว", "ผู้นำชุมชน"),
        ("แม่ลาว", "รวม"),
        ("แม่จัน", "ผู้นำชุมชน"),
        ("แม่จัน", "รวม"),
    }
    rows, _ = order_table(demo)
    assert rows[0][2] == "๔" and rows[11][2] == "๑๓"


def test_changing_a_type_changes_two_cells_and_the_grand_totals(demo):
    before = order_table(demo)
    row = _find_candidate_row(demo, "5707-L01")
    edit(demo, {schema.CANDIDATES.title: {f"C{row}": "ชุมชน"}})
    recalc(demo)
    assert _diff(before, order_table(demo)) == {
        ("แม่จัน", "ผู้นำชุมชน"),
        ("แม่จัน", "ชุมชน"),
        ("รวม", "ผู้นำชุมชน"),
        ("รวม", "ชุมชน"),
    }


def test_minutes_and_breaks_move_the_slots(demo):
    edit(
        demo,
        {
            schema.SETTINGS.title: {
                _setting_cell(demo, "minutes_per_district"): 20,
                _setting_cell(
                    demo, "breaks"
                ): "10.30-10.45 พักรับประทานอาหารว่าง; 12.00-13.00 พักกลางวัน",
            }
        },
    )
    recalc(demo)
    rows, _ = order_table(demo)
    slots = [r[7] for r in rows]
    assert slots[:5] == [
        "๐๙.๐๐ - ๐๙.๒๐ น.",
        "๐๙.๒๐ - ๐๙.๔๐ น.",
        "๐๙.๔๐ - ๑๐.๐๐ น.",
        "๑๐.๐๐ - ๑๐.๒๐ น.",
        "๑๐.๔๕ - ๑๑.๐๕ น.",
    ]
    assert slots[6:8] == [
        "๑๑.๒๕ - ๑๑.๔๕ น.",
        "๑๓.๐๐ - ๑๓.๒๐ น.",
    ]  # 11.45-12.05 would straddle lunch
    # no slot straddles a break
    run = evaluate(demo)
    for s in run.results.slots:
        for b in run.checked.data.settings.breaks:
            assert s.end <= b.start or s.start >= b.end


def test_recalc_is_idempotent(demo):
    recalc(demo)
    wb1 = {
        ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
        for ws in openpyxl.load_workbook(demo).worksheets
    }
    recalc(demo)
    wb2 = {
        ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
        for ws in openpyxl.load_workbook(demo).worksheets
    }
    assert wb1 == wb2


def test_rsvp_has_one_prefilled_form_per_district_with_every_seed_field(demo_file):
    values = [r[0] for r in sheet_values(demo_file, schema.RSVP.title) if r[0]]
    assert values.count("แบบตอบรับเข้าร่วม") == 18
    text = "\n".join(values)
    for field in (
        "ชื่อ - สกุล",
        "ตำแหน่ง",
        "สังกัด",
        "โทรศัพท์",
        "โทรสาร",
        "มือถือ",
        "อีเมลล์",
        "สามารถเข้าร่วมการประชุม",
        "ไม่สามารถเข้าร่วมการประชุม โดยขอมอบหมายให้ (แทน)",
        "ลงชื่อ",
        "วันที่",
        "ภายในวันที่ ๒๘ เมษายน ๒๕๖๘",
        "rungnapa.neung@gmail.com",
        "ID Line : 01061701",  # an identifier: printed as stored
        "นางสาวรุ่งนภา ถาคำดีบ",
        "๐๙๓ ๑๓๗ ๙๒๙๒",
        "ครั้งที่ ๑/๒๕๖๘",  # one form of ครั้งที่, the agenda's
        "วันพฤหัสบดีที่ ๑ พฤษภาคม ๒๕๖๘ เวลา ๐๘.๓๐ - ๑๔.๓๐ น.",
    ):
        assert text.count(field) >= 18, field
    assert "สังกัด สำนักงานพัฒนาชุมชนอำเภอแม่ฟ้าหลวง" in text
    wb = openpyxl.load_workbook(demo_file)
    assert len(wb[schema.RSVP.title].row_breaks.brk) == 17  # one page per form


def test_agenda_item_4_counts(demo_file):
    rows = sheet_values(demo_file, schema.AGENDA.title)
    pairs = [(r[0].strip(), r[1]) for r in rows if r[0] and r[1]]
    assert pairs == [
        ("๑) ประเภทผู้นำชุมชน", "จำนวน ๗๑ คน"),
        ("๒) ประเภทกลุ่ม/องค์กรชุมชน", "จำนวน ๒๔ กลุ่ม"),
        ("๓) ประเภทเครือข่ายองค์กรชุมชน", "จำนวน ๑๔ เครือข่าย"),
        ("๔) ประเภทชุมชน", "จำนวน ๒๐ ชุมชน"),
    ]
    text = " ".join(r[0] for r in rows if r[0])
    assert "จำนวนทั้งสิ้น ๑๒๙ หน่วยงาน" in text
    assert "เวลา ๐๙.๐๐ - ๑๔.๓๐ น." in text


def test_tracker_keeps_what_staff_typed(demo):
    values = sheet_values(demo, schema.TRACKER.title)
    row = next(i for i, r in enumerate(values, start=1) if r[2] == "พาน")
    edit(demo, {schema.TRACKER.title: {f"E{row}": "เข้าร่วม", f"G{row}": "นายทดสอบ ตอบรับ"}})
    recalc(demo)
    values = sheet_values(demo, schema.TRACKER.title)
    kept = next(r for r in values if r[2] == "พาน")
    assert kept[4] == "เข้าร่วม" and kept[6] == "นายทดสอบ ตอบรับ"
    assert kept[3] == "10.00-10.15 น."


def test_summary_sheet_counts(demo_file):
    values = sheet_values(demo_file, schema.SUMMARY.title)
    body = [r for r in values[2:] if r[1]]
    total = body[-1]
    assert total[1] == "รวม" and total[3:8] == [71, 24, 14, 20, 129]
    assert [r[0] for r in body[:-1]] == [f"57{n:02d}" for n in range(1, 19)]
    assert total[8] == 129  # every sample candidate has every sample score


@pytest.mark.parametrize("way", ["splice", "openpyxl"])
def test_crash_mid_save_leaves_the_master_intact(way, demo, monkeypatch):
    """A disk that fills half-way through the save, on either way of saving (the spliced
    output sheets, or the whole workbook when it cannot splice)."""
    import zipfile

    from mchch_xl.flows import pipeline

    before = demo.read_bytes()

    def boom(self, filename):
        with open(filename, "wb") as f:
            f.write(b"PK\x03\x04 half a zip")
        raise OSError("disk full")

    real = zipfile.ZipFile.writestr

    def half(self, name, data, *args, **kw):
        if len(self.filelist) >= 5:
            raise OSError("disk full")
        return real(self, name, data, *args, **kw)

    if way == "splice":
        monkeypatch.setattr(zipfile.ZipFile, "writestr", half)
    else:
        monkeypatch.setattr(pipeline, "_spliced", lambda *a, **k: False)
        monkeypatch.setattr(openpyxl.Workbook, "save", boom)
    with pytest.raises(FatalError) as exc:
        recalc(demo)
    assert exc.value.issue.code == "FILE_003"
    assert demo.read_bytes() == before
    assert not [p for p in demo.parent.iterdir() if ".tmp" in p.name]


def test_save_keeps_a_dated_backup(demo):
    before = demo.read_bytes()
    recalc(demo)
    backups = list((demo.parent / files.BACKUP_DIR).iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == before


def test_master_open_in_excel_is_refused_in_thai(demo):
    files.excel_lock_file(demo).write_text("")
    before = demo.read_bytes()
    with pytest.raises(FatalError) as exc:
        recalc(demo)
    assert exc.value.issue.code == "FILE_002"
    lock = files.excel_lock_file(demo).name
    assert exc.value.issue.fix == (
        f"ปิดไฟล์ใน Excel แล้วลองใหม่ (ถ้าปิด Excel ทุกหน้าต่างแล้วยังขึ้นข้อความนี้ ไฟล์ล็อก '{lock}'"
        " ข้างไฟล์นี้ ค้างจากโปรแกรมที่ปิดไม่ปกติ: ลบไฟล์นั้นแล้วลองใหม่)"
    )
    assert demo.read_bytes() == before


def test_second_run_on_a_locked_master_is_refused(demo):
    with files.master_lock(demo):
        with pytest.raises(FatalError) as exc:
            recalc(demo)
    assert exc.value.issue.code == "FILE_002"
    recalc(demo)  # the lock is released


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("ลำดับ,อำเภอ\n1,แม่จัน\n", encoding="utf-8")
    with pytest.raises(FatalError) as exc:
        recalc(bad)
    assert exc.value.issue.code == "FILE_001"


def test_a_lock_left_by_a_crashed_run_is_taken_over(demo):
    lock = demo.with_name(f".{demo.name}.lock")
    lock.write_text("999999999")  # no such process
    recalc(demo)
    assert not lock.exists()


def test_a_lottery_not_drawn_yet_is_not_drawn_by_a_command_that_records_nothing(demo):
    """With the lottery policy and no seed, summary, the documents and recalc show the code
    order, said once to be provisional (ORD_004, and a note under the order table); only the
    lottery (``draw_lottery``) draws and records, and once drawn the order stays."""
    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.SETTINGS.title]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 4).value == "order_policy":
            ws.cell(r, 2).value = "จับสลาก"
    wb.save(demo)
    runs = [evaluate(demo) for _ in range(2)] + [recalc(demo) for _ in range(2)]
    codes = sorted(d.code for d in runs[0].checked.data.districts)
    assert [[s.code for s in run.results.slots] for run in runs] == [codes] * 4
    assert [[(i.code, i.sheet) for i in r.checked.report.issues] for r in runs] == [
        [("ORD_004", schema.SETTINGS.title)]
    ] * 4
    assert runs[0].results.order_table.notes[-1] == (
        "ยังไม่ได้จับสลากลำดับการนำเสนอ: ลำดับนี้เรียงตามรหัสอำเภอชั่วคราว"
    )
    import io

    from mchch_xl.cli.commands import main

    for argv in (
        ["summary", str(demo)],
        ["summary", str(demo), "--json"],
    ):  # said (a note, not a problem: exit 0), not just counted
        err = io.StringIO()
        assert main(argv, out=io.StringIO(), err=err) == 0
        assert [ln.split()[1] for ln in err.getvalue().splitlines()] == ["ORD_004"]
    drawn = draw_lottery(demo)
    assert [i.code for i in drawn.checked.report.issues] == ["ORD_003"]
    order = [s.code for s in drawn.results.slots]
    assert order != codes
    for again in (evaluate(demo), recalc(demo)):
        assert [s.code for s in again.results.slots] == order
        assert [i.code for i in again.checked.report.issues] == []


def test_a_programme_past_midnight_is_said_and_shows_its_days(demo):
    """60 minutes a district from 13.00: the slots run past midnight and go on the next day.
    Said (ORD_005, from which district, how many days), and each slot carries its day in
    summary, as text and JSON (was: times that seemed to overlap, no warning)."""
    import io
    import json

    from mchch_xl.cli.commands import main

    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.SETTINGS.title]
    for r in range(1, ws.max_row + 1):
        key = ws.cell(r, 4).value
        if key == "minutes_per_district":
            ws.cell(r, 2).value = 60
        elif key == "start_time":
            ws.cell(r, 2).value = "13.00"
    wb.save(demo)
    run = evaluate(demo)
    days = [s.day + 1 for s in run.results.slots]
    first = run.results.slots[days.index(2)]
    assert [(i.code, i.value, dict(i.params)["days"]) for i in run.checked.report.issues] == [
        ("ORD_005", first.name, 2)
    ]
    out = io.StringIO()
    assert main(["summary", str(demo), "--json"], out=out, err=io.StringIO()) == 0  # a warning
    assert main(["summary", str(demo), "--strict"], out=io.StringIO(), err=io.StringIO()) == 1
    assert [s["day"] for s in json.loads(out.getvalue())["slots"]] == days
    out = io.StringIO()
    main(["summary", str(demo)], out=out, err=io.StringIO())
    lines = [ln for ln in out.getvalue().splitlines() if "(วันที่ 2)" in ln]
    assert len(lines) == days.count(2) and first.name in lines[0]


def test_one_district_named_any_way(demo_file, tmp_path):
    """--district takes a district as the master's check and the import read it."""
    data = evaluate(demo_file).checked.data
    for i, typed in enumerate(("อ.เวียงชัย", "๕๗๐๒", "5702", "เวียงชัย", "อำเภอ เวียงชัย")):
        [path] = templates_for(data, tmp_path / str(i), typed)
        assert "-5702-เวียงชัย" in path.name
    with pytest.raises(FatalError):
        templates_for(data, tmp_path / "x", "เวียง")

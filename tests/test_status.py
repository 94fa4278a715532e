"""The year at a glance: ``mchch-xl status`` (text and JSON) and the sheet ภาพรวม."""

from __future__ import annotations

import io
import json

import openpyxl

from mchch_xl.cli import main
from mchch_xl.domain import schema
from mchch_xl.flows.pipeline import evaluate
from tests.conftest import edit

DISTRICT_KEYS = ["code", "name", "submitted", "submitted_at", "candidates", "flagged", "rsvp"]
STEP_KEYS = ["name", "done", "detail"]
STEPS = [
    "ตั้งค่าการประชุมและหน่วยงาน",
    "ตัวชี้วัดและเกณฑ์ของปี",
    "ทำแบบฟอร์มอำเภอ",
    "อำเภอส่งข้อมูล",
    "ตรวจข้อมูล",
    "ลำดับการนำเสนอ",
    "การตอบรับเข้าร่วมประชุม",
    "มติที่ประชุม",
    "เอกสาร",
]


def status(path, *extra) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["status", str(path), *extra], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_status_json_keys_exactly_as_named(demo):
    code, out, err = status(demo, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["districts", "steps"]
    assert all(list(d) == DISTRICT_KEYS for d in data["districts"])
    assert all(list(s) == STEP_KEYS for s in data["steps"])
    assert [s["name"] for s in data["steps"]] == STEPS
    mae_chan = next(d for d in data["districts"] if d["code"] == "5707")
    assert mae_chan == {
        "code": "5707",
        "name": "แม่จัน",
        "submitted": False,
        "submitted_at": None,
        "candidates": 8,
        "flagged": 0,
        "rsvp": None,
    }
    assert {s["name"]: s["done"] for s in data["steps"]} == {
        "ตั้งค่าการประชุมและหน่วยงาน": True,
        "ตัวชี้วัดและเกณฑ์ของปี": True,
        "ทำแบบฟอร์มอำเภอ": False,
        "อำเภอส่งข้อมูล": False,
        "ตรวจข้อมูล": True,
        "ลำดับการนำเสนอ": True,
        "การตอบรับเข้าร่วมประชุม": False,
        "มติที่ประชุม": False,
        "เอกสาร": False,
    }


def test_status_follows_the_year(demo, tmp_path):
    """Forms made, a district's file imported (date and file), an RSVP, a decision and the
    Word documents: each step and district says so, in the JSON and on the sheet ภาพรวม."""
    out = io.StringIO()
    folder = demo.parent / "แบบฟอร์มอำเภอ-2568"
    assert main(["templates", str(demo), "--out", str(folder)], out=out, err=io.StringIO()) == 0
    from mchch_xl.flows.pipeline import evaluate
    from tests.fill import fill

    form = fill(next(folder.glob("*5707*.xlsx")), evaluate(demo).checked.data, "5707")
    assert main(["import", str(demo), str(form)], out=io.StringIO(), err=io.StringIO()) == 0
    wb = openpyxl.load_workbook(demo)
    tracker = wb[schema.TRACKER.title]
    row = next(r for r in range(3, tracker.max_row + 1) if tracker.cell(r, 2).value == "5707")
    tracker.cell(row, 5).value = "เข้าร่วม"
    wb.save(demo)
    (demo.parent / f"{demo.stem}-เอกสาร").mkdir()
    (demo.parent / f"{demo.stem}-เอกสาร" / "หนังสือเชิญประชุม.docx").write_bytes(b"")
    assert main(["recalc", str(demo)], out=io.StringIO(), err=io.StringIO()) == 0
    code, out, _ = status(demo, "--json")
    data = json.loads(out)
    mae_chan = next(d for d in data["districts"] if d["code"] == "5707")
    assert (mae_chan["submitted"], mae_chan["rsvp"], mae_chan["flagged"]) == (True, "เข้าร่วม", 0)
    assert mae_chan["submitted_at"].startswith(tuple(f"{d}/" for d in range(1, 32)))
    steps = {s["name"]: s for s in data["steps"]}
    assert steps["ทำแบบฟอร์มอำเภอ"] == {
        "name": "ทำแบบฟอร์มอำเภอ",
        "done": True,
        "detail": "พบแบบฟอร์ม 18 ไฟล์ ในโฟลเดอร์ แบบฟอร์มอำเภอ ข้างสมุดงาน",
    }
    assert steps["อำเภอส่งข้อมูล"]["detail"].startswith("ส่งแล้ว 1 จาก 18 อำเภอ; ยังไม่ส่ง: ")
    assert steps["เอกสาร"] == {
        "name": "เอกสาร",
        "done": True,
        "detail": "ทำแล้ว 1 ไฟล์: หนังสือเชิญประชุม.docx",
    }
    ws = openpyxl.load_workbook(demo)[schema.OVERVIEW.title]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert [r[0] for r in values[2:11]] == STEPS
    assert [r[2] for r in values[2:11]] == [
        "เสร็จแล้ว" if steps[name]["done"] else "ยังไม่เสร็จ" for name in STEPS
    ]
    assert values[12] == [c.header for c in schema.OVERVIEW.columns]
    line = next(r for r in values[13:] if r[0] == "5707")
    assert line == ["5707", "แม่จัน", "ส่งแล้ว", mae_chan["submitted_at"], form.name, 8, 0, "เข้าร่วม"]
    assert openpyxl.load_workbook(demo).sheetnames[0] == "ภาพรวม"


def test_status_text_and_strict(demo):
    edit(demo, {"อำเภอ": {"C3": 1, "C4": 1}})  # a warning: done, 0; --strict: 1
    code, out, err = status(demo)
    assert code == 0 and "คำเตือน ORD_001" in err
    lines = out.splitlines()
    assert lines[0] == f"ภาพรวมจังหวัดเชียงราย ปี 2568: {demo}"
    assert [ln.split("]")[1].split(":")[0].strip() for ln in lines[1:10]] == STEPS
    assert lines[10] == "อำเภอ:" and len(lines) == 1 + 9 + 1 + 18 + 1
    assert status(demo, "--strict")[0] == 1


def test_last_years_forms_are_not_this_years(demo):
    """Forms of 2568 left in the folder แบบฟอร์มอำเภอ beside a master started for 2569 are
    not its forms (was: "[เสร็จแล้ว] ... พบแบบฟอร์ม 18 ไฟล์"), nor is another province's form;
    said in status and on the sheet ภาพรวม, and this year's forms count once made."""
    folder = demo.parent / "แบบฟอร์มอำเภอ"
    folder.mkdir()
    for d in evaluate(demo).checked.data.districts:  # last year's forms, named as made
        (folder / f"2568-{d.code}-{d.name}.xlsx").write_bytes(b"")
    (folder / "2569-4001-เมืองขอนแก่น.xlsx").write_bytes(b"")  # another province's, this year
    (folder / "รายชื่อผู้ประสานงาน.xlsx").write_bytes(b"")  # not a template at all
    master = demo.parent / "master-2569.xlsx"
    argv = ["new", "--from", str(demo), "--year", "2569", "--out", str(master)]
    assert main(argv, out=io.StringIO(), err=io.StringIO()) == 0

    def forms_step() -> tuple[dict, list]:
        _, out, _ = status(master, "--json")
        steps = {s["name"]: s for s in json.loads(out)["steps"]}
        assert main(["recalc", str(master)], out=io.StringIO(), err=io.StringIO()) == 0
        ws = openpyxl.load_workbook(master)[schema.OVERVIEW.title]
        row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "ทำแบบฟอร์มอำเภอ")
        return steps["ทำแบบฟอร์มอำเภอ"], [row[2], row[3]]

    assert forms_step() == (
        {
            "name": "ทำแบบฟอร์มอำเภอ",
            "done": False,
            "detail": "ยังไม่พบแบบฟอร์มในโฟลเดอร์ แบบฟอร์มอำเภอ ข้างสมุดงาน "
            "(ไม่นับแบบฟอร์มของปีหรือจังหวัดอื่น 19 ไฟล์): mchch-xl templates",
        },
        [
            "ยังไม่เสร็จ",
            "ยังไม่พบแบบฟอร์มในโฟลเดอร์ แบบฟอร์มอำเภอ ข้างสมุดงาน "
            "(ไม่นับแบบฟอร์มของปีหรือจังหวัดอื่น 19 ไฟล์): mchch-xl templates",
        ],
    )
    argv = ["templates", str(master), "--out", str(folder), "--district", "แม่จัน"]
    assert main(argv, out=io.StringIO()) == 0
    detail = "พบแบบฟอร์ม 1 ไฟล์ ในโฟลเดอร์ แบบฟอร์มอำเภอ ข้างสมุดงาน (ไม่นับแบบฟอร์มของปีหรือจังหวัดอื่น 19 ไฟล์)"
    assert forms_step() == (
        {"name": "ทำแบบฟอร์มอำเภอ", "done": True, "detail": detail},
        ["เสร็จแล้ว", detail],
    )

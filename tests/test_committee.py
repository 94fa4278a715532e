"""The committee (คณะกรรมการ): the input sheet, its checks, the demo's members, the next year's
master, and who came to the meeting (``compute.committee.attendance``)."""

from __future__ import annotations

import openpyxl

from mchch_xl.compute.committee import Attendee, attendance
from mchch_xl.domain import schema
from mchch_xl.domain.model import ATTENDANCE, CommitteeMember
from mchch_xl.files import splice
from mchch_xl.flows.pipeline import evaluate, new_master, new_master_from, recalc
from tests.conftest import records, sheet_values

K = schema.COMMITTEE.title
HEADERS = ["ลำดับ", "ชื่อ-สกุล", "ตำแหน่ง", "ตำแหน่งในคณะกรรมการ", "การมาประชุม", "ผู้แทน", "หมายเหตุ"]


def test_the_sheet_as_declared():
    assert K == "คณะกรรมการ"
    assert schema.COMMITTEE.headers == HEADERS
    assert [c.key for c in schema.COMMITTEE.columns] == [
        *("no", "name", "position", "role", "attendance", "proxy", "note")
    ]
    assert schema.COMMITTEE.column("attendance").choices == ("มา", "ไม่มา", "ลา", "มอบผู้แทน")
    assert ATTENDANCE == schema.COMMITTEE.column("attendance").choices
    assert schema.COMMITTEE in schema.INPUT_SHEETS and K in schema.RUN_SHEETS


def test_new_master_has_the_empty_sheet_with_its_dropdown(tmp_path):
    path = tmp_path / "master-2569.xlsx"
    run = new_master(path, "เชียงราย", 2569)
    assert run.checked.data.committee == []
    assert [i for i in run.checked.report.issues if i.sheet == K] == []
    ws = openpyxl.load_workbook(path)[K]
    assert [c.value for c in ws[2]] == HEADERS
    assert ws.max_row == 2  # no members yet
    assert [(str(v.sqref), v.formula1) for v in ws.data_validations.dataValidation] == [
        ("E3:E2000", '"มา,ไม่มา,ลา,มอบผู้แทน"')
    ]


def test_demo_committee_chaired_by_the_signatory(demo):
    data = evaluate(demo).checked.data
    members = data.committee
    assert (members[0].name, members[0].position, members[0].role) == (
        data.settings.signatory,
        data.settings.signatory_position,
        "ประธานกรรมการ",
    )
    assert members[0].name == "นายประสงค์ หล้าอ่อน"
    assert [m.no for m in members] == list(range(1, 10))
    roles = [m.role for m in members]
    assert roles.count("ประธานกรรมการ") == 1 and roles.count("กรรมการและเลขานุการ") == 1
    assert "ผู้ช่วยเลขานุการ" in roles
    secretary = members[roles.index("กรรมการและเลขานุการ")]
    assert secretary.position == "พัฒนาการจังหวัดเชียงราย"
    assert {m.attendance for m in members} == {"มา", "ลา", "มอบผู้แทน"}
    present, absent = attendance(members)
    assert [(a.name, a.proxy) for a in present if a.proxy] == [
        ("นายธนพล ศรีตัวอย่าง", "นางสาวพิมพ์ชนก ใจตัวอย่าง"),
        ("นายวีระพงษ์ ทองตัวอย่าง", "นายกิตติศักดิ์ มีตัวอย่าง"),
    ]
    assert [(a.name, a.reason) for a in absent] == [
        ("นายสมศักดิ์ แก้วตัวอย่าง", "ติดราชการ"),
        ("นางปราณี สุขตัวอย่าง", "ติดราชการ"),
    ]
    assert len(present) == 7


def _members_typed(path, rows):
    wb = openpyxl.load_workbook(path)
    ws = wb[K]
    ws.delete_rows(3, ws.max_row)
    for r, values in enumerate(rows, start=3):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v
    wb.save(path)


def test_bad_attendance_is_flagged_at_its_cell_and_kept(demo):
    _members_typed(
        demo,
        [
            [1, "นายก ประธาน", "รองผู้ว่าราชการจังหวัด", "ประธานกรรมการ", "มา", None, None],
            [2, "นางข กรรมการ", "เกษตรจังหวัด", "กรรมการ", "มาสาย", None, None],
            [3, "นายค กรรมการ", "พาณิชย์จังหวัด", "กรรมการ", "มอบผู้แทน", None, None],
            [4, None, "สหกรณ์จังหวัด", "กรรมการ", "มา", None, None],  # no name: left out
            [5, "นางง กรรมการ", "วัฒนธรรมจังหวัด", "กรรมการ", " มอบ ผู้แทน ", "นายจ แทน", None],
            [None, "นายฉ กรรมการ", None, None, None, None, None],  # before the meeting
        ],
    )
    run = recalc(demo)
    report = run.checked.report
    got = [
        (i.code, i.severity.value, i.row, i.column, i.value) for i in report.issues if i.sheet == K
    ]
    assert got == [  # in row order, each where it is typed
        ("COM_001", "warning", 4, "E", "มาสาย"),
        ("COM_002", "warning", 5, "F", ""),
        ("CELL_001", "error", 6, "B", ""),
        ("CELL_004", "warning", 7, "E", " มอบ ผู้แทน "),  # stray spaces: written back
    ]
    bad = next(i for i in report.issues if i.code == "COM_001")
    assert "นางข กรรมการ" in bad.message_th and "มา / ไม่มา / ลา / มอบผู้แทน" in bad.message_th
    assert bad.fix
    members = run.checked.data.committee
    assert [(m.name, m.attendance, m.proxy) for m in members] == [
        ("นายก ประธาน", "มา", ""),
        ("นางข กรรมการ", "", ""),  # kept, neither present nor absent
        ("นายค กรรมการ", "มอบผู้แทน", ""),
        ("นางง กรรมการ", "มอบผู้แทน", "นายจ แทน"),
        ("นายฉ กรรมการ", "", ""),
    ]
    assert report.rows_read[K] == 6 and report.rows_accepted[K] == 5
    # the value stays as typed in the sheet: nothing is lost
    values = sheet_values(demo, K)
    assert values[3][4] == "มาสาย" and values[5][1] is None and values[5][2] == "สหกรณ์จังหวัด"
    present, absent = attendance(members)
    assert [a.name for a in present] == ["นายก ประธาน", "นายค กรรมการ", "นางง กรรมการ"]
    assert absent == []


def test_a_master_without_the_sheet_still_works(demo, monkeypatch):
    wb = openpyxl.load_workbook(demo)
    del wb[K], wb[schema.CERTIFICATES.title]
    wb.save(demo)
    calls = []
    real = splice.write
    monkeypatch.setattr(splice, "write", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    run = recalc(demo)
    assert calls == [demo]  # still spliced: the sheets the schema gained later may be missing
    assert run.checked.data.committee == []
    assert [i for i in run.checked.report.issues if K in (i.sheet, i.value)] == []
    assert run.exit_code == 0
    # recalculation lays only its output sheets; like any input sheet, it is not added
    assert K not in openpyxl.load_workbook(demo).sheetnames


def test_next_year_carries_the_members_not_their_attendance(demo, tmp_path):
    path = tmp_path / "master-2569.xlsx"
    run = new_master_from(path, demo, 2569)
    old = evaluate(demo).checked.data.committee
    assert [m.model_dump() for m in run.checked.data.committee] == [
        {**m.model_dump(), "attendance": "", "proxy": "", "note": ""} for m in old
    ]
    assert records(path, schema.COMMITTEE)[1] == {
        "no": 2,
        "name": "นายธนพล ศรีตัวอย่าง",
        "position": "ท้องถิ่นจังหวัดเชียงราย",
        "role": "กรรมการ",
        "attendance": None,
        "proxy": None,
        "note": None,
    }
    assert [i for i in run.checked.report.issues if i.sheet == K] == []


def test_attendance_lists_present_and_absent():
    def m(name, attendance="", proxy="", note=""):
        return CommitteeMember(
            name=name,
            position=f"ตำแหน่ง{name}",
            role="กรรมการ",
            attendance=attendance,
            proxy=proxy,
            note=note,
        )

    members = [
        m("ก", "มา"),
        m("ข", "ลา"),
        m("ค", "มอบผู้แทน", proxy="ค2"),
        m("ง", "ไม่มา"),
        m("จ"),
        m("ฉ", "ลา", note="ติดราชการ"),
        m("ช", "ไม่มา", note="ป่วย"),
        m("ซ", "มา", proxy="ไม่ใช้"),  # a name in ผู้แทน of a member who came: not a stand-in
    ]
    present, absent = attendance(members)
    assert present == [
        Attendee("ก", "ตำแหน่งก", "กรรมการ"),
        Attendee("ค", "ตำแหน่งค", "กรรมการ", proxy="ค2"),
        Attendee("ซ", "ตำแหน่งซ", "กรรมการ"),
    ]
    assert absent == [
        Attendee("ข", "ตำแหน่งข", "กรรมการ", reason="ลา"),
        Attendee("ง", "ตำแหน่งง", "กรรมการ"),
        Attendee("ฉ", "ตำแหน่งฉ", "กรรมการ", reason="ติดราชการ"),
        Attendee("ช", "ตำแหน่งช", "กรรมการ", reason="ป่วย"),
    ]
    assert attendance([]) == ([], [])

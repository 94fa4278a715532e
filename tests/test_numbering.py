"""Certificate numbers: the register (ทะเบียนเกียรติบัตร) in the master. Numbers are stable,
never reused or renumbered; staff rows stay; the master is written only when something is new."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest

from mchch_xl.compute.numbering import number_certificates
from mchch_xl.domain import schema
from mchch_xl.domain.issues import FatalError, Report
from mchch_xl.files import splice
from mchch_xl.files.ooxml_check import check_file
from mchch_xl.flows.pipeline import evaluate, recalc, record_certificates
from tests.conftest import records, sheet_values
from tests.test_ooxml_check import SCHEMAS

R = schema.CERTIFICATES.title
DAY = dt.date(2025, 5, 2)
UNITS = [
    ("5707-L01", "ผู้นำชุมชนตัวอย่าง 1 อำเภอแม่จัน", "แม่จัน", "ผู้นำชุมชน", "ดีมาก"),
    ("5707-G01", "กลุ่มตัวอย่าง 1 อำเภอแม่จัน", "แม่จัน", "กลุ่ม/องค์กรชุมชน", "ดี"),
    ("5701-C01", "ชุมชนตัวอย่าง 1 อำเภอเมืองเชียงราย", "เมืองเชียงราย", "ชุมชน", "ดีเด่น"),
]


def _row(no, unit, issued=DAY) -> dict:
    cid, name, district, kind, level = unit
    return {
        "no": no,
        "id": cid,
        "name": name,
        "district": district,
        "kind": kind,
        "level": level,
        "issued": issued,
    }


def test_the_sheet_as_declared():
    assert R == "ทะเบียนเกียรติบัตร"
    assert schema.CERTIFICATES.headers == [
        *("เลขที่", "รหัส", "ชื่อ", "อำเภอ", "ประเภท", "ระดับ", "วันที่ออก")
    ]
    assert [(c.key, c.type) for c in schema.CERTIFICATES.columns] == [
        ("no", "int"),
        ("id", "code"),
        ("name", "text"),
        ("district", "text"),
        ("kind", "text"),
        ("level", "text"),
        ("issued", "date"),
    ]


def test_numbers_kept_new_ones_after_the_highest_staff_rows_untouched():
    staff = {"no": 40, "id": None, "name": "เกียรติบัตรที่ออกด้วยมือ", "issued": None}
    register = [
        _row(7, UNITS[1], dt.date(2024, 5, 1)),
        staff,
        {"no": None, "id": "๕๗๐๑-C๐๑ ", "name": "พิมพ์ไว้ก่อน", "level": None},  # no number yet
        _row(3, ("9999-X01", "รายอื่น", "", "", "")),
    ]
    done = number_certificates(register, [UNITS[0], UNITS[1], UNITS[2], UNITS[0]], DAY)
    assert done.numbers == {"5707-L01": 41, "5707-G01": 7, "5701-C01": 42}
    assert done.changed
    assert done.rows == [
        _row(7, UNITS[1], dt.date(2024, 5, 1)),
        staff,
        {  # only the empty cells filled
            "no": 42,
            "id": "๕๗๐๑-C๐๑ ",
            "name": "พิมพ์ไว้ก่อน",
            "district": "เมืองเชียงราย",
            "kind": "ชุมชน",
            "level": "ดีเด่น",
            "issued": DAY,
        },
        _row(3, ("9999-X01", "รายอื่น", "", "", "")),
        _row(41, UNITS[0]),
    ]
    again = number_certificates(done.rows, UNITS, dt.date(2026, 1, 1))
    assert (again.numbers, again.changed, again.rows) == (done.numbers, False, done.rows)
    assert number_certificates([], [], DAY).numbers == {}


def test_record_is_stable_and_writes_only_what_is_new(demo, monkeypatch):
    spliced = []
    real = splice.write
    monkeypatch.setattr(splice, "write", lambda *a, **k: spliced.append(a[0]) or real(*a, **k))
    assert record_certificates(demo, UNITS[:2], issued=DAY) == {"5707-L01": 1, "5707-G01": 2}
    assert spliced == [demo]  # the register spliced in, as recalculation writes
    assert records(demo, schema.CERTIFICATES) == [_row(1, UNITS[0]), _row(2, UNITS[1])]
    before, stamp = demo.read_bytes(), demo.stat().st_mtime_ns
    backups = sorted((demo.parent / "สำรอง").iterdir())
    # the same units again, in another order: the same numbers, the file not touched
    assert record_certificates(demo, UNITS[1::-1], issued=dt.date(2026, 1, 1)) == {
        "5707-G01": 2,
        "5707-L01": 1,
    }
    assert demo.read_bytes() == before and demo.stat().st_mtime_ns == stamp
    assert sorted((demo.parent / "สำรอง").iterdir()) == backups
    # a new unit gets the next number; the others keep theirs
    assert record_certificates(demo, UNITS, issued=DAY) == {
        "5707-L01": 1,
        "5707-G01": 2,
        "5701-C01": 3,
    }
    assert [r["no"] for r in records(demo, schema.CERTIFICATES)] == [1, 2, 3]
    assert check_file(demo, SCHEMAS) == []
    run = recalc(demo)  # the master still opens and recalculates
    assert run.exit_code == 0 and run.results.total == 129


def test_staff_rows_and_columns_stay(demo):
    wb = openpyxl.load_workbook(demo)
    ws = wb[R]
    ws["H2"] = "ผู้รับมอบ"
    ws.append([12, "9999-X01", "เกียรติบัตรพิเศษ", None, None, None, dt.date(2025, 4, 1), "นายก"])
    ws.append([None, "5707-G01", None, None, None, None, None, "นายข"])  # typed, no number
    wb.save(demo)
    report = Report()
    got = record_certificates(demo, UNITS, issued=DAY, report=report)
    assert got == {"5707-L01": 13, "5707-G01": 14, "5701-C01": 15}
    assert report.issues == []
    values = sheet_values(demo, R)
    assert values[1] == [*schema.CERTIFICATES.headers, "ผู้รับมอบ"]
    assert [r[:2] + r[7:] for r in values[2:]] == [
        [12, "9999-X01", "นายก"],
        [14, "5707-G01", "นายข"],
        [13, "5707-L01", None],
        [15, "5701-C01", None],
    ]
    assert values[2][2] == "เกียรติบัตรพิเศษ" and values[2][6] == dt.datetime(2025, 4, 1)
    assert check_file(demo, SCHEMAS) == []


def test_an_open_master_is_refused_and_left_as_it_was(demo):
    record_certificates(demo, UNITS[:1], issued=DAY)
    before = demo.read_bytes()
    lock = demo.with_name("~$" + demo.name)
    lock.write_text("x")
    assert record_certificates(demo, UNITS[:1], issued=DAY) == {"5707-L01": 1}  # nothing new
    with pytest.raises(FatalError) as err:
        record_certificates(demo, UNITS, issued=DAY)
    assert err.value.issue.code == "FILE_002"
    assert demo.read_bytes() == before


def test_a_number_that_is_not_one_is_named_and_nothing_written(demo):
    wb = openpyxl.load_workbook(demo)
    wb[R].append(["๓", "9999-X01"])  # Thai digits: read as 3
    wb[R].append(["ฉบับที่ 4", "9999-X02"])
    wb.save(demo)
    before = demo.read_bytes()
    with pytest.raises(FatalError) as err:
        record_certificates(demo, UNITS, issued=DAY)
    item = err.value.issue
    assert (item.code, item.sheet, item.row, item.column, item.value) == (
        "CRT_002",
        R,
        4,
        "A",
        "ฉบับที่ 4",
    )
    assert "เลขที่" in item.message_th and item.fix
    assert demo.read_bytes() == before
    wb = openpyxl.load_workbook(demo)
    wb[R]["A4"] = 4
    wb.save(demo)
    assert record_certificates(demo, UNITS[:1], issued=DAY) == {"5707-L01": 5}


def test_a_master_without_the_register_gets_it_in_its_place(demo):
    wb = openpyxl.load_workbook(demo)
    del wb[R]
    wb.save(demo)
    assert record_certificates(demo, UNITS[:1], issued=DAY) == {"5707-L01": 1}
    names = openpyxl.load_workbook(demo).sheetnames
    assert names == [s.title for s in schema.ALL_SHEETS]
    assert check_file(demo, SCHEMAS) == []
    with zipfile.ZipFile(demo) as z:
        assert z.testzip() is None
    assert evaluate(demo).exit_code == 0


def test_not_a_master_is_refused(tmp_path):
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(other)
    before = other.read_bytes()
    with pytest.raises(FatalError) as err:
        record_certificates(other, UNITS, issued=DAY)
    assert err.value.issue.code == "FILE_020"
    assert other.read_bytes() == before


def test_a_new_year_numbers_from_one(demo, tmp_path):
    from mchch_xl.flows.pipeline import new_master_from

    record_certificates(demo, UNITS, issued=DAY)
    path = tmp_path / "master-2569.xlsx"
    new_master_from(path, demo, 2569)
    assert records(path, schema.CERTIFICATES) == []
    assert record_certificates(path, UNITS[2:], issued=DAY) == {"5701-C01": 1}

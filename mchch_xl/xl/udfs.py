"""Worksheet functions (UDFs) for the master workbook: =THAI_DIGITS(A1), =THAI_DATE(B2),
=MCHCH_COUNT("แม่จัน"; "ผู้นำชุมชน")."""

from __future__ import annotations

import datetime as dt

import xlwings as xw

from mchch_xl.domain.model import DistrictIndex, parse_kind
from mchch_xl.domain.schema import CANDIDATES, DISTRICTS
from mchch_xl.domain.thai import format_date, to_thai_digits, whole


def thai_digits(value) -> str:
    value = whole(value)
    return to_thai_digits("" if value is None else value)


def thai_date(value, weekday: bool = False) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return ""
    return format_date(value, thai=True, weekday=bool(weekday))


def count_candidates_in(book, district: str, kind: str = "") -> int:
    """Candidates of a district (name or code), of one type or of all types ("")."""
    from mchch_xl.checks import check_master
    from mchch_xl.xl.actions import BookIO

    io = BookIO(book)
    checked = check_master({t: io.read(t) for t in (DISTRICTS.title, CANDIDATES.title)}, book.name)
    code = DistrictIndex(checked.data.districts).code(district)
    wanted = parse_kind(kind) if kind else None
    return sum(
        1
        for c in checked.data.candidates
        if c.district == code and (wanted is None or c.kind == wanted)
    )


@xw.func
@xw.arg("value", doc="ตัวเลขหรือข้อความ")
def THAI_DIGITS(value):  # noqa: N802 - Excel function names are upper case
    """แปลงตัวเลขเป็นเลขไทย"""
    return thai_digits(value)


@xw.func
@xw.arg("value", dt.datetime, doc="วันที่")
@xw.arg("weekday", doc="TRUE เพื่อขึ้นต้นด้วยวัน เช่น วันพฤหัสบดีที่")
def THAI_DATE(value, weekday=False):  # noqa: N802
    """วันที่แบบราชการ เช่น ๑ พฤษภาคม ๒๕๖๘"""
    return thai_date(value, weekday)


@xw.func
@xw.arg("caller", vba="Application.Caller")
def MCHCH_COUNT(district, kind="", caller=None):  # noqa: N802
    """จำนวนกลุ่มเป้าหมายของอำเภอ (ชื่อหรือรหัส) และประเภท (เว้นว่าง = ทุกประเภท)"""
    return count_candidates_in(caller.sheet.book, district, kind or "")

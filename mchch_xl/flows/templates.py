"""District template workbooks, generated from the one schema and the master's settings and
indicators (pure grids; ``files.writer`` lays them out, protected, with dropdowns and ranges).

A template holds: คำแนะนำ (instructions), กลุ่มเป้าหมาย (candidates, with a type dropdown),
one คะแนน-<type> sheet per candidate type (candidates down, that type's indicators across, each
cell limited to its indicator's range) and a hidden, protected ข้อมูลแบบฟอร์ม sheet with the
province, fiscal year, district, template version and a hash of the indicator set.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from mchch_xl.domain.model import KINDS, ROUND_TH, District, Indicator, Kind, MasterData
from mchch_xl.domain.schema import (
    FIRST_DATA_ROW,
    FONT_SIZE,
    KIND_CHOICES,
    META_KEYS,
    ROW_HEIGHT,
    TEMPLATE_CANDIDATES,
    TEMPLATE_INSTRUCTIONS,
    TEMPLATE_META,
    TEMPLATE_ROWS,
    TEMPLATE_SCORE_PREFIX,
    TEMPLATE_VERSION,
    Sheet,
    letter,
    template_score_sheet,
)
from mchch_xl.domain.thai import digits, format_date, number_text
from mchch_xl.layout.grid import Grid, Validation, fit, table


def indicator_hash(indicators: list[Indicator], year: int) -> str:
    """A short fingerprint of the year's indicator set (code, type, range, weight)."""
    rows = sorted(
        (i.kind.value, i.code, number_text(i.min), number_text(i.max), number_text(i.weight))
        for i in indicators
        if i.year == year
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def year_indicators(data: MasterData, kind: Kind) -> list[Indicator]:
    return [i for i in data.indicators if i.year == data.settings.fiscal_year and i.kind == kind]


def score_sheet(kind: Kind, indicators: list[Indicator]) -> Sheet:
    """The score sheet of one type for the year's indicators (``schema.template_score_sheet``)."""
    return template_score_sheet(kind, [i.code for i in indicators])


def file_name(data: MasterData, district: District) -> str:
    return f"{data.settings.fiscal_year}-{district.code}-{district.name}.xlsx"


def privacy_notice(office: str) -> list[tuple[str, str]]:
    """The notice of พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒ s.23: who collects, why, on what
    basis, what is shown to whom, and the data subject's rights. No sensitive data (s.26)."""
    return [
        ("การคุ้มครองข้อมูลส่วนบุคคล (แจ้งตามมาตรา ๒๓ พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒)", "bold"),
        (
            (
                f"{office} เก็บชื่อ เลขประจำตัวประชาชน ตำแหน่ง ที่อยู่ และโทรศัพท์ผู้ประสานงาน "
                "เพื่อคัดเลือกและรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ตามภารกิจของรัฐ (มาตรา ๒๔ (๔))"
            ),
            "text_plain",
        ),
        (
            (
                "เลขประจำตัวประชาชนเก็บไว้ในสมุดงานหลักของจังหวัดเท่านั้น เอกสารประชุม ผลการรับรอง ประกาศ "
                "และไฟล์ที่ส่งกลับอำเภอแสดงเพียง ๓ หลักท้าย (x-xxxx-xxxxx-12-3) โทรศัพท์แสดงเพียง ๔ หลักท้าย "
                "และไม่เปิดเผยแก่ผู้อื่นนอกจากตามกฎหมาย"
            ),
            "text_plain",
        ),
        (
            (
                "ไม่ต้องกรอกข้อมูลอ่อนไหว (ศาสนา สุขภาพ ประวัติอาชญากรรม ความคิดเห็นทางการเมือง ฯลฯ ตามมาตรา ๒๖) "
                f"เจ้าของข้อมูลขอดู แก้ไข หรือสอบถามการใช้ข้อมูลได้ที่{office}"
            ),
            "text_plain",
        ),
    ]


def _instructions(data: MasterData, district: District, kinds: list[Kind]) -> Grid:
    s = data.settings
    lines = [
        (
            f"แบบฟอร์มเสนอกลุ่มเป้าหมาย มาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี "
            f"{digits(s.fiscal_year, s.thai_digits)}",
            "title_big",
        ),
        (
            f"อำเภอ{district.name} จังหวัด{s.province} "
            f"(รหัสอำเภอ {digits(district.code, s.thai_digits)})",
            "title_center",
        ),
        ("", "text_plain"),
        ("วิธีกรอก", "bold"),
        (
            "๑. แผ่นงาน กลุ่มเป้าหมาย: หนึ่งแถวต่อหนึ่งราย ตั้งรหัสไม่ซ้ำกัน เช่น "
            f"{district.code}-L01 สำหรับผู้นำชุมชนรายที่ ๑ แล้วเลือกประเภทจากรายการ",
            "text_plain",
        ),
        (
            "๒. แผ่นงาน "
            + " / ".join(f"{TEMPLATE_SCORE_PREFIX}{k.column}" for k in kinds)
            + ": ใส่รหัสกลุ่มเป้าหมายของประเภทนั้น เลือกรอบการประเมิน (เว้นว่าง = คณะกรรมการอำเภอ) "
            "แล้วกรอกคะแนนตามตัวชี้วัด (ช่วงคะแนนอยู่เหนือรหัสตัวชี้วัด)",
            "text_plain",
        ),
        (
            "๓. กรอกเฉพาะช่องสีขาวในตาราง หัวตารางถูกล็อกไว้ ห้ามเปลี่ยนชื่อ ย้าย หรือลบแผ่นงานและคอลัมน์",
            "text_plain",
        ),
        ("๔. พิมพ์ค่าเป็นข้อความหรือตัวเลขเท่านั้น ไม่ใช้สูตร ไม่ผสานเซลล์ ไม่เว้นแถวว่างกลางตาราง", "text_plain"),
        (
            "๕. บันทึกเป็น .xlsx (ไม่ใช่ .xlsm และไม่ตั้งรหัสผ่าน) แล้วส่งกลับสำนักงานพัฒนาชุมชนจังหวัด"
            + (
                f" ภายในวันที่ {format_date(s.rsvp_deadline, s.thai_digits)}"  # not 28/4/2568 by ๒๕๖๘
                if s.rsvp_deadline
                else ""
            ),
            "text_plain",
        ),
        (
            "๖. ถ้าได้ไฟล์ ตรวจแล้ว กลับมา ให้แก้เซลล์สีแดงตามความเห็นในเซลล์ แล้วส่งไฟล์ ตรวจแล้ว นั้นกลับทั้งไฟล์ได้เลย "
            "ไม่ต้องลบแผ่นงาน ปัญหาที่พบ หรือความเห็นในเซลล์ (ระบบไม่อ่าน) "
            "(ไฟล์ใหม่แทนที่ไฟล์เดิมของอำเภอ ไม่เกิดรายการซ้ำ)",
            "text_plain",
        ),
        (
            (
                "๗. คอลัมน์ทะเบียนทางขวา (เลขประจำตัวประชาชน ตำแหน่ง ที่อยู่ หมู่ที่ ตำบล ระยะเวลา ปีที่ก่อตั้ง "
                "จำนวนสมาชิก ผู้ประสานงาน) ไม่บังคับ: เลขประจำตัวประชาชนกรอกเฉพาะผู้นำชุมชน 13 หลัก"
            ),
            "text_plain",
        ),
        ("", "text_plain"),
        *(
            (line, style)
            for line, style in privacy_notice(s.office or f"สำนักงานพัฒนาชุมชนจังหวัด{s.province}")
        ),
        ("", "text_plain"),
        (
            f"ผู้ประสานงาน: {s.coordinator} {digits(s.coordinator_phone, s.thai_digits)} "
            f"{s.coordinator_email}".strip(),
            "text_plain",
        ),
    ]
    g = Grid(TEMPLATE_INSTRUCTIONS, widths=[TEMPLATE_INSTRUCTIONS.columns[0].width])
    for r, (text, style) in enumerate(lines, start=1):
        g.set(r, 1, text or None, style)
        # Sarabun's real widths, so that wrapped items never run into the next one
        fit(g, r, [(text, g.widths[0])], 18 if style == "title_big" else FONT_SIZE)
    g.protect = True
    return g


def _tall_rows(g: Grid, last: int) -> None:
    """The rows prepared for entry are as tall as 16 pt Thai needs (Excel's default 15 pt lets
    stacked marks cross the borders)."""
    for r in range(FIRST_DATA_ROW, last + 1):
        g.heights[r] = ROW_HEIGHT


def _candidates(district: District) -> Grid:
    g = table(TEMPLATE_CANDIDATES, [])
    last = FIRST_DATA_ROW + TEMPLATE_ROWS - 1
    n = len(TEMPLATE_CANDIDATES.columns)
    g.unlocked.append(f"A{FIRST_DATA_ROW}:{letter(n)}{last}")
    # text format before anyone types: Excel keeps "0812345678" and 13-digit IDs as typed
    for c, col in enumerate(TEMPLATE_CANDIDATES.columns, start=1):
        if col.type in ("code", "national_id"):
            for r in range(FIRST_DATA_ROW, last + 1):
                g.styles[(r, c)] = "code"
    _tall_rows(g, last)
    k = letter(TEMPLATE_CANDIDATES.index("kind") + 1)
    g.validations.append(
        Validation(
            f"{k}{FIRST_DATA_ROW}:{k}{last}",
            KIND_CHOICES,
            prompt="เลือกประเภทกลุ่มเป้าหมาย",
            error="เลือกประเภทจากรายการเท่านั้น",
        )
    )
    g.protect = True
    return g


def _scores(kind: Kind, indicators: list[Indicator]) -> Grid:
    sheet = score_sheet(kind, indicators)
    g = table(sheet, [])
    first = len(sheet.columns) - len(indicators) + 1  # the indicators' columns come last
    for c, ind in enumerate(indicators, start=first):  # the wording and range above each code
        g.set(1, c, f"{ind.text} ({number_text(ind.min)}–{number_text(ind.max)})", "header_small")
    g.heights[1] = ROW_HEIGHT * 3
    last = FIRST_DATA_ROW + TEMPLATE_ROWS - 1
    g.unlocked.append(f"A{FIRST_DATA_ROW}:{letter(len(sheet.columns))}{last}")
    _tall_rows(g, last)
    ident, ids = letter(sheet.index("id") + 1), letter(TEMPLATE_CANDIDATES.index("id") + 1)
    g.validations.append(
        Validation(
            f"{ident}{FIRST_DATA_ROW}:{ident}{last}",
            formula=f"'{TEMPLATE_CANDIDATES.title}'!${ids}${FIRST_DATA_ROW}:${ids}${last}",
            prompt="เลือกรหัสจากแผ่นงาน กลุ่มเป้าหมาย",
            strict=False,
        )
    )
    r = letter(sheet.index("round") + 1)
    g.validations.append(
        Validation(
            f"{r}{FIRST_DATA_ROW}:{r}{last}",
            tuple(ROUND_TH.values()),
            prompt="เว้นว่าง = คณะกรรมการอำเภอ",
            error="เลือกรอบการประเมินจากรายการ",
        )
    )
    for c, ind in enumerate(indicators, start=first):
        col = letter(c)
        g.validations.append(
            Validation(
                f"{col}{FIRST_DATA_ROW}:{col}{last}",
                kind="decimal",
                minimum=ind.min,
                maximum=ind.max,
                prompt=f"{ind.code} {ind.text}: {number_text(ind.min)} ถึง {number_text(ind.max)}",
                error=f"คะแนนตัวชี้วัด {ind.code} ต้องอยู่ระหว่าง {number_text(ind.min)} ถึง {number_text(ind.max)}",
            )
        )
    g.freeze = f"{letter(first)}{FIRST_DATA_ROW}"  # id, name and round stay in view
    g.protect = True
    return g


def meta_values(data: MasterData, district: District) -> dict[str, str]:
    s = data.settings
    return {
        "province": s.province,
        "fiscal_year": str(s.fiscal_year),
        "district_code": district.code,
        "district_name": district.name,
        "template_version": TEMPLATE_VERSION,
        "indicator_hash": indicator_hash(data.indicators, s.fiscal_year),
    }


def _meta(data: MasterData, district: District) -> Grid:
    values = meta_values(data, district)
    g = Grid(TEMPLATE_META, widths=[c.width for c in TEMPLATE_META.columns])
    g.set(1, 1, "รายการ", "header")
    g.set(1, 2, "ค่า", "header")
    for r, key in enumerate(META_KEYS, start=2):
        g.set(r, 1, key, "code")
        g.set(r, 2, values[key], "code")
    g.protect = True
    g.state = "hidden"
    return g


@dataclass
class Template:
    district: District
    file_name: str
    grids: list[Grid]


def template_kinds(data: MasterData) -> list[Kind]:
    return [k for k in KINDS if year_indicators(data, k)]


def build_template(data: MasterData, district: District) -> Template:
    kinds = template_kinds(data)
    grids = [_instructions(data, district, kinds), _candidates(district)]
    grids += [_scores(k, year_indicators(data, k)) for k in kinds]
    grids.append(_meta(data, district))
    return Template(district, file_name(data, district), grids)


__all__ = [
    "Template",
    "build_template",
    "indicator_hash",
    "meta_values",
    "privacy_notice",
    "score_sheet",
]

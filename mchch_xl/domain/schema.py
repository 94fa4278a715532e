"""THE workbook schema: the one declaration of every sheet's Thai title and columns.

Readers, writers, validation, the district templates and the Excel actions all read this module;
no other module knows a sheet title, a header text or a column position.

Input sheets (ตั้งค่า, อำเภอ, กลุ่มเป้าหมาย, ตัวชี้วัด, คะแนน, คณะกรรมการ) are tables: a note in row 1, the
Thai headers in row 2 (``HEADER_ROW``), data from row 3. Output sheets are rewritten by every
recalculation; the response tracker keeps what staff typed in its input columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

from mchch_xl.domain.model import (
    ATTENDANCE,
    DECISIONS,
    DIGITS_TH,
    KINDS,
    ORDER_POLICY_TH,
    ROUND_TH,
    RULE_TH,
    Kind,
)

ColType = Literal[
    "text",
    "code",
    "int",
    "number",
    "date",
    "time",
    "kind",
    "district",
    "choice",
    "breaks",
    "policy",
    "digits",
    "round",
    "rule",
    "yesno",
    "national_id",
]

HEADER_ROW = 2
FIRST_DATA_ROW = HEADER_ROW + 1


def letter(col: int) -> str:
    """THE column letters of a 1-based column: 1 → "A", 27 → "AA" (openpyxl's
    ``get_column_letter``, without importing openpyxl on the recalculation path)."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_number(letters: str) -> int:
    """THE 1-based column of column letters, either case: "A" → 1, "aa" → 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: ColType = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    number_format: str = "General"
    width: float = 14
    help: str = ""
    output: bool = False  # written by recalculation (in a sheet that also has input columns)
    kinds: tuple[str, ...] = ()  # candidate types the column is for (Kind values; () = all)
    personal: bool = False  # personal data: masked in every printed or shared output (PDPA)


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...] = ()
    role: Literal["input", "output", "tracker", "document", "log", "template"] = "input"
    note: str = ""
    landscape: bool = False

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def index(self, key: str) -> int:
        """0-based column index of ``key``."""
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def row(self, values: dict) -> list:
        """A record keyed by column key as a row in this sheet's column order (the writers' one
        way from keys to positions)."""
        return [values.get(c.key) for c in self.columns]


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    type: ColType = "text"
    help: str = ""
    choices: tuple[str, ...] = ()


KIND_CHOICES = tuple(k.th for k in KINDS)
POLICY_CHOICES = tuple(ORDER_POLICY_TH.values())
DIGIT_CHOICES = tuple(DIGITS_TH.values())

SETTINGS_FIELDS: tuple[Setting, ...] = (
    Setting("province", "จังหวัด", help="ชื่อจังหวัด ไม่ต้องมีคำว่า จังหวัด เช่น เชียงราย"),
    Setting("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "int", "เช่น 2568"),
    Setting("meeting_no", "ประชุมครั้งที่", "int", "ครั้งที่ของการประชุมในปีนี้ เช่น 1"),
    Setting(
        "meeting_title", "ชื่อการประชุม", help="เว้นว่างได้: ใช้ชื่อคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด"
    ),
    Setting("meeting_date", "วันประชุม", "date", "วันที่ พ.ศ. หรือ ค.ศ. เช่น 1/5/2568"),
    Setting("registration_time", "เวลาลงทะเบียน", "time", "เช่น 08.30"),
    Setting("start_time", "เวลาเริ่มนำเสนอ", "time", "เช่น 09.00"),
    Setting("minutes_per_district", "เวลานำเสนอต่ออำเภอ (นาที)", "int", "เช่น 15"),
    Setting("breaks", "ช่วงพัก", "breaks", "เช่น 12.00-13.00 พักรับประทานอาหารกลางวัน; คั่นหลายช่วงด้วย ;"),
    Setting("venue", "สถานที่ประชุม"),
    Setting("rsvp_deadline", "ส่งแบบตอบรับภายในวันที่", "date", "วันที่ พ.ศ. หรือ ค.ศ."),
    Setting("office", "หน่วยงานผู้จัด"),
    Setting("office_phone", "โทรศัพท์/โทรสารหน่วยงาน", "code"),
    Setting("coordinator", "ผู้ประสานงาน"),
    Setting("coordinator_position", "ตำแหน่งผู้ประสานงาน"),
    Setting("coordinator_phone", "โทรศัพท์ผู้ประสานงาน", "code"),
    Setting("coordinator_email", "อีเมลผู้ประสานงาน"),
    Setting("coordinator_line", "ID Line ผู้ประสานงาน", "code"),
    Setting(
        "deciding_round",
        "รอบที่ใช้ตัดสินผล",
        "round",
        "คณะกรรมการอำเภอ / ประเมินตนเองหลังพัฒนา / ประเมินตนเองก่อนพัฒนา",
        tuple(ROUND_TH.values()),
    ),
    Setting(
        "order_policy",
        "วิธีจัดลำดับการนำเสนอ",
        "policy",
        "กำหนดเอง (ตามคอลัมน์ลำดับนำเสนอในแผ่นงานอำเภอ) / ตามรหัสอำเภอ / ตามตัวอักษร / จับสลาก",
        POLICY_CHOICES,
    ),
    Setting(
        "lottery_seed",
        "เลขสุ่มจับสลาก",
        "int",
        "บันทึกให้อัตโนมัติเมื่อจับสลาก (mchch-xl draw หรือปุ่ม จับสลาก) ลบค่านี้หากต้องการจับสลากใหม่",
    ),
    Setting("lottery_drawn_at", "เวลาที่จับสลาก", "code", "บันทึกให้อัตโนมัติเมื่อจับสลาก"),
    Setting("lottery_drawn_by", "ผู้จับสลาก", "code", "ชื่อผู้ใช้เครื่องที่จับสลาก บันทึกให้อัตโนมัติ"),
    Setting("digits", "ตัวเลขในเอกสาร", "digits", "ไทย หรือ อารบิก", DIGIT_CHOICES),
    # หนังสือเชิญประชุม (หนังสือภายนอก ตามระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ)
    Setting("letter_urgency", "ชั้นความเร็วหนังสือ", help="ด่วนที่สุด / ด่วนมาก / ด่วน หรือเว้นว่าง"),
    Setting("letter_no", "เลขที่หนังสือเชิญประชุม", help="เช่น ขร 0019.2/ว 0096 (พิมพ์เป็นเลขไทยตามการตั้งค่า)"),
    Setting("letter_date", "วันที่หนังสือ", "date", "วันที่ลงในหนังสือ เช่น 25/4/2568"),
    Setting(
        "letter_subject", "เรื่อง", help="เว้นว่างได้: การดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี …"
    ),
    Setting("letter_to", "เรียน", help="เช่น นายอำเภอทุกอำเภอ"),
    Setting("letter_reference", "อ้างถึง", help="หนังสือที่อ้างถึง เว้นว่างได้"),
    Setting(
        "letter_address",
        "ที่ตั้งส่วนราชการเจ้าของหนังสือ",
        help="พิมพ์ที่มุมขวาบนของหนังสือ คั่นบรรทัดด้วย ; เช่น ศาลากลางจังหวัดเชียงราย; ถนนแม่ฟ้าหลวง ขร 57100",
    ),
    Setting("signatory", "ผู้ลงนาม", help="ชื่อเต็มพร้อมคำนำหน้า เช่น นายประสงค์ หล้าอ่อน"),
    Setting("signatory_position", "ตำแหน่งผู้ลงนาม", help="เช่น รองผู้ว่าราชการจังหวัดเชียงราย"),
    Setting(
        "letter_unit",
        "ส่วนราชการเจ้าของเรื่อง",
        help="พิมพ์ท้ายหนังสือ คั่นบรรทัดด้วย ; เช่น สำนักงานพัฒนาชุมชนจังหวัด; กลุ่มงานส่งเสริมการพัฒนาชุมชน",
    ),
    Setting(
        "emblem",
        "ไฟล์ภาพตราครุฑ",
        help="ที่อยู่ไฟล์ภาพ (.png/.jpg) สูง 3 ซม. กลางหัวกระดาษ เว้นว่าง = เว้นที่ว่างไว้",
    ),
    # รายงานการประชุม
    Setting("chair", "ประธานในที่ประชุม", help="ชื่อ-สกุล สำหรับรายงานการประชุม"),
    Setting("chair_position", "ตำแหน่งประธาน"),
    Setting(
        "opened_time", "เริ่มประชุมเวลา", "time", "เวลาเปิดประชุมจริง เช่น 09.00 (เว้นว่าง = เวลาเริ่มนำเสนอ)"
    ),
    Setting("closed_time", "เลิกประชุมเวลา", "time", "เช่น 14.30 (เว้นว่าง = เวลาจบการนำเสนอ)"),
    Setting("recorder", "ผู้จดรายงานการประชุม"),
    Setting("recorder_position", "ตำแหน่งผู้จดรายงาน"),
    Setting("checker", "ผู้ตรวจรายงานการประชุม"),
    Setting("checker_position", "ตำแหน่งผู้ตรวจรายงาน"),
)
SETTING_BY_KEY = {s.key: s for s in SETTINGS_FIELDS}

SETTINGS = Sheet(
    "settings",
    "ตั้งค่า",
    (
        Column("label", "รายการ", width=30),
        Column("value", "ค่า", width=60),
        Column("help", "คำอธิบาย", width=60),
        Column("key", "รหัสรายการ", "code", width=20),
    ),
    note="ตั้งค่าการประชุมและหน่วยงาน: แก้เฉพาะคอลัมน์ ค่า",
)

DISTRICTS = Sheet(
    "districts",
    "อำเภอ",
    (
        Column(
            "code",
            "รหัสอำเภอ",
            "code",
            True,
            aliases=("รหัส",),
            width=12,
            help="รหัสอำเภอ 4 หลักตามกรมการปกครอง เช่น 5701",
        ),
        Column("name", "ชื่ออำเภอ", required=True, aliases=("อำเภอ",), width=20),
        Column(
            "order",
            "ลำดับนำเสนอ",
            "int",
            aliases=("ลำดับ",),
            width=12,
            help="ใช้เมื่อวิธีจัดลำดับเป็น กำหนดเอง",
        ),
        Column("contact", "ผู้ประสานงานอำเภอ", width=26),
        Column("phone", "โทรศัพท์", "code", width=16),
        Column("email", "อีเมล", width=26),
    ),
    note="รายชื่ออำเภอ รหัสอำเภอ และลำดับการนำเสนอ",
)

# The register as offices keep it: optional columns, each for the types it applies to.
_LEADER = ("leader",)
_UNITS = ("group", "network", "community")
REGISTER_COLUMNS: tuple[Column, ...] = (
    Column(
        "national_id",
        "เลขประจำตัวประชาชน",
        "national_id",
        aliases=("เลขบัตรประชาชน",),
        width=20,
        kinds=_LEADER,
        personal=True,
        help="เฉพาะผู้นำชุมชน: 13 หลัก เช่น 1-2345-67890-12-3 เก็บในสมุดงานหลักเท่านั้น "
        "เอกสารที่พิมพ์หรือส่งต่อแสดงเพียง 3 หลักท้าย",
    ),
    Column(
        "position",
        "ตำแหน่ง",
        width=22,
        kinds=_LEADER,
        help="ตำแหน่งในชุมชน เช่น ผู้ใหญ่บ้าน ประธานกองทุนหมู่บ้าน",
    ),
    Column("address", "ที่อยู่", width=30, help="บ้านเลขที่ ถนน/ซอย (ผู้นำ) หรือที่ทำการ (กลุ่ม/เครือข่าย)"),
    Column("village", "หมู่ที่", "int", width=8),
    Column("subdistrict", "ตำบล", width=16),
    Column(
        "years",
        "ระยะเวลา (ปี)",
        "number",
        aliases=("ปีที่อยู่ในชุมชน", "ระยะเวลาดำเนินกิจกรรม"),
        number_format="0.#",
        width=10,
        help="ผู้นำ: อยู่ในชุมชนมากี่ปี; กลุ่ม/เครือข่าย/ชุมชน: ดำเนินกิจกรรมมากี่ปี (หลักเกณฑ์: ไม่น้อยกว่า 1 ปี)",
    ),
    Column(
        "founded",
        "ปีที่ก่อตั้ง (พ.ศ.)",
        "int",
        width=12,
        kinds=_UNITS,
        help="ปี พ.ศ. ที่ก่อตั้งกลุ่ม/เครือข่าย เช่น 2560",
    ),
    Column("members", "จำนวนสมาชิก", "int", width=10, kinds=_UNITS),
    Column("contact", "ผู้ประสานงาน", width=24, kinds=_UNITS, help="ชื่อผู้ประสานงานของกลุ่ม/เครือข่าย/ชุมชน"),
    Column(
        "contact_phone",
        "โทรศัพท์ผู้ประสานงาน",
        "code",
        width=16,
        kinds=_UNITS,
        personal=True,
        help="เอกสารที่พิมพ์แสดงเพียง 4 หลักท้าย",
    ),
)

CANDIDATES = Sheet(
    "candidates",
    "กลุ่มเป้าหมาย",
    (
        Column(
            "id",
            "รหัสกลุ่มเป้าหมาย",
            "code",
            True,
            aliases=("รหัส",),
            width=16,
            help="รหัสไม่ซ้ำกัน เช่น 5707-L01",
        ),
        Column(
            "district",
            "อำเภอ",
            "district",
            True,
            aliases=("รหัสอำเภอ", "ชื่ออำเภอ"),
            width=18,
            help="เลือกชื่ออำเภอ หรือพิมพ์รหัสอำเภอ",
        ),
        Column(
            "kind",
            "ประเภท",
            "kind",
            True,
            KIND_CHOICES,
            width=22,
            help="ผู้นำชุมชน / กลุ่ม/องค์กรชุมชน / เครือข่ายองค์กรชุมชน / ชุมชน",
        ),
        Column("name", "ชื่อ", required=True, aliases=("ชื่อ-สกุล", "ชื่อกลุ่มเป้าหมาย"), width=40),
        Column("place", "ที่ตั้ง (หมู่บ้าน/ตำบล)", aliases=("ที่ตั้ง",), width=30),
        Column(
            "assessed",
            "วันที่ตรวจประเมิน",
            "date",
            number_format="d/m/yyyy",
            width=16,
            help="วันที่คณะกรรมการอำเภอตรวจประเมิน พ.ศ. หรือ ค.ศ. เช่น 10/4/2568",
        ),
        Column("note", "หมายเหตุ", width=24),
        *REGISTER_COLUMNS,
    ),
    note="กลุ่มเป้าหมายที่อำเภอเสนอ หนึ่งแถวต่อหนึ่งราย",
)

INDICATORS = Sheet(
    "indicators",
    "ตัวชี้วัด",
    (
        Column("year", "ปี (พ.ศ.)", "int", True, width=10),
        Column("kind", "ประเภท", "kind", True, KIND_CHOICES, width=22),
        Column("component", "องค์ประกอบ", width=24),
        Column("code", "รหัสตัวชี้วัด", "code", True, width=14),
        Column("text", "ตัวชี้วัด", required=True, width=50),
        Column("min", "คะแนนต่ำสุด", "number", number_format="0.##", width=11),
        Column("max", "คะแนนสูงสุด", "number", True, number_format="0.##", width=11),
        Column("weight", "น้ำหนัก", "number", number_format="0.##", width=9),
        Column(
            "must_pass",
            "ต้องผ่าน",
            "yesno",
            choices=("ใช่", "ไม่ใช่"),
            width=9,
            help="ใช่ = ถ้าคะแนนตัวชี้วัดนี้ต่ำกว่าขั้นต่ำ ถือว่าไม่ผ่าน แม้คะแนนรวมสูง",
        ),
        Column("pass_min", "ขั้นต่ำที่ต้องได้", "number", number_format="0.##", width=12),
    ),
    note="ตัวชี้วัดของแต่ละประเภท ตามหลักเกณฑ์การประเมินของปีนั้น",
)

SCORES = Sheet(
    "scores",
    "คะแนน",
    (
        Column("candidate", "รหัสกลุ่มเป้าหมาย", "code", True, width=16),
        Column("indicator", "รหัสตัวชี้วัด", "code", True, width=14),
        Column("score", "คะแนน", "number", True, number_format="0.##", width=10),
        Column(
            "round",
            "รอบการประเมิน",
            "round",
            choices=tuple(ROUND_TH.values()),
            width=24,
            help="เว้นว่าง = คณะกรรมการอำเภอ",
        ),
    ),
    note="คะแนนของกลุ่มเป้าหมายตามตัวชี้วัด หนึ่งแถวต่อหนึ่งตัวชี้วัดต่อรอบ",
)

CRITERIA = Sheet(
    "criteria",
    "เกณฑ์ผลการประเมิน",
    (
        Column("year", "ปี (พ.ศ.)", "int", True, width=10),
        Column("kind", "ประเภท", "kind", True, KIND_CHOICES, width=22),
        Column(
            "rule",
            "วิธีรวมคะแนน",
            "rule",
            True,
            tuple(RULE_TH.values()),
            width=18,
            help="ผลรวมคะแนน (คะแนน × น้ำหนัก) หรือ ร้อยละถ่วงน้ำหนัก",
        ),
        Column(
            "threshold",
            "คะแนนตั้งแต่",
            "number",
            True,
            number_format="0.##",
            width=12,
            help="ได้คะแนนรวม (หรือร้อยละ) ตั้งแต่ค่านี้ขึ้นไป",
        ),
        Column("result", "ผล", "choice", True, ("ผ่าน", "ไม่ผ่าน"), width=10),
        Column("level", "ระดับ", width=14),
    ),
    note="ตารางตัดสินผล: ช่วงคะแนนรวมต่อประเภท แต่ละแถวคือช่วงที่เริ่มจาก คะแนนตั้งแต่",
)

COMMITTEE = Sheet(
    "committee",
    "คณะกรรมการ",
    (
        Column("no", "ลำดับ", "int", aliases=("ที่",), width=7),
        Column(
            "name",
            "ชื่อ-สกุล",
            required=True,
            aliases=("ชื่อ", "ชื่อกรรมการ"),
            width=28,
            help="ชื่อเต็มพร้อมคำนำหน้า เช่น นายประสงค์ หล้าอ่อน",
        ),
        Column("position", "ตำแหน่ง", width=36, help="ตำแหน่งในหน่วยงาน เช่น เกษตรจังหวัดเชียงราย"),
        Column(
            "role",
            "ตำแหน่งในคณะกรรมการ",
            aliases=("หน้าที่",),
            width=22,
            help="เช่น ประธานกรรมการ / กรรมการ / กรรมการและเลขานุการ / ผู้ช่วยเลขานุการ",
        ),
        Column(
            "attendance",
            "การมาประชุม",
            "choice",
            choices=ATTENDANCE,
            width=13,
            help="มา / ไม่มา / ลา / มอบผู้แทน (เว้นว่างได้ก่อนวันประชุม)",
        ),
        Column("proxy", "ผู้แทน", width=28, help="ชื่อ-สกุลผู้มาประชุมแทน เมื่อ มอบผู้แทน"),
        Column("note", "หมายเหตุ", width=20, help="เหตุที่ไม่มาประชุม เช่น ติดราชการ"),
    ),
    note="รายชื่อคณะกรรมการ และการมาประชุม (ใช้ในรายงานการประชุม) หนึ่งแถวต่อหนึ่งคน",
    landscape=True,
)

CERTIFICATES = Sheet(
    "certificates",
    "ทะเบียนเกียรติบัตร",
    (
        Column("no", "เลขที่", "int", True, width=8),
        Column("id", "รหัส", "code", True, aliases=("รหัสกลุ่มเป้าหมาย",), width=16),
        Column("name", "ชื่อ", width=36),
        Column("district", "อำเภอ", width=16),
        Column("kind", "ประเภท", width=20),
        Column("level", "ระดับ", width=12),
        Column("issued", "วันที่ออก", "date", number_format="d/m/yyyy", width=12),
    ),
    role="log",
    note="ทะเบียนเกียรติบัตร: เลขที่ออกให้ต่อเนื่องทุกครั้งที่พิมพ์เกียรติบัตร (เลขเดิมไม่เปลี่ยน ไม่ใช้ซ้ำ)",
    landscape=True,
)

_COUNT_COLUMNS = tuple(Column(k.value, k.column, "int", width=14) for k in KINDS)

SUMMARY = Sheet(
    "summary",
    "สรุปจำนวน",
    (
        Column("code", "รหัสอำเภอ", "code", width=11),
        Column("name", "อำเภอ", width=18),
        Column("order", "ลำดับนำเสนอ", "int", width=11),
        *_COUNT_COLUMNS,
        Column("total", "รวม", "int", width=9),
        Column("scored", "มีคะแนนครบ", "int", width=12),
        Column("passed", "ผ่านเกณฑ์", "int", width=10),
        Column("certified", "รับรองแล้ว", "int", width=10),
    ),
    role="output",
    note="สรุปจำนวนกลุ่มเป้าหมายรายอำเภอและรายประเภท (คำนวณใหม่ทุกครั้ง ห้ามแก้)",
)

ORDER = Sheet(
    "order",
    "ลำดับการนำเสนอ",
    (
        # as wide as the page (16 cm) at TH SarabunPSK 16 pt: printed at full size
        Column("order", "ลำดับ", width=7),
        Column("name", "อำเภอ", width=13),
        *(Column(c.key, c.header, width=9) for c in _COUNT_COLUMNS),
        Column("total", "รวม", width=7),
        Column("slot", "เวลานำเสนอ", width=19),
    ),
    role="document",
    note="ลำดับการนำเสนอข้อมูลเพื่อสนับสนุนการพัฒนาระบบมาตรฐานการพัฒนาชุมชน (มชช.)",
)
ORDER_GROUP_HEADER = "จำนวนกลุ่มเป้าหมาย"

RSVP = Sheet(
    "rsvp", "แบบตอบรับ", (Column("form", "", width=85),), role="document", note="แบบตอบรับเข้าร่วม"
)

TRACKER = Sheet(
    "tracker",
    "ติดตามการตอบรับ",
    (
        Column("order", "ลำดับนำเสนอ", "int", width=10, output=True),
        Column("code", "รหัสอำเภอ", "code", width=10, output=True),
        Column("name", "อำเภอ", width=16, output=True),
        Column("slot", "เวลานำเสนอ", width=18, output=True),
        Column(
            "status",
            "การตอบรับ",
            "choice",
            choices=("ยังไม่ตอบรับ", "เข้าร่วม", "มอบผู้แทน", "ไม่เข้าร่วม"),
            width=14,
        ),
        Column("date", "วันที่ตอบรับ", "date", number_format="d/m/yyyy", width=12),
        Column("attendee", "ผู้เข้าร่วม", width=26),
        Column("position", "ตำแหน่ง", width=24),
        Column("phone", "โทรศัพท์", "code", width=14),
        Column("note", "หมายเหตุ", width=20),
    ),
    role="tracker",
    note="ติดตามแบบตอบรับ: กรอกคอลัมน์ การตอบรับ ถึง หมายเหตุ (คอลัมน์อื่นคำนวณให้)",
)

AGENDA = Sheet(
    "agenda",
    "ระเบียบวาระ",
    (Column("text", "", width=56), Column("right", "", width=31)),
    role="document",
    note="ระเบียบวาระการประชุม",
)

ISSUES = Sheet(
    "issues",
    "ปัญหาข้อมูล",
    (
        Column("no", "ลำดับ", "int", width=6),
        Column("severity", "ระดับ", width=9),
        Column("code", "รหัสปัญหา", width=10),
        Column("file", "ไฟล์", width=18),
        Column("sheet", "แผ่นงาน", width=14),
        Column("row", "แถว", "int", width=6),
        Column("column", "คอลัมน์", width=8),
        Column("value", "ค่า", width=18),
        Column("message", "ข้อความ", width=48),
        Column("message_en", "English", width=40),
        Column("fix", "วิธีแก้", width=40),
        # an import's problem in both workbooks: the district file's cell, the master's rows
        Column("also", "ตำแหน่งในอีกไฟล์", width=40),
        # (hidden) the key of the candidate or score row a problem stands on: the next run
        # says the same district cell for the same problem on the row of that key, wherever
        # staff moved it (``pipeline.carry_places``)
        Column("row_key", "รหัสแถว", width=20),
    ),
    role="output",
    note="ปัญหาที่พบจากการตรวจข้อมูลครั้งล่าสุด (คำนวณใหม่ทุกครั้ง)",
    landscape=True,
)

IMPORT_LOG = Sheet(
    "import_log",
    "ประวัติการนำเข้า",
    (
        Column("time", "เวลานำเข้า", width=19),
        Column("file", "ไฟล์", width=30),
        Column("sha256", "SHA-256", width=20),
        Column("district", "อำเภอ", width=16),
        Column("code", "รหัสอำเภอ", "code", width=10),
        Column("read", "แถวที่อ่าน", "int", width=10),
        Column("accepted", "รับ", "int", width=8),
        Column(
            "flagged",
            "รับแต่ต้องแก้",
            "int",
            aliases=("ไม่รับ",),
            width=10,
            help="แถวที่อยู่ในสมุดงานหลักแล้วแต่มีข้อผิดพลาด จึงยังไม่นำมาคำนวณ: แก้ในแผ่นงาน",
        ),
        Column("refused", "ไม่รับทั้งไฟล์", "int", width=10),
        Column("status", "สถานะ", width=26),
        Column("note", "หมายเหตุ", width=40),
    ),
    role="log",
    note="ประวัติการนำเข้าไฟล์จากอำเภอ (เพิ่มแถวทุกครั้งที่นำเข้า ห้ามแก้)",
    landscape=True,
)

RESULTS = Sheet(
    "results",
    "ผลการรับรอง",
    (
        Column("no", "ลำดับ", "int", width=6, output=True),
        Column("district", "อำเภอ", width=14, output=True),
        Column("kind", "ประเภท", width=18, output=True),
        Column("id", "รหัสกลุ่มเป้าหมาย", "code", width=14, output=True),
        Column("name", "ชื่อ", width=36, output=True),
        Column("total", "คะแนนรวม", "number", width=10, output=True),
        Column("percent", "ร้อยละ", "number", width=9, output=True),
        Column("result", "ผลการประเมิน", width=12, output=True),
        Column("level", "ระดับ", width=10, output=True),
        Column("failed", "ตัวชี้วัดที่ต้องผ่านแต่ไม่ผ่าน", width=16, output=True),
        Column("improvement", "พัฒนาขึ้น (ร้อยละ)", "number", width=11, output=True),
        Column("decision", "มติที่ประชุม", "choice", choices=DECISIONS, width=14),
        Column("decision_note", "หมายเหตุมติ", width=20),
    ),
    role="tracker",
    note="ผลการรับรอง: เลขานุการกรอกคอลัมน์ มติที่ประชุม (รับรอง / ไม่รับรอง / ให้ปรับปรุง) และหมายเหตุระหว่างประชุม",
    landscape=True,
)
ANNOUNCE = Sheet(
    "announce",
    "ประกาศรับรอง",
    (Column("text", "", width=56), Column("right", "", width=31)),
    role="document",
    note="ประกาศรายชื่อกลุ่มเป้าหมายที่ผ่านการรับรอง",
)

LETTER = Sheet(
    "letter",
    "หนังสือเชิญประชุม",
    (
        Column("label", "", width=17),
        Column("text", "", width=29),
        Column("mid", "", width=22),
        Column("right", "", width=18),
    ),
    role="document",
    note="หนังสือเชิญประชุม (หนังสือภายนอก)",
)
RESOLUTIONS = Sheet(
    "resolutions",
    "มติการประชุม",
    (
        Column("item", "วาระที่", "int", width=8, output=True),
        Column("title", "เรื่อง", width=44, output=True),
        Column(
            "resolution",
            "มติที่ประชุม",
            width=60,
            help="เลขานุการพิมพ์มติของแต่ละวาระ (เก็บไว้ทุกครั้งที่คำนวณใหม่) ใช้ในรายงานการประชุม",
        ),
    ),
    role="tracker",
    note="มติการประชุม: เลขานุการพิมพ์มติของแต่ละวาระในคอลัมน์ มติที่ประชุม แล้วสั่ง mchch-xl minutes",
    landscape=True,
)
SHORTLIST = Sheet(
    "shortlist",
    "คัดเลือกดีเด่น",
    (
        Column("kind", "ประเภท", width=18),
        Column("rank", "อันดับ", "int", width=7),
        Column("id", "รหัสกลุ่มเป้าหมาย", "code", width=14),
        Column("name", "ชื่อ", width=38),
        Column("district", "อำเภอ", width=14),
        Column("level", "ระดับ", width=10),
        Column("percent", "ร้อยละ", "number", width=9),
        Column("total", "คะแนนรวม", "number", width=10),
    ),
    role="output",
    note="รายชื่อที่รับรองแล้ว เรียงตามระดับและคะแนนในแต่ละประเภท เพื่อเสนอคัดสรรกิจกรรมพัฒนาชุมชนดีเด่นปีถัดไป",
    landscape=True,
)

# The year at a glance (mchch-xl status): the steps, then one row per district. The sheet's
# columns are the districts' table; the steps' table above it has its own three headers.
OVERVIEW = Sheet(
    "overview",
    "ภาพรวม",
    (
        Column("code", "รหัสอำเภอ", "code", width=11),
        Column("name", "อำเภอ", width=16),
        Column("submitted", "ส่งข้อมูล", width=11),
        Column("submitted_at", "วันเวลาที่นำเข้า", width=19),
        Column("file", "ไฟล์", width=30),
        Column("candidates", "กลุ่มเป้าหมาย", "int", width=12),
        Column("flagged", "แถวต้องแก้", "int", width=10),
        Column("rsvp", "การตอบรับ", width=14),
    ),
    role="output",
    note="ภาพรวมการดำเนินงานประจำปี: ทำอะไรแล้ว อะไรยังขาด (คำนวณใหม่ทุกครั้ง ห้ามแก้)",
    landscape=True,
)
OVERVIEW_STEP_HEADERS = ("ขั้นตอน", "สถานะ", "รายละเอียด")

INPUT_SHEETS = (SETTINGS, DISTRICTS, CANDIDATES, INDICATORS, CRITERIA, SCORES, COMMITTEE)
OUTPUT_SHEETS = (
    OVERVIEW,
    SUMMARY,
    LETTER,
    ORDER,
    RSVP,
    TRACKER,
    AGENDA,
    RESULTS,
    ANNOUNCE,
    RESOLUTIONS,
    SHORTLIST,
    ISSUES,
)
# the overview first: the sheet a master opens on
ALL_SHEETS = (
    (OVERVIEW,)
    + INPUT_SHEETS
    + (IMPORT_LOG, CERTIFICATES)
    + OUTPUT_SHEETS[OUTPUT_SHEETS.index(OVERVIEW) + 1 :]
)
# Schema sheets added after masters were in use: a master without them still reads and splices
# (its committee is empty; the register is added when the first certificate is numbered).
LATER_SHEETS = (COMMITTEE, CERTIFICATES)

# -- district template workbooks (mchch-xl templates / import) ---------------------------------
TEMPLATE_VERSION = "1"
TEMPLATE_INSTRUCTIONS = Sheet(
    "instructions", "คำแนะนำ", (Column("text", "", width=76),), role="template"
)
# the problems an annotated copy lists (files.writer.annotated_copy): the issues table under the
# copy's own title. The copy is sent back as it is once fixed: an import knows this sheet by its
# title and its header row together and reads nothing of it
TEMPLATE_PROBLEMS = Sheet(
    ISSUES.key,
    "ปัญหาที่พบ",
    ISSUES.columns,
    ISSUES.role,
    "ปัญหาที่พบในไฟล์นี้: แก้เซลล์สีแดงตามวิธีแก้ (สีเหลือง: คำเตือน ให้ตรวจดู) แล้วส่งไฟล์นี้กลับ"
    "ทั้งไฟล์ได้เลย (ไม่ต้องลบแผ่นงานนี้หรือความเห็นในเซลล์ ระบบไม่อ่าน)",
    ISSUES.landscape,
)
TEMPLATE_CANDIDATES = Sheet(
    "t_candidates",
    "กลุ่มเป้าหมาย",
    (
        Column(
            "id",
            "รหัสกลุ่มเป้าหมาย",
            "code",
            True,
            aliases=("รหัส",),
            width=16,
            help="รหัสไม่ซ้ำกัน เช่น 5707-L01 (รหัสอำเภอ-ประเภท ลำดับ)",
        ),
        Column(
            "kind",
            "ประเภท",
            "kind",
            True,
            KIND_CHOICES,
            width=22,
            help="เลือก: ผู้นำชุมชน / กลุ่ม/องค์กรชุมชน / เครือข่ายองค์กรชุมชน / ชุมชน",
        ),
        Column(
            "name",
            "ชื่อ",
            required=True,
            aliases=("ชื่อ-สกุล",),
            width=40,
            help="ชื่อ-สกุล ผู้นำ หรือชื่อกลุ่ม/เครือข่าย/ชุมชน",
        ),
        Column("place", "ที่ตั้ง (หมู่บ้าน/ตำบล)", aliases=("ที่ตั้ง",), width=30),
        Column(
            "assessed",
            "วันที่ตรวจประเมิน",
            "date",
            number_format="d/m/yyyy",
            width=16,
            help="วันที่คณะกรรมการอำเภอตรวจประเมิน พ.ศ. หรือ ค.ศ. เช่น 10/4/2568",
        ),
        Column("note", "หมายเหตุ", width=24),
        *REGISTER_COLUMNS,
    ),
    role="template",
    note="กรอกกลุ่มเป้าหมายที่อำเภอเสนอ หนึ่งแถวต่อหนึ่งราย เริ่มแถวที่ 3",
)
TEMPLATE_META = Sheet(
    "meta",
    "ข้อมูลแบบฟอร์ม",
    (Column("key", "รายการ", width=20), Column("value", "ค่า", width=40)),
    role="template",
)
META_KEYS = (
    "province",
    "fiscal_year",
    "district_code",
    "district_name",
    "template_version",
    "indicator_hash",
)
TEMPLATE_SCORE_PREFIX = "คะแนน-"


def template_score_sheet(kind: Kind, codes: Iterable[str]) -> Sheet:
    """A template's score sheet of one type: candidate id, name, round, then one column per
    indicator code of the year (the master's คะแนน pivoted, ``scores_to_master``)."""
    return Sheet(
        f"t_scores_{kind.value}",
        f"{TEMPLATE_SCORE_PREFIX}{kind.column}",
        (
            Column("id", "รหัสกลุ่มเป้าหมาย", "code", True, width=16),
            Column("name", "ชื่อ (ไม่บังคับ)", width=28),
            Column(
                "round",
                "รอบการประเมิน",
                "round",
                choices=tuple(ROUND_TH.values()),
                width=22,
                help="เว้นว่าง = คณะกรรมการอำเภอ",
            ),
            *(Column(code, code, "number", width=12) for code in codes),
        ),
        role="template",
        note=f"คะแนน{kind.th}",
    )


TEMPLATE_ROWS = 200  # rows prepared (validation, unlocked) in each template table


# -- templates as views of master sheets --------------------------------------------------------
# A district template's candidates sheet is the master's กลุ่มเป้าหมาย without its district column
# (the file's metadata names the district); a template score sheet is คะแนน pivoted: one row per
# candidate and round, one column per indicator code. These functions are the whole mapping.


def candidate_to_master(values: dict, district: str) -> dict:
    """A template candidates row (by key) → a master กลุ่มเป้าหมาย row (by key); ``district`` is
    written as staff pick it from the dropdown (the district's name)."""
    return {**{c.key: values.get(c.key) for c in TEMPLATE_CANDIDATES.columns}, "district": district}


SCORE_FIELD = {"candidate": "id", "round": "round"}  # master คะแนน key → template score key


def scores_to_master(values: dict, indicators: list[str]) -> list[tuple[str | None, dict]]:
    """A template score row → master คะแนน rows, one per indicator with a value, each with the
    template column key it came from. A row with an id but no score at all still lands (one row,
    no indicator) so that the master check names it: nothing read is dropped."""
    out = [
        (
            code,
            {
                "candidate": values.get("id"),
                "indicator": code,
                "score": values[code],
                "round": values.get("round"),
            },
        )
        for code in indicators
        if values.get(code) not in (None, "")
    ]
    if not out:
        out = [
            (
                None,
                {
                    "candidate": values.get("id"),
                    "indicator": None,
                    "score": None,
                    "round": values.get("round"),
                },
            )
        ]
    return out


# Print conventions (official letters): A4, 3 cm left / 2 cm right margins, TH SarabunPSK 16 pt.
FONT_NAME = "TH SarabunPSK"
FONT_SIZE = 16
ROW_HEIGHT = 24  # points: Thai stacked vowels and tone marks at 16 pt need about 24 pt
MARGINS_CM = {"left": 3.0, "right": 2.0, "top": 2.0, "bottom": 2.0}

# -- each year from the last (mchch-xl new --from): the history of certified units ------------
# Not in ALL_SHEETS: only a master started from an earlier year's master holds it (a blank
# master stays as it was); it sits after the schema sheets and recalculation never rewrites it.
HISTORY = Sheet(
    "history",
    "ประวัติการรับรอง",
    (
        Column("year", "ปี (พ.ศ.)", "int", True, width=10),
        Column("id", "รหัสกลุ่มเป้าหมาย", "code", True, width=16),
        Column("name", "ชื่อ", width=36),
        Column("kind", "ประเภท", width=20),
        Column("district_code", "รหัสอำเภอ", "code", width=11),
        Column("district", "อำเภอ", width=16),
        Column("level", "ระดับ", width=12),
    ),
    role="log",
    note="ประวัติการรับรอง: หน่วยที่ได้รับการรับรองในปีก่อน ๆ (เพิ่มต่อทุกปีด้วยคำสั่ง mchch-xl new --from)",
    landscape=True,
)
# the results sheet's last column, shown when the master holds a history
RESULTS_HISTORY = Column("history", "เคยได้รับการรับรอง", width=24, output=True)

# -- the national roll-up workbook (mchch-xl rollup) --------------------------------------------
_PROVINCE_COLUMNS = (
    Column("province_code", "รหัสจังหวัด", "code", width=10),
    Column("province", "จังหวัด", width=16),
    Column("year", "ปี (พ.ศ.)", "int", width=9),
)
ROLLUP_COUNTS = Sheet(
    "rollup_counts",
    "สรุปรายจังหวัด",
    (
        *_PROVINCE_COLUMNS,
        Column("kind", "ประเภท", width=24),
        Column("proposed", "เสนอ", "int", width=9),
        Column("passed", "ผ่านเกณฑ์", "int", width=10),
        Column("certified", "รับรอง", "int", width=9),
    ),
    role="output",
    note="จำนวนกลุ่มเป้าหมายรายจังหวัดและประเภท: เสนอ ผ่านเกณฑ์ รับรอง และรับรองแยกตามระดับ พร้อมรวมทั้งประเทศ",
    landscape=True,
)
ROLLUP_LEVEL_PREFIX = "รับรองระดับ"  # one column per level found in the masters' criteria
# the seed letter's ลำดับการนำเสนอ table at national scale: a province a row, a type a column
ROLLUP_NATIONAL = Sheet(
    "rollup_national",
    "สรุประดับประเทศ",
    (
        *_PROVINCE_COLUMNS,
        *(Column(k.value, k.th, "int", width=14) for k in KINDS),
        Column("total", "รวม", "int", width=9),
    ),
    role="output",
    note="จำนวนกลุ่มเป้าหมายที่จังหวัดเสนอ แยกตามประเภท หนึ่งแถวต่อจังหวัด พร้อมแถวรวมทั้งประเทศของแต่ละปี",
    landscape=True,
)
ROLLUP_STATUS = Sheet(
    "rollup_status",
    "สถานะรายจังหวัด",
    (
        *_PROVINCE_COLUMNS,
        Column("meeting_date", "วันประชุม", width=20),
        Column("status", "สถานะ", width=16),
        Column("proposed", "เสนอ", "int", width=9),
        Column("decided", "มีมติแล้ว", "int", width=10),
        Column("pending", "รอมติ", "int", width=9),
        Column("certified", "รับรอง", "int", width=9),
        Column("issues", "ปัญหาข้อมูลในสมุดงาน", "int", width=14),
        Column("file", "ไฟล์", width=30),
    ),
    role="output",
    note="สถานะการประชุมรายจังหวัด: ยังไม่ประชุม / มีมติครบแล้ว / รอมติ",
    landscape=True,
)
ROLLUP_CANDIDATES = Sheet(
    "rollup_candidates",
    "รายชื่อกลุ่มเป้าหมาย",
    (
        *_PROVINCE_COLUMNS,
        Column("district_code", "รหัสอำเภอ", "code", width=10),
        Column("district", "อำเภอ", width=16),
        Column("kind", "ประเภท", width=20),
        Column("id", "รหัสกลุ่มเป้าหมาย", "code", width=16),
        Column("result", "ผลการประเมิน", width=12),
        Column("level", "ระดับ", width=10),
        Column("decision", "มติที่ประชุม", width=12),
    ),
    role="output",
    note="กลุ่มเป้าหมายทุกรายทุกจังหวัด หนึ่งแถวต่อหนึ่งราย (ไม่มีชื่อบุคคล; เลขประจำตัวประชาชนถูกปิดบัง)",
    landscape=True,
)
ROLLUP_ISSUES_TITLE = "ปัญหาการรวมข้อมูล"


# What a run reads of a master: the input sheets, the output sheets with columns staff type
# (responses, decisions, resolutions), the history of earlier years, and a district template's
# metadata (to refuse a template given as a master). The other output sheets are only written.
RUN_SHEETS = frozenset(
    s.title
    for s in (
        *INPUT_SHEETS,
        IMPORT_LOG,
        TRACKER,
        RESULTS,
        RESOLUTIONS,
        HISTORY,
        TEMPLATE_META,
        ISSUES,  # (the district cells its problems came from, kept until the row is fixed)
    )
)

"""Issues: one located problem each, rendered in Thai then English from one catalogue.

Every message says place, problem, fix. Codes are stable: tests and the issues sheet use them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from string import Formatter
from typing import Any, Iterable


class Severity(StrEnum):
    ERROR = "error"  # the row is left out of the computation
    WARNING = "warning"  # the row is kept (often fixed automatically) but flagged
    INFO = "info"  # a record of what the run did (e.g. the lottery seed it drew)


SEVERITY_TH = {Severity.ERROR: "ผิดพลาด", Severity.WARNING: "คำเตือน", Severity.INFO: "แจ้งให้ทราบ"}


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    th: str
    en: str
    fix: str


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
CATALOGUE: dict[str, IssueType] = {t.code: t for t in (
    IssueType("CELL_001", E, "ไม่ได้กรอก {header}", "Required field '{header}' is empty",
              "กรอก {header} ในแถวนี้"),
    IssueType("CELL_002", E, "{header} ต้องเป็นตัวเลข แต่พบ '{value}'",
              "'{header}' must be a number, found '{value}'", "พิมพ์เป็นตัวเลข เช่น 3 หรือ 4.5"),
    IssueType("CELL_003", W, "{header} พิมพ์ด้วยเลขไทย '{value}' ระบบแปลงเป็น {fixed} ให้แล้ว",
              "'{header}' typed in Thai digits '{value}', normalised to {fixed}",
              "ไม่ต้องแก้ (ครั้งต่อไปพิมพ์เป็นเลขอารบิกได้)"),
    IssueType("CELL_004", W, "{header} มีช่องว่างเกินหรืออักขระที่มองไม่เห็น ระบบตัดออกให้แล้ว",
              "'{header}' had stray spaces or invisible characters; they were removed",
              "ไม่ต้องแก้ (ระวังการคัดลอกจากเว็บหรือ LINE)"),
    IssueType("CELL_005", E, "{header} ไม่ใช่วันที่ที่อ่านได้: '{value}'",
              "'{header}' is not a readable date: '{value}'",
              "พิมพ์วันที่ เช่น 1/5/2568 หรือ 1 พฤษภาคม 2568"),
    IssueType("CELL_006", W, "{header} บันทึกปี พ.ศ. ในช่องวันที่แบบ ค.ศ. ('{value}') ระบบอ่านเป็น {fixed}",
              "'{header}' holds a Buddhist-era year in a Common-era date ('{value}'); read as {fixed}",
              "ไม่ต้องแก้ (ระบบแก้ให้แล้ว)"),
    IssueType("CELL_007", E, "{header} ไม่ใช่เวลาที่อ่านได้: '{value}'",
              "'{header}' is not a readable time: '{value}'", "พิมพ์เวลา เช่น 09.00"),
    IssueType("CELL_008", E, "{header} ต้องเป็นค่าใดค่าหนึ่งใน: {choices} แต่พบ '{value}'",
              "'{header}' must be one of: {choices}; found '{value}'",
              "เลือกจากรายการในช่อง หรือพิมพ์ให้ตรงกับรายการ"),
    IssueType("CELL_009", E, "{header} ไม่ถูกต้อง: '{value}' ({detail})",
              "'{header}' is not valid: '{value}' ({detail_en})", "{fix}"),
    IssueType("CELL_013", W, "{header} ขึ้นต้นด้วย '{first}' ซึ่ง Excel อาจตีความเป็นสูตร ระบบเก็บเป็นข้อความ",
              "'{header}' starts with '{first}', which Excel could take for a formula; kept as text",
              "ตรวจว่าตั้งใจพิมพ์ข้อความนี้ (ไม่ใช่สูตร)"),
    IssueType("CELL_012", E, "{header} {value} อยู่นอกปีงบประมาณ {year} (อาจพิมพ์ปี พ.ศ./ค.ศ. สลับกัน)",
              "'{header}' {value} is outside fiscal year {year} (Buddhist and Common era mixed up?)",
              "พิมพ์วันที่ในปีงบประมาณ {year} เช่น 10/4/{year}"),
    IssueType("ROW_001", E, "รหัสกลุ่มเป้าหมาย '{value}' ซ้ำกับแถว {other_row}",
              "Candidate id '{value}' duplicates row {other_row}",
              "ตั้งรหัสใหม่ให้ไม่ซ้ำ หรือลบแถวที่ซ้ำ"),
    IssueType("ROW_002", E, "รหัสอำเภอ '{value}' ซ้ำกับแถว {other_row}",
              "District code '{value}' duplicates row {other_row}", "ลบแถวที่ซ้ำ"),
    IssueType("ROW_003", E, "คะแนนของ '{candidate}' ตัวชี้วัด '{indicator}' ซ้ำกับแถว {other_row}",
              "Score of '{candidate}' for indicator '{indicator}' duplicates row {other_row}",
              "เก็บไว้แถวเดียว"),
    IssueType("ROW_004", E, "คะแนนต่ำสุด ({min}) มากกว่าคะแนนสูงสุด ({max})",
              "Minimum score ({min}) is above the maximum ({max})", "แก้ช่วงคะแนนให้ถูกต้อง"),
    IssueType("ROW_005", E, "รหัสตัวชี้วัด '{value}' ของปี {year} ซ้ำกับแถว {other_row}",
              "Indicator code '{value}' of year {year} duplicates row {other_row}",
              "ตั้งรหัสตัวชี้วัดให้ไม่ซ้ำ"),
    IssueType("REF_001", E, "ไม่พบอำเภอ '{value}' ในแผ่นงาน {ref_sheet}",
              "District '{value}' is not in sheet '{ref_sheet}'",
              "เลือกอำเภอจากรายการ หรือเพิ่มอำเภอในแผ่นงาน {ref_sheet}"),
    IssueType("REF_002", E, "ไม่พบรหัสกลุ่มเป้าหมาย '{value}' ในแผ่นงาน {ref_sheet}",
              "Candidate id '{value}' is not in sheet '{ref_sheet}'",
              "แก้รหัสให้ตรงกับแผ่นงาน {ref_sheet}"),
    IssueType("REF_003", E, "ไม่พบรหัสตัวชี้วัด '{value}' ของปี {year} ในแผ่นงาน {ref_sheet}",
              "Indicator '{value}' of year {year} is not in sheet '{ref_sheet}'",
              "แก้รหัสให้ตรงกับแผ่นงาน {ref_sheet}"),
    IssueType("REF_004", E, "คะแนน {value} อยู่นอกช่วง {min}–{max} ของตัวชี้วัด '{indicator}'",
              "Score {value} is outside {min}–{max} for indicator '{indicator}'",
              "ใส่คะแนนระหว่าง {min} ถึง {max}"),
    IssueType("REF_005", E, "ตัวชี้วัด '{indicator}' เป็นของประเภท {indicator_kind} แต่กลุ่มเป้าหมาย '{candidate}' เป็นประเภท {candidate_kind}",
              "Indicator '{indicator}' is for {indicator_kind} but candidate '{candidate}' is {candidate_kind}",
              "ใช้ตัวชี้วัดของประเภทเดียวกับกลุ่มเป้าหมาย"),
    IssueType("REF_006", E, "กลุ่มเป้าหมาย '{value}' ไม่ถูกนำมาคำนวณ เพราะข้อมูลในแผ่นงาน {ref_sheet} แถว {other_row} ผิดพลาด",
              "Candidate '{value}' was left out because its row {other_row} in '{ref_sheet}' has errors",
              "แก้แถว {other_row} ในแผ่นงาน {ref_sheet} ก่อน แล้วคะแนนนี้จะถูกนำมาใช้"),
    IssueType("SCO_001", W, "กลุ่มเป้าหมาย '{value}' ยังไม่มีคะแนน{round}ของตัวชี้วัด {missing} ผลการประเมินจึงเป็น ไม่ครบ",
              "Candidate '{value}' has no {round_en} score for {missing}; its result is incomplete",
              "เพิ่มคะแนนในแผ่นงาน คะแนน"),
    IssueType("ORD_001", W, "ลำดับนำเสนอ {value} ของอำเภอ{name} ซ้ำกับแถว {other_row}",
              "Presentation order {value} of {name} duplicates row {other_row}",
              "แก้ลำดับให้ไม่ซ้ำ (ระบบเรียงตามรหัสอำเภอสำหรับลำดับที่ซ้ำ)"),
    IssueType("ORD_002", W, "อำเภอ{name} ยังไม่มีลำดับนำเสนอ ระบบจัดไว้ท้ายตามรหัสอำเภอ",
              "{name} has no presentation order; placed last by district code",
              "กรอกลำดับนำเสนอ หรือเปลี่ยนวิธีจัดลำดับในแผ่นงาน ตั้งค่า"),
    IssueType("ORD_003", I, "จับสลากลำดับการนำเสนอด้วยเลขสุ่ม {value} และบันทึกเลขนี้ไว้ในแผ่นงาน ตั้งค่า",
              "Presentation order drawn by lot with seed {value}, recorded in the settings sheet",
              "ไม่ต้องแก้ (ลบเลขสุ่มออกหากต้องการจับสลากใหม่)"),
    IssueType("SET_001", E, "ไม่พบการตั้งค่า {header}", "Setting '{header}' is missing",
              "เพิ่มแถว {header} ในแผ่นงาน ตั้งค่า"),
    IssueType("SET_002", E, "ช่วงพัก '{value}' อ่านไม่ได้", "Break '{value}' cannot be read",
              "พิมพ์แบบ 12.00-13.00 พักรับประทานอาหารกลางวัน"),
    IssueType("SHEET_001", E, "ไม่พบแผ่นงาน {sheet}", "Sheet '{sheet}' is missing",
              "เพิ่มแผ่นงาน {sheet} (สร้างสมุดงานใหม่ด้วยคำสั่ง mchch-xl new แล้วคัดลอกข้อมูล)"),
    IssueType("SHEET_002", E, "แผ่นงาน {sheet} ไม่มีคอลัมน์ {header}",
              "Sheet '{sheet}' has no column '{header}'", "เพิ่มหัวคอลัมน์ {header} ในแถวหัวตาราง"),
    IssueType("SHEET_003", W, "แผ่นงาน {sheet} มีคอลัมน์ '{value}' ที่ระบบไม่รู้จัก จึงไม่ได้อ่าน",
              "Sheet '{sheet}' has an unknown column '{value}'; it was not read",
              "ลบคอลัมน์ หรือแก้หัวคอลัมน์ให้ตรงกับแบบ"),
    IssueType("FILE_001", E, "เปิดไฟล์ไม่ได้: {detail}", "Cannot open the file: {detail_en}",
              "ตรวจว่าเป็นไฟล์ Excel (.xlsx) ที่ไม่เสียหาย"),
    IssueType("FILE_002", E, "ไฟล์กำลังเปิดอยู่ใน Excel หรือโปรแกรมอื่น",
              "The file is open in Excel or another program", "ปิดไฟล์ใน Excel แล้วลองใหม่"),
    IssueType("FILE_003", E, "บันทึกไฟล์ไม่ได้: {detail}", "Cannot save the file: {detail_en}",
              "ตรวจสิทธิ์การเขียนและพื้นที่ดิสก์ แล้วลองใหม่ (ไฟล์เดิมไม่เปลี่ยนแปลง)"),
    IssueType("FILE_004", E, "ไม่พบไฟล์", "File not found", "ตรวจชื่อและที่อยู่ของไฟล์"),
    IssueType("FILE_010", E, "ไม่ใช่ไฟล์ Excel (.xlsx) ({detail})", "Not an Excel .xlsx workbook ({detail_en})",
              "เปิดไฟล์ใน Excel แล้วบันทึกเป็น สมุดงาน Excel (.xlsx) แล้วส่งใหม่"),
    IssueType("FILE_011", E, "ไฟล์มีแมโคร (VBA) จึงไม่รับ", "Macro-enabled file refused",
              "บันทึกเป็น .xlsx (สมุดงาน Excel ไม่มีแมโคร) แล้วส่งใหม่"),
    IssueType("FILE_012", E, "ไฟล์ถูกเข้ารหัส/ตั้งรหัสผ่าน หรือเป็น .xls รุ่นเก่า", "Encrypted or legacy .xls file refused",
              "เอารหัสผ่านออก แล้วบันทึกเป็น .xlsx ก่อนส่ง"),
    IssueType("FILE_013", E, "ไฟล์ใหญ่เกินไป ({detail})", "File too large ({detail_en})",
              "ตรวจว่าเป็นแบบฟอร์มที่ถูกต้อง ลบข้อมูลหรือรูปภาพที่ไม่เกี่ยวข้อง แล้วส่งใหม่"),
    IssueType("FILE_014", E, "ไฟล์มีโครงสร้างผิดปกติ อาจเป็นไฟล์อันตราย ({detail})",
              "Suspicious archive refused ({detail_en})", "ส่งแบบฟอร์มต้นฉบับที่กรอกแล้วใหม่"),
    IssueType("FILE_015", E, "ไฟล์มี XML ที่ประกาศ DTD/entity ซึ่งไม่อนุญาต", "XML with DTD/entities refused",
              "บันทึกไฟล์ใหม่ด้วย Excel แล้วส่งใหม่"),
    IssueType("FILE_016", E, "ไฟล์เสียหายหรือไม่สมบูรณ์ ({detail})", "Damaged or truncated file ({detail_en})",
              "บันทึกไฟล์ใหม่จาก Excel แล้วส่งใหม่ทั้งไฟล์"),
    IssueType("FILE_017", E, "ไม่ใช่แบบฟอร์มของ มชช. (ไม่พบแผ่นงาน {sheet})", "Not a มชช. template (no sheet '{sheet}')",
              "ใช้แบบฟอร์มที่จังหวัดส่งให้ กรอกแล้วส่งกลับ"),
    IssueType("FILE_018", E, "แผ่นงาน {sheet} มี {value} แถว เกินกว่าที่แบบฟอร์มรับได้ ({limit} แถว)",
              "Sheet '{sheet}' has {value} rows, more than a template takes ({limit})",
              "ลบแถวที่ไม่ใช่ข้อมูลออก แล้วส่งใหม่"),
    IssueType("PKT_001", E, "ไม่พบโปรแกรม LibreOffice ที่ใช้พิมพ์ชุดเอกสารเป็น PDF",
              "LibreOffice (soffice) was not found", "ติดตั้ง LibreOffice (Windows: https://www.libreoffice.org/download/ "
              "ติดตั้งที่ C:\\Program Files\\LibreOffice; Linux: apt-get install libreoffice-calc-nogui) แล้วลองใหม่"),
    IssueType("PKT_002", E, "LibreOffice พิมพ์ PDF ไม่สำเร็จ: {detail}", "LibreOffice failed to print: {detail_en}",
              "ปิด LibreOffice ที่เปิดค้างอยู่ แล้วลองใหม่"),
    IssueType("CRT_001", E, "ยังไม่มีหน่วยงานที่มีมติ รับรอง จึงไม่มีเกียรติบัตรให้พิมพ์",
              "No unit is certified yet: no certificate to print",
              "กรอก รับรอง ในคอลัมน์ มติที่ประชุม ของแผ่นงาน ผลการรับรอง แล้วคำนวณใหม่"),
    IssueType("TPL_001", E, "แบบฟอร์มเป็นของจังหวัด{value} ไม่ใช่จังหวัด{expected}",
              "Template of province '{value}', not '{expected}'", "ใช้แบบฟอร์มของจังหวัด{expected}"),
    IssueType("TPL_002", E, "แบบฟอร์มเป็นของปี {value} ไม่ใช่ปี {expected}",
              "Template of year {value}, not {expected}", "ใช้แบบฟอร์มของปี {expected}"),
    IssueType("TPL_003", E, "แบบฟอร์มรุ่น {value} เก่าหรือไม่ตรงกับรุ่นปัจจุบัน ({expected})",
              "Template version {value} differs from the current one ({expected})",
              "ขอแบบฟอร์มรุ่นใหม่จากจังหวัด แล้วคัดลอกข้อมูลไปกรอก"),
    IssueType("TPL_004", W, "ตัวชี้วัดเปลี่ยนไปหลังจากส่งแบบฟอร์มนี้ ระบบตรวจคะแนนกับตัวชี้วัดปัจจุบัน",
              "The indicator set changed since this template was made; scores checked against the current set",
              "ตรวจคะแนนตามตัวชี้วัดปัจจุบัน หรือขอแบบฟอร์มใหม่"),
    IssueType("TPL_005", E, "ไม่พบรหัสอำเภอ {value} ในสมุดงานหลัก", "District code {value} is not in the master",
              "ใช้แบบฟอร์มของอำเภอตนเองที่จังหวัดส่งให้"),
    IssueType("TPL_006", E, "ชื่อไฟล์ระบุอำเภอรหัส {value} แต่แบบฟอร์มเป็นของอำเภอรหัส {expected}",
              "The file name says district {value} but the template belongs to {expected}",
              "ตรวจว่าส่งไฟล์ของอำเภอที่ถูกต้อง"),
    IssueType("SHEET_004", W, "คอลัมน์ในแผ่นงาน {sheet} ถูกสลับลำดับ ระบบอ่านตามหัวคอลัมน์", 
              "Columns of '{sheet}' were reordered; read by header", "ไม่ต้องแก้ (ครั้งต่อไปอย่าย้ายคอลัมน์)"),
    IssueType("SHEET_005", E, "หัวคอลัมน์ {header} ถูกเปลี่ยนชื่อเป็น '{value}'", "Header '{header}' was renamed to '{value}'",
              "แก้หัวคอลัมน์กลับเป็น {header}"),
    IssueType("CELL_010", E, "มีการผสานเซลล์ {value} ทับข้อมูล", "Merged cells {value} over the data",
              "ยกเลิกการผสานเซลล์ แล้วกรอกค่าให้ครบทุกเซลล์"),
    IssueType("CELL_011", W, "{header} เป็นสูตร ระบบใช้ค่าที่คำนวณแล้ว '{value}'",
              "'{header}' is a formula; its calculated value '{value}' was used", "พิมพ์ค่าแทนสูตร"),
    IssueType("IMP_001", I, "ไฟล์นี้ถูกแทนที่ด้วยไฟล์ที่ใหม่กว่าของอำเภอเดียวกัน ({value})",
              "Superseded by a newer file of the same district ({value})", "ไม่ต้องแก้"),
    IssueType("IMP_002", I, "ไฟล์นี้นำเข้าแล้ว (SHA-256 เดิม) จึงไม่เปลี่ยนแปลงข้อมูล",
              "This file was already imported (same SHA-256); nothing changed", "ไม่ต้องแก้"),
)}


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, params: dict[str, Any]) -> str:
    """str.format that never raises on a missing key or a stray brace."""
    try:
        return Formatter().vformat(template, (), _SafeDict(params))
    except (ValueError, IndexError):
        return template


@dataclass(frozen=True)
class Issue:
    code: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    field: str = ""
    value: str = ""
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def type(self) -> IssueType:
        return CATALOGUE[self.code]

    @property
    def severity(self) -> Severity:
        return self.type.severity

    def _params(self) -> dict[str, Any]:
        return {"value": self.value, "sheet": self.sheet, **dict(self.params)}

    @property
    def message_th(self) -> str:
        return render(self.type.th, self._params())

    @property
    def message_en(self) -> str:
        return render(self.type.en, self._params())

    @property
    def fix(self) -> str:
        return render(self.type.fix, self._params())

    @property
    def where(self) -> str:
        parts = [self.file, self.sheet]
        if self.row:
            parts.append(f"แถว {self.row}")
        if self.column:
            parts.append(f"คอลัมน์ {self.column}")
        return " / ".join(p for p in parts if p)

    def text(self) -> str:
        """One line: place, problem, fix."""
        return f"[{self.where}] {self.message_th} — {self.fix} ({self.message_en})"

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity.value, "file": self.file,
                "sheet": self.sheet, "row": self.row, "column": self.column, "field": self.field,
                "value": self.value, "message": self.message_th, "message_en": self.message_en,
                "fix": self.fix}


def issue(code: str, **kw: Any) -> Issue:
    """Build an Issue: known fields go to the dataclass, the rest become message parameters."""
    assert code in CATALOGUE, code
    own = {k: kw.pop(k) for k in ("file", "sheet", "row", "column", "field") if k in kw}
    value = kw.pop("value", "")
    return Issue(code, value="" if value is None else str(value),
                 params=tuple(sorted((k, v) for k, v in kw.items())), **own)


class FatalError(Exception):
    """A problem that stops the run (unreadable file, master locked); carries its Issue."""

    def __init__(self, item: Issue):
        super().__init__(item.text())
        self.issue = item


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)
    rows_read: Counter = field(default_factory=Counter)
    rows_accepted: Counter = field(default_factory=Counter)

    def add(self, item: Issue) -> None:
        self.issues.append(item)

    def extend(self, items: Iterable[Issue]) -> None:
        self.issues.extend(items)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    def rows_rejected(self, sheet: str) -> int:
        return self.rows_read[sheet] - self.rows_accepted[sheet]

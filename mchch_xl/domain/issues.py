"""Issues: one located problem each, rendered in Thai then English from one catalogue.

Every message says place, problem, fix. Codes are stable: tests and the issues sheet use them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from string import Formatter
from typing import Any, Iterable


class Severity(StrEnum):
    ERROR = "error"  # the row (or the one value, e.g. a decision) is left out: to be fixed
    WARNING = "warning"  # the row is kept (often fixed automatically) but flagged
    INFO = "info"  # a record of what the run did (e.g. the lottery seed it drew)


SEVERITY_TH = {Severity.ERROR: "ผิดพลาด", Severity.WARNING: "คำเตือน", Severity.INFO: "แจ้งให้ทราบ"}
# What exit code 1 means (``Report.exit_code``), said alike in every --help and Excel alert: any
# error, not only one that left a row out (a decision typed wrong, CELL_008 in ผลการรับรอง,
# leaves every row in but is not counted, and must be fixed all the same)
EXIT_1 = "ทำเสร็จ แต่พบข้อผิดพลาดที่ต้องแก้"


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    th: str
    en: str
    fix: str


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
CATALOGUE: dict[str, IssueType] = {
    t.code: t
    for t in (
        IssueType(
            "CELL_001",
            E,
            "ไม่ได้กรอก {header}",
            "Required field '{header}' is empty",
            "กรอก {header} ในแถวนี้",
        ),
        IssueType(
            "CELL_002",
            E,
            "{header} ต้องเป็นตัวเลข แต่พบ '{value}'",
            "'{header}' must be a number, found '{value}'",
            "พิมพ์เป็นตัวเลข เช่น 3 หรือ 4.5",
        ),
        IssueType(
            "CELL_003",
            W,
            "{header} พิมพ์ด้วยเลขไทย '{value}' ระบบแปลงเป็น {fixed} ให้แล้ว",
            "'{header}' typed in Thai digits '{value}', normalised to {fixed}",
            "ไม่ต้องแก้ (ครั้งต่อไปพิมพ์เป็นเลขอารบิกได้)",
        ),
        IssueType(
            "CELL_004",
            W,
            "{header} มีช่องว่างเกินหรืออักขระที่มองไม่เห็น ระบบตัดออกให้แล้ว",
            "'{header}' had stray spaces or invisible characters; they were removed",
            "ไม่ต้องแก้ (ระวังการคัดลอกจากเว็บหรือ LINE)",
        ),
        IssueType(
            "CELL_005",
            E,
            "{header} ไม่ใช่วันที่ที่อ่านได้: '{value}'",
            "'{header}' is not a readable date: '{value}'",
            "พิมพ์วันที่ เช่น 1/5/2568 หรือ 1 พฤษภาคม 2568",
        ),
        IssueType(
            "CELL_006",
            W,
            "{header} บันทึกปี พ.ศ. ในช่องวันที่แบบ ค.ศ. ('{value}') ระบบอ่านเป็น {fixed}",
            "'{header}' holds a Buddhist-era year in a Common-era date ('{value}'); read as {fixed}",
            "ไม่ต้องแก้ (ระบบแก้ให้แล้ว)",
        ),
        IssueType(
            "CELL_007",
            E,
            "{header} ไม่ใช่เวลาที่อ่านได้: '{value}'",
            "'{header}' is not a readable time: '{value}'",
            "พิมพ์เวลา เช่น 09.00",
        ),
        IssueType(
            "CELL_008",
            E,
            "{header} ต้องเป็นค่าใดค่าหนึ่งใน: {choices} แต่พบ '{value}'",
            "'{header}' must be one of: {choices}; found '{value}'",
            "เลือกจากรายการในช่อง หรือพิมพ์ให้ตรงกับรายการ",
        ),
        IssueType(
            "CELL_009",
            E,
            "{header} ไม่ถูกต้อง: '{value}' ({detail})",
            "'{header}' is not valid: '{value}' ({detail_en})",
            "{fix}",
        ),
        IssueType(
            "CELL_013",
            W,
            "{header} ขึ้นต้นด้วย '{first}' ซึ่ง Excel อาจตีความเป็นสูตร ระบบเก็บเป็นข้อความ",
            "'{header}' starts with '{first}', which Excel could take for a formula; kept as text",
            "ตรวจว่าตั้งใจพิมพ์ข้อความนี้ (ไม่ใช่สูตร)",
        ),
        IssueType(
            "CELL_012",
            E,
            "{header} {value} อยู่นอกปีงบประมาณ {year} (อาจพิมพ์ปี พ.ศ./ค.ศ. สลับกัน)",
            "'{header}' {value} is outside fiscal year {year} (Buddhist and Common era mixed up?)",
            "พิมพ์วันที่ในปีงบประมาณ {year} เช่น 10/4/{year}",
        ),
        IssueType(
            "ROW_001",
            E,
            "รหัสกลุ่มเป้าหมาย '{value}' ซ้ำกับแถว {other_row}",
            "Candidate id '{value}' duplicates row {other_row}",
            "ตั้งรหัสใหม่ให้ไม่ซ้ำ หรือลบแถวที่ซ้ำ",
        ),
        IssueType(
            "ROW_002",
            E,
            "รหัสอำเภอ '{value}' ซ้ำกับแถว {other_row}",
            "District code '{value}' duplicates row {other_row}",
            "ลบแถวที่ซ้ำ",
        ),
        IssueType(
            "ROW_003",
            E,
            "คะแนนของ '{candidate}' ตัวชี้วัด '{indicator}' ซ้ำกับแถว {other_row}",
            "Score of '{candidate}' for indicator '{indicator}' duplicates row {other_row}",
            "เก็บไว้แถวเดียว",
        ),
        IssueType(
            "ROW_004",
            E,
            "คะแนนต่ำสุด ({min}) มากกว่าคะแนนสูงสุด ({max})",
            "Minimum score ({min}) is above the maximum ({max})",
            "แก้ช่วงคะแนนให้ถูกต้อง",
        ),
        IssueType(
            "ROW_005",
            E,
            "รหัสตัวชี้วัด '{value}' ของปี {year} ซ้ำกับแถว {other_row}",
            "Indicator code '{value}' of year {year} duplicates row {other_row}",
            "ตั้งรหัสตัวชี้วัดให้ไม่ซ้ำ",
        ),
        IssueType(
            "REF_001",
            E,
            "ไม่พบอำเภอ '{value}' ในแผ่นงาน {ref_sheet}",
            "District '{value}' is not in sheet '{ref_sheet}'",
            "เลือกอำเภอจากรายการ หรือเพิ่มอำเภอในแผ่นงาน {ref_sheet}",
        ),
        IssueType(
            "REF_002",
            E,
            "ไม่พบรหัสกลุ่มเป้าหมาย '{value}' ในแผ่นงาน {ref_sheet}",
            "Candidate id '{value}' is not in sheet '{ref_sheet}'",
            "แก้รหัสให้ตรงกับแผ่นงาน {ref_sheet}",
        ),
        IssueType(
            "REF_003",
            E,
            "ไม่พบรหัสตัวชี้วัด '{value}' ของปี {year} ในแผ่นงาน {ref_sheet}",
            "Indicator '{value}' of year {year} is not in sheet '{ref_sheet}'",
            "แก้รหัสให้ตรงกับแผ่นงาน {ref_sheet}",
        ),
        IssueType(
            "REF_004",
            E,
            "คะแนน {value} อยู่นอกช่วง {min}–{max} ของตัวชี้วัด '{indicator}'",
            "Score {value} is outside {min}–{max} for indicator '{indicator}'",
            "ใส่คะแนนระหว่าง {min} ถึง {max}",
        ),
        IssueType(
            "REF_005",
            E,
            "ตัวชี้วัด '{indicator}' เป็นของประเภท {indicator_kind} แต่กลุ่มเป้าหมาย '{candidate}' เป็นประเภท {candidate_kind}",
            "Indicator '{indicator}' is for {indicator_kind} but candidate '{candidate}' is {candidate_kind}",
            "ใช้ตัวชี้วัดของประเภทเดียวกับกลุ่มเป้าหมาย",
        ),
        IssueType(
            "REF_006",
            E,
            "กลุ่มเป้าหมาย '{value}' ไม่ถูกนำมาคำนวณ เพราะข้อมูลในแผ่นงาน {ref_sheet} แถว {other_row} ผิดพลาด",
            "Candidate '{value}' was left out because its row {other_row} in '{ref_sheet}' has errors",
            "แก้แถว {other_row} ในแผ่นงาน {ref_sheet} ก่อน แล้วคะแนนนี้จะถูกนำมาใช้",
        ),
        IssueType(
            "SCO_001",
            W,
            "กลุ่มเป้าหมาย '{value}' ยังไม่มีคะแนน{round}ที่ใช้ได้ของตัวชี้วัด {missing} ผลการประเมินจึงเป็น ไม่ครบ",
            "Candidate '{value}' has no usable {round_en} score for {missing}; its result is "
            "incomplete",
            "เพิ่มหรือแก้คะแนนในแผ่นงาน {score_sheet}",
        ),
        IssueType(
            "ORD_001",
            W,
            "ลำดับนำเสนอ {value} ของอำเภอ{name} ซ้ำกับแถว {other_row}",
            "Presentation order {value} of {name} duplicates row {other_row}",
            "แก้ลำดับให้ไม่ซ้ำ (ระบบเรียงตามรหัสอำเภอสำหรับลำดับที่ซ้ำ)",
        ),
        IssueType(
            "ORD_002",
            W,
            "อำเภอ{name} ยังไม่มีลำดับนำเสนอ ระบบจัดไว้ท้ายตามรหัสอำเภอ",
            "{name} has no presentation order; placed last by district code",
            "กรอกลำดับนำเสนอ หรือเปลี่ยนวิธีจัดลำดับในแผ่นงาน ตั้งค่า",
        ),
        IssueType(
            "ORD_003",
            I,
            "จับสลากลำดับการนำเสนอด้วยเลขสุ่ม {value} และบันทึกเลขนี้ไว้ในแผ่นงาน ตั้งค่า",
            "Presentation order drawn by lot with seed {value}, recorded in the settings sheet",
            "ไม่ต้องแก้ (ลบเลขสุ่มออกหากต้องการจับสลากใหม่)",
        ),
        IssueType(
            "ORD_005",
            W,
            "การนำเสนอใช้เวลาเกินหนึ่งวัน ตั้งแต่อำเภอ{value} เลื่อนไปวันถัดไป (รวม {days} วัน) เวลาในหนังสือเชิญและระเบียบวาระไม่ครอบคลุมวันที่สองเป็นต้นไป",
            "The presentations run past midnight: from {value} on they move to the next day "
            "({days} days); the letter's and agenda's times cover the first day only",
            "ตรวจเวลาเริ่ม นาทีต่ออำเภอ และช่วงพักในแผ่นงาน ตั้งค่า",
        ),
        IssueType(
            "ORD_004",
            I,
            "ยังไม่ได้จับสลากลำดับการนำเสนอ ลำดับที่แสดงเรียงตามรหัสอำเภอชั่วคราว",
            "The presentation order has not been drawn yet; shown in district-code order for now",
            "สั่ง mchch-xl draw (หรือกดปุ่ม จับสลาก) เพื่อจับสลากและบันทึกเลขสุ่มไว้ แล้วจึงพิมพ์เอกสาร",
        ),
        IssueType(
            "SET_001",
            E,
            "ไม่พบการตั้งค่า {header}",
            "Setting '{header}' is missing",
            "เพิ่มแถว {header} ในแผ่นงาน ตั้งค่า",
        ),
        IssueType(
            "SET_003",
            W,
            "{header} '{value}' {detail} หนังสือเชิญจึงไม่มีตรา",
            "'{header}' '{value}' {detail_en}; the letter prints without it",
            "ระบุที่อยู่ไฟล์รูป PNG หรือ JPEG ที่มีอยู่ หรือเว้นว่างไว้",
        ),
        IssueType(
            "SET_002",
            E,
            "ช่วงพัก '{value}' อ่านไม่ได้",
            "Break '{value}' cannot be read",
            "พิมพ์แบบ 12.00-13.00 พักรับประทานอาหารกลางวัน",
        ),
        IssueType(
            "SHEET_001",
            E,
            "ไม่พบแผ่นงาน {sheet}",
            "Sheet '{sheet}' is missing",
            "แบบฟอร์มของอำเภอ: ใช้แบบฟอร์มต้นฉบับที่จังหวัดส่งให้ แล้วส่งใหม่ทั้งไฟล์; "
            "สมุดงานหลัก: สร้างใหม่ด้วยคำสั่ง mchch-xl new แล้วคัดลอกข้อมูล",
        ),
        IssueType(
            "SHEET_002",
            E,
            "แผ่นงาน {sheet} ไม่มีคอลัมน์ {header}",
            "Sheet '{sheet}' has no column '{header}'",
            "เพิ่มหัวคอลัมน์ {header} ในแถวหัวตาราง",
        ),
        IssueType(
            "SHEET_003",
            W,
            "แผ่นงาน {sheet} มีคอลัมน์ '{value}' ที่ระบบไม่รู้จัก จึงไม่ได้อ่าน{hint}",
            "Sheet '{sheet}' has an unknown column '{value}'; it was not read{hint_en}",
            "ถ้าเป็นคอลัมน์ที่ตั้งใจเพิ่ม ไม่ต้องแก้ (ค่าในคอลัมน์ยังอยู่ครบ แต่ระบบไม่อ่าน) ถ้าพิมพ์หัวคอลัมน์ผิด ให้แก้ให้ตรงกับแบบ",
        ),
        IssueType(
            "FILE_001",
            E,
            "เปิดไฟล์ไม่ได้: {detail}",
            "Cannot open the file: {detail_en}",
            "ตรวจว่าเป็นไฟล์ Excel (.xlsx) ที่ไม่เสียหาย",
        ),
        IssueType(
            "FILE_002",
            E,
            "ไฟล์กำลังเปิดอยู่ใน Excel หรือโปรแกรมอื่น",
            "The file is open in Excel or another program{stale_en}",
            "ปิดไฟล์ใน Excel แล้วลองใหม่{stale}",
        ),
        IssueType(
            "FILE_003",
            E,
            "บันทึกไฟล์ไม่ได้: {detail}",
            "Cannot save the file: {detail_en}",
            "ตรวจสิทธิ์การเขียนและพื้นที่ดิสก์ แล้วลองใหม่ (ไฟล์เดิมไม่เปลี่ยนแปลง)",
        ),
        IssueType("FILE_004", E, "ไม่พบไฟล์", "File not found", "ตรวจชื่อและที่อยู่ของไฟล์"),
        IssueType(
            "FILE_010",
            E,
            "ไม่ใช่ไฟล์ Excel (.xlsx) ({detail})",
            "Not an Excel .xlsx workbook ({detail_en})",
            "เปิดไฟล์ใน Excel แล้วบันทึกเป็น สมุดงาน Excel (.xlsx) แล้วส่งใหม่",
        ),
        IssueType(
            "FILE_011",
            E,
            "ไฟล์มีแมโคร (VBA) จึงไม่รับ",
            "Macro-enabled file refused",
            "บันทึกเป็น .xlsx (สมุดงาน Excel ไม่มีแมโคร) แล้วส่งใหม่",
        ),
        IssueType(
            "FILE_012",
            E,
            "ไฟล์ถูกเข้ารหัส/ตั้งรหัสผ่าน หรือเป็น .xls รุ่นเก่า",
            "Encrypted or legacy .xls file refused",
            "เอารหัสผ่านออก แล้วบันทึกเป็น .xlsx ก่อนส่ง",
        ),
        IssueType(
            "FILE_013",
            E,
            "ไฟล์ใหญ่เกินไป ({detail})",
            "File too large ({detail_en})",
            "ตรวจว่าเป็นแบบฟอร์มที่ถูกต้อง ลบข้อมูลหรือรูปภาพที่ไม่เกี่ยวข้อง แล้วส่งใหม่",
        ),
        IssueType(
            "FILE_014",
            E,
            "ไฟล์มีโครงสร้างผิดปกติ อาจเป็นไฟล์อันตราย ({detail})",
            "Suspicious archive refused ({detail_en})",
            "ส่งแบบฟอร์มต้นฉบับที่กรอกแล้วใหม่",
        ),
        IssueType(
            "FILE_015",
            E,
            "ไฟล์มี XML ที่ประกาศ DTD/entity ซึ่งไม่อนุญาต",
            "XML with DTD/entities refused",
            "บันทึกไฟล์ใหม่ด้วย Excel แล้วส่งใหม่",
        ),
        IssueType(
            "FILE_016",
            E,
            "ไฟล์เสียหายหรือไม่สมบูรณ์ ({detail})",
            "Damaged or truncated file ({detail_en})",
            "บันทึกไฟล์ใหม่จาก Excel แล้วส่งใหม่ทั้งไฟล์",
        ),
        IssueType(
            "FILE_017",
            E,
            "ไม่ใช่แบบฟอร์มของ มชช. (ไม่พบแผ่นงาน {sheet})",
            "Not a มชช. template (no sheet '{sheet}')",
            "ใช้แบบฟอร์มที่จังหวัดส่งให้ กรอกแล้วส่งกลับ",
        ),
        IssueType(
            "FILE_018",
            E,
            "แผ่นงาน {sheet} มี{cell} ที่แถว {line} ไกลเกินกว่าที่แบบฟอร์มรับได้ ({limit} แถว)",
            "Sheet '{sheet}' has {cell_en} at row {line}, beyond the rows a template takes ({limit})",
            "ใน Excel คลิกขวาที่หมายเลขแถว {line} ทางซ้าย แล้วเลือก ลบ (ถ้าใต้ตารางมีหลายแถวที่ไม่ใช่ข้อมูล "
            "ลากเลือกตั้งแต่แถวแรกใต้ข้อมูลถึงแถว {line} แล้วลบทีเดียว) บันทึก แล้วส่งใหม่",
        ),
        IssueType(
            "PKT_001",
            E,
            "ไม่พบโปรแกรม LibreOffice ที่ใช้พิมพ์ชุดเอกสารเป็น PDF",
            "LibreOffice (soffice) was not found",
            "ติดตั้ง LibreOffice (Windows: https://www.libreoffice.org/download/ "
            "ติดตั้งที่ C:\\Program Files\\LibreOffice; Linux: apt-get install libreoffice-calc-nogui) แล้วลองใหม่",
        ),
        IssueType(
            "PKT_002",
            E,
            "LibreOffice พิมพ์ PDF ไม่สำเร็จ: {detail}",
            "LibreOffice failed to print: {detail_en}",
            "ปิด LibreOffice ที่เปิดค้างอยู่ แล้วลองใหม่",
        ),
        IssueType(
            "CRT_001",
            E,
            "ยังไม่มีหน่วยงานที่มีมติ รับรอง จึงไม่มีเกียรติบัตรให้พิมพ์",
            "No unit is certified yet: no certificate to print",
            "กรอก รับรอง ในคอลัมน์ มติที่ประชุม ของแผ่นงาน ผลการรับรอง แล้วคำนวณใหม่",
        ),
        IssueType(
            "DOC_001",
            E,
            "ไม่พบโฟลเดอร์แม่แบบเอกสาร {file}",
            "Templates folder {file} not found",
            "สร้างโฟลเดอร์แม่แบบด้วย mchch-xl documents --export-templates โฟลเดอร์ "
            "แก้ไขแม่แบบใน Word แล้วระบุโฟลเดอร์นั้นด้วย --templates",
        ),
        IssueType(
            "TPL_001",
            E,
            "แบบฟอร์มเป็นของจังหวัด{value} ไม่ใช่จังหวัด{expected}",
            "Template of province '{value}', not '{expected}'",
            "ใช้แบบฟอร์มของจังหวัด{expected}",
        ),
        IssueType(
            "TPL_002",
            E,
            "แบบฟอร์มเป็นของปี {value} ไม่ใช่ปี {expected}",
            "Template of year {value}, not {expected}",
            "ใช้แบบฟอร์มของปี {expected}",
        ),
        IssueType(
            "TPL_003",
            E,
            "แบบฟอร์มรุ่น {value} เก่าหรือไม่ตรงกับรุ่นปัจจุบัน ({expected})",
            "Template version {value} differs from the current one ({expected})",
            "ขอแบบฟอร์มรุ่นใหม่จากจังหวัด แล้วคัดลอกข้อมูลไปกรอก",
        ),
        IssueType(
            "TPL_004",
            W,
            "ตัวชี้วัดเปลี่ยนไปหลังจากส่งแบบฟอร์มนี้ ระบบตรวจคะแนนกับตัวชี้วัดปัจจุบัน",
            "The indicator set changed since this template was made; scores checked against the current set",
            "ตรวจคะแนนตามตัวชี้วัดปัจจุบัน หรือขอแบบฟอร์มใหม่",
        ),
        IssueType(
            "TPL_005",
            E,
            "ไม่พบรหัสอำเภอ {value} ในสมุดงานหลัก",
            "District code {value} is not in the master",
            "ใช้แบบฟอร์มของอำเภอตนเองที่จังหวัดส่งให้",
        ),
        # TPL_005 is a district's form naming no district of the master; this, the officer's
        # --district on the command line naming none
        IssueType(
            "ARG_001",
            E,
            "ไม่พบอำเภอ '{value}' (ที่ระบุด้วย --district) ในแผ่นงาน {sheet} จึงไม่ได้สร้างไฟล์",
            "District '{value}' (given with --district) is not in the sheet '{sheet}'; "
            "nothing was made",
            "ใช้รหัสหรือชื่ออำเภอที่มีในแผ่นงาน {sheet} ({close})",
        ),
        IssueType(
            "ARG_002",
            E,
            "--province ระบุจังหวัด{value} แต่สมุดงานปีก่อนเป็นของจังหวัด{province} จึงไม่ได้สร้างไฟล์",
            "--province names {value} but the previous year's master is {province}'s; "
            "nothing was made",
            "ไม่ต้องระบุ --province เมื่อใช้ --from (สมุดงานใหม่เป็นของจังหวัดเดียวกับปีก่อน) "
            "หรือถ้าต้องการสมุดงานเปล่าของจังหวัด{value} สั่ง mchch-xl new --province {value} --year ปี "
            "โดยไม่ใช้ --from",
        ),
        IssueType(
            "ARG_003",
            W,
            "ปีงบประมาณ {value} ห่างจากปีนี้ (พ.ศ. {now}) เกิน {span} ปี อาจพิมพ์ปีผิด",
            "Fiscal year {value} is more than {span} years from this year ({now}); a typo?",
            "ตรวจปีงบประมาณ ถ้าพิมพ์ผิด สั่ง mchch-xl new อีกครั้งด้วย --year ที่ถูกต้อง และ --force "
            "เพื่อเขียนทับไฟล์นี้",
        ),
        IssueType(
            "TPL_006",
            E,
            "ชื่อไฟล์ระบุอำเภอรหัส {value} แต่แบบฟอร์มเป็นของอำเภอรหัส {expected}",
            "The file name says district {value} but the template belongs to {expected}",
            "ตรวจว่าส่งไฟล์ของอำเภอที่ถูกต้อง",
        ),
        IssueType(
            "SHEET_004",
            W,
            "คอลัมน์ในแผ่นงาน {sheet} ถูกสลับลำดับ ระบบอ่านตามหัวคอลัมน์",
            "Columns of '{sheet}' were reordered; read by header",
            "ไม่ต้องแก้ (ครั้งต่อไปอย่าย้ายคอลัมน์)",
        ),
        IssueType(
            "SHEET_005",
            E,
            "หัวคอลัมน์ {header} ถูกเปลี่ยนชื่อเป็น '{value}'",
            "Header '{header}' was renamed to '{value}'",
            "แก้หัวคอลัมน์กลับเป็น {header}",
        ),
        IssueType(
            "SHEET_006",
            W,
            "ความคิดเห็นในช่องนี้ '{value}' ไม่ได้เก็บไว้ เพราะ{detail} (ยังอยู่ในไฟล์สำรองในโฟลเดอร์ สำรอง)",
            "The comment '{value}' on this cell was not kept: {detail_en} (it is still in the "
            "backup copy in the folder สำรอง)",
            "ย้ายบันทึกไปไว้ในแผ่นงานที่เพิ่มเอง หรือในแผ่นงานข้อมูล (กลุ่มเป้าหมาย คะแนน)",
        ),
        IssueType(
            "SHEET_007",
            W,
            "ค่า '{value}' ในคอลัมน์ '{header}' ที่เพิ่มเอง อยู่ในแถวที่ไม่มี{key} จึงไม่ได้เก็บไว้ (ยังอยู่ในไฟล์สำรองในโฟลเดอร์ สำรอง)",
            "The value '{value}' in the added column '{header}' is on a row without '{key}', so it "
            "was not kept (it is still in the backup copy in the folder สำรอง)",
            "พิมพ์ค่าในแถวของรายการนั้น หรือในแผ่นงานที่เพิ่มเอง",
        ),
        IssueType(
            "SHEET_008",
            E,
            "แผ่นงาน {sheet} ไม่ใช่ของแบบฟอร์ม แต่มีตารางแบบแผ่นงาน {like}: แถวในแผ่นงานนี้จะไม่ถูกนำเข้า จึงไม่รับทั้งไฟล์",
            "Sheet '{sheet}' is not the template's but holds a table like '{like}': its rows "
            "would be read nowhere, so the whole file is refused",
            "ย้ายแถวไปไว้ในแผ่นงาน {like} แล้วลบแผ่นงาน {sheet} แล้วส่งไฟล์ใหม่",
        ),
        IssueType(
            "SHEET_009",
            W,
            "แผ่นงาน {sheet} ไม่ใช่ของแบบฟอร์ม ข้อมูลในแผ่นงานนี้ไม่ได้นำเข้า",
            "Sheet '{sheet}' is not the template's; nothing in it was imported",
            "ถ้ามีข้อมูลที่ต้องส่ง ให้พิมพ์ในแผ่นงานของแบบฟอร์ม",
        ),
        IssueType(
            "SHEET_010",
            W,
            "ค่าที่ระบบปรับรูปแบบให้ (คำเตือนข้างบน) ไม่ได้เขียนกลับลงเซลล์ ยังคงตามที่พิมพ์ เพราะไฟล์มี {value} ซึ่งการเขียนกลับจะทำให้หายไป",
            "The values the checks normalised (warnings above) were not written back and stay as "
            "typed: the file holds {value}, which writing them back would remove",
            "แก้ค่าเหล่านั้นในเซลล์เองตามคำเตือน (ไม่แก้ก็ได้ ผลคำนวณใช้ค่าที่ปรับแล้ว)",
        ),
        IssueType(
            "SHEET_011",
            W,
            "การบันทึกครั้งนี้ต้องเขียนทั้งไฟล์ และส่วนของไฟล์ที่ระบบเก็บไว้ไม่ได้ถูกตัดออก: {value} (ยังอยู่ในไฟล์สำรองในโฟลเดอร์ สำรอง)",
            "This save rewrote the whole file and left out what it cannot keep: {value} (still "
            "in the backup copy in the folder สำรอง)",
            "ถ้ายังต้องใช้ ให้คัดลอกจากไฟล์สำรองกลับมา หรือสร้างใหม่ใน Excel",
        ),
        IssueType(
            "SHEET_012",
            E,
            "หัวคอลัมน์ '{value}' มีสองคอลัมน์ (คอลัมน์ {first} และคอลัมน์นี้) ระบบอ่านเฉพาะคอลัมน์ {first}",
            "Header '{value}' heads two columns ({first} and this one); only {first} is read",
            "รวมค่าไว้ในคอลัมน์เดียว แล้วลบคอลัมน์ที่ซ้ำ (แบบฟอร์มของอำเภอ: แล้วส่งไฟล์ใหม่)",
        ),
        IssueType(
            "SHEET_013",
            W,
            "สูตร '{value}' ในช่องนี้ไม่ได้เก็บไว้ เพราะระบบเขียนแผ่นงาน {sheet} ใหม่จากค่า (ค่าที่คำนวณไว้ยังอยู่ สูตรยังอยู่ในไฟล์สำรองในโฟลเดอร์ สำรอง)",
            "The formula '{value}' in this cell was not kept: '{sheet}' is written anew from values "
            "(its calculated value stays; the formula is in the backup copy in the folder สำรอง)",
            "ใส่สูตรไว้ในแผ่นงานที่เพิ่มเอง ซึ่งระบบไม่เขียนทับ",
        ),
        IssueType(
            "CELL_010",
            E,
            "มีการผสานเซลล์ {value} ทับข้อมูล",
            "Merged cells {value} over the data",
            "ยกเลิกการผสานเซลล์ แล้วกรอกค่าให้ครบทุกเซลล์",
        ),
        IssueType(
            "CELL_011",
            W,
            "{header} เป็นสูตร ระบบใช้ค่าที่คำนวณแล้ว '{value}'",
            "'{header}' is a formula; its calculated value '{value}' was used",
            "พิมพ์ค่าแทนสูตร",
        ),
        IssueType(
            "IMP_001",
            I,
            "ไฟล์นี้ถูกแทนที่ด้วยไฟล์ที่ใหม่กว่าของอำเภอเดียวกัน ({value})",
            "Superseded by a newer file of the same district ({value})",
            "ไม่ต้องแก้",
        ),
        # the national roll-up (mchch-xl rollup)
        IssueType(
            "ROL_001",
            E,
            "ไม่ใช่สมุดงานหลักของ มชช. (ไม่พบแผ่นงาน {value}) จึงไม่นำมารวม",
            "Not a มชช. master (missing sheets: {value}); skipped",
            "ใช้สมุดงานหลักของจังหวัด (สร้างด้วย mchch-xl new) หรือย้ายไฟล์นี้ออกจากโฟลเดอร์",
        ),
        IssueType(
            "ROL_002",
            E,
            "จังหวัด{province} ปี {year} มีสมุดงานหลักมากกว่าหนึ่งไฟล์: {value} และ {other} "
            "จึงไม่นำไฟล์ใดของจังหวัดนี้มารวม",
            "Province '{province}' year {year} has more than one master: {value} and {other}; "
            "none of them was rolled up",
            "เก็บไว้เฉพาะสมุดงานหลักฉบับที่ใช้จริงของจังหวัด แล้วรวมใหม่",
        ),
        IssueType(
            "ROL_003",
            W,
            "{value} เป็นสำเนาเก่ากว่าของสมุดงานหลักเดียวกับ {other} "
            "(บันทึกล่าสุด {when} และ {other_when}) จึงใช้ {other}",
            "{value} is an older copy of the same master as {other} (saved {when} and "
            "{other_when}); {other} was used",
            "ลบหรือย้ายสำเนาเก่าออกจากโฟลเดอร์ (ไม่ต้องแก้ถ้าตั้งใจเก็บไว้)",
        ),
        IssueType(
            "ROL_004",
            E,
            "สมุดงานไม่ระบุ{header}ในแผ่นงาน ตั้งค่า จึงไม่นำมารวม",
            "The master has no '{header}' in its settings sheet; skipped",
            "กรอก{header}ในแผ่นงาน ตั้งค่า แล้วรวมใหม่",
        ),
        IssueType(
            "ROL_005",
            W,
            "สมุดงานหลักมีปัญหาข้อมูล (ผิดพลาด {errors} คำเตือน {warnings} รายการ) "
            "รวมเฉพาะแถวที่ถูกต้อง เหมือนคำสั่ง summary",
            "The master has data issues ({errors} errors, {warnings} warnings); only valid rows "
            "were rolled up, as summary does",
            "เปิดสมุดงานหลัก ดูแผ่นงาน ปัญหาข้อมูล แก้ แล้วรวมใหม่",
        ),
        IssueType(
            "IMP_002",
            I,
            "ไฟล์นี้นำเข้าแล้ว (SHA-256 เดิม) จึงไม่เปลี่ยนแปลงข้อมูล",
            "This file was already imported (same SHA-256); nothing changed",
            "ไม่ต้องแก้",
        ),
        IssueType(
            "IMP_003",
            W,
            "ไฟล์ใหม่ของอำเภอ{district} ไม่มีกลุ่มเป้าหมาย '{value}' ({name}) ที่เคยส่งไว้ "
            "จึงนำออกจากสมุดงานหลัก (ยังอยู่ในไฟล์สำรอง)",
            "The new file of {district} no longer holds candidate '{value}' ({name}); removed from the "
            "master (kept in the backup)",
            "ถ้าไม่ได้ตั้งใจถอนรายชื่อ ให้อำเภอเพิ่มแถวนี้ในไฟล์แล้วส่งใหม่",
        ),
        IssueType(
            "IMP_004",
            E,
            "รหัสกลุ่มเป้าหมาย '{value}' เป็นของอำเภอ{owner} อยู่แล้ว ({place}) จึงไม่รับไฟล์นี้ทั้งไฟล์",
            "Candidate id '{value}' already belongs to {owner} ({place}); the file is refused",
            "ตั้งรหัสใหม่ที่ขึ้นต้นด้วยรหัสอำเภอของตนเอง แล้วส่งไฟล์ใหม่ทั้งไฟล์",
        ),
        IssueType(
            "IMP_005",
            E,
            "รหัสกลุ่มเป้าหมาย '{value}' ขึ้นต้นด้วยรหัสของอำเภอ{owner} ไม่ใช่ของอำเภอนี้ จึงไม่รับไฟล์นี้ทั้งไฟล์",
            "Candidate id '{value}' starts with the code of {owner}, not this district's; "
            "the file is refused",
            "ตั้งรหัสที่ขึ้นต้นด้วย {own}- แล้วส่งไฟล์ใหม่ทั้งไฟล์",
        ),
        IssueType(
            "IMP_006",
            E,
            "ไม่พบไฟล์แบบฟอร์มของอำเภอ (.xlsx) ที่จะนำเข้า",
            "No district file (.xlsx) to import",
            "เลือกไฟล์หรือโฟลเดอร์ที่มีไฟล์ที่อำเภอส่งกลับมา",
        ),
        IssueType(
            "IMP_007",
            W,
            "รหัสกลุ่มเป้าหมาย '{value}' ไม่มีรหัสอำเภอนำหน้า ระบบเติมเป็น {fixed} ให้แล้ว "
            "(คะแนนที่ใช้รหัสเดิมก็ตามไปด้วย)",
            "Candidate id '{value}' lacks its district's code; prefixed to {fixed} "
            "(scores typed with the same id follow it)",
            "ไม่ต้องแก้ (ครั้งต่อไปพิมพ์รหัสเต็ม เช่น {fixed})",
        ),
        IssueType(
            "TPL_007",
            E,
            "ข้อมูลแบบฟอร์มผิดรูป: {detail}",
            "Template metadata is damaged: {detail_en}",
            "ใช้แบบฟอร์มต้นฉบับที่จังหวัดส่งให้ อย่าแก้แผ่นงานที่ซ่อนไว้",
        ),
        IssueType(
            "TPL_008",
            E,
            "ข้อมูลแบบฟอร์มระบุอำเภอรหัส {value} แต่ชื่ออำเภอเป็น '{name}' ซึ่งไม่ตรงกัน",
            "Template metadata names district code {value} but district name '{name}'",
            "ใช้แบบฟอร์มของอำเภอตนเองที่จังหวัดส่งให้",
        ),
        IssueType(
            "TPL_010",
            E,
            "ยังไม่มี{what}ของปี {year} ในแผ่นงาน {sheet} จึงยังทำแบบฟอร์มอำเภอไม่ได้",
            "No {what_en} for {year} in the sheet '{sheet}': district templates cannot be made yet",
            "กรอก{what}ของปี {year} ในแผ่นงาน {sheet} (คัดลอกจากไฟล์ของกรม) "
            "หรือสร้างสมุดงานหลักใหม่ด้วย mchch-xl new --indicators ไฟล์ของกรม "
            "(หรือ --from สมุดงานปีก่อน) แล้วจึงทำแบบฟอร์มอำเภอ",
        ),
        IssueType(
            "FILE_022",
            E,
            "ไฟล์ตัวชี้วัด {file} {detail}",
            "The indicator file {file}: {detail_en}",
            "ใช้ไฟล์ .xlsx ของกรมที่มีแผ่นงาน ตัวชี้วัด และ เกณฑ์ (หรือสมุดงานหลักปีก่อน) แล้วลองใหม่",
        ),
        IssueType(
            "ORD_006",
            E,
            "จับสลากลำดับการนำเสนอไปแล้ว{drawn} (เลขสุ่ม {value}) จึงไม่จับซ้ำ ลำดับเดิมยังใช้อยู่",
            "The presentation order was drawn already{drawn_en} (seed {value}); not drawn again",
            "ถ้าต้องการจับสลากใหม่ ลบค่า เลขสุ่มจับสลาก ในแผ่นงาน ตั้งค่า ก่อน "
            "แล้วสั่ง mchch-xl draw (หรือกดปุ่ม จับสลาก) อีกครั้ง",
        ),
        IssueType(
            "ORD_007",
            E,
            "วิธีจัดลำดับการนำเสนอเป็น {value} ไม่ใช่ จับสลาก จึงไม่จับสลาก (ไม่ได้แก้ไขไฟล์)",
            "The presentation order is set to '{value}', not by lot: nothing was drawn "
            "(the file was not changed)",
            "วิธีอื่นไม่ต้องจับสลาก ถ้าจังหวัดจัดลำดับด้วยการจับสลาก เปลี่ยน วิธีจัดลำดับการนำเสนอ "
            "ในแผ่นงาน ตั้งค่า เป็น จับสลาก แล้วสั่ง mchch-xl draw (หรือกดปุ่ม จับสลาก) อีกครั้ง",
        ),
        IssueType(
            "TPL_009",
            E,
            "แบบฟอร์มยังไม่มีข้อมูลกลุ่มเป้าหมายหรือคะแนน จึงไม่รับ (ข้อมูลเดิมของอำเภอไม่เปลี่ยน)",
            "The template holds no candidate or score; refused (the district's rows are unchanged)",
            "กรอกข้อมูลในแผ่นงาน กลุ่มเป้าหมาย และคะแนน แล้วส่งไฟล์ใหม่ (ถ้าต้องการถอนทุกรายชื่อ แจ้งจังหวัด)",
        ),
        IssueType(
            "CELL_014",
            W,
            "{header} มีอักขระควบคุมหรืออักขระกลับทิศทางข้อความ ({detail}) ระบบตัดออกให้แล้ว",
            "'{header}' held control or bidirectional-override characters ({detail}); removed",
            "ตรวจข้อความอีกครั้ง (อักขระเหล่านี้มักติดมาจากการคัดลอก)",
        ),
        IssueType(
            "CELL_015",
            E,
            "{header} ยาว {length} อักขระ ถึงหรือเกินขีดจำกัดของ Excel (32,767) "
            "เซลล์เก็บได้เพียง 32,767 อักขระแรก จึงไม่นำแถวนี้มาคำนวณ",
            "'{header}' is {length} characters long, at or over Excel's limit (32,767); a cell "
            "keeps the first 32,767 only; row left out",
            "ย่อข้อความให้สั้นลง",
        ),
        IssueType(
            "CELL_016",
            E,
            "{header} เป็นค่าผิดพลาดของ Excel '{value}' ไม่ใช่ข้อมูล",
            "'{header}' holds the Excel error value '{value}', not data",
            "แก้สูตรหรือพิมพ์ค่าที่ถูกต้องแทน",
        ),
        IssueType(
            "CELL_017",
            W,
            "{header} มีเครื่องหมายคั่นหลักพัน '{value}' ระบบอ่านเป็น {fixed}",
            "'{header}' has thousands separators '{value}'; read as {fixed}",
            "ไม่ต้องแก้ (ตรวจว่าไม่ได้ตั้งใจพิมพ์ทศนิยม)",
        ),
        IssueType(
            "CELL_018",
            W,
            "{header} เป็นสูตร '{value}' ที่ไม่มีค่าที่คำนวณไว้ (ไฟล์ไม่ได้บันทึกด้วย Excel) ระบบเก็บสูตรไว้เป็นข้อความ",
            "'{header}' is a formula '{value}' with no calculated value (the file was not saved "
            "by Excel); kept as text",
            "พิมพ์ค่าแทนสูตร แล้วส่งไฟล์ใหม่",
        ),
        IssueType(
            "CELL_019",
            W,
            "{header} เป็นสูตรที่ไม่มีค่าที่คำนวณไว้ (ไฟล์ไม่ได้บันทึกด้วย Excel) ช่องนี้จึงว่าง",
            "'{header}' is a formula with no calculated value (the file was not saved by Excel); "
            "the cell is empty",
            "พิมพ์ค่าแทนสูตร แล้วส่งไฟล์ใหม่",
        ),
        IssueType(
            "CELL_020",
            W,
            "{header} พิมพ์เป็นข้อความ '{value}' ระบบเก็บเป็นตัวเลข {fixed}",
            "'{header}' was typed as the text '{value}'; stored as the number {fixed}",
            "ไม่ต้องแก้ (ตรวจว่าตัวเลขถูกต้อง)",
        ),
        IssueType(
            "CELL_021",
            W,
            "{header} มีอักขระที่หน้าตาเหมือนตัวอักษรอื่น '{value}' (ตัวเต็มความกว้าง หรือขีดพิเศษ) ระบบแปลงเป็น {fixed} ให้แล้ว",
            "'{header}' has look-alike characters '{value}' (full-width forms or special dashes); "
            "normalised to {fixed}",
            "ไม่ต้องแก้ (ครั้งต่อไปพิมพ์ด้วยแป้นภาษาอังกฤษและเครื่องหมายลบ -)",
        ),
        IssueType(
            "CELL_022",
            W,
            "{header} คำนวณจากสมุดงานอื่น{workbook} ด้วยสูตร '{formula}' ระบบไม่เปิดไฟล์นั้น "
            "จึงใช้ค่าที่คำนวณไว้ล่าสุดในไฟล์นี้ '{value}' ซึ่งอาจไม่ตรงกับไฟล์นั้นในตอนนี้",
            "'{header}' is computed from another workbook{workbook} by '{formula}'; that file is "
            "never opened: the value last calculated in this file, '{value}', was used",
            "ตรวจค่า แล้วพิมพ์ค่าแทนสูตร (คัดลอก แล้ววางแบบ ค่า) แล้วส่งไฟล์ใหม่",
        ),
        IssueType(
            "FILE_023",
            W,
            "ไฟล์มีโครงการแมโคร (VBA) อยู่ในส่วน {value} ระบบอ่านเฉพาะค่าในเซลล์ ไม่เรียกใช้แมโคร "
            "และไม่นำส่วนนี้ไปไว้ในสำเนาที่ระบบเขียน",
            "The file carries a macro (VBA) project in the part {value}; only cell values were "
            "read, no macro was run, and no copy written here carries that part",
            "บันทึกไฟล์ใหม่เป็น สมุดงาน Excel (.xlsx) จากแบบฟอร์มต้นฉบับ (ไม่มีแมโคร) ครั้งต่อไป",
        ),
        IssueType(
            "FILE_005",
            E,
            "ไฟล์ถูกตั้งเป็นแบบอ่านอย่างเดียว จึงบันทึกไม่ได้ (ไม่ได้สร้างไฟล์สำรองใหม่)",
            "The file is read-only; nothing was saved (no new backup made)",
            "คลิกขวาที่ไฟล์ > Properties > เอาเครื่องหมาย Read-only ออก หรือคัดลอกไฟล์ไปที่อื่น แล้วลองใหม่",
        ),
        IssueType(
            "FILE_019",
            E,
            "แผ่นงาน {sheet} มีเซลล์ที่ {value} ไกลเกินกว่าที่รับได้ ({limit})",
            "Sheet '{sheet}' has a cell at {value}, beyond what a workbook here may hold ({limit})",
            "ลบเซลล์ {value}: ใน Excel คลิกขวาที่หัวคอลัมน์ของเซลล์นั้น (หรือหมายเลขแถวของเซลล์นั้น) "
            "แล้วเลือก ลบ กด Ctrl+End เพื่อตรวจว่าไม่มีเซลล์ไกลเหลืออยู่ แล้วบันทึก (แบบฟอร์มของอำเภอ: ส่งใหม่)",
        ),
        IssueType(
            "FILE_020",
            E,
            "ไม่ใช่สมุดงานหลักของ มชช. ({detail}) จึงไม่แก้ไขไฟล์นี้",
            "Not a มชช. master workbook ({detail_en}); the file was not changed",
            "เปิดสมุดงานหลัก (สร้างด้วย mchch-xl new) แล้วลองใหม่",
        ),
        IssueType(
            "FILE_021",
            E,
            "สมุดงานเปิดจาก OneDrive/SharePoint และหาโฟลเดอร์ที่ซิงก์ไว้ในเครื่องไม่พบ "
            "จึงไม่รู้ว่าจะเขียนไฟล์ไว้ที่ใด (ไม่ได้เขียนไฟล์ใด)",
            "The workbook was opened from OneDrive/SharePoint and its synced folder on this PC "
            "was not found; nothing was written",
            "เปิดสมุดงานจากโฟลเดอร์ OneDrive ใน File Explorer หรือคัดลอกไปไว้ในโฟลเดอร์ในเครื่อง "
            "เช่น C:\\มชช แล้วกดปุ่มอีกครั้ง",
        ),
        IssueType(
            "OUT_001",
            W,
            "มติที่ประชุมของ '{value}' ไม่ตรงกับกลุ่มเป้าหมายใดที่นำมาคำนวณ จึงเก็บไว้ท้ายตาราง",
            "The decision for '{value}' matches no candidate in the computation; kept at the end",
            "แก้รหัสกลุ่มเป้าหมาย หรือแก้แถวของกลุ่มเป้าหมายนี้ในแผ่นงาน กลุ่มเป้าหมาย",
        ),
        # -- the committee (คณะกรรมการ) and the certificate register (ทะเบียนเกียรติบัตร) --
        IssueType(
            "COM_001",
            W,
            "{header} ของ {name} ต้องเป็นค่าใดค่าหนึ่งใน: {choices} แต่พบ '{value}' "
            "จึงยังไม่นับเป็นผู้มาหรือผู้ไม่มาประชุม",
            "'{header}' of {name} must be one of: {choices}; found '{value}', so they are "
            "counted neither present nor absent",
            "เลือกจากรายการในช่อง (เว้นว่างได้ถ้ายังไม่ประชุม) เหตุที่ไม่มาให้พิมพ์ในคอลัมน์ หมายเหตุ",
        ),
        IssueType(
            "COM_002",
            W,
            "{name} มอบผู้แทน แต่ไม่ได้กรอก {header}",
            "{name} sent a stand-in but '{header}' is empty",
            "กรอกชื่อ-สกุลของผู้มาประชุมแทนในคอลัมน์ {header}",
        ),
        IssueType(
            "CRT_002",
            E,
            "{header} '{value}' ไม่ใช่เลขจำนวนเต็ม จึงออกเลขที่เกียรติบัตรต่อไม่ได้ (ไม่ได้แก้ไขไฟล์)",
            "'{header}' '{value}' is not a whole number, so no certificate could be numbered "
            "(the file was not changed)",
            "แก้เป็นเลขจำนวนเต็ม เช่น 12 (หรือลบแถวที่พิมพ์ผิด) แล้วลองใหม่",
        ),
        # -- the register: national ID (values always masked: x-xxxx-xxxxx-12-3) and eligibility --
        IssueType(
            "PID_001",
            E,
            "{header} ไม่ถูกต้อง: {detail} ('{value}')",
            "'{header}' is not a valid national ID: {detail_en} ('{value}')",
            "ตรวจเลข 13 หลักจากบัตรประจำตัวประชาชนอีกครั้ง แล้วพิมพ์ใหม่ เช่น 1-2345-67890-12-3",
        ),
        IssueType(
            "PID_002",
            W,
            "{header} '{value}' ซ้ำกับกลุ่มเป้าหมายแถว {other_row} ({other})",
            "National ID '{value}' duplicates the candidate in row {other_row} ({other})",
            "ตรวจว่าเสนอบุคคลเดียวกันซ้ำหรือพิมพ์เลขผิด แล้วแก้ให้เหลือรายเดียว",
        ),
        IssueType(
            "PID_003",
            E,
            "{header} ถูกปิดบังไว้ ('{value}') จึงใช้แทนเลขจริงไม่ได้",
            "'{header}' is masked ('{value}') and cannot stand for the real number",
            "พิมพ์เลขเต็ม 13 หลักจากต้นฉบับของอำเภอ (ไฟล์ ตรวจแล้ว แสดงเพียง 3 หลักท้าย)",
        ),
        IssueType(
            "PID_004",
            W,
            "{header} กรอกไว้สำหรับประเภท {kind} ซึ่งไม่ต้องใช้ (เก็บเฉพาะผู้นำชุมชน)",
            "'{header}' given for a {kind_en}; it is collected for community leaders only",
            "ลบเลขออก: เก็บข้อมูลส่วนบุคคลเท่าที่จำเป็น (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล)",
        ),
        IssueType(
            "PID_005",
            W,
            "{header} ถูกจัดรูปแบบใหม่ (เลขไทย/ขีด/ช่องว่าง) เป็นเลข 13 หลัก ('{value}')",
            "'{header}' normalised to 13 digits (Thai digits, dashes or spaces removed) ('{value}')",
            "ไม่ต้องแก้",
        ),
        IssueType(
            "ELG_001",
            W,
            "ผู้นำชุมชน '{value}' อยู่ในชุมชน {years} ปี น้อยกว่า 1 ปี ตามหลักเกณฑ์",
            "Leader '{value}' has lived in the community {years} years, under the 1 year required",
            "ตรวจระยะเวลาในชุมชน หรือเสนอในปีถัดไป",
        ),
        IssueType(
            "ELG_002",
            W,
            "{kind} '{value}' ดำเนินกิจกรรมมา {years} ปี น้อยกว่า 1 ปี ตามหลักเกณฑ์",
            "{kind_en} '{value}' has been active {years} years, under the 1 year required",
            "ตรวจระยะเวลาดำเนินกิจกรรมหรือปีที่ก่อตั้ง หรือเสนอในปีถัดไป",
        ),
    )
}


# The catalogue's codes as an Enum (pyxform's error catalogue is one): code says
# ``issue(IssueCode.CELL_002, ...)``; a StrEnum, so a code still equals its text in tests, JSON
# and the issues sheet. Made from the catalogue, so no code is declared twice (about 1 ms).
IssueCode = StrEnum("IssueCode", {code: code for code in CATALOGUE})


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return ""


_BRACES = re.compile(r"\{[^{}]*\}")
_EMPTY = re.compile(r"\(\s*\)|''|\[\s*\]")
_GAPS = re.compile(r"[ \t]{2,}")


def render(template: str, params: dict[str, Any]) -> str:
    """str.format that never raises and never shows a ``{placeholder}``: a missing parameter
    (or ``None``) renders as nothing, and the gaps it leaves are folded."""
    values = _SafeDict({k: "" if v is None else v for k, v in params.items()})
    try:
        text = Formatter().vformat(template, (), values)
    except (ValueError, IndexError, KeyError, AttributeError):
        text = _BRACES.sub("", template)
    return _GAPS.sub(" ", _EMPTY.sub("", text)).strip()


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
    # the same problem's place in the other workbook of an import, said with it: on the master's
    # row, the district file's cell it came from; on the district's cell, the master's rows
    also: str = ""

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
        fix = f" — {self.fix}" if self.fix else ""
        english = f" ({self.message_en})" if self.message_en else ""
        where = f"{self.where}; {self.also}" if self.also else self.where
        return f"[{where}] {self.message_th}{fix}{english}"


def issue(code: IssueCode, **kw: Any) -> Issue:
    """Build an Issue: known fields go to the dataclass, the rest become message parameters."""
    code = IssueCode(code)  # an unknown code is a programming error: ValueError, in the tests
    own = {k: kw.pop(k) for k in ("file", "sheet", "row", "column", "field", "also") if k in kw}
    value = kw.pop("value", "")
    return Issue(
        code,
        value="" if value is None else str(value),
        params=tuple(sorted((k, v) for k, v in kw.items())),
        **own,
    )


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

    def exit_code(self, strict: bool = False) -> int:
        """The command line's exit code for a run that was done: 0 (warnings are printed,
        their rows kept), 1 when there is any error, whether it left a row out or only a
        value (a decision typed wrong), or, with ``strict``, any problem at all (an error or
        a warning). 2, could not run, is a FatalError's."""
        return 1 if self.errors or (strict and self.warnings) else 0

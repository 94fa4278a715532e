"""The issue-code catalogue as a page: docs/checks.md, made from mchch_xl/domain/issues.py.

python docs/checks.py            (writes docs/checks.md; tests/test_guide.py keeps it current)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from mchch_xl.domain.issues import CATALOGUE, SEVERITY_TH  # noqa: E402

HEAD = """# รหัสปัญหา (the checks catalogue)

ทุกปัญหาที่การตรวจรายงาน: รหัส ระดับ (ผิดพลาด = ไม่นับแถวนั้น, คำเตือน = นับแต่แจ้งไว้, แจ้งให้ทราบ = บันทึกสิ่งที่ทำ)
ข้อความภาษาไทย ภาษาอังกฤษ และวิธีแก้ `{…}` คือค่าที่เติมจากแถวนั้น (ชื่อคอลัมน์ ค่าที่พิมพ์ …)
หน้านี้สร้างจาก `CATALOGUE` ใน `mchch_xl/domain/issues.py` ด้วย `python docs/checks.py` อย่าแก้ด้วยมือ
"""


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def page() -> str:
    rows = ["| รหัส | ระดับ | ข้อความ | English | วิธีแก้ |", "|---|---|---|---|---|"]
    for code, t in CATALOGUE.items():
        rows.append(
            f"| `{code}` | {SEVERITY_TH[t.severity]} | {cell(t.th)} | {cell(t.en)} | {cell(t.fix)} |"
        )
    return HEAD + "\n" + "\n".join(rows) + "\n"


if __name__ == "__main__":
    (ROOT / "docs" / "checks.md").write_text(page(), encoding="utf-8")

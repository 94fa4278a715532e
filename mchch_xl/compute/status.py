"""The year at a glance (mchch-xl status, the sheet ภาพรวม): the year's steps, done or what is
missing, and each district's submission, candidates, rows flagged and RSVP. Pure: it reads the
checked data (with the import log and what was made beside the master, ``MasterData.imports``
and ``made``), the results and the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mchch_xl.domain.issues import Report
from mchch_xl.domain.model import INCOMPLETE, ORDER_POLICY_TH, MasterData, OrderPolicy

# the import log's statuses of a file whose rows are in the master (flows.consolidate)
SUBMITTED = ("รับทั้งหมด", "รับแล้ว มีแถวต้องแก้", "รับบางส่วน", "นำเข้าแล้ว ไม่เปลี่ยนแปลง")
NOT_ANSWERED = ("", "ยังไม่ตอบรับ")
# what the letter, agenda and RSVP forms need from the settings sheet
DOCUMENT_SETTINGS = (
    ("meeting_date", "วันประชุม"),
    ("venue", "สถานที่ประชุม"),
    ("coordinator", "ผู้ประสานงาน"),
    ("signatory", "ผู้ลงนาม"),
)
LISTED = 6  # names listed in a step's detail before "และอีก n"


@dataclass(frozen=True)
class Step:
    name: str
    done: bool
    detail: str


@dataclass(frozen=True)
class DistrictStatus:
    code: str
    name: str
    submitted: bool
    submitted_at: str | None  # the import log's time of the latest file taken, as logged
    file: str | None
    candidates: int
    flagged: int  # rows flagged in that file when it was imported
    rsvp: str | None  # the tracker's การตอบรับ, as typed


@dataclass(frozen=True)
class YearStatus:
    province: str
    year: int
    steps: tuple[Step, ...]
    districts: tuple[DistrictStatus, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``mchch-xl status --json``: exactly ``districts`` and ``steps``."""
        return {
            "districts": [
                {
                    "code": d.code,
                    "name": d.name,
                    "submitted": d.submitted,
                    "submitted_at": d.submitted_at,
                    "candidates": d.candidates,
                    "flagged": d.flagged,
                    "rsvp": d.rsvp,
                }
                for d in self.districts
            ],
            "steps": [{"name": s.name, "done": s.done, "detail": s.detail} for s in self.steps],
        }


def _names(names: list[str]) -> str:
    more = len(names) - LISTED
    return ", ".join(names[:LISTED]) + (f" และอีก {more} อำเภอ" if more > 0 else "")


def _int(value: Any) -> int:
    try:
        return int(float(str(value)))
    except (TypeError, ValueError):
        return 0


def year_status(data: MasterData, results, report: Report) -> YearStatus:
    """The steps and the districts of the year, from what the master holds now."""
    s = data.settings
    year = s.fiscal_year
    latest: dict[str, dict] = {}
    for row in data.imports:  # oldest first: the last file taken is the one that counts
        if row.get("status") in SUBMITTED and row.get("code") is not None:
            latest[str(row["code"])] = row
    counts = {c.code: c.total for c in results.counts}
    districts = tuple(
        DistrictStatus(
            d.code,
            d.name,
            d.code in latest,
            str(latest[d.code]["time"]) if d.code in latest else None,
            str(latest[d.code]["file"]) if d.code in latest else None,
            counts.get(d.code, 0),
            _int(latest[d.code].get("flagged")) if d.code in latest else 0,
            str(data.responses.get(d.code, {}).get("status") or "") or None,
        )
        for d in data.districts
    )
    steps: list[Step] = []

    missing = [label for key, label in DOCUMENT_SETTINGS if not getattr(s, key)]
    steps.append(
        Step(
            "ตั้งค่าการประชุมและหน่วยงาน",
            not missing,
            (
                "ยังไม่ได้กรอก " + ", ".join(missing) + " ในแผ่นงาน ตั้งค่า"
                if missing
                else f"จังหวัด{s.province} ปี {year}: กรอกครบแล้ว"
            ),
        )
    )

    inds = [i for i in data.indicators if i.year == year]
    crit = [c for c in data.criteria if c.year == year]
    lacking = [w for w, rows in (("ตัวชี้วัด", inds), ("เกณฑ์ผลการประเมิน", crit)) if not rows]
    steps.append(
        Step(
            "ตัวชี้วัดและเกณฑ์ของปี",
            not lacking,
            (
                f"ยังไม่มี{' และ'.join(lacking)}ของปี {year}: กรอกในแผ่นงาน หรือใช้ "
                "mchch-xl new --indicators ไฟล์ของกรม"
                if lacking
                else f"ตัวชี้วัด {len(inds)} ข้อ, เกณฑ์ {len(crit)} แถว"
            ),
        )
    )

    forms = data.made.get("forms", ())
    # forms of another year or province in the same folder (last year's) are not this year's
    others = len(data.made.get("other_forms", ()))
    not_counted = f" (ไม่นับแบบฟอร์มของปีหรือจังหวัดอื่น {others} ไฟล์)" if others else ""
    sent = [d for d in districts if d.submitted]
    steps.append(
        Step(
            "ทำแบบฟอร์มอำเภอ",
            bool(forms or sent),
            (
                f"พบแบบฟอร์ม {len(forms)} ไฟล์ ในโฟลเดอร์ แบบฟอร์มอำเภอ ข้างสมุดงาน" + not_counted
                if forms
                else "มีอำเภอส่งแบบฟอร์มกลับแล้ว"
                if sent
                else "ยังไม่พบแบบฟอร์มในโฟลเดอร์ แบบฟอร์มอำเภอ ข้างสมุดงาน"
                + not_counted
                + ": mchch-xl templates"
            ),
        )
    )

    waiting = [d.name for d in districts if not d.submitted]
    steps.append(
        Step(
            "อำเภอส่งข้อมูล",
            bool(districts) and not waiting,
            f"ส่งแล้ว {len(sent)} จาก {len(districts)} อำเภอ"
            + (f"; ยังไม่ส่ง: {_names(waiting)}" if waiting else ""),
        )
    )

    left_out = sum(report.rows_rejected(t) for t in report.rows_read)
    steps.append(
        Step(
            "ตรวจข้อมูล",
            not report.errors and not report.warnings,
            f"ผิดพลาด {len(report.errors)} รายการ, คำเตือน {len(report.warnings)} รายการ, "
            f"แถวที่ไม่ได้นำมาคำนวณ {left_out} แถว (ดูแผ่นงาน ปัญหาข้อมูล)",
        )
    )

    if s.order_policy is OrderPolicy.LOTTERY:
        drawn = s.lottery_seed is not None
        who = " ".join(x for x in (s.lottery_drawn_at, s.lottery_drawn_by) if x)
        detail = (
            f"จับสลากแล้ว (เลขสุ่ม {s.lottery_seed}{', ' + who if who else ''})"
            if drawn
            else "ยังไม่ได้จับสลาก: ลำดับตามรหัสอำเภอชั่วคราว (mchch-xl draw หรือปุ่ม จับสลาก)"
        )
    else:
        drawn, detail = True, ORDER_POLICY_TH[s.order_policy]
    steps.append(Step("ลำดับการนำเสนอ", drawn and bool(results.slots), detail))

    presenting = [d for d in districts if d.candidates]
    unanswered = [d.name for d in presenting if (d.rsvp or "") in NOT_ANSWERED]
    steps.append(
        Step(
            "การตอบรับเข้าร่วมประชุม",
            bool(presenting) and not unanswered,
            (
                f"ตอบรับแล้ว {len(presenting) - len(unanswered)} จาก {len(presenting)} อำเภอ"
                + (f"; ยังไม่ตอบรับ: {_names(unanswered)}" if unanswered else "")
                if presenting
                else "ยังไม่มีอำเภอที่นำเสนอ"
            ),
        )
    )

    evaluated = [e for e in results.certification.evaluations if e.result != INCOMPLETE]
    decided = [e for e in results.certification.evaluations if e.decision]
    steps.append(
        Step(
            "มติที่ประชุม",
            bool(evaluated) and len(decided) >= len(evaluated),
            f"มีมติแล้ว {len(decided)} ราย จากที่ประเมินครบ {len(evaluated)} ราย"
            + (f" (รับรอง {sum(e.certified for e in decided)} ราย)" if decided else ""),
        )
    )

    documents = data.made.get("documents", ())
    steps.append(
        Step(
            "เอกสาร",
            bool(documents),
            (
                f"ทำแล้ว {len(documents)} ไฟล์: " + ", ".join(documents)
                if documents
                else "ยังไม่พบเอกสารข้างสมุดงาน: mchch-xl documents, packet, minutes, certificates"
            ),
        )
    )
    return YearStatus(s.province, year, tuple(steps), districts)


__all__ = ["DistrictStatus", "Step", "YearStatus", "year_status"]

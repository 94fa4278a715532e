"""The fields of the year's Word documents (letter, agenda, minutes, announcement, certificates):
plain dicts of Thai text, filled into the .docx templates by ``io/docx``. All wording is here;
the templates place it and the word processor breaks the lines.

Digits follow one rule (``thai.prose``): prose, counts, dates and times in the setting's
numerals; identifiers (e-mail, Line ID, candidate ids, URLs) exactly as stored. What must stay
on one line (a time range, "อำเภอเมืองเชียงราย": the ``names`` field) is held together where the
text is typeset (``thai.hold``), so that the data itself stays plain text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from mchch_xl.domain.model import DECISIONS, KINDS, District, Kind, MasterData, Settings
from mchch_xl.domain.places import provinces
from mchch_xl.domain.thai import digits, format_date, format_time, prose

DOTS = "." * 30
AGENDA_TITLES = (
    "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    "เรื่องรับรองรายงานการประชุมครั้งที่แล้ว",
    "เรื่องเพื่อทราบ",
    "เรื่องเพื่อพิจารณา",
    "เรื่องอื่น ๆ (ถ้ามี)",
)


def time_range(s: Settings, start, end) -> str:
    """ "๐๘.๓๐ - ๑๔.๓๐ น."."""
    thai = s.thai_digits
    return f"{format_time(start, thai)} - {format_time(end, thai)} น."


def meeting_no(s: Settings) -> str:
    """ครั้งที่'s one form, "๑/๒๕๖๘" (the seed's agenda)."""
    return f"{digits(s.meeting_no, s.thai_digits)}/{digits(s.fiscal_year, s.thai_digits)}"


def meeting_day(s: Settings) -> str:
    return (
        format_date(s.meeting_date, s.thai_digits, weekday=True)
        if s.meeting_date
        else "วันที่ ........"
    )


def venue(s: Settings) -> str:
    return f"ณ {prose(s.venue, s.thai_digits)}" if s.venue else "ณ ........"


def district_name(name: str) -> str:
    """ "อำเภอเมืองเชียงราย"."""
    return f"อำเภอ{name}"


def kind_label(k: Kind) -> str:
    """One Thai name per type in prose (the schema's), "ประเภทกลุ่ม/องค์กรชุมชน"."""
    return f"ประเภท{k.th}"


def split_lines(text: str) -> list[str]:
    """A multi-line setting: lines typed in one cell, separated by ";" or a line break."""
    return [p.strip() for p in re.split(r"[;\n]", text or "") if p.strip()]


def contact(s: Settings) -> str:
    """The coordinator's contact sentence, the same in the letter and on every RSVP form."""
    channels = []
    if s.coordinator_email:
        channels.append(f"ทางไปรษณีย์อิเล็กทรอนิกส์ {s.coordinator_email}")
    if s.coordinator_line:
        channels.append(f"ID Line : {s.coordinator_line}")  # an identifier: as stored
    return " หรือ ".join(channels) if channels else ""


def coordinator(s: Settings) -> str:
    """ "นางสาว… นักวิชาการ… หมายเลขโทรศัพท์ ๐๙๓ ๑๓๗ ๙๒๙๒"."""
    who = " ".join(x for x in (s.coordinator, s.coordinator_position) if x)
    phone = (
        f" หมายเลขโทรศัพท์ {prose(s.coordinator_phone, s.thai_digits)}" if s.coordinator_phone else ""
    )
    return f"{who}{phone}".strip()


def deadline(s: Settings) -> str:
    return format_date(s.rsvp_deadline, s.thai_digits) if s.rsvp_deadline else "........"


def common(s: Settings, end) -> dict:
    """Fields every document may use."""
    thai = s.thai_digits
    return {
        "province": s.province,
        "year": digits(s.fiscal_year, thai),
        "office": prose(s.office, thai),
        "committee": prose(s.committee, thai),
        "meeting_no": meeting_no(s),
        "meeting_day": meeting_day(s),
        "meeting_time": time_range(s, s.registration_time, end) if end else "........",
        "agenda_time": time_range(s, s.start_time, end) if end else "........",
        "venue": venue(s),
        "signatory": s.signatory or DOTS,
        "signatory_position": prose(s.signatory_position, thai) or f"ผู้ว่าราชการจังหวัด{s.province}",
        "dots": DOTS,
        "thai_digits": thai,
    }


# Positions and ranks of the officials the documents name, printed whole: LibreOffice's Thai
# dictionary (ICU 72) offers a break inside 17 of these 19 ("ผู้|ว่า|ราชการ|จังหวัด", "ชำนาญ|การ",
# "ปฏิบัติ|การ"), where a reader sees one word.
POSITIONS = (
    "ผู้ว่าราชการจังหวัด",
    "รองผู้ว่าราชการจังหวัด",
    "ปลัดจังหวัด",
    "ปฏิบัติราชการแทน",
    "นายอำเภอ",
    "ปลัดอำเภอ",
    "พัฒนาการจังหวัด",
    "พัฒนาการอำเภอ",
    "นักวิชาการพัฒนาชุมชน",
    "เจ้าพนักงานพัฒนาชุมชน",
    "ผู้อำนวยการ",
    "ปฏิบัติการ",
    "ชำนาญการ",
    "ชำนาญการพิเศษ",
    "เชี่ยวชาญ",
    "ทรงคุณวุฒิ",
    "ปฏิบัติงาน",
    "ชำนาญงาน",
    "อาวุโส",
)


def names(s: Settings, districts: list) -> tuple[str, ...]:
    """What a line break must not split, in the copies LibreOffice prints (``thai.hold``):
    "อำเภอ<name>" of every district, "จังหวัด<name>" and "จ.<name>" of the 76 provinces (a
    province's name on the line of its จังหวัด, "ผู้ว่าราชการจังหวัด" and "ขอนแก่น" together) and
    ``POSITIONS``. A province's name alone is left out: it may stand inside a longer word (a
    surname, "ลำปางพันธ์"), which a break allowed at the name's end would cut."""
    return (
        *(district_name(d.name) for d in districts),
        f"จังหวัด{s.province}",
        *(f"{prefix}{p.th}" for p in provinces() for prefix in ("จังหวัด", "จ.")),
        *POSITIONS,
    )


@dataclass(frozen=True)
class Enclosure:
    label: str
    text: str
    count: str


def enclosures(s: Settings) -> list[Enclosure]:
    """สิ่งที่ส่งมาด้วย, what the packet holds after the letter (the seed's three)."""
    d = lambda x: digits(x, s.thai_digits)  # noqa: E731
    items = ("วาระการประชุม", "ลำดับการนำเสนอข้อมูลเพื่อสนับสนุน", "แบบตอบรับ")
    return [
        Enclosure("สิ่งที่ส่งมาด้วย" if i == 1 else "", f"{d(i)}. {what}", f"จำนวน {d(1)} ฉบับ")
        for i, what in enumerate(items, start=1)
    ]


def letter(s: Settings, end) -> dict:
    """หนังสือเชิญประชุม: every field of the seed's letter of 25 April 2568."""
    thai = s.thai_digits
    f = common(s, end)
    p = s.province
    year = f["year"]
    encl = enclosures(s)
    order_no = digits(2, thai)
    when = f"{f['meeting_day']} เวลา {f['meeting_time']}" if end else f["meeting_day"]
    channel = contact(s)
    who = coordinator(s)
    body = [
        f"ตามที่ จังหวัด{p}ได้ดำเนินการจัดทำระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
        "เพื่อใช้เป็นเครื่องมือในการสร้างความเข้มแข็งชุมชน โดยการพัฒนาศักยภาพและเพิ่มขีดความสามารถ"
        "ให้กับกลุ่มเป้าหมาย เพื่อเป็นกลไกในการขับเคลื่อนงานพัฒนาชุมชนในพื้นที่อย่างมีประสิทธิภาพ "
        "กลุ่มเป้าหมายประกอบด้วย " + " ".join(k.th for k in KINDS[:-1]) + f" และ{KINDS[-1].th} "
        f"ซึ่งดำเนินการตามแนวทางการดำเนินงานมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี {year} นั้น",
        "เพื่อให้การขับเคลื่อนการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
        f"ประจำปี {year} เป็นไปตามวัตถุประสงค์และบรรลุเป้าหมาย จังหวัด{p}ได้กำหนดการประชุม"
        f"{f['committee']} ใน{when} {f['venue']} จังหวัด{p} "
        "จึงขอความร่วมมืออำเภอมอบหมายให้พัฒนาการอำเภอ หรือเจ้าหน้าที่พัฒนาชุมชนที่รับผิดชอบงาน "
        "เข้าร่วมประชุมฯ เพื่อสนับสนุนข้อมูลการพัฒนาระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
        f"ของกลุ่มเป้าหมาย ตามลำดับการนำเสนอ (สิ่งที่ส่งมาด้วย {order_no}) ทั้งนี้ "
        f"ขอความกรุณาส่งแบบตอบรับให้{f['office'] or 'หน่วยงานผู้จัด'} ภายในวันที่ {deadline(s)}"
        + (f" {channel}" if channel else "")
        + (f" โดยมอบหมายให้ {who} เป็นผู้ประสานงานในครั้งนี้" if who else ""),
        "จึงเรียนมาเพื่อพิจารณาดำเนินการ",
    ]
    unit = [prose(u, thai) for u in split_lines(s.letter_unit) or [s.office] if u]
    if s.office_phone:
        unit.append(f"โทรศัพท์/โทรสาร {prose(s.office_phone, thai)}")
    return {
        **f,
        "urgency": s.letter_urgency,
        "letter_no": prose(s.letter_no, thai) if s.letter_no else "........",
        "address": [prose(a, thai) for a in split_lines(s.letter_address) or [s.office]],
        "letter_date": format_date(s.letter_date, thai) if s.letter_date else "........",
        "subject": prose(s.subject, thai),
        "to": prose(s.letter_to, thai) or "นายอำเภอทุกอำเภอ",
        "reference": prose(s.letter_reference, thai),
        "enclosures": [e.__dict__ for e in encl],
        "body": body,
        "closing": "ขอแสดงความนับถือ",
        "unit": unit,
    }


def counts(totals: dict[Kind, int], thai: bool) -> list[dict]:
    """Agenda item 4's lines: "๑) ประเภทผู้นำชุมชน" … "จำนวน ๗๑ คน"."""
    return [
        {
            "label": f"{digits(i, thai)}) {kind_label(k)}",
            "count": f"จำนวน {digits(totals[k], thai)} {k.unit}",
        }
        for i, k in enumerate(KINDS, start=1)
    ]


# the department's five stages of the year (the seed's table in agenda item 3.1.2): name, what is
# done, when
STAGES = (
    ("เตรียมการ", ("ประชาสัมพันธ์", "รับสมัคร"), "พ.ย. - ธ.ค."),
    ("สร้างความรู้", ("ฝึกอบรม", "เสริมความรู้", "วางแผน"), "พ.ย. - ธ.ค."),
    (
        "ดำเนินการพัฒนา",
        ("ลงมือพัฒนาตนเอง", "รายงานผล", "จัดเก็บหลักฐาน", "ประเมินความก้าวหน้า"),
        "ม.ค. - มี.ค.",
    ),
    ("ประเมินรับรอง", ("ตรวจสอบ/ประเมิน", "รับรองมาตรฐาน"), "เม.ย."),
    ("ประกาศเชิดชูเกียรติ", ("ประกาศรับรอง", "รางวัลเชิดชูเกียรติ", "ถอดบทเรียน"), "พ.ค. - ก.ค."),
)


def agenda(s: Settings, totals: dict[Kind, int], end) -> dict:
    """ระเบียบวาระการประชุม, a paper for before the meeting: item 4's counts from the data, each
    resolution a dotted line (what the committee decided goes in the minutes)."""
    thai = s.thai_digits
    f = common(s, end)
    d = lambda x: digits(x, thai)  # noqa: E731
    p = s.province
    total = sum(totals.values())
    kinds = " ".join(f"{d(i)}. มาตรฐาน{k.th}" for i, k in enumerate(KINDS, start=1))
    order = f"ตามคำสั่งจังหวัด{p} ที่ ........ ลงวันที่ ........"  # the province's own numbers
    items = [
        {
            "body": [
                f"การประชุมครั้งนี้เป็นการประชุม{f['committee']} ครั้งที่ {f['meeting_no']} "
                "เพื่อดำเนินการพิจารณาประเมินและรับรองผู้ผ่านการประเมินตามระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
                "ซึ่งเป็นกระบวนการพัฒนากลุ่มเป้าหมาย เพื่อเสนอชื่อเข้าคัดเลือกประกวดกิจกรรมพัฒนาชุมชนดีเด่น"
                "ระดับจังหวัด และมีโอกาสเข้ารับรางวัลเชิดชูเกียรติในปีถัดไป"
            ],
        },
        {"body": ["- ไม่มี -"]},
        {
            # the seed's item 3, its steps and activities as the department sets them
            "body": [
                f"{d(3)}.{d(1)} แนวทางการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.)",
                f"{d(3)}.{d(1)}.{d(1)} กรมการพัฒนาชุมชนดำเนินงานระบบมาตรฐานการพัฒนาชุมชนเพื่อส่งเสริม"
                "กระบวนการเรียนรู้และการพัฒนาศักยภาพเพิ่มขีดความสามารถให้กับกลุ่มเป้าหมาย "
                f"เป็นกลไกในการขับเคลื่อนงานพัฒนาชุมชนในพื้นที่ กลุ่มเป้าหมาย {d(4)} ประเภท ประกอบด้วย "
                f"{kinds}",
                f"{d(3)}.{d(1)}.{d(2)} ขั้นตอนการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.)",
            ],
            # the five stages, as the seed's table: a column each, under it the rest of item 3
            "stages": [
                {"name": name, "tasks": [f"- {t}" for t in tasks], "months": f"({months})"}
                for name, tasks, months in STAGES
            ],
            "after": [
                f"{d(3)}.{d(1)}.{d(3)} หลักเกณฑ์การประเมินผลระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
                f"(เอกสารแนบ {d(1)})",
                f"{d(3)}.{d(2)} การแต่งตั้งกลไกการขับเคลื่อนการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
                f"จังหวัด{p} ได้มีคำสั่งแต่งตั้งกลไกการขับเคลื่อนการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน "
                "(มชช.) ระดับจังหวัด/อำเภอ ดังนี้",
                f"{d(3)}.{d(2)}.{d(1)} {f['committee']} {order} (เอกสารแนบ {d(2)})",
                f"{d(3)}.{d(2)}.{d(2)} คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชนอำเภอ "
                f"{order} (เอกสารแนบ {d(3)})",
                f"{d(3)}.{d(3)} ผลการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) ปี {f['year']} ดังนี้",
                f"{d(3)}.{d(3)}.{d(1)} ระดับอำเภอ ดำเนินการ ดังนี้",
                "- ประชาสัมพันธ์/รับสมัคร",
                f"- ตรวจสอบข้อมูลกลุ่มเป้าหมาย {d(4)} ประเภท",
                "- จัดประชุมชี้แจงแนวทาง ขอบเขต ตัวบ่งชี้",
                "- สนับสนุนกลุ่มเป้าหมาย ประเมินตนเองก่อนการพัฒนา",
                "- สนับสนุนกลุ่มเป้าหมายจัดทำแผนการพัฒนาตนเอง",
                "- ประสานหน่วยงานสนับสนุนการพัฒนาศักยภาพกลุ่มเป้าหมาย",
                "- บูรณาการกิจกรรมเพื่อพัฒนามาตรฐานกลุ่มเป้าหมาย",
                "- ประเมินตนเองหลังการพัฒนา",
                "- จัดประชุมคณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชนอำเภอ "
                "เพื่อประเมินผู้ขอรับการประเมินตามระบบมาตรฐานการพัฒนาชุมชน (มชช.)",
                f"{d(3)}.{d(3)}.{d(2)} ระดับจังหวัด ดำเนินการ ดังนี้",
                "- จัดทำทะเบียนข้อมูล",
                f"- จัดประชุม{f['committee']} เพื่อการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด "
                f"ตามหลักเกณฑ์ตัวบ่งชี้ระบบมาตรฐานของแต่ละประเภท จำนวน {d(4)} ประเภท",
                "- บูรณาการกิจกรรมเพื่อพัฒนามาตรฐานของกลุ่มเป้าหมาย อาทิ จัดฝึกอบรม "
                "ประชุมเสริมสร้างความรู้ การวางแผนพัฒนา",
            ],
        },
        {
            "body": [
                f"การรับรองมาตรฐานการพัฒนาชุมชนจังหวัด{p} กลุ่มเป้าหมายที่สมัครเข้าสู่ระบบมาตรฐาน"
                f"การพัฒนาชุมชน (มชช.) จังหวัด{p} ประจำปี {f['year']} และผ่านการตรวจประเมินโดย"
                "คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชนอำเภอ จำนวนทั้งสิ้น "
                f"{d(total)} หน่วยงาน ประกอบด้วย (เอกสารแนบ {d(4)})"
            ],
            "counts": counts(totals, thai),
        },
        {"body": [DOTS + DOTS]},
    ]
    for i, (item, title) in enumerate(zip(items, AGENDA_TITLES), start=1):
        item["heading"] = f"ระเบียบวาระที่ {d(i)} {title}"
        item.setdefault("stages", [])
        item.setdefault("after", [])
        item.setdefault("counts", [])
        item["resolution"] = item.get("resolution") or DOTS * 2
        item["resolution_counts"] = []
    return {**f, "items": items}


# -- minutes (รายงานการประชุม) ------------------------------------------------------------------

ATTENDING = ("เข้าร่วม", "มอบผู้แทน")


def certified_counts(cert, districts: list[District]) -> dict[Kind, int]:
    """Certified units per type: the same numbers as ``summary --json`` ``certified``."""
    codes = {x.code for x in districts}
    return {k: sum(cert.certified[(c, k)] for c in codes) for k in KINDS}


def _member(no: int, thai: bool, name: str, position: str, role: str = "", **more) -> dict:
    name = " ".join(x for x in (name, position) if x)
    return {"no": digits(no, thai), "name": prose(name, thai), "role": prose(role, thai), **more}


def minutes(data: MasterData, results) -> dict:
    """The minutes form: who came (the committee sheet, stand-ins noted), who did not (with the
    reason), who joined (district officers who replied they attend, from the RSVP tracker), the
    opening time, each agenda item with the secretary's resolution (item 4 with the proposed
    and certified counts from the decisions), the closing time, recorder and checker."""
    from mchch_xl.compute.committee import attendance

    s = data.settings
    thai = s.thai_digits
    f = common(s, results.end)
    d = lambda x: digits(x, thai)  # noqa: E731
    came, missing = attendance(getattr(data, "committee", []))
    present = []
    for m in came:
        name = m.name
        role = m.role
        if m.proxy:  # the stand-in is who came: named, for the member's office
            role = f"{m.role} (แทน{m.position or m.name})"
            present.append(_member(len(present) + 1, thai, m.proxy, "", role))
        else:
            present.append(_member(len(present) + 1, thai, name, m.position, role))
    absent = [
        _member(i, thai, m.name, m.position, reason=prose(m.reason, thai))
        for i, m in enumerate(missing, start=1)
    ]
    attending = []
    for dist in results.order + results.absent:
        r = data.responses.get(dist.code, {})
        if str(r.get("status") or "") in ATTENDING:
            who = " ".join(str(r[k]) for k in ("attendee", "position") if r.get(k)) or "ผู้แทน"
            attending.append(_member(len(attending) + 1, thai, who, "", (district_name(dist.name))))
    cert = results.certification
    totals = results.totals
    done = certified_counts(cert, data.districts)
    items = []
    for i, title in enumerate(AGENDA_TITLES, start=1):
        typed = prose(str(data.resolutions.get(str(i), {}).get("resolution") or "").strip(), thai)
        item = {
            "heading": f"ระเบียบวาระที่ {d(i)} {title}",
            "body": [],
            "stages": [],
            "after": [],
            "counts": [],
            "resolution": typed or DOTS * 2,
            "resolution_counts": [],
        }
        if i == 4:
            item["body"] = [
                f"การรับรองมาตรฐานการพัฒนาชุมชนจังหวัด{s.province} ประจำปี {f['year']} "
                "กลุ่มเป้าหมายที่ผ่านการตรวจประเมินโดยคณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐาน"
                f"การพัฒนาชุมชนอำเภอ เสนอเข้ารับการรับรอง จำนวนทั้งสิ้น {d(results.total)} หน่วยงาน"
            ]
            item["counts"] = counts(totals, thai)
            if cert.decided:
                item["resolution"] = (
                    f"รับรองมาตรฐานการพัฒนาชุมชน จำนวน {d(sum(done.values()))} หน่วยงาน ประกอบด้วย"
                )
                item["resolution_counts"] = counts(done, thai)
                # the other decisions and the units not decided, so the numbers add up
                decided = Counter(e.decision or "" for e in cert.evaluations)
                for decision in (*DECISIONS[1:], ""):  # the list's order, undecided last
                    n = decided[decision]
                    if not n:
                        continue
                    label = f"มติ{decision}" if decision else "ยังไม่มีมติ"
                    item["resolution_counts"].append(
                        {"label": label, "count": f"จำนวน {d(n)} หน่วยงาน"}
                    )
                if typed:
                    item["resolution_counts"].append({"label": typed, "count": ""})
        items.append(item)
    opened = s.opened_time or s.start_time
    closed = s.closed_time or results.end
    opening = (
        f"{s.chair} {prose(s.chair_position, thai)} ประธานในที่ประชุม "
        "กล่าวเปิดการประชุมและดำเนินการประชุมตามระเบียบวาระ ดังนี้"
        if s.chair
        else ""
    )
    return {
        **f,
        "present": present,
        "absent": absent,
        "attending": attending,
        "opened": f"{format_time(opened, thai)} น.",
        "opening": opening,
        "items": items,
        "closed": f"{format_time(closed, thai)} น." if closed else "........ น.",
        "recorder": s.recorder or DOTS,
        "recorder_position": prose(s.recorder_position, thai) or f"ตำแหน่ง{DOTS}",
        "checker": s.checker or DOTS,
        "checker_position": prose(s.checker_position, thai) or f"ตำแหน่ง{DOTS}",
    }


# -- the announcement (ประกาศผลการรับรอง) ----------------------------------------------------------


def announcement(s: Settings, districts: list, cert) -> dict:
    """ประกาศจังหวัด… เรื่อง ผลการรับรองมาตรฐานการพัฒนาชุมชน ประจำปี…: the certified units by
    district (presentation order) and type, numbered, the total, the date line, the signatory.
    ``pending``: units with no decision yet (for the secretary, not part of the announcement)."""
    thai = s.thai_digits
    d = lambda x: digits(x, thai)  # noqa: E731
    f = common(s, None)
    certified = [e for e in cert.evaluations if e.certified]
    per_kind = {k: sum(1 for e in certified if e.candidate.kind == k) for k in KINDS}
    when = f" เมื่อ{meeting_day(s)}" if s.meeting_date else ""
    body = [
        f"ตามที่ จังหวัด{s.province} ได้ดำเนินการระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
        f"ประจำปี {f['year']} เพื่อส่งเสริมและพัฒนา"
        + " ".join(k.th for k in KINDS[:-1])
        + f" และ{KINDS[-1].th} ให้ได้มาตรฐาน และ{f['committee']} ได้พิจารณารับรองมาตรฐาน"
        f"ในการประชุมครั้งที่ {f['meeting_no']}{when} นั้น",
        f"จังหวัด{s.province} จึงประกาศรายชื่อกลุ่มเป้าหมายที่ผ่านการรับรองมาตรฐานการพัฒนาชุมชน "
        f"(มชช.) ประจำปี {f['year']} จำนวนทั้งสิ้น {d(len(certified))} หน่วยงาน ประกอบด้วย "
        + " ".join(f"{kind_label(k)} {d(per_kind[k])} {k.unit}" for k in KINDS)
        + " ดังนี้",
    ]
    by_district: dict[str, list] = {}
    for e in certified:
        by_district.setdefault(e.candidate.district, []).append(e)
    listed = []
    for district in districts:
        units = by_district.get(district.code, [])
        if not units:
            continue
        kinds = []
        for k in KINDS:
            of_kind = [e for e in units if e.candidate.kind == k]
            if of_kind:
                kinds.append(
                    {
                        "label": kind_label(k),
                        "count": f"จำนวน {d(len(of_kind))} {k.unit}",
                        "units": [
                            f"{d(n)}. {prose(e.candidate.name, thai)}"
                            + (f" ระดับ{e.level}" if e.level else "")
                            for n, e in enumerate(of_kind, start=1)
                        ],
                    }
                )
        listed.append({"name": (district_name(district.name)), "kinds": kinds})
    names = {x.code: x.name for x in districts}
    pending = [
        f"{d(n)}. {prose(e.candidate.name, thai)} ({district_name(names.get(e.candidate.district, ''))} "
        f"{kind_label(e.candidate.kind)})"
        for n, e in enumerate((e for e in cert.evaluations if not e.decision), start=1)
    ]
    return {
        **f,
        "title": f"ผลการรับรองมาตรฐานการพัฒนาชุมชน ประจำปี {f['year']}",
        "body": body,
        "districts": listed,
        "total": f"รวมผ่านการรับรองทั้งสิ้น {d(len(certified))} หน่วยงาน",
        "closing": "จึงประกาศมาเพื่อทราบโดยทั่วกัน",
        "announced": DOTS,
        "pending": pending,
    }


# -- certificates (เกียรติบัตร) --------------------------------------------------------------------


def certified_units(cert, districts: list[District]) -> list:
    """The certified evaluations in presentation order of the districts, then type: the order
    certificates are numbered and printed in."""
    rank = {x.code: i for i, x in enumerate(districts)}
    units = [e for e in cert.evaluations if e.certified]
    units.sort(key=lambda e: (rank.get(e.candidate.district, 10**6), KINDS.index(e.candidate.kind)))
    return units


def certificates(s: Settings, districts: list[District], units: list, numbers: dict) -> dict:
    """One certificate per certified unit: its running number as recorded in the master
    ("๑/๒๕๖๘"), name, type, district, level, year, date and the signatory."""
    thai = s.thai_digits
    names = {x.code: x.name for x in districts}
    when = format_date(s.meeting_date, thai) if s.meeting_date else DOTS
    f = common(s, None)
    out = []
    for e in units:
        c = e.candidate
        level = f" ระดับ{e.level}" if e.level else ""
        number = numbers.get(c.id)
        out.append(
            {
                "id": c.id,
                "district_code": c.district,
                "number": f"{digits(number, thai)}/{f['year']}" if number else DOTS,
                "issuer": f"จังหวัด{s.province}",
                "name": prose(c.name, thai),
                "what": f"{kind_label(c.kind)} {(district_name(names.get(c.district, '')))} "
                f"จังหวัด{s.province}",
                "standard": f"ผ่านการรับรองมาตรฐานการพัฒนาชุมชน (มชช.){level} ประจำปี {f['year']}",
                "date": when,
                "signatory": f["signatory"],
                "signatory_position": f["signatory_position"],
            }
        )
    return {**f, "certificates": out}

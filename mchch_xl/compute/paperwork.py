"""The year's paperwork as plain data: the invitation letter (หนังสือภายนอก of the ระเบียบสำนัก
นายกรัฐมนตรีว่าด้วยงานสารบรรณ), the minutes (รายงานการประชุม), certificates (เกียรติบัตร) and the
shortlist for next year's กิจกรรมพัฒนาชุมชนดีเด่น. All Thai wording is here; writers lay it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import KINDS, District, Kind, MasterData, Settings
from ..thai import digits, format_date, format_time
from .documents import DOTS, meeting_when, venue_line

INDENT = " " * 16  # a paragraph's first line starts 2.5 cm in (ระเบียบงานสารบรรณ)


@dataclass(frozen=True)
class Line:
    """One printed line of a letter-like document. ``style``: urgency, emblem, head (``label``
    left, ``right`` the office's address), date, field (``label`` then ``text``), enclosure
    (``label``, ``text``, ``right`` its count), para, closing, sign, unit, title, subtitle,
    heading, item, blank, pagebreak."""

    style: str
    text: str = ""
    label: str = ""
    right: str = ""


def split_lines(text: str) -> list[str]:
    """A multi-line setting: lines typed in one cell, separated by ";" or a line break."""
    return [p.strip() for p in re.split(r"[;\n]", text or "") if p.strip()]


def enclosures(s: Settings) -> list[tuple[str, str]]:
    """สิ่งที่ส่งมาด้วย, from what the packet holds after the letter (the seed's three)."""
    one = f"จำนวน {digits(1, s.thai_digits)} ฉบับ"
    return [("วาระการประชุม", one), ("ลำดับการนำเสนอข้อมูลเพื่อสนับสนุน", one), ("แบบตอบรับ", one)]


def invitation(s: Settings, end) -> list[Line]:
    """หนังสือเชิญประชุม, every field of the seed's letter of 25 April 2568."""
    thai = s.thai_digits
    d = lambda x: digits(x, thai)
    year = d(s.fiscal_year)
    p = s.province
    lines: list[Line] = []
    if s.letter_urgency:
        lines.append(Line("urgency", s.letter_urgency))
    lines.append(Line("emblem"))
    address = split_lines(s.letter_address) or [s.office]
    lines.append(
        Line(
            "head", label=f"ที่ {d(s.letter_no) if s.letter_no else '........'}", right=d(address[0])
        )
    )
    lines += [Line("head", right=d(a)) for a in address[1:]]
    lines.append(Line("date", format_date(s.letter_date, thai) if s.letter_date else "........"))
    lines.append(Line("field", d(s.subject), "เรื่อง"))
    lines.append(Line("field", s.letter_to or "นายอำเภอทุกอำเภอ", "เรียน"))
    if s.letter_reference:
        lines.append(Line("field", d(s.letter_reference), "อ้างถึง"))
    encl = enclosures(s)
    for i, (what, count) in enumerate(encl, start=1):
        lines.append(Line("enclosure", f"{d(i)}. {what}", "สิ่งที่ส่งมาด้วย" if i == 1 else "", count))
    order_no = d(next(i for i, (w, _) in enumerate(encl, start=1) if w.startswith("ลำดับ")))
    deadline = format_date(s.rsvp_deadline, thai) if s.rsvp_deadline else "........"
    channels = []
    if s.coordinator_email:
        channels.append(f"ทางไปรษณีย์อิเล็กทรอนิกส์ {s.coordinator_email}")
    if s.coordinator_line:
        channels.append(f"ID Line : {d(s.coordinator_line)}")
    who = " ".join(x for x in (s.coordinator, s.coordinator_position) if x)
    phone = f" หมายเลขโทรศัพท์ {d(s.coordinator_phone)}" if s.coordinator_phone else ""
    lines += [
        Line(
            "para",
            INDENT + f"ตามที่ จังหวัด{p}ได้ดำเนินการจัดทำระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
            "เพื่อใช้เป็นเครื่องมือในการสร้างความเข้มแข็งชุมชน โดยการพัฒนาศักยภาพและเพิ่มขีดความสามารถ"
            "ให้กับกลุ่มเป้าหมาย เพื่อเป็นกลไกในการขับเคลื่อนงานพัฒนาชุมชนในพื้นที่อย่างมีประสิทธิภาพ "
            "กลุ่มเป้าหมายประกอบด้วย ผู้นำชุมชน กลุ่มองค์กรชุมชน เครือข่ายองค์กรชุมชน และชุมชน "
            "ซึ่งดำเนินการตามแนวทางการดำเนินงานมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี "
            f"{year} นั้น",
        ),
        Line(
            "para",
            INDENT + "เพื่อให้การขับเคลื่อนการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
            f"ประจำปี {year} เป็นไปตามวัตถุประสงค์และบรรลุเป้าหมาย จังหวัด{p}ได้กำหนดการประชุม"
            f"{s.committee} ใน{meeting_when(s, True, end)} {venue_line(s)} จังหวัด{p} "
            "จึงขอความร่วมมืออำเภอมอบหมายให้พัฒนาการอำเภอ หรือเจ้าหน้าที่พัฒนาชุมชนที่รับผิดชอบงาน "
            "เข้าร่วมประชุมฯ เพื่อสนับสนุนข้อมูลการพัฒนาระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
            f"ของกลุ่มเป้าหมาย ตามลำดับการนำเสนอ (สิ่งที่ส่งมาด้วย {order_no}) ทั้งนี้ "
            f"ขอความกรุณาส่งแบบตอบรับให้{s.office or 'หน่วยงานผู้จัด'} ภายในวันที่ {deadline} "
            + " หรือ ".join(channels)
            + (f" โดยมอบหมายให้ {who}{phone} เป็นผู้ประสานงานในครั้งนี้" if who else ""),
        ),
        Line("para", INDENT + "จึงเรียนมาเพื่อพิจารณาดำเนินการ"),
        Line("closing", "ขอแสดงความนับถือ"),
        Line("blank"),
        Line("blank"),
        Line("sign", f"({s.signatory})" if s.signatory else f"({DOTS})"),
        Line("sign", s.signatory_position or DOTS),
        Line("blank"),
    ]
    unit = split_lines(s.letter_unit) or [s.office]
    lines += [Line("unit", d(u)) for u in unit if u]
    if s.office_phone:
        lines.append(Line("unit", f"โทรศัพท์/โทรสาร {d(s.office_phone)}"))
    return lines


# -- shortlist (กิจกรรมพัฒนาชุมชนดีเด่น) ------------------------------------------------------------


@dataclass(frozen=True)
class Shortlisted:
    kind: Kind
    rank: int
    id: str
    name: str
    district: str  # name
    district_code: str
    level: str
    percent: float | None
    total: float | None


def shortlist(
    data: MasterData, cert, bands_order: dict[tuple[Kind, str], int] | None = None
) -> list[Shortlisted]:
    """Certified units ranked per type: best level first (the band reached), then weighted
    percent, then total points; ties share nothing, the unit id breaks them for a stable list."""
    names = {d.code: d.name for d in data.districts}
    out = []
    for k in KINDS:
        units = [e for e in cert.evaluations if e.certified and e.candidate.kind == k]
        units.sort(key=lambda e: (-e.band, -(e.percent or 0), -(e.total or 0), e.candidate.id))
        for rank, e in enumerate(units, start=1):
            out.append(
                Shortlisted(
                    k,
                    rank,
                    e.candidate.id,
                    e.candidate.name,
                    names.get(e.candidate.district, e.candidate.district),
                    e.candidate.district,
                    e.level,
                    e.percent,
                    e.total,
                )
            )
    return out


# -- certificates (เกียรติบัตร) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    id: str
    district_code: str
    lines: tuple[Line, ...]


def certificates(s: Settings, districts: list[District], cert) -> list[Certificate]:
    """One certificate per certified unit, in presentation order of the districts, then type."""
    thai = s.thai_digits
    d = lambda x: digits(x, thai)
    names = {x.code: x.name for x in districts}
    rank = {x.code: i for i, x in enumerate(districts)}
    units = [e for e in cert.evaluations if e.certified]
    units.sort(key=lambda e: (rank.get(e.candidate.district, 10**6), KINDS.index(e.candidate.kind)))
    issuer = f"จังหวัด{s.province}"
    when = format_date(s.meeting_date, thai) if s.meeting_date else "........"
    out = []
    for e in units:
        c = e.candidate
        level = f" ระดับ{e.level}" if e.level else ""
        lines = (
            Line("subtitle", f"{issuer}"),
            Line("subtitle", "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า"),
            Line("title", d(c.name)),
            Line(
                "subtitle",
                f"ประเภท{c.kind.th.replace('/', '')} อำเภอ{names.get(c.district, '')} "
                f"จังหวัด{s.province}",
            ),
            Line(
                "subtitle", f"ผ่านการรับรองมาตรฐานการพัฒนาชุมชน (มชช.){level} ประจำปี {d(s.fiscal_year)}"
            ),
            Line("subtitle", "ขอให้มีความสุข ความเจริญ และเป็นแบบอย่างที่ดีในการพัฒนาชุมชนสืบไป"),
            Line("subtitle", f"ให้ไว้ ณ วันที่ {when}"),
            Line("blank"),
            Line("sign", f"({s.signatory})" if s.signatory else f"({DOTS})"),
            Line("sign", s.signatory_position or f"ผู้ว่าราชการจังหวัด{s.province}"),
        )
        out.append(Certificate(c.id, c.district, lines))
    return out


# -- minutes (รายงานการประชุม) -------------------------------------------------------------------

AGENDA_TITLES = (
    "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
    "เรื่องรับรองรายงานการประชุมครั้งที่แล้ว",
    "เรื่องเพื่อทราบ",
    "เรื่องเพื่อพิจารณา",
    "เรื่องอื่น ๆ (ถ้ามี)",
)
ATTENDING = ("เข้าร่วม", "มอบผู้แทน")


def certified_counts(cert, districts: list[District]) -> dict[Kind, int]:
    """Certified units per type: the same numbers as ``summary --json`` ``certified``."""
    codes = {x.code for x in districts}
    return {k: sum(cert.certified[(c, k)] for c in codes) for k in KINDS}


def minutes(data: MasterData, results) -> list[Line]:
    """The standard minutes form: title, number, date, venue, attendees and absentees from the
    RSVP tracker, opening time, each agenda item with the secretary's resolution (item 4 with
    the proposed and certified counts from the decisions), closing time, recorder and checker."""
    s = data.settings
    thai = s.thai_digits
    d = lambda x: digits(x, thai)
    year = d(s.fiscal_year)
    lines = [
        Line("title", f"รายงานการประชุม{s.committee}"),
        Line("subtitle", f"ครั้งที่ {d(s.meeting_no)}/{year}"),
        Line(
            "subtitle",
            ("เมื่อ" + format_date(s.meeting_date, thai, weekday=True))
            if s.meeting_date
            else "เมื่อวันที่ ........",
        ),
        Line("subtitle", venue_line(s)),
        Line("heading", "ผู้มาประชุม"),
    ]
    n = 0
    if s.chair:
        n += 1
        lines.append(Line("item", f"{d(n)}. {s.chair} {s.chair_position} ประธานในที่ประชุม".rstrip()))
    absent = []
    for dist in results.order + results.absent:
        r = data.responses.get(dist.code, {})
        status = str(r.get("status") or "")
        if status in ATTENDING:
            n += 1
            who = " ".join(str(r[k]) for k in ("attendee", "position") if r.get(k)) or "ผู้แทน"
            sub = " (ผู้แทน)" if status == "มอบผู้แทน" else ""
            lines.append(Line("item", f"{d(n)}. {who}{sub} อำเภอ{dist.name}"))
        else:
            why = {"ไม่เข้าร่วม": "ติดราชการ"}.get(status, "ไม่ได้ตอบรับ")
            note = str(r.get("note") or "") or why
            absent.append(f"อำเภอ{dist.name} ({note})")
    if n == 0:
        lines.append(Line("item", "- ไม่มีข้อมูลการตอบรับ (แผ่นงาน ติดตามการตอบรับ) -"))
    lines.append(Line("heading", "ผู้ไม่มาประชุม"))
    lines += [Line("item", f"{d(i)}. {a}") for i, a in enumerate(absent, start=1)] or [
        Line("item", "- ไม่มี -")
    ]
    opened = s.opened_time or s.start_time
    lines.append(Line("heading", f"เริ่มประชุมเวลา {format_time(opened, thai)} น."))
    if s.chair:
        lines.append(
            Line(
                "para",
                INDENT + f"{s.chair} {s.chair_position} ประธานในที่ประชุม "
                "กล่าวเปิดการประชุมและดำเนินการประชุมตามระเบียบวาระ ดังนี้",
            )
        )
    cert = results.certification
    totals = results.totals
    done = certified_counts(cert, data.districts)
    for i, title in enumerate(AGENDA_TITLES, start=1):
        lines.append(Line("heading", f"ระเบียบวาระที่ {digits(i, True)} {title}"))
        if i == 4:
            lines.append(
                Line(
                    "para",
                    INDENT + f"การรับรองมาตรฐานการพัฒนาชุมชนจังหวัด{s.province} "
                    f"ประจำปี {year} กลุ่มเป้าหมายที่ผ่านการตรวจประเมินโดยคณะกรรมการตรวจประเมิน"
                    "เพื่อการรับรองมาตรฐานการพัฒนาชุมชนอำเภอ เสนอเข้ารับการรับรอง จำนวนทั้งสิ้น "
                    f"{d(results.total)} หน่วยงาน",
                )
            )
            lines += [
                Line(
                    "item",
                    f"{digits(j, True)}) ประเภท{k.th.replace('/', '')}",
                    right=f"จำนวน {d(totals[k])} {k.unit}",
                )
                for j, k in enumerate(KINDS, 1)
            ]
        typed = str(data.resolutions.get(str(i), {}).get("resolution") or "").strip()
        if i == 4 and cert.decided:
            lines.append(
                Line(
                    "para",
                    f"มติที่ประชุม รับรองมาตรฐานการพัฒนาชุมชน จำนวน "
                    f"{d(sum(done.values()))} หน่วยงาน ประกอบด้วย",
                )
            )
            lines += [
                Line(
                    "item",
                    f"{digits(j, True)}) ประเภท{k.th.replace('/', '')}",
                    right=f"จำนวน {d(done[k])} {k.unit}",
                )
                for j, k in enumerate(KINDS, 1)
            ]
            if typed:
                lines.append(Line("para", INDENT + typed))
        else:
            lines.append(Line("para", "มติที่ประชุม " + (typed or DOTS * 2)))
    closed = s.closed_time or results.end
    lines.append(
        Line(
            "heading",
            f"เลิกประชุมเวลา {format_time(closed, thai)} น."
            if closed
            else "เลิกประชุมเวลา ........ น.",
        )
    )
    lines.append(Line("blank"))
    for who, pos, role in (
        (s.recorder, s.recorder_position, "ผู้จดรายงานการประชุม"),
        (s.checker, s.checker_position, "ผู้ตรวจรายงานการประชุม"),
    ):
        lines.append(Line("sign", f"ลงชื่อ{DOTS}{role}"))
        lines.append(Line("sign", f"({who})" if who else f"({DOTS})"))
        lines.append(Line("sign", pos or f"ตำแหน่ง{DOTS}"))
        lines.append(Line("blank"))
    return lines

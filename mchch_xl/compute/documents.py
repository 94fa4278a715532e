"""The printed documents of the seed letter, as plain data: presentation-order table, RSVP
forms and agenda. Writers (openpyxl, xlwings) only lay these out; all Thai wording is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import KINDS, Kind, Settings
from ..schema import ORDER, ORDER_GROUP_HEADER
from ..thai import digits, format_date, format_time_range
from .schedule import Slot
from .totals import DistrictCount

DOTS = "." * 30


@dataclass(frozen=True)
class Para:
    """One printed line. ``style``: title, subtitle, heading, body, indent, field, check, note,
    blank, pagebreak. ``right`` is an optional second column (agenda item 4's counts)."""

    text: str = ""
    style: str = "body"
    right: str = ""


@dataclass
class OrderTable:
    titles: list[str]
    header_top: list[str]  # first header row (the count columns under one group header)
    header: list[str]  # second header row
    rows: list[list[object]]
    total: list[object]
    notes: list[str] = field(default_factory=list)


def slot_text(slot: Slot, thai: bool) -> str:
    """ "๐๙.๐๐ - ๐๙.๑๕ น.", prefixed by the meeting day when the programme runs over days."""
    day = f"วันที่ {digits(slot.day + 1, thai)} ของการประชุม " if slot.day else ""
    return day + format_time_range(slot.start, slot.end, thai)


def meeting_when(s: Settings, from_registration: bool, end) -> str:
    """ "วันพฤหัสบดีที่ ๑ พฤษภาคม ๒๕๖๘ เวลา ๐๘.๓๐ - ๑๔.๓๐ น."."""
    thai = s.thai_digits
    day = format_date(s.meeting_date, thai, weekday=True) if s.meeting_date else "วันที่ ........"
    start = s.registration_time if from_registration else s.start_time
    return f"{day} เวลา {format_time_range(start, end, thai)}" if end else day


def venue_line(s: Settings) -> str:
    return f"ณ {s.venue}" if s.venue else "ณ ........"


def order_table(
    s: Settings,
    counts: list[DistrictCount],
    slots: list[Slot],
    totals: dict[Kind, int],
    end,
    absent: list[str],
) -> OrderTable:
    """The seed's ลำดับการนำเสนอ table, one row per presenting district, plus its time slot."""
    thai = s.thai_digits

    def n(x: int) -> object:
        return digits(x, True) if thai else x

    by_code = {c.code: c for c in counts}
    rows = []
    for slot in slots:
        c = by_code[slot.code]
        rows.append(
            [
                n(slot.position),
                slot.name,
                *(n(c.counts[k]) for k in KINDS),
                n(c.total),
                slot_text(slot, thai),
            ]
        )
    headers = ORDER.headers
    notes = [f"หมายเหตุ เวลาการนำเสนอ จำนวน {digits(s.minutes_per_district, thai)} นาที ต่ออำเภอ"]
    for b in s.breaks:
        notes.append(f"{b.label} เวลา {format_time_range(b.start, b.end, thai)}")
    if absent:
        notes.append("อำเภอที่ไม่มีกลุ่มเป้าหมายนำเสนอ: " + " ".join(absent))
    return OrderTable(
        titles=[ORDER.note, meeting_when(s, True, end), venue_line(s)],
        header_top=[headers[0], headers[1], ORDER_GROUP_HEADER, "", "", "", headers[6], headers[7]],
        header=headers,
        rows=rows,
        total=["รวม", "", *(n(totals[k]) for k in KINDS), n(sum(totals.values())), ""],
        notes=notes,
    )


def _meeting_no(s: Settings, spaced: bool) -> str:
    sep = " / " if spaced else "/"
    return f"ครั้งที่ {digits(s.meeting_no, s.thai_digits)}{sep}{digits(s.fiscal_year, s.thai_digits)}"


def rsvp_form(s: Settings, district: str, slot: Slot | None, end) -> list[Para]:
    """One district's pre-filled RSVP form, every field of the seed's form."""
    thai = s.thai_digits
    deadline = format_date(s.rsvp_deadline, thai) if s.rsvp_deadline else "........"
    contact = []
    if s.coordinator_email:
        contact.append(f"ทางไปรษณีย์อิเล็กทรอนิกส์ {s.coordinator_email}")
    if s.coordinator_line:
        contact.append(f"ID Line : {digits(s.coordinator_line, thai)}")
    who = " ".join(x for x in (s.coordinator, s.coordinator_position) if x)
    phone = f" เบอร์โทร {digits(s.coordinator_phone, thai)}" if s.coordinator_phone else ""
    lines = [
        Para("แบบตอบรับเข้าร่วม", "title"),
        Para(s.title, "subtitle"),
        Para(_meeting_no(s, spaced=True), "subtitle"),
        Para(meeting_when(s, True, end), "subtitle"),
        Para(venue_line(s), "subtitle"),
        Para(
            f"อำเภอ{district}"
            + (
                f"  นำเสนอลำดับที่ {digits(slot.position, thai)} เวลา {slot_text(slot, thai)}"
                if slot
                else ""
            ),
            "heading",
        ),
        Para(f"๑. ชื่อ - สกุล{DOTS}ตำแหน่ง{DOTS}", "field"),
        Para(f"สังกัด สำนักงานพัฒนาชุมชนอำเภอ{district}", "field"),
        Para(f"โทรศัพท์{DOTS}โทรสาร{DOTS}", "field"),
        Para(f"มือถือ{DOTS}อีเมลล์{DOTS}", "field"),
        Para("(   ) สามารถเข้าร่วมการประชุม", "check"),
        Para("(   ) ไม่สามารถเข้าร่วมการประชุม โดยขอมอบหมายให้ (แทน)", "check"),
        Para(f"ชื่อ - สกุล{DOTS}ตำแหน่ง{DOTS}", "field"),
        Para(f"โทรศัพท์{DOTS}โทรสาร{DOTS}", "field"),
        Para(f"มือถือ{DOTS}อีเมลล์{DOTS}", "field"),
        Para("", "blank"),
        Para(f"ลงชื่อ{DOTS}", "sign"),
        Para(f"({DOTS})", "sign"),
        Para(f"ตำแหน่ง{DOTS}", "sign"),
        Para(f"วันที่{DOTS}", "sign"),
        Para("", "blank"),
        Para(
            f"หมายเหตุ : กรุณาส่งแบบตอบรับการเข้าร่วมงานให้{s.office or 'หน่วยงานผู้จัด'} ภายในวันที่ {deadline}",
            "note",
        ),
        Para(" หรือ ".join(contact), "note"),
        Para(f"{who}{phone} ผู้ประสานงาน".strip(), "note"),
    ]
    return lines


def agenda(s: Settings, totals: dict[Kind, int], end, certified: int | None = None) -> list[Para]:
    """ระเบียบวาระการประชุม, with item 4's counts from the data (and, once the committee has
    decided, the number it certified)."""
    thai = s.thai_digits
    year = digits(s.fiscal_year, thai)
    p = s.province
    d = lambda x: digits(x, thai)  # noqa: E731
    return [
        Para("ระเบียบวาระการประชุม", "title"),
        Para(s.committee, "subtitle"),
        Para(_meeting_no(s, spaced=False), "subtitle"),
        Para(format_date(s.meeting_date, thai, weekday=True) if s.meeting_date else "", "subtitle"),
        Para(f"เวลา {format_time_range(s.start_time, end, thai)}" if end else "", "subtitle"),
        Para(venue_line(s), "subtitle"),
        Para("ระเบียบวาระที่ ๑ เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "heading"),
        Para(
            f"การประชุมครั้งนี้เป็นการประชุม{s.committee} {_meeting_no(s, False)} "
            "เพื่อดำเนินการพิจารณาประเมินและรับรองผู้ผ่านการประเมินตามระบบมาตรฐานการพัฒนาชุมชน (มชช.)",
            "body",
        ),
        Para("มติที่ประชุม " + DOTS, "body"),
        Para("ระเบียบวาระที่ ๒ เรื่องรับรองรายงานการประชุมครั้งที่แล้ว", "heading"),
        Para("- ไม่มี -", "body"),
        Para("ระเบียบวาระที่ ๓ เรื่องเพื่อทราบ", "heading"),
        Para("๓.๑ แนวทางการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.)", "indent"),
        Para(
            "๓.๑.๑ กลุ่มเป้าหมาย ๔ ประเภท ประกอบด้วย ๑. มาตรฐานผู้นำชุมชน ๒. มาตรฐานกลุ่ม/องค์กรชุมชน "
            "๓. มาตรฐานเครือข่ายองค์กรชุมชน ๔. มาตรฐานชุมชน",
            "indent",
        ),
        Para(
            "๓.๑.๒ ขั้นตอนการดำเนินงาน: เตรียมการ สร้างความรู้ ดำเนินการพัฒนา ประเมินรับรอง ประกาศเชิดชูเกียรติ",
            "indent",
        ),
        Para("๓.๑.๓ หลักเกณฑ์การประเมินผลระบบมาตรฐานการพัฒนาชุมชน (มชช.) (เอกสารแนบ ๑)", "indent"),
        Para("๓.๒ การแต่งตั้งกลไกการขับเคลื่อนการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.)", "indent"),
        Para(f"๓.๓ ผลการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) ปี {year}", "indent"),
        Para("มติที่ประชุม " + DOTS, "body"),
        Para("ระเบียบวาระที่ ๔ เรื่องเพื่อพิจารณา", "heading"),
        Para(
            f"การรับรองมาตรฐานการพัฒนาชุมชนจังหวัด{p} กลุ่มเป้าหมายที่สมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน "
            f"(มชช.) จังหวัด{p} ประจำปี {year} และผ่านการตรวจประเมินโดยคณะกรรมการตรวจประเมินเพื่อการรับรอง"
            f"มาตรฐานการพัฒนาชุมชนอำเภอ จำนวนทั้งสิ้น {d(sum(totals.values()))} หน่วยงาน ประกอบด้วย "
            "(เอกสารแนบ ๔)",
            "body",
        ),
        *(
            Para(
                f"{digits(i, True)}) ประเภท{k.th.replace('/', '')}",
                "indent",
                f"จำนวน {d(totals[k])} {k.unit}",
            )
            for i, k in enumerate(KINDS, start=1)
        ),
        Para(
            f"มติที่ประชุม รับรอง {d(certified)} หน่วยงาน จากทั้งหมด {d(sum(totals.values()))} หน่วยงาน"
            if certified is not None
            else "มติที่ประชุม " + DOTS,
            "body",
        ),
        Para("ระเบียบวาระที่ ๕ เรื่องอื่น ๆ (ถ้ามี)", "heading"),
        Para(DOTS + DOTS, "body"),
        Para("มติที่ประชุม " + DOTS, "body"),
    ]


def announcement(s: Settings, districts: list, cert) -> list[Para]:
    """ประกาศจังหวัด… เรื่อง ผลการรับรองมาตรฐานการพัฒนาชุมชน ประจำปี…: the certified units by
    district (presentation order) and type, numbered in Thai numerals, the total, the date line
    and the signatory, ready to sign. Units not decided yet follow on a page of their own."""
    thai = s.thai_digits
    d = lambda x: digits(x, thai)  # noqa: E731
    indent = " " * 16
    by_district: dict[str, list] = {}
    for e in cert.evaluations:
        by_district.setdefault(e.candidate.district, []).append(e)
    certified = [e for e in cert.evaluations if e.certified]
    per_kind = {k: sum(1 for e in certified if e.candidate.kind == k) for k in KINDS}
    when = f" เมื่อ{format_date(s.meeting_date, thai, weekday=True)}" if s.meeting_date else ""
    lines = [
        Para(f"ประกาศจังหวัด{s.province}", "title"),
        Para(f"เรื่อง ผลการรับรองมาตรฐานการพัฒนาชุมชน ประจำปี {d(s.fiscal_year)}", "subtitle"),
        Para("-" * 40, "center"),
        Para(
            f"{indent}ตามที่ จังหวัด{s.province} ได้ดำเนินการระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
            f"ประจำปี {d(s.fiscal_year)} เพื่อส่งเสริมและพัฒนาผู้นำชุมชน กลุ่ม/องค์กรชุมชน "
            f"เครือข่ายองค์กรชุมชน และชุมชน ให้ได้มาตรฐาน และ{s.committee} ได้พิจารณารับรองมาตรฐาน"
            f"ในการประชุม {_meeting_no(s, False)}{when} นั้น",
            "body",
        ),
        Para(
            f"{indent}จังหวัด{s.province} จึงประกาศรายชื่อกลุ่มเป้าหมายที่ผ่านการรับรองมาตรฐานการพัฒนาชุมชน "
            f"(มชช.) ประจำปี {d(s.fiscal_year)} จำนวนทั้งสิ้น {d(len(certified))} หน่วยงาน ประกอบด้วย "
            + " ".join(f"ประเภท{k.th.replace('/', '')} {d(per_kind[k])} {k.unit}" for k in KINDS)
            + " ดังนี้",
            "body",
        ),
    ]
    total = 0
    for district in districts:
        units = [e for e in by_district.get(district.code, []) if e.certified]
        if not units:
            continue
        lines.append(Para(f"อำเภอ{district.name}", "heading"))
        for k in KINDS:
            of_kind = [e for e in units if e.candidate.kind == k]
            if not of_kind:
                continue
            lines.append(
                Para(
                    f"ประเภท{k.th.replace('/', '')}", "indent", f"จำนวน {d(len(of_kind))} {k.unit}"
                )
            )
            for n, e in enumerate(of_kind, start=1):
                level = f" ระดับ{e.level}" if e.level else ""
                lines.append(Para(f"{d(n)}. {d(e.candidate.name)}{level}", "indent2"))
            total += len(of_kind)
    lines.append(Para(f"รวมผ่านการรับรองทั้งสิ้น {d(total)} หน่วยงาน", "heading"))
    lines += [
        Para(f"{indent}จึงประกาศมาเพื่อทราบโดยทั่วกัน", "body"),
        Para(f"ประกาศ ณ วันที่ {DOTS}", "center"),
        Para("", "blank"),
        Para("", "blank"),
        Para(f"({s.signatory})" if s.signatory else f"({DOTS})", "center"),
        Para(s.signatory_position or f"ผู้ว่าราชการจังหวัด{s.province}", "center"),
    ]
    pending = [e for e in cert.evaluations if not e.decision]
    if pending:
        lines.append(Para("", "pagebreak"))
        lines.append(Para(f"รอพิจารณา (ยังไม่มีมติ) {d(len(pending))} หน่วยงาน", "heading"))
        lines.append(Para("(สำหรับเลขานุการ ไม่ใช่ส่วนของประกาศ: กรอกมติในแผ่นงาน ผลการรับรอง)", "body"))
        names = {x.code: x.name for x in districts}
        for n, e in enumerate(pending, start=1):
            lines.append(
                Para(
                    f"{d(n)}. {d(e.candidate.name)} (อำเภอ{names.get(e.candidate.district, '')} "
                    f"ประเภท{e.candidate.kind.th})",
                    "indent2",
                )
            )
    return lines

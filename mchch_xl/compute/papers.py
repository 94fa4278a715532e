"""The printed documents of the seed letter, as plain data: presentation-order table, RSVP
forms and agenda. Writers (openpyxl, xlwings) only lay these out; all Thai wording is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mchch_xl.compute import fields
from mchch_xl.compute.schedule import Slot
from mchch_xl.compute.totals import DistrictCount
from mchch_xl.domain.model import KINDS, Kind, Settings
from mchch_xl.domain.schema import ORDER, ORDER_GROUP_HEADER
from mchch_xl.domain.thai import digits, format_time_range

DOTS = "." * 30
FORM_DOTS = "." * 48  # a line to write a name or a position on by hand (about 5.5 cm)


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
    day = fields.meeting_day(s)
    start = s.registration_time if from_registration else s.start_time
    return f"{day} เวลา {fields.time_range(s, start, end)}" if end else day


def venue_line(s: Settings) -> str:
    return fields.venue(s)


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
        values = {
            "order": n(slot.position),
            "name": slot.name,
            **{k.value: n(c.counts[k]) for k in KINDS},
            "total": n(c.total),
            "slot": slot_text(slot, thai),
        }
        rows.append(ORDER.row(values))
    head = {c.key: c.header for c in ORDER.columns}
    notes = [f"หมายเหตุ เวลาการนำเสนอ จำนวน {digits(s.minutes_per_district, thai)} นาที ต่ออำเภอ"]
    for b in s.breaks:
        notes.append(f"{b.label} เวลา {format_time_range(b.start, b.end, thai)}")
    if absent:
        notes.append("อำเภอที่ไม่มีกลุ่มเป้าหมายนำเสนอ: " + " ".join(absent))
    return OrderTable(
        titles=[ORDER.note, meeting_when(s, True, end), venue_line(s)],
        # the counts' columns stand under one header cell
        header_top=[
            head["order"],
            head["name"],
            ORDER_GROUP_HEADER,
            *[""] * (len(KINDS) - 1),
            head["total"],
            head["slot"],
        ],
        header=ORDER.headers,
        rows=rows,
        total=ORDER.row(
            {
                "order": "รวม",
                "name": "",
                **{k.value: n(totals[k]) for k in KINDS},
                "total": n(sum(totals.values())),
                "slot": "",
            }
        ),
        notes=notes,
    )


def rsvp_form(s: Settings, district: str, slot: Slot | None, end) -> list[Para]:
    """One district's pre-filled RSVP form, every field of the seed's form."""
    thai = s.thai_digits
    f = fields.common(s, end)
    who = fields.coordinator(s)
    lines = [
        Para("แบบตอบรับเข้าร่วม", "title"),
        Para(s.title, "subtitle"),
        Para(f"ครั้งที่ {f['meeting_no']}", "subtitle"),
        Para(
            f"{f['meeting_day']} เวลา {f['meeting_time']}" if end else f["meeting_day"], "subtitle"
        ),
        Para(f["venue"], "subtitle"),
        Para(
            fields.district_name(district)
            + (
                f" นำเสนอลำดับที่ {digits(slot.position, thai)} เวลา " + slot_text(slot, thai)
                if slot
                else ""
            ),
            "heading",
        ),
        Para(f"{digits(1, thai)}. ชื่อ - สกุล{FORM_DOTS}ตำแหน่ง{FORM_DOTS}", "field"),
        Para(f"สังกัด สำนักงานพัฒนาชุมชน{fields.district_name(district)}", "field"),
        Para(f"โทรศัพท์{FORM_DOTS}โทรสาร{FORM_DOTS}", "field"),
        Para(f"มือถือ{FORM_DOTS}อีเมลล์{FORM_DOTS}", "field"),
        Para("(   ) สามารถเข้าร่วมการประชุม", "check"),
        Para("(   ) ไม่สามารถเข้าร่วมการประชุม โดยขอมอบหมายให้ (แทน)", "check"),
        Para(f"ชื่อ - สกุล{FORM_DOTS}ตำแหน่ง{FORM_DOTS}", "field"),
        Para(f"โทรศัพท์{FORM_DOTS}โทรสาร{FORM_DOTS}", "field"),
        Para(f"มือถือ{FORM_DOTS}อีเมลล์{FORM_DOTS}", "field"),
        Para("", "blank"),
        Para(f"ลงชื่อ{DOTS}", "sign"),
        Para(f"({DOTS})", "sign"),
        Para(f"ตำแหน่ง{DOTS}", "sign"),
        Para(f"วันที่{DOTS}", "sign"),
        Para("", "blank"),
        Para(
            f"หมายเหตุ : กรุณาส่งแบบตอบรับการเข้าร่วมงานให้{f['office'] or 'หน่วยงานผู้จัด'} "
            f"ภายในวันที่ {fields.deadline(s)}",
            "note",
        ),
        Para(fields.contact(s), "note"),
        Para(f"{who} ผู้ประสานงาน".strip(), "note"),
    ]
    return lines


def agenda(s: Settings, totals: dict[Kind, int], end) -> list[Para]:
    """ระเบียบวาระการประชุม as the sheet prints it, from the Word agenda's fields."""
    f = fields.agenda(s, totals, end)
    out = [
        Para("ระเบียบวาระการประชุม", "title"),
        Para(f["committee"], "subtitle"),
        Para(f"ครั้งที่ {f['meeting_no']}", "subtitle"),
        Para(f["meeting_day"], "subtitle"),
        Para(f"เวลา {f['agenda_time']}", "subtitle"),
        Para(f["venue"], "subtitle"),
    ]
    for item in f["items"]:
        out.append(Para(item["heading"], "heading"))
        out += [Para(t, "body") for t in item["body"]]
        for stage in item["stages"]:  # the Word agenda's table, a line a stage
            tasks = " ".join(t.removeprefix("- ") for t in stage["tasks"])
            out.append(Para(f"- {stage['name']} {stage['months']}: {tasks}", "body"))
        out += [Para(t, "body") for t in item["after"]]
        out += [Para(c["label"], "indent", c["count"]) for c in item["counts"]]
        out.append(Para("มติที่ประชุม " + item["resolution"], "body"))
    return out


def announcement(s: Settings, districts: list, cert) -> list[Para]:
    """ประกาศจังหวัด… as the sheet prints it, from the Word announcement's fields; the units
    not decided yet follow on a page of their own (for the secretary)."""
    f = fields.announcement(s, districts, cert)
    indent = " " * 16
    lines = [
        Para(f"ประกาศจังหวัด{s.province}", "title"),
        Para(f"เรื่อง {f['title']}", "subtitle"),
        Para("-" * 40, "center"),
        *(Para(indent + t, "body") for t in f["body"]),
    ]
    for district in f["districts"]:
        lines.append(Para(district["name"], "heading"))
        for k in district["kinds"]:
            lines.append(Para(k["label"], "indent", k["count"]))
            lines += [Para(u, "indent2") for u in k["units"]]
    lines += [
        Para(f["total"], "heading"),
        Para(indent + f["closing"], "body"),
        Para(f"ประกาศ ณ วันที่ {f['announced']}", "center"),
        Para("", "blank"),
        Para("", "blank"),
        Para(f"({f['signatory']})", "center"),
        Para(f["signatory_position"], "center"),
    ]
    if f["pending"]:
        lines.append(Para("", "pagebreak"))
        lines.append(
            Para(
                f"รอพิจารณา (ยังไม่มีมติ) {digits(len(f['pending']), s.thai_digits)} หน่วยงาน", "heading"
            )
        )
        lines.append(Para("(สำหรับเลขานุการ ไม่ใช่ส่วนของประกาศ: กรอกมติในแผ่นงาน ผลการรับรอง)", "body"))
        lines += [Para(p, "indent2") for p in f["pending"]]
    return lines

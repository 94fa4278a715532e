"""Every sheet mchch-xl writes, rendered as a plain grid: values from A1, a style name per cell,
merges, row heights, page breaks and validations. Pure Python, no workbook objects.

Both writers use these grids: ``files.writer`` (openpyxl: values and styles, headless) and
``xl.actions`` (xlwings: values only, in the open workbook), so Excel and the command line
write the very same values cell for cell.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from typing import Any, Iterable

from mchch_xl.checks import Checked
from mchch_xl.compute import Results
from mchch_xl.compute.carryover import earlier_certifications, history_note
from mchch_xl.compute.papers import Para
from mchch_xl.domain.issues import SEVERITY_TH, Report, issue
from mchch_xl.domain.model import DIGITS_TH, KINDS, ORDER_POLICY_TH, ROUND_TH, MasterData, Settings
from mchch_xl.domain.schema import (
    AGENDA,
    ANNOUNCE,
    CANDIDATES,
    COMMITTEE,
    DISTRICTS,
    FIRST_DATA_ROW,
    FONT_SIZE,
    HEADER_ROW,
    ISSUES,
    KIND_CHOICES,
    ORDER,
    RESOLUTIONS,
    RESULTS,
    RESULTS_HISTORY,
    ROW_HEIGHT,
    RSVP,
    SETTINGS,
    SETTINGS_FIELDS,
    SUMMARY,
    TRACKER,
    Sheet,
    letter,
)
from mchch_xl.domain.thai import THAI_MONTHS, be_year
from mchch_xl.layout.grid import (
    Chart,
    Grid,
    Validation,
    fit,
    fit_columns,
    table,
)


def setting_text(key: str, value: Any) -> Any:
    """A setting as staff type it: dates "1 พฤษภาคม 2568", times "09.00", Thai choice labels."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return f"{value.day} {THAI_MONTHS[value.month - 1]} {be_year(value)}"
    if isinstance(value, dt.time):
        return f"{value.hour:02d}.{value.minute:02d}"
    if key == "breaks":
        return "; ".join(f"{b.start:%H.%M}-{b.end:%H.%M} {b.label}" for b in value)
    if key == "order_policy":
        return ORDER_POLICY_TH[value]
    if key == "deciding_round":  # shown by its Thai name, never the machine value "committee"
        return ROUND_TH[value]
    if key == "digits":
        return DIGITS_TH.get(value, value)
    return value


def settings_grid(settings: Settings) -> Grid:
    rows = [
        [s.label, setting_text(s.key, getattr(settings, s.key)), s.help, s.key]
        for s in SETTINGS_FIELDS
    ]
    g = table(SETTINGS, rows)
    g.landscape = True
    keys = [s.key for s in SETTINGS_FIELDS]
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows)):
        fit_columns(g, r, ("label", "value", "help"))
        g.styles[(r, 4)] = "small"
    g.hidden_columns.append(4)  # the machine key; staff read the label in column A
    g.validations += [
        Validation(
            f"B{FIRST_DATA_ROW + keys.index('order_policy')}",
            tuple(ORDER_POLICY_TH.values()),
            prompt="วิธีจัดลำดับการนำเสนอ",
        ),
        Validation(
            f"B{FIRST_DATA_ROW + keys.index('digits')}",
            tuple(DIGITS_TH.values()),
            prompt="ตัวเลขไทยหรืออารบิกในเอกสาร",
        ),
    ]
    return g


LAST_INPUT_ROW = 2000


def input_grid(
    sheet: Sheet, rows: list[list[Any]], note: str | None = None, extra_headers: Iterable[str] = ()
) -> Grid:
    """An input table; columns that staff added after the schema's (``extra_headers``, their
    values after the schema's in each row) are written back after them, never dropped."""
    g = table(sheet, rows, note)
    n = len(sheet.columns)
    for i, header in enumerate(extra_headers, start=n + 1):
        g.set(HEADER_ROW, i, header, "header")
        g.widths.append(14)
        for r, values in enumerate(rows, start=FIRST_DATA_ROW):
            if i - 1 < len(values) and values[i - 1] is not None:
                g.set(r, i, values[i - 1], "text")
    end = FIRST_DATA_ROW + len(rows) - 1
    g.autofilter = f"A{HEADER_ROW}:{letter(len(g.widths))}{max(end, HEADER_ROW)}"
    last = LAST_INPUT_ROW
    if "kind" in {c.key for c in sheet.columns}:
        k = letter(sheet.index("kind") + 1)
        g.validations.append(
            Validation(f"{k}{FIRST_DATA_ROW}:{k}{last}", KIND_CHOICES, prompt="ประเภทกลุ่มเป้าหมาย")
        )
    if sheet is CANDIDATES:
        d = letter(sheet.index("district") + 1)
        names = letter(DISTRICTS.index("name") + 1)  # the districts' names, as staff pick them
        g.validations.append(
            Validation(
                f"{d}{FIRST_DATA_ROW}:{d}{last}",
                formula=f"'{DISTRICTS.title}'!${names}${FIRST_DATA_ROW}:${names}${last}",
                prompt="เลือกอำเภอ",
                strict=False,
            )
        )
    if sheet is COMMITTEE:  # empty allowed: filled in at the meeting
        a = letter(sheet.index("attendance") + 1)
        choices = sheet.column("attendance").choices
        g.validations.append(
            Validation(
                f"{a}{FIRST_DATA_ROW}:{a}{last}",
                choices,
                prompt="การมาประชุม",
                error="เลือก " + " / ".join(choices) + " (เว้นว่างได้ก่อนวันประชุม)",
            )
        )
    return g


# -- outputs ----------------------------------------------------------------------------------


def summary_grid(results: Results) -> Grid:
    pos = {s.code: s.position for s in results.slots}
    rows = [
        [
            c.code,
            c.name,
            pos.get(c.code),
            *(c.counts[k] for k in KINDS),
            c.total,
            c.scored,
            c.passed,
            c.certified,
        ]
        for c in results.counts
    ]
    rows.append(
        [
            None,
            "รวม",
            None,
            *(results.totals[k] for k in KINDS),
            results.total,
            sum(c.scored for c in results.counts),
            sum(c.passed for c in results.counts),
            sum(c.certified for c in results.counts),
        ]
    )
    g = table(SUMMARY, rows, all_output=True)
    g.landscape = False
    last = FIRST_DATA_ROW + len(rows) - 1
    for i in range(1, len(SUMMARY.columns) + 1):
        g.styles[(last, i)] = "total"
    if results.counts:  # below the table, each as wide as the page
        end = last - 1  # the districts, not the รวม row
        rows = math.ceil(chart_height_cm(end - FIRST_DATA_ROW + 1) / (ROW_HEIGHT * 2.54 / 72)) + 1
        kinds = tuple(SUMMARY.index(k.value) + 1 for k in KINDS)
        g.charts.append(
            Chart(
                "จำนวนกลุ่มเป้าหมายรายอำเภอ แยกตามประเภท",
                FIRST_DATA_ROW,
                end,
                kinds,
                SUMMARY.index("name") + 1,
                f"A{last + 2}",
                stacked=True,
                y_title="ราย",
            )
        )
        g.charts.append(
            Chart(
                "ผ่านเกณฑ์เทียบกับจำนวนที่เสนอ",
                FIRST_DATA_ROW,
                end,
                (SUMMARY.index("total") + 1, SUMMARY.index("passed") + 1),
                SUMMARY.index("name") + 1,
                f"A{last + 2 + rows}",
                y_title="ราย",
            )
        )
        # the anchors count rows of ROW_HEIGHT: rows left at the default height (15 pt) made the
        # second chart start inside the first
        for r in range(last + 1, last + 3 + 2 * rows):
            g.heights[r] = ROW_HEIGHT
    return g


def chart_height_cm(categories: int) -> float:
    return max(8.0, 0.55 * categories)


def order_grid(results: Results) -> Grid:
    """The seed's table: 3 title lines, a heading, a two-row header, one row per district."""
    t = results.order_table
    n = len(ORDER.columns)
    g = Grid(ORDER, widths=[c.width for c in ORDER.columns])
    full = sum(g.widths)
    r = 1
    for i, line in enumerate(t.titles):
        g.set(r, 1, line, "title_center" if i == 0 else "center")
        g.merges.append((r, 1, r, n))
        fit(g, r, [(line, full)])
        r += 1
    g.set(r, 1, "ลำดับการนำเสนอ", "title_center")
    g.merges.append((r, 1, r, n))
    g.heights[r] = ROW_HEIGHT
    top, second = r + 1, r + 2
    for i, text in enumerate(t.header_top, start=1):
        g.set(top, i, text or None, "header")
    for i, text in enumerate(t.header, start=1):
        g.set(second, i, text if 3 <= i <= 6 else None, "header")
    g.merges += [(top, i, second, i) for i in (1, 2, 7, 8)] + [(top, 3, top, 6)]
    g.heights[top] = ROW_HEIGHT
    fit(g, second, [(h, c.width) for h, c in zip(t.header, ORDER.columns)])
    r = second + 1
    for row in t.rows:
        for i, value in enumerate(row, start=1):
            g.set(r, i, value, "boxed_left" if i == 2 else "boxed")
        g.heights[r] = ROW_HEIGHT
        r += 1
    for i, value in enumerate(t.total, start=1):
        g.set(r, i, value if value != "" else None, "boxed_bold")
    g.merges.append((r, 1, r, 2))
    g.heights[r] = ROW_HEIGHT
    r += 1
    for note in t.notes:  # a long list of districts wraps: the row grows to hold it
        g.set(r, 1, note, "text_plain")
        g.merges.append((r, 1, r, n))
        fit(g, r, [(note, full)])
        r += 1
    g.title_rows = f"{top}:{second}"
    return g


_PARA_STYLE = {
    "title": "title_big",
    "subtitle": "title_center",
    "heading": "bold",
    "sign": "right",
    "center": "center",
}


def _paras(g: Grid, paras: list[Para], start: int, right_col: bool) -> int:
    """Printed lines into column A (merged over A:B where a line has no second column)."""
    # Sarabun's real widths and Thai's ragged wrap: a paragraph never runs into the next
    r = start
    for p in paras:
        pad = {"indent": 4, "field": 4, "check": 4, "indent2": 8}.get(p.style, 0)
        text = " " * pad + p.text if pad else p.text
        g.set(r, 1, text or None, _PARA_STYLE.get(p.style, "text_plain"))
        size = 18 if p.style == "title" else FONT_SIZE
        bold = p.style in ("title", "subtitle", "heading")
        if p.right:
            g.set(r, 2, p.right, "text_plain")
            fit(g, r, [(text, g.widths[0]), (p.right, g.widths[1])], size, bold)
        else:
            if right_col:
                g.merges.append((r, 1, r, 2))
            fit(g, r, [(text, sum(g.widths) if right_col else g.widths[0])], size, bold)
        r += 1
    return r


RSVP_SCALE = 100  # one form per A4 page, at full size: the column is as wide as the page (16 cm)


def rsvp_grid(results: Results) -> Grid:
    """One pre-filled form per district, each on its own A4 page."""
    g = Grid(RSVP, widths=[c.width for c in RSVP.columns], print_scale=RSVP_SCALE)
    r = 1
    for i, (_district, _slot, paras) in enumerate(results.rsvp):
        r = _paras(g, paras, r, right_col=False)
        if i < len(results.rsvp) - 1:
            g.breaks.append(r - 1)
    return g


def agenda_grid(results: Results) -> Grid:
    g = Grid(AGENDA, widths=[c.width for c in AGENDA.columns])
    _paras(g, results.agenda, 1, right_col=True)
    return g


def tracker_grid(data: MasterData, results: Results) -> Grid:
    """Presenting districts first (in order), then the others; staff's entries are kept."""
    slots = {s.code: s for s in results.slots}
    rows = []
    for d in results.order + results.absent:
        s = slots.get(d.code)
        kept = data.responses.get(d.code, {})
        typed = {c.key: kept.get(c.key) for c in TRACKER.columns if not c.output}
        rows.append(
            TRACKER.row(
                {
                    **typed,
                    "order": s.position if s else None,
                    "code": d.code,
                    "name": d.name,
                    "slot": f"{s.start:%H.%M}-{s.end:%H.%M} น." if s else "ไม่มีการนำเสนอ",
                }
            )
        )
    g = table(TRACKER, rows)
    g.landscape = True
    status = TRACKER.column("status")
    col = letter(TRACKER.index("status") + 1)
    g.validations.append(
        Validation(
            f"{col}{FIRST_DATA_ROW}:{col}{FIRST_DATA_ROW + max(len(rows), 1)}",
            status.choices,
            prompt="สถานะการตอบรับ",
        )
    )
    return g


def issues_grid(report: Report) -> Grid:
    rows = [
        ISSUES.row(
            {
                "no": n,
                "severity": SEVERITY_TH[i.severity],
                "code": i.code,
                "file": i.file,
                "sheet": i.sheet,
                "row": i.row,
                "column": i.column,
                "value": i.value,
                "message": i.message_th,
                "message_en": i.message_en,
                "fix": i.fix,
                "also": i.also,
                "row_key": dict(i.params).get("row_key"),
            }
        )
        for n, i in enumerate(report.issues, start=1)
    ]
    if not rows:
        rows = [ISSUES.row({"message": "ไม่พบปัญหา", "message_en": "No issues found"})]
    g = table(ISSUES, rows)
    g.hidden_columns.append(ISSUES.index("row_key") + 1)  # for the next run, not for reading
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows)):
        fit_columns(g, r, ("value", "message", "message_en", "fix", "also"))
    return g


def _round(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(x, digits)


def results_grid(data: MasterData, results: Results) -> Grid:
    """ผลการรับรอง: grouped by district in presentation order, then by type; the committee's
    decisions (typed by the secretary) are kept across recalculations."""
    by_district: dict[str, list] = {}
    earlier = {
        cid: history_note(units, data.settings.thai_digits)
        for cid, units in earlier_certifications(data).items()
    }
    for e in results.certification.evaluations:
        by_district.setdefault(e.candidate.district, []).append(e)
    rows = []
    for d in results.order + results.absent:
        for k in KINDS:
            for e in by_district.get(d.code, []):
                if e.candidate.kind != k:
                    continue
                typed = data.typed_decisions.get(e.candidate.id, {})
                rows.append(
                    {
                        "no": len(rows) + 1,
                        "district": d.name,
                        "kind": k.th,
                        "id": e.candidate.id,
                        "name": e.candidate.name,
                        "total": _round(e.total),
                        "percent": _round(e.percent),
                        "result": e.result,
                        "level": e.level or None,
                        "failed": " ".join(e.failed_must) or None,
                        "improvement": _round(e.improvement),
                        "decision": typed.get("decision"),
                        "decision_note": typed.get("decision_note"),
                        # a master started from last year's: earlier certifications
                        "history": earlier.get(e.candidate.id),
                    }
                )
    # a decision typed for a candidate that is not in the computation (its row has an error, or
    # its id was mistyped) is kept at the end, as typed: nothing the secretary typed is erased
    shown = {e.candidate.id for e in results.certification.evaluations}
    for ident, typed in data.typed_decisions.items():
        if ident not in shown:
            rows.append(
                {
                    "no": len(rows) + 1,
                    "id": ident,
                    "decision": typed.get("decision"),
                    "decision_note": typed.get("decision_note"),
                }
            )
    sheet = RESULTS
    if data.history:
        sheet = replace(RESULTS, columns=RESULTS.columns + (RESULTS_HISTORY,))
    g = table(sheet, [sheet.row(v) for v in rows])
    wrapped = ("district", "kind", "name", "failed", *(("history",) if data.history else ()))
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows)):  # long names wrap
        fit_columns(g, r, wrapped)
    col = letter(RESULTS.index("decision") + 1)
    g.validations.append(
        Validation(
            f"{col}{FIRST_DATA_ROW}:{col}{FIRST_DATA_ROW + max(len(rows), 1)}",
            RESULTS.column("decision").choices,
            prompt="มติที่ประชุม",
            error="เลือก รับรอง / ไม่รับรอง / ให้ปรับปรุง",
        )
    )
    return g


def announce_grid(results: Results, pending: bool = True) -> Grid:
    """ประกาศจังหวัด, ready to sign; the list still waiting for a decision (for the secretary)
    follows on its own page (left out of the packet with ``pending=False``)."""
    g = Grid(ANNOUNCE, widths=[c.width for c in ANNOUNCE.columns])
    r = 1
    for p in results.announcement:
        if p.style == "pagebreak":
            if not pending:
                break
            g.breaks.append(r - 1)
            continue
        r = _paras(g, [p], r, right_col=True)
    return g


def packet_grids(checked: Checked, results: Results) -> list[list[Grid]]:
    """The packet's sheets, in order and in parts each printed and numbered on its own (the
    letter and the agenda come before them, the announcement after, from their Word
    templates): the presentation order; the RSVP forms, one page each; the results (once
    criteria give results, titled, in the setting's numerals)."""
    from mchch_xl.layout.paper import results_print_grid

    s = checked.data.settings
    parts = [
        # their texts already follow the digit rule (compute.fields): a Line ID stays as stored
        [private(order_grid(results))],
        [private(rsvp_grid(results))],
    ]
    cert = results.certification
    if any(e.level or e.result in ("ผ่าน", "ไม่ผ่าน") for e in cert.evaluations):
        # its numerals already follow the rule, column by column (ids as stored)
        parts.append([private(results_print_grid(results_grid(checked.data, results), s))])
    return parts


def printable(grids: list[Grid], names: tuple[str, ...] = ()) -> list[Grid]:
    """Grids as LibreOffice prints them: time ranges, numbers and district names held together
    (``thai.hold``, ``thai.glue``) so that a wrapped cell never breaks inside them."""
    from mchch_xl.domain.thai import glue, hold

    for g in grids:
        g.values = [
            [glue(hold(v, names)) if isinstance(v, str) else v for v in row] for row in g.values
        ]
    return grids


def letter_sheet(checked: Checked, results: Results) -> Grid:
    from mchch_xl.compute.fields import letter
    from mchch_xl.layout.paper import letter_grid

    s = checked.data.settings
    return letter_grid(s, letter(s, results.end))


def output_grids(checked: Checked, results: Results) -> list[Grid]:
    """Every output sheet, in schema order."""
    from mchch_xl.compute.fields import AGENDA_TITLES
    from mchch_xl.compute.shortlist import shortlist
    from mchch_xl.compute.status import year_status
    from mchch_xl.layout.overview import overview_grid
    from mchch_xl.layout.paper import resolutions_grid, shortlist_grid

    data = checked.data
    grids = [
        overview_grid(year_status(data, results, checked.report)),
        summary_grid(results),
        letter_sheet(checked, results),
        order_grid(results),
        rsvp_grid(results),
        tracker_grid(data, results),
        agenda_grid(results),
        results_grid(data, results),
        announce_grid(results),
        resolutions_grid(data, AGENDA_TITLES),
        shortlist_grid(shortlist(data, results.certification)),
    ]
    for g in grids:  # before the issues sheet: a value with no row to go to is one of them
        staff_columns(g, data, checked)
    return [private(g) for g in (*grids, issues_grid(checked.report))]


# the column that names a row of an output sheet staff type into
ROW_KEY = {TRACKER.title: "code", RESULTS.title: "id", RESOLUTIONS.title: "item"}


def staff_columns(grid: Grid, data: MasterData, checked: Checked) -> None:
    """The columns staff added to an output sheet, laid again after the sheet's own columns,
    each value on the row of the same key (district code, candidate id, agenda item). A value
    whose row is no longer laid is said not kept (SHEET_007), with its text."""
    title = grid.sheet.title
    headers, by_key = data.staff_columns.get(title, ([], {}))
    if not headers:
        return
    key = ROW_KEY[title]
    at = grid.sheet.index(key)
    first = max(len(r) for r in grid.values) + 1
    grid.widths += [16] * (first - 1 + len(headers) - len(grid.widths))  # (widths by position)
    for j, header in enumerate(headers):
        grid.set(HEADER_ROW, first + j, header, "header")
    placed = set()
    for r in range(FIRST_DATA_ROW, len(grid.values) + 1):
        line = grid.values[r - 1]
        ident = line[at] if at < len(line) else None
        if ident is None or str(ident) not in by_key:
            continue
        placed.add(str(ident))
        for j, value in by_key[str(ident)].items():  # a date stays a date, not its serial
            grid.set(r, first + j, value, "date" if isinstance(value, dt.date) else "body")
    for ident, values in by_key.items():
        if ident in placed:
            continue
        for j, value in values.items():
            checked.report.add(
                issue(
                    "SHEET_007",
                    sheet=title,
                    value=value,
                    header="" if headers[j] is None else headers[j],
                    key=f"{grid.sheet.column(key).header} {ident} อยู่แล้ว",
                )
            )


def private(grid: Grid) -> Grid:
    """The grid with every national ID written in it masked (PDPA): an ID typed into a name,
    a note or used as a candidate id never reaches an output sheet or the packet in full."""
    from mchch_xl.domain.personal import redact

    grid.values = [[redact(v) for v in row] for row in grid.values]
    return grid


__all__ = ["Grid", "Validation", "output_grids", "input_grid", "settings_grid", "setting_text"]

"""Writing the master workbook with openpyxl, laid out from the one schema.

Input text is never allowed to become a formula: every string goes through ``put``, which keeps
a leading "=" literal (data type "s" plus the quote prefix Excel shows as ').
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from copy import copy
from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break as PageBreak
from openpyxl.worksheet.worksheet import Worksheet

from ..checks import Checked
from ..compute import Results
from ..compute.documents import Para
from ..issues import SEVERITY_TH, FatalError, Report, issue
from ..model import DIGITS_TH, KINDS, ORDER_POLICY_TH, Break, MasterData, Settings
from ..schema import (AGENDA, ALL_SHEETS, CANDIDATES, DISTRICTS, FIRST_DATA_ROW, FONT_NAME,
                      FONT_SIZE, HEADER_ROW, INDICATORS, ISSUES, KIND_CHOICES, MARGINS_CM, ORDER,
                      OUTPUT_SHEETS, ROW_HEIGHT, RSVP, SCORES, SETTINGS, SETTINGS_FIELDS,
                      SUMMARY, TRACKER, Sheet)
from ..thai import THAI_MONTHS, be_year
from .files import save_atomic

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
OUTPUT_FILL = PatternFill("solid", fgColor="F2F2F2")
NOTE_FILL = PatternFill("solid", fgColor="FFF2CC")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def font(bold: bool = False, size: int = FONT_SIZE) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold)


BODY, BOLD = font(), font(True)


def put(ws: Worksheet, row: int, col: int, value: Any, style: Font | None = BODY,
        align: Alignment | None = None, fmt: str | None = None, border: Border | None = None,
        fill: PatternFill | None = None):
    """Write one value; text is always literal text, never a formula.

    Styles are resolved once per combination and then copied as openpyxl's internal style
    array: assigning Font/Alignment objects cell by cell hashes them every time (half of a
    recalculation's time, measured)."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
        cell.quotePrefix = True
    if style is None and align is None and fmt is None and border is None and fill is None:
        return cell
    # style arrays index the workbook's own style tables: cache them per workbook
    cache = ws.parent.__dict__.setdefault("_mchch_style_cache", {})
    key = (id(style), id(align), fmt, id(border), id(fill), cell.quotePrefix)
    cached = cache.get(key)
    if cached is not None:
        cell._style = copy(cached)
        return cell
    if style is not None:
        cell.font = style
    if align is not None:
        cell.alignment = align
    if fmt:
        cell.number_format = fmt
    if border is not None:
        cell.border = border
    if fill is not None:
        cell.fill = fill
    cache[key] = copy(cell._style)
    return cell


def _display_width(text: str) -> float:
    """Width in Thai letters: marks above and below take none, dots and spaces about a third."""
    width = 0.0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 0.35 if ch in ". ()" else 0.7 if ch.isascii() else 1.0
    return width


def fit_height(ws: Worksheet, row: int, texts: Iterable[tuple[str, float]]) -> None:
    """Row height for wrapped Thai text: 24 pt a line at 16 pt (stacked marks need the room)."""
    lines = 1
    for text, width in texts:
        if text:
            # a Thai letter at 16 pt is about 1.5 width units (one unit = Calibri 11's "0")
            per_line = max(1.0, width * 0.65)
            lines = max(lines, sum(math.ceil(max(1, _display_width(part)) / per_line)
                                   for part in str(text).split("\n")))
    ws.row_dimensions[row].height = ROW_HEIGHT * lines


def print_setup(ws: Worksheet, landscape: bool = False, title_rows: str | None = None) -> None:
    """Official print layout: A4, 3 cm left and 2 cm right margins, fit to page width."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    cm = 1 / 2.54
    ws.page_margins.left = MARGINS_CM["left"] * cm
    ws.page_margins.right = MARGINS_CM["right"] * cm
    ws.page_margins.top = MARGINS_CM["top"] * cm
    ws.page_margins.bottom = MARGINS_CM["bottom"] * cm
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "หน้า &P / &N"
    ws.oddFooter.center.font = FONT_NAME


def _widths(ws: Worksheet, sheet: Sheet) -> None:
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[_letter(i)].width = col.width


def _letter(i: int) -> str:
    out = ""
    while i:
        i, rem = divmod(i - 1, 26)
        out = chr(65 + rem) + out
    return out


def _header(ws: Worksheet, sheet: Sheet, row: int = HEADER_ROW) -> None:
    put(ws, 1, 1, sheet.note, BOLD, LEFT)
    for i, col in enumerate(sheet.columns, start=1):
        put(ws, row, i, col.header, BOLD, CENTER, border=BOX, fill=HEADER_FILL)
    ws.row_dimensions[1].height = ROW_HEIGHT
    fit_height(ws, row, [(c.header, c.width) for c in sheet.columns])
    _widths(ws, sheet)
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _table_rows(ws: Worksheet, sheet: Sheet, rows: Iterable[list[Any]], start: int = FIRST_DATA_ROW,
                fill: PatternFill | None = None) -> int:
    r = start
    for values in rows:
        for i, (col, value) in enumerate(zip(sheet.columns, values), start=1):
            put(ws, r, i, value, BODY, CENTER if col.type in ("int", "code", "number") else LEFT,
                "@" if col.type == "code" else (col.number_format if col.number_format != "General" else None),
                BOX, fill)
        ws.row_dimensions[r].height = ROW_HEIGHT
        r += 1
    return r


def _list_validation(ws: Worksheet, choices: Iterable[str] | str, ref: str, prompt: str,
                     strict: bool = True) -> None:
    formula = choices if isinstance(choices, str) else '"' + ",".join(choices) + '"'
    dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                        errorStyle="stop" if strict else "warning")
    dv.promptTitle, dv.prompt = "เลือกจากรายการ", prompt
    dv.errorTitle, dv.error = "ค่าไม่อยู่ในรายการ", "กรุณาเลือกค่าจากรายการ"
    dv.showInputMessage = dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(ref)


# -- settings as text the way staff type them -------------------------------------------------

def setting_text(key: str, value: Any) -> Any:
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
    if key == "digits":
        return DIGITS_TH.get(value, value)
    return value


def settings_rows(settings: Settings) -> list[list[Any]]:
    return [[s.label, setting_text(s.key, getattr(settings, s.key)), s.help, s.key]
            for s in SETTINGS_FIELDS]


# -- a new master -----------------------------------------------------------------------------

def new_workbook(settings: Settings, tables: dict[str, list[list[Any]]],
                 notes: dict[str, str] | None = None) -> Workbook:
    """A master with every input sheet filled from ``tables`` (schema key -> rows in column
    order) and empty output sheets; a recalculation fills the outputs."""
    notes = notes or {}
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in ALL_SHEETS:
        wb.create_sheet(sheet.title)
    ws = wb[SETTINGS.title]
    _header(ws, SETTINGS)
    _table_rows(ws, SETTINGS, settings_rows(settings))
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(SETTINGS_FIELDS)):
        fit_height(ws, r, [(ws.cell(r, 3).value, SETTINGS.columns[2].width)])
        ws.cell(r, 4).font = font(size=10)
    ws.column_dimensions["D"].hidden = True  # the machine key; the label in A is what staff read
    pol_row = FIRST_DATA_ROW + [s.key for s in SETTINGS_FIELDS].index("order_policy")
    dig_row = FIRST_DATA_ROW + [s.key for s in SETTINGS_FIELDS].index("digits")
    _list_validation(ws, ORDER_POLICY_TH.values(), f"B{pol_row}", "วิธีจัดลำดับการนำเสนอ")
    _list_validation(ws, DIGITS_TH.values(), f"B{dig_row}", "ตัวเลขไทยหรืออารบิกในเอกสาร")
    print_setup(ws, landscape=True)

    for sheet in (DISTRICTS, CANDIDATES, INDICATORS, SCORES):
        ws = wb[sheet.title]
        _header(ws, sheet)
        if sheet.key in notes:
            put(ws, 1, 1, notes[sheet.key], BOLD, LEFT, fill=NOTE_FILL)
        end = _table_rows(ws, sheet, tables.get(sheet.key, []))
        ws.auto_filter.ref = f"A{HEADER_ROW}:{_letter(len(sheet.columns))}{max(end - 1, HEADER_ROW)}"
        print_setup(ws, landscape=len(sheet.columns) > 5, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    last = 2000
    cand = wb[CANDIDATES.title]
    kcol = _letter(CANDIDATES.index("kind") + 1)
    dcol = _letter(CANDIDATES.index("district") + 1)
    _list_validation(cand, KIND_CHOICES, f"{kcol}{FIRST_DATA_ROW}:{kcol}{last}", "ประเภทกลุ่มเป้าหมาย")
    _list_validation(cand, f"'{DISTRICTS.title}'!$B${FIRST_DATA_ROW}:$B${last}",
                     f"{dcol}{FIRST_DATA_ROW}:{dcol}{last}", "เลือกอำเภอ", strict=False)
    ind = wb[INDICATORS.title]
    kcol = _letter(INDICATORS.index("kind") + 1)
    _list_validation(ind, KIND_CHOICES, f"{kcol}{FIRST_DATA_ROW}:{kcol}{last}", "ประเภทกลุ่มเป้าหมาย")
    return wb


# -- outputs ----------------------------------------------------------------------------------

def _fresh_sheet(wb: Workbook, sheet: Sheet) -> Worksheet:
    """Replace an output sheet by an empty one at the same position."""
    if sheet.title in wb.sheetnames:
        idx = wb.sheetnames.index(sheet.title)
        wb.remove(wb[sheet.title])
        return wb.create_sheet(sheet.title, idx)
    return wb.create_sheet(sheet.title)


def write_summary(wb: Workbook, results: Results) -> None:
    ws = _fresh_sheet(wb, SUMMARY)
    _header(ws, SUMMARY)
    pos = {s.code: s.position for s in results.slots}
    rows = [[c.code, c.name, pos.get(c.code), *(c.counts[k] for k in KINDS), c.total, c.scored]
            for c in results.counts]
    end = _table_rows(ws, SUMMARY, rows, fill=OUTPUT_FILL)
    total = ["", "รวม", None, *(results.totals[k] for k in KINDS), results.total,
             sum(c.scored for c in results.counts)]
    _table_rows(ws, SUMMARY, [total], start=end)
    for i in range(1, len(SUMMARY.columns) + 1):
        ws.cell(end, i).font = BOLD
    print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def write_order(wb: Workbook, results: Results) -> None:
    """The seed's table: 3 title lines, a heading, a two-row header, one row per district."""
    t = results.order_table
    ws = _fresh_sheet(wb, ORDER)
    _widths(ws, ORDER)
    ncol = len(ORDER.columns)
    last = _letter(ncol)
    r = 1
    for i, line in enumerate(t.titles):
        put(ws, r, 1, line, BOLD if i == 0 else BODY, CENTER)
        ws.merge_cells(f"A{r}:{last}{r}")
        fit_height(ws, r, [(line, sum(c.width for c in ORDER.columns))])
        r += 1
    put(ws, r, 1, "ลำดับการนำเสนอ", BOLD, CENTER)
    ws.merge_cells(f"A{r}:{last}{r}")
    ws.row_dimensions[r].height = ROW_HEIGHT
    r += 1
    top, second = r, r + 1
    for i, text in enumerate(t.header_top, start=1):
        put(ws, top, i, text or None, BOLD, CENTER, border=BOX, fill=HEADER_FILL)
    for i, text in enumerate(t.header, start=1):
        put(ws, second, i, text if 3 <= i <= 6 else None, BOLD, CENTER, border=BOX, fill=HEADER_FILL)
    for i in (1, 2, 7, 8):
        ws.merge_cells(start_row=top, start_column=i, end_row=second, end_column=i)
    ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=6)
    ws.row_dimensions[top].height = ROW_HEIGHT
    fit_height(ws, second, [(h, c.width) for h, c in zip(t.header, ORDER.columns)])
    r = second + 1
    for row in [*t.rows, t.total]:
        is_total = row is t.total
        for i, value in enumerate(row, start=1):
            put(ws, r, i, value, BOLD if is_total else BODY, LEFT if i == 2 else CENTER, border=BOX)
        if is_total:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        ws.row_dimensions[r].height = ROW_HEIGHT
        r += 1
    for note in t.notes:
        put(ws, r, 1, note, BODY, LEFT)
        ws.merge_cells(f"A{r}:{last}{r}")
        ws.row_dimensions[r].height = ROW_HEIGHT
        r += 1
    print_setup(ws, title_rows=f"{top}:{second}")


_PARA_FONT = {"title": font(True, 18), "subtitle": BOLD, "heading": BOLD}
_PARA_ALIGN = {"title": CENTER, "subtitle": CENTER, "sign": Alignment(horizontal="right", vertical="center")}


def _paras(ws: Worksheet, paras: list[Para], start: int, width: float, right_col: bool) -> int:
    r = start
    for p in paras:
        text = ("    " + p.text) if p.style in ("indent", "field", "check") else p.text
        put(ws, r, 1, text or None, _PARA_FONT.get(p.style, BODY), _PARA_ALIGN.get(p.style, LEFT))
        if p.right:
            put(ws, r, 2, p.right, BODY, LEFT)
        if right_col and not p.right:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        fit_height(ws, r, [(text, width)])
        r += 1
    return r


def write_rsvp(wb: Workbook, results: Results) -> None:
    """One pre-filled form per district, each on its own A4 page."""
    ws = _fresh_sheet(wb, RSVP)
    width = RSVP.columns[0].width
    ws.column_dimensions["A"].width = width
    r = 1
    for i, (_district, _slot, paras) in enumerate(results.rsvp):
        r = _paras(ws, paras, r, width, right_col=False)
        if i < len(results.rsvp) - 1:
            ws.row_breaks.append(PageBreak(id=r - 1))
    print_setup(ws)


def write_agenda(wb: Workbook, results: Results) -> None:
    ws = _fresh_sheet(wb, AGENDA)
    _widths(ws, AGENDA)
    _paras(ws, results.agenda, 1, sum(c.width for c in AGENDA.columns), right_col=True)
    print_setup(ws)


def write_tracker(wb: Workbook, data: MasterData, results: Results) -> None:
    """Presenting districts first (in order), then the others; staff's entries are kept."""
    ws = _fresh_sheet(wb, TRACKER)
    _header(ws, TRACKER)
    slots = {s.code: s for s in results.slots}
    rows = []
    for d in results.order + results.absent:
        s = slots.get(d.code)
        kept = data.responses.get(d.code, {})
        rows.append([s.position if s else None, d.code, d.name,
                     f"{s.start:%H.%M}-{s.end:%H.%M} น." if s else "ไม่มีการนำเสนอ",
                     *(kept.get(c.key) for c in TRACKER.columns[4:])])
    end = _table_rows(ws, TRACKER, rows)
    for r in range(FIRST_DATA_ROW, end):
        for i in range(1, 5):
            ws.cell(r, i).fill = OUTPUT_FILL
        if isinstance(ws.cell(r, 6).value, (dt.date, dt.datetime)):
            ws.cell(r, 6).number_format = "d/m/yyyy"
    status = TRACKER.column("status")
    col = _letter(TRACKER.index("status") + 1)
    _list_validation(ws, status.choices, f"{col}{FIRST_DATA_ROW}:{col}{max(end, FIRST_DATA_ROW + 1)}",
                     "สถานะการตอบรับ")
    print_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def write_issues(wb: Workbook, report: Report) -> None:
    ws = _fresh_sheet(wb, ISSUES)
    _header(ws, ISSUES)
    rows = [[n, SEVERITY_TH[i.severity], i.code, i.file, i.sheet, i.row, i.column, i.value,
             i.message_th, i.message_en, i.fix] for n, i in enumerate(report.issues, start=1)]
    if not rows:
        rows = [[None, None, None, None, None, None, None, None, "ไม่พบปัญหา", "No issues found", None]]
    end = _table_rows(ws, ISSUES, rows)
    for r in range(FIRST_DATA_ROW, end):
        fit_height(ws, r, [(ws.cell(r, c).value, ISSUES.columns[c - 1].width) for c in (8, 9, 10, 11)])
    print_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def apply_fixes(wb: Workbook, checked: Checked) -> None:
    """Write normalised values back (Thai digits, stray spaces, BE years): never over a formula."""
    for title, row, col, value in checked.fixes:
        if title not in wb.sheetnames:
            continue
        cell = wb[title].cell(row=row, column=col)
        if cell.data_type == "f":
            continue
        if isinstance(value, dt.date) and title == SETTINGS.title:
            value = setting_text("", value)
        put(wb[title], row, col, value, style=None)


def record_setting(wb: Workbook, checked: Checked, key: str, value: Any) -> None:
    """Store one setting's value (e.g. the lottery seed drawn) in the settings sheet."""
    ws = wb[SETTINGS.title]
    row = checked.settings_rows.get(key)
    if row is None:
        spec = next(s for s in SETTINGS_FIELDS if s.key == key)
        row = ws.max_row + 1
        for i, v in enumerate([spec.label, None, spec.help, spec.key], start=1):
            put(ws, row, i, v)
    put(ws, row, checked.settings_value_column, setting_text(key, value), style=None)


def write_outputs(wb: Workbook, checked: Checked, results: Results) -> None:
    apply_fixes(wb, checked)
    write_summary(wb, results)
    write_order(wb, results)
    write_rsvp(wb, results)
    write_tracker(wb, checked.data, results)
    write_agenda(wb, results)
    write_issues(wb, checked.report)
    _order_sheets(wb)


def _order_sheets(wb: Workbook) -> None:
    """Schema sheets first in schema order; any sheet staff added stays, after them."""
    known = [wb[s.title] for s in ALL_SHEETS if s.title in wb.sheetnames]
    others = [ws for ws in wb.worksheets if ws.title not in {s.title for s in ALL_SHEETS}]
    wb._sheets = known + others  # openpyxl has no public API to reorder sheets
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is wb.worksheets[0]


def load(path: Path) -> Workbook:
    try:
        return load_workbook(path)
    except Exception as exc:
        raise FatalError(issue("FILE_001", file=Path(path).name, detail=str(exc),
                               detail_en=f"{type(exc).__name__}: {exc}")) from exc


def save(wb: Workbook, path: Path, keep_backup: bool = True) -> None:
    save_atomic(Path(path), wb.save, keep_backup=keep_backup)


__all__ = ["new_workbook", "write_outputs", "record_setting", "load", "save", "put"]

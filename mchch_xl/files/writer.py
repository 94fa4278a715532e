"""Writing the master workbook with openpyxl: lays out the grids of ``layout`` with styles.

Input text is never allowed to become a formula: every string goes through ``put``, which keeps
a leading "=" literal (data type "s" plus the quote prefix Excel shows as ').
"""

from __future__ import annotations

from copy import copy
from pathlib import Path
from typing import Any

from mchch_xl.domain.issues import IssueCode

# isort: off
from mchch_xl.files import _openpyxl  # noqa: F401  (before openpyxl: no numpy, see there)

# isort: on
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break as PageBreak
from openpyxl.worksheet.worksheet import Worksheet

from mchch_xl.checks import Checked
from mchch_xl.checks.tables import problems_sheet
from mchch_xl.compute import Results
from mchch_xl.domain.issues import FatalError, issue
from mchch_xl.domain.model import Settings
from mchch_xl.domain.schema import (
    ALL_SHEETS,
    CANDIDATES,
    CERTIFICATES,
    COMMITTEE,
    CRITERIA,
    DISTRICTS,
    FONT_NAME,
    IMPORT_LOG,
    INDICATORS,
    MARGINS_CM,
    SCORES,
    SETTINGS,
    SETTINGS_FIELDS,
    TEMPLATE_PROBLEMS,
    Sheet,
    column_number,
    letter,
)
from mchch_xl.files.sheetxml import MAX_MESSAGE, MAX_ROW_PT, MAX_TITLE, _clip, literal_text
from mchch_xl.files.sheetxml import storable as _storable
from mchch_xl.files.store import save_atomic
from mchch_xl.files.vml import unique_comment_shape_ids
from mchch_xl.layout.grid import Grid, table
from mchch_xl.layout.looks import BORDER_COLOR, LOOKS, Align
from mchch_xl.layout.looks import BOX as BOX_SIDES
from mchch_xl.layout.sheets import (
    chart_height_cm,
    input_grid,
    output_grids,
    setting_text,
    settings_grid,
)

unique_comment_shape_ids()

THIN = Side(style="thin", color=BORDER_COLOR)
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)


def _font(spec: tuple[str, float, bool] | None) -> Font | None:
    return None if spec is None else Font(name=spec[0], size=spec[1], bold=spec[2])


def _alignment(a: Align | None) -> Alignment | None:
    if a is None:
        return None
    return Alignment(
        horizontal=a.horizontal,
        vertical=a.vertical,
        wrap_text=a.wrap or None,
        shrink_to_fit=a.shrink or None,
    )


def _border(sides: frozenset[str]) -> Border | None:
    if not sides:
        return None
    return BOX if sides == BOX_SIDES else Border(**{s: THIN for s in sides})


# style name (layout.grid.Grid) -> (font, alignment, number format, border, fill), from ``looks``
STYLES: dict[
    str, tuple[Font | None, Alignment | None, str | None, Border | None, PatternFill | None]
] = {
    name: (
        _font(look.font),
        _alignment(look.align),
        look.numfmt,
        _border(look.border),
        PatternFill("solid", fgColor=look.fill) if look.fill else None,
    )
    for name, look in LOOKS.items()
}


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Any,
    style: str | None = "body",
    unlocked: bool = False,
):
    """Write one value; text is always literal text, never a formula.

    Styles are resolved once per name and workbook, then copied as openpyxl's internal style
    array: assigning Font/Alignment objects cell by cell hashes them every time (that was half
    of a recalculation's time, measured)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = storable(value)
    cell.value = value
    literal = isinstance(value, str) and cell.data_type == "f"
    if literal:
        cell.data_type = "s"
    if style is None:
        if literal:
            cell.quotePrefix = True
        return cell
    cache = ws.parent.__dict__.setdefault("_mchch_style_cache", {})
    key = (style, literal, unlocked)
    cached = cache.get(key)
    if cached is None:
        f, a, fmt, border, fill = STYLES[style]
        if f is not None:
            cell.font = f
        if a is not None:
            cell.alignment = a
        if fmt:
            cell.number_format = fmt
        if border is not None:
            cell.border = border
        if fill is not None:
            cell.fill = fill
        cell.quotePrefix = literal
        if unlocked:
            cell.protection = UNLOCKED
        cache[key] = copy(cell._style)
    else:
        cell._style = copy(cached)
    return cell


def storable(text: str) -> str:
    """Text as an .xlsx can hold it (``sheetxml.storable``: control characters removed, at most
    Excel's 32,767 characters), and "_x0041_" kept as typed rather than read as "A". The checks
    report both where the text was read; this is the writer's last guard: no save ever fails."""
    return literal_text(_storable(text))


def print_setup(
    ws: Worksheet,
    landscape: bool = False,
    title_rows: str | None = None,
    pages_tall: int = 0,
    scale: int = 0,
) -> None:
    """Official print layout: A4, 3 cm left and 2 cm right margins, fit to page width (or a
    fixed scale)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if scale:
        ws.page_setup.scale = scale
        ws.sheet_properties.pageSetUpPr.fitToPage = False
    else:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = pages_tall
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


def _unlocked_cells(grid: Grid) -> set[tuple[int, int]]:
    out = set()
    for ref in grid.unlocked:
        c1, r1, c2, r2 = range_boundaries(ref)
        out |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    return out


def _merge_all(ws: Worksheet, merges: list[tuple[int, int, int, int]]) -> None:
    """``ws.merge_cells`` for each merge, in bulk: openpyxl's ``merge_cells`` scans every merge
    already on the sheet before adding one (10,918 announcement lines took 27 s). Same result:
    a merge inside one already added is skipped, the others' cells become the MergedCell
    placeholders openpyxl writes, with the borders of the merged block."""
    covered: dict[tuple[int, int], object] = {}

    def cover(mcr) -> None:
        for cell in mcr.cells:
            covered.setdefault(cell, mcr)

    for mcr in ws.merged_cells.ranges:  # merges already on the sheet (none on a fresh one)
        cover(mcr)
    for r1, c1, r2, c2 in merges:
        outer = covered.get((r1, c1))
        if outer is not None and outer is covered.get((r2, c2)):
            continue  # a rectangle holding both corners holds the whole merge
        mcr = MergedCellRange(ws, f"{letter(c1)}{r1}:{letter(c2)}{r2}")
        ws.merged_cells.ranges.add(mcr)
        ws._clean_merge_range(mcr)
        cover(mcr)


def apply(ws: Worksheet, grid: Grid) -> None:
    """Lay one rendered grid into an (empty) worksheet."""
    open_cells = _unlocked_cells(grid)
    for r, row in enumerate(grid.values, start=1):
        for c, value in enumerate(row, start=1):
            style = grid.styles.get((r, c))
            if value is not None or style is not None:
                put(ws, r, c, value, style, (r, c) in open_cells)
                open_cells.discard((r, c))
    for r, c in open_cells:  # empty cells left open to fill in: bordered, unlocked
        put(ws, r, c, None, grid.styles.get((r, c), "text"), True)
    _merge_all(ws, grid.merges)
    for r, h in grid.heights.items():
        ws.row_dimensions[r].height = min(h, MAX_ROW_PT)
    for i, w in enumerate(grid.widths, start=1):
        ws.column_dimensions[letter(i)].width = w
    for i in grid.hidden_columns:
        ws.column_dimensions[letter(i)].hidden = True
    for r in grid.breaks:
        ws.row_breaks.append(PageBreak(id=r))
    for v in grid.validations:
        if v.kind == "decimal":
            dv = DataValidation(
                type="decimal",
                operator="between",
                formula1=f"{v.minimum:g}",
                formula2=f"{v.maximum:g}",
                allow_blank=True,
                errorStyle="stop",
            )
            dv.promptTitle, dv.prompt = "คะแนน", v.prompt
            dv.errorTitle, dv.error = "คะแนนไม่อยู่ในช่วง", v.error
        else:
            formula = v.formula or '"' + ",".join(v.choices) + '"'
            dv = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                errorStyle="stop" if v.strict else "warning",
            )
            dv.promptTitle, dv.prompt = "เลือกจากรายการ", v.prompt
            dv.errorTitle, dv.error = "ค่าไม่อยู่ในรายการ", v.error or "กรุณาเลือกค่าจากรายการ"
        dv.showInputMessage = dv.showErrorMessage = True
        _within_limits(dv)
        ws.add_data_validation(dv)
        dv.add(v.ref)
    if grid.freeze:
        ws.freeze_panes = grid.freeze
    if grid.autofilter:
        ws.auto_filter.ref = grid.autofilter
    for (r, c), text in grid.comments.items():
        ws.cell(r, c).comment = Comment(text, "mchch-xl", width=320, height=120)
    for chart in grid.charts:
        ws.add_chart(_chart(ws, chart), chart.anchor)
    if grid.protect:
        ws.protection.sheet = True
        ws.protection.formatColumns = ws.protection.formatRows = False  # widths stay adjustable
    for pic in grid.images:
        _place_picture(ws, grid, pic)
    ws.sheet_state = grid.state
    print_setup(ws, grid.landscape, grid.title_rows, grid.fit_pages_tall, grid.print_scale)


def _place_picture(ws: Worksheet, grid: Grid, pic) -> None:
    """An image (the emblem) pic.height_cm high, centred on the left border of pic.center_col;
    a missing or unreadable file leaves the space blank (the letter still prints)."""
    from openpyxl.drawing.image import Image
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D
    from openpyxl.utils.units import pixels_to_EMU

    from mchch_xl.layout.grid import column_points

    try:
        img = Image(pic.path)
    except Exception:  # noqa: BLE001 - any unreadable image: keep the blank space
        return
    height_pt = pic.height_cm / 2.54 * 72
    width_pt = img.width * height_pt / img.height
    img.width, img.height = width_pt * 4 / 3, height_pt * 4 / 3  # pixels at 96 dpi
    left = column_points(grid.widths[pic.center_col - 2]) - width_pt / 2
    col = pic.center_col - 2
    while left < 0 and col > 0:
        col -= 1
        left += column_points(grid.widths[col])
    emu = lambda pt: int(pt * 12700)  # noqa: E731
    marker = AnchorMarker(col=col, colOff=emu(max(left, 0)), row=pic.row - 1, rowOff=0)
    img.anchor = OneCellAnchor(
        _from=marker, ext=XDRPositiveSize2D(pixels_to_EMU(img.width), pixels_to_EMU(img.height))
    )
    ws.add_image(img)


def _within_limits(dv: DataValidation) -> None:
    dv.prompt, dv.error = _clip(dv.prompt, MAX_MESSAGE), _clip(dv.error, MAX_MESSAGE)
    dv.promptTitle, dv.errorTitle = (
        _clip(dv.promptTitle, MAX_TITLE),
        _clip(dv.errorTitle, MAX_TITLE),
    )


def _chart(ws: Worksheet, spec):
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar"  # horizontal bars: district names stay readable
    chart.title = spec.title
    chart.y_axis.title = spec.y_title
    if spec.stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    for col in spec.series_cols:
        data = Reference(ws, min_col=col, min_row=spec.first_row - 1, max_row=spec.last_row)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(ws, min_col=spec.category_col, min_row=spec.first_row, max_row=spec.last_row)
    )
    chart.height = chart_height_cm(spec.last_row - spec.first_row + 1)
    chart.width = 16  # cm: the printable width of A4 portrait with official margins
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _fresh_sheet(wb: Workbook, title: str) -> Worksheet:
    """Replace a sheet by an empty one at the same position."""
    if title in wb.sheetnames:
        idx = wb.sheetnames.index(title)
        wb.remove(wb[title])
        return wb.create_sheet(title, idx)
    return wb.create_sheet(title)


def _lay_anew(wb: Workbook, grid: Grid) -> None:
    """``grid`` in place of the sheet of its title; a sheet staff hid stays hidden."""
    hidden = wb[grid.sheet.title].sheet_state if grid.sheet.title in wb.sheetnames else "visible"
    ws = _fresh_sheet(wb, grid.sheet.title)
    apply(ws, grid)
    if grid.state == "visible" and hidden != "visible":
        ws.sheet_state = hidden


def new_workbook(
    settings: Settings, tables: dict[str, list[list[Any]]], notes: dict[str, str] | None = None
) -> Workbook:
    """A master with every input sheet filled from ``tables`` (schema key -> rows in column
    order) and empty output sheets; a recalculation fills the outputs."""
    notes = notes or {}
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in ALL_SHEETS:
        wb.create_sheet(sheet.title)
    apply(wb[SETTINGS.title], settings_grid(settings))
    apply(wb[IMPORT_LOG.title], table(IMPORT_LOG, []))
    apply(wb[CERTIFICATES.title], input_grid(CERTIFICATES, []))
    for sheet in (DISTRICTS, CANDIDATES, INDICATORS, CRITERIA, SCORES, COMMITTEE):
        apply(wb[sheet.title], input_grid(sheet, tables.get(sheet.key, []), notes.get(sheet.key)))
    return wb


def grids_workbook(grids: list[Grid]) -> Workbook:
    """A workbook of rendered grids, one sheet each, in order (district templates)."""
    wb = Workbook()
    wb.remove(wb.active)
    for grid in grids:
        apply(wb.create_sheet(grid.sheet.title), grid)
    return wb


def write_grid(wb: Workbook, grid: Grid) -> None:
    """Lay ``grid`` in place of the sheet of its title (a new sheet at the same position)."""
    _lay_anew(wb, grid)


def write_sheets(wb: Workbook, grids: list[Grid]) -> None:
    """Lay each grid in place of the sheet of its title; a sheet the master lacked goes where
    the schema puts it (after the schema sheet before it)."""
    had = list(wb.sheetnames)
    for grid in grids:
        _lay_anew(wb, grid)
    _order_sheets(wb, had)


def annotated_copy(sub, template_grids: list[Grid], out_dir: Path) -> Path:
    """The district's own workbook back, with each problem cell red and a Thai comment on it,
    plus a sheet listing the problems: the district fixes and resends without guessing.
    Rebuilt from the template and the values read (never by re-opening the untrusted file),
    so text such as "=HYPERLINK(...)" stays literal text here too. ``template_grids``: the
    district's template as rendered grids (the caller builds it; io writes what it is given)."""
    from mchch_xl.domain.issues import Report
    from mchch_xl.domain.personal import redact
    from mchch_xl.domain.thai import strip_unsafe
    from mchch_xl.layout.sheets import issues_grid, private

    grids = {g.sheet.title: g for g in template_grids}
    for title, rows in sub.sheets.items():
        g = grids.get(title)
        if g is None or g.state != "visible":
            continue
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value not in (None, "") or (r, c) in g.styles:
                    # shared back by e-mail or LINE: national IDs masked (PDPA), as in print;
                    # characters no .xlsx can hold (U+FFFE, controls) left out, as CELL_014 says
                    if isinstance(value, str):
                        value = strip_unsafe(value)
                    g.set(
                        r, c, None if value == "" else redact(value), g.styles.get((r, c), "text")
                    )
    # a sheet of the district's own (SHEET_009: not read) comes back with its values, never lost
    for n, (title, rows) in enumerate(sub.sheets.items()):
        if title in grids or problems_sheet(title, rows):  # ours: laid anew below
            continue
        if title == TEMPLATE_PROBLEMS.title:  # the district's own sheet of that name: renamed
            title = f"{title} (ของอำเภอ)"
        g = grids[title] = Grid(Sheet(f"own_{n}", title, role="template"))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value not in (None, ""):
                    text = strip_unsafe(value) if isinstance(value, str) else value
                    g.set(r, c, redact(text), "text")
    listed, seen = [], set()
    for item in sub.issues:
        # one problem, one line: never once per indicator of a score row
        key = (item.code, item.sheet, item.row, item.column, item.value)
        if item.severity.value == "info" or key in seen:
            continue
        seen.add(key)
        listed.append(item)
        g = grids.get(item.sheet)
        if g is None or not item.row:
            continue
        col = column_number(item.column) if item.column else 1
        # red: to fix (an error); yellow: to look at (a warning); red wins on a cell with both
        look = "bad" if item.severity.value == "error" else "warn"
        if g.styles.get((item.row, col)) == "bad":
            look = "bad"
        if (
            item.code == IssueCode.CELL_018
        ):  # the formula no application calculated: its text, as landed
            g.set(item.row, col, item.value, look)
        g.styles[(item.row, col)] = look
        note = g.comments.get((item.row, col), "")
        text = redact(f"{item.message_th}\nวิธีแก้: {item.fix}")
        if text not in note.split("\n\n"):  # each distinct message once on a cell
            g.comments[(item.row, col)] = note + "\n\n" + text if note else text
    problems = private(issues_grid(Report(listed)))
    problems.sheet = TEMPLATE_PROBLEMS  # known on re-import (consolidate): never read as data
    problems.values[0][0] = problems.sheet.note
    ordered = [problems] + list(grids.values())
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # a copy checked again keeps its name (never "-ตรวจแล้ว-ตรวจแล้ว"), but never over the file
    # it was made from (imported straight from the copies' folder: that file is what was logged)
    stem = f"{sub.path.stem.removesuffix('-ตรวจแล้ว')}-ตรวจแล้ว"
    path, n = out_dir / f"{stem}.xlsx", 1
    while _same_file(path, sub.path):
        n += 1
        path = out_dir / f"{stem} ({n}).xlsx"
    save(grids_workbook(ordered), path, keep_backup=False)
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and a.resolve() == Path(b).resolve()
    except OSError:
        return False


def apply_fixes(wb: Workbook, checked: Checked) -> None:
    """Write normalised values back (Thai digits, stray spaces, BE years): never over a formula."""
    for title, row, col, value in checked.fixes:
        if title not in wb.sheetnames:
            continue
        cell = wb[title].cell(row=row, column=col)
        if cell.data_type == "f":
            continue
        if title == SETTINGS.title:
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


def write_outputs(
    wb: Workbook,
    checked: Checked,
    results: Results,
    grids: list[Grid] | None = None,
    had: list[str] | None = None,
) -> None:
    """The values fixed written back, and every output sheet laid anew (``grids``: the output
    grids when the caller has them already; ``had``: the sheets as loaded, when the caller has
    already written some)."""
    had = list(wb.sheetnames) if had is None else had
    apply_fixes(wb, checked)
    for grid in output_grids(checked, results) if grids is None else grids:
        _lay_anew(wb, grid)
    _order_sheets(wb, had)


def _order_sheets(wb: Workbook, had: list[str]) -> None:
    """The sheets in the order staff left them (``had``); a schema sheet this run created
    (staff deleted it, or an older master lacked it) goes after the schema sheet before it."""
    order = [t for t in had if t in wb.sheetnames]
    schema = [s.title for s in ALL_SHEETS]
    for i, title in enumerate(schema):
        if title in order or title not in wb.sheetnames:
            continue
        before = [order.index(t) for t in schema[:i] if t in order]
        order.insert(max(before) + 1 if before else 0, title)
    order += [t for t in wb.sheetnames if t not in order]
    wb._sheets = [wb[t] for t in order]  # openpyxl has no public API to reorder sheets
    visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or wb.worksheets
    wb.active = wb.worksheets.index(visible[0])  # (Excel cannot open on a hidden sheet)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is visible[0]


def load_noting(path: Path) -> tuple[Workbook, list[str]]:
    """``load``, with what openpyxl said it cannot keep and will leave out of the saved file
    (e.g. "Sparkline Group extension is not supported and will be removed"): the caller says
    so in Thai, or saves otherwise."""
    import warnings

    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        wb = load(path)
    dropped = []
    for w in said:
        text = str(w.message)
        if "will be removed" in text or "not supported" in text:
            name = text.split(" is not supported")[0].split(" will be removed")[0].strip()
            if name not in dropped:
                dropped.append(name)
    import zipfile

    with zipfile.ZipFile(path) as z:  # openpyxl drops these without a word of its own
        if any(n.startswith(("xl/threadedComments/", "xl/persons/")) for n in z.namelist()):
            dropped.append("Threaded comments (ความคิดเห็นแบบสนทนาของ Excel 365)")
    return wb, dropped


def load(path: Path) -> Workbook:
    try:
        return load_workbook(path)
    except Exception as exc:
        raise FatalError(
            issue(
                IssueCode.FILE_001,
                file=Path(path).name,
                detail=str(exc),
                detail_en=f"{type(exc).__name__}: {exc}",
            )
        ) from exc


def save(wb: Workbook, path: Path, keep_backup: bool = True) -> None:
    save_atomic(Path(path), wb.save, keep_backup=keep_backup)


__all__ = [
    "write_grid",
    "write_sheets",
    "annotated_copy",
    "grids_workbook",
    "new_workbook",
    "write_outputs",
    "record_setting",
    "load",
    "save",
    "put",
    "apply",
]

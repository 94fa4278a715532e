"""The grid every sheet is laid out as: values from A1, a style name per cell, merges, row
heights, page breaks, validations, charts and pictures; the one estimate of a wrapped cell's
lines (TH SarabunPSK's widths) and the one schema table. Pure Python, no workbook objects."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

from mchch_xl.domain.schema import FIRST_DATA_ROW, FONT_SIZE, HEADER_ROW, ROW_HEIGHT, Sheet
from mchch_xl.domain.schema import letter as letter  # flows/rollup.py imports it from here

MAX_ROW_HEIGHT = 409  # Excel refuses taller rows


@dataclass(frozen=True)
class Validation:
    ref: str  # "C3:C2000"
    choices: tuple[str, ...] = ()
    formula: str = ""  # a range formula, instead of choices
    prompt: str = ""
    strict: bool = True
    kind: str = "list"  # or "decimal" (between minimum and maximum)
    minimum: float | None = None
    maximum: float | None = None
    error: str = ""  # Thai message when the entry is refused


@dataclass(frozen=True)
class Chart:
    """A native chart over the grid's own cells (so it updates and prints with the workbook)."""

    title: str
    first_row: int  # data rows (1-based), the header row above them names the series
    last_row: int
    series_cols: tuple[int, ...]  # 1-based columns of the series
    category_col: int
    anchor: str  # top-left cell
    stacked: bool = False
    y_title: str = ""


@dataclass(frozen=True)
class Picture:
    """An image file placed over the grid (the letter's emblem), centred on a column border."""

    path: str
    row: int  # 1-based row it sits in
    center_col: int  # 1-based: the image's centre is on this column's left border
    height_cm: float = 3.0


@dataclass
class Grid:
    sheet: Sheet
    values: list[list[Any]] = field(default_factory=list)
    styles: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 1-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    widths: list[float] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)  # a page break after each of these rows
    validations: list[Validation] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)
    title_rows: str | None = None
    freeze: str | None = None
    landscape: bool = False
    autofilter: str | None = None
    protect: bool = False  # sheet protection: headers and layout locked
    unlocked: list[str] = field(default_factory=list)  # ranges left open to fill in
    state: str = "visible"  # or "hidden" / "veryHidden"
    fit_pages_tall: int = 0  # 0: as many pages as it takes; 1: the whole sheet on one page
    print_scale: int = 0  # a fixed print scale (%) instead of fitting to the page width
    comments: dict[tuple[int, int], str] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    images: list[Picture] = field(default_factory=list)

    def set(self, row: int, col: int, value: Any, style: str = "body") -> None:
        while len(self.values) < row:
            self.values.append([])
        line = self.values[row - 1]
        while len(line) < col:
            line.append(None)
        line[col - 1] = value
        self.styles[(row, col)] = style

    @property
    def rows(self) -> int:
        return len(self.values)

    def rectangular(self) -> list[list[Any]]:
        """Values padded to a rectangle (what one xlwings write call takes)."""
        width = max((len(r) for r in self.values), default=0)
        return [r + [None] * (width - len(r)) for r in self.values]


LINE_EM = 1.3  # TH SarabunPSK's line as LibreOffice and Excel space it (win ascent + descent)
CELL_PADDING_PT = 4.0
RAGGED = 0.90  # Thai wraps between words: a line holds about 90 % of its width in text


def column_points(width: float) -> float:
    """Excel's column width (units of Calibri 11's "0": 7 px, plus 5 px padding) in points."""
    return (width * 7 + 5) * 0.75


def line_count(text: Any, width: float, size: float = FONT_SIZE, bold: bool = False) -> int:
    """Lines that wrapped ``text`` takes in a column ``width`` units wide at ``size`` points,
    from TH SarabunPSK's advance widths (an estimate for the row's height: the spreadsheet
    breaks the lines itself)."""
    from mchch_xl.layout.fontwidths import string_width

    if text in (None, ""):
        return 1
    room = max(1.0, column_points(width) - CELL_PADDING_PT)
    out = 0
    for part in str(text).split("\n"):
        w = string_width(part, size, bold)
        out += 1 if w <= room else math.ceil(w / (room * RAGGED))  # one line needs no break
    return out


def text_points(text: Any, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Width of ``text`` on one line, in points."""
    from mchch_xl.layout.fontwidths import string_width

    return string_width(str(text), size, bold)


def width_for(text: Any, size: float = FONT_SIZE, bold: bool = False) -> float:
    """The column width (Excel's units) that holds ``text`` on one line."""
    return ((text_points(text, size, bold) + CELL_PADDING_PT + 2) / 0.75 - 5) / 7


def fit(
    grid: Grid,
    row: int,
    texts: Iterable[tuple[Any, float]],
    size: float = FONT_SIZE,
    bold: bool = False,
) -> None:
    """Row height for the tallest wrapped text of ``texts`` ((text, column width) pairs), never
    above Excel's 409 pt."""
    lines = max([1, *(line_count(t, w, size, bold) for t, w in texts)])
    grid.heights[row] = min(max(ROW_HEIGHT, math.ceil(lines * LINE_EM * size + 3)), MAX_ROW_HEIGHT)


def fit_columns(grid: Grid, row: int, keys: Iterable[str]) -> None:
    """``fit`` of a schema table's row to the texts in the columns ``keys``."""
    line = grid.values[row - 1]
    at = [grid.sheet.index(k) for k in keys]
    fit(grid, row, [(line[i] if i < len(line) else None, grid.sheet.columns[i].width) for i in at])


# -- tables -----------------------------------------------------------------------------------


def _cell_style(col) -> str:
    if col.type in ("code", "national_id"):
        return "code"
    if col.type in ("int", "number"):
        return "number"
    if col.type == "date":
        return "date"
    return "text"


PLAIN_ABOVE = 5000  # rows


def table(
    sheet: Sheet,
    rows: Iterable[list[Any]],
    note: str | None = None,
    all_output: bool = False,
) -> Grid:
    """A schema table: note in row 1, headers in row 2, one row per record (``Sheet.row``).
    The columns recalculation writes (``Column.output``, or all with ``all_output``) are
    shaded."""
    g = Grid(
        sheet,
        widths=[c.width for c in sheet.columns],
        freeze=f"A{FIRST_DATA_ROW}",
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        landscape=sheet.landscape or len(sheet.columns) > 5,
    )
    g.set(1, 1, note if note is not None else sheet.note, "note" if note else "sheet_note")
    g.heights[1] = ROW_HEIGHT
    for i, col in enumerate(sheet.columns, start=1):
        g.set(HEADER_ROW, i, col.header, "header")
    fit(g, HEADER_ROW, [(c.header, c.width) for c in sheet.columns])
    rows = list(rows)
    plain = len(rows) > PLAIN_ABOVE  # a national-scale table: values only (styles cost 2x time)
    r = FIRST_DATA_ROW
    for values in rows:
        if plain:
            g.values.append(list(values[: len(sheet.columns)]))
            r += 1
            continue
        for i, (col, value) in enumerate(zip(sheet.columns, values), start=1):
            style = _cell_style(col)
            g.set(r, i, value, style + ("_out" if all_output or col.output else ""))
        g.heights[r] = ROW_HEIGHT
        r += 1
    return g

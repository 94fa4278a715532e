"""Layout of the year's paperwork as grids (``layout.grid``): the invitation letter, the printed
results, the minutes, the certificates, the resolutions sheet and the shortlist. Pure Python.

The letter follows the external-letter layout of the ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ: the
emblem 3 cm high at the top centre, ที่ at the left and the office's address at the right on the
same line, the date from the page's centre, เรื่อง / เรียน / อ้างถึง / สิ่งที่ส่งมาด้วย, the body with
its first lines indented, the closing and signature from the centre, the issuing unit at the foot.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from mchch_xl.compute.shortlist import Shortlisted
from mchch_xl.domain.model import MasterData, Settings
from mchch_xl.domain.schema import (
    FIRST_DATA_ROW,
    FONT_SIZE,
    LETTER,
    RESOLUTIONS,
    RESULTS,
    ROW_HEIGHT,
    SHORTLIST,
)
from mchch_xl.domain.thai import digits, prose, whole
from mchch_xl.layout.grid import (
    LINE_EM,
    MAX_ROW_HEIGHT,
    Grid,
    Picture,
    fit,
    fit_columns,
    line_count,
    table,
    width_for,
)

EMBLEM_CM = 3.0


def _overflows(text: Any, width: float, size: float = FONT_SIZE) -> bool:
    """Whether a wrapped cell would need a row taller than Excel's 409 pt: the rest of the
    text would not print (a 5,000-character subject)."""
    return math.ceil(line_count(text, width, size) * LINE_EM * size + 3) > MAX_ROW_HEIGHT


def _pieces(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """A paragraph too long for one row (Excel's 409 pt) cut at spaces into pieces that each fit
    a row: the spreadsheet still breaks each piece's lines itself."""
    pieces, piece = [], ""
    for word in text.split(" "):
        trial = f"{piece} {word}" if piece else word
        if piece and _overflows(trial, width, size):
            pieces.append(piece)
            piece = word
        else:
            piece = trial
    return [*pieces, piece]


def letter_grid(s: Settings, f: dict) -> Grid:
    """หนังสือเชิญประชุม as a sheet, from the letter's fields (``compute.fields.letter``): each
    part in its place, each paragraph whole in one wrapped cell (the spreadsheet breaks its
    lines), rows as tall as the text at TH SarabunPSK's widths. The Word letter
    (``mchch-xl documents``) is the one to edit and sign."""
    g = Grid(LETTER, widths=[c.width for c in LETTER.columns])
    w = g.widths
    full, right_half, body = sum(w), w[2] + w[3], w[1] + w[2] + w[3]
    r = 1

    def text(row: int, col: int, value: str, style: str, last: int, width: float, **kw) -> None:
        g.set(row, col, value or None, style)
        if last > col:
            g.merges.append((row, col, row, last))
        fit(g, row, [(value, width)], kw.get("size", FONT_SIZE), kw.get("bold", False))

    if f["urgency"]:
        text(r, 1, f["urgency"], "title_big_left", 2, w[0] + w[1], size=18, bold=True)
        r += 1
    g.heights[r] = round(EMBLEM_CM / 2.54 * 72, 1)  # the emblem's space, 3 cm
    if s.emblem and Path(s.emblem).is_file():
        g.images.append(Picture(s.emblem, r, 3, EMBLEM_CM))
    r += 1
    g.set(r, 1, f"ที่ {f['letter_no']}", "text_plain")
    g.merges.append((r, 1, r, 2))
    text(r, 3, "\n".join(f["address"]), "text_plain", 4, right_half)
    r += 1
    text(r, 3, f["letter_date"], "text_plain", 4, right_half)
    r += 1
    for label, value in (("เรื่อง", f["subject"]), ("เรียน", f["to"]), ("อ้างถึง", f["reference"])):
        if not value:
            continue
        g.set(r, 1, label, "text_top")
        for piece in _pieces(value, body):
            text(r, 2, piece, "text_top", 4, body)
            r += 1
    for e in f["enclosures"]:
        g.set(r, 1, e["label"] or None, "text_top")
        g.set(r, 2, e["text"], "text_top")
        g.merges.append((r, 2, r, 3))
        g.set(r, 4, e["count"], "text_top")
        fit(g, r, [(e["text"], w[1] + w[2]), (e["count"], w[3])])
        r += 1
    for para in f["body"]:
        for piece in _pieces(INDENT + para, full):
            text(r, 1, piece, "text_top", 4, full)
            r += 1
    text(r, 3, f["closing"], "center", 4, right_half)
    r += 1
    g.heights[r] = ROW_HEIGHT * 2  # room to sign
    r += 1
    for line in (f"({f['signatory']})", f["signatory_position"]):
        text(r, 3, line, "center", 4, right_half)
        r += 1
    g.heights[r] = ROW_HEIGHT
    r += 1
    for line in f["unit"]:
        text(r, 1, line, "text_top", 4, full)
        r += 1
    return g


INDENT = " " * 16  # a paragraph's first line starts 2.5 cm in (ระเบียบงานสารบรรณ)


def resolutions_grid(data: MasterData, titles: tuple[str, ...]) -> Grid:
    """มติการประชุม: one row per agenda item; what the secretary typed is kept."""
    rows = []
    for i, title in enumerate(titles, start=1):
        kept = data.resolutions.get(str(i), {})
        values = {
            "item": i,
            "title": f"ระเบียบวาระที่ {digits(i, True)} {title}",
            "resolution": kept.get("resolution"),
        }
        rows.append(RESOLUTIONS.row(values))
    g = table(RESOLUTIONS, rows)
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows)):
        fit_columns(g, r, ("title", "resolution"))
    return g


def shortlist_grid(items: list[Shortlisted]) -> Grid:
    rows = [
        SHORTLIST.row(
            {
                "kind": x.kind.th,
                "rank": x.rank,
                "id": x.id,
                "name": x.name,
                "district": x.district,
                "level": x.level or None,
                "percent": None if x.percent is None else round(x.percent, 2),
                "total": None if x.total is None else round(x.total, 2),
            }
        )
        for x in items
    ]
    if not rows:
        rows = [SHORTLIST.row({"kind": "ยังไม่มีรายการที่รับรอง (กรอกมติในแผ่นงาน ผลการรับรอง)"})]
    g = table(SHORTLIST, rows, all_output=True)
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows)):
        fit_columns(g, r, ("kind", "name", "district"))
    return g


def _printed(value: Any, thai: bool, col) -> Any:
    """A value as the printed page shows it (``thai.prose``): numbers and prose in the
    setting's numerals, codes and identifiers exactly as stored."""
    if value is None or (col is not None and col.type in ("code", "national_id")):
        return value
    value = whole(value)
    if isinstance(value, (int, float)):
        return digits(value, thai) if thai else value
    return prose(value, thai) if isinstance(value, str) else value


PRINT_WIDTHS = {
    "no": 5,
    "district": 11,
    "kind": 14,
    "id": 10,
    "name": 26,
    "total": 7,
    "percent": 6,
    "result": 8,
    "level": 7,
    "failed": 10,
    "improvement": 8,
    "decision": 9,
    "decision_note": 11,
}


def results_print_grid(grid: Grid, s: Settings) -> Grid:
    """ผลการรับรอง as printed in the packet: the document's title in place of the secretary's
    instruction, numerals after the setting, no entry lists."""
    thai = s.thai_digits
    title = (
        f"ผลการประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) จังหวัด{s.province} "
        f"ประจำปี {digits(s.fiscal_year, thai)}"
    )
    g = Grid(
        RESULTS,
        widths=list(grid.widths),
        styles=dict(grid.styles),
        merges=list(grid.merges),
        heights=dict(grid.heights),
        title_rows=grid.title_rows,
        landscape=True,
    )
    cols = RESULTS.columns
    g.values = [
        [_printed(v, thai, cols[c] if c < len(cols) else None) for c, v in enumerate(row)]
        for row in grid.values
    ]
    g.values[0] = [title]
    g.styles[(1, 1)] = "title_center"
    g.merges.append((1, 1, 1, len(RESULTS.columns)))
    fit(g, 1, [(title, sum(g.widths))])
    for (r, c), style in g.styles.items():  # numbers printed as text keep their centring
        if style.startswith("number"):
            g.styles[(r, c)] = "code" + style[len("number") :]
    # printed across a landscape page at close to full size (24.7 cm), not the sheet's widths
    # for the screen; then an id, a score and a percentage never wrap: their columns as wide as
    # the longest, the name column giving the room back
    g.widths = [PRINT_WIDTHS.get(c.key, c.width) for c in RESULTS.columns] + g.widths[
        len(RESULTS.columns) :
    ]
    for key in ("no", "id", "total", "percent"):
        c = RESULTS.index(key)
        need = max(
            (
                width_for(row[c])
                for row in g.values[FIRST_DATA_ROW - 1 :]
                if c < len(row) and row[c] is not None
            ),
            default=0,
        )
        need = max(need, width_for(RESULTS.columns[c].header, bold=True) if key == "no" else 0)
        if need > g.widths[c]:
            g.widths[RESULTS.index("name")] -= need - g.widths[c]
            g.widths[c] = need
    for r in range(2, g.rows + 1):  # every cell of a row fits at the printed font
        fit(
            g,
            r,
            [(v, g.widths[c]) for c, v in enumerate(g.values[r - 1][: len(g.widths)])],
            bold=r == 2,
        )
    return g

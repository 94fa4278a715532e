"""Layout of the year's paperwork as grids (see ``render``): the invitation letter, the printed
results, the minutes, the certificates, the resolutions sheet and the shortlist. Pure Python.

The letter follows the external-letter layout of the ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ: the
emblem 3 cm high at the top centre, ที่ at the left and the office's address at the right on the
same line, the date from the page's centre, เรื่อง / เรียน / อ้างถึง / สิ่งที่ส่งมาด้วย, the body with
its first lines indented, the closing and signature from the centre, the issuing unit at the foot.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from .compute.paperwork import Certificate, Line, Shortlisted
from .model import MasterData, Settings
from .newmm import Dictionary, word_tokenize
from .render import CELL_PADDING_PT, LINE_EM, Grid, Picture, column_points, line_count, table
from .sarabun import string_width
from .schema import (
    FIRST_DATA_ROW,
    FONT_SIZE,
    LETTER,
    RESOLUTIONS,
    RESULTS,
    ROW_HEIGHT,
    SHORTLIST,
    Column,
    Sheet,
)
from .thai import digits, to_arabic_digits

MAX_ROW_HEIGHT = 409  # Excel refuses taller rows
EMBLEM_CM = 3.0


RAGGED = 0.90  # Thai wraps between words: a line holds about 90 % of its width in text


def lines_needed(text: Any, width: float, size: float, bold: bool = False) -> int:
    """Printed lines ``text`` takes in a wrapped cell ``width`` units wide, from Sarabun's real
    advance widths (``sarabun``: the table of what reportlab reads from the TTF)."""
    if text in (None, ""):
        return line_count(text, width, size)
    room = max(1.0, column_points(width) - CELL_PADDING_PT)
    out = 0
    for part in str(text).split("\n"):
        w = string_width(part, size, bold)
        out += 1 if w <= room else math.ceil(w / (room * RAGGED))  # one line needs no break
    return out


def _dictionary(words: frozenset[str], text: str) -> Dictionary:
    """pythainlp's dictionary plus those of ``words`` that occur in ``text`` (as written: a
    name is matched only where it appears whole)."""
    return Dictionary(w for w in words if w in text)


FILL = 0.95  # of a line's room, when we break the lines ourselves (kerning, LibreOffice's padding)


def break_lines(
    text: str, width: float, size: float = FONT_SIZE, words: frozenset[str] = frozenset()
) -> list[str]:
    """A paragraph broken into printed lines that fit ``width`` (column units) at ``size``:
    at spaces, and inside a long run of Thai at word boundaries (pythainlp's dictionary and
    newmm segmentation, see ``newmm``, plus ``words`` such as the province's and districts'
    names), so that each line can be its own row and a long paragraph may continue on the next
    page. "๐๘.๓๐ - ๑๔.๓๐" stays together."""
    room = (column_points(width) - CELL_PADDING_PT) * FILL
    if string_width(text, size) <= room:
        return [text]
    lead = len(text) - len(text.lstrip(" "))
    tokens = [text[:lead]] if lead else []
    body = text[lead:].replace(" - ", "\u00a0-\u00a0")
    dictionary = _dictionary(words, body)
    for chunk in re.split(r"( )", body):
        if chunk and string_width(chunk, size) > room / 8:
            tokens += word_tokenize(chunk, dictionary)
        elif chunk:
            tokens.append(chunk)
    tokens = [t.replace("\u00a0", " ") for t in tokens]
    lines, line = [], ""
    for tok in tokens:
        if line.strip() and string_width(line + tok, size) > room:
            lines.append(line.rstrip())
            line = "" if tok == " " else tok
        else:
            line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines


def lines_fit(g: Grid, row: int, texts, size: float = FONT_SIZE, bold: bool = False) -> None:
    """Row height for the tallest wrapped text of ``texts`` ((text, column width) pairs), from
    Sarabun's real widths (bold when ``bold``), never above Excel's 409 pt."""
    lines = max([1, *(lines_needed(t, w, size, bold) for t, w in texts)])
    g.heights[row] = min(max(ROW_HEIGHT, math.ceil(lines * LINE_EM * size + 3)), MAX_ROW_HEIGHT)


_fit = lines_fit


def _line_rows(g: Grid, r: int, col: int, lines: list[str]) -> int:
    """Each printed line in a row of its own, merged from ``col`` to the letter's last column;
    the row after the last."""
    for text in lines:
        g.set(r, col, text, "text_line")
        g.merges.append((r, col, r, 4))
        g.heights[r] = ROW_HEIGHT
        r += 1
    return r


def _overflows(text: Any, width: float, size: float = FONT_SIZE) -> bool:
    """Whether a wrapped cell would need a row taller than Excel's 409 pt: the rest of the
    text would not print (a 5,000-character subject)."""
    return math.ceil(lines_needed(text, width, size) * LINE_EM * size + 3) > MAX_ROW_HEIGHT


def _names(s: Settings) -> frozenset[str]:
    """Words the dictionary may split wrongly (เชียง|รายได้): the province and its districts."""
    from .demo import reference_districts

    names = {s.province, f"จังหวัด{s.province}"} | {d.name for d in reference_districts(s.province)}
    return frozenset(n for n in names if n)


def letter_grid(s: Settings, lines: list[Line]) -> Grid:
    """หนังสือเชิญประชุม on one A4 portrait page (or more, when the body is long)."""
    g = Grid(LETTER, widths=[c.width for c in LETTER.columns])
    w = g.widths
    full, right_half, body = sum(w), w[2] + w[3], w[1] + w[2] + w[3]
    r = 1
    for line in lines:
        if line.style == "urgency":
            g.set(r, 1, line.text, "title_big_left")
            g.merges.append((r, 1, r, 2))
            _fit(g, r, [(line.text, w[0] + w[1])], 18, bold=True)
        elif line.style == "emblem":
            g.heights[r] = round(EMBLEM_CM / 2.54 * 72, 1)  # the emblem's space, 3 cm
            if s.emblem and Path(s.emblem).is_file():
                g.images.append(Picture(s.emblem, r, 3, EMBLEM_CM))
        elif line.style == "head":
            if line.label:
                g.set(r, 1, line.label, "text_plain")
                g.merges.append((r, 1, r, 2))
            g.set(r, 3, line.right, "text_plain")
            g.merges.append((r, 3, r, 4))
            _fit(g, r, [(line.label, w[0] + w[1]), (line.right, right_half)])
        elif line.style in ("date", "closing", "sign"):
            g.set(r, 3, line.text, "text_plain" if line.style == "date" else "center")
            g.merges.append((r, 3, r, 4))
            _fit(g, r, [(line.text, right_half)])
        elif line.style == "field":
            g.set(r, 1, line.label, "text_top")
            if _overflows(line.text, body):  # one row a line, as the body: nothing cut off
                r = _line_rows(g, r, 2, break_lines(line.text, body, words=_names(s)))
                continue
            g.set(r, 2, line.text, "text_top")
            g.merges.append((r, 2, r, 4))
            _fit(g, r, [(line.text, body)])
        elif line.style == "enclosure":
            g.set(r, 1, line.label or None, "text_top")
            g.set(r, 2, line.text, "text_top")
            g.merges.append((r, 2, r, 3))
            g.set(r, 4, line.right, "text_top")
            _fit(g, r, [(line.text, w[1] + w[2]), (line.right, w[3])])
        elif line.style == "para":  # one row per printed line: the body may run on a page
            r = _line_rows(g, r, 1, break_lines(line.text, full, words=_names(s)))
            continue
        elif line.style == "unit":
            g.set(r, 1, line.text, "text_top")
            g.merges.append((r, 1, r, 4))
            _fit(g, r, [(line.text, full)])
        else:  # blank
            g.heights[r] = ROW_HEIGHT
        r += 1
    return g


def lines_grid(sheet: Sheet, lines: list[Line], pages_tall: int = 0) -> Grid:
    """A report of lines (minutes) in two columns: text, and a count at the right."""
    g = Grid(sheet, widths=[c.width for c in sheet.columns], fit_pages_tall=pages_tall)
    w = g.widths
    styles = {
        "title": "title_big",
        "subtitle": "title_center",
        "heading": "bold",
        "sign": "center",
        "item": "text_plain",
        "para": "text_plain",
    }
    r = 1
    for line in lines:
        text = ("    " + line.text) if line.style == "item" else line.text
        if line.style == "para" and not line.right:  # one row per line: may run on a page
            for part in break_lines(text, sum(w)):
                g.set(r, 1, part, "text_line")
                g.merges.append((r, 1, r, 2))
                g.heights[r] = ROW_HEIGHT
                r += 1
            continue
        g.set(r, 1, text or None, styles.get(line.style, "text_plain"))
        size = 18 if line.style == "title" else FONT_SIZE
        bold = line.style in ("title", "subtitle", "heading")
        if line.right:
            g.set(r, 2, line.right, "text_plain")
            _fit(g, r, [(text, w[0]), (line.right, w[1])], size, bold)
        else:
            g.merges.append((r, 1, r, 2))
            _fit(g, r, [(text, sum(w))], size, bold)
        r += 1
    return g


MINUTES_DOC = Sheet(
    "minutes_doc",
    "รายงานการประชุม",
    (Column("text", "", width=62), Column("right", "", width=25)),
    role="document",
    note="รายงานการประชุม",
)

CERT_SHEET = Sheet(
    "certificates", "เกียรติบัตร", (Column("text", "", width=128),), role="document", note="เกียรติบัตร"
)
# font size (pt) and style name per certificate line
_CERT_STYLE = {"title": ("cert_name", 32), "subtitle": ("cert_text", 20), "sign": ("cert_text", 20)}
CERT_PAGE_PT = (21.0 - 4.0) / 2.54 * 72  # landscape A4's printable height (2 cm margins)


def certificates_grid(certs: list[Certificate]) -> Grid:
    """One landscape A4 page per certificate (a page break after each), its lines centred on
    the page's height."""
    g = Grid(CERT_SHEET, widths=[c.width for c in CERT_SHEET.columns], landscape=True)
    r = 1
    for i, cert in enumerate(certs):
        top = r
        r += 1
        for line in cert.lines:
            style, size = _CERT_STYLE.get(line.style, ("cert_text", 20))
            if line.style == "subtitle" and line.text.startswith("จังหวัด"):
                style, size = "cert_issuer", 26
            if line.style == "blank":
                g.heights[r] = 40
            else:
                g.set(r, 1, line.text, style)
                _fit(g, r, [(line.text, g.widths[0])], size, bold=style != "cert_text")
            r += 1
        used = sum(g.heights.get(x, ROW_HEIGHT) for x in range(top + 1, r))
        g.heights[top] = max(ROW_HEIGHT, (CERT_PAGE_PT - used) / 2)
        if i < len(certs) - 1:
            g.breaks.append(r - 1)
    return g


def resolutions_grid(data: MasterData, titles: tuple[str, ...]) -> Grid:
    """มติการประชุม: one row per agenda item; what the secretary typed is kept."""
    rows = []
    for i, title in enumerate(titles, start=1):
        kept = data.resolutions.get(str(i), {})
        rows.append([i, f"ระเบียบวาระที่ {digits(i, True)} {title}", kept.get("resolution")])
    g = table(RESOLUTIONS, rows, output_cols=(1, 2))
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows)):
        _fit(g, r, [(g.values[r - 1][c], RESOLUTIONS.columns[c].width) for c in (1, 2)])
    return g


def shortlist_grid(items: list[Shortlisted]) -> Grid:
    rows = [
        [
            x.kind.th,
            x.rank,
            x.id,
            x.name,
            x.district,
            x.level or None,
            None if x.percent is None else round(x.percent, 2),
            None if x.total is None else round(x.total, 2),
        ]
        for x in items
    ]
    if not rows:
        rows = [["ยังไม่มีรายการที่รับรอง (กรอกมติในแผ่นงาน ผลการรับรอง)"] + [None] * 7]
    g = table(SHORTLIST, rows, all_output=True)
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(rows)):
        _fit(g, r, [(g.values[r - 1][c], SHORTLIST.columns[c].width) for c in (0, 3, 4)])
    return g


def _printed(value: Any, thai: bool) -> Any:
    """A value as the printed page shows it: numbers and codes in Thai numerals when asked."""
    if value is None or not thai:
        return value
    if isinstance(value, float):
        value = int(value) if value.is_integer() else value
    return digits(value, True) if isinstance(value, (int, float, str)) else value


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
    g.values = [[_printed(v, thai) for v in row] for row in grid.values]
    g.values[0] = [title]
    g.styles[(1, 1)] = "title_center"
    g.merges.append((1, 1, 1, len(RESULTS.columns)))
    _fit(g, 1, [(title, sum(g.widths))])
    for (r, c), style in g.styles.items():  # numbers printed as text keep their centring
        if style.startswith("number"):
            g.styles[(r, c)] = "code" + style[len("number") :]
    g.widths[0] += 2  # "ลำดับ" on one line
    g.widths[-1] -= 2
    for r in range(2, g.rows + 1):  # every cell of a row fits at the printed font
        _fit(
            g,
            r,
            [(v, g.widths[c]) for c, v in enumerate(g.values[r - 1][: len(g.widths)])],
            bold=r == 2,
        )
    return g


def follow_digits(grids: list[Grid], thai: bool) -> list[Grid]:
    """Under the Arabic-digits setting, no printed page keeps a Thai numeral (the agenda's item
    numbers, a venue typed "ชั้น ๓"); under the Thai setting each document already prints Thai
    numerals (user text such as an e-mail address stays as typed)."""
    if not thai:
        for g in grids:
            g.values = [
                [to_arabic_digits(v) if isinstance(v, str) else v for v in row] for row in g.values
            ]
    return grids

"""Laid-out grids (``layout.grid.Grid``) as SpreadsheetML text, in the style table of the package they
go into: what ``files.splice`` puts into a master in place of its output sheets.

The cells, merges, widths, heights, validations, print set-up and charts come out as
``files.writer.apply`` lays them with openpyxl (tests compare the two cell by cell), without loading
the master or importing openpyxl. Strings are written inline (``t="inlineStr"``): text is never
a formula, and the package's shared-string table (Excel's, after staff save) is left as it is.
What this writer does not write (comments, a date in an unformatted style) raises
``Unsupported``; the caller then takes the openpyxl path.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mchch_xl.domain.schema import FONT_NAME, MARGINS_CM, column_number, letter
from mchch_xl.layout.grid import Grid
from mchch_xl.layout.looks import BORDER_COLOR, LOOKS, PLAIN, SIDES, Align, Look
from mchch_xl.layout.sheets import chart_height_cm

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Excel's limits (it repairs a file beyond them): text in a cell 32,767 characters, a
# validation's prompt and error message 255, their titles 32, a row 409 points. The official
# wording stays whole in the cells; only the pop-ups are shortened, with "…" to show it.
MAX_CELL_TEXT, MAX_MESSAGE, MAX_TITLE, MAX_ROW_PT = 32_767, 255, 32, 409
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # as openpyxl refuses


class Unsupported(Exception):
    """The grid or the package holds something this writer does not write."""

    passthrough = True  # files.save_atomic removes its temporary file and lets it through


def storable(text: str) -> str:
    """Text as an .xlsx can hold it: control characters (which openpyxl refuses and Excel
    cannot store) removed, and no more than 32,767 characters."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    return text[:MAX_CELL_TEXT]


def _escape(text: str) -> str:
    """XML text: & < > as entities (xml.sax.saxutils would import urllib and http)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """An XML attribute value or text. Characters XML cannot hold at all are left out (the
    checks remove and report them in every column they read; this is the last guard, so that
    no value from a column they do not read can make the package unreadable)."""
    if not text.isprintable():
        text = _NOT_XML.sub("", text)
    return _escape(text).replace('"', "&quot;")


def num(x: float) -> str:
    """A number as openpyxl writes it: 16.0 -> "16", 12.5 -> "12.5" (1e+300 stays so)."""
    if isinstance(x, bool):
        return "1" if x else "0"
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x) if isinstance(x, float) else str(x)


_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def literal_text(text: str) -> str:
    """Text as Excel reads it back unchanged: in a cell's XML "_x0041_" means "A", so a typed
    "_x0041_" is written "_x005F_x0041_" (Excel and calamine read it as typed)."""
    return _ESCAPED.sub(r"_x005F_\1", text) if "_x" in text else text


# -- the style table ---------------------------------------------------------------------------

BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "@": 49}
_SECTION = {
    "numFmts": "numFmt",
    "fonts": "font",
    "fills": "fill",
    "borders": "border",
    "cellXfs": "xf",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _true(el) -> bool:
    return el is not None and el.get("val", "1") not in ("0", "false")


class StyleTable:
    """The package's ``styles.xml``, read once: each ``Look`` is found among the formats it
    already holds (the ones a previous save wrote) or appended. The file is rewritten only when
    something was appended, by inserting elements and updating counts: whatever else it holds
    (Excel's extensions, differential formats, named styles) stays byte for byte."""

    def __init__(self, xml: bytes):
        from defusedxml import ElementTree as ET

        self.text = xml.decode("utf-8")
        if "<!--" in self.text or "<![CDATA[" in self.text:
            raise Unsupported("styles.xml has comments")  # text surgery needs plain markup
        for name in _SECTION:  # <numFmts count="0"/> -> an element that can take children
            self.text = re.sub(rf"<{name}\b([^>]*?)\s*/>", rf"<{name}\1></{name}>", self.text)
        root = ET.fromstring(xml)
        if _local(root.tag) != "styleSheet" or not re.search(r"<styleSheet[\s>]", self.text):
            raise Unsupported("styles.xml")
        sec = {_local(child.tag): child for child in root}
        for name in ("fonts", "fills", "borders", "cellXfs"):
            if name not in sec or not re.search(rf"</{name}>", self.text):
                raise Unsupported(f"styles.xml: {name}")
        self.formats = dict(BUILTIN_FORMATS)
        for el in sec.get("numFmts", []):
            self.formats.setdefault(el.get("formatCode"), int(el.get("numFmtId")))
        self.fonts = {}
        for i, el in enumerate(sec["fonts"]):
            self.fonts.setdefault(self._font_key(el), i)
        self.fills = {}
        for i, el in enumerate(sec["fills"]):
            self.fills.setdefault(self._fill_key(el), i)
        self.borders = {}
        for i, el in enumerate(sec["borders"]):
            self.borders.setdefault(self._border_key(el), i)
        self.counts = {k: len(sec[k]) for k in ("fonts", "fills", "borders", "cellXfs")}
        self.counts["numFmts"] = len(sec["numFmts"]) if "numFmts" in sec else 0
        self.xfs = {}
        for i, el in enumerate(sec["cellXfs"]):
            self.xfs.setdefault(self._xf_key(el), i)
        self.added: dict[str, list[str]] = {k: [] for k in _SECTION}
        self.cache: dict[Look, int] = {}

    # keys: what a format means, so that the same look is found whoever wrote it
    @staticmethod
    def _font_key(el):
        kids = {_local(k.tag): k for k in el}
        name, sz = kids.get("name"), kids.get("sz")
        other = set(kids) - {"name", "sz", "b", "family", "charset", "scheme"}
        if name is None or sz is None or other or "scheme" in kids:
            return ("other", id(el))
        return (name.get("val"), float(sz.get("val")), _true(kids.get("b")))

    @staticmethod
    def _fill_key(el):
        pattern = next(iter(el), None)
        if pattern is None or _local(pattern.tag) != "patternFill":
            return ("other", id(el))
        kind = pattern.get("patternType")
        if kind in (None, "none") and not len(pattern):
            return None
        fg = next((k for k in pattern if _local(k.tag) == "fgColor"), None)
        if kind == "solid" and fg is not None and fg.get("rgb"):
            return fg.get("rgb")[-6:].upper()
        return ("other", id(el))

    @staticmethod
    def _border_key(el):
        sides = set()
        for k in el:
            name = _local(k.tag)
            if k.get("style") is None and not len(k):
                continue
            color = next(iter(k), None)
            if (
                name in SIDES
                and k.get("style") == "thin"
                and color is not None
                and (color.get("rgb") or "")[-6:].upper() == BORDER_COLOR
            ):
                sides.add(name)
            else:
                return ("other", id(el))
        if el.get("diagonalUp") in ("1", "true") or el.get("diagonalDown") in ("1", "true"):
            return ("other", id(el))
        return frozenset(sides)

    @staticmethod
    def _xf_key(el):
        align, locked = None, True
        for k in el:
            name = _local(k.tag)
            if name == "alignment":
                extra = set(k.attrib) - {"horizontal", "vertical", "wrapText", "shrinkToFit"}
                if extra:
                    return ("other", id(el))
                align = Align(
                    k.get("horizontal"),
                    k.get("vertical"),
                    k.get("wrapText") in ("1", "true"),
                    k.get("shrinkToFit") in ("1", "true"),
                )
                if align == Align():
                    align = None
            elif name == "protection":
                if k.get("hidden") in ("1", "true"):
                    return ("other", id(el))
                locked = k.get("locked") not in ("0", "false")
            else:
                return ("other", id(el))
        ids = tuple(int(el.get(a, "0")) for a in ("numFmtId", "fontId", "fillId", "borderId"))
        return (*ids, align, locked, el.get("quotePrefix") in ("1", "true"), el.get("xfId", "0"))

    def _add(self, section: str, xml: str) -> int:
        self.added[section].append(xml)
        self.counts[section] += 1
        return self.counts[section] - 1

    def _font(self, spec) -> int:
        if spec is None:
            return 0
        key = (spec[0], float(spec[1]), spec[2])
        if key not in self.fonts:
            bold = '<b val="1"/>' if spec[2] else ""
            self.fonts[key] = self._add(
                "fonts",
                f'<font><name val="{esc(spec[0])}"/>{bold}<sz val="{num(spec[1])}"/></font>',
            )
        return self.fonts[key]

    def _fill(self, rgb) -> int:
        if rgb is None:
            return 0
        key = rgb.upper()
        if key not in self.fills:
            while self.counts["fills"] < 2:  # Excel reserves fills 0 (none) and 1 (gray125)
                kind = "none" if self.counts["fills"] == 0 else "gray125"
                self._add("fills", f'<fill><patternFill patternType="{kind}"/></fill>')
            self.fills[key] = self._add(
                "fills",
                f'<fill><patternFill patternType="solid"><fgColor rgb="00{key}"/></patternFill></fill>',
            )
        return self.fills[key]

    def _border(self, sides: frozenset[str]) -> int:
        if not sides:
            return self.borders.get(frozenset(), 0)
        if sides not in self.borders:
            parts = "".join(
                f'<{s} style="thin"><color rgb="00{BORDER_COLOR}"/></{s}>'
                if s in sides
                else f"<{s}/>"
                for s in SIDES
            )
            self.borders[sides] = self._add("borders", f"<border>{parts}<diagonal/></border>")
        return self.borders[sides]

    def _format(self, code) -> int:
        if code is None:
            return 0
        if code not in self.formats:
            new = max([163, *(i for i in self.formats.values())]) + 1
            self.formats[code] = new
            self._add("numFmts", f'<numFmt numFmtId="{new}" formatCode="{esc(code)}"/>')
        return self.formats[code]

    def xf(self, look: Look) -> int:
        """The cell format index of ``look``, found or added."""
        found = self.cache.get(look)
        if found is not None:
            return found
        ids = (
            self._format(look.numfmt),
            self._font(look.font),
            self._fill(look.fill),
            self._border(look.border),
        )
        key = (*ids, look.align, look.locked, look.quote, "0")
        if key not in self.xfs:
            fmt, font, fill, border = ids
            attrs = f'numFmtId="{fmt}" fontId="{font}" fillId="{fill}" borderId="{border}"'
            flags = [
                ("applyNumberFormat", fmt),
                ("applyFont", font),
                ("applyFill", fill),
                ("applyBorder", border),
                ("applyAlignment", look.align is not None),
                ("applyProtection", not look.locked),
            ]
            attrs += "".join(f' {name}="1"' for name, on in flags if on)
            if look.quote:
                attrs += ' quotePrefix="1"'
            kids = ""
            if look.align is not None:
                a = look.align
                kids += "<alignment"
                kids += f' horizontal="{a.horizontal}"' if a.horizontal else ""
                kids += f' vertical="{a.vertical}"' if a.vertical else ""
                kids += ' wrapText="1"' if a.wrap else ""
                kids += ' shrinkToFit="1"' if a.shrink else ""
                kids += "/>"
            if not look.locked:
                kids += '<protection locked="0"/>'
            self.xfs[key] = self._add("cellXfs", f'<xf {attrs} xfId="0">{kids}</xf>')
        self.cache[look] = self.xfs[key]
        return self.xfs[key]

    @property
    def changed(self) -> bool:
        return any(self.added.values())

    def xml(self) -> bytes:
        """styles.xml with the appended formats (in schema order: numFmts before fonts)."""
        text = self.text
        for section, tag in _SECTION.items():
            new = self.added[section]
            if not new:
                continue
            if section == "numFmts" and "</numFmts>" not in text:
                block = f'<numFmts count="{len(new)}">{"".join(new)}</numFmts>'
                text = re.sub(r"(<styleSheet\b[^>]*>)", lambda m: m.group(1) + block, text, 1)
                continue
            start = re.search(rf"<{section}\b[^>]*>", text)
            end = text.index(f"</{section}>", start.end())
            opening = re.sub(r'\scount="\d+"', "", start.group(0))
            opening = opening[:-1] + f' count="{self.counts[section]}">'
            text = (
                text[: start.start()]
                + opening
                + text[start.end() : end]
                + "".join(new)
                + text[end:]
            )
        return text.encode("utf-8")


# -- cells -------------------------------------------------------------------------------------

EPOCH = dt.datetime(1899, 12, 30)


def _serial(value) -> float:
    if isinstance(value, dt.datetime):
        delta = value - EPOCH
    elif isinstance(value, dt.date):
        delta = dt.datetime(value.year, value.month, value.day) - EPOCH
    else:  # a time of day
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    return delta.days + delta.seconds / 86400


@dataclass
class Cell:
    value: object
    look: Look


def _put(value, style: str | None, unlocked: bool) -> Cell:
    literal = False
    if isinstance(value, str):
        value = storable(value)
        literal = len(value) > 1 and value.startswith("=")
    if style is None:
        look = PLAIN.variant(literal=literal)
    else:
        look = LOOKS[style].variant(literal, unlocked)
    if isinstance(value, dt.date | dt.time) and look.numfmt is None:
        raise Unsupported("a date in an unformatted style")
    return Cell(value, look)


def _unlocked(grid: Grid) -> set[tuple[int, int]]:
    out = set()
    for ref in grid.unlocked:
        a, _, b = ref.partition(":")
        (r1, c1), (r2, c2) = _coord(a), _coord(b or a)
        out |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    return out


def _coord(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref)
    return int(m.group(2)), column_number(m.group(1))


class Layout:
    """The grid's cells as ``files.writer.apply`` leaves them in an openpyxl sheet, merges
    included (the covered cells emptied, with the borders and protection openpyxl gives them).
    Cells are made as they are written, row by row; only the cells that merges change are
    kept (a national table of 160,000 rows never becomes 800,000 objects)."""

    def __init__(self, grid: Grid):
        self.grid = grid
        self.open = _unlocked(grid)
        self.changed: dict[tuple[int, int], Cell] = {}
        covered: dict[tuple[int, int], int] = {}
        for n, (r1, c1, r2, c2) in enumerate(grid.merges):
            outer = covered.get((r1, c1))
            if outer is not None and outer == covered.get((r2, c2)):
                continue  # inside a merge already made (writer._merge_all)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    covered.setdefault((r, c), n)
            _merge(self, r1, c1, r2, c2)

    def get(self, r: int, c: int) -> Cell | None:
        if (r, c) in self.changed:
            return self.changed[(r, c)]
        values = self.grid.values
        if r <= len(values) and c <= len(values[r - 1]):
            value, style = values[r - 1][c - 1], self.grid.styles.get((r, c))
            if value is not None or style is not None:
                return _put(value, style, (r, c) in self.open)
        if (r, c) in self.open:
            return _put(None, self.grid.styles.get((r, c), "text"), True)
        return None

    def _special(self) -> dict[int, set[int]]:
        special: dict[int, set[int]] = {}
        for r, c in (*self.changed, *self.open):
            special.setdefault(r, set()).add(c)
        return special

    def _columns(self, r: int, line, special: set[int] | None, styled: bool = True) -> list[int]:
        """The columns of row ``r`` that hold a cell (a value or a style, an open or merged
        cell), in order. ``styled``: whether any cell of the row has a style."""
        if styled:
            styles = self.grid.styles
            cols = [c for c, v in enumerate(line, start=1) if v is not None or (r, c) in styles]
        else:
            cols = [c for c, v in enumerate(line, start=1) if v is not None]
        if special:
            cols = sorted(set(cols) | special)
        return cols

    def _styled_rows(self) -> set[int]:
        return {r for r, _ in self.grid.styles}

    def bounds(self) -> str:
        """The ``<dimension>`` of the sheet, as openpyxl works it out (every cell counted)."""
        special, values = self._special(), self.grid.values
        styled = self._styled_rows()
        n = len(values)
        rmin = cmin = 1 << 30
        rmax = cmax = 0
        for r in sorted(set(range(1, n + 1)) | set(special)):
            line = values[r - 1] if r <= n else []
            cols = self._columns(r, line, special.get(r), r in styled)
            if special.get(r):
                cols = [c for c in cols if self.get(r, c) is not None]
            if cols:
                rmin, rmax = min(rmin, r), max(rmax, r)
                cmin, cmax = min(cmin, cols[0]), max(cmax, cols[-1])
        return f"{letter(cmin)}{rmin}:{letter(cmax)}{rmax}" if rmax else "A1:A1"

    def rows(self, table: StyleTable, xf) -> Iterator[str]:
        """Each ``<row>`` in order: every row that has cells or a height. ``xf`` gives a
        (style, literal, unlocked) its format index, ``table`` a look's. Rows that no merge or
        open cell touches are written straight from the values (the common case: a table);
        a row with no style at all (a national table) without looking styles up."""
        special = self._special()
        styled = self._styled_rows()
        styles, values, heights = self.grid.styles, self.grid.values, self.grid.heights
        n = len(values)
        width = max(
            [len(line) for line in values] + [c for _, c in (*self.changed, *self.open)] + [0]
        )
        letters = [""] + [letter(c) for c in range(1, width + 1)]
        plain = {False: xf(None, False), True: xf(None, True)}
        for r in sorted(set(range(1, n + 1)) | set(special) | set(heights)):
            line = values[r - 1] if r <= n else []
            out = []
            has_cells = False
            if r in special:
                for c in self._columns(r, line, special[r]):
                    cell = self.get(r, c)
                    if cell is None:
                        continue
                    has_cells = True
                    look = cell.look
                    if cell.value is None and look == PLAIN:
                        continue  # an empty MergedCell: counted, not written
                    x = table.xf(look)
                    ref = f"{letters[c]}{r}"
                    out.append(_cell_xml(ref, cell.value, x, look.numfmt is not None))
            else:
                row_styled = r in styled
                for c, v in enumerate(line, start=1):
                    style = styles.get((r, c)) if row_styled else None
                    if v is None and style is None:
                        continue
                    has_cells = True
                    literal = False
                    if type(v) is str:
                        if _ILLEGAL.search(v) or len(v) > MAX_CELL_TEXT:
                            v = storable(v)
                        literal = len(v) > 1 and v[0] == "="
                    x, has_format = xf(style, literal) if style is not None else plain[literal]
                    out.append(_cell_xml(f"{letters[c]}{r}", v, x, has_format))
            h = heights.get(r)
            if has_cells or h is not None:
                ht = f' ht="{num(min(h, MAX_ROW_PT))}" customHeight="1"' if h is not None else ""
                yield f'<row r="{r}"{ht}>' + "".join(out) + "</row>"


def _merge(lay: Layout, r1: int, c1: int, r2: int, c2: int) -> None:
    """openpyxl's MergedCellRange: the top-left cell takes the bottom-right cell's right and
    bottom borders; every other cell becomes an empty MergedCell; the edge cells take the
    top-left cell's sides; all take its protection."""
    cells = lay.changed
    start = lay.get(r1, c1) or Cell(None, PLAIN)
    end = lay.get(r2, c2)
    cells[(r1, c1)] = start
    if end is not None and (r2, c2) != (r1, c1):
        extra = end.look.border & {"right", "bottom"}
        if extra - start.look.border:
            start.look = _with(start.look, border=start.look.border | extra)
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            if (r, c) != (r1, c1):
                cells[(r, c)] = Cell(None, PLAIN)
    edges = {
        "top": [(r1, c) for c in range(c1, c2 + 1)],
        "left": [(r, c1) for r in range(r1, r2 + 1)],
        "right": [(r, c2) for r in range(r1, r2 + 1)],
        "bottom": [(r2, c) for c in range(c1, c2 + 1)],
    }
    for side in ("top", "left", "right", "bottom"):
        if side not in start.look.border:
            continue
        for coord in edges[side]:
            cell = cells[coord]
            if cell is not start:
                cell.look = _with(cell.look, border=cell.look.border | {side})
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            cell = cells[(r, c)]
            if cell.look.locked != start.look.locked:
                cell.look = _with(cell.look, locked=start.look.locked)


def _with(look: Look, **changes) -> Look:
    from dataclasses import replace

    return replace(look, **changes)


def _cell_xml(ref: str, v, style: int, has_format: bool = True) -> str:
    """One ``<c>``: text inline (never a formula), numbers, booleans, dates as serials."""
    s = f' s="{style}"' if style else ""
    if type(v) is str:
        if not v:
            return f'<c r="{ref}"{s} t="inlineStr"></c>'
        if "_x" in v:
            v = literal_text(v)
        if "&" in v or "<" in v or ">" in v:
            v = _escape(v)
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>'
    if v is None:
        return f'<c r="{ref}"{s} t="n"></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | float):
        if v != v or v in (math.inf, -math.inf):  # no number Excel can hold: an empty cell
            return f'<c r="{ref}"{s} t="n"></c>'
        return f'<c r="{ref}"{s} t="n"><v>{num(v)}</v></c>'
    if isinstance(v, dt.date | dt.time):
        if not has_format:
            raise Unsupported("a date in an unformatted style")
        return f'<c r="{ref}"{s} t="n"><v>{num(_serial(v))}</v></c>'
    if isinstance(v, str):  # a str subclass
        return _cell_xml(ref, str(v), style, has_format)
    raise Unsupported(f"a value of type {type(v).__name__}")


# -- the sheet ---------------------------------------------------------------------------------


def _clip(text: str | None, limit: int) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"


def _validations(grid: Grid) -> str:
    out = []
    for v in grid.validations:
        if v.kind == "decimal":
            attrs = {
                "type": "decimal",
                "operator": "between",
                "errorStyle": "stop",
                "promptTitle": "คะแนน",
                "prompt": v.prompt,
                "errorTitle": "คะแนนไม่อยู่ในช่วง",
                "error": v.error,
            }
            formulas = f"<formula1>{v.minimum:g}</formula1><formula2>{v.maximum:g}</formula2>"
        else:
            formula = v.formula or '"' + ",".join(v.choices) + '"'
            attrs = {
                "type": "list",
                "errorStyle": "stop" if v.strict else "warning",
                "promptTitle": "เลือกจากรายการ",
                "prompt": v.prompt,
                "errorTitle": "ค่าไม่อยู่ในรายการ",
                "error": v.error or "กรุณาเลือกค่าจากรายการ",
            }
            formulas = f"<formula1>{esc(formula)}</formula1>"
        for key, limit in (("prompt", MAX_MESSAGE), ("error", MAX_MESSAGE)):
            attrs[key] = _clip(attrs[key], limit)
        for key in ("promptTitle", "errorTitle"):
            attrs[key] = _clip(attrs[key], MAX_TITLE)
        text = "".join(f' {k}="{esc(str(x))}"' for k, x in attrs.items() if x is not None)
        out.append(
            f'<dataValidation sqref="{v.ref}" showDropDown="0" showInputMessage="1" '
            f'showErrorMessage="1" allowBlank="1"{text}>{formulas}</dataValidation>'
        )
    return f'<dataValidations count="{len(out)}">{"".join(out)}</dataValidations>' if out else ""


def _views(grid: Grid, selected: bool) -> str:
    tab = f'tabSelected="{int(selected)}" '
    if not grid.freeze:
        return (
            f'<sheetViews><sheetView {tab}workbookViewId="0">'
            '<selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
        )
    row, col = _coord(grid.freeze)
    pane = ""
    active = "topRight"
    if col > 1:
        pane += f' xSplit="{col - 1}"'
    if row > 1:
        pane += f' ySplit="{row - 1}"'
        active = "bottomRight" if col > 1 else "bottomLeft"
    pane = f'<pane{pane} topLeftCell="{grid.freeze}" activePane="{active}" state="frozen"/>'
    sel = ""
    if row > 1 and col > 1:
        sel = '<selection pane="topRight"/><selection pane="bottomLeft"/>'
    sel += f'<selection pane="{active}" activeCell="A1" sqref="A1"/>'
    return f'<sheetViews><sheetView {tab}workbookViewId="0">{pane}{sel}</sheetView></sheetViews>'


def _cols(grid: Grid) -> str:
    cols: dict[int, dict] = {}
    for i, w in enumerate(grid.widths, start=1):
        cols[i] = {"width": w}
    for i in grid.hidden_columns:
        cols.setdefault(i, {"width": 13})["hidden"] = True
    if not cols:
        return ""
    out = []
    for i in sorted(cols):
        hidden = ' hidden="1"' if cols[i].get("hidden") else ""
        out.append(
            f'<col{hidden} width="{num(cols[i]["width"])}" customWidth="1" min="{i}" max="{i}"/>'
        )
    return "<cols>" + "".join(out) + "</cols>"


PROTECTION = (
    '<sheetProtection selectLockedCells="0" selectUnlockedCells="0" sheet="1" objects="0" '
    'insertRows="1" insertHyperlinks="1" autoFilter="1" scenarios="0" formatColumns="0" '
    'deleteColumns="1" insertColumns="1" pivotTables="1" deleteRows="1" formatCells="1" '
    'formatRows="0" sort="1"/>'
)


def _print(grid: Grid) -> str:
    cm = 1 / 2.54
    margins = " ".join(
        f'{side}="{num(MARGINS_CM[side] * cm)}"' for side in ("left", "right", "top", "bottom")
    )
    orientation = "landscape" if grid.landscape else "portrait"
    if grid.print_scale:
        fit = f'scale="{grid.print_scale}"'
    else:
        fit = f'fitToHeight="{grid.fit_pages_tall}" fitToWidth="1"'
    footer = esc(f'&C&"{FONT_NAME}"หน้า &P / &N')
    out = (
        '<printOptions horizontalCentered="1"/>'
        f'<pageMargins {margins} header="0.5" footer="0.5"/>'
        f'<pageSetup orientation="{orientation}" paperSize="9" {fit}/>'
        f"<headerFooter><oddFooter>{footer}</oddFooter></headerFooter>"
    )
    if grid.breaks:
        brks = "".join(f'<brk id="{r}" min="0" max="16383" man="1"/>' for r in grid.breaks)
        n = len(grid.breaks)
        out += f'<rowBreaks count="{n}" manualBreakCount="{n}">{brks}</rowBreaks>'
    return out


def sheet_chunks(
    grid: Grid, styles: StyleTable, selected: bool = False, drawing: str = ""
) -> Iterator[str]:
    """One worksheet part for ``grid`` as pieces of text, a few hundred rows each, so that a
    national table is never held whole; ``drawing``: the relationship id of its drawing.
    Raises ``Unsupported`` (comments; a value it cannot write) before or while writing."""
    if grid.comments:
        raise Unsupported("comments")
    layout = Layout(grid)
    looks: dict[tuple, tuple[int, bool]] = {}  # (style, literal, unlocked) -> (xf, has format)

    def xf(style, literal: bool, unlocked: bool = False) -> tuple[int, bool]:
        key = (style, literal, unlocked)
        found = looks.get(key)
        if found is None:
            look = (
                PLAIN.variant(literal=literal)
                if style is None
                else LOOKS[style].variant(literal, unlocked)
            )
            found = looks[key] = (styles.xf(look), look.numfmt is not None)
        return found

    fit = "0" if grid.print_scale else "1"
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
        f'xmlns:r="{REL}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
        f'<pageSetUpPr fitToPage="{fit}"/></sheetPr><dimension ref="{layout.bounds()}"/>'
        + _views(grid, selected)
        + '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        + _cols(grid)
        + "<sheetData>"
    )
    batch = []
    for row in layout.rows(styles, xf):
        batch.append(row)
        if len(batch) == 500:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
    out = ["</sheetData>"]
    if grid.protect:
        out.append(PROTECTION)
    if grid.autofilter:
        out.append(f'<autoFilter ref="{grid.autofilter}"/>')
    merged = _merge_refs(grid)
    if merged:
        out.append(
            f'<mergeCells count="{len(merged)}">'
            + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
            + "</mergeCells>"
        )
    out.append(_validations(grid))
    out.append(_print(grid))
    if drawing:
        out.append(f'<drawing r:id="{drawing}"/>')
    out.append("</worksheet>")
    yield "".join(out)


def _merge_refs(grid: Grid) -> list[str]:
    covered: dict[tuple[int, int], int] = {}
    out = []
    for n, (r1, c1, r2, c2) in enumerate(grid.merges):
        outer = covered.get((r1, c1))
        if outer is not None and outer == covered.get((r2, c2)):
            continue
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                covered.setdefault((r, c), n)
        out.append(f"{letter(c1)}{r1}:{letter(c2)}{r2}")
    return out


# -- charts ------------------------------------------------------------------------------------

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
CM = 360_000  # EMU


def _rich(text: str) -> str:
    return (
        f"<c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{esc(text)}</a:t>"
        "</a:r></a:p></c:rich></c:tx>"
    )


def chart_xml(grid: Grid, spec) -> bytes:
    """A bar chart over the grid's own cells, as ``files.writer._chart`` makes it."""
    sheet = "'" + grid.sheet.title.replace("'", "''") + "'"
    cat = f"{letter(spec.category_col)}"
    cats = f"{sheet}!${cat}${spec.first_row}:${cat}${spec.last_row}"
    series = []
    for i, col in enumerate(spec.series_cols):
        L = letter(col)
        series.append(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/><c:tx><c:strRef>'
            f"<c:f>{esc(sheet)}!{L}{spec.first_row - 1}</c:f></c:strRef></c:tx>"
            '<c:spPr><a:ln><a:prstDash val="solid"/></a:ln></c:spPr>'
            f"<c:cat><c:numRef><c:f>{esc(cats)}</c:f></c:numRef></c:cat>"
            f"<c:val><c:numRef><c:f>{esc(sheet)}!${L}${spec.first_row}:${L}${spec.last_row}"
            "</c:f></c:numRef></c:val></c:ser>"
        )
    grouping = "stacked" if spec.stacked else "clustered"
    overlap = '<c:overlap val="100"/>' if spec.stacked else ""
    y_title = f"<c:title>{_rich(spec.y_title)}</c:title>" if spec.y_title else ""
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}"><c:chart>'
        f"<c:title>{_rich(spec.title)}</c:title><c:plotArea><c:barChart>"
        f'<c:barDir val="bar"/><c:grouping val="{grouping}"/>{"".join(series)}'
        f'<c:gapWidth val="150"/>{overlap}<c:axId val="10"/><c:axId val="100"/></c:barChart>'
        '<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:crossAx val="100"/><c:lblOffset val="100"/></c:catAx>'
        '<c:valAx><c:axId val="100"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>'
        f"{y_title}"
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:crossAx val="10"/>'
        '</c:valAx></c:plotArea><c:legend><c:legendPos val="r"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )
    return xml.encode("utf-8")


@dataclass
class Placed:
    """A picture as ``files.writer._place_picture`` places it: its file's bytes and extension,
    the anchor cell (0-based), the offset and the size in EMU."""

    data: bytes
    ext: str
    col: int
    col_off: int
    row: int
    cx: int
    cy: int


def place_picture(grid: Grid, pic) -> Placed | None:
    """The picture ``pic`` (``layout.grid.Picture``) sized and anchored; None when its file is
    missing or unreadable (the space stays blank and the letter still prints)."""
    from mchch_xl.layout.grid import column_points

    try:
        from PIL import Image

        with Image.open(pic.path) as im:
            width, height, kind = im.size[0], im.size[1], (im.format or "").lower()
            if kind in ("gif", "jpeg", "png"):
                with open(pic.path, "rb") as f:
                    data = f.read()
            else:  # as openpyxl: other formats are stored as PNG
                import io

                buf = io.BytesIO()
                im.save(buf, format="png")
                data, kind = buf.getvalue(), "png"
    except Exception:  # noqa: BLE001 - any unreadable image: keep the blank space
        return None
    height_pt = pic.height_cm / 2.54 * 72
    width_pt = width * height_pt / height
    px_w, px_h = width_pt * 4 / 3, height_pt * 4 / 3  # pixels at 96 dpi
    left = column_points(grid.widths[pic.center_col - 2]) - width_pt / 2
    col = pic.center_col - 2
    while left < 0 and col > 0:
        col -= 1
        left += column_points(grid.widths[col])
    return Placed(
        data,
        kind,
        col,
        int(max(left, 0) * 12700),
        pic.row - 1,
        int(px_w * 9525),
        int(px_h * 9525),
    )


def drawing_xml(grid: Grid, chart_ids: list[str], pictures: list[tuple[Placed, str]] = ()) -> bytes:
    """The drawing that places each chart (one-cell anchors, 16 cm wide) and each picture
    (``pictures``: placed picture, relationship id)."""
    anchors = []
    for n, (placed, rid) in enumerate(pictures, start=len(grid.charts) + 1):
        anchors.append(
            f"<xdr:oneCellAnchor><xdr:from><xdr:col>{placed.col}</xdr:col>"
            f"<xdr:colOff>{placed.col_off}</xdr:colOff><xdr:row>{placed.row}</xdr:row>"
            f'<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="{placed.cx}" cy="{placed.cy}"/>'
            f'<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="{n}" name="Image {n}" descr="Picture"/>'
            f'<xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip cstate="print" r:embed="{rid}"/>'
            "<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr>"
            '<a:prstGeom prst="rect"/></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>'
        )
    for n, (spec, rid) in enumerate(zip(grid.charts, chart_ids), start=1):
        row, col = _coord(spec.anchor)
        cy = int(chart_height_cm(spec.last_row - spec.first_row + 1) * CM)  # as openpyxl
        anchors.append(
            f"<xdr:oneCellAnchor><xdr:from><xdr:col>{col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{16 * CM}" cy="{cy}"/><xdr:graphicFrame macro="">'
            f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{n}" name="Chart {n}"/>'
            "<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm/><a:graphic>"
            f'<a:graphicData uri="{C}"><c:chart r:id="{rid}"/></a:graphicData></a:graphic>'
            "</xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}" xmlns:c="{C}" xmlns:r="{REL}">'
        + "".join(anchors)
        + "</xdr:wsDr>"
    ).encode("utf-8")

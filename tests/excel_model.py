"""A test double of desktop Excel's parsing of written values (Range.Value through COM).

It replays the actions xlwings' remote engine records (``book.json()["actions"]``) on a model of
the workbook (values and number formats, read from the file the payload came from) and stores
each written value as desktop Excel would store typed input (NOTES.md, "xlwings without Excel"):

- in a cell formatted as text (``@``): the text exactly, an apostrophe included, and a number
  written there becomes text too (the conservative reading);
- otherwise: a leading apostrophe is dropped and the rest is text; ``=`` or ``@`` first makes a
  formula; ``+``/``-`` first makes a number when the rest is one, else a formula; ``TRUE`` and
  ``FALSE`` become booleans, ``#N/A``-like text an error; text that reads as a number
  (thousands separators, decimals, exponent, percent, currency, parentheses, fractions), a date
  (d/m/y, d-m-y, y-m-d, d/m, m/y, with English month names) or a time becomes that number, date
  or time. The ISO date strings the remote engine sends for Python dates are dates.

Independent of ``mchch_xl.xl.writes`` on purpose: the write path's rule is judged by this one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass(frozen=True)
class Error:
    text: str


_NUM = re.compile(
    r"^\(?[$฿€£¥]?\s*[+-]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?(?:[eE][+-]?\d+)?\s*%?\)?$"
)
_FRACTION = re.compile(r"^[+-]?(?:\d+\s+)?\d+/\d+$")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\d{1,4}[/\-.]\d{1,2}[/\-.]\d{1,4}$",  # d/m/y, y-m-d, d.m.y
        r"^\d{1,2}[/\-]\d{1,4}$",  # d/m, m/y
        rf"^\d{{1,2}}[\s\-/]*{_MONTH}\.?(?:[\s\-/,]*\d{{2,4}})?$",  # 1 May 2568, 1-May
        rf"^{_MONTH}\.?[\s\-/]*\d{{1,4}}(?:,?\s*\d{{2,4}})?$",  # May 1, May-2568
    )
]
_TIME = re.compile(
    r"^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]m?)?$|^\d{1,2}\s*[ap]m?$", re.IGNORECASE
)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2})?$")
_ERRORS = {"#N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#GETTING_DATA"}


def parse(value: Any, number_format: str) -> Any:
    """What desktop Excel stores when ``value`` is assigned to a cell of ``number_format``."""
    if value is None or value == "":
        return None
    if number_format == "@":
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (int, float)):
            return f"{value:g}"
        return value
    if not isinstance(value, str):
        return value
    s = value.strip()
    if _ISO.match(s):
        return dt.datetime.fromisoformat(s.replace(" ", "T"))
    if value.startswith("'"):
        return value[1:]
    if value[0] in "=@" and len(value) > 1:
        return Formula(value)
    if value[0] in "+-" and len(value) > 1:
        rest = parse(value[1:], number_format)
        if isinstance(rest, (int, float)) and not isinstance(rest, bool):
            return rest if value[0] == "+" else -rest
        return Formula(value)
    if s.upper() in ("TRUE", "FALSE"):
        return s.upper() == "TRUE"
    if s.upper() in _ERRORS:
        return Error(s.upper())
    if any(ch.isdigit() and ch.isascii() for ch in s):
        if _NUM.match(s):
            return _number(s)
        if _FRACTION.match(s):
            return ("fraction", s)
        if any(p.match(s) for p in _DATES):
            return ("date", s)
        if _TIME.match(s):
            return ("time", s)
        head, _, tail = s.rpartition(" ")
        if head and _TIME.match(tail) and any(p.match(head) for p in _DATES):
            return ("datetime", s)
    return value


def _number(s: str) -> float:
    neg = s.startswith("(") and s.endswith(")")
    t = s.strip("()").lstrip("$฿€£¥").replace(",", "").replace(" ", "")
    pct = t.endswith("%")
    x = float(t.rstrip("%") or "nan")
    x = x / 100 if pct else x
    return -x if neg else x


class ExcelModel:
    """Sheets of cells (value, number format); actions applied in order."""

    def __init__(self, path: Path, start: str = "file"):
        """``start``: "file" takes each cell's number format from the file; "General" or "@"
        gives every cell that format (a sheet whose formatting was lost, or set to text)."""
        wb = openpyxl.load_workbook(path)
        self.default = "General" if start == "file" else start
        self.titles: list[str] = list(wb.sheetnames)
        self.values: dict[str, dict[tuple[int, int], Any]] = {}
        self.formats: dict[str, dict[tuple[int, int], str]] = {}
        # merged areas (r1, c1, r2, c2): Excel refuses a value in a merged cell other than the
        # top-left one ("Cannot change part of a merged cell"); such a value is not stored
        self.merges: dict[str, set[tuple[int, int, int, int]]] = {
            ws.title: {(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges}
            for ws in wb.worksheets
        }
        for ws in wb.worksheets:
            vals, fmts = {}, {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        vals[(cell.row, cell.column)] = cell.value
                    if start == "file" and cell.number_format != "General":
                        fmts[(cell.row, cell.column)] = cell.number_format
            self.values[ws.title], self.formats[ws.title] = vals, fmts

    def apply(self, actions: list[dict]) -> None:
        for a in actions:
            func = a["func"]
            if func in ("alert", "activateSheet"):
                continue
            if func == "addSheet":
                ix, name = a["args"]
                self.titles.insert(ix, name)
                self.values[name], self.formats[name], self.merges[name] = {}, {}, set()
                continue
            title = self.titles[a["sheet_position"]]
            if func == "sheetClearContents":  # values go, number formats stay
                self.values[title].clear()
                continue
            r0, c0 = a["start_row"] + 1, a["start_column"] + 1
            if func == "setNumberFormat":
                for r in range(r0, r0 + a["row_count"]):
                    for c in range(c0, c0 + a["column_count"]):
                        self.formats[title][(r, c)] = a["args"][0]
            elif func == "rangeUnmerge":
                r2, c2 = r0 + a["row_count"] - 1, c0 + a["column_count"] - 1
                self.merges[title] = {
                    m
                    for m in self.merges[title]
                    if m[2] < r0 or m[0] > r2 or m[3] < c0 or m[1] > c2
                }
            elif func == "rangeMerge":
                self.merges[title].add(
                    (r0, c0, r0 + a["row_count"] - 1, c0 + a["column_count"] - 1)
                )
            elif func == "setValues":
                for i, row in enumerate(a["values"]):
                    for j, v in enumerate(row):
                        key = (r0 + i, c0 + j)
                        if v not in (None, "") and self._inside_merge(title, *key):
                            continue  # refused
                        stored = parse(v, self.formats[title].get(key, self.default))
                        if stored is None:
                            self.values[title].pop(key, None)
                        else:
                            self.values[title][key] = stored
            else:
                raise AssertionError(f"the double does not know action {func!r}")

    def _inside_merge(self, title: str, row: int, col: int) -> bool:
        """A merged cell other than its area's top-left one."""
        return any(
            r1 <= row <= r2 and c1 <= col <= c2 and (row, col) != (r1, c1)
            for r1, c1, r2, c2 in self.merges[title]
        )

    def value(self, title: str, row: int, col: int) -> Any:
        return self.values[title].get((row, col))

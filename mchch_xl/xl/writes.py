"""What a block of values needs so that desktop Excel stores it exactly as given.

Through COM, ``Range.Value`` parses a string like typed input: a leading ``= + - @`` makes a
formula (an invalid one raises, e.g. the agenda's ``- ไม่มี -``), and text that looks like a
number, percentage, date, time or TRUE/FALSE is converted (``0812345678`` loses its 0, ``5707``
becomes a number, ``1/5/2568`` a date). The file path (openpyxl) stores the same text as text.

The one write path (``actions.BookIO``) therefore sets the text number format ``@`` on every
cell that receives such text *before* writing the values, and gives every cell that receives a
number or a date a numeric format (the one the headless writer gives that cell), so that a cell
left as text by an earlier write never turns a number into text.

Why ``@`` and not an apostrophe prefix: in a cell already formatted as text (the code columns
of the master are ``@``) Excel keeps an apostrophe as a literal character, so ``'5707`` would
be stored there with its apostrophe; ``@`` set first is right whatever the cell's format was,
and the values sent to Excel stay exactly the file path's values (no ``'`` in the payload).

The rule here is deliberately broader than Excel's parser (any text that starts with one of
``= + - @ ' #`` or is made of digits, separators, signs, currency, month names and am/pm is
protected): marking a plain text cell ``@`` changes nothing a person sees.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

TEXT = "@"
GENERAL = "General"
DATE = "d/m/yyyy"

# Number formats of the layout styles (``files.writer.STYLES``; a test keeps the two equal). A
# style without a number format holds numbers in General.
STYLE_FORMATS: dict[str, str] = {
    "code": "@",
    "number": "0.##",
    "date": "d/m/yyyy",
    "code_out": "@",
    "number_out": "0",
    "date_out": "d/m/yyyy",
    "total": "0",
}

_LEADING = ("=", "+", "-", "@", "'", "#")
_MONTHS = frozenset(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september")
    + ("october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug")
    + ("sep", "sept", "oct", "nov", "dec", "am", "pm", "a", "p", "e")  # e: 1e5; a/p: 9 a
)
_WORD = re.compile(r"[A-Za-z]+")
_REST = re.compile(r"[\d\s.,:/\\%$()฿€£¥+\-]")


def excel_would_parse(text: str) -> bool:
    """True when desktop Excel might store ``text`` as something other than this text."""
    s = text.strip()
    if not s:
        return False
    if text[0] in _LEADING or s[0] in _LEADING:
        return True
    if s.upper() in ("TRUE", "FALSE"):
        return True
    if not any(ch.isdigit() and ch.isascii() for ch in s):
        return False
    rest = _REST.sub("", s)
    return all(w.lower() in _MONTHS for w in _WORD.findall(rest)) and not _WORD.sub("", rest)


def target_format(value: Any, style: str | None) -> str | None:
    """The number format a cell needs before ``value`` is written, or None to leave it."""
    if isinstance(value, str):
        return TEXT if excel_would_parse(value) else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, dt.date, dt.datetime)):
        fmt = STYLE_FORMATS.get(style or "")
        if isinstance(value, (dt.date, dt.datetime)):
            return fmt if fmt and fmt != TEXT else DATE
        return fmt if fmt and fmt != TEXT else GENERAL
    return None


@dataclass(frozen=True)
class FormatRange:
    """A rectangle (1-based, inclusive) to receive one number format."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    number_format: str


def format_ranges(
    values: list[list[Any]],
    styles: dict[tuple[int, int], str] | None = None,
    row0: int = 1,
    col0: int = 1,
) -> list[FormatRange]:
    """The number formats to set before ``values`` is written with its top-left at
    (``row0``, ``col0``): as few rectangles as column runs allow, in a fixed order."""
    styles = styles or {}
    wanted: dict[tuple[int, int], str] = {}
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            fmt = target_format(value, styles.get((r + 1, c + 1)))
            if fmt is not None:
                wanted[(r + row0, c + col0)] = fmt
    runs: dict[int, list[tuple[int, int, str]]] = {}  # column -> vertical runs
    for (r, c), fmt in sorted(wanted.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        col = runs.setdefault(c, [])
        if col and col[-1][1] == r - 1 and col[-1][2] == fmt:
            col[-1] = (col[-1][0], r, fmt)
        else:
            col.append((r, r, fmt))
    out: list[FormatRange] = []
    open_: dict[tuple[int, int, str], FormatRange] = {}  # a run continued in the next column
    for c in sorted(runs):
        for r1, r2, fmt in runs[c]:
            prev = open_.get((r1, r2, fmt))
            if prev is not None and prev.last_col == c - 1:
                grown = FormatRange(r1, prev.first_col, r2, c, fmt)
                out[out.index(prev)] = grown
                open_[(r1, r2, fmt)] = grown
            else:
                fr = FormatRange(r1, c, r2, c, fmt)
                out.append(fr)
                open_[(r1, r2, fmt)] = fr
    return out

"""Cell rules: turn one raw cell value into a typed value, or say precisely why not.

A raw value is what a reader gives: str, int, float, bool, date, datetime, time or None. The
result carries the typed value, the issues found, and, where the cell was normalised (Thai
digits, stray spaces, a Buddhist-era year stored as a Common-era date), the value to write back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from mchch_xl.domain.issues import Issue, IssueCode, issue
from mchch_xl.domain.model import (
    DIGITS_TH,
    ORDER_POLICY_TH,
    ROUND_TH,
    RULE_TH,
    Break,
    OrderPolicy,
    Round,
    TotalRule,
    choice_key,
    parse_kind,
)
from mchch_xl.domain.thai import (
    BE_OFFSET,
    clean_text,
    fold_lookalikes,
    has_thai_digits,
    month_number,
    to_arabic_digits,
    unsafe_characters,
    whole,
)

MISSING = object()  # the cell is empty
INVALID = object()  # the cell holds something unusable (an error Issue says what)

# Excel's error values: a reader gives them as this text (calamine alone would give "").
EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)
MAX_TEXT = 32_767  # Excel's limit for one cell; text this long was probably cut on the way
# Typed into Excel, text starting with one of these becomes a formula (NOTES.md: COM parses
# Range.Value like typed input); a lone "-" stays text.
FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Where:
    """The location of a cell, for messages."""

    file: str
    sheet: str
    row: int
    column: str  # letter
    header: str
    field: str = ""

    def issue(self, code: str, value: Any = "", **params: Any) -> Issue:
        return issue(
            code,
            file=self.file,
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            field=self.field,
            value=_as_text(value),
            header=self.header,
            **params,
        )


@dataclass
class Cell:
    value: Any
    issues: list[Issue] = field(default_factory=list)
    fixed: Any = MISSING  # a normalised value to write back into the sheet


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(whole(value))


def is_empty(raw: Any) -> bool:
    if raw is None or raw == "":
        return True
    if isinstance(raw, str):  # blank, or only invisible characters
        return not raw.strip() or (len(raw) < 16 and clean_text(raw) == "")
    return False


def _clean(raw: str, where: Where, cell: Cell) -> str:
    text = clean_text(raw)
    if text != raw:
        unsafe = unsafe_characters(raw)
        if unsafe:
            cell.issues.append(where.issue(IssueCode.CELL_014, text, detail=" ".join(unsafe)))
        else:
            cell.issues.append(where.issue(IssueCode.CELL_004, raw))
        cell.fixed = text
    return text


def _unusable(raw: Any, where: Where) -> Cell | None:
    """An Excel error value, or text at Excel's length limit: never data, always located."""
    if not isinstance(raw, str):
        return None
    if raw.strip() in EXCEL_ERRORS:
        return Cell(INVALID, [where.issue(IssueCode.CELL_016, raw.strip())])
    if len(raw) >= MAX_TEXT:
        return Cell(
            INVALID, [where.issue(IssueCode.CELL_015, raw[:40] + "…", length=f"{len(raw):,}")]
        )
    return None


# a number as people type one: digits 0-9 (Thai digits converted first), a sign, a decimal
# point, commas only between groups of three ("1,500"). What float() also takes is not a
# number here: "1e5" (100000), "1_0" (10), "１２" and "٢٥" (other scripts' digits), "inf", and
# a decimal comma "1,5" (which would become 15).
_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|[+-]?\.[0-9]+")


def _number(raw: Any, where: Where, whole: bool) -> Cell:
    cell = Cell(INVALID)
    if isinstance(raw, bool):
        cell.issues.append(where.issue(IssueCode.CELL_002, raw))
        return cell
    if isinstance(raw, (int, float)):
        number = raw
    else:
        text = clean_text(str(raw)).removesuffix("คะแนน").strip()
        arabic = to_arabic_digits(text)
        if not _NUMBER_TEXT.fullmatch(arabic):  # "1e5", "1_0", "１２", "1,5": kept as typed
            cell.issues.append(where.issue(IssueCode.CELL_002, raw))
            return cell
        normal = arabic.replace(",", "")
        number = float(normal)
        if has_thai_digits(text):
            cell.issues.append(where.issue(IssueCode.CELL_003, raw, fixed=_as_text(number)))
        elif "," in arabic:
            cell.issues.append(where.issue(IssueCode.CELL_017, raw, fixed=_as_text(number)))
        elif normal != raw:
            cell.issues.append(where.issue(IssueCode.CELL_004, raw))
        elif _as_text(number) != normal:  # "4.0", "+1", ".5", "007": the cell will show 4, 1, …
            cell.issues.append(where.issue(IssueCode.CELL_020, raw, fixed=_as_text(number)))
        cell.fixed = int(number) if float(number).is_integer() else number
    if number != number or number in (float("inf"), float("-inf")):
        cell.issues.append(where.issue(IssueCode.CELL_002, raw))
        return Cell(INVALID, cell.issues)
    if whole:
        if not float(number).is_integer():
            # "read as 1000000.5, nothing to fix" would contradict the refusal below
            cell.issues = [i for i in cell.issues if i.code != IssueCode.CELL_017]
            cell.issues.append(
                where.issue(
                    IssueCode.CELL_009,
                    raw,
                    detail="ต้องเป็นจำนวนเต็ม",
                    detail_en="must be a whole number",
                    fix="พิมพ์เป็นจำนวนเต็ม",
                )
            )
            return Cell(INVALID, cell.issues)
        number = int(number)
    cell.value = number
    return cell


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
# an ISO date, with at most a time after it ("2568-05-01 หรือ 2 พ.ค." is not a date)
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_D_MONTH_Y = re.compile(r"^(?:วัน\S*ที่\s*)?(\d{1,2})\s+([^\d\s]+)\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(\d{2,4})$")


def _year(y: int) -> int:
    """A year as typed: Buddhist era (> 2400) or Common era; two digits mean BE 25xx."""
    if y < 100:
        y += 2500
    return y - BE_OFFSET if y > 2400 else y


def parse_date_text(text: str) -> dt.date | None:
    text = to_arabic_digits(clean_text(text))
    try:
        if m := _YMD.match(text):
            y, mo, d = map(int, m.groups())
            return dt.date(_year(y), mo, d)
        if m := _DMY.match(text):
            d, mo, y = map(int, m.groups())
            return dt.date(_year(y), mo, d)
        if m := _D_MONTH_Y.match(text):
            mo = month_number(m.group(2))
            if mo:
                return dt.date(_year(int(m.group(3))), mo, int(m.group(1)))
    except ValueError:
        return None
    return None


def _date(raw: Any, where: Where) -> Cell:
    if isinstance(raw, (dt.date, dt.datetime)):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        if day.year > 2400:  # 1/5/2568 typed into Excel is stored as the Common-era year 2568
            fixed = dt.date(day.year - BE_OFFSET, day.month, day.day)
            return Cell(
                fixed, [where.issue(IssueCode.CELL_006, raw, fixed=fixed.isoformat())], fixed
            )
        return Cell(day)
    if isinstance(raw, str):
        day = parse_date_text(raw)
        if day is not None:
            return Cell(day)
    return Cell(INVALID, [where.issue(IssueCode.CELL_005, raw)])


_TIME = re.compile(r"^(\d{1,2})\s*[.:]\s*(\d{2})(?:\s*(?:น\.?|นาฬิกา))?$")


def parse_time_text(text: str) -> dt.time | None:
    m = _TIME.match(to_arabic_digits(clean_text(text)))
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    return dt.time(h, mi) if h < 24 and mi < 60 else None


def _time(raw: Any, where: Where) -> Cell:
    if isinstance(raw, dt.datetime):
        return Cell(raw.time().replace(second=0, microsecond=0))
    if isinstance(raw, dt.time):
        return Cell(raw.replace(second=0, microsecond=0))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 0 <= raw < 1:
        minutes = round(raw * 24 * 60)
        return Cell(dt.time(minutes // 60, minutes % 60))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = f"{raw:.2f}"  # 9.3 typed as a number means 09.30
    if isinstance(raw, str) and (t := parse_time_text(raw)) is not None:
        return Cell(t)
    return Cell(INVALID, [where.issue(IssueCode.CELL_007, raw)])


_BREAK = re.compile(
    r"(\d{1,2}\s*[.:]\s*\d{2})\s*(?:น\.?)?\s*[-–]\s*(\d{1,2}\s*[.:]\s*\d{2})\s*(?:น\.?)?\s*(.*)"
)


def parse_breaks(text: str) -> tuple[Break, ...] | None:
    """ "12.00-13.00 พักรับประทานอาหารกลางวัน; 14.00-14.15 พักว่าง" → Breaks (None if unreadable)."""
    out = []
    for part in re.split(r"[;\n]", to_arabic_digits(clean_text(text))):
        part = part.strip()
        if not part:
            continue
        m = _BREAK.fullmatch(part)
        start = parse_time_text(m.group(1)) if m else None
        end = parse_time_text(m.group(2)) if m else None
        if not m or start is None or end is None or end <= start:
            return None
        out.append(Break(start, end, m.group(3).strip() or "พัก"))
    return tuple(sorted(out))


def _choice(text: str, where: Where, choices: tuple[str, ...], lookup: dict[str, Any]) -> Cell:
    key = choice_key(text)
    for k, v in lookup.items():
        if choice_key(k) == key:
            return Cell(v)
    return Cell(INVALID, [where.issue(IssueCode.CELL_008, text, choices=" / ".join(choices))])


POLICY_LOOKUP = {
    **{p.value: p for p in OrderPolicy},
    **{v: k for k, v in ORDER_POLICY_TH.items()},
    "ตามรหัส": OrderPolicy.CODE,
    "ตามชื่อ": OrderPolicy.ALPHABETICAL,
    "ตามตัวอักษรไทย": OrderPolicy.ALPHABETICAL,
}
DIGITS_LOOKUP = {
    **{v: k for k, v in DIGITS_TH.items()},
    "thai": "thai",
    "arabic": "arabic",
    "เลขไทย": "thai",
    "เลขอารบิก": "arabic",
}


ROUND_LOOKUP = {
    **{r.value: r for r in Round},
    **{v: k for k, v in ROUND_TH.items()},
    "ก่อนพัฒนา": Round.BEFORE,
    "หลังพัฒนา": Round.AFTER,
    "คณะกรรมการ": Round.COMMITTEE,
    "อำเภอ": Round.COMMITTEE,
}
RULE_LOOKUP = {
    **{r.value: r for r in TotalRule},
    **{v: k for k, v in RULE_TH.items()},
    "ผลรวม": TotalRule.SUM,
    "ร้อยละ": TotalRule.WEIGHTED_PERCENT,
}
YESNO_LOOKUP = {
    "ใช่": True,
    "ไม่ใช่": False,
    "ไม่": False,
    "yes": True,
    "no": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "✓": True,
}


def _national_id(raw: Any, where: Where) -> Cell:
    """A Thai national ID: 13 digits (Thai digits, spaces, dashes accepted and normalised to
    13-digit text), checksum and first digit checked. Issues show it masked, never in full."""
    from mchch_xl.domain.personal import MASKED_ID, id_problem, mask_id, normalise_id

    if isinstance(raw, str) and MASKED_ID.match(clean_text(raw).replace(" ", "")):
        return Cell(INVALID, [where.issue(IssueCode.PID_003, clean_text(raw))])
    digits = normalise_id(clean_text(raw) if isinstance(raw, str) else raw)
    problem = id_problem(digits)
    if problem:
        return Cell(
            INVALID,
            [
                where.issue(
                    IssueCode.PID_001, mask_id(digits), detail=problem[0], detail_en=problem[1]
                )
            ],
        )
    cell = Cell(digits)
    if raw != digits:  # typed with dashes or Thai digits, or stored as a number: 13-digit text
        cell.fixed = digits
        if isinstance(raw, str):
            cell.issues.append(where.issue(IssueCode.PID_005, mask_id(digits)))
    return cell


def parse_cell(raw: Any, type_: str, where: Where, choices: tuple[str, ...] = ()) -> Cell:
    """Typed value of one cell (MISSING when empty; INVALID with an error Issue when unusable)."""
    if is_empty(raw):
        return Cell(MISSING)
    if (bad := _unusable(raw, where)) is not None:
        return bad
    if type_ == "national_id":
        return _national_id(raw, where)
    if type_ in ("int", "number"):
        return _number(raw, where, whole=type_ == "int")
    if type_ == "date":
        return _date(raw, where)
    if type_ == "time":
        return _time(raw, where)
    cell = Cell(MISSING)
    if isinstance(raw, str):
        text = _clean(raw, where, cell)
        if len(text) > 1 and text.startswith(FORMULA_START):  # stays text: say so
            cell.issues.append(where.issue(IssueCode.CELL_013, text, first=text[:1]))
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    elif isinstance(raw, (dt.date, dt.time)):
        text = raw.isoformat()
    else:
        text = str(raw)
    if type_ == "code" and has_thai_digits(text):
        arabic = to_arabic_digits(text)
        cell.issues.append(where.issue(IssueCode.CELL_003, text, fixed=arabic))
        text = cell.fixed = arabic
    if type_ == "code" and (folded := fold_lookalikes(text)) != text:  # "５７０１‑L01"
        cell.issues.append(where.issue(IssueCode.CELL_021, text, fixed=folded))
        text = cell.fixed = folded
    if type_ == "kind":
        kind = parse_kind(text)
        found = (
            Cell(kind)
            if kind
            else Cell(INVALID, [where.issue(IssueCode.CELL_008, text, choices=" / ".join(choices))])
        )
    elif type_ == "policy":
        found = _choice(text, where, choices, POLICY_LOOKUP)
    elif type_ == "digits":
        found = _choice(text, where, choices, DIGITS_LOOKUP)
    elif type_ == "round":
        found = _choice(text, where, choices, ROUND_LOOKUP)
    elif type_ == "rule":
        found = _choice(text, where, choices, RULE_LOOKUP)
    elif type_ == "yesno":
        found = _choice(text, where, choices, YESNO_LOOKUP)
    elif type_ == "choice" and choices:
        found = _choice(text, where, choices, {c: c for c in choices})
    elif type_ == "breaks":
        breaks = parse_breaks(text)
        found = (
            Cell(breaks)
            if breaks is not None
            else Cell(
                INVALID,
                [
                    issue(
                        IssueCode.SET_002,
                        file=where.file,
                        sheet=where.sheet,
                        row=where.row,
                        column=where.column,
                        field=where.field,
                        value=text,
                    )
                ],
            )
        )
    else:
        found = Cell(text)
    found.issues[:0] = cell.issues
    found.fixed = cell.fixed
    return found

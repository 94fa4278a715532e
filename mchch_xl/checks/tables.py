"""Row rules: find a sheet's header row, map columns by the schema, parse each data row."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from mchch_xl.checks.cells import INVALID, MISSING, Where, is_empty, parse_cell
from mchch_xl.domain.issues import Issue, IssueCode, issue
from mchch_xl.domain.schema import HEADER_ROW, TEMPLATE_PROBLEMS, Column, Sheet, letter
from mchch_xl.domain.thai import clean_text, whole

Rows = list[list[Any]]


def _norm(text: Any) -> str:
    return clean_text(str(text or "")).replace(" ", "").lower()


def _header_text(value: Any) -> tuple[str, str]:
    """(``_norm(value)``, ``clean_text(str(value))``), each worked out once per distinct value:
    the same headers and codes come back in every file of an import."""
    if type(value) is not str:  # (numbers: 0.0 and -0.0 are one key but two texts)
        return _norm(value), clean_text(str(value))
    out = _TEXTS.get(value)
    if out is None:
        if len(_TEXTS) > 20_000:  # a hostile file's first rows cannot grow it without end
            _TEXTS.clear()
        out = _TEXTS[value] = (_norm(value), clean_text(value))
    return out


_TEXTS: dict[str, tuple[str, str]] = {}


def column_letter(index0: int) -> str:
    """``schema.letter`` of a 0-based index: kept for flows/consolidate.py, which imports it."""
    return letter(index0 + 1)


@dataclass
class TableLayout:
    """Where a schema sheet's columns were found in one real sheet."""

    sheet: Sheet
    header_row: int  # 1-based
    columns: dict[str, int]  # key -> 0-based index
    extra: dict[int, str] = field(default_factory=dict)  # unknown headers by index
    twice: set[int] = field(default_factory=set)  # of those, a schema header seen before


@functools.lru_cache(maxsize=256)
def _header_keys(sheet: Sheet) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(normalised header -> keys, normalised alias -> keys) of a sheet's columns."""
    exact: dict[str, list[str]] = {}
    for c in sheet.columns:
        exact.setdefault(_norm(c.header), []).append(c.key)
    aliases: dict[str, list[str]] = {}
    for c in sheet.columns:
        for a in c.aliases:
            aliases.setdefault(_norm(a), []).append(c.key)
    return exact, aliases


def find_layout(sheet: Sheet, rows: Rows) -> TableLayout:
    """The header row is the row (of the first ten) that matches most of the schema's headers."""
    exact, aliases = _header_keys(sheet)
    best: TableLayout | None = None
    for r, row in enumerate(rows[:10], start=1):
        found: dict[str, int] = {}
        extra: dict[int, str] = {}
        twice: set[int] = set()
        for i, value in enumerate(row):
            if value in (None, ""):
                continue
            text, cleaned = _header_text(value)
            if not text:
                continue
            # exact headers first, aliases only when the exact header is not there
            key = None
            for k in exact.get(text, ()):
                if k not in found:
                    key = k
                    break
            if not key:
                for k in aliases.get(text, ()):
                    if k not in found:
                        key = k
                        break
            if key:
                found[key] = i
            else:
                extra[i] = cleaned
                if text in exact:  # "L1.1" a second time: not an unknown column
                    twice.add(i)
        if found and (best is None or len(found) > len(best.columns)):
            best = TableLayout(sheet, r, found, extra, twice)
    return best or TableLayout(sheet, HEADER_ROW, {})


def exact_key(sheet: Sheet, text: str) -> str:
    """The key of the schema column whose header is ``text``."""
    return _header_keys(sheet)[0][_norm(text)][0]


def layout_issues(layout: TableLayout, file: str) -> list[Issue]:
    out = []
    for col in layout.sheet.columns:
        if col.key not in layout.columns and col.required:
            out.append(
                issue(
                    "SHEET_002",
                    file=file,
                    sheet=layout.sheet.title,
                    row=layout.header_row,
                    header=col.header,
                )
            )
    means = meant(layout)
    for i, text in layout.extra.items():
        at = dict(
            file=file,
            sheet=layout.sheet.title,
            row=layout.header_row,
            column=letter(i + 1),
            value=text,
        )
        if i in layout.twice:
            first = letter(layout.columns[exact_key(layout.sheet, text)] + 1)
            out.append(issue("SHEET_012", **at, first=first))
            continue
        close = means.get(i)
        out.append(
            issue(
                "SHEET_003",
                **at,
                hint=f" (หมายถึง '{close.header}' หรือไม่)" if close else "",
                hint_en=f" (did you mean '{close.header}'?)" if close else "",
            )
        )
    return out


def problems_sheet(title: str, rows: Rows) -> bool:
    """Whether a sheet is the problems list this product wrote in an annotated copy: its title
    and its exact header row (copies made before the column ตำแหน่งในอีกไฟล์ too). The import
    passes it over in silence, a new copy lays it anew; a district's own sheet of that name
    holding anything else is the district's."""
    if title != TEMPLATE_PROBLEMS.title or len(rows) < 2:
        return False
    head = list(rows[1])
    while head and is_empty(head[-1]):
        head.pop()
    # (columns added since the first copies, at the end: a copy of any version is ours)
    return len(head) >= 11 and head == TEMPLATE_PROBLEMS.headers[: len(head)]


def meant(layout: TableLayout) -> dict[int, Column]:
    """The schema column an unknown header most likely stands for (0-based sheet column ->
    Column): a missing column whose header (or an alias) it nearly spells, else the missing
    column whose place it stands in. THE rule for "renamed": a hint where the column may be
    meant as new, a refusal where the renamed column's values would not be read."""
    missing = [c for c in layout.sheet.columns if c.key not in layout.columns]
    if not missing:
        return {}
    import difflib  # only for a header not in the schema

    names = {n: c for c in missing for n in (c.header, *c.aliases)}
    out: dict[int, Column] = {}
    for i, text in layout.extra.items():
        # a header there twice (L1.1 again where L1.2 stood) stands for the column of its place
        close = () if i in layout.twice else difflib.get_close_matches(text, list(names), 1, 0.6)
        if close:
            out[i] = names[close[0]]
        elif i < len(layout.sheet.columns) and layout.sheet.columns[i] in missing:
            out[i] = layout.sheet.columns[i]
    return out


@dataclass
class ParsedRow:
    row: int  # 1-based Excel row
    values: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)
    fixes: list[tuple[int, Any]] = field(default_factory=list)  # (0-based column, new value)
    invalid: bool = False

    def where(self, file: str, sheet: Sheet, layout: TableLayout, key: str) -> Where:
        col = sheet.column(key)
        idx = layout.columns.get(key)
        return Where(
            file,
            sheet.title,
            self.row,
            letter(idx + 1) if idx is not None else "",
            col.header,
            key,
        )


def iter_rows(sheet: Sheet, rows: Rows, layout: TableLayout, file: str) -> Iterator[ParsedRow]:
    """Each non-empty data row below the header, its cells parsed; empty rows are skipped.

    A text value is parsed once per column type: the same ids, codes and choices come back on
    thousands of rows; a finite number in a number column is itself. Neither shortcut applies
    to a value with an issue, which is parsed where it stands."""
    cols: list[tuple[Column, int, str, dict[str, tuple[Any, Any]]]] = [
        (c, layout.columns[c.key], letter(layout.columns[c.key] + 1), _parsed(c))
        for c in sheet.columns
        if c.key in layout.columns and not c.output
    ]
    for r in range(layout.header_row, len(rows)):
        raw = rows[r]
        n = len(raw)
        if all(is_empty(raw[i]) if i < n else True for _, i, _, _ in cols):
            continue
        parsed = ParsedRow(r + 1, {})
        for col, i, at, known in cols:
            value = raw[i] if i < n else None
            kind = type(value)
            if (kind is float or kind is int) and col.type == "number" and value - value == 0:
                parsed.values[col.key] = value  # what parse_cell gives a finite number
                continue
            hit = known.get(value) if kind is str else None
            if hit is None:
                where = Where(file, sheet.title, r + 1, at, col.header, col.key)
                cell = parse_cell(value, col.type, where, col.choices)
                if kind is str and not cell.issues and len(value) <= 200:
                    if len(known) > 50_000:  # bounded, whatever a file holds
                        known.clear()
                    known[value] = (cell.value, cell.fixed)
                parsed.issues.extend(cell.issues)
                found, fixed = cell.value, cell.fixed
            else:
                found, fixed = hit
            if fixed is not MISSING:
                parsed.fixes.append((i, fixed))
            if found is INVALID:
                parsed.invalid = True
            elif found is MISSING:
                if col.required:
                    where = Where(file, sheet.title, r + 1, at, col.header, col.key)
                    parsed.issues.append(where.issue(IssueCode.CELL_001))
                    parsed.invalid = True
            else:
                parsed.values[col.key] = found
        yield parsed


_PARSED: dict[tuple[str, tuple[str, ...]], dict[str, tuple[Any, Any]]] = {}


def _parsed(col: Column) -> dict[str, tuple[Any, Any]]:
    """Text already parsed without an issue for a column type (and choices): text -> (value,
    value to write back)."""
    return _PARSED.setdefault((col.type, col.choices), {})


_PYDANTIC_TH = {
    "string_pattern_mismatch": ("รูปแบบไม่ถูกต้อง", "wrong format"),
    "greater_than_equal": ("น้อยเกินไป", "too small"),
    "less_than_equal": ("มากเกินไป", "too large"),
    "string_too_short": ("ว่างเปล่า", "empty"),
}


def validation_issues(
    err: ValidationError, parsed: ParsedRow, file: str, sheet: Sheet, layout: TableLayout
) -> list[Issue]:
    """pydantic's errors as located Thai Issues (pydantic's English never reaches a user)."""
    out = []
    for e in err.errors():
        key = str(e["loc"][0]) if e["loc"] else ""
        th, en = _PYDANTIC_TH.get(e["type"], ("ค่าไม่ถูกต้อง", "invalid value"))
        if key and key in {c.key for c in sheet.columns}:
            where = parsed.where(file, sheet, layout, key)
            fix = sheet.column(key).help or "แก้ค่าให้ถูกต้อง"
            out.append(
                where.issue(
                    IssueCode.CELL_009, parsed.values.get(key, ""), detail=th, detail_en=en, fix=fix
                )
            )
        else:
            out.append(
                issue(
                    IssueCode.CELL_009,
                    file=file,
                    sheet=sheet.title,
                    row=parsed.row,
                    detail=th,
                    detail_en=en,
                    fix="แก้ค่าในแถวนี้ให้ถูกต้อง",
                )
            )
    return out


def build(
    model: type[BaseModel], parsed: ParsedRow, file: str, sheet: Sheet, layout: TableLayout
) -> BaseModel | None:
    try:
        return model.model_validate(parsed.values)
    except ValidationError as err:
        parsed.issues.extend(validation_issues(err, parsed, file, sheet, layout))
        parsed.invalid = True
        return None


@dataclass
class Record:
    """One data row of a table as read: raw values by schema key, each with its cell reference."""

    file: str
    sheet: str  # the title the user sees
    row: int  # 1-based Excel row
    values: dict[str, Any]  # key -> raw value (integers read as floats given back as integers)
    columns: dict[str, str]  # key -> column letter
    extra: dict[str, Any] = field(default_factory=dict)  # unknown header -> value (kept, not read)

    def ref(self, key: str) -> str:
        return f"{self.columns.get(key, '')}{self.row}"


def read_table(
    sheet: Sheet, rows: Rows, file: str = "", layout: TableLayout | None = None
) -> tuple[TableLayout, list[Record]]:
    """The keyed form of a table sheet: every non-empty row below the header, by column key.
    Headers are matched once (``find_layout``); nothing after this knows a column's position."""
    layout = layout or find_layout(sheet, rows)
    cols = [(c.key, i) for c in sheet.columns if (i := layout.columns.get(c.key)) is not None]
    letters = {k: letter(i + 1) for k, i in cols}
    out = []
    for r in range(layout.header_row, len(rows)):
        raw = rows[r]
        values = {k: _plain(raw[i]) if i < len(raw) else None for k, i in cols}
        extra = {
            h: _plain(raw[i])
            for i, h in layout.extra.items()
            if i < len(raw) and _plain(raw[i]) is not None
        }
        if all(v is None for v in values.values()) and not extra:
            continue
        out.append(Record(file, sheet.title, r + 1, values, letters, extra))
    return layout, out


def _plain(value: Any) -> Any:
    value = whole(value)
    return None if value == "" else value


def table_values(rows: Rows, sheet: Sheet) -> list[list[Any]]:
    """The data rows of a table sheet in schema column order (keyed records through
    ``Sheet.row``), for carrying a table into another workbook (``new --indicators``)."""
    return [
        sheet.row(rec.values)
        for rec in read_table(sheet, rows)[1]
        if any(v is not None for v in rec.values.values())
    ]

"""District files → master: every row read lands in the master (flagged if wrong) or is in a
refused file that changed nothing.

One returned template is a *submission*. It is scanned for hostile content before any parser
reads it (``files.safety``); then its values are judged with no file access (``judge_sheets``,
over checks that yield issues: ``meta_issues``, ``table_issues``, ``foreign_sheet_issues``).
Its *structure* is judged: metadata (province, fiscal year, template
version, a district of the master whose code and name agree, and the district its file name
names), its sheets and columns (a missing or renamed required column, a deleted indicator column,
merged cells over the data), and its candidate ids (an id that another district already holds).
A structure that cannot be trusted refuses the whole file: the district's rows stay as they were.

A trusted submission is not checked row by row here: its rows are mapped by key through the
template views of ``schema`` (``candidate_to_master``, ``scores_to_master``) and replace the
district's rows *as typed*; the merged master is then checked once, with the same rules as any
recalculation, and each issue on a landed row is located back in the district's file as well.

Invariant, per file: rows read = rows accepted + rows flagged (both in the master) + rows refused.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import zlib
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mchch_xl.checks.cells import EXCEL_ERRORS, is_empty
from mchch_xl.checks.tables import (
    Record,
    column_letter,
    find_layout,
    layout_issues,
    meant,
    problems_sheet,
    read_table,
)
from mchch_xl.domain.issues import FatalError, Issue, IssueCode, Severity, issue
from mchch_xl.domain.model import District, DistrictIndex, Kind, MasterData, district_key, id_key
from mchch_xl.domain.personal import MASKED_ID, mask_id
from mchch_xl.domain.schema import (
    CANDIDATES,
    META_KEYS,
    SCORE_FIELD,
    SCORES,
    TEMPLATE_CANDIDATES,
    TEMPLATE_INSTRUCTIONS,
    TEMPLATE_META,
    TEMPLATE_SCORE_PREFIX,
    TEMPLATE_VERSION,
    Sheet,
    candidate_to_master,
    column_number,
    letter,
    scores_to_master,
)
from mchch_xl.flows.templates import indicator_hash, score_sheet, template_kinds, year_indicators

STATUS_OK = "รับทั้งหมด"
STATUS_FLAGGED = "รับแล้ว มีแถวต้องแก้"
STATUS_PARTIAL = STATUS_FLAGGED  # the name earlier versions logged for the same outcome
STATUS_REFUSED = "ไม่รับทั้งไฟล์"
STATUS_SAME = "นำเข้าแล้ว ไม่เปลี่ยนแปลง"
STATUS_SUPERSEDED = "ถูกแทนที่ด้วยไฟล์ใหม่กว่า"
LANDED = (STATUS_OK, STATUS_FLAGGED, "รับบางส่วน")


@dataclass(slots=True)
class Origin:
    """Where a master row came from: the district file's cell references, by master key."""

    file: str
    sheet: str
    row: int
    columns: dict[str, str]  # master key -> column letter in the district's sheet
    indicator: str = ""  # a score's indicator: its column's header in the district's sheet


@dataclass
class Submission:
    path: Path
    sha256: str = ""
    mtime: float = 0.0  # when the file was last saved (the newest of a district's files wins)
    district: District | None = None
    status: str = STATUS_REFUSED
    rows_read: int = 0
    rows_accepted: int = 0
    rows_flagged: int = 0
    issues: list[Issue] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)  # master กลุ่มเป้าหมาย rows
    scores: list[dict[str, Any]] = field(default_factory=list)  # master คะแนน rows
    candidate_origins: list[Origin] = field(default_factory=list)
    score_origins: list[Origin] = field(default_factory=list)
    refused: bool = True
    packed: bytes = field(default=b"", repr=False)  # ``sheets``, pickled and compressed

    @property
    def sheets(self) -> dict[str, list[list[Any]]]:
        """The file's raw values (title -> rows), for the annotated copy. Kept packed (about
        5 KB a file instead of 50 KB): an import of 878 files holds them all until the master
        check has said which files need a copy. Each read unpacks a fresh copy."""
        return pickle.loads(zlib.decompress(self.packed)) if self.packed else {}

    @sheets.setter
    def sheets(self, value: dict[str, list[list[Any]]]) -> None:
        # our own values (str, float, bool, date, time): nothing read from a file is unpickled
        self.packed = zlib.compress(pickle.dumps(value, protocol=5), 1) if value else b""

    @property
    def rows_refused(self) -> int:
        return self.rows_read if self.refused else 0

    @property
    def rows_rejected(self) -> int:
        """Rows not (yet) in the computation: flagged in the master, or in a refused file."""
        return self.rows_flagged + self.rows_refused

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def ids(self) -> set[str]:
        return {id_key(c["id"]) for c in self.candidates if c.get("id") is not None}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def districts_named(name: str, districts: list[District]) -> set[str]:
    """District codes a file name names: a 4-digit token that is a district code of the master,
    or a district's name (the longest names first, so that "เมืองเชียงราย" is not also "เชียงราย").
    Other digits (a year such as 2568, a version) mean nothing."""
    return _named(name, {d.code for d in districts}, _name_keys(districts))


def _name_keys(districts: list[District]) -> tuple[tuple[str, str], ...]:
    """(district_key of the name, code), the longest names first (in the districts' order among
    equals: ``sorted`` is stable)."""
    keyed = [(district_key(d.name), d.code) for d in districts]
    return tuple(sorted(keyed, key=lambda kc: -len(kc[0])))


def _named(name: str, codes: set[str] | frozenset[str], keys: tuple[tuple[str, str], ...]):
    found = {t for t in re.findall(r"(?<!\d)(\d{4})(?!\d)", name) if t in codes}
    text = district_key(name)
    for key, code in keys:
        if key and key in text:
            found.add(code)
            text = text.replace(key, " ")
    return found


@dataclass(frozen=True)
class Context:
    """What judging a submission needs from the master, worked out once per import (not once
    per file: with 878 districts, per-file district indexes made the import quadratic)."""

    index: DistrictIndex
    districts: dict[str, District]  # code -> district
    codes: frozenset[str]
    name_keys: tuple[tuple[str, str], ...]  # see _name_keys
    indicator_hash: str
    score_sheets: tuple[tuple[Sheet, tuple[str, ...]], ...]  # per template kind: sheet, codes
    # (column letters of a score sheet, its codes) -> the origins' column maps, shared by every
    # file laid out alike: see _Reader.scores
    score_columns: dict = field(default_factory=dict, compare=False, repr=False)


def context(data: MasterData) -> Context:
    """The ``Context`` of a master's settings, districts and indicators."""
    sheets = []
    for kind in template_kinds(data):
        indicators = year_indicators(data, kind)
        sheets.append((score_sheet(kind, indicators), tuple(i.code for i in indicators)))
    return Context(
        DistrictIndex(data.districts),
        {d.code: d for d in reversed(data.districts)},  # the first district of a code wins
        frozenset(d.code for d in data.districts),
        _name_keys(data.districts),
        indicator_hash(data.indicators, data.settings.fiscal_year),
        tuple(sheets),
    )


Rows = list[list[Any]]
# a check: yields the issues it finds, then returns what it made (None: the file is refused)
Check = Generator[Issue, None, Any]


def judge_sheets(
    sheets: dict[str, Rows],
    file: str,
    data: MasterData,
    ctx: Context | None = None,
    *,
    merges: dict[str, list[str]] | None = None,
    formulas: dict[str, dict[tuple[int, int], str | None]] | None = None,
) -> Submission:
    """Judge one district file's sheets and map its rows into master rows; no file access.

    Args:
        sheets: the file's values as the reader gives them (sheet title -> rows from A1).
        file: the file's name (its stem may name a district: TPL_006).
        data: the master's settings, districts and indicators.
        ctx: ``context(data)``, given by a caller that judges many files.
        merges: merged ranges by sheet title ("C3:C4"), as the safety scan found them.
        formulas: formula cells by sheet title, as the safety scan found them: (row, column)
            -> None, or the formula's text when the cell holds no calculated value.

    Returns:
        A ``Submission`` named ``file`` (no checksum): its issues, in the order the checks
        found them; its master rows and their origins, or none when it is refused.
    """
    ctx = ctx or context(data)
    sub = Submission(Path(file))
    sub.sheets = sheets
    found = sub.issues
    met = _take(meta_issues(sheets.get(TEMPLATE_META.title), file, data, ctx), found)
    if met is None:
        return _refused(sub, sheets, ctx)
    sub.district, same_indicators = met
    tables = [(TEMPLATE_CANDIDATES, (), None)]
    tables += [(s, codes if same_indicators else (), codes) for s, codes in ctx.score_sheets]
    candidates, candidate_origins, scores, score_origins = [], [], [], []
    read = 0
    for sheet, required, codes in tables:
        # an indicator column deleted from a template made with this indicator set is a broken
        # structure; with a changed set (TPL_004) the column may simply be new
        checks = table_issues(
            sheet, sheets, file, (merges or {}).get(sheet.title, []), formulas, required
        )
        records = _take(checks, found)
        if records is None:
            return _refused(sub, sheets, ctx)
        read += len(records)
        if codes is None:
            for rec in records:
                candidates.append(candidate_to_master(rec.values, sub.district.name))
                # the letters are the same for every row of the sheet: one dict, shared
                candidate_origins.append(Origin(file, rec.sheet, rec.row, rec.columns))
        else:
            for row, origin in _score_rows(records, codes, file, ctx):
                scores.append(row)
                score_origins.append(origin)
    tables = [TEMPLATE_CANDIDATES] + [sheet for sheet, _ in ctx.score_sheets]
    if not _take(foreign_sheet_issues(sheets, tables, file), found):
        return _refused(sub, sheets, ctx)
    if not candidates and not scores:  # an unfilled template never empties a district
        found.append(issue(IssueCode.TPL_009, file=file))
        return _refused(sub, sheets, ctx)
    sub.rows_read = read
    sub.candidates, sub.candidate_origins = candidates, candidate_origins
    sub.scores, sub.score_origins = scores, score_origins
    sub.refused, sub.status = False, STATUS_OK
    return sub


def _take(checks: Check, into: list[Issue]) -> Any:
    """Run a check: its issues appended to ``into``; what it returns returned."""
    while True:
        try:
            into.append(next(checks))
        except StopIteration as done:
            return done.value


def _refused(sub: Submission, sheets: dict[str, Rows], ctx: Context | None = None) -> Submission:
    tables = (TEMPLATE_CANDIDATES, *(s for s, _ in ctx.score_sheets)) if ctx else ()
    sub.rows_read = _count_rows(sheets, tables)
    return sub


def meta_issues(
    rows: Rows | None, file: str, data: MasterData, ctx: Context
) -> Generator[Issue, None, tuple[District, bool] | None]:
    """The metadata sheet's issues; returns (the district, whether the file was made with the
    master's indicators), or None when the file is refused."""
    where = {"file": file, "sheet": TEMPLATE_META.title}
    if rows is None:
        yield issue(IssueCode.FILE_017, **where)
        return None
    _, records = read_table(TEMPLATE_META, rows, file, find_layout(TEMPLATE_META, rows))
    meta: dict[str, Any] = {}
    for rec in records:
        key = str(rec.values.get("key") or "").strip()
        if key in meta:
            yield issue(
                IssueCode.TPL_007,
                **where,
                row=rec.row,
                column=rec.columns.get("key", ""),
                value=key,
                detail=f"รายการ {key} ซ้ำ",
                detail_en=f"'{key}' appears twice",
            )
            return None
        meta[key] = rec.values.get("value")
    missing = [k for k in META_KEYS if k not in meta]
    if missing:
        yield issue(
            IssueCode.TPL_007,
            **where,
            detail="ไม่มีรายการ " + ", ".join(missing),
            detail_en="missing " + ", ".join(missing),
        )
        return None

    def text(key: str) -> str:
        return str(meta.get(key) if meta.get(key) is not None else "").strip()

    s = data.settings
    if district_key(text("province")).removeprefix("จังหวัด") != district_key(s.province):
        yield issue(IssueCode.TPL_001, **where, value=text("province"), expected=s.province)
        return None
    if text("fiscal_year") != str(s.fiscal_year):
        yield issue(IssueCode.TPL_002, **where, value=text("fiscal_year"), expected=s.fiscal_year)
        return None
    if text("template_version") != TEMPLATE_VERSION:
        yield issue(
            IssueCode.TPL_003,
            **where,
            value=text("template_version") or "-",
            expected=TEMPLATE_VERSION,
        )
        return None
    code = ctx.index.code(text("district_code"))
    if code is None or district_key(text("district_code")) != code:
        yield issue(IssueCode.TPL_005, **where, value=text("district_code") or "-")
        return None
    if ctx.index.code(text("district_name")) != code:
        yield issue(IssueCode.TPL_008, **where, value=code, name=text("district_name"))
        return None
    claimed = _named(Path(file).stem, ctx.codes, ctx.name_keys)
    if claimed and code not in claimed:
        yield issue(IssueCode.TPL_006, file=file, value=" ".join(sorted(claimed)), expected=code)
        return None
    same_indicators = text("indicator_hash") == ctx.indicator_hash
    if not same_indicators:
        yield issue(IssueCode.TPL_004, **where)
    return ctx.districts[code], same_indicators


def foreign_sheet_issues(
    sheets: dict[str, Rows], tables: list[Sheet], file: str
) -> Generator[Issue, None, bool]:
    """A sheet the template does not have, holding data: a copy of one of its tables (its
    rows would be read nowhere) refuses the file (returns False); any other is said not read."""
    known = {TEMPLATE_META.title, TEMPLATE_INSTRUCTIONS.title, *(t.title for t in tables)}
    for title, rows in sheets.items():
        if title in known or not any(v not in (None, "") for row in rows for v in row):
            continue
        if problems_sheet(title, rows):  # an annotated copy sent back as it is: not a word
            continue
        like = [t for t in tables if len(find_layout(t, rows).columns) >= min(3, len(t.columns))]
        if like and _rows_only_here(rows, sheets.get(like[0].title) or [], like[0]):
            yield issue("SHEET_008", file=file, sheet=title, like=like[0].title)
            return False
        yield issue("SHEET_009", file=file, sheet=title)
    return True


def _rows_only_here(rows: Rows, own: Rows, table: Sheet) -> bool:
    """Whether a copy of ``table`` holds a data row the table itself (``own``) does not (a copy
    of the headers only, or of the same rows, loses nothing)."""
    head = find_layout(table, rows).header_row

    def data(sheet_rows: Rows, below: int) -> set[tuple]:
        return {
            tuple(v for v in r if not is_empty(v))
            for r in sheet_rows[below:]
            if any(not is_empty(v) for v in r)
        }

    return bool(data(rows, head) - data(own, find_layout(table, own).header_row))


def table_issues(
    sheet: Sheet,
    sheets: dict[str, Rows],
    file: str,
    merges: list[str] = (),
    formulas: dict[str, dict[tuple[int, int], str | None]] | None = None,
    required: tuple[str, ...] = (),
) -> Generator[Issue, None, list[Record] | None]:
    """A table sheet's structure issues; returns its records, or None when a structure that
    cannot be trusted refuses the file: the sheet missing, a required column (or one named in
    ``required``) missing, renamed or there twice, merged cells over the data. Reordered and
    extra columns are reported and read by header. A formula cell is reported; one with no
    calculated value is read as its text."""
    rows = sheets.get(sheet.title)
    if rows is None:
        yield issue("SHEET_001", file=file, sheet=sheet.title)
        return None
    layout = find_layout(sheet, rows)
    needed = [c for c in sheet.columns if c.required or c.key in required]
    # a column renamed is refused when it is needed, or when the row's other values would be
    # read otherwise without it: a round column (blank = the committee's round) renamed would
    # read self-assessments as the committee's scores. Any other renamed column is an unknown
    # one, not read and said so (SHEET_003), its values left in the district's file
    renamed = {
        i: c
        for i, c in meant(layout).items()
        if c in needed
        or (
            c.type == "round"
            and any(i < len(r) and not is_empty(r[i]) for r in rows[layout.header_row :])
        )
    }
    for item in layout_issues(layout, file):
        # a renamed column is said once, as renamed (SHEET_005 below): not also as unknown, nor
        # as a header there twice (whose fix, "delete the second column", would lose its values)
        if item.code in ("SHEET_003", "SHEET_012") and item.column in {
            column_letter(i) for i in renamed
        }:
            continue
        if item.code in ("SHEET_003", "SHEET_012"):  # (a second column: refused below)
            yield item
    positions = [layout.columns[c.key] for c in sheet.columns if c.key in layout.columns]
    if positions != sorted(positions):
        yield issue("SHEET_004", file=file, sheet=sheet.title, row=layout.header_row)
    for i, col in renamed.items():
        yield issue(
            "SHEET_005",
            file=file,
            sheet=sheet.title,
            row=layout.header_row,
            column=column_letter(i),
            header=col.header,
            value=layout.extra[i],
        )
    missing = [c for c in needed if c.key not in layout.columns and c not in renamed.values()]
    for col in missing:
        yield issue(
            "SHEET_002", file=file, sheet=sheet.title, row=layout.header_row, header=col.header
        )
    if renamed or missing or layout.twice:  # (a second column's values would be lost)
        return None
    _, records = read_table(sheet, rows, file, layout)
    merged = False
    for ref in merges:
        m = re.fullmatch(r"[A-Za-z]+(\d+)(?::[A-Za-z]+(\d+))?", ref)
        if m and int(m.group(2) or m.group(1)) > layout.header_row and _holds_data(ref, rows):
            merged = True
            yield issue(
                IssueCode.CELL_010,
                file=file,
                sheet=sheet.title,
                row=max(int(m.group(1)), layout.header_row + 1),
                value=ref,
            )
    if merged:
        return None
    by_cell = (formulas or {}).get(sheet.title, {})
    for rec in records if by_cell else ():
        for key, col in rec.columns.items():
            at = (rec.row, column_number(col))
            if at not in by_cell:
                continue
            value, text = rec.values.get(key), by_cell[at]
            if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
                continue  # an error value: named as one (CELL_016), never as a value "used"
            code = IssueCode.CELL_011
            if value in (None, "") and text is not None:  # no value: the formula, as text
                rec.values[key], value, code = text, text, IssueCode.CELL_018
            elif value in (None, ""):
                code = IssueCode.CELL_019
            yield issue(
                code,
                file=file,
                sheet=sheet.title,
                row=rec.row,
                column=col,
                header=sheet.column(key).header,
                value=value,
            )
    return records


def _score_rows(records: list[Record], codes: tuple[str, ...], file: str, ctx: Context):
    """(master score row, its origin) for each score of a score sheet's records."""
    letters: dict[str, str] | None = None
    for rec in records:
        if rec.columns is not letters:  # one column map per layout: the origins share it
            letters = rec.columns
            present, base, by_code = _score_columns(ctx, letters, codes)
        for code, row in scores_to_master(rec.values, present):
            columns = base if code is None else by_code[code]
            yield row, Origin(file, rec.sheet, rec.row, columns, code or "")


def _score_columns(ctx: Context, letters: dict[str, str], codes: tuple[str, ...]):
    """(the codes the sheet has, the column map of a row without a score, column maps by
    code), made once per layout of an import, not once per file."""
    key = (tuple(letters.items()), codes)
    found = ctx.score_columns.get(key)
    if found is None:
        present = [c for c in codes if c in letters]
        base = {m: letters[t] for m, t in SCORE_FIELD.items() if t in letters}
        by_code = {c: {**base, "indicator": letters[c], "score": letters[c]} for c in present}
        found = ctx.score_columns[key] = (present, base, by_code)
    return found


_ID_PREFIX = re.compile(r"^([0-9]{4})-")


def _holds_data(ref: str, rows: list[list[Any]]) -> bool:
    """Whether a merged range has a value in any of its cells (merged empty rows below a
    table hide nothing). Only the cells the sheet holds are looked at: the scan has already
    bounded the sheet's extent."""
    m = re.fullmatch(r"([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?", ref)
    if not m:
        return True
    c1, r1 = column_number(m[1]), int(m[2])
    c2, r2 = (column_number(m[3]), int(m[4])) if m[3] else (c1, r1)
    for row in rows[r1 - 1 : r2]:
        if any(not is_empty(v) for v in row[c1 - 1 : c2]):
            return True
    return False


def read_submission(path: Path, data: MasterData, ctx: Context | None = None) -> Submission:
    """Read one returned template (scanned for hostile content first), judge it against the
    master's settings, districts and indicators (``judge_sheets``) and map its rows into master
    rows (never raises for a bad file). ``ctx``: ``context(data)``, given by a caller that reads
    many files."""
    from mchch_xl.files import reader, safety

    path = Path(path)
    digest = ""
    try:
        digest = sha256(path)
        scan = safety.scan(path)
        sheets = reader.read_values(path, errors=scan.errors, mended=scan.mended)
        mtime = path.stat().st_mtime
    except FatalError as exc:
        return Submission(path, sha256=digest, issues=[exc.issue])
    sub = judge_sheets(sheets, path.name, data, ctx, merges=scan.merges, formulas=scan.formulas)
    sub.path, sub.sha256, sub.mtime = path, digest, mtime
    sub.issues[:] = [_external(i, scan.external, scan.links) for i in sub.issues]
    sub.issues += [issue(IssueCode.FILE_023, file=path.name, value=part) for part in scan.macros]
    return sub


def _external(item: Issue, external: dict, links: dict[str, str]) -> Issue:
    """A formula's calculated value taken (CELL_011) said more exactly when the formula is
    computed from another workbook (CELL_022): which one, by what formula."""
    formula = external.get(item.sheet, {}).get((item.row, column_number(item.column or "A")))
    if item.code != IssueCode.CELL_011 or formula is None:
        return item
    named = sorted({links.get(n, f"[{n}]") for n in re.findall(r"\[(\d+)\]", formula)})
    return issue(
        IssueCode.CELL_022,
        file=item.file,
        sheet=item.sheet,
        row=item.row,
        column=item.column,
        field=item.field,
        value=item.value,
        header=dict(item.params).get("header", ""),
        formula=formula,
        workbook=f" ({', '.join(named)})",
    )


def _count_rows(sheets: dict[str, list[list[Any]]], tables: tuple[Sheet, ...] = ()) -> int:
    """Non-empty rows below the header of a refused file's data sheets. The header is where
    ``find_layout`` finds a table's headers (a district may insert a title row above them; a
    sheet of another title holding a copy of a table has them too); on a sheet with none, its
    first row that holds something."""
    n = 0
    for title, rows in sheets.items():
        if title in (TEMPLATE_META.title, TEMPLATE_INSTRUCTIONS.title):
            continue
        if problems_sheet(title, rows):  # an annotated copy's list of problems: not data
            continue
        filled = [i for i, row in enumerate(rows) if any(not is_empty(v) for v in row)]
        own = [t for t in tables if t.title == title] or tables
        layouts = [find_layout(t, rows) for t in own]
        best = max(layouts, key=lambda lay: len(lay.columns), default=None)
        if best is not None and len(best.columns) >= min(3, len(best.sheet.columns)):
            head = best.header_row
        else:
            head = filled[0] + 1 if filled else 0
        n += sum(1 for i in filled if i >= head)
    return n


def refuse(sub: Submission, *items: Issue) -> None:
    """Refuse a submission after its rows were mapped: nothing of it lands."""
    sub.issues.extend(items)
    sub.refused, sub.status = True, STATUS_REFUSED
    sub.candidates, sub.scores = [], []
    sub.candidate_origins, sub.score_origins = [], []


@dataclass
class ImportPlan:
    """What an import does to the master: district code -> the submission that replaces it."""

    submissions: list[Submission]
    replace: dict[str, Submission]
    unchanged: list[Submission]

    @property
    def totals(self) -> Counter:
        c = Counter()
        for s in self.submissions:
            if s.status == STATUS_SUPERSEDED:
                continue
            c["read"] += s.rows_read
            c["accepted"] += s.rows_accepted
            c["flagged"] += s.rows_flagged
            c["refused"] += s.rows_refused
            c["rejected"] += s.rows_rejected
        return c


def plan(
    submissions: list[Submission],
    imported: dict[str, str],
    owners: dict[str, tuple[str, str, str]],
    names: dict[str, str] | None = None,
) -> ImportPlan:
    """Pick, per district, the newest usable submission; the same bytes as the district's
    latest import change nothing. ``imported``: district code -> SHA-256 of its latest import;
    ``owners``: candidate id -> (district code, district name, where it stands) of the
    master's candidates.
    An id typed without a district code ("L01") is first given its district's
    (``_own_prefix``), so that districts numbering alike never collide.
    A submission holding ids that another district holds is refused, every such id named in
    one run with both places; so is one sending a new id that starts with another district's
    code (``names``: code -> district name): it would take the id from that district, whose
    own file would then be refused. An id the master gives a district holds against every
    other file of the run, even if its district's own new file drops it: a file that lands
    today is refused for the same ids tomorrow, so the outcome never depends on the order the
    files arrive in."""
    replace: dict[str, Submission] = {}
    unchanged: list[Submission] = []
    usable = [s for s in submissions if not s.refused and s.district is not None]
    usable.sort(key=lambda s: (s.mtime, s.path.name))
    for s in usable:
        _own_prefix(s, owners, names or {})
    sent: dict[str, list[Submission]] = {}  # district code -> its files, newest first
    for s in reversed(usable):
        sent.setdefault(s.district.code, []).append(s)
    for code, files in list(sent.items()):  # the newest is the bytes last imported
        if imported.get(code) == files[0].sha256:
            files[0].status = STATUS_SAME
            files[0].issues.append(issue(IssueCode.IMP_002, file=files[0].path.name))
            unchanged.append(files[0])
            for old in files[1:]:
                old.status = STATUS_SUPERSEDED
                old.issues.append(
                    issue(IssueCode.IMP_001, file=old.path.name, value=files[0].path.name)
                )
            del sent[code]
    # ids the master gives (whoever sends a file), then those of each landing file in turn;
    # one its district's newest file still holds is named there, whatever the order
    held = dict(owners)
    for code, [s, *_] in sent.items():
        for c, origin in zip(s.candidates, s.candidate_origins):
            if owners.get(key := id_key(c.get("id")), ("",))[0] == code:
                where = f"{origin.file} แผ่นงาน {origin.sheet} แถว {origin.row}"
                held[key] = (code, s.district.name, where)
    for code, files in sorted(sent.items(), key=lambda kv: (kv[1][0].path.name, kv[0])):
        # the newest file that can land; a newer one refused for an id (IMP_004/IMP_005) does
        # not take the older, usable one down with it (a structure refusal never did either)
        for n, s in enumerate(files):
            if clashes := _foreign_ids(s, held, names or {}, owners):
                refuse(s, *clashes)
                continue
            if imported.get(code) == s.sha256:  # the one left is what the master holds
                s.status = STATUS_SAME
                s.issues.append(issue(IssueCode.IMP_002, file=s.path.name))
                unchanged.append(s)
            else:
                replace[code] = s
                for c, origin in zip(s.candidates, s.candidate_origins):
                    where = f"{origin.file} แผ่นงาน {origin.sheet} แถว {origin.row}"
                    held.setdefault(id_key(c.get("id")), (code, s.district.name, where))
            for old in files[n + 1 :]:
                old.status = STATUS_SUPERSEDED
                old.issues.append(issue(IssueCode.IMP_001, file=old.path.name, value=s.path.name))
            break
    return ImportPlan(submissions, replace, unchanged)


def _own_prefix(
    sub: Submission, owners: dict[str, tuple[str, str, str]], names: dict[str, str]
) -> None:
    """Give an id typed without a district code ("L01" in แม่จัน's file, or "2568-01": a year is
    not a district) its district's ("5707-L01"), in the candidates and the scores alike (a
    score typed "L01" follows its candidate), each said at its cell (IMP_007): districts
    numbering their candidates alike never collide. An id the master already gives this
    district is kept as it is (a master made before ids carried codes); an id starting with a
    district's code (``names``: code -> name) is left to ``plan``."""
    code = sub.district.code
    said: set[tuple[str, int, str]] = set()  # a score row is one master row per indicator
    rows = [(c, "id", o) for c, o in zip(sub.candidates, sub.candidate_origins)]
    rows += [(s, "candidate", o) for s, o in zip(sub.scores, sub.score_origins)]
    for row, key, origin in rows:
        ident = row.get(key)
        typed = id_key(ident)
        coded = _CODED.match(typed)
        if ident is None or not typed or (coded and (not names or coded[1] in names)):
            continue
        if owners.get(typed, ("",))[0] == code:
            continue
        row[key] = fixed = f"{code}-{typed}"
        column = origin.columns.get(key, "")
        if (origin.sheet, origin.row, column) not in said:
            said.add((origin.sheet, origin.row, column))
            sub.issues.append(
                issue(
                    IssueCode.IMP_007,
                    file=origin.file,
                    sheet=origin.sheet,
                    row=origin.row,
                    column=column,
                    field=key,
                    value=ident,
                    fixed=fixed,
                )
            )


_CODED = re.compile(r"^([0-9]{4})")  # an id that starts with four digits: a district's code?


def _foreign_ids(
    sub: Submission, held: dict[str, tuple[str, str, str]], names: dict[str, str], owners: dict
) -> list[Issue]:
    """Every id of ``sub`` another district holds (IMP_004: a candidate or a score row; ``held``:
    id -> (district code, district name, where it stands)) or whose new id starts with another
    district's code (IMP_005: "5701-L99" in แม่จัน's file), each named once, at its first row.
    An id the master already gives this district is its own, whatever it starts with (a master
    made before ids carried codes)."""
    code = sub.district.code
    found: list[Issue] = []
    named: set[str] = set()
    rows = [(c.get("id"), o, "id") for c, o in zip(sub.candidates, sub.candidate_origins)]
    rows += [(s.get("candidate"), o, "candidate") for s, o in zip(sub.scores, sub.score_origins)]
    for ident, origin, key in rows:
        typed = id_key(ident)
        if ident is None or typed in named:
            continue
        where = {
            "file": origin.file,
            "sheet": origin.sheet,
            "row": origin.row,
            "column": origin.columns.get(key, ""),
            "value": ident,
        }
        owner = held.get(typed)
        m = _ID_PREFIX.match(typed) if key == "id" else None
        if owner and owner[0] != code:
            found.append(issue(IssueCode.IMP_004, **where, owner=owner[1], place=owner[2]))
        elif m and m[1] != code and m[1] in names and owners.get(typed, ("",))[0] != code:
            found.append(issue(IssueCode.IMP_005, **where, owner=names[m[1]], own=code))
        else:
            continue
        named.add(typed)
    return found


def collect(
    inputs: list[Path], exclude: tuple[Path, ...] = (), suffixes: tuple[str, ...] = ()
) -> list[Path]:
    """Files named, and the workbook-like files in folders named (recursively), sorted: the
    import's and the national roll-up's one folder walk. ``suffixes``: the files a folder
    gives (default ``SPREADSHEETS``: what a district may send, named when it is not an .xlsx).

    A folder walk leaves out what the product itself keeps there: ``exclude`` (the master and
    the folder of annotated copies, whose files would otherwise come back as submissions, the
    newest winning over a district's corrected file), any folder named as the backups or the
    annotated copies are, Excel's "~$" lock files and hidden files. A file named on its own is always taken (an annotated
    copy a district corrected and sent back is a submission)."""
    skip = {_resolved(p) for p in exclude}
    out: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            out += sorted(
                p
                for p in item.rglob("*")
                if p.is_file()
                and not p.name.startswith(("~$", "."))
                and p.suffix.lower() in (suffixes or SPREADSHEETS)
                and not _skipped(p, item, skip)
            )
        else:
            out.append(item)
    return out


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


# what a district may send instead of the .xlsx: found in a folder, each is reported as not
# imported (FILE_010/FILE_011), never passed over without a word
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm", ".xlsb", ".ods", ".fods", ".csv")
ANNOTATED_DIR = "ส่งกลับอำเภอ"  # the annotated copies' folder, next to the master by default


def _skipped(path: Path, top: Path, skip: set[Path]) -> bool:
    from mchch_xl.files.store import BACKUP_DIR

    if {BACKUP_DIR, ANNOTATED_DIR} & set(path.relative_to(top).parts[:-1]):
        return True  # wherever such a folder is (a master kept elsewhere, an inbox copied)
    full = _resolved(path)
    return full in skip or any(folder in full.parents for folder in skip)


# -- merging keyed rows into the master ---------------------------------------------------------


@dataclass
class Merged:
    candidates: list[dict[str, Any]]
    scores: list[dict[str, Any]]
    # master sheet title -> {master row: Origin} for the rows that came from district files
    origins: dict[str, dict[int, Origin]]
    removed: dict[str, list[dict[str, Any]]]  # district code -> its former rows no longer sent


def merge(
    candidates: list[Record],
    scores: list[Record],
    districts: list[District],
    replace: dict[str, Submission],
    first_row: int,
) -> Merged:
    """The master's candidate and score rows with each replaced district's rows swapped for its
    submission's rows, at the place of the district's first former row (or last, for a district
    that had none); every other row kept exactly as it was. Rows are keyed by schema key."""
    index = DistrictIndex(districts)
    new_cands: list[dict[str, Any]] = []
    cand_origin: list[Origin | None] = []
    old_ids: dict[str, str] = {}
    removed: dict[str, list[dict[str, Any]]] = {}
    placed: set[str] = set()

    # values of columns staff added to the master (keys ("extra", header)) stay with their id;
    # so does a full national ID that comes back masked in a checked copy the district resent
    kept_extra: dict[str, dict] = {}
    full_ids: dict[str, str] = {}
    for rec in candidates:
        if index.code(rec.values.get("district")) in replace:
            ident = id_key(rec.values.get("id"))
            extra = {k: v for k, v in rec.values.items() if isinstance(k, tuple) and v is not None}
            if extra:
                kept_extra[ident] = extra
            if rec.values.get("national_id") is not None:
                full_ids[ident] = str(rec.values["national_id"])

    def restored(row: dict) -> dict:
        ident = id_key(row.get("id"))
        out = {**row, **kept_extra.get(ident, {})}
        typed, full = row.get("national_id"), full_ids.get(ident)
        if (
            isinstance(typed, str)
            and full
            and MASKED_ID.match(typed.replace(" ", ""))
            and mask_id(full).replace("-", "")[-3:] == typed.replace("-", "")[-3:]
        ):
            out["national_id"] = full
        return out

    def place(code: str) -> None:
        sub = replace[code]
        new_cands.extend(restored(row) for row in sub.candidates)
        cand_origin.extend(sub.candidate_origins)
        placed.add(code)

    sent = {code: sub.ids for code, sub in replace.items()}
    for rec in candidates:
        code = index.code(rec.values.get("district"))
        if code in replace:
            ident = id_key(rec.values.get("id"))
            old_ids[ident] = code
            if ident not in sent[code]:
                removed.setdefault(code, []).append(rec.values)
            if code not in placed:
                place(code)
            continue
        new_cands.append(rec.values)
        cand_origin.append(None)
    for code in replace:
        if code not in placed:
            place(code)

    new_ids = {ident: code for code, ids in sent.items() for ident in ids}
    new_scores: list[dict[str, Any]] = []
    score_origin: list[Origin | None] = []
    placed = set()
    for rec in scores:
        ident = id_key(rec.values.get("candidate"))
        code = old_ids.get(ident) or new_ids.get(ident)
        if code is not None:
            if code not in placed:
                new_scores.extend(replace[code].scores)
                score_origin.extend(replace[code].score_origins)
                placed.add(code)
            continue
        new_scores.append(rec.values)
        score_origin.append(None)
    for code, sub in replace.items():
        if code not in placed:
            new_scores.extend(sub.scores)
            score_origin.extend(sub.score_origins)

    origins = {
        CANDIDATES.title: {first_row + i: o for i, o in enumerate(cand_origin) if o is not None},
        SCORES.title: {first_row + i: o for i, o in enumerate(score_origin) if o is not None},
    }
    return Merged(new_cands, new_scores, origins, removed)


@dataclass
class Located:
    """The master check's issues on rows that came from district files, in both workbooks."""

    # file -> (its problems at its own cells, once each; the file rows with an error)
    files: dict[str, tuple[list[Issue], set[tuple[str, int]]]]
    master: list[Issue]  # the check's issues in order, each from a file saying that file's cell
    # each of those master issues -> its problem at the district's cell (several master rows,
    # one per indicator of a score row, give one problem); keyed by the issue's id(), each key
    # held alive in ``kept`` (an id is only unique while its object lives)
    at_file: dict[int, Issue]
    kept: list[Issue] = field(default_factory=list)

    def keep(self, issues: list[Issue], at_file: dict[int, Issue]) -> None:
        """More master issues and their problems in the files (``land``'s)."""
        self.kept.extend(issues)
        self.at_file.update(at_file)

    def listed(self, issues: list[Issue]) -> list[Issue]:
        """``issues`` as an import prints them: one from a district file at that file's cell
        (the master's rows with it), once; every other as it is."""
        out, seen = [], set()
        for item in issues:
            there = self.at_file.get(id(item))
            if there is None:
                out.append(item)
            elif id(there) not in seen:
                seen.add(id(there))
                out.append(there)
        return out


# a master-check issue that a district file's own issue at the same cell already says: a
# formula with no calculated value kept as its text (CELL_018) is text starting with "="
# (CELL_013) in the master
SAID_BY = {IssueCode.CELL_013}
SAYS_IT = {IssueCode.CELL_018}

# problems of a score row as a whole (its candidate, its duplicate): the district's wide row is
# one master row per indicator, found once per indicator; said once, at the row's id, with the
# indicators named together. A score out of range stays at its own cell.
_ROW_WIDE = {IssueCode.ROW_003, IssueCode.REF_005}
KIND_VALUES = {k.value for k in Kind}
SCORE_HEADER = SCORES.column("score").header


def relocate(issues: list[Issue], origins: dict[str, dict[int, Origin]]) -> Located:
    """The master check's issues on rows that came from district files, located in those files
    too (``origins``: master sheet title -> master row -> the district cell it came from).

    Each such issue keeps the master's place and gains the district's (``Issue.also``); its
    problem in the district's terms is placed at the district's cell, the rows it names
    (``other_row``: a duplicate's first row, a candidate row in error) made the district's
    rows, and the master's rows said with it. One problem is one line: the same problem on the
    same district cell (code, sheet, row, column, value) is listed once, a score row's problem
    as a whole once for all its indicators."""
    import dataclasses

    files: dict[str, tuple[list[Issue], set[tuple[str, int]]]] = {}
    master: list[Issue] = []
    at_file: dict[int, Issue] = {}
    groups: dict[tuple, list] = {}  # key -> [district issue fields, master rows, indicators]
    members: list[tuple[int, tuple]] = []  # (index in ``master``, group key)
    for item in issues:
        origin = origins.get(item.sheet, {}).get(item.row) if item.row else None
        if origin is None:
            master.append(item)
            continue
        found, bad = files.setdefault(origin.file, ([], set()))
        params = dict(item.params)
        params.pop("row_key", None)  # the master row's key: not the district's
        column = origin.columns.get(item.field, "")
        value = item.value
        if item.code in _ROW_WIDE and item.field == "indicator" and "candidate" in origin.columns:
            column, value = origin.columns["candidate"], params.get("candidate", value)
        if params.get("other_row") is not None:
            _their_row(params, item.sheet, origin, origins)
        if origin.indicator and item.field == "score" and params.get("header") == SCORE_HEADER:
            params["header"] = origin.indicator  # the district's column is headed by its code
        if params.get("score_sheet") and params.get("kind") in KIND_VALUES:
            # the district's scores of that type are on its sheet of the type
            params["score_sheet"] = TEMPLATE_SCORE_PREFIX + Kind(params["kind"]).column
        indicator = params.pop("indicator", None) if item.code in _ROW_WIDE else None
        key = (origin.file, item.code, origin.sheet, origin.row, column, value)
        key += (tuple(sorted(params.items(), key=lambda kv: kv[0])),)
        if key not in groups:
            groups[key] = [(origin, column, value, params, item), [], []]
        group = groups[key]
        group[1].append(item.row)
        if indicator is not None and indicator not in group[2]:
            group[2].append(indicator)
        in_file = _place(IN_FILE, origin.file, origin.sheet, origin.row, column)
        master.append(dataclasses.replace(item, also=in_file))
        members.append((len(master) - 1, key))
        if item.severity is Severity.ERROR:
            bad.add((origin.sheet, origin.row))
    made: dict[tuple, Issue] = {}
    for key, ((origin, column, value, params, item), rows, indicators) in groups.items():
        if indicators:  # within the message's quotes: 'L1.1', 'L1.2'
            params["indicator"] = "', '".join(indicators)
        made[key] = there = issue(
            item.code,
            file=origin.file,
            sheet=origin.sheet,
            row=origin.row,
            column=column,
            field=item.field,
            value=value,
            also=_place(IN_MASTER, item.file, item.sheet, _rows_text(rows), item.column),
            **params,
        )
        files[origin.file][0].append(there)
    for at, key in members:
        at_file[id(master[at])] = made[key]
    return Located(files, master, at_file, list(master))


Landed = dict[tuple[str, str, int], list[tuple[str, int, Origin]]]


def landed(origins: dict[str, dict[int, Origin]]) -> Landed:
    """(file, sheet, row) of a district file -> the master rows it landed on (title, row,
    origin): made once per import, for every file's issues (``land``)."""
    out: Landed = {}
    for title, rows in origins.items():
        for row, o in rows.items():
            out.setdefault((o.file, o.sheet, o.row), []).append((title, row, o))
    return out


def land(
    issues: list[Issue], where: Landed, master: str, sheets: dict
) -> tuple[list[Issue], list[Issue], dict[int, Issue]]:
    """A district file's own issues (found reading it: a formula's value, an id given its code)
    at the master's rows where their row landed too, as ``relocate`` does the other way.

    Returns (the issues in the file's terms, each on a landed row saying the master's rows;
    the issues for the master's report: on a landed row at the master's cell, saying the
    file's, one per master row; each such master issue -> its issue in the file's terms).
    ``where``: where each district row landed (``landed``); ``sheets``: master sheet title ->
    its schema ``Sheet`` (the tables an import lays anew in schema order, so a key's column is
    its place in the schema)."""
    import dataclasses

    in_file, in_master, at_file = [], [], {}
    for item in issues:
        places = []
        for title, row, o in where.get((item.file, item.sheet, item.row), []) if item.row else ():
            keys = [k for k, col in o.columns.items() if col == item.column]
            key = "score" if "score" in keys else (keys[0] if keys else None)
            if key is not None and any(c.key == key for c in sheets[title].columns):
                places.append((title, row, letter(sheets[title].index(key) + 1), key))
        if not places:
            in_file.append(item)
            in_master.append(item)
            continue
        title, _, column, _ = places[0]
        rows = _rows_text([p[1] for p in places])
        there = dataclasses.replace(item, also=_place(IN_MASTER, master, title, rows, column))
        in_file.append(there)
        place = _place(IN_FILE, item.file, item.sheet, item.row, item.column)
        for title, row, column, key in places:
            here = dataclasses.replace(
                item,
                file=master,
                sheet=title,
                row=row,
                column=column,
                field=key,
                also=place,
            )
            in_master.append(here)
            at_file[id(here)] = there
    return in_file, in_master, at_file


def _their_row(
    params: dict[str, Any], title: str, origin: Origin, origins: dict[str, dict[int, Origin]]
) -> None:
    """The master row an issue names (``other_row``: a duplicate's first row, a candidate's row
    in error, on ``ref_sheet`` or else the issue's own sheet ``title``) made the row of the
    district file the issue's row came from (and ``ref_sheet`` that file's sheet); a row that
    came from no file, or another, said as such."""
    try:
        other = origins.get(params.get("ref_sheet") or title, {}).get(int(params["other_row"]))
    except (TypeError, ValueError):
        return
    if other is None:
        params["other_row"] = f"{params['other_row']} ของสมุดงานหลัก"
    elif other.file != origin.file:
        params["other_row"] = f"{other.row} ในไฟล์ {other.file}"
    elif "ref_sheet" in params:
        params["other_row"], params["ref_sheet"] = other.row, other.sheet
    elif other.sheet != origin.sheet:
        params["other_row"] = f"{other.row} ในแผ่นงาน {other.sheet}"
    else:
        params["other_row"] = other.row


IN_FILE, IN_MASTER = "ไฟล์อำเภอ", "สมุดงานหลัก"


def _place(label: str, file: str, sheet: str, rows: Any, column: str) -> str:
    """A place in the other workbook, as ``Issue.also`` says it."""
    return f"{label} {file} / {sheet} / แถว {rows}" + (f" / คอลัมน์ {column}" if column else "")


def _rows_text(rows: list[int]) -> str:
    """Master rows as runs: 13–17, 20."""
    runs: list[list[int]] = []
    for r in sorted(set(rows)):
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def file_rows(sub: Submission) -> set[tuple[str, int]]:
    """The district file's data rows that landed (sheet title, row)."""
    return {(o.sheet, o.row) for o in sub.candidate_origins + sub.score_origins}


__all__ = [
    "Submission",
    "ImportPlan",
    "Merged",
    "Origin",
    "read_submission",
    "judge_sheets",
    "plan",
    "merge",
    "relocate",
    "land",
    "landed",
    "Located",
    "collect",
    "sha256",
    "districts_named",
    "STATUS_OK",
    "STATUS_FLAGGED",
    "STATUS_PARTIAL",
    "STATUS_REFUSED",
    "STATUS_SAME",
    "STATUS_SUPERSEDED",
    "LANDED",
]

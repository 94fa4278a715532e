"""load → check → compute → write: the one path that the CLI and the Excel actions share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from mchch_xl.checks import Checked, check_master
from mchch_xl.compute import Results, compute
from mchch_xl.compute.carryover import read_history
from mchch_xl.domain.issues import FatalError, IssueCode, Report, Severity, issue
from mchch_xl.domain.model import (
    INCOMPLETE,
    ORDER_POLICY_TH,
    District,
    DistrictIndex,
    MasterData,
    OrderPolicy,
    Settings,
)
from mchch_xl.domain.schema import (
    CANDIDATES,
    CERTIFICATES,
    DISTRICTS,
    FIRST_DATA_ROW,
    HISTORY,
    IMPORT_LOG,
    ISSUES,
    RESULTS,
    RUN_SHEETS,
    SCORES,
    SETTINGS,
    TEMPLATE_META,
    letter,
)
from mchch_xl.domain.thai import digits
from mchch_xl.flows.demo import DEMO_NOTES, demo_settings, demo_tables, reference_districts

if TYPE_CHECKING:
    from mchch_xl.domain.places import Province

# openpyxl and calamine (files/) load inside the functions that touch files: the Excel actions
# use this module too, and every ribbon click starts Python.


@dataclass
class Run:
    path: Path | str
    checked: Checked
    results: Results
    seed: int | None = None  # a lottery seed drawn by this run, to record in the settings

    @property
    def exit_code(self) -> int:
        """0 done (warnings printed), 1 errors found, whether or not they left rows out."""
        return self.checked.report.exit_code()

    def exit(self, strict: bool = False) -> int:
        """``exit_code``; with ``strict``, 1 for any problem at all (``Report.exit_code``)."""
        return self.checked.report.exit_code(strict)


def require_master(sheets: dict[str, list[list[Any]]], file: str) -> None:
    """Refuse what is not a master (a district template, any other workbook) before anything is
    computed or written: exit 2, file untouched."""
    if TEMPLATE_META.title in sheets and SETTINGS.title not in sheets:
        raise FatalError(
            issue(
                IssueCode.FILE_020,
                file=file,
                detail="เป็นแบบฟอร์มของอำเภอ",
                detail_en="it is a district template",
            )
        )
    missing = [s.title for s in (SETTINGS, DISTRICTS, CANDIDATES) if s.title not in sheets]
    if missing:
        raise FatalError(
            issue(
                IssueCode.FILE_020,
                file=file,
                detail="ไม่มีแผ่นงาน " + ", ".join(missing),
                detail_en="no sheet " + ", ".join(missing),
            )
        )


def process(sheets: dict[str, list[list[Any]]], file: str, draw: bool = False) -> Run:
    """Check the input sheets (title -> rows of values) and compute every result. Only the
    lottery (``draw``: ``draw_lottery``, the button จับสลาก) draws a seed, to be recorded;
    recalculation, import and the documents never do. A problem still on a row an earlier
    import brought keeps the district cell the issues sheet named (``carry_places``)."""
    require_master(sheets, file)
    checked = check_master(sheets, file)
    checked.data.history = read_history(sheets.get(HISTORY.title))  # new --from: earlier years
    checked.data.imports = import_log(sheets, file)
    s = checked.data.settings
    seed = _draw(checked, file) if draw else None
    s = checked.data.settings
    undrawn = s.order_policy is OrderPolicy.LOTTERY and checked.data.settings.lottery_seed is None
    if undrawn:  # until the draw the order is provisional: said once
        checked.report.add(issue(IssueCode.ORD_004, file=file, sheet=SETTINGS.title))
    results = compute(checked.data)
    later = [sl for sl in results.slots if sl.day]
    if later:  # a one-day meeting that cannot hold every district: said, not just printed
        checked.report.add(
            issue(
                IssueCode.ORD_005,
                file=file,
                sheet=SETTINGS.title,
                value=later[0].name,
                days=later[-1].day + 1,
            )
        )
    if undrawn:
        results.order_table.notes.append("ยังไม่ได้จับสลากลำดับการนำเสนอ: ลำดับนี้เรียงตามรหัสอำเภอชั่วคราว")
    _report_incomplete(checked, results, file)
    _report_orphan_decisions(checked, results, file)
    carry_places(checked.report, sheets, file)
    left_out = rows_left_out(checked.report)
    if left_out:  # the meeting documents say that their counts leave rows out
        results.order_table.notes.append(
            f"ยังมีข้อมูล {digits(left_out, s.thai_digits)} แถวที่มีข้อผิดพลาดและไม่ได้นับรวมในตารางนี้ "
            "(ดูแผ่นงาน ปัญหาข้อมูล)"
        )
    return Run(file, checked, results, seed)


LOTTERY_KEYS = ("lottery_seed", "lottery_drawn_at", "lottery_drawn_by")  # what a draw records


def _draw(checked: Checked, file: str) -> int:
    """The lottery, once: a seed with the time and the machine's user, into the settings.
    Refused, the master unchanged, while the order policy is not จับสลาก (ORD_007: the guide's
    "วิธีอื่นไม่ต้องจับ"; an order the province set itself is never replaced by a draw) and when
    a seed is recorded already (ORD_006): drawing again means clearing it first."""
    import getpass
    import secrets

    s = checked.data.settings
    column = letter(checked.settings_value_column)

    def at(key: str) -> dict[str, Any]:  # the setting's cell, when the sheet has its row
        row = checked.settings_rows.get(key)
        return dict(file=file, sheet=SETTINGS.title, row=row, column=column if row else "")

    if s.order_policy is not OrderPolicy.LOTTERY:
        raise FatalError(
            issue(
                IssueCode.ORD_007,
                **at("order_policy"),
                field="order_policy",
                value=ORDER_POLICY_TH[s.order_policy],
            )
        )
    if s.lottery_seed is not None:
        when = " ".join(x for x in (s.lottery_drawn_at, s.lottery_drawn_by) if x)
        raise FatalError(
            issue(
                IssueCode.ORD_006,
                **at("lottery_seed"),
                field="lottery_seed",
                value=s.lottery_seed,
                drawn=f" ({when})" if when else "",
                drawn_en=f" ({when})" if when else "",
            )
        )
    try:
        user = getpass.getuser()
    except Exception:  # no user name known to the system (a service account)
        user = ""
    seed = secrets.randbelow(900_000) + 100_000
    checked.data.settings = s.model_copy(
        update={"lottery_seed": seed, "lottery_drawn_at": _now_text(), "lottery_drawn_by": user}
    )
    checked.report.add(
        issue(IssueCode.ORD_003, **at("lottery_seed"), field="lottery_seed", value=seed)
    )
    return seed


def import_log(sheets: dict, file: str = "") -> list[dict]:
    """The import log's rows (ประวัติการนำเข้า) keyed by column, oldest first."""
    from mchch_xl.checks.tables import read_table

    rows = sheets.get(IMPORT_LOG.title)
    return [rec.values for rec in read_table(IMPORT_LOG, rows, file)[1]] if rows else []


FORMS_PREFIX = "แบบฟอร์มอำเภอ"  # the templates' folder beside the master (the button's default)


def made_beside(
    path: Path, year: int | None = None, codes: Iterable[str] = ()
) -> dict[str, tuple[str, ...]]:
    """What the year's steps left beside the master ``path``: district templates in a folder
    named แบบฟอร์มอำเภอ… ("forms"), and the Word documents in ``<master>-เอกสาร`` and the PDFs
    ``<master>-ชุดเอกสารประชุม.pdf`` … ("documents"): file names, sorted.

    A form counts only when its name is this master's (``flows.templates.file_name``:
    ``<year>-<district code>-<name>.xlsx``), of ``year`` and of one of the districts ``codes``
    (a district's code carries its province's): last year's forms, left in the same folder,
    are "other_forms", never this year's; a file not named as a template is neither."""
    path = Path(path)
    here = path.parent
    forms: list[str] = []
    others: list[str] = []
    documents: list[str] = []
    codes = set(codes)
    try:
        for folder in sorted(here.glob(f"{FORMS_PREFIX}*")):
            if folder.is_dir():
                for name in sorted(f.name for f in folder.glob("*.xlsx")):
                    ours = _form_of(name, year, codes)
                    if ours is not None:
                        (forms if ours else others).append(name)
        words = here / f"{path.stem}-เอกสาร"
        if words.is_dir():
            documents += sorted(f.name for f in words.glob("*.docx"))
        documents += sorted(f.name for f in here.glob(f"{path.stem}-*.pdf"))
    except OSError:  # a folder that cannot be listed: nothing known made
        pass
    return {"forms": tuple(forms), "other_forms": tuple(others), "documents": tuple(documents)}


def _form_of(name: str, year: int | None, codes: set[str]) -> bool | None:
    """Whether the file ``name`` is a template of ``year`` for one of the districts ``codes``
    (None, empty: any); None when it is named as no template is (a list the office keeps)."""
    parts = name.split("-", 2)
    if len(parts) < 3 or not (parts[0].isdigit() and parts[1].isdigit()):
        return None
    return (year is None or parts[0] == str(year)) and (not codes or parts[1] in codes)


def note_made(run: Run, path: Path | None) -> None:
    """What was made beside the master for its year and districts, for its overview (ภาพรวม)."""
    if path is not None:
        data = run.checked.data
        run.checked.data.made = made_beside(
            path, data.settings.fiscal_year, (d.code for d in data.districts)
        )


def rows_left_out(report) -> int:
    """Rows of the input sheets that are in the master but left out of the computation."""
    return sum(report.rows_rejected(title) for title in report.rows_read)


def _report_orphan_decisions(checked: Checked, results: Results, file: str) -> None:
    shown = {e.candidate.id for e in results.certification.evaluations}
    for ident in checked.data.typed_decisions:
        if ident not in shown:
            checked.report.add(
                issue(IssueCode.OUT_001, file=file, sheet=RESULTS.title, value=ident)
            )


def _report_incomplete(checked: Checked, results: Results, file: str) -> None:
    """A missing score is reported where the candidate stands, never a silent zero."""
    rnd = checked.data.settings.deciding_round
    for e in results.certification.evaluations:
        if e.result == INCOMPLETE and e.missing:
            row, col = checked.candidate_rows.get(e.candidate.id, (None, ""))
            checked.report.add(
                issue(
                    IssueCode.SCO_001,
                    file=file,
                    sheet=CANDIDATES.title,
                    row=row,
                    column=col,
                    field="id",
                    value=e.candidate.id,
                    score_sheet=SCORES.title,
                    kind=e.candidate.kind.value,  # (a district's score sheet is one per type)
                    missing=" ".join(e.missing),
                    round=f"รอบ{rnd.th}",
                    round_en=rnd.value,
                )
            )


def evaluate(path: Path) -> Run:
    """Read, check and compute, writing nothing."""
    from mchch_xl.files import reader

    path = Path(path)
    run = process(reader.read_values(path, only=RUN_SHEETS), path.name, draw=False)
    run.path = path
    note_made(run, path)
    return run


def draw_lottery(path: Path) -> Run:
    """จับสลาก: draw the presentation order once and record the seed, the time and the user in
    the settings, then recalculate (one save). Raises FatalError ORD_006 when a seed is
    recorded already (the master unchanged)."""
    return recalc(path, draw=True)


def recalc(path: Path, keep_backup: bool = True, draw: bool = False) -> Run:
    """Validate a master and rewrite its outputs in place (atomic, with a dated backup);
    ``draw``: the lottery too (``draw_lottery``)."""
    from mchch_xl.files import reader
    from mchch_xl.files import store as files
    from mchch_xl.layout.sheets import output_grids

    path = Path(path)
    with files.master_lock(path):
        files.check_writable(path)
        sheets = reader.read_values(path, only=RUN_SHEETS)
        run = process(sheets, path.name, draw=draw)
        run.path = path
        note_made(run, path)
        carry_comments(path, sheets, [], run.checked.report)
        grids = output_grids(run.checked, run.results)
        if not _spliced(path, run, grids, keep_backup):
            _full_save(path, run, [], grids, keep_backup)
    return run


def _full_save(path: Path, run: Run, tables: list, outputs: list, keep_backup: bool) -> None:
    """Load and save the whole master with openpyxl (what the splice cannot do: a fix written
    into an input sheet, a lottery seed recorded, a package it does not splice). openpyxl
    leaves out what it does not support (sparklines, slicers …): when only the values the
    checks normalised call for this save, they are not written back (they stay as typed, said
    so: SHEET_010) and the splice keeps everything; otherwise what is left out is named
    (SHEET_011), and the dated backup still holds it."""
    from mchch_xl.files import writer
    from mchch_xl.layout.sheets import issues_grid, private

    wb, dropped = writer.load_noting(path)
    if dropped:
        what = ", ".join(dropped)
        if run.seed is None and run.checked.fixes:
            kept = list(run.checked.fixes)
            run.checked.fixes.clear()
            run.checked.report.add(issue("SHEET_010", file=path.name, value=what))
            outputs[-1] = private(issues_grid(run.checked.report))
            if _spliced(path, run, tables + outputs, keep_backup, tables):
                return
            run.checked.fixes[:] = kept
            run.checked.report.issues.pop()
        run.checked.report.add(issue("SHEET_011", file=path.name, value=what))
        outputs[-1] = private(issues_grid(run.checked.report))
    had = list(wb.sheetnames)
    for grid in tables:
        writer.write_grid(wb, grid)
    if run.seed is not None:
        for key in LOTTERY_KEYS:
            writer.record_setting(wb, run.checked, key, getattr(run.checked.data.settings, key))
    writer.write_outputs(wb, run.checked, run.results, outputs, had)
    writer.save(wb, path, keep_backup=keep_backup)


# the columns that identify a row of a table sheet an import lays anew
_ROW_KEYS = {
    CANDIDATES.title: ("id",),
    SCORES.title: ("candidate", "indicator", "round"),
    IMPORT_LOG.title: ("time", "file", "sha256"),
    CERTIFICATES.title: ("no", "id"),
}


def carry_places(report: Report, sheets: dict, file: str) -> None:
    """Each problem of a candidate or score row gets its row's key (``row_key``: the id, or the
    candidate, indicator and round), kept in the issues sheet's hidden column รหัสแถว; and the
    district cell an earlier run said a problem came from (ตำแหน่งในอีกไฟล์, written by the
    import that brought the row) is said again while the same problem (code, value, column)
    stands on the row of the same key, wherever staff moved the row. A row of another key
    never inherits it: a place is said of its own row or not at all."""
    import dataclasses

    from mchch_xl.checks.tables import find_layout, read_table
    from mchch_xl.domain.model import id_key

    tables = {CANDIDATES.title: CANDIDATES, SCORES.title: SCORES}
    keyed = {}
    for title, sheet in tables.items():
        rows = sheets.get(title) or []
        layout = find_layout(sheet, rows)
        keyed[title] = (rows, [layout.columns.get(k) for k in _ROW_KEYS[title]])

    def row_key(title: str, row: int | None) -> str:
        rows, at = keyed[title]
        r = rows[row - 1] if row and 0 < row <= len(rows) and None not in at else None
        return " | ".join(id_key(r[i]) if i < len(r) else "" for i in at) if r else ""

    places: dict[tuple, str] = {}
    for rec in read_table(ISSUES, sheets.get(ISSUES.title) or [], file)[1]:
        v = rec.values
        if v.get("also") and v.get("row_key"):
            at = (v.get("code"), v.get("sheet"), v["row_key"], v.get("column"), v.get("value"))
            places[tuple("" if x is None else str(x) for x in at)] = str(v["also"])
    for n, item in enumerate(report.issues):
        key = row_key(item.sheet, item.row) if item.sheet in tables else ""
        if not key:
            continue
        also = item.also or places.get((item.code, item.sheet, key, item.column, item.value), "")
        report.issues[n] = dataclasses.replace(
            item, also=also, params=(*item.params, ("row_key", key))
        )


def carry_comments(path: Path, sheets: dict, tables: list, report, outputs: bool = True) -> None:
    """Comments staff put on the sheets this save lays anew: on a table being rewritten
    (``tables``), carried to the row of the same key and the column of the same header; on an
    output sheet, or on a row no longer there, said not kept (SHEET_006) with its text. A
    formula on those sheets becomes its value: said so (SHEET_013) with its text. The backup
    the save makes still holds both. ``outputs``: the output sheets are laid anew too."""
    from mchch_xl.domain.schema import OUTPUT_SHEETS, letter
    from mchch_xl.files.safety import laid_anew

    grids = {g.sheet.title: g for g in tables}
    rewritten = {*grids, *(s.title for s in OUTPUT_SHEETS if outputs)}

    def located(title: str, row: int, col: int, text: str) -> dict:
        return dict(file=Path(path).name, sheet=title, row=row, column=letter(col), value=text)

    found, formulas = laid_anew(path, rewritten)
    for title, cells in formulas.items():  # laid anew from values
        for row, col, text in cells:
            report.add(issue("SHEET_013", **located(title, row, col, text)))
    for title, notes in found.items():
        grid, old = grids.get(title), sheets.get(title) or []
        place = _comment_places(grid, old) if grid is not None else None
        for row, col, text in notes:
            at = place(row, col) if place else None
            if at is not None:
                have = grid.comments.get(at)
                grid.comments[at] = f"{have}\n{text}" if have else text
                continue
            report.add(
                issue(
                    "SHEET_006",
                    **located(title, row, col, text),
                    detail=(
                        f"ระบบสร้างแผ่นงาน {title} ใหม่ทุกครั้งที่คำนวณ"
                        if grid is None
                        else "แถวนี้ไม่อยู่ในแผ่นงานแล้ว"
                    ),
                    detail_en=(
                        f"the sheet '{title}' is laid anew on every run"
                        if grid is None
                        else "its row is no longer in the sheet"
                    ),
                )
            )


def _comment_places(grid, old: list[list[Any]]):
    """(old row, old column) -> (row, column) of the same cell in ``grid``, or None: the row of
    the same key, the column of the same schema key (or, for a column staff added, the same
    header), each sheet's header row found by ``find_layout``."""
    from mchch_xl.checks.tables import find_layout
    from mchch_xl.domain.model import id_key

    keys = _ROW_KEYS.get(grid.sheet.title, ())
    was, now = find_layout(grid.sheet, old), find_layout(grid.sheet, grid.values)
    if not keys or any(k not in was.columns or k not in now.columns for k in keys):
        return None

    def names(layout) -> dict[int, Any]:  # 0-based column -> key, or ("extra", header)
        return {
            **{i: ("extra", id_key(h)) for i, h in layout.extra.items()},
            **{i: k for k, i in layout.columns.items()},
        }

    old_names, new_columns = names(was), {n: i for i, n in names(now).items()}

    def key(row: list[Any], layout) -> tuple:
        at = [layout.columns[k] for k in keys]
        return tuple(id_key(row[i]) if i < len(row) else "" for i in at)

    first = now.header_row + 1
    rows = {key(r, now): i for i, r in enumerate(grid.values[now.header_row :], start=first)}

    def place(row: int, col: int) -> tuple[int, int] | None:
        at = new_columns.get(old_names.get(col - 1))
        if at is None:
            return None
        if row <= was.header_row:  # the note and the header: the same place above the data
            row += now.header_row - was.header_row
            return (row, at + 1) if row >= 1 else None
        if row - 1 >= len(old):
            return None
        found = rows.get(key(old[row - 1], was))
        return None if found is None else (found, at + 1)

    return place


def _spliced(path: Path, run: Run, grids: list, keep_backup: bool, tables: list = ()) -> bool:
    """Save by writing only the rewritten sheets into the master's package (``files.splice``).
    A value the checks normalised goes into its cell: in a table being rewritten
    (``tables``), into the grid; on an output sheet, nowhere (the sheet is laid anew from the
    checked data, as on the openpyxl path). False, with nothing written, when a value must go
    into a sheet that is not rewritten (a normalised input, a lottery seed drawn) or the
    package cannot be spliced: the caller then loads and saves the whole master with
    openpyxl."""
    from mchch_xl.files import splice
    from mchch_xl.files.sheetxml import Unsupported

    if run.seed is not None:
        return False
    rewritten = {g.sheet.title: g for g in grids}
    into = {g.sheet.title: g for g in tables}
    for title, row, col, value in run.checked.fixes:
        if title not in rewritten:
            return False
        grid = into.get(title)
        if grid is not None:
            if row > len(grid.values) or col > len(grid.values[row - 1]):
                return False
            grid.values[row - 1][col - 1] = value
    try:
        splice.write(path, grids, keep_backup=keep_backup)
    except Unsupported:
        return False
    return True


def create_master(path: Path, settings: Settings, tables: dict, notes: dict | None = None) -> Path:
    from mchch_xl.files import writer

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = writer.new_workbook(settings, tables, notes)
    writer.save(wb, path, keep_backup=path.exists())
    return path


def new_master(path: Path, province: str, year: int, indicators: Path | None = None) -> Run:
    """An empty master for a province and fiscal year (districts filled where the package
    knows them; the year's indicators and criteria from a department file ``indicators``),
    recalculated so that its output sheets are laid out. The order is by district code until
    the officer chooses another (nothing to nag about on a fresh master)."""
    province = province.removeprefix("จังหวัด").strip()
    settings = Settings(
        province=province,
        fiscal_year=year,
        office=f"สำนักงานพัฒนาชุมชนจังหวัด{province}",
        order_policy=OrderPolicy.CODE,
    )
    districts = [[d.code, d.name, None, None, None, None] for d in reference_districts(province)]
    tables, notes = department_tables(indicators, year) if indicators else ({}, {})
    create_master(path, settings, {"districts": districts, **tables}, notes)
    return recalc(path, keep_backup=False)


def new_master_from(
    path: Path,
    previous: Path,
    year: int,
    indicators: Path | None = None,
    province: Province | None = None,
) -> Run:
    """A master for ``year`` started from last year's master ``previous`` (read-only): its
    settings, districts, indicators and criteria (flagged for review), no candidates, scores or
    decisions, and the history of certified units grown by last year's (``compute.carryover``).
    ``province``, when the officer named one too: refused (ARG_002, nothing written) unless it
    is the previous master's."""
    from mchch_xl.files import reader

    previous = Path(previous)
    sheets = reader.read_values(previous, only=RUN_SHEETS)
    return new_master_from_sheets(path, sheets, previous.name, year, indicators, province)


def new_master_from_sheets(
    path: Path,
    sheets: dict,
    file: str,
    year: int,
    indicators: Path | None = None,
    province: Province | None = None,
) -> Run:
    """``new_master_from`` on a master's sheets as values (a file, or a book open in Excel)."""
    from mchch_xl.compute.carryover import next_year
    from mchch_xl.domain.schema import SETTINGS
    from mchch_xl.files import nextyear as out
    from mchch_xl.files import writer

    last = process(sheets, file, draw=False)
    if province is not None:
        _same_province(last.checked, province, file)
    plan = next_year(
        last.checked.data, last.results.certification.evaluations, sheets.get(SETTINGS.title), year
    )
    if indicators:  # the department's set replaces the one carried from last year
        tables, notes = department_tables(indicators, year)
        plan.tables.update(tables)
        plan.notes.update(notes)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = writer.new_workbook(plan.settings, plan.tables, plan.notes)
    out.add_history(wb, [u.row() for u in plan.history], plan.extra_settings)
    writer.save(wb, path, keep_backup=path.exists())
    return recalc(path, keep_backup=False)


def _same_province(checked: Checked, province: Province, file: str) -> None:
    """Refuse (ARG_002) a --province that is not the previous master's own."""
    from mchch_xl.domain.places import UnknownProvince, find_province

    theirs = checked.data.settings.province
    try:
        same = find_province(theirs).code == province.code
    except UnknownProvince:  # a province typed as no list has it: compared as typed
        same = theirs.strip() == province.th
    if not same:
        row = checked.settings_rows.get("province")
        raise FatalError(
            issue(
                IssueCode.ARG_002,
                file=file,
                sheet=SETTINGS.title,
                row=row,
                column=letter(checked.settings_value_column) if row else "",
                field="province",
                value=province.th,
                province=theirs,
            )
        )


def demo_master(out_dir: Path) -> Run:
    """The Chiang Rai 2568 demo master, recalculated."""
    path = Path(out_dir) / "demo-2568.xlsx"
    create_master(path, demo_settings(), demo_tables(), DEMO_NOTES)
    return recalc(path, keep_backup=False)


# -- district templates out, consolidation back in ---------------------------------------------


def write_templates(master: Path, out_dir: Path, district: str | None = None) -> list[Path]:
    """One template workbook per district of the master (or the one ``district``, by code or
    name)."""
    return templates_for(evaluate(Path(master)).checked.data, out_dir, district, Path(master).name)


def templates_for(
    data: MasterData, out_dir: Path, district: str | None = None, file: str = ""
) -> list[Path]:
    from mchch_xl.files import writer
    from mchch_xl.flows.templates import build_template

    require_indicators(data, file)
    chosen = [find_district(data, district, file)] if district else data.districts
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in chosen:
        t = build_template(data, d)
        path = out_dir / t.file_name
        writer.save(writer.grids_workbook(t.grids), path, keep_backup=False)
        paths.append(path)
    return paths


def find_district(data: MasterData, text: str, file: str = "") -> District:
    """The district the officer named (``--district``): "อ.เวียงชัย", "๕๗๐๒", "5702" and
    "เวียงชัย" name one (``DistrictIndex``). None of the master's: refused (exit 2, ARG_001)
    with the closest districts, or the codes there are."""
    index = DistrictIndex(data.districts)
    code = index.code(text)
    for d in data.districts:
        if d.code == code:
            return d
    close = index.close(text)
    if close:
        hint = "ใกล้เคียง: " + ", ".join(f"{c} {index.names[c]}" for c in close)
    elif data.districts:
        codes = sorted(d.code for d in data.districts)
        hint = f"มี {len(codes)} อำเภอ รหัส {codes[0]}–{codes[-1]}"
    else:
        hint = ""
    raise FatalError(
        issue(IssueCode.ARG_001, file=file, sheet=DISTRICTS.title, value=text, close=hint)
    )


def require_indicators(data: MasterData, file: str = "") -> None:
    """District templates carry the year's indicators and are judged by its criteria: refuse
    (exit 2, TPL_010) while either is missing, naming the empty sheet and how to fill it."""
    from mchch_xl.domain.schema import CRITERIA, INDICATORS

    year = data.settings.fiscal_year
    for sheet, rows, what, what_en in (
        (INDICATORS, data.indicators, "ตัวชี้วัด", "indicators"),
        (CRITERIA, data.criteria, "เกณฑ์ผลการประเมิน", "criteria"),
    ):
        if not any(r.year == year for r in rows):
            raise FatalError(
                issue(
                    IssueCode.TPL_010,
                    file=file,
                    sheet=sheet.title,
                    what=what,
                    what_en=what_en,
                    year=year,
                )
            )


def department_tables(path: Path, year: int) -> tuple[dict[str, list[list[Any]]], dict[str, str]]:
    """The year's indicators and criteria from a department file (an .xlsx with the sheets
    ตัวชี้วัด and เกณฑ์ผลการประเมิน, or another master), as ``create_master`` takes them: (schema
    key -> rows, schema key -> the sheet's note). Rows of the year are taken as they are; a
    file of an earlier year gives its latest year's rows re-dated, with a note to review them.

    Raises FatalError (FILE_022): a sheet missing, or no row in it."""
    from mchch_xl.checks.tables import table_values
    from mchch_xl.compute.carryover import rows_for_year
    from mchch_xl.domain.schema import CRITERIA, INDICATORS
    from mchch_xl.files import reader

    path = Path(path)
    sheets = reader.read_values(path, only={INDICATORS.title, CRITERIA.title})
    missing = [s.title for s in (INDICATORS, CRITERIA) if s.title not in sheets]
    if missing:
        raise FatalError(
            issue(
                IssueCode.FILE_022,
                file=path.name,
                detail="ไม่มีแผ่นงาน " + " และ ".join(missing),
                detail_en="no sheet " + ", ".join(missing),
            )
        )
    tables, notes = {}, {}
    for sheet in (INDICATORS, CRITERIA):
        rows, source = rows_for_year(table_values(sheets[sheet.title], sheet), sheet, year)
        if not rows:
            raise FatalError(
                issue(
                    IssueCode.FILE_022,
                    file=path.name,
                    detail=f"ไม่มีแถวข้อมูลในแผ่นงาน {sheet.title}",
                    detail_en=f"no row in the sheet {sheet.title}",
                )
            )
        tables[sheet.key] = rows
        notes[sheet.key] = (
            f"จาก {path.name}"
            if source == year
            else f"ตรวจทาน: คัดลอกจาก {path.name} ปี {source} ให้ปรับให้ตรงกับหลักเกณฑ์ปี {year} ก่อนใช้"
        )
    return tables, notes


@dataclass
class ImportRun:
    run: Run
    submissions: list
    plan: Any
    annotated: list[Path]
    sheets: dict  # the master's input sheets after the import (title -> rows)
    log_rows: list
    # title -> (records by key, headers of the columns staff added) of each table laid anew
    tables: dict = field(default_factory=dict)
    located: Any = None  # consolidate.Located: the master check's issues in the files too

    @property
    def listed(self) -> list:
        """The run's issues as an import says them: a problem in a district's file at that
        file's cell with the master's rows, once (not once per master row); others as found."""
        issues = self.run.checked.report.issues
        return self.located.listed(issues) if self.located else list(issues)

    @property
    def exit_code(self) -> int:
        """1 when a file was refused or errors were found; else 0."""
        return self.exit()

    def exit(self, strict: bool = False) -> int:
        """``exit_code``; with ``strict`` also 1 when a row is flagged, a candidate was
        removed, or the master has any warning."""
        flagged = any(
            s.rows_flagged or any(i.code == IssueCode.IMP_003 for i in s.issues)
            for s in self.submissions
        )
        refused = any(s.refused for s in self.submissions)
        return 1 if refused or (strict and flagged) else self.run.exit(strict)


def consolidate_sheets(
    sheets: dict,
    file: str,
    inputs: list[Path],
    annotate_dir: Path | None,
    progress=None,
    master: Path | None = None,
    read=None,
) -> ImportRun:
    """The import on the master's sheets as values (title -> rows), whatever holds them: a file
    (``import_files``) or a workbook open in Excel (``xl.actions.import_files``).

    Each district file's structure is judged against the master's settings, districts and
    indicators; the trusted ones replace their district's keyed rows, as typed; the merged
    master is checked once; each issue on a landed row is located in its file too. A folder
    given is walked without ``master`` and ``annotate_dir`` (``consolidate.collect``).
    ``read``: what reads and judges one file (``consolidate.read_submission``'s arguments and
    result); a test gives one that judges values held in memory (``consolidate.judge_sheets``),
    and no ``annotate_dir`` (None: no annotated copies are written)."""
    from mchch_xl.checks import read_context
    from mchch_xl.checks.tables import read_table
    from mchch_xl.domain.model import id_key
    from mchch_xl.files import writer
    from mchch_xl.flows import consolidate as co
    from mchch_xl.flows.templates import build_template

    require_master(sheets, file)
    paths = co.collect(inputs, exclude=tuple(p for p in (annotate_dir, master) if p))
    if not paths:  # nothing to import: say so, change nothing
        raise FatalError(
            issue(IssueCode.IMP_006, file=", ".join(Path(p).name or str(p) for p in inputs))
        )
    data = read_context(sheets, file)
    index = DistrictIndex(data.districts)
    cand_layout, cand_recs = read_table(CANDIDATES, sheets.get(CANDIDATES.title) or [], file)
    score_layout, score_recs = read_table(SCORES, sheets.get(SCORES.title) or [], file)
    # columns staff added to these sheets travel with their rows (by header), never dropped
    cand_extra, score_extra = list(cand_layout.extra.values()), list(score_layout.extra.values())
    for rec in cand_recs + score_recs:
        rec.values.update({("extra", h): v for h, v in rec.extra.items()})
    owners: dict[str, tuple[str, str, str]] = {}
    for rec in cand_recs:
        code = index.code(rec.values.get("district"))
        if code and rec.values.get("id") is not None:
            owners.setdefault(
                id_key(rec.values["id"]),
                (code, index.names[code], f"สมุดงานหลัก แผ่นงาน {CANDIDATES.title} แถว {rec.row}"),
            )
    log = [
        rec.values for rec in read_table(IMPORT_LOG, sheets.get(IMPORT_LOG.title) or [], file)[1]
    ]
    imported = {
        str(v.get("code")): str(v.get("sha256"))
        for v in log
        if v.get("status") in (*co.LANDED, co.STATUS_SAME)
    }
    subs = []
    ctx = co.context(data)
    for i, path in enumerate(paths, start=1):
        subs.append((read or co.read_submission)(path, data, ctx))
        if progress:
            progress(i, len(paths), subs[-1])
    chosen = co.plan(subs, imported, owners, index.names)
    merged = co.merge(cand_recs, score_recs, data.districts, chosen.replace, FIRST_DATA_ROW)
    new_sheets = dict(sheets)
    tables = {}
    if chosen.replace:
        tables = {
            CANDIDATES.title: (merged.candidates, cand_extra),
            SCORES.title: (merged.scores, score_extra),
        }
        new_sheets[CANDIDATES.title] = _table_rows(CANDIDATES, *tables[CANDIDATES.title])
        new_sheets[SCORES.title] = _table_rows(SCORES, *tables[SCORES.title])
    run = process(new_sheets, file)
    # the master check's issues on rows from files, located there too (before the files' own
    # issues join the report: a file's sheet กลุ่มเป้าหมาย has the master's title, and its
    # row 3 is not the master's row 3)
    located = co.relocate(run.checked.report.issues, merged.origins)
    run.checked.report.issues[:] = located.master  # each saying the district's cell too
    laid = {CANDIDATES.title: CANDIDATES, SCORES.title: SCORES}
    where_landed = co.landed(merged.origins)
    landing = {id(s) for s in chosen.replace.values()}
    for sub in subs:  # what the file's reading found (refusals, structure, formulas, ids)
        own = [i for i in sub.issues if i.severity is not Severity.INFO]
        if id(sub) not in landing:  # refused, superseded or unchanged: no row of it landed now
            run.checked.report.extend(own)
            continue
        there, here, at_file = co.land(own, where_landed, file, laid)
        sub.issues[:] = there + [i for i in sub.issues if i.severity is Severity.INFO]
        run.checked.report.extend(here)  # on a landed row: the master's cell, saying the file's
        located.keep(here, at_file)
    # a master-check issue the file's own already says at the same cell is not said again, in
    # the master's report nor in the file's problems
    said = {
        (i.file, i.sheet, i.row, i.column)
        for s in chosen.replace.values()
        for i in s.issues
        if i.code in co.SAYS_IT
    }

    def repeated(there) -> bool:  # (an issue in the file's terms)
        return (
            there.code in co.SAID_BY and (there.file, there.sheet, there.row, there.column) in said
        )

    run.checked.report.issues[:] = [
        i
        for i in run.checked.report.issues
        if not repeated(located.at_file.get(id(i), i))  # (a master-only issue: never repeated)
    ]
    for code, sub in chosen.replace.items():
        found, bad = located.files.get(sub.path.name, ([], set()))
        sub.issues.extend(i for i in found if not repeated(i))
        sub.rows_flagged = len(co.file_rows(sub) & bad)
        sub.rows_accepted = sub.rows_read - sub.rows_flagged
        sub.status = co.STATUS_FLAGGED if sub.rows_flagged else co.STATUS_OK
        for values in merged.removed.get(code, []):
            item = issue(
                IssueCode.IMP_003,
                file=sub.path.name,
                value=values.get("id"),
                name=values.get("name"),
                district=sub.district.name,
            )
            sub.issues.append(item)
            run.checked.report.add(item)
    for sub in chosen.unchanged:  # as logged when those bytes were imported
        before = next(
            (
                v
                for v in reversed(log)
                if v.get("sha256") == sub.sha256 and v.get("status") in co.LANDED
            ),
            {},
        )
        sub.rows_flagged = int(before.get("flagged") or 0)
        sub.rows_accepted = sub.rows_read - sub.rows_flagged
    now = _now_text()
    for sub in subs:
        # a file refused before its metadata was read is logged under the district its name
        # names, when it names one (the clerk sees who sent it; it counts as nothing sent)
        named = co.districts_named(sub.path.stem, data.districts) if not sub.district else set()
        who = sub.district or (
            next(d for d in data.districts if d.code in named) if len(named) == 1 else None
        )
        log.append(
            {
                "time": now,
                "file": sub.path.name,
                "sha256": sub.sha256,
                "district": who.name if who else None,
                "code": who.code if who else None,
                "read": sub.rows_read,
                "accepted": sub.rows_accepted,
                "flagged": sub.rows_flagged,
                "refused": sub.rows_refused,
                "status": sub.status,
                "note": "; ".join(
                    dict.fromkeys(x.code for x in sub.issues if x.severity is not Severity.INFO)
                )
                or None,
            }
        )
    run.checked.data.imports = list(log)  # this import's rows too, for the overview
    annotated = [
        writer.annotated_copy(sub, build_template(data, sub.district).grids, annotate_dir)
        for sub in subs
        if annotate_dir is not None
        and sub.district is not None
        and any(x.severity is not Severity.INFO for x in sub.issues)
        and sub.sheets  # (unpacked only for the files that get a copy)
    ]
    log_rows = [IMPORT_LOG.row(v) for v in log]
    return ImportRun(run, subs, chosen, annotated, new_sheets, log_rows, tables, located)


def _row(sheet, values: dict, extra: list[str] = ()) -> list[Any]:
    """A record by key as a row of ``sheet``, the values of the columns staff added (``extra``
    headers, keyed ``("extra", header)``) after the schema's."""
    return sheet.row(values) + [values.get(("extra", h)) for h in extra]


def _table_rows(sheet, records: list[dict], extra: list[str] = ()) -> list[list[Any]]:
    """A table sheet as a reader gives it (note row, header row, data rows)."""
    return [[sheet.note], sheet.headers + list(extra), *(_row(sheet, v, extra) for v in records)]


def import_tables(result: ImportRun, sheets: dict) -> list:
    """The grids of the tables an import lays anew (candidates and scores, when a district was
    replaced), each keeping its own note (e.g. "sample data") and the columns staff added."""
    out = []
    for title, (records, extra) in result.tables.items():
        sheet = CANDIDATES if title == CANDIDATES.title else SCORES
        rows = [_row(sheet, v, extra) for v in records]
        out.append(table_grid(sheet, rows, sheet_note(sheets, sheet), extra))
    return out


def import_files(
    master: Path, inputs: list[Path], annotate_dir: Path | None = None, progress=None
) -> ImportRun:
    """Consolidate returned district templates into the master, then recalculate (one save)."""
    from mchch_xl.files import reader
    from mchch_xl.files import store as files
    from mchch_xl.flows.consolidate import ANNOTATED_DIR
    from mchch_xl.layout.sheets import output_grids

    master = Path(master)
    target = Path(annotate_dir) if annotate_dir else master.parent / ANNOTATED_DIR
    if target.exists() and not target.is_dir():  # before any work, not after it
        raise NotADirectoryError(20, "not a directory", str(target))
    with files.master_lock(master):
        files.check_writable(master)
        sheets = reader.read_values(master, only=RUN_SHEETS)
        result = consolidate_sheets(sheets, master.name, inputs, target, progress, master)
        result.run.path = master
        run = result.run
        note_made(run, master)
        tables = [*import_tables(result, sheets), table_grid(IMPORT_LOG, result.log_rows)]
        carry_comments(master, sheets, tables, run.checked.report)
        outputs = output_grids(run.checked, run.results)
        if not _spliced(master, run, tables + outputs, True, tables):
            _full_save(master, run, tables, outputs, True)
    return result


def table_grid(sheet, rows: list[list[Any]], note: str | None = None, extra: list[str] = ()):
    """A table sheet (candidates, scores, import log) laid out from rows in schema order, with
    the values of the columns staff added (``extra`` headers) after them."""
    from mchch_xl.layout.grid import table
    from mchch_xl.layout.sheets import input_grid

    if sheet is IMPORT_LOG:
        return table(sheet, rows, note)
    return input_grid(sheet, rows, note, extra)


def record_certificates(
    master: Path,
    units: list[tuple[str, str, str, str, str]],
    *,
    issued: dt.date | None = None,
    report: Report | None = None,
) -> dict[str, int]:
    """Certificate numbers for ``units`` (candidate id, name, district name, type's Thai name,
    level), in the order to number them: candidate id -> number.

    Ids already in the register (ทะเบียนเกียรติบัตร) keep their number; new ids get the next
    numbers after the highest recorded (``compute.numbering``), dated ``issued`` (today by
    default). The register is written into the master only when something new was numbered,
    as recalculation writes: backup, splice (openpyxl when the master cannot be spliced or
    lacks the sheet), atomic replace; a master open in Excel is refused (FILE_002). When
    nothing is new the file is not touched. Rows staff typed in the register stay; what a save
    cannot keep (a formula made its value, a comment whose row went) is added to ``report``.

    Raises FatalError: not a master (FILE_020), a เลขที่ that is not a whole number (CRT_002),
    the master open or locked (FILE_002); the master is then unchanged."""
    from mchch_xl.files import reader, splice, writer
    from mchch_xl.files import store as files
    from mchch_xl.files.sheetxml import Unsupported

    master = Path(master)
    report = report if report is not None else Report()
    with files.master_lock(master):
        wanted = {s.title for s in (SETTINGS, DISTRICTS, CANDIDATES, TEMPLATE_META, CERTIFICATES)}
        sheets = reader.read_values(master, only=wanted)
        require_master(sheets, master.name)
        rows = sheets.get(CERTIFICATES.title)
        numbers, grid = certificate_register(sheets, units, master.name, issued)
        if grid is None:
            return numbers
        files.check_writable(master)
        carry_comments(master, sheets, [grid], report, outputs=False)
        if rows is not None:
            try:
                splice.write(master, [grid])
                return numbers
            except Unsupported:
                pass
        wb, dropped = writer.load_noting(master)
        if dropped:
            report.add(issue("SHEET_011", file=master.name, value=", ".join(dropped)))
        writer.write_sheets(wb, [grid])
        writer.save(wb, master)
    return numbers


def certificate_register(
    sheets: dict, units: list[tuple[str, str, str, str, str]], file: str, issued=None
):
    """(numbers, the register's grid to write or None when nothing is new), from a workbook's
    sheet values: the one numbering of ``record_certificates`` and of the Excel button."""
    from mchch_xl.checks.tables import read_table
    from mchch_xl.compute.numbering import number_certificates
    from mchch_xl.layout.sheets import input_grid

    rows = sheets.get(CERTIFICATES.title)
    layout, recs = read_table(CERTIFICATES, rows or [], file)
    register = []
    for rec in recs:
        values = {**rec.values, "no": _certificate_no(rec, file)}
        values.update({("extra", h): v for h, v in rec.extra.items()})
        register.append(values)
    done = number_certificates(register, units, issued or dt.date.today())
    if not done.changed:
        return done.numbers, None
    extra = list(layout.extra.values())
    grid = input_grid(
        CERTIFICATES,
        [_row(CERTIFICATES, v, extra) for v in done.rows],
        sheet_note(sheets, CERTIFICATES),
        extra,
    )
    return done.numbers, grid


def _certificate_no(rec, file: str) -> int | None:
    """เลขที่ of a register row as a whole number (Thai digits read), or None when empty."""
    from mchch_xl.domain.thai import to_arabic_digits

    value = rec.values.get("no")
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return value
    text = to_arabic_digits(str(value)).strip()
    if text.isascii() and text.isdigit():
        return int(text)
    raise FatalError(
        issue(
            IssueCode.CRT_002,
            file=file,
            sheet=CERTIFICATES.title,
            row=rec.row,
            column=rec.columns.get("no", ""),
            field="no",
            value=value,
            header=CERTIFICATES.column("no").header,
        )
    )


def sheet_note(sheets: dict, sheet) -> str | None:
    """The note in A1 of a sheet as it is (e.g. "ข้อมูลตัวอย่าง")."""
    rows = sheets.get(sheet.title) or [[None]]
    return (rows[0][0] if rows and rows[0] else None) or None


def _now_text() -> str:
    now = dt.datetime.now()
    return f"{now.day}/{now.month}/{now.year + 543} {now:%H:%M:%S}"


__all__ = [
    "Run",
    "process",
    "evaluate",
    "recalc",
    "new_master",
    "demo_master",
    "write_templates",
    "templates_for",
    "import_files",
    "consolidate_sheets",
    "ImportRun",
    "Severity",
    "new_master_from",
    "new_master_from_sheets",
    "record_certificates",
]

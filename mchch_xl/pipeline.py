"""load → check → compute → write: the one path that the CLI and the Excel actions share."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checks import Checked, check_master
from .compute import Results, compute
from .demo import DEMO_NOTES, demo_settings, demo_tables, reference_districts
from .issues import FatalError, Severity, issue
from .model import INCOMPLETE, MasterData, OrderPolicy, Round, Settings
from .newyear import read_history
from .schema import CANDIDATES, HISTORY, IMPORT_LOG, SCORES

# openpyxl and calamine (io) load inside the functions that touch files: the Excel actions
# use this module too, and every ribbon click starts Python.


@dataclass
class Run:
    path: Path | str
    checked: Checked
    results: Results
    seed: int | None = None  # a lottery seed drawn by this run, to record in the settings

    @property
    def exit_code(self) -> int:
        """0 clean, 1 data issues found (errors or warnings)."""
        report = self.checked.report
        return 1 if report.errors or report.warnings else 0


def process(sheets: dict[str, list[list[Any]]], file: str, draw: bool = True) -> Run:
    """Check the input sheets (title -> rows of values) and compute every result. With the
    lottery policy and no seed yet, draw one (``draw``) so that it can be recorded."""
    checked = check_master(sheets, file)
    checked.data.history = read_history(sheets.get(HISTORY.title))  # new --from: earlier years
    s = checked.data.settings
    seed = None
    if draw and s.order_policy is OrderPolicy.LOTTERY and s.lottery_seed is None:
        seed = secrets.randbelow(900_000) + 100_000
        checked.data.settings = s.model_copy(update={"lottery_seed": seed})
        checked.report.add(issue("ORD_003", value=seed))
    results = compute(checked.data)
    _report_incomplete(checked, results, file)
    return Run(file, checked, results, seed)


def _report_incomplete(checked: Checked, results: Results, file: str) -> None:
    """A missing score is reported where the candidate stands, never a silent zero."""
    rnd = checked.data.settings.deciding_round
    for e in results.certification.evaluations:
        if e.result == INCOMPLETE and e.missing:
            row, col = checked.candidate_rows.get(e.candidate.id, (None, ""))
            checked.report.add(issue("SCO_001", file=file, sheet=CANDIDATES.title, row=row, column=col,
                                     value=e.candidate.id, missing=" ".join(e.missing),
                                     round=f"รอบ{rnd.th}", round_en=rnd.value))


def evaluate(path: Path) -> Run:
    """Read, check and compute, writing nothing."""
    from .io import reader

    path = Path(path)
    run = process(reader.read_values(path), path.name, draw=False)
    run.path = path
    return run


def recalc(path: Path, keep_backup: bool = True) -> Run:
    """Validate a master and rewrite its outputs in place (atomic, with a dated backup)."""
    from .io import files, reader, writer

    path = Path(path)
    with files.master_lock(path):
        files.check_not_open(path)
        run = process(reader.read_values(path), path.name)
        run.path = path
        wb = writer.load(path)
        if run.seed is not None:
            writer.record_setting(wb, run.checked, "lottery_seed", run.seed)
        writer.write_outputs(wb, run.checked, run.results)
        writer.save(wb, path, keep_backup=keep_backup)
    return run


def create_master(path: Path, settings: Settings, tables: dict, notes: dict | None = None) -> Path:
    from .io import writer

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = writer.new_workbook(settings, tables, notes)
    writer.save(wb, path, keep_backup=path.exists())
    return path


def new_master(path: Path, province: str, year: int) -> Run:
    """An empty master for a province and fiscal year (districts filled where the package
    knows them), recalculated so that its output sheets are laid out."""
    province = province.removeprefix("จังหวัด").strip()
    settings = Settings(province=province, fiscal_year=year,
                        office=f"สำนักงานพัฒนาชุมชนจังหวัด{province}")
    districts = [[d.code, d.name, None, None, None, None] for d in reference_districts(province)]
    create_master(path, settings, {"districts": districts})
    return recalc(path, keep_backup=False)


def new_master_from(path: Path, previous: Path, year: int) -> Run:
    """A master for ``year`` started from last year's master ``previous`` (read-only): its
    settings, districts, indicators and criteria (flagged for review), no candidates, scores or
    decisions, and the history of certified units grown by last year's (``newyear``)."""
    from .io import reader

    previous = Path(previous)
    return new_master_from_sheets(path, reader.read_values(previous), previous.name, year)


def new_master_from_sheets(path: Path, sheets: dict, file: str, year: int) -> Run:
    """``new_master_from`` on a master's sheets as values (a file, or a book open in Excel)."""
    from .io import newyear as out
    from .io import writer
    from .newyear import next_year
    from .schema import SETTINGS

    last = process(sheets, file, draw=False)
    plan = next_year(last.checked.data, last.results.certification.evaluations,
                     sheets.get(SETTINGS.title), year)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = writer.new_workbook(plan.settings, plan.tables, plan.notes)
    out.add_history(wb, [u.row() for u in plan.history], plan.extra_settings)
    writer.save(wb, path, keep_backup=path.exists())
    return recalc(path, keep_backup=False)


def demo_master(out_dir: Path) -> Run:
    """The Chiang Rai 2568 demo master, recalculated."""
    path = Path(out_dir) / "demo-2568.xlsx"
    create_master(path, demo_settings(), demo_tables(), DEMO_NOTES)
    return recalc(path, keep_backup=False)





# -- district templates out, consolidation back in ---------------------------------------------

def write_templates(master: Path, out_dir: Path, district: str | None = None) -> list[Path]:
    """One template workbook per district of the master (or the one ``district`` code)."""
    return templates_for(evaluate(Path(master)).checked.data, out_dir, district, Path(master).name)


def templates_for(data: MasterData, out_dir: Path, district: str | None = None,
                  file: str = "") -> list[Path]:
    from .io import writer
    from .templates import build_template

    chosen = [d for d in data.districts if district in (None, d.code, d.name)]
    if district and not chosen:
        raise FatalError(issue("TPL_005", file=file, value=district))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in chosen:
        t = build_template(data, d)
        path = out_dir / t.file_name
        writer.save(writer.grids_workbook(t.grids), path, keep_backup=False)
        paths.append(path)
    return paths


@dataclass
class ImportRun:
    run: Run
    submissions: list
    plan: Any
    annotated: list[Path]
    sheets: dict  # the master's input sheets after the import (title -> rows)
    log_rows: list

    @property
    def exit_code(self) -> int:
        bad = any(s.refused or s.rows_rejected for s in self.submissions)
        return 1 if bad or self.run.exit_code else 0


def consolidate_sheets(sheets: dict, file: str, inputs: list[Path], annotate_dir: Path,
                       progress=None) -> ImportRun:
    """The import on the master's sheets as values (title -> rows), whatever holds them: a file
    (``import_files``) or a workbook open in Excel (``xl.actions.import_files``)."""
    from . import consolidate as co
    from .io import writer

    paths = co.collect(inputs)
    # settings, districts, indicators and who owns which candidate id: scores not needed
    data = check_master({t: r for t, r in sheets.items() if t != SCORES.title}, file).data
    owners = {c.id: c.district for c in data.candidates}
    log_rows = _log_rows(sheets)
    imported = {str(r[4]): str(r[2]) for r in log_rows
                if r[8] in (co.STATUS_OK, co.STATUS_PARTIAL, co.STATUS_SAME)}
    subs = []
    for i, path in enumerate(paths, start=1):
        sub = co.read_submission(path, data, owners)
        if not any(x.severity is not Severity.INFO for x in sub.issues):
            sub.sheets = {}  # clean: no annotated copy needed, free the values read
        subs.append(sub)
        if progress:
            progress(i, len(paths), sub)
    chosen = co.plan(subs, imported)
    new_sheets = _replace_district_rows(sheets, data, chosen.replace)
    run = process(new_sheets, file)
    for sub in subs:
        run.checked.report.extend(sub.issues)
    now = _now_text()
    for sub in subs:
        log_rows.append([now, sub.path.name, sub.sha256, sub.district.name if sub.district else "",
                         sub.district.code if sub.district else "", sub.rows_read,
                         sub.rows_accepted, sub.rows_rejected, sub.status,
                         "; ".join(x.code for x in sub.errors[:8])])
    annotated = [writer.annotated_copy(sub, data, annotate_dir) for sub in subs
                 if sub.district is not None and sub.sheets]
    return ImportRun(run, subs, chosen, annotated, new_sheets, log_rows)


def import_files(master: Path, inputs: list[Path], annotate_dir: Path | None = None,
                 progress=None) -> ImportRun:
    """Consolidate returned district templates into the master, then recalculate (one save)."""
    from .io import files, reader, writer

    master = Path(master)
    target = Path(annotate_dir) if annotate_dir else master.parent / "ส่งกลับอำเภอ"
    with files.master_lock(master):
        files.check_not_open(master)
        sheets = reader.read_values(master)
        result = consolidate_sheets(sheets, master.name, inputs, target, progress)
        result.run.path = master
        wb = writer.load(master)
        if result.plan.replace:
            for sheet in (CANDIDATES, SCORES):  # keep the sheet's own note (e.g. "sample data")
                writer.write_table(wb, sheet, result.sheets[sheet.title][2:], sheet_note(sheets, sheet))
        writer.write_table(wb, IMPORT_LOG, result.log_rows)
        writer.write_outputs(wb, result.run.checked, result.run.results)
        writer.save(wb, master)
    return result


def build_packet(master: Path, out_pdf: Path | None = None) -> Path:
    """The meeting packet PDF: agenda, presentation order, RSVP forms, results."""
    import tempfile

    from .io import packet, writer
    from .render import packet_grids

    master = Path(master)
    run = evaluate(master)
    out_pdf = Path(out_pdf) if out_pdf else master.with_name(f"{master.stem}-ชุดเอกสารประชุม.pdf")
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "packet.xlsx"
        wb = writer.grids_workbook(packet_grids(run.checked, run.results))
        for ws in wb.worksheets:  # the packet is numbered as a whole, below, in Thai numerals
            ws.oddFooter.center.text = None
        writer.save(wb, xlsx, keep_backup=False)
        packet.to_pdf(xlsx, out_pdf)
    packet.stamp_page_numbers(out_pdf, run.checked.data.settings.thai_digits)
    return out_pdf


def sheet_note(sheets: dict, sheet) -> str | None:
    """The note in A1 of a sheet as it is (e.g. "ข้อมูลตัวอย่าง")."""
    rows = sheets.get(sheet.title) or [[None]]
    return (rows[0][0] if rows and rows[0] else None) or None


def _now_text() -> str:
    import datetime as dt

    now = dt.datetime.now()
    return f"{now.day}/{now.month}/{now.year + 543} {now:%H:%M:%S}"


def _log_rows(sheets: dict) -> list[list[Any]]:
    from .checks.tables import table_values

    return table_values(sheets.get(IMPORT_LOG.title) or [], IMPORT_LOG)


def _replace_district_rows(sheets: dict, data: MasterData, replace: dict) -> dict:
    """The master's candidates and scores with the replaced districts' rows swapped for the
    accepted rows of their new submissions; every other row kept exactly as it was."""
    from .checks.tables import table_values
    from .thai import clean_text

    if not replace:
        return sheets
    names = {d.name: d.code for d in data.districts}
    codes = set(replace)
    new = dict(sheets)

    def body(sheet) -> list[list[Any]]:
        return table_values(sheets.get(sheet.title) or [], sheet)

    # the new rows take the place of the district's old rows (or go last for a new district)
    new_rows = {code: [[c.id, sub.district.name, c.kind.th, c.name, c.place or None, c.assessed,
                        c.note or None] for c in sub.candidates] for code, sub in replace.items()}
    new_scores = {code: [[cid, ind, int(v) if float(v).is_integer() else v,
                          None if r is Round.COMMITTEE else r.th]
                         for cid, ind, v, r in sub.scores] for code, sub in replace.items()}
    all_codes = {d.code for d in data.districts}
    old_ids: dict[str, str] = {}  # candidate id -> district code, of the replaced districts
    kept: list[list[Any]] = []
    for vals in body(CANDIDATES):
        raw = clean_text(str(vals[1] or "")).removeprefix("อำเภอ")
        code = raw if raw in all_codes else names.get(raw)
        if code in codes:
            old_ids[str(vals[0])] = code
            kept += new_rows.pop(code, [])
            continue
        kept.append(vals)
    for rows in new_rows.values():
        kept += rows
    new_ids = {c.id: code for code, sub in replace.items() for c in sub.candidates}
    score_rows: list[list[Any]] = []
    for vals in body(SCORES):
        code = old_ids.get(str(vals[0])) or new_ids.get(str(vals[0]))
        if code is not None:
            score_rows += new_scores.pop(code, [])
            continue
        score_rows.append(vals)
    for rows in new_scores.values():
        score_rows += rows
    header = lambda sheet: [[sheet.note], sheet.headers]  # noqa: E731
    new[CANDIDATES.title] = header(CANDIDATES) + kept
    new[SCORES.title] = header(SCORES) + score_rows
    return new


__all__ = ["Run", "process", "evaluate", "recalc", "new_master", "demo_master", "write_templates",
           "templates_for", "import_files", "consolidate_sheets", "ImportRun", "build_packet",
           "Severity", "new_master_from", "new_master_from_sheets"]

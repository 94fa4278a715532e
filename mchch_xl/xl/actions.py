"""One step of the มชช. cycle on an open workbook, the same code the command line runs.

On desktop Excel a button saves the book, runs the command line's own recalculation (or import)
on the file and reopens it (``formatted``), so the sheets look exactly as ``mchch-xl recalc``
leaves them. Where that cannot work (xlwings' remote and read engines, a read-only or OneDrive
book) each action reads each sheet it needs in one call and writes each output sheet as one
block of values through ``BookIO.put``, which keeps every value as Excel would store it from
the file path (``writes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mchch_xl.checks import Checked
from mchch_xl.domain.issues import EXIT_1, IssueCode
from mchch_xl.domain.schema import (
    AGENDA,
    ANNOUNCE,
    CERTIFICATES,
    IMPORT_LOG,
    ISSUES,
    ORDER,
    RESULTS,
    RSVP,
    RUN_SHEETS,
    SETTINGS,
    SUMMARY,
    TRACKER,
)
from mchch_xl.flows.pipeline import (
    LOTTERY_KEYS,
    Run,
    consolidate_sheets,
    import_tables,
    note_made,
    process,
    templates_for,
)
from mchch_xl.layout.grid import Grid, table
from mchch_xl.layout.sheets import output_grids, setting_text
from mchch_xl.xl import formatted
from mchch_xl.xl.writes import format_ranges


def manages_merges(book: Any) -> bool:
    """Whether the values path unmerges and merges again: on desktop Excel only."""
    return formatted.is_desktop(book)


@dataclass
class BookIO:
    """Reads and writes of one book, counted (tests assert the counts stay bounded)."""

    book: Any
    reads: dict[str, int] = field(default_factory=dict)
    writes: dict[str, int] = field(default_factory=dict)
    # Desktop Excel refuses a block of values over merged cells of an older layout: there the
    # sheet is unmerged first and the grid's own merges are made again after the values.
    # Not on xlwings' remote clients, which have no merge handler (NOTES.md).
    remerge: bool = False

    def __post_init__(self) -> None:
        self.remerge = self.remerge or manages_merges(self.book)

    @property
    def name(self) -> str:
        return self.book.name

    def titles(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def read(self, title: str) -> list[list[Any]]:
        """The whole sheet from A1 to its last used cell, in one read."""
        sheet = self.book.sheets[title]
        last = sheet.used_range.last_cell
        self.reads[title] = self.reads.get(title, 0) + 1
        values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
        return [[v if v is not None else "" for v in row] for row in values]

    def write(self, grid: Grid) -> None:
        """Clear the sheet's values, then write the grid as one block (see ``put``)."""
        title = grid.sheet.title
        if title in self.titles():
            sheet = self.book.sheets[title]
            if self.remerge:
                sheet.used_range.unmerge()
            sheet.clear_contents()
        else:
            sheet = self.book.sheets.add(title, after=self.book.sheets[-1])
        self.put(sheet, 1, 1, grid.rectangular(), grid.styles)
        if self.remerge:
            for r1, c1, r2, c2 in grid.merges:
                sheet.range((r1, c1), (r2, c2)).merge()

    def write_cell(self, title: str, row: int, col: int, value: Any) -> None:
        self.put(self.book.sheets[title], row, col, [[value]])

    def put(
        self,
        sheet: Any,
        row: int,
        col: int,
        values: list[list[Any]],
        styles: dict[tuple[int, int], str] | None = None,
    ) -> None:
        """THE write of every action: number formats first (text Excel would parse gets ``@``,
        numbers and dates a numeric format), then the values in one call, so that desktop
        Excel stores each cell exactly as the file path does (``writes``)."""
        for fr in format_ranges(values, styles, row, col):
            sheet.range(
                (fr.first_row, fr.first_col), (fr.last_row, fr.last_col)
            ).number_format = fr.number_format
        if values and values[0]:
            sheet.range((row, col)).value = values
        self.writes[sheet.name] = self.writes.get(sheet.name, 0) + 1

    def alert(self, text: str) -> None:
        self.book.app.alert(text, title="มชช.")


def _read_inputs(io: BookIO) -> dict[str, list[list[Any]]]:
    """The sheets a run reads (``schema.RUN_SHEETS``), as the file path reads them."""
    return {t: io.read(t) for t in io.titles() if t in RUN_SHEETS}


def _summary_line(run: Run) -> str:
    report, results = run.checked.report, run.results
    left_out = sum(report.rows_rejected(s) for s in report.rows_read)
    head = f"กลุ่มเป้าหมาย {results.total} ราย จาก {len(results.slots)} อำเภอ, "
    text = (
        f"{head}ผิดพลาด {len(report.errors)} รายการ, คำเตือน {len(report.warnings)} รายการ, "
        f"แถวที่ไม่ได้นำมาคำนวณ {left_out} แถว"
    )
    if report.errors or report.warnings:
        text += f"\nดูรายละเอียดในแผ่นงาน {ISSUES.title}"
    return text + "\n" + _verdict(report)


def _verdict(report) -> str:
    """What the counts mean, as the command line's exit code says it (0, 1: ``EXIT_1``)."""
    if report.errors:
        return f"ผล: {EXIT_1} (ค่าหรือแถวที่ผิดไม่ได้นำมาใช้) แก้แล้วสั่งคำนวณใหม่"
    if report.warnings:
        return "ผล: ทำเสร็จ ข้อมูลทุกแถวนำมาคำนวณแล้ว คำเตือนควรตรวจดู"
    return "ผล: ทำเสร็จ ไม่พบปัญหา"


def _write_back(io: BookIO, checked: Checked, seed: int | None) -> None:
    """Normalised cells (Thai digits, spaces, BE years) and a lottery seed drawn: a few cells."""
    for title, row, col, value in checked.fixes:
        if title == SETTINGS.title:
            value = setting_text("", value)
        io.write_cell(title, row, col, value)
    if seed is None:
        return
    for key in LOTTERY_KEYS:  # (a master older than a setting's row: that one not kept)
        if key in checked.settings_rows:
            io.write_cell(
                SETTINGS.title,
                checked.settings_rows[key],
                checked.settings_value_column,
                setting_text(key, getattr(checked.data.settings, key)),
            )


@dataclass
class Outcome:
    run: Run | None  # None: nothing was run (a book never saved)
    io: BookIO  # the counted reads and writes
    message: str


def _run(
    book: Any, only: set[str] | None, verb: str, formats: bool = True, draw: bool = False
) -> Outcome:
    """One button. On desktop Excel (``formatted.mode``) the file is recalculated by the command
    line's own code and reopened; elsewhere the output sheets get their values in place."""
    how = formatted.mode(book)
    if how.unsaved:
        io = BookIO(book)
        io.alert(formatted.UNSAVED)
        return Outcome(None, io, formatted.UNSAVED)
    if how.formatted and formats:
        from mchch_xl.flows.pipeline import draw_lottery
        from mchch_xl.flows.pipeline import recalc as headless_recalc

        done = formatted.run_on_file(book, draw_lottery if draw else headless_recalc)
        io = BookIO(done.book)
        message = f"{verb}แล้ว (จัดรูปแบบทั้งสมุดงานใหม่)\n" + _summary_line(done.result)
        io.alert(message)
        return Outcome(done.result, io, message)
    io = BookIO(book)
    run = process(_read_inputs(io), io.name, draw=draw)
    note_made(run, formatted.local_path(book))
    _write_back(io, run.checked, run.seed)
    for grid in output_grids(run.checked, run.results):
        if only is None or grid.sheet.title in only:
            io.write(grid)
    message = f"{verb}แล้ว\n" + _summary_line(run)
    if how.reason:
        message += "\n" + how.reason
    io.alert(message)
    return Outcome(run, io, message)


def recalc(book: Any) -> Outcome:
    """ตรวจข้อมูลและคำนวณใหม่ทั้งหมด: every output sheet."""
    return _run(book, None, "คำนวณใหม่")


def draw(book: Any) -> Outcome:
    """จับสลาก: draw the presentation order once, record the seed, the time and the user in
    the settings, and lay every output sheet. A seed recorded already: refused (ORD_006), the
    message says to clear it first."""
    outcome = _run(book, None, "จับสลากลำดับการนำเสนอ", draw=True)
    return outcome


def validate(book: Any) -> Outcome:
    """ตรวจข้อมูล: refresh the issues sheet only."""
    return _run(book, {ISSUES.title}, "ตรวจข้อมูล", formats=False)


def build_order(book: Any) -> Outcome:
    """จัดลำดับการนำเสนอ: the order table, the summary and the tracker's slots."""
    return _run(book, {ORDER.title, SUMMARY.title, TRACKER.title, ISSUES.title}, "จัดลำดับการนำเสนอ")


def emit_rsvp(book: Any) -> Outcome:
    """ทำแบบตอบรับ: one form per district, and the response tracker."""
    return _run(book, {RSVP.title, TRACKER.title, ISSUES.title}, "ทำแบบตอบรับ")


def show_issues(book: Any) -> Outcome:
    """แสดงปัญหาข้อมูล: validate, then bring the issues sheet to the front."""
    outcome = validate(book)
    book.sheets[ISSUES.title].activate()
    return outcome


def certify(book: Any) -> Outcome:
    """สรุปผลการรับรอง: results per candidate, the announcement, and the counts quoted."""
    return _run(
        book,
        {RESULTS.title, ANNOUNCE.title, AGENDA.title, SUMMARY.title, ISSUES.title},
        "สรุปผลการรับรอง",
    )


def _folder(book: Any, name: str) -> Path:
    """``name`` beside the book's file (the working folder for a book with no file)."""
    here = formatted.local_path(book)
    if here is None and formatted.is_cloud(book):
        from mchch_xl.domain.issues import FatalError, issue

        raise FatalError(issue(IssueCode.FILE_021, file=book.name))
    full = here or Path(book.name)
    return (full.parent if full.parent != Path("") else Path.cwd()) / name


def make_templates(book: Any, out_dir: Path | None = None) -> Outcome:
    """ทำแบบฟอร์มอำเภอ: one template per district, into a folder next to the workbook."""
    io = BookIO(book)
    run = process(_read_inputs(io), io.name, draw=False)
    folder = (
        Path(out_dir)
        if out_dir
        else _folder(book, f"แบบฟอร์มอำเภอ-{run.checked.data.settings.fiscal_year}")
    )
    paths = templates_for(run.checked.data, folder, file=io.name)
    message = f"สร้างแบบฟอร์มอำเภอ {len(paths)} ไฟล์ ไว้ที่\n{folder}"
    io.alert(message)
    return Outcome(run, io, message)


def import_files(book: Any, paths: list[Path], annotate_dir: Path | None = None) -> Outcome:
    """นำเข้าไฟล์อำเภอ: consolidate returned templates into the open workbook, then recalculate."""
    how = formatted.mode(book)
    if how.unsaved:
        io = BookIO(book)
        io.alert(formatted.UNSAVED)
        return Outcome(None, io, formatted.UNSAVED)
    from mchch_xl.flows.consolidate import ANNOTATED_DIR

    back = Path(annotate_dir) if annotate_dir else _folder(book, ANNOTATED_DIR)
    if how.formatted:
        from mchch_xl.flows.pipeline import import_files as headless_import

        done = formatted.run_on_file(
            book, lambda p: headless_import(p, [Path(x) for x in paths], back)
        )
        io, result = BookIO(done.book), done.result
    else:
        io = BookIO(book)
        sheets = _read_inputs(io)
        here = formatted.local_path(book)
        result = consolidate_sheets(sheets, io.name, [Path(p) for p in paths], back, master=here)
        for grid in import_tables(result, sheets):
            io.write(grid)
        io.write(table(IMPORT_LOG, result.log_rows))
        _write_back(io, result.run.checked, result.run.seed)
        for grid in output_grids(result.run.checked, result.run.results):
            io.write(grid)
    totals = result.plan.totals
    message = (
        f"นำเข้า {len(result.submissions)} ไฟล์: แทนที่ข้อมูล {len(result.plan.replace)} อำเภอ, "
        f"แถวที่อ่าน {totals['read']} = รับ {totals['accepted']} + ไม่รับ {totals['rejected']}"
    )
    if result.annotated:
        message += (
            f"\nไฟล์ตรวจแล้วส่งกลับอำเภอ {len(result.annotated)} ไฟล์ ที่ {result.annotated[0].parent}"
        )
    if how.reason:
        message += "\n" + how.reason
    io.alert(message + "\n" + _summary_line(result.run))
    return Outcome(result.run, io, message)


def start_next_year(book: Any, out: Path | None = None) -> Outcome:
    """เริ่มปีถัดไป: a new master for next year beside this one (``mchch-xl new --from``), from
    the values in the open book (decisions typed but not yet saved count too)."""
    from mchch_xl.domain.issues import FatalError, issue
    from mchch_xl.flows.pipeline import new_master_from_sheets

    io = BookIO(book)
    sheets = _read_inputs(io)
    s = process(sheets, io.name, draw=False).checked.data.settings
    year = s.fiscal_year + 1
    path = Path(out) if out else _folder(book, f"สมุดงานหลัก-{s.province}-{year}.xlsx")
    if path.exists():
        raise FatalError(
            issue(
                IssueCode.FILE_003,
                file=path.name,
                detail="มีไฟล์ชื่อนี้อยู่แล้ว ย้ายหรือเปลี่ยนชื่อไฟล์เดิมก่อน",
                detail_en="a file of that name exists",
            )
        )
    run = new_master_from_sheets(path, sheets, io.name, year)
    data = run.checked.data
    message = (
        f"สร้างสมุดงานหลักปี {year} แล้ว:\n{path}\nคัดลอกการตั้งค่า "
        f"อำเภอ {len(data.districts)} อำเภอ ตัวชี้วัดและเกณฑ์ (ให้ตรวจทาน) "
        f"และประวัติการรับรอง {len(data.history)} ราย"
    )
    io.alert(message)
    return Outcome(run, io, message)


def documents(book: Any, out_dir: Path | None = None) -> Outcome:
    """เอกสาร: the year's Word documents (letter, agenda, minutes, announcement, certificates)
    into a folder beside the workbook, from the values in the open book; new certificates are
    numbered in its sheet ทะเบียนเกียรติบัตร (saved with the book)."""
    from mchch_xl.files.docx import PROVINCE_FOLDER
    from mchch_xl.flows.documents import certificate_units, fill_documents
    from mchch_xl.flows.pipeline import certificate_register

    io = BookIO(book)
    sheets = _read_inputs(io)
    if CERTIFICATES.title in io.titles():
        sheets[CERTIFICATES.title] = io.read(CERTIFICATES.title)
    run = process(sheets, io.name, draw=False)
    numbers, register = certificate_register(sheets, certificate_units(run), io.name)
    if register is not None:
        io.write(register)
    folder = Path(out_dir) if out_dir else _folder(book, f"{Path(io.name).stem}-เอกสาร")
    templates = folder.parent / PROVINCE_FOLDER
    done = fill_documents(
        run, folder, templates if templates.is_dir() else None, folder.parent, numbers
    )
    message = f"สร้างเอกสาร (Word) {len(done.files)} ไฟล์ ไว้ที่\n{folder}"
    if register is not None:
        message += "\nให้เลขที่เกียรติบัตรใหม่ในแผ่นงาน ทะเบียนเกียรติบัตร: บันทึกสมุดงานเพื่อเก็บเลขที่ไว้"
    _open_folder(folder)
    io.alert(message + "\n" + _summary_line(run))
    return Outcome(run, io, message)


def _open_folder(folder: Path) -> None:
    """Show the folder in Explorer (Windows only: elsewhere the message names it)."""
    import os
    import sys

    if sys.platform == "win32":
        os.startfile(folder)  # noqa: S606


ACTIONS = {
    "draw": draw,
    "documents": documents,
    "recalc": recalc,
    "validate": validate,
    "build_order": build_order,
    "emit_rsvp": emit_rsvp,
    "show_issues": show_issues,
    "certify": certify,
    "make_templates": make_templates,
    "start_next_year": start_next_year,
}

"""The year's documents: Word files filled from the master's data (``documents``), and the PDFs
printed from them by LibreOffice (``packet``, ``minutes``, ``certificates``).

Orchestration only: read and check the master (``pipeline.evaluate``), compute the fields
(``compute.fields``), fill the .docx templates (``files.docx``), print (``files.packet``).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mchch_xl.domain.issues import FatalError, IssueCode, issue

KEYS = ("letter", "agenda", "minutes", "announcement", "certificates")


@dataclass
class Printed:
    path: Path
    pages: int
    count: int  # certificates: units; minutes: agenda items
    run: Any = None  # the check and computation printed from (its issues are reported)
    emblem: bool = True  # False: printed without an emblem picture (the space left blank)


@dataclass
class Documents:
    folder: Path
    files: list[Path] = field(default_factory=list)
    templates: dict[str, Path] = field(default_factory=dict)  # key -> the template used
    certificates: int = 0
    run: Any = None
    emblem: Path | None = None  # the emblem picture used, None when the space is left blank


def templates_folder(master: Path, given: Path | None) -> Path | None:
    """``--templates DIR``, else the province's folder ``แม่แบบเอกสาร`` beside the master."""
    from mchch_xl.files.docx import PROVINCE_FOLDER

    if given is not None:
        if not Path(given).is_dir():
            raise FatalError(issue(IssueCode.DOC_001, file=str(given)))
        return Path(given)
    beside = Path(master).parent / PROVINCE_FOLDER
    return beside if beside.is_dir() else None


def contexts(run, keys=KEYS, numbers: dict | None = None) -> dict[str, dict]:
    """The fields of each document, from a checked and computed run."""
    from mchch_xl.compute import fields

    data, results = run.checked.data, run.results
    s = data.settings
    cert = results.certification
    out = {}
    if "letter" in keys:
        out["letter"] = fields.letter(s, results.end)
    if "agenda" in keys:
        out["agenda"] = fields.agenda(s, results.totals, results.end)
    if "minutes" in keys:
        out["minutes"] = fields.minutes(data, results)
    if "announcement" in keys:
        out["announcement"] = fields.announcement(s, results.order + results.absent, cert)
    if "certificates" in keys:
        units = fields.certified_units(cert, results.order + results.absent)
        out["certificates"] = fields.certificates(
            s, results.order + results.absent, units, numbers or {}
        )
    return out


def _names(run) -> tuple[str, ...]:
    from mchch_xl.compute.fields import names

    return names(run.checked.data.settings, run.checked.data.districts)


def certificate_units(run) -> list[tuple[str, str, str, str, str]]:
    """The certified units in the order their certificates are numbered: (id, name, district,
    type, level), as the register records them."""
    from mchch_xl.compute import fields

    results = run.results
    districts = results.order + results.absent
    names = {d.code: d.name for d in districts}
    return [
        (
            e.candidate.id,
            e.candidate.name,
            names.get(e.candidate.district, ""),
            e.candidate.kind.th,
            e.level,
        )
        for e in fields.certified_units(results.certification, districts)
    ]


def _record_numbers(master: Path, run) -> dict[str, int]:
    """The certificates' running numbers, recorded in the master's register (new units get the
    next numbers; numbers already given stay)."""
    from mchch_xl.flows.pipeline import record_certificates

    units = certificate_units(run)
    return record_certificates(master, units) if units else {}


def fill_documents(
    run, out: Path, templates: Path | None, beside: Path, numbers: dict[str, int]
) -> Documents:
    """The five Word documents of a checked and computed run into ``out``: the province's
    templates from ``templates`` where it has them, the emblem from the settings or found in
    ``templates`` or ``beside`` (the master's folder), certificates numbered by ``numbers``."""
    from mchch_xl.files import docx

    fields = contexts(run, numbers=numbers)
    emblem = docx.find_emblem([templates, beside], run.checked.data.settings.emblem)
    done = Documents(out, run=run, emblem=emblem)
    done.certificates = len(fields["certificates"]["certificates"])
    for key in KEYS:
        if key in ("certificates", "announcement") and not done.certificates:
            continue  # nothing certified yet: no certificate, no announcement of nobody
        tpl = docx.template_path(key, templates)
        done.templates[key] = tpl
        done.files.append(docx.render(tpl, fields[key], out / docx.BY_KEY[key].name, emblem))
    return done


def build_documents(
    master: Path, out_dir: Path | None = None, templates: Path | None = None
) -> Documents:
    """Write หนังสือเชิญประชุม, ระเบียบวาระการประชุม, รายงานการประชุม, ประกาศผลการรับรอง and
    เกียรติบัตร (.docx) into ``out_dir`` (default: a folder ``<master>-เอกสาร`` beside it); new
    certificates get their numbers in the master's register first."""
    from mchch_xl.flows.pipeline import evaluate

    master = Path(master)
    folder = templates_folder(master, templates)
    run = evaluate(master)
    out = Path(out_dir) if out_dir else master.with_name(f"{master.stem}-เอกสาร")
    numbers = _record_numbers(master, run)
    return fill_documents(run, out, folder, master.parent, numbers)


def docx_pdfs(
    master: Path, run, keys, tmp: Path, templates: Path | None = None, numbers=None, select=None
) -> dict[str, Path]:
    """The documents ``keys`` filled and printed to PDF (numbered from their second page)."""
    from mchch_xl.files import docx, packet

    folder = templates_folder(master, templates)
    fields = contexts(run, keys, numbers)
    if select is not None and "certificates" in fields:
        fields["certificates"]["certificates"] = [
            c for c in fields["certificates"]["certificates"] if select(c)
        ]
    emblem = docx.find_emblem([folder, master.parent], run.checked.data.settings.emblem)
    sources = []
    for key in keys:
        filled = docx.render(
            docx.template_path(key, folder), fields[key], tmp / f"{key}.docx", emblem
        )
        sources.append(docx.print_copy(filled, tmp / f"{key}-print.docx", _names(run)))
    pdfs = packet.to_pdfs(sources, tmp / "pdf")
    thai = run.checked.data.settings.thai_digits
    out = {}
    for key, pdf in zip(keys, pdfs):
        if key != "certificates":
            packet.number_pages(pdf, thai)
        out[key] = pdf
    return out


PACKET_PARTS = ("order", "rsvp", "results")


def build_packet(
    master: Path, out_pdf: Path | None = None, templates: Path | None = None
) -> Printed:
    """The meeting packet, one PDF of parts each numbered "- ๒ -" from its own second page, as
    a letter and its enclosures are: the letter and the agenda from their Word templates, the
    presentation order, one RSVP form per district (a page each, unnumbered: each goes back on
    its own) and the results from the sheets, and the announcement (once decided) from its
    Word template."""
    from mchch_xl.files import packet, writer
    from mchch_xl.flows.pipeline import evaluate
    from mchch_xl.layout.sheets import packet_grids, printable

    master = Path(master)
    run = evaluate(master)
    out_pdf = Path(out_pdf) if out_pdf else master.with_name(f"{master.stem}-ชุดเอกสารประชุม.pdf")
    packet.not_a_folder(out_pdf)
    thai = run.checked.data.settings.thai_digits
    keys = ["letter", "agenda"]
    if run.results.certification.decided:
        keys.append("announcement")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docs = docx_pdfs(master, run, tuple(keys), tmp, templates)
        books = []
        for name, grids in zip(PACKET_PARTS, packet_grids(run.checked, run.results)):
            wb = writer.grids_workbook(printable(grids, _names(run)))
            for ws in wb.worksheets:  # numbered below in the setting's numerals
                ws.oddFooter.center.text = None
            writer.save(wb, tmp / f"{name}.xlsx", keep_backup=False)
            books.append(tmp / f"{name}.xlsx")
        sheets = packet.to_pdfs(books, tmp / "sheets")
        for name, pdf in zip(PACKET_PARTS, sheets):
            if name != "rsvp":
                packet.number_pages(pdf, thai)
        parts = [docs["letter"], docs["agenda"], *sheets]
        if "announcement" in docs:
            parts.append(docs["announcement"])
        pages = packet.merge(parts, out_pdf)
    return Printed(out_pdf, pages, 0, run, emblem=_has_emblem(master, run, templates))


def _has_emblem(master: Path, run, templates: Path | None) -> bool:
    from mchch_xl.files import docx

    folder = templates_folder(master, templates)
    return docx.find_emblem([folder, master.parent], run.checked.data.settings.emblem) is not None


def build_minutes(
    master: Path, out_pdf: Path | None = None, templates: Path | None = None
) -> Printed:
    """รายงานการประชุม as a PDF, from the committee sheet, the RSVP tracker, the decisions and
    the resolutions typed in the sheet มติการประชุม."""
    from mchch_xl.files import packet
    from mchch_xl.flows.pipeline import evaluate

    master = Path(master)
    run = evaluate(master)
    out = Path(out_pdf) if out_pdf else master.with_name(f"{master.stem}-รายงานการประชุม.pdf")
    packet.not_a_folder(out)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = docx_pdfs(master, run, ("minutes",), Path(tmp), templates)["minutes"]
        pages = packet.merge([pdf], out)
    return Printed(out, pages, 5, run)


def build_certificates(
    master: Path,
    out_pdf: Path | None = None,
    district: str | None = None,
    templates: Path | None = None,
) -> Printed:
    """เกียรติบัตร, one landscape A4 page per certified unit (decision รับรอง in ผลการรับรอง),
    for the whole province or one district (code or name), numbered in the master's register."""
    from mchch_xl.files import packet
    from mchch_xl.flows.pipeline import evaluate, find_district

    master = Path(master)
    run = evaluate(master)
    data = run.checked.data
    chosen = find_district(data, district, master.name) if district else None
    from mchch_xl.compute import fields

    units = fields.certified_units(
        run.results.certification, run.results.order + run.results.absent
    )
    if chosen:
        units = [e for e in units if e.candidate.district == chosen.code]
    if not units:
        raise FatalError(issue(IssueCode.CRT_001, file=master.name))
    numbers = _record_numbers(master, run)
    suffix = f"-{chosen.code}-{chosen.name}" if chosen else ""
    out = Path(out_pdf) if out_pdf else master.with_name(f"{master.stem}-เกียรติบัตร{suffix}.pdf")
    packet.not_a_folder(out)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = docx_pdfs(
            master,
            run,
            ("certificates",),
            Path(tmp),
            templates,
            numbers,
            select=(lambda c: c["district_code"] == chosen.code) if chosen else None,
        )["certificates"]
        pages = packet.merge([pdf], out)
    return Printed(out, pages, len(units), run, emblem=_has_emblem(master, run, templates))


__all__ = [
    "Documents",
    "Printed",
    "build_certificates",
    "build_documents",
    "build_minutes",
    "build_packet",
]

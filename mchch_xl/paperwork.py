"""The year's paperwork printed from a master: minutes and certificates as PDFs (LibreOffice
headless, as the meeting packet: Thai shaped by its HarfBuzz layout, Sarabun embedded)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .issues import FatalError, issue


@dataclass
class Printed:
    path: Path
    pages: int
    count: int  # certificates: units; minutes: agenda items
    run: Any = None  # the check and computation printed from (its issues are reported)


def _print(grids, out_pdf: Path, numbered: bool, thai: bool) -> int:
    from .io import packet, writer
    from .render_paper import follow_digits

    grids = follow_digits(grids, thai)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "print.xlsx"
        wb = writer.grids_workbook(grids)
        for ws in wb.worksheets:
            ws.oddFooter.center.text = None  # numbered below in the setting's numerals
        writer.save(wb, xlsx, keep_backup=False)
        packet.to_pdf(xlsx, out_pdf)
    if numbered:
        return packet.stamp_page_numbers(out_pdf, thai)
    from pypdf import PdfReader

    return len(PdfReader(str(out_pdf)).pages)


def build_minutes(master: Path, out_pdf: Path | None = None) -> Printed:
    """รายงานการประชุม as a PDF, from the settings, the RSVP tracker, the decisions and the
    resolutions typed in the sheet มติการประชุม."""
    from .compute.paperwork import minutes
    from .pipeline import evaluate
    from .render_paper import MINUTES_DOC, lines_grid

    master = Path(master)
    run = evaluate(master)
    out = Path(out_pdf) if out_pdf else master.with_name(f"{master.stem}-รายงานการประชุม.pdf")
    lines = minutes(run.checked.data, run.results)
    pages = _print(
        [lines_grid(MINUTES_DOC, lines)], out, True, run.checked.data.settings.thai_digits
    )
    return Printed(out, pages, 5, run)


def build_certificates(
    master: Path, out_pdf: Path | None = None, district: str | None = None
) -> Printed:
    """เกียรติบัตร, one landscape A4 page per certified unit (decision รับรอง in ผลการรับรอง),
    for the whole province or one district (code or name)."""
    from .compute.paperwork import certificates
    from .pipeline import evaluate
    from .render_paper import certificates_grid

    master = Path(master)
    run = evaluate(master)
    data, results = run.checked.data, run.results
    certs = certificates(data.settings, results.order + results.absent, results.certification)
    chosen = None
    if district:
        chosen = next((d for d in data.districts if district in (d.code, d.name)), None)
        if chosen is None:
            raise FatalError(issue("TPL_005", file=master.name, value=district))
        certs = [c for c in certs if c.district_code == chosen.code]
    if not certs:
        raise FatalError(issue("CRT_001", file=master.name))
    suffix = f"-{chosen.code}-{chosen.name}" if chosen else ""
    out = Path(out_pdf) if out_pdf else master.with_name(f"{master.stem}-เกียรติบัตร{suffix}.pdf")
    pages = _print([certificates_grid(certs)], out, False, data.settings.thai_digits)
    return Printed(out, pages, len(certs), run)


__all__ = ["Printed", "build_certificates", "build_minutes"]

"""LibreOffice headless as the word processor and the printer: Word documents and workbooks to
PDF, PDFs merged, pages numbered.

Fonts: documents and sheets ask for TH SarabunPSK 16 pt, the official government font. Its
files ship with the package (``mchch_xl/fonts``, DIP/SIPA licence); a private fontconfig gives
them to LibreOffice, so the PDF embeds TH SarabunPSK itself, never a silent fallback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mchch_xl.domain.issues import FatalError, IssueCode, issue
from mchch_xl.files.store import not_a_folder
from mchch_xl.layout.fontwidths import FAMILY, FONTS_DIR

# names a province may have typed in a template for the same design
THAI_FAMILIES = ("TH Sarabun New", "TH SarabunIT๙", "Sarabun")
WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if exe := shutil.which(name):
            return exe
    if sys.platform == "win32":
        for exe in WINDOWS_SOFFICE:
            if Path(exe).exists():
                return exe
    raise FatalError(issue(IssueCode.PKT_001))


def font_env(tmp: Path) -> dict[str, str]:
    """Environment for LibreOffice with a private fontconfig holding the shipped TH SarabunPSK
    files (no effect on Windows, where LibreOffice uses the system's fonts)."""
    env = dict(os.environ)
    if sys.platform == "win32":
        return env
    aliases = "".join(
        f'<alias binding="strong"><family>{f}</family><prefer><family>{FAMILY}'
        f"</family></prefer></alias>"
        for f in THAI_FAMILIES
    )
    # Column widths are in units of the workbook's default font (Calibri 11) digit. Without
    # Calibri, fontconfig gives DejaVu Sans, whose digits are 25 % wider: every column grows and
    # fit-to-width prints 16 pt text at about 12 pt. Norasi (fonts-thai-tlwg) has Calibri's
    # digit width (0.50 em against 0.507 em), so pages print at the size Excel would.
    aliases += (
        '<alias binding="strong"><family>Calibri</family><prefer><family>Norasi</family>'
        "</prefer></alias>"
    )
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS_DIR}</dir><cachedir>{tmp / 'fc-cache'}</cachedir>{aliases}</fontconfig>",
        encoding="utf-8",
    )
    env["FONTCONFIG_FILE"] = str(conf)
    return env


def to_pdfs(sources: list[Path], out_dir: Path, timeout: int = 300) -> list[Path]:
    """Print documents (.docx) and workbooks (.xlsx) to PDF with LibreOffice headless, all in
    one start (throwaway profile, private fonts): ``out_dir/<stem>.pdf`` for each source.
    LibreOffice breaks the Thai lines and paginates; nothing here lays out text."""
    exe = find_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cmd = [
            exe,
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            *map(str, sources),
        ]
        done = subprocess.run(cmd, env=font_env(tmp), capture_output=True, timeout=timeout)
        out = []
        for src in sources:
            made = tmp / (src.stem + ".pdf")
            if done.returncode or not made.exists():
                raise FatalError(
                    issue(
                        IssueCode.PKT_002,
                        detail=done.stderr.decode(errors="replace")[-300:],
                        detail_en=f"LibreOffice made no PDF of {src.name}",
                    )
                )
            target = out_dir / made.name
            shutil.move(made, target)
            out.append(target)
    return out


PAGE_NUMBER_TOP_CM = 1.3  # the baseline of "- ๒ -", centred in the header area (ระเบียบงานสารบรรณ)


def number_pages(pdf: Path, thai: bool = True, first: int = 2) -> int:
    """Number the pages "- ๒ -", "- ๓ -", … centred at the top from page ``first`` on, as a
    letter's continuation pages are numbered, in the setting's numerals and TH SarabunPSK 16 pt
    (embedded). LibreOffice reads Word's ``PAGE \\* ThaiArabic`` field as Thai letters (ก ข ค),
    so the PDFs are numbered here; the .docx files keep the field for Word. Returns the number
    of pages."""
    import io

    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from mchch_xl.domain.thai import digits
    from mchch_xl.layout.fontwidths import font_path

    if "THSarabunPSK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("THSarabunPSK", str(font_path())))
    writer = PdfWriter(clone_from=str(pdf))
    for n, page in enumerate(writer.pages, start=1):
        if n < first:
            continue
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(width, height), initialFontName="THSarabunPSK")
        c.setFont("THSarabunPSK", 16)
        c.drawCentredString(
            width / 2, height - PAGE_NUMBER_TOP_CM / 2.54 * 72, f"- {digits(n, thai)} -"
        )
        c.save()
        buf.seek(0)
        page.merge_page(PdfReader(buf).pages[0])
    _write_atomic(writer, pdf)
    return len(writer.pages)


def merge(parts: list[Path], out_pdf: Path) -> int:
    """One PDF of ``parts`` in order; returns its number of pages."""
    from pypdf import PdfWriter

    not_a_folder(out_pdf)
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(writer, out_pdf)
    return len(writer.pages)


def _write_atomic(writer, pdf: Path) -> None:
    tmp = pdf.with_name(pdf.name + ".tmp")
    with open(tmp, "wb") as f:
        writer.write(f)
    os.replace(tmp, pdf)

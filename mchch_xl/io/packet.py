"""The meeting packet: one PDF of the agenda, the presentation order, one RSVP form per district
and the results, printed by LibreOffice headless from a workbook of those sheets.

Fonts: the sheets ask for the settings' font (TH SarabunPSK, the official government font).
Where it is not installed, a private fontconfig maps it to the open Sarabun family shipped by
the ``fontpkg-sarabun`` package, so the PDF embeds a Thai font, never a silent Latin fallback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..issues import FatalError, issue
from .files import not_a_folder

THAI_FAMILIES = ("TH SarabunPSK", "TH Sarabun New", "Sarabun", "TH SarabunIT๙")
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
    raise FatalError(issue("PKT_001"))


def sarabun_dir() -> Path | None:
    try:
        import fontpkg_sarabun
    except ImportError:
        return None
    folder = Path(fontpkg_sarabun.__file__).parent / "files"
    return folder if folder.is_dir() else None


def font_env(tmp: Path) -> dict[str, str]:
    """Environment for LibreOffice with a private fontconfig that maps the TH Sarabun names to
    the open Sarabun font (no effect on Windows, where LibreOffice uses the system's fonts)."""
    env = dict(os.environ)
    folder = sarabun_dir()
    if folder is None or sys.platform == "win32":
        return env
    aliases = "".join(
        f'<alias binding="strong"><family>{f}</family><prefer><family>Sarabun'
        f"</family></prefer></alias>"
        for f in THAI_FAMILIES[:2]
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
        f"<dir>{folder}</dir><cachedir>{tmp / 'fc-cache'}</cachedir>{aliases}</fontconfig>",
        encoding="utf-8",
    )
    env["FONTCONFIG_FILE"] = str(conf)
    return env


def to_pdf(xlsx: Path, out_pdf: Path, timeout: int = 300) -> Path:
    """Print a workbook to PDF with LibreOffice headless (throwaway profile, private fonts).
    A folder as ``out_pdf`` is refused before anything is printed (a move would put the PDF
    inside it)."""
    not_a_folder(out_pdf)
    exe = find_soffice()
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
            str(xlsx),
        ]
        done = subprocess.run(cmd, env=font_env(tmp), capture_output=True, timeout=timeout)
        made = tmp / (xlsx.stem + ".pdf")
        if done.returncode or not made.exists():
            raise FatalError(
                issue(
                    "PKT_002",
                    detail=done.stderr.decode(errors="replace")[-300:],
                    detail_en="LibreOffice made no PDF",
                )
            )
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(made, out_pdf)
    return out_pdf


def stamp_page_numbers(pdf: Path, thai: bool = True) -> int:
    """Number the pages "- ๑ -", "- ๒ -", … at the foot, in Thai numerals (xlsx page fields can
    only print Arabic digits). Drawn in Sarabun, embedded; returns the number of pages."""
    import io

    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from ..thai import digits

    folder = sarabun_dir()
    if folder is None:
        return 0
    if "Sarabun" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Sarabun", str(folder / "Sarabun-Regular.ttf")))
    writer = PdfWriter(clone_from=str(pdf))
    for n, page in enumerate(writer.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        buf = io.BytesIO()
        c = canvas.Canvas(
            buf, pagesize=(width, height), initialFontName="Sarabun", initialFontSize=14
        )
        c.setFont("Sarabun", 14)
        c.drawCentredString(width / 2, 40, f"- {digits(n, thai)} -")
        c.save()
        buf.seek(0)
        page.merge_page(PdfReader(buf).pages[0])
    tmp = pdf.with_name(pdf.name + ".tmp")
    with open(tmp, "wb") as f:
        writer.write(f)
    os.replace(tmp, pdf)
    return len(writer.pages)

"""The officer's guide's pictures, made from the demo so that they stay current.

    python docs/pictures.py [OUT_DIR]        (default: docs/pictures/)

Walks one year on the Chiang Rai 2568 demo in a temporary folder, with the command line as an
officer would use it: a new master, the demo, a district form filled and imported with one
mistake, the packet, a secretary's decisions typed into the results sheet and recalculated, the
Word documents, the minutes, the certificates and the next year. Each sheet the guide shows is
printed alone by LibreOffice (the other sheets hidden in a copy, so that the sheet prints as it
would from Excel), each page to PNG by pdftoppm at 80 dpi. Needs LibreOffice and poppler.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # the package and tests.fill of this checkout, not an installed copy

import openpyxl  # noqa: E402

DPI = 80
COLOURS = 64  # a palette keeps a page of text near 50 kB


@dataclass(frozen=True)
class Picture:
    """One picture of the guide: ``name``.png is page ``page`` of ``sheet`` in ``source`` (a
    workbook), or of ``source`` itself (a document or a PDF) when ``sheet`` is empty, cut to
    what is printed on it."""

    name: str
    source: str
    sheet: str = ""
    page: int = 1
    dpi: int = DPI  # more for a wide sheet that prints small


# The year, step by step, as docs/คู่มือ.md shows it. Sources are file names in the work folder.
PICTURES = [
    Picture("01-new", "master-2568.xlsx", "อำเภอ"),
    Picture("02-settings", "demo-2568.xlsx", "ตั้งค่า"),
    Picture("03-indicators", "demo-2568.xlsx", "ตัวชี้วัด"),
    Picture("03-criteria", "demo-2568.xlsx", "เกณฑ์ผลการประเมิน"),
    Picture("04-form", "2568-5707-แม่จัน.xlsx", "คะแนน-ผู้นำชุมชน"),
    Picture("05-import-checked", "2568-5707-แม่จัน-ตรวจแล้ว.xlsx", "ปัญหาที่พบ", dpi=150),
    Picture("05-import-history", "เชียงราย-2568.xlsx", "ประวัติการนำเข้า", dpi=150),
    Picture("06-overview", "เชียงราย-2568.xlsx", "ภาพรวม", dpi=150),
    Picture("06-status", "เชียงราย-2568.xlsx", "ปัญหาข้อมูล", dpi=150),
    Picture("06-counts", "demo-2568.xlsx", "สรุปจำนวน"),
    Picture("07-order", "demo-2568.xlsx", "ลำดับการนำเสนอ"),
    Picture("08-packet-letter", "packet.pdf", page=1),
    Picture("08-packet-rsvp", "demo-2568.xlsx", "แบบตอบรับ"),
    Picture("09-meeting", "decided.xlsx", "ผลการรับรอง"),
    Picture("10-decisions", "decided.xlsx", "ประกาศรับรอง"),
    Picture("11-minutes", "minutes.pdf", page=1),
    Picture("11-announcement", "ประกาศผลการรับรอง.docx", page=1),
    Picture("12-certificate", "certificates.pdf", page=1),
    Picture("13-next-year", "master-2569.xlsx", "ประวัติการรับรอง"),
]


def cli(*args: str | Path, ok: tuple[int, ...] = (0,)) -> str:
    """Run ``mchch-xl`` as an officer would; exit 1 (issues reported) only where expected."""
    done = subprocess.run(
        [sys.executable, "-m", "mchch_xl", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if done.returncode not in ok:
        raise SystemExit(f"mchch-xl {' '.join(map(str, args))}: {done.returncode}\n{done.stderr}")
    return done.stdout


def column(ws, header: str, row: int = 2) -> int:
    return next(c for c in range(1, ws.max_column + 1) if ws.cell(row, c).value == header)


def decide(master: Path, out: Path) -> Path:
    """The meeting as a secretary records it in Excel: the districts' replies, the committee's
    decision on each passed candidate (one sent back for improvement), the agenda's
    resolutions. Then the file is saved, as Excel would."""
    wb = openpyxl.load_workbook(master)
    ws = wb["ติดตามการตอบรับ"]
    reply, name = column(ws, "การตอบรับ"), column(ws, "ผู้เข้าร่วม")
    for r in range(3, ws.max_row + 1):
        if ws.cell(r, 2).value:
            ws.cell(r, reply).value = "มอบผู้แทน" if r % 7 == 0 else "เข้าร่วม"
            ws.cell(r, name).value = f"พัฒนาการอำเภอ{ws.cell(r, 3).value}"
    ws = wb["ผลการรับรอง"]
    result, decision, note = (column(ws, h) for h in ("ผลการประเมิน", "มติที่ประชุม", "หมายเหตุมติ"))
    for n, r in enumerate(range(3, ws.max_row + 1)):
        if ws.cell(r, result).value == "ผ่าน":
            ws.cell(r, decision).value = "ให้ปรับปรุง" if n == 5 else "รับรอง"
            if n == 5:
                ws.cell(r, note).value = "เพิ่มหลักฐาน"
        elif ws.cell(r, result).value:
            ws.cell(r, decision).value = "ไม่รับรอง"
    ws = wb["มติการประชุม"]
    said = column(ws, "มติที่ประชุม")
    for r, text in zip(
        range(3, ws.max_row + 1),
        ("รับทราบ", "รับรองรายงานการประชุม", "รับทราบ", "รับรองตามที่คณะกรรมการอำเภอเสนอ", "ไม่มี"),
    ):
        ws.cell(r, said).value = text
    wb.save(out)
    return out


def one_sheet(book: Path, sheet: str, out: Path) -> Path:
    """A copy of ``book`` with every sheet but ``sheet`` hidden (workbook.xml only; every other
    part is copied byte for byte), so LibreOffice prints that sheet alone."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        xml = src.read("xl/workbook.xml").decode("utf-8")
        tags = re.findall(r"<sheet\b[^>]*>", xml)
        names = [html.unescape(re.search(r'\bname="([^"]*)"', t).group(1)) for t in tags]
        if sheet not in names:
            raise SystemExit(f"{book.name}: no sheet {sheet!r} (has {names})")
        for tag, name in zip(tags, names):
            state = "visible" if name == sheet else "hidden"
            new = re.sub(r'\s+state="[^"]*"', "", tag).replace(
                "<sheet ", f'<sheet state="{state}" '
            )
            xml = xml.replace(tag, new, 1)
        xml = re.sub(r'\b(activeTab|firstSheet)="\d+"', rf'\1="{names.index(sheet)}"', xml)
        for item in src.infolist():
            data = xml.encode("utf-8") if item.filename == "xl/workbook.xml" else src.read(item)
            dst.writestr(item, data)
    return out


def png(pdf: Path, page: int, out: Path, dpi: int = DPI, footer: bool = False) -> Path:
    """Page ``page`` of ``pdf`` as a palette PNG at ``dpi``, cut to its print and a margin;
    with ``footer``, the sheet's page-number footer is cut off too."""
    from PIL import Image, ImageChops

    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile"]
        + [str(pdf), str(out.with_suffix(""))],
        check=True,
    )
    image = Image.open(out).convert("RGB")
    ink = ImageChops.difference(image, Image.new("RGB", image.size, "white")).convert("L")
    box = ink.getbbox()
    if footer and box:  # the lowest line of print is the footer: cut above it
        rows = [ink.crop((0, y, image.width, y + 1)).getbbox() is not None for y in range(box[3])]
        y = box[3] - 1
        while y > 0 and rows[y]:
            y -= 1
        box = ink.crop((0, 0, image.width, y)).getbbox() or box
    if box:
        pad = dpi // 4
        image = image.crop(
            (
                max(box[0] - pad, 0),
                max(box[1] - pad, 0),
                min(box[2] + pad, image.width),
                min(box[3] + pad, image.height),
            )
        )
    image.quantize(COLOURS).save(out, optimize=True)
    return out


def year(work: Path) -> None:
    """The year's files in ``work``, made with the command line."""
    from mchch_xl.flows.pipeline import evaluate
    from tests.fill import fill

    cli("new", "--province", "เชียงราย", "--year", "2568", "--out", work / "master-2568.xlsx")
    cli("demo", "--out", work)
    demo = work / "demo-2568.xlsx"
    # a district's form, filled as the district would, with one score out of its range
    cli("templates", demo, "--out", work, "--district", "5707")
    form = work / "2568-5707-แม่จัน.xlsx"
    fill(form, evaluate(demo).checked.data, "5707")
    wb = openpyxl.load_workbook(form)
    wb["คะแนน-ผู้นำชุมชน"]["E3"] = 7
    wb.save(form)
    imported = shutil.copy(demo, work / "เชียงราย-2568.xlsx")
    cli("import", imported, form, "--annotated", work, ok=(1,))
    cli("packet", demo, "--out", work / "packet.pdf")
    decided = decide(demo, work / "decided.xlsx")
    cli("recalc", decided)
    cli("documents", decided, "--out", work)
    cli("minutes", decided, "--out", work / "minutes.pdf")
    cli("certificates", decided, "--out", work / "certificates.pdf")
    cli("new", "--from", decided, "--year", "2569", "--out", work / "master-2569.xlsx")


def make(out_dir: Path) -> list[Path]:
    """Every picture of PICTURES in ``out_dir``; returns their paths."""
    from mchch_xl.files.packet import to_pdfs

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work, prints = Path(tmp) / "work", Path(tmp) / "prints"
        work.mkdir()
        (prints / "in").mkdir(parents=True)
        year(work)
        sources = {}
        for p in PICTURES:
            src = work / p.source
            if p.sheet:
                sources[p.name] = one_sheet(src, p.sheet, prints / "in" / f"{p.name}.xlsx")
            elif src.suffix != ".pdf":
                sources[p.name] = shutil.copy(src, prints / "in" / f"{p.name}{src.suffix}")
        pdfs = dict(zip(sources, to_pdfs(list(sources.values()), prints)))
        return [
            png(
                pdfs.get(p.name) or work / p.source,
                p.page,
                out_dir / f"{p.name}.png",
                p.dpi,
                bool(p.sheet),
            )
            for p in PICTURES
        ]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "pictures"
    for path in make(target):
        print(path)

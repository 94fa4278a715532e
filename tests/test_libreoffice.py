"""Outputs as a user meets them: LibreOffice headless opens the master, prints it to PDF, and
what it shows is what we computed. Skips on a laptop without LibreOffice, never in CI."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest

from mchch_xl.domain import schema
from mchch_xl.flows.pipeline import evaluate
from tests.conftest import soffice

pytestmark = pytest.mark.libreoffice


def convert(src: Path, fmt: str, out: Path, tmp: Path) -> Path:
    """LibreOffice as on an office PC: TH SarabunPSK installed (the national font every
    government machine has; here the package's copy, through a private fontconfig)."""
    from mchch_xl.files.packet import font_env

    exe = soffice()
    profile = (tmp / "lo-profile").as_uri()
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=font_env(tmp),
    )
    ext = fmt.split(":")[0]
    produced = sorted(out.glob(f"{src.stem}*.{ext}"))  # CSV with option -1: one file a sheet
    assert produced, f"LibreOffice made no {ext}"
    return produced[0]


@pytest.fixture(scope="module")
def pdf(demo_file, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("lo")
    return convert(demo_file, "pdf", tmp / "out", tmp)


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def test_pdf_is_a4_and_thai_text_is_intact(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = _text(pdf)
    assert "ลำดับการนำเสนอข้อมูลเพื่อสนับสนุนการพัฒนาระบบมาตรฐานการพัฒนาชุมชน (มชช.)" in text
    assert "๑ พฤษภาคม ๒๕๖๘" in text
    assert "๐๙.๐๐ น." in text or "๐๙.๐๐ - ๐๙.๑๕ น." in text
    assert "๑๔.๑๕ - ๑๔.๓๐ น." in text
    assert text.count("แบบตอบรับเข้าร่วม") >= 18
    for name in ("แม่จัน", "แม่ฟ้าหลวง", "เวียงเชียงรุ้ง"):
        assert name in text


def test_order_page_has_the_seed_rows(pdf):
    pages = _text(pdf).split("\f")
    page = next(p for p in pages if "ลำดับการนำเสนอข้อมูล" in p and "เวลานำเสนอ" in p)
    rows = [line.split() for line in page.splitlines()]
    assert ["๑", "แม่จัน", "๓", "๒", "๑", "๒", "๘", "๐๙.๐๐", "-", "๐๙.๑๕", "น."] in rows
    assert ["๑๒", "แม่ลาว", "๑๔", "๑", "๑", "๑", "๑๗", "๑๑.๔๕", "-", "๑๒.๐๐", "น."] in rows
    assert ["รวม", "๗๑", "๒๔", "๑๔", "๒๐", "๑๒๙"] in rows


def test_what_libreoffice_reads_equals_our_totals(demo_file, tmp_path):
    """LibreOffice's own reading of the summary sheet (as CSV) equals the computed counts."""
    out = convert(
        demo_file,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        tmp_path / "csv",
        tmp_path,
    )
    sheets = {p.name: p for p in out.parent.glob("*.csv")}
    summary = next(p for n, p in sheets.items() if schema.SUMMARY.title in n)
    rows = list(csv.reader(summary.open(encoding="utf-8")))
    body = [r for r in rows[2:] if r and r[0]]
    run = evaluate(demo_file)
    want = {
        c.code: [str(c.counts[k]) for k in c.counts] + [str(c.total)] for c in run.results.counts
    }
    assert {r[0]: r[3:8] for r in body} == want
    total = next(r for r in rows if len(r) > 1 and r[1] == "รวม")
    assert total[3:8] == ["71", "24", "14", "20", "129"]


def test_rendered_order_page_png(pdf, tmp_path):
    """Render the presentation-order page as a PNG (kept for a person to look at)."""
    pages = _text(pdf).split("\f")
    n = next(i for i, p in enumerate(pages, start=1) if "ลำดับการนำเสนอข้อมูล" in p)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            str(n),
            "-l",
            str(n),
            str(pdf),
            str(tmp_path / "order"),
        ],
        check=True,
    )
    png = next(tmp_path.glob("order*.png"))
    assert png.stat().st_size > 10_000

"""The meeting packet as a person meets it: one PDF, pages in order, A4, Thai fonts embedded,
the seed's rows and fields in its text, and no text too wide for its cell."""

from __future__ import annotations

import io
import math
import re
import subprocess
from pathlib import Path

import pytest

from mchch_xl.cli.commands import main
from mchch_xl.flows.pipeline import evaluate
from mchch_xl.layout import sheets as render
from mchch_xl.layout.grid import CELL_PADDING_PT, LINE_EM, column_points
from tests.conftest import soffice

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def packet(demo_file, tmp_path_factory) -> Path:
    soffice()
    out = tmp_path_factory.mktemp("packet") / "packet.pdf"
    code = main(["packet", str(demo_file), "--out", str(out)], out=io.StringIO(), err=io.StringIO())
    assert code == 0 and out.exists()
    return out


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def test_pages_in_order(packet):
    """The letter (one page), the agenda, the presentation order, one RSVP form per district,
    the results."""
    pages = _pages(packet)
    agenda_at = next(i for i, p in enumerate(pages) if "ระเบียบวาระการประชุม" in p)
    order_pages = [i for i, p in enumerate(pages) if "ลำดับการนำเสนอข้อมูลเพื่อสนับสนุนการพัฒนา" in p]
    rsvp_pages = [i for i, p in enumerate(pages) if "แบบตอบรับเข้าร่วม" in p]
    result_pages = [i for i, p in enumerate(pages) if "หมายเหตุมติ" in p]  # its repeated header
    assert agenda_at == 1
    assert "ขร ๐๐๑๙.๒/ว ๐๐๙๖" in pages[0] and "ขอแสดงความนับถือ" in pages[0]
    agenda_pages = list(range(1, order_pages[0]))
    assert "ระเบียบวาระที่ ๕" in pages[agenda_pages[-1]] and len(agenda_pages) <= 3
    assert len(order_pages) == 1
    first = order_pages[-1] + 1
    assert rsvp_pages == list(range(first, first + 18))
    assert result_pages == list(range(first + 18, len(pages)))
    districts = [d.name for d in evaluate_demo_order()]
    for page, name in zip(rsvp_pages, districts):
        assert f"อำเภอ{name}" in pages[page]  # one form per page, in presentation order


def evaluate_demo_order():
    import tempfile

    from mchch_xl.flows.pipeline import demo_master

    with tempfile.TemporaryDirectory() as tmp:
        return evaluate(demo_master(Path(tmp)).path).results.order


def test_a4_and_thai_fonts_embedded(packet):
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(packet)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert sizes and all({round(float(w)), round(float(h))} == {595, 842} for w, h in sizes)
    fonts = subprocess.run(
        ["pdffonts", str(packet)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:  # TH SarabunPSK itself, no fallback face, embedded
        assert line.split()[0].split("+")[-1] in ("THSarabunPSK", "THSarabunPSK-Bold"), line
        assert line.split()[-5] == "yes", line


def test_text_has_the_seed_rows_times_and_form_fields(packet):
    text = "\n".join(_pages(packet))
    rows = [line.split() for line in text.splitlines()]
    assert ["๑", "แม่จัน", "๓", "๒", "๑", "๒", "๘", "๐๙.๐๐", "-", "๐๙.๑๕", "น."] in rows
    assert ["๑๓", "เวียงเชียงรุ้ง", "๓", "๐", "๑", "๑", "๕", "๑๓.๐๐", "-", "๑๓.๑๕", "น."] in rows
    assert ["รวม", "๗๑", "๒๔", "๑๔", "๒๐", "๑๒๙"] in rows
    flat = re.sub(r"\s+", " ", text)
    for field in (
        "แบบตอบรับเข้าร่วม",
        "ชื่อ - สกุล",
        "ตำแหน่ง",
        "สังกัด",
        "โทรศัพท์",
        "โทรสาร",
        "มือถือ",
        "อีเมลล์",
        "สามารถเข้าร่วมการประชุม",
        "โดยขอมอบหมายให้ (แทน)",
        "ลงชื่อ",
        "วันที่",
        "ภายในวันที่ ๒๘ เมษายน ๒๕๖๘",
        "ID Line",
        "ผู้ประสานงาน",
        "วันพฤหัสบดีที่ ๑ พฤษภาคม ๒๕๖๘",
    ):
        assert field in flat, field


def _font_width():
    """Width in points of a text at a size, from TH SarabunPSK's own advance widths (fontTools
    reading the shipped files, not the product's table)."""
    from fontTools.ttLib import TTFont

    from mchch_xl.layout.fontwidths import font_path

    faces = {bold: TTFont(str(font_path(bold))) for bold in (False, True)}

    def width(text: str, size: float, bold: bool = False) -> float:
        font = faces[bold]
        cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        return sum(hmtx[cmap[ord(c)]][0] for c in text if ord(c) in cmap) * size / upm

    return width


def test_every_cell_fits_at_the_printed_font(demo_file):
    """For each cell of the packet's sheets: its text, wrapped in its column (or merged columns)
    at TH SarabunPSK's real widths, needs no more height than the row has."""
    run = evaluate(demo_file)
    assert_cells_fit([g for part in render.packet_grids(run.checked, run.results) for g in part])


def assert_cells_fit(grids) -> None:
    from mchch_xl.files.writer import STYLES

    width = _font_width()
    for grid in grids:
        spans = {
            (r1, c1): sum(grid.widths[c - 1] for c in range(c1, c2 + 1))
            for r1, c1, r2, c2 in grid.merges
        }
        tall = {
            (r1, c1): sum(grid.heights.get(r, 15) for r in range(r1, r2 + 1))
            for r1, c1, r2, c2 in grid.merges
        }
        covered = {
            (r, c)
            for r1, c1, r2, c2 in grid.merges
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
        } - set(spans)
        for r, row in enumerate(grid.values, start=1):
            for c, value in enumerate(row, start=1):
                if value in (None, "") or (r, c) in covered:
                    continue
                font, align, *_ = STYLES[grid.styles.get((r, c), "body")]
                size, bold = font.sz, bool(font.b)
                cols = spans.get((r, c), grid.widths[c - 1] if c <= len(grid.widths) else 8.43)
                room = column_points(cols) - CELL_PADDING_PT
                need = width(str(value), size, bold)
                if not align.wrap_text:
                    # a note may run on over empty cells to its right
                    free = sum(
                        grid.widths[i - 1]
                        for i in range(c + 1, len(grid.widths) + 1)
                        if i > len(row) or row[i - 1] in (None, "")
                    )
                    assert need <= column_points(cols + free), (
                        grid.sheet.title,
                        r,
                        c,
                        value,
                    )
                    continue
                lines = math.ceil(need / room)
                height = tall.get((r, c), grid.heights.get(r, 15))
                assert lines * LINE_EM * size <= height + 0.5, (
                    grid.sheet.title,
                    r,
                    c,
                    value,
                    lines,
                    height,
                )


def test_pages_render_as_png(packet, tmp_path):
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "3", str(packet), str(tmp_path / "page")],
        check=True,
    )
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == 2 and all(p.stat().st_size > 5_000 for p in pngs)


def test_missing_libreoffice_is_a_thai_error(demo_file, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    err = io.StringIO()
    code = main(
        ["packet", str(demo_file), "--out", str(tmp_path / "x.pdf")], out=io.StringIO(), err=err
    )
    assert (
        code == 2
        and "ไม่พบโปรแกรม LibreOffice" in err.getvalue()
        and "Traceback" not in err.getvalue()
    )


def test_summary_has_native_charts_over_its_cells(demo_file):
    import zipfile

    from lxml import etree

    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    cats = "'สรุปจำนวน'!$B$3:$B$20"  # district rows 3-20 (the รวม row is left out)
    with zipfile.ZipFile(demo_file) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 2
        stacked, passed = (etree.fromstring(z.read(n)) for n in charts)
    assert stacked.find(f".//{c}grouping").get("val") == "stacked"
    assert [f.text for f in stacked.iter(f"{c}f")] == [
        x for col in "DEFG" for x in (f"'สรุปจำนวน'!{col}2", cats, f"'สรุปจำนวน'!${col}$3:${col}$20")
    ]  # the four types
    assert passed.find(f".//{c}grouping").get("val") == "clustered"
    assert [f.text for f in passed.iter(f"{c}f")] == [
        x for col in "HJ" for x in (f"'สรุปจำนวน'!{col}2", cats, f"'สรุปจำนวน'!${col}$3:${col}$20")
    ]


def test_each_part_is_numbered_from_its_second_page_in_thai_numerals(packet):
    """ "- ๒ -" at the top of each page after a part's first (the agenda's second page, the
    results' pages after the first); the letter, the order table and each RSVP form (returned
    on its own) carry none."""
    from mchch_xl.domain.thai import to_thai_digits

    pages = _pages(packet)
    tops = [next(line for line in p.splitlines() if line.strip()).replace(" ", "") for p in pages]
    order = next(i for i, p in enumerate(pages) if "ลำดับการนำเสนอข้อมูลเพื่อสนับสนุนการพัฒนา" in p)
    results = next(i for i, p in enumerate(pages) if "หมายเหตุมติ" in p)
    numbered = [i for i, top in enumerate(tops) if re.fullmatch(r"-[๐-๙]+-", top)]
    expected = list(range(2, order)) + list(range(results + 1, len(pages)))
    assert numbered == expected
    for i in range(2, order):
        assert tops[i] == f"-{to_thai_digits(i)}-"
    for i in range(results + 1, len(pages)):
        assert tops[i] == f"-{to_thai_digits(i - results + 1)}-"


def test_every_id_and_percentage_is_whole_on_one_line(demo_file, packet):
    """No candidate id or percentage is broken over two lines anywhere in the packet."""
    from mchch_xl.domain.thai import to_thai_digits

    summary = evaluate(demo_file)
    text = subprocess.run(
        ["pdftotext", str(packet), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = text.splitlines()
    words = {w for line in lines for w in line.split()}
    ids = [c.id for c in summary.checked.data.candidates]
    percents = [
        to_thai_digits(f"{round(e.percent, 2):g}")
        for e in summary.results.certification.evaluations
        if e.percent is not None
    ]
    assert [i for i in ids if i not in words] == []
    assert [p for p in set(percents) if p not in words] == []

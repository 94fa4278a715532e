"""Recalculation saves a master by splicing its output sheets into the package (io/splice.py,
io/sheetxml.py) instead of loading and saving the whole workbook with openpyxl. The two paths
must give the same workbook: every cell's value and format, merges, validations, widths,
heights, print set-up, protection, visibility, charts and defined names; the input sheets'
bytes stay as they were; the file passes the schema check and opens in LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mchch_xl.domain import schema
from mchch_xl.files import splice
from mchch_xl.files.ooxml_check import check_file
from mchch_xl.files.sheetxml import Unsupported
from mchch_xl.flows import pipeline
from tests.conftest import records, set_emblem, soffice
from tests.provinces import enter_decisions
from tests.test_ooxml_check import SCHEMAS, long_master
from tests.test_workbook_golden import contents


def snapshot(path: Path) -> dict:
    """``contents`` plus what it leaves out: protection, hidden columns, visibility, the
    validations' messages, print fitting and footer, filters, frozen panes and charts."""
    out = contents(path)
    for title in out["sheets"]:  # a fill's alpha (Excel ignores it) and wrap "0" vs absent
        out[title]["cells"] = {
            ref: (
                *cell[:6],
                cell[6][-6:] if isinstance(cell[6], str) else cell[6],
                cell[7],
                bool(cell[8]),
            )
            for ref, cell in out[title]["cells"].items()
        }
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        out[ws.title]["more"] = {
            "protected": ws.protection.sheet,
            "hidden_cols": sorted(k for k, d in ws.column_dimensions.items() if d.hidden),
            "state": ws.sheet_state,
            "validations": sorted(
                (
                    str(dv.sqref),
                    dv.type,
                    dv.operator,
                    dv.formula1,
                    dv.formula2,
                    dv.prompt,
                    dv.promptTitle,
                    dv.error,
                    dv.errorTitle,
                    dv.errorStyle,
                    dv.allow_blank,
                    dv.showErrorMessage,
                    dv.showInputMessage,
                )
                for dv in ws.data_validations.dataValidation
            ),
            "print": (
                ws.page_setup.fitToHeight,
                ws.page_setup.fitToWidth,
                ws.page_setup.scale,
                ws.sheet_properties.pageSetUpPr.fitToPage,
                ws.print_options.horizontalCentered,
                ws.oddFooter.center.text,
                ws.oddFooter.center.font,
                [round(getattr(ws.page_margins, s), 6) for s in ("right", "top", "bottom")],
            ),
            "filter": ws.auto_filter.ref,
            "protection": sorted(
                (c.coordinate, c.protection.locked, c.quotePrefix)
                for row in ws.iter_rows()
                for c in row
                if c.has_style
            ),
            "borders": sorted(
                (
                    c.coordinate,
                    *(getattr(c.border, s).style for s in ("left", "right", "top", "bottom")),
                )
                for row in ws.iter_rows()
                for c in row
                if c.has_style
            ),
            "charts": [
                (
                    ch.anchor._from.row,
                    ch.anchor._from.col,
                    ch.anchor.ext.height if hasattr(ch.anchor, "ext") else None,
                    ch.grouping,
                    [(_ref(s.tx), _ref(s.cat), _ref(s.val)) for s in ch.series],
                )
                for ch in ws._charts
            ],
            "images": [
                (
                    img.anchor._from.row,
                    img.anchor._from.col,
                    img.anchor._from.colOff,
                    img.anchor.ext.width,
                    img.anchor.ext.height,
                    img.format,
                    img._data(),
                )
                for img in ws._images
            ],
        }
    return out


def _ref(data) -> str | None:
    """A chart series' title, categories or values: the cells they refer to."""
    for kind in ("strRef", "numRef"):
        ref = getattr(data, kind, None)
        if ref is not None:
            return ref.f
    return None


def both_ways(master: Path, tmp: Path, monkeypatch) -> tuple[Path, Path]:
    """The master recalculated by splicing and by the openpyxl path (copies)."""
    spliced, full = tmp / "spliced" / master.name, tmp / "full" / master.name  # same name
    spliced.parent.mkdir()
    full.parent.mkdir()
    shutil.copy(master, spliced)
    shutil.copy(master, full)
    calls = []
    real = splice.write
    monkeypatch.setattr(splice, "write", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    pipeline.recalc(spliced, keep_backup=False)
    assert calls == [spliced], "the recalculation did not splice"
    monkeypatch.setattr(pipeline, "_spliced", lambda *a: False)
    pipeline.recalc(full, keep_backup=False)
    monkeypatch.undo()
    return spliced, full


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def decided(demo: Path) -> Path:
    enter_decisions(demo)
    return demo


def blank(tmp: Path) -> Path:
    from mchch_xl.cli.commands import main

    out = tmp / "blank.xlsx"
    assert main(["new", "--province", "น่าน", "--year", "2569", "--out", str(out)]) == 0
    return out


def hostile(demo: Path) -> Path:
    """Text that would be a formula, control characters, 32,767 characters, a bad decision."""
    from tests.conftest import edit

    long_name = "ก" * 40_000
    edit(
        demo,
        {
            schema.CANDIDATES.title: {"D3": '=HYPERLINK("http://x","y")', "D4": long_name},
            schema.DISTRICTS.title: {"B3": "+66 81 234 5678"},
            schema.RESULTS.title: {"L3": "รับรอ"},
        },
    )
    return demo


def scaled(tmp: Path) -> Path:
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import scaled as sc

    return sc.create(tmp / "x1.xlsx", sc.scaled_tables(18, 1, 5), 18)


def emblem(demo: Path, tmp: Path) -> Path:
    """The letter with the emblem (a picture on the letter sheet)."""
    set_emblem(demo, tmp)
    return demo


MASTERS = {
    "emblem": lambda demo, tmp: emblem(demo, tmp),
    "demo": lambda demo, tmp: demo,
    "decided": lambda demo, tmp: decided(demo),
    "long": lambda demo, tmp: long_master(demo, tmp / "long.xlsx"),
    "hostile": lambda demo, tmp: hostile(demo),
    "blank": lambda demo, tmp: blank(tmp),
    "scaled": lambda demo, tmp: scaled(tmp),
}


@pytest.mark.parametrize("kind", sorted(MASTERS))
def test_spliced_recalc_is_the_full_save(kind, demo, tmp_path, monkeypatch):
    master = MASTERS[kind](demo, tmp_path)
    before = parts(master)
    spliced, full = both_ways(master, tmp_path, monkeypatch)
    assert snapshot(spliced) == snapshot(full)
    assert check_file(spliced, SCHEMAS) == []
    with zipfile.ZipFile(spliced) as z:  # parts copied raw keep their CRCs
        assert z.testzip() is None
    # the input sheets (and every part but the outputs, the workbook and styles) as they were
    names = splice.sheet_parts(master)
    outputs = {names[s.title] for s in schema.ALL_SHEETS if s.title not in _input_titles()}
    after = parts(spliced)
    untouched = {
        n
        for n in before
        if n not in outputs
        and not n.startswith(("xl/drawings/", "xl/charts/", "xl/worksheets/_rels/"))
        and n not in ("xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml")
    }
    assert {n: after.get(n) == before[n] for n in untouched} == {n: True for n in untouched}
    assert {names[t] for t in _input_titles()} <= untouched


def _input_titles() -> set[str]:
    return {
        s.title
        for s in (
            schema.SETTINGS,
            schema.DISTRICTS,
            schema.CANDIDATES,
            schema.INDICATORS,
            schema.CRITERIA,
            schema.SCORES,
            schema.COMMITTEE,
            schema.IMPORT_LOG,
            schema.CERTIFICATES,
        )
    }


@pytest.mark.parametrize("kind", ["demo", "emblem"])
def test_a_second_recalculation_adds_no_formats(kind, demo, tmp_path):
    """Nothing grows from one recalculation to the next: formats, parts (charts, pictures)."""
    demo = MASTERS[kind](demo, tmp_path)
    pipeline.recalc(demo, keep_backup=False)
    first = parts(demo)
    pipeline.recalc(demo, keep_backup=False)
    second = parts(demo)
    assert second["xl/styles.xml"] == first["xl/styles.xml"]
    assert second["xl/workbook.xml"] == first["xl/workbook.xml"]
    assert sorted(second) == sorted(first)


@pytest.mark.libreoffice
def test_a_master_saved_by_another_program_is_spliced(demo, tmp_path, monkeypatch):
    """A master saved by LibreOffice (as by Excel: shared strings, its own style table and
    part names) is spliced too, and gives the same workbook as the full save."""
    exe = soffice()
    out = tmp_path / "lo"
    subprocess.run(
        [exe, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(demo)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = out / demo.name
    assert "xl/sharedStrings.xml" in parts(saved)
    spliced, full = both_ways(saved, tmp_path, monkeypatch)
    a, b = snapshot(spliced), snapshot(full)
    assert a == b
    # nothing the splice wrote is invalid (LibreOffice's own docProps/custom.xml has no schema)
    found = {(f.part, f.rule, f.detail) for f in check_file(spliced, SCHEMAS)}
    assert found == {(f.part, f.rule, f.detail) for f in check_file(saved, SCHEMAS)}
    # LibreOffice's own: custom.xml, and (once Writer is installed beside Calc, NOTES.md) a
    # workbookPr attribute the 2006 schema lacks; the splice adds nothing to either
    lo_own = {
        (part, "dateCompatibility" in detail if part == "xl/workbook.xml" else True)
        for part, _rule, detail in found
    }
    assert lo_own <= {("docProps/custom.xml", True), ("xl/workbook.xml", True)}, found
    assert parts(spliced)["xl/sharedStrings.xml"] == parts(saved)["xl/sharedStrings.xml"]
    # staff formulas over the rewritten sheets are worked out again when the file is opened
    assert b'fullCalcOnLoad="1"' not in parts(saved)["xl/workbook.xml"]
    calc = re.findall(rb"<calcPr\b[^>]*>", parts(spliced)["xl/workbook.xml"])
    assert len(calc) == 1 and b'fullCalcOnLoad="1"' in calc[0]


@pytest.mark.slow
def test_spliced_import_is_the_full_save(demo, tmp_path, monkeypatch):
    """Three districts' filled templates (one with a wrong type and a score out of range)
    imported into an empty master: the same workbook by splicing as by the full save, and
    the sheets the import does not rewrite keep their bytes."""
    from mchch_xl.cli.commands import main
    from tests.fill import empty_like, fill

    data = pipeline.evaluate(demo).checked.data
    assert main(["templates", str(demo), "--out", str(tmp_path / "tpl")]) == 0
    chosen = sorted((tmp_path / "tpl").glob("*.xlsx"))[:3]
    for p in chosen:
        fill(p, data, p.name.split("-")[1])
    wb = openpyxl.load_workbook(chosen[0])
    wb[schema.TEMPLATE_CANDIDATES.title]["B3"] = "ประเภทที่ไม่มี"
    wb.save(chosen[0])
    wb = openpyxl.load_workbook(chosen[2])  # "_x0041_" typed in Excel, saved as Excel saves it
    wb[schema.TEMPLATE_CANDIDATES.title]["C3"] = "ชื่อ_x005F_x0041_ทดสอบ"  # (raw "_x0041_" = "A")
    wb.save(chosen[2])
    wb = openpyxl.load_workbook(chosen[1])  # Thai digits: normalised into the cell, and said
    score = wb[next(t for t in wb.sheetnames if t.startswith(schema.TEMPLATE_SCORE_PREFIX))]
    score["D3"] = "๓"
    wb.save(chosen[1])
    target = empty_like(demo, tmp_path / "target.xlsx")
    before = parts(target)
    out = {}
    for way in ("spliced", "full"):
        master = tmp_path / way / target.name
        master.parent.mkdir()
        shutil.copy(target, master)
        calls = []
        real = splice.write
        monkeypatch.setattr(splice, "write", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
        if way == "full":
            monkeypatch.setattr(pipeline, "_spliced", lambda *a, **k: False)
        result = pipeline.import_files(master, chosen, tmp_path / way / "back")
        monkeypatch.undo()
        assert calls == ([master] if way == "spliced" else [])
        assert result.exit_code == 1
        fixed = [f for f in result.run.checked.fixes if f[0] == schema.SCORES.title]
        assert [f[3] for f in fixed] == [3]
        out[way] = master

    def no_times(snap: dict) -> dict:  # the import log's time column differs by the second
        log = snap[schema.IMPORT_LOG.title]["cells"]
        snap[schema.IMPORT_LOG.title]["cells"] = {k: v for k, v in log.items() if k[0] != "A"}
        seen = snap[schema.OVERVIEW.title]["cells"]  # ... and so does each district's in ภาพรวม
        snap[schema.OVERVIEW.title]["cells"] = {
            k: v for k, v in seen.items() if not (k[0] == "D" and "/" in str(v))
        }
        return snap

    assert no_times(snapshot(out["spliced"])) == no_times(snapshot(out["full"]))
    assert check_file(out["spliced"], SCHEMAS) == []
    names = splice.sheet_parts(target)
    after = parts(out["spliced"])
    kept = [
        names[s.title]
        for s in (schema.SETTINGS, schema.DISTRICTS, schema.INDICATORS, schema.CRITERIA)
    ]
    assert {n: after[n] == before[n] for n in kept} == {n: True for n in kept}
    names = [r["name"] for r in records(out["spliced"], schema.CANDIDATES)]
    assert [n for n in names if "_x" in n] == ["ชื่อ_x0041_ทดสอบ"]  # as typed, read as Excel does
    assert len(records(out["spliced"], schema.CANDIDATES)) == sum(
        1 for c in data.candidates if c.district in {p.name.split("-")[1] for p in chosen}
    )


EXCEL_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" \
xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" \
xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">\
<fonts count="2" x14ac:knownFonts="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/>\
<family val="2"/><scheme val="minor"/></font><font><b/><sz val="16"/><name val="TH SarabunPSK"/>\
<family val="2"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid">\
<fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2">\
<border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin">\
<color rgb="FF808080"/></left><right style="thin"><color rgb="FF808080"/></right><top style="thin">\
<color rgb="FF808080"/></top><bottom style="thin"><color rgb="FF808080"/></bottom><diagonal/>\
</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\
</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" \
applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/>\
</xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" \
defaultPivotStyle="PivotStyleLight16"/></styleSheet>"""


def test_an_excel_style_table_is_found_into_and_appended_to():
    """Formats Excel wrote are reused when they mean the same look (bold 16 pt Sarabun, the
    header fill, thin grey box, centred and wrapped); others are appended, counts updated,
    and everything else (Excel's namespaces, named styles, differential formats) kept."""
    from lxml import etree

    from mchch_xl.files.ooxml_check import load_schemas
    from mchch_xl.files.sheetxml import StyleTable
    from mchch_xl.layout.looks import LOOKS

    table = StyleTable(EXCEL_STYLES.encode())
    assert [table.xf(LOOKS[n]) for n in ("header", "code", "header", "number", "code")] == [
        1,
        2,
        1,
        3,
        2,
    ]
    out = table.xml().decode()
    added = [
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.##"/></numFmts>',
        '<font><name val="TH SarabunPSK"/><sz val="16"/></font>',
        '<xf numFmtId="49" fontId="2" fillId="0" borderId="1" applyNumberFormat="1" '
        'applyFont="1" applyBorder="1" applyAlignment="1" xfId="0">'
        '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>',
        '<xf numFmtId="164" fontId="2" fillId="0" borderId="1" applyNumberFormat="1" '
        'applyFont="1" applyBorder="1" applyAlignment="1" xfId="0">'
        '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>',
    ]
    back = out
    for text in added:
        assert back.count(text) == 1, text
        back = back.replace(text, "")
    back = back.replace(
        '<fonts x14ac:knownFonts="1" count="3">', '<fonts count="2" x14ac:knownFonts="1">'
    )
    back = back.replace('<cellXfs count="4">', '<cellXfs count="2">')
    assert back == EXCEL_STYLES
    schema = load_schemas(str(SCHEMAS.resolve()))["sml.xsd"]
    # valid, once Excel's own markup-compatibility attributes (kept as they were) are set aside
    plain = out.replace(' x14ac:knownFonts="1"', "").replace(' mc:Ignorable="x14ac x16r2"', "")
    assert schema.validate(etree.fromstring(plain.encode())), schema.error_log


@pytest.mark.libreoffice
def test_libreoffice_reads_the_spliced_master_as_the_full_save(demo, tmp_path, monkeypatch):
    """LibreOffice, as a real client, opens both and finds the same values, formats and print
    set-up (each saved back to .xlsx by LibreOffice and compared), and prints the same pages."""
    exe = soffice()
    spliced, full = both_ways(demo, tmp_path, monkeypatch)
    seen = {}
    for way, path in (("spliced", spliced), ("full", full)):
        out = tmp_path / f"lo-{way}"
        for kind in ("xlsx", "pdf"):
            subprocess.run(
                [exe, "--headless", "--convert-to", kind, "--outdir", str(out), str(path)],
                check=True,
                capture_output=True,
                timeout=300,
            )
        from pypdf import PdfReader

        pdf = PdfReader(out / f"{path.stem}.pdf")
        seen[way] = (snapshot(out / path.name), [p.extract_text() for p in pdf.pages])
    assert seen["spliced"][0] == seen["full"][0]
    assert len(seen["spliced"][1]) == len(seen["full"][1]) > 20
    assert seen["spliced"][1] == seen["full"][1]


def test_a_value_it_cannot_write_stops_it_midway_with_the_master_as_it_was(demo):
    """A date in a style without a date format (openpyxl would give it one of its own) is found
    while the sheets are being written: the temporary file goes, the master stays as it was,
    and the caller is told (Unsupported), not a failed save."""
    import datetime as dt

    from mchch_xl.layout.grid import Grid

    before = demo.read_bytes()
    grid = Grid(schema.SUMMARY)
    grid.set(1, 1, "ก่อน", "body")
    grid.set(2, 1, dt.date(2025, 5, 1), "body")
    with pytest.raises(Unsupported):
        splice.write(demo, [grid], keep_backup=False)
    assert demo.read_bytes() == before
    assert sorted(p.name for p in demo.parent.iterdir()) == [demo.name]


def test_numbers_excel_cannot_hold_are_written_as_empty_cells(demo, tmp_path):
    """inf and nan (a hand-made district file can hold them) never reach the XML: the cell is
    empty, as openpyxl writes it, and the schema check finds a number cell that is not one."""
    from mchch_xl.layout.grid import Grid

    grid = Grid(schema.SUMMARY)
    grid.set(1, 1, float("inf"), "number")
    grid.set(1, 2, float("nan"), "number")
    grid.set(1, 3, -float("inf"), None)
    grid.set(1, 4, 1e300, None)
    splice.write(demo, [grid], keep_backup=False)
    xml = parts(demo)[splice.sheet_parts(demo)[schema.SUMMARY.title]].decode()
    assert re.findall(r"<c r=\"[A-D]1\"[^>]*>(.*?)</c>", xml) == ["", "", "", "<v>1e+300</v>"]
    assert check_file(demo, SCHEMAS) == []
    bad = tmp_path / "bad.xlsx"
    part = splice.sheet_parts(demo)[schema.SUMMARY.title]
    _rewrite(
        demo,
        bad,
        lambda name, data: [
            (name, data.replace(b"<v>1e+300</v>", b"<v>inf</v>") if name == part else data)
        ],
    )
    assert [(f.rule, f.detail) for f in check_file(bad, SCHEMAS)] == [("number", "D1: inf")]


def _rewrite(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as out:
        for item in zin.infolist():
            for name, data in change(item.filename, zin.read(item.filename)):
                out.writestr(name, data)


@pytest.mark.parametrize(
    "kind", ["sheets reordered", "duplicate part", "comment in styles", "comment in workbook"]
)
def test_packages_it_does_not_splice_take_the_full_save(kind, demo, tmp_path):
    """Sheets moved out of the schema's order, a part twice in the zip, an XML comment where the
    splice edits text: refused before writing; recalc then saves the whole workbook with
    openpyxl, which keeps the sheets in the order staff left them and writes a clean file."""
    import warnings

    from mchch_xl.layout.sheets import output_grids

    odd = tmp_path / "odd" / demo.name
    odd.parent.mkdir()

    def change(name, data):
        if kind == "duplicate part" and name == splice.sheet_parts(demo)[schema.SUMMARY.title]:
            return [(name, data), (name, data)]
        if kind == "comment in styles" and name == "xl/styles.xml":
            return [(name, data.replace(b"<fonts", b"<!-- <fonts/> --><fonts", 1))]
        if kind == "comment in workbook" and name == "xl/workbook.xml":
            return [(name, data.replace(b"<sheets>", b"<!-- x --><sheets>", 1))]
        return [(name, data)]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile: "Duplicate name"
        _rewrite(demo, odd, change)
    if kind == "sheets reordered":
        wb = openpyxl.load_workbook(odd)
        wb.move_sheet(schema.SCORES.title, offset=-4)
        wb.save(odd)
    before = odd.read_bytes()
    order = openpyxl.load_workbook(odd, read_only=True).sheetnames
    run = pipeline.evaluate(odd)
    with pytest.raises(Unsupported):
        splice.write(odd, output_grids(run.checked, run.results), keep_backup=False)
    assert odd.read_bytes() == before
    pipeline.recalc(odd, keep_backup=False)
    with zipfile.ZipFile(odd) as z:
        assert len(z.namelist()) == len(set(z.namelist()))
    assert check_file(odd, SCHEMAS) == []
    assert openpyxl.load_workbook(odd, read_only=True).sheetnames == order


def test_a_master_open_in_libreoffice_is_not_written(demo):
    """LibreOffice's lock file (".~lock.name#") as Excel's ("~$name"): exit 2, untouched."""
    from mchch_xl.cli.commands import main

    lock = demo.with_name(f".~lock.{demo.name}#")
    lock.write_text("ผู้ใช้,เครื่อง,2026")
    before = demo.read_bytes()
    assert main(["recalc", str(demo)]) == 2
    assert demo.read_bytes() == before

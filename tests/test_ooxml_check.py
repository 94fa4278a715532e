"""Every file mchch-xl writes validates against the OOXML / customUI schemas and stays inside
Excel's limits (``mchch_xl/io/ooxml_check.py``), long official wording included."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mchch_xl.cli.commands import main
from mchch_xl.domain import schema
from mchch_xl.files.ooxml_check import Finding, check_file
from mchch_xl.files.writer import put

SCHEMAS = Path(__file__).parent / "data" / "ooxml-schemas"
LONG_INDICATOR = ("ชุมชนมีการจัดทำแผนชุมชนที่ผ่านกระบวนการมีส่วนร่วมของคนในชุมชนทุกกลุ่มวัย " * 6)[:320]
LONG_NOTE = ("หมายเหตุยาวจากอำเภอ ตรวจประเมินแล้วเมื่อวันที่ 1 พฤษภาคม 2568 " * 20)[:1000]


def long_master(demo: Path, out: Path) -> Path:
    """The demo with a 320-character indicator wording and a 1,000-character note."""
    shutil.copy(demo, out)
    wb = openpyxl.load_workbook(out)
    ws = wb[schema.INDICATORS.title]
    col = schema.INDICATORS.index("text") + 1
    for r in range(schema.FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(r, col).value:
            put(ws, r, col, LONG_INDICATOR, style=None)
    ws = wb[schema.CANDIDATES.title]
    put(ws, schema.FIRST_DATA_ROW, schema.CANDIDATES.index("note") + 1, LONG_NOTE, style=None)
    wb.save(out)
    return out


def every_written_file(demo: Path, tmp: Path) -> list[Path]:
    """Master (recalculated), blank master, demo, district templates, annotated copies with
    comments on two sheets, and the add-in."""
    from mchch_xl.flows.pipeline import evaluate
    from tests.fill import empty_like, fill

    master = long_master(demo, tmp / "long.xlsx")
    assert main(["recalc", str(master)]) in (0, 1)
    blank = tmp / "blank.xlsx"
    assert main(["new", "--province", "เชียงราย", "--year", "2568", "--out", str(blank)]) == 0
    assert main(["templates", str(master), "--out", str(tmp / "tpl")]) == 0
    templates = sorted((tmp / "tpl").glob("*.xlsx"))
    data = evaluate(master).checked.data
    bad = []
    for p in templates[:2]:  # two districts send files with problems on two sheets each
        fill(p, data, p.name.split("-")[1])
        wb = openpyxl.load_workbook(p)
        wb[schema.TEMPLATE_CANDIDATES.title]["B3"] = "ประเภทที่ไม่มี"
        wb[schema.TEMPLATE_CANDIDATES.title]["B4"] = "ประเภทที่ไม่มีอีก"
        score = next(t for t in wb.sheetnames if t.startswith(schema.TEMPLATE_SCORE_PREFIX))
        wb[score]["D3"] = 999
        wb[score]["E3"] = 999
        wb.save(p)
        bad.append(p)
    target = empty_like(master, tmp / "target.xlsx")
    main(["import", str(target), *map(str, bad), "--annotated", str(tmp / "back")])
    annotated = sorted((tmp / "back").glob("*.xlsx"))
    assert len(annotated) == 2
    addin = tmp / "mchch.xlam"
    assert main(["build-addin", "--out", str(addin)]) == 0
    interp = r"C:\Users\สมชาย\AppData\Local\Programs\Python\Python311\pythonw.exe"
    args = ["addin", "install", "--dir", str(tmp / "XLSTART"), "--interpreter", interp]
    assert main(args) == 0
    installed = tmp / "XLSTART" / "mchch.xlam"
    return [master, blank, demo, target, *templates, *annotated, addin, installed]


@pytest.fixture(scope="module")
def written(demo_file, tmp_path_factory) -> list[Path]:
    return every_written_file(demo_file, tmp_path_factory.mktemp("ooxml"))


def test_every_written_file_passes_schema_and_limits(written):
    found = {str(p): check_file(p, SCHEMAS) for p in written}
    assert {name: f for name, f in found.items() if f} == {}
    assert len(written) == 2 + 1 + 1 + 18 + 2 + 2


def test_long_wording_is_kept_in_cells_and_shortened_only_in_prompts(written):
    master = written[0]
    wb = openpyxl.load_workbook(master)
    ws = wb[schema.INDICATORS.title]
    col = schema.INDICATORS.index("text") + 1
    assert ws.cell(schema.FIRST_DATA_ROW, col).value == LONG_INDICATOR
    cands = wb[schema.CANDIDATES.title]
    assert cands.cell(schema.FIRST_DATA_ROW, schema.CANDIDATES.index("note") + 1).value == LONG_NOTE
    assert cands.row_dimensions[schema.FIRST_DATA_ROW].height <= 409
    tpl = next(p for p in written if p.parent.name == "tpl")
    wb = openpyxl.load_workbook(tpl)
    score = wb[next(t for t in wb.sheetnames if t.startswith(schema.TEMPLATE_SCORE_PREFIX))]
    assert score["D1"].value.startswith(LONG_INDICATOR)  # wording above the code, in full
    prompts = [dv.prompt for dv in score.data_validations.dataValidation if dv.type == "decimal"]
    assert prompts and all(len(p) <= 255 and p.endswith("…") for p in prompts)
    assert all(LONG_INDICATOR[:100] in p for p in prompts)


def test_the_checker_finds_what_excel_repairs(written, tmp_path):
    """Each limit and the schema, broken on purpose in a copy of a good file."""
    good = next(p for p in written if p.parent.name == "back")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":  # กลุ่มเป้าหมาย
                text = data.decode()
                text = text.replace('promptTitle="', 'promptTitle="' + "ก" * 40, 1)
                text = text.replace("<sheetData>", "<sheetData><bogus/>", 1)
                text = re.sub(r' ht="[0-9.]+"', ' ht="500"', text, count=1)
                data = text.encode()
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'name="', b'name="a/b', 1)
            if item.filename.endswith("commentsDrawing2.vml"):
                data = data.replace(b'data="', b'data="1,', 1)
            dst.writestr(item, data)
    rules = sorted({(f.part, f.rule) for f in check_file(bad, SCHEMAS)})
    assert rules == [
        ("xl/drawings/commentsDrawing2.vml", "comment-shape-id"),
        ("xl/workbook.xml", "sheet-name"),
        ("xl/worksheets/sheet3.xml", "row-height"),
        ("xl/worksheets/sheet3.xml", "schema"),
        ("xl/worksheets/sheet3.xml", "validation-promptTitle"),
    ]
    assert all(isinstance(f, Finding) for f in check_file(bad, SCHEMAS))


def test_annotated_copies_give_each_comment_drawing_its_own_id_block(written):
    back = [p for p in written if p.parent.name == "back"]
    for p in back:
        with zipfile.ZipFile(p) as z:
            vml = [n for n in z.namelist() if n.endswith(".vml")]
            assert len(vml) == 2, p.name  # comments on two sheets
            blocks = [z.read(n).decode().split('data="')[1].split('"')[0] for n in vml]
            assert len(set(blocks)) == 2, blocks

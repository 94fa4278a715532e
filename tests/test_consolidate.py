"""District templates out, consolidation back in: nothing lost, every error located, hostile
files refused."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mchch_xl.checks import read_context
from mchch_xl.cli.commands import main
from mchch_xl.domain import schema
from mchch_xl.domain.issues import FatalError
from mchch_xl.files import store as files
from mchch_xl.files.reader import read_values
from mchch_xl.flows.consolidate import judge_sheets
from mchch_xl.flows.pipeline import (
    consolidate_sheets,
    evaluate,
    import_files,
    recalc,
    write_templates,
)
from tests.conftest import records, sheet_values
from tests.fill import empty_like, fill
from tests.test_pipeline import order_table


@pytest.fixture(scope="module")
def filled(demo_file, tmp_path_factory) -> Path:
    """The 18 templates of the demo master, filled from the demo's own data."""
    folder = tmp_path_factory.mktemp("filled")
    data = evaluate(demo_file).checked.data
    for path in write_templates(demo_file, folder):
        fill(path, data, path.name.split("-")[1])
    return folder


@pytest.fixture
def empty(demo_file, tmp_path) -> Path:
    path = empty_like(demo_file, tmp_path / "master.xlsx")
    recalc(path, keep_backup=False)
    return path


def _data_rows(path, title):
    return [r for r in sheet_values(path, title)[2:] if any(v not in (None, "") for v in r)]


def _key(rows):
    return sorted((tuple("" if v is None else v for v in r) for r in rows), key=repr)


def test_templates_carry_dropdowns_ranges_protection_and_metadata(demo_file, tmp_path):
    [path] = write_templates(demo_file, tmp_path, "5707")
    assert path.name == "2568-5707-แม่จัน.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "คำแนะนำ",
        "กลุ่มเป้าหมาย",
        "คะแนน-ผู้นำชุมชน",
        "คะแนน-กลุ่มองค์กรชุมชน",
        "คะแนน-เครือข่ายชุมชน",
        "คะแนน-ชุมชน",
        "ข้อมูลแบบฟอร์ม",
    ]
    meta = wb["ข้อมูลแบบฟอร์ม"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    assert {r[0]: r[1] for r in meta.iter_rows(min_row=2, values_only=True)} == {
        "province": "เชียงราย",
        "fiscal_year": "2568",
        "district_code": "5707",
        "district_name": "แม่จัน",
        "template_version": schema.TEMPLATE_VERSION,
        "indicator_hash": meta["B7"].value,
    }
    cands = wb["กลุ่มเป้าหมาย"]
    assert cands.protection.sheet and cands.freeze_panes == "A3"
    assert cands["A2"].protection.locked and not cands["A3"].protection.locked
    kinds = [dv for dv in cands.data_validations.dataValidation if dv.type == "list"]
    assert "ผู้นำชุมชน" in kinds[0].formula1 and str(kinds[0].sqref) == "B3:B202"
    leaders = wb["คะแนน-ผู้นำชุมชน"]
    assert [c.value for c in leaders[2]][:5] == [
        "รหัสกลุ่มเป้าหมาย",
        "ชื่อ (ไม่บังคับ)",
        "รอบการประเมิน",
        "L1.1",
        "L1.2",
    ]
    ranges = [dv for dv in leaders.data_validations.dataValidation if dv.type == "decimal"]
    assert len(ranges) == 5 and (ranges[0].formula1, ranges[0].formula2) == ("1", "5")
    assert "ต้องอยู่ระหว่าง 1 ถึง 5" in ranges[0].error


def test_round_trip_equals_the_demo(demo_file, filled, empty):
    result = import_files(empty, [filled])
    assert result.exit_code == 0
    assert len(result.plan.replace) == 18 and not result.annotated
    for title in (schema.CANDIDATES.title, schema.SCORES.title):
        assert _key(_data_rows(empty, title)) == _key(_data_rows(demo_file, title)), title
    assert order_table(empty) == order_table(demo_file)
    log = records(empty, schema.IMPORT_LOG)
    assert len(log) == 18 and {r["status"] for r in log} == {"รับทั้งหมด"}
    # candidates + their committee score rows + แม่จัน's 8 self-assessments before and after
    assert sum(r["read"] for r in log) == sum(r["accepted"] for r in log) == 129 + 129 + 8 * 2
    assert {(r["flagged"], r["refused"]) for r in log} == {(0, 0)}


def test_same_folder_twice_changes_nothing_and_a_correction_replaces_one_district(
    demo_file, filled, empty, tmp_path
):
    import_files(empty, [filled])
    before = {t: _data_rows(empty, t) for t in (schema.CANDIDATES.title, schema.SCORES.title)}
    again = import_files(empty, [filled])
    assert not again.plan.replace and len(again.plan.unchanged) == 18
    assert {t: _data_rows(empty, t) for t in before} == before
    # แม่จัน corrects a name and resends
    corrected = tmp_path / "2568-5707-แม่จัน.xlsx"
    shutil.copy(filled / corrected.name, corrected)
    wb = openpyxl.load_workbook(corrected)
    wb["กลุ่มเป้าหมาย"]["C3"] = "ผู้นำชุมชน (แก้ชื่อแล้ว)"
    wb.save(corrected)
    result = import_files(empty, [corrected])
    assert list(result.plan.replace) == ["5707"]
    after = _data_rows(empty, schema.CANDIDATES.title)
    changed = [
        r for r in after if tuple(r) not in {tuple(x) for x in before[schema.CANDIDATES.title]}
    ]
    assert [r[0] for r in changed] == ["5707-L01"] and changed[0][3] == "ผู้นำชุมชน (แก้ชื่อแล้ว)"
    assert len(after) == 129
    log = records(empty, schema.IMPORT_LOG)
    mae_chan = [r for r in log if r["code"] == "5707"]
    assert [r["status"] for r in mae_chan] == ["รับทั้งหมด", "นำเข้าแล้ว ไม่เปลี่ยนแปลง", "รับทั้งหมด"]
    assert mae_chan[0]["sha256"] != mae_chan[2]["sha256"]  # two different submissions, both logged


def test_a_folder_walk_leaves_out_the_master_its_backups_and_the_annotated_copies(
    filled, empty, tmp_path
):
    """Staff keep the master, the districts' files, the backups and the annotated copies in
    one folder and import "." : only the districts' files are submissions. Before, the master
    and its backups were read (and refused) and an annotated copy of a bad file, newer than
    the district's corrected file, replaced it."""
    office = tmp_path / "office"
    office.mkdir()
    master = office / "master.xlsx"
    shutil.copy(empty, master)
    for path in filled.glob("*.xlsx"):
        shutil.copy(path, office / path.name)
    bad = _edit(filled / BASE, office / BASE, _cell("กลุ่มเป้าหมาย", "C3", None))
    first = import_files(master, [office])
    assert [a.relative_to(office).as_posix() for a in first.annotated] == [
        "ส่งกลับอำเภอ/2568-5707-แม่จัน-ตรวจแล้ว.xlsx"
    ]
    # the district sends its corrected file; copied with its own (older) date
    shutil.copy2(filled / BASE, bad)
    os.utime(bad, (1_600_000_000, 1_600_000_000))
    second = import_files(master, [office])
    assert sorted(s.path.name for s in second.submissions) == sorted(
        p.name for p in filled.glob("*.xlsx")
    )
    assert list(second.plan.replace) == ["5707"]
    assert (office / files.BACKUP_DIR).is_dir()  # there, and not read
    # a copy of the office folder walked from elsewhere (the master not in it): its backups
    # and annotated copies are still not submissions
    inbox = tmp_path / "inbox"
    shutil.copytree(office, inbox)
    (inbox / "master.xlsx").unlink()
    third = import_files(master, [inbox], tmp_path / "elsewhere")
    assert sorted(s.path.name for s in third.submissions) == sorted(
        p.name for p in filled.glob("*.xlsx")
    )
    rows = {r[0]: r for r in _data_rows(master, schema.CANDIDATES.title)}
    assert rows["5707-L01"][3] == sheet_values(filled / BASE, "กลุ่มเป้าหมาย")[2][2]


def test_two_files_of_one_district_in_one_import_the_newer_lands(filled, empty, tmp_path):
    """Both read, the newer lands, the older is said to be superseded and lands nothing: its
    line does not claim "read 32 = 0 + 0 + 0"."""
    older, newer = tmp_path / "a" / BASE, tmp_path / "b" / f"แก้แล้ว-{BASE}"
    for path in (older, newer):
        path.parent.mkdir()
        shutil.copy(filled / BASE, path)
    os.utime(older, (1_600_000_000, 1_600_000_000))
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(empty), str(older), str(newer)], out=out, err=err) == 0
    assert out.getvalue().splitlines()[:3] == [
        f"  {BASE}: ถูกแทนที่ด้วยไฟล์ใหม่กว่า ({newer.name}) อ่าน 32 แถว ไม่นำแถวใดเข้า",
        f"  {newer.name}: รับทั้งหมด อ่าน 32 = รับ 32 + รับแต่ต้องแก้ 0 + ไม่รับ 0",
        "นำเข้า 2 ไฟล์: แทนที่ข้อมูล 1 อำเภอ, ไม่เปลี่ยนแปลง 0, ไม่รับทั้งไฟล์ 0; "
        "แถวที่อ่าน 32 = รับ 32 + รับแต่ต้องแก้ 0 + ไม่รับ 0",
    ]


def test_import_respects_the_master_lock(empty, filled):
    with files.master_lock(empty):
        with pytest.raises(FatalError) as exc:
            import_files(empty, [filled])
    assert exc.value.issue.code == "FILE_002"


def test_cli_import_shows_progress_and_counts(empty, filled):
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", str(empty), str(filled)], out=out, err=err)
    assert code == 0
    assert "[18/18]" in err.getvalue()
    assert "แถวที่อ่าน 274 = รับ 274 + รับแต่ต้องแก้ 0 + ไม่รับ 0" in out.getvalue()


# -- a corpus of bad district files ------------------------------------------------------------

BASE = "2568-5707-แม่จัน.xlsx"


def _edit(src: Path, dst: Path, change) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dst)
    return dst


def _cell(sheet, ref, value, literal=False):
    def change(wb):
        wb[sheet][ref] = value
        if literal:
            wb[sheet][ref].data_type = "s"

    return change


def _meta(row, value):
    return _cell("ข้อมูลแบบฟอร์ม", f"B{row}", value)


def _zip_with(src: Path, dst: Path, extra: dict[str, bytes] | None = None, replace=None) -> Path:
    import warnings

    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # (a case writes one)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if replace and item.filename in replace:
                data = replace[item.filename](data)
            zout.writestr(item, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def _entity_bomb(data: bytes) -> bytes:
    head = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    return head + body


def _gap(wb):
    ws = wb["กลุ่มเป้าหมาย"]
    last = openpyxl.utils.get_column_letter(len(schema.TEMPLATE_CANDIDATES.columns))
    ws.move_range(f"A5:{last}10", rows=2)  # whole rows, register columns included


def _hostile(wb):
    ws = wb["กลุ่มเป้าหมาย"]
    ws["C3"] = '=HYPERLINK("http://example.invalid","คลิก")'
    ws["C3"].data_type = "s"
    ws["F3"] = "=cmd|' /C calc'!A0"
    ws["F3"].data_type = "s"


def _formula(wb):
    """A formula as a script writes it (openpyxl): no calculated value."""
    wb[CANDS]["C3"] = '=HYPERLINK("http://example.invalid","x")'


def _calculated(data: bytes) -> bytes:
    """The first candidate's name as a formula Excel calculated and saved with its value."""
    import re

    return re.sub(
        rb'<c r="C3"([^>]*?)t="[a-zA-Z]+"([^>]*)>.*?</c>',
        '<c r="C3" t="str"><f>TRIM(" ผู้นำ ")</f><v>ผู้นำ</v></c>'.encode(),
        data,
        count=1,
        flags=re.S,
    )


def _many_rows(data: bytes) -> bytes:
    """The candidates sheet with 50,000 rows (written as XML: openpyxl takes seconds)."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>5707-L{r:05d}</t></is></c></row>'
        for r in range(3, 50_003)
    )
    head, rest = data.split(b"<sheetData>", 1)
    return head + b"<sheetData>" + rows.encode() + rest.split(b"</sheetData>", 1)[1]


def _new_candidate(ident):
    def change(wb):
        ws = wb[CANDS]
        row = ws.max_row + 1
        for col, value in zip("ABC", (ident, "ผู้นำชุมชน", "ผู้นำชุมชนใหม่")):
            ws[f"{col}{row}"] = value

    return change


def _far_cell(dst: Path, ref: str) -> Path:
    """The filled template with one far cell written before the others (out of order)."""

    def change(data: bytes) -> bytes:
        cell = (
            f'<row r="{ref[1]}"><c r="{ref[0]}{ref[1]}" t="inlineStr"><is><t>x</t></is></c></row>'
        )
        return data.replace(b"<sheetData>", b"<sheetData>" + cell.encode(), 1)

    return change


def _odd_far_cell(syntax: str):
    """A far cell (and its row) written in valid XML a literal scan would miss: a tab or a line
    break before the attribute name, or single quotes."""

    def change(data: bytes) -> bytes:
        q = "'" if syntax == "quotes" else '"'
        ws = {"tab": "\t", "newline": "\n"}.get(syntax, " ")
        cell = (
            f"<row{ws}r={q}1048576{q}><c{ws}r={q}XFD1048576{q} t={q}inlineStr{q}>"
            "<is><t>x</t></is></c></row>"
        )
        return data.replace(b"<sheetData>", b"<sheetData>" + cell.encode(), 1)

    return change


def _sheet_target_in_capitals(data: bytes) -> bytes:
    """The candidates sheet's part named in another case in the workbook's relationships."""
    return data.replace(b"worksheets/sheet2.xml", b"Worksheets/SHEET2.xml", 1)


def _number_not_a_number(data: bytes) -> bytes:
    """The first score stored as a number made to hold the decimal-comma text "4,5" (what no
    reader can parse: it gives up on the whole file)."""
    import re

    return re.sub(rb'(<c r="D3"(?: [^>]*)?>)<v>[^<]*</v>', rb"\1<v>4,5</v>", data, count=1)


def _error_cell(data: bytes) -> bytes:
    """The name of the first candidate as an Excel error value (#N/A), as Excel saves it."""
    import re

    return re.sub(
        rb'<c r="C3"([^>]*?)t="[a-zA-Z]+"([^>]*)>.*?</c>',
        b'<c r="C3" t="e"><f>NA()</f><v>#N/A</v></c>',
        data,
        count=1,
        flags=re.S,
    )


def _raw_text(dst: Path, src: Path, sheet: str, ref: str, escaped: str) -> Path:
    """A cell holding text openpyxl refuses to write (control characters), as Excel stores it:
    escaped ``_x0007_`` (in the shared strings or inline)."""
    tmp = dst.with_suffix(".tmp.xlsx")
    _edit(src, tmp, _cell(sheet, ref, "PLACEHOLDER-TEXT"))
    swap = lambda x: x.replace(b"PLACEHOLDER-TEXT", escaped.encode())  # noqa: E731
    _zip_with(tmp, dst, replace={"xl/sharedStrings.xml": swap, "xl/worksheets/sheet2.xml": swap})
    tmp.unlink()
    return dst


def _strings_claim_two_billion(data: bytes) -> bytes:
    """The shared strings' root claiming 2,000,000,000 strings (and as many uses) behind a
    decoy comment: a claim the reader would reserve 48 GB for; Excel opens such a file."""
    import re

    data = re.sub(rb'(<sst[^>]*?) uniqueCount="\d+"', rb'\1 uniqueCount="2000000000"', data, 1)
    data = re.sub(rb'(<sst[^>]*?) count="\d+"', rb'\1 count="2000000000"', data, 1)
    assert b'uniqueCount="2000000000"' in data
    return data.replace(b"<sst", b'<!-- uniqueCount="1" --><sst', 1)


def _dimension_claims_a_million_rows(data: bytes) -> bytes:
    """The candidates sheet's ``<dimension>`` claiming 1,048,576 rows (it holds a few dozen):
    a claim, not a cell; Excel opens such a file."""
    import re

    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:Z1048576"/>', data, count=1)


def _external_score(data: bytes) -> bytes:
    """The first leader score a formula into another workbook (Excel stores the link's index,
    "[1]"), with the value Excel last calculated."""
    import re

    return re.sub(
        rb'<c r="D3"((?: [^>]*)?)>(?:<f>[^<]*</f>)?<v>([^<]*)</v>',
        lambda m: b'<c r="D3"%s><f>[1]%s!D3</f><v>%s</v>' % (m[1], "คะแนน".encode(), m[2]),
        data,
        count=1,
    )


def _external_link_parts(src: Path, dst: Path) -> Path:
    """The filled template with D3 of the leaders' scores a formula into ตำบลป่าตึง.xlsx, the
    link written as Excel writes it (an externalLink part, its relationship, the workbook's
    externalReferences)."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    link = (
        '<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="' + rel + '" '
        'r:id="rId1"><sheetNames><sheetName val="คะแนน"/></sheetNames></externalBook>'
        "</externalLink>"
    ).encode()
    link_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        + rel
        + '/externalLinkPath" Target="ตำบลป่าตึง.xlsx" TargetMode="External"/></Relationships>'
    ).encode()

    def book(data: bytes) -> bytes:
        return data.replace(
            b"</sheets>",
            b"</sheets><externalReferences><externalReference "
            b'xmlns:r="%s" r:id="rIdX1"/></externalReferences>' % rel.encode(),
            1,
        )

    def rels(data: bytes) -> bytes:
        return data.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdX1" Type="' + rel.encode() + b'/externalLink" '
            b'Target="externalLinks/externalLink1.xml"/></Relationships>',
            1,
        )

    def types(data: bytes) -> bytes:
        return data.replace(
            b"</Types>",
            b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
            1,
        )

    return _zip_with(
        src,
        dst,
        {
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels,
        },
        replace={
            "xl/workbook.xml": book,
            "xl/_rels/workbook.xml.rels": rels,
            "[Content_Types].xml": types,
            "xl/worksheets/sheet3.xml": _external_score,
        },
    )


def _macro_as_image(src: Path, dst: Path) -> Path:
    """A real VBA project (an Auto_Open macro) stored under an image's name in an .xlsx."""
    from mchch_xl.xl.addin import vba_project

    code = 'Attribute VB_Name = "Module1"\nSub Auto_Open()\n    Shell "calc.exe"\nEnd Sub\n'
    return _zip_with(src, dst, {"xl/media/image9.png": vba_project({"Module1": code})})


CANDS = "กลุ่มเป้าหมาย"
LEADERS = "คะแนน-ผู้นำชุมชน"
META = "ข้อมูลแบบฟอร์ม"
# kind -> (how to make the file from the filled แม่จัน template, the issue expected, refused):
# the files whose bytes are the point (what the safety scan and the reader make of them), and a
# few of every outcome imported end to end through the command line (END_TO_END)
CORPUS = {
    "wrong_year": (lambda s, d: _edit(s, d / BASE, _meta(3, "2567")), "TPL_002", True),
    "text_in_score": (
        lambda s, d: _edit(s, d / BASE, _cell(LEADERS, "D3", "ดีมาก")),
        "CELL_002",
        False,
    ),
    "formula_cell": (
        lambda s, d: _zip_with(s, d / BASE, replace={"xl/worksheets/sheet2.xml": _calculated}),
        "CELL_011",
        False,
    ),
    "control_characters": (
        lambda s, d: _raw_text(d / BASE, s, CANDS, "C4", "นาย_x0007_ทดสอบ_x001B_ชื่อ"),
        "CELL_014",
        False,
    ),
    "error_value_cell": (
        lambda s, d: _zip_with(s, d / BASE, replace={"xl/worksheets/sheet2.xml": _error_cell}),
        "CELL_016",
        False,
    ),
    "far_cell_out_of_order": (
        lambda s, d: _zip_with(
            s, d / BASE, replace={"xl/worksheets/sheet2.xml": _far_cell(d, ("A", "1048000"))}
        ),
        "FILE_018",
        True,
    ),
    "wide_sparse_sheet": (
        lambda s, d: _zip_with(
            s, d / BASE, replace={"xl/worksheets/sheet2.xml": _far_cell(d, ("XFD", "1"))}
        ),
        "FILE_019",
        True,
    ),
    **{
        f"far_cell_{syntax}": (
            lambda s, d, syntax=syntax: _zip_with(
                s, d / BASE, replace={"xl/worksheets/sheet2.xml": _odd_far_cell(syntax)}
            ),
            "FILE_018",
            True,
        )
        for syntax in ("tab", "newline", "quotes")
    },
    **{
        f"far_cell_{name}": (
            lambda s, d, ref=ref: _zip_with(
                s, d / BASE, replace={"xl/worksheets/sheet2.xml": _far_cell(d, ref)}
            ),
            "FILE_018",
            True,
        )
        for name, ref in (
            ("in_lower_case", ("xfd", "1048576")),
            ("with_leading_zeros", ("XFD", "0000000001048576")),
            ("row_with_leading_zeros", ("A", "0000000001048576")),
        )
    },
    "far_cell_at_row_6000": (
        lambda s, d: _zip_with(
            s, d / BASE, replace={"xl/worksheets/sheet2.xml": _far_cell(d, ("C", "6000"))}
        ),
        "FILE_018",
        True,
    ),
    "dimension_claims_a_million_rows": (
        lambda s, d: _zip_with(
            s, d / BASE, replace={"xl/worksheets/sheet2.xml": _dimension_claims_a_million_rows}
        ),
        None,
        False,
    ),
    "score_from_another_workbook": (
        lambda s, d: _external_link_parts(s, d / BASE),
        "CELL_022",
        False,
    ),
    "macro_project_named_as_an_image": (
        lambda s, d: _macro_as_image(s, d / BASE),
        "FILE_023",
        False,
    ),
    "number_cell_holding_4_comma_5": (
        lambda s, d: _zip_with(
            s, d / BASE, replace={"xl/worksheets/sheet3.xml": _number_not_a_number}
        ),
        "FILE_001",
        True,
    ),
    "sheet_part_named_in_capitals_with_an_error_cell": (
        lambda s, d: _zip_with(
            s,
            d / BASE,
            replace={
                "xl/_rels/workbook.xml.rels": _sheet_target_in_capitals,
                "xl/worksheets/sheet2.xml": _error_cell,
            },
        ),
        "CELL_016",
        False,
    ),
    "sheet_part_named_in_capitals_with_a_far_cell": (
        lambda s, d: _zip_with(
            s,
            d / BASE,
            replace={
                "xl/_rels/workbook.xml.rels": _sheet_target_in_capitals,
                "xl/worksheets/sheet2.xml": _odd_far_cell("tab"),
            },
        ),
        "FILE_018",
        True,
    ),
    # a claim, not a fact: read without it, and nothing false said
    "shared_strings_claiming_two_billion": (
        lambda s, d: _zip_with(
            s, d / BASE, replace={"xl/sharedStrings.xml": _strings_claim_two_billion}
        ),
        None,
        False,
    ),
    "non_characters_fffe_ffff": (
        lambda s, d: _raw_text(d / BASE, s, CANDS, "C4", "ชื่อ\ufffeทดสอบ\uffff"),
        "CELL_014",
        False,
    ),
    "other_districts_id": (
        lambda s, d: _edit(s, d / BASE, _cell(CANDS, "A3", "5716-L01")),
        "IMP_004",
        True,
    ),
    "empty_rows_in_the_middle": (lambda s, d: _edit(s, d / BASE, _gap), None, False),
    "year_in_file_name": (
        lambda s, d: (
            shutil.copy(s, d / "แม่จัน ส่งข้อมูล มชช 2568.xlsx") and d / "แม่จัน ส่งข้อมูล มชช 2568.xlsx"
        ),
        None,
        False,
    ),
    "macro_enabled_xlsm": (
        lambda s, d: shutil.copy(s, d / "2568-5707-แม่จัน.xlsm") and d / "2568-5707-แม่จัน.xlsm",
        "FILE_011",
        True,
    ),
    # a second part of one name: one reader reads it, another shows the first
    "part_named_twice": (
        lambda s, d: _zip_with(s, d / BASE, {"xl/worksheets/sheet3.xml": b"<worksheet/>"}),
        "FILE_016",
        True,
    ),
    "part_named_out_of_the_package": (
        lambda s, d: _zip_with(s, d / BASE, {"../../pwned.txt": b"x"}),
        "FILE_016",
        True,
    ),
    # a macro project under its usual name is named as one under any other name is
    "macro_inside_xlsx": (
        lambda s, d: _zip_with(s, d / BASE, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        "FILE_023",
        False,
    ),
    "encrypted": (
        lambda s, d: (
            (d / BASE).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000))
            and d / BASE
        ),
        "FILE_012",
        True,
    ),
    "not_a_zip": (
        lambda s, d: (d / BASE).write_bytes(os.urandom(3000)) and d / BASE,
        "FILE_010",
        True,
    ),
    **{
        f"saved_as_{ext[1:]}": (
            lambda s, d, ext=ext: shutil.copy(s, d / f"แม่จัน{ext}") and d / f"แม่จัน{ext}",
            "FILE_010",
            True,
        )
        for ext in (".ods", ".xlsb", ".xls")
    },
    "csv_renamed": (
        lambda s, d: (d / BASE).write_text("รหัส,ชื่อ\n5707-L01,ทดสอบ\n", "utf-8") and d / BASE,
        "FILE_010",
        True,
    ),
    "truncated_zip": (
        lambda s, d: (d / BASE).write_bytes(s.read_bytes()[: s.stat().st_size // 2]) and d / BASE,
        "FILE_016",
        True,
    ),
    "zip_bomb": (
        lambda s, d: _zip_with(s, d / BASE, {"xl/media/bomb.bin": b"\0" * 60_000_000}),
        "FILE_014",
        True,
    ),
    "xml_entity_bomb": (
        lambda s, d: _zip_with(s, d / BASE, replace={"xl/worksheets/sheet2.xml": _entity_bomb}),
        "FILE_015",
        True,
    ),
    "file_of_30_mb": (
        lambda s, d: (
            (d / BASE).write_bytes(b"PK\x03\x04" + os.urandom(30 * 1024 * 1024)) and d / BASE
        ),
        "FILE_013",
        True,
    ),
    "rows_50000": (
        lambda s, d: _zip_with(s, d / BASE, replace={"xl/worksheets/sheet2.xml": _many_rows}),
        "FILE_018",
        True,
    ),
}
END_TO_END = (
    "wrong_year",
    "text_in_score",
    "macro_inside_xlsx",
    "empty_rows_in_the_middle",
    "other_districts_id",
)
# issues about a whole sheet or file (no row or column to name): a foreign sheet, a macro part
ABOUT_A_SHEET = {"SHEET_009", "FILE_023"}
# a flagged row lands in the master but is left out of the computation
FLAGS_A_ROW = {
    "CELL_002",
    "REF_004",
    "ROW_001",
    "CELL_008",
    "CELL_001",
    "CELL_012",
    "REF_005",
    "REF_002",
    "CELL_015",
    "CELL_016",
}


def _data_rows_of(path: Path) -> int:
    """Non-empty data rows (below the header) of a template's data sheets, counted here."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    n = 0
    for title in book.sheet_names:  # the template's tables (another sheet is SHEET_008/009)
        if title != CANDS and not title.startswith("คะแนน-"):
            continue
        rows = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
        n += sum(1 for r in rows[2:] if any(v not in (None, "") for v in r))
    return n


@pytest.fixture(scope="module")
def master_with_demo(demo_file, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("m") / "master.xlsx"
    shutil.copy(demo_file, path)
    return path


@pytest.mark.parametrize("kind", END_TO_END)
def test_bad_district_file(kind, filled, master_with_demo, tmp_path):
    make, expected, refused = CORPUS[kind]
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    folder = tmp_path / "in"
    folder.mkdir()
    path = Path(make(filled / BASE, folder))
    before = {
        t: _key(_data_rows(master, t)) for t in (schema.CANDIDATES.title, schema.SCORES.title)
    }
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", str(master), str(path)], out=out, err=err)
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text
    result_master = {t: _key(_data_rows(master, t)) for t in before}
    log = records(master, schema.IMPORT_LOG)[-1]
    assert log["file"] == path.name
    # conservation: every row read is in the master (accepted or flagged) or in a refused file
    assert log["read"] == log["accepted"] + log["flagged"] + log["refused"]
    if expected is None:  # a harmless quirk: everything lands
        assert code == 0 and log["flagged"] == log["refused"] == 0
        assert log["read"] == _data_rows_of(path) and result_master == before
        return
    # 1 when the file is refused or errors leave its rows out; 0 for warnings (kept, flagged)
    from mchch_xl.domain.issues import CATALOGUE, Severity

    error = (
        refused or CATALOGUE[expected].severity is Severity.ERROR if expected in CATALOGUE else True
    )
    assert code in (1, 2) if error else code == 0
    assert expected in text and path.name in text
    if refused:  # refusal never removes anything
        assert result_master == before and log["accepted"] == log["flagged"] == 0
        assert log["status"] == "ไม่รับทั้งไฟล์" and log["refused"] == log["read"]
        assert expected in log["note"]
        return
    assert log["read"] == _data_rows_of(path)  # every row of the file was read: none lost
    assert log["refused"] == 0 and (log["flagged"] > 0) == (expected in FLAGS_A_ROW)
    # the rows landed: every candidate id of the file is in the master, flagged ones included
    ids = {str(r["id"]) for r in records(master, schema.CANDIDATES)}
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    sent = {str(r[0]) for r in book.get_sheet_by_name(CANDS).to_python()[2:] if r and r[0]}
    assert sent <= ids
    issue_lines = [ln for ln in err.getvalue().splitlines() if expected in ln]
    located = ("แถว", "คอลัมน์") if expected not in ABOUT_A_SHEET else ()
    assert issue_lines and all(w in ln for ln in issue_lines for w in located), issue_lines
    if expected in FLAGS_A_ROW:  # the next recalc still reports it: nothing is hidden
        again = recalc(master, keep_backup=False)
        assert expected in {i.code for i in again.checked.report.errors}
        assert again.exit_code == 1


# -- the files whose bytes are the point: read from disk, consolidated with the master's values -

REFUSED, FLAGGED, LANDS = "ไม่รับทั้งไฟล์", "รับแล้ว มีแถวต้องแก้", "รับทั้งหมด"


def _unscored(*rows: int) -> list[tuple]:
    """REF_006 at each of แม่จัน's leader score rows given, for a candidate left out of the
    computation: once a row, not once for each of its five scores."""
    return [("REF_006", LEADERS, r, "A") for r in rows]


def _refused_by_the_scan(code: str, sheet: str = "") -> tuple:
    return (REFUSED, (0, 0, 0, 0), [(code, sheet, None, "")])


# kind -> (status, (rows read, accepted, flagged, refused), every issue of the file)
FROM_DISK = {
    # a far cell is named where it stands (sheet, row, column), never by the sheet's
    # <dimension> claim: these once said "the sheet has 1,048,576 rows", which was false
    **{
        kind: (REFUSED, (0, 0, 0, 0), [("FILE_018", CANDS, row, column)])
        for kind, row, column in (
            ("far_cell_out_of_order", 1048000, "A"),
            ("far_cell_tab", 1048576, "XFD"),
            ("far_cell_newline", 1048576, "XFD"),
            ("far_cell_quotes", 1048576, "XFD"),
            ("far_cell_in_lower_case", 1048576, "XFD"),
            ("far_cell_with_leading_zeros", 1048576, "XFD"),
            ("far_cell_row_with_leading_zeros", 1048576, "A"),
            ("sheet_part_named_in_capitals_with_a_far_cell", 1048576, "XFD"),
            ("far_cell_at_row_6000", 6000, "C"),
            ("rows_50000", 50002, "A"),
        )
    },
    # a claim is not a cell: the file lands, and nothing is said of a million rows
    "dimension_claims_a_million_rows": (LANDS, (32, 32, 0, 0), []),
    # the value Excel last calculated is used, and where it came from is said at its cell
    "score_from_another_workbook": (LANDS, (32, 32, 0, 0), [("CELL_022", LEADERS, 3, "D")]),
    # named at file level; only values are read
    "macro_project_named_as_an_image": (LANDS, (32, 32, 0, 0), [("FILE_023", "", None, "")]),
    "macro_inside_xlsx": (LANDS, (32, 32, 0, 0), [("FILE_023", "", None, "")]),
    "wide_sparse_sheet": (REFUSED, (0, 0, 0, 0), [("FILE_019", CANDS, 1, "XFD")]),
    "number_cell_holding_4_comma_5": (REFUSED, (0, 0, 0, 0), [("FILE_001", LEADERS, 3, "D")]),
    "shared_strings_claiming_two_billion": (LANDS, (32, 32, 0, 0), []),
    "zip_bomb": _refused_by_the_scan("FILE_014"),
    "xml_entity_bomb": _refused_by_the_scan("FILE_015"),
    "truncated_zip": _refused_by_the_scan("FILE_016"),
    "file_of_30_mb": _refused_by_the_scan("FILE_013"),
    "encrypted": _refused_by_the_scan("FILE_012"),
    "part_named_twice": _refused_by_the_scan("FILE_016"),
    "part_named_out_of_the_package": _refused_by_the_scan("FILE_016"),
    "macro_enabled_xlsm": _refused_by_the_scan("FILE_011"),
    **{
        kind: _refused_by_the_scan("FILE_010")
        for kind in ("not_a_zip", "csv_renamed", "saved_as_ods", "saved_as_xlsb", "saved_as_xls")
    },
    # Excel's error value, in a part the workbook names in capitals: the scan finds the cell
    "sheet_part_named_in_capitals_with_an_error_cell": (
        FLAGGED,
        (32, 28, 4, 0),
        [("CELL_016", CANDS, 3, "C"), *_unscored(3, 4, 5)],  # never "the value used"
    ),
    "error_value_cell": (
        FLAGGED,
        (32, 28, 4, 0),
        [("CELL_016", CANDS, 3, "C"), *_unscored(3, 4, 5)],  # never "the value used"
    ),
    "formula_cell": (LANDS, (32, 32, 0, 0), [("CELL_011", CANDS, 3, "C")]),
    # "_x0007_" as Excel escapes it, read as the character
    "control_characters": (LANDS, (32, 32, 0, 0), [("CELL_014", CANDS, 4, "C")]),
    "non_characters_fffe_ffff": (LANDS, (32, 32, 0, 0), [("CELL_014", CANDS, 4, "C")]),
}


@pytest.fixture(scope="module")
def master_values(demo_file) -> dict:
    return read_values(demo_file)


@pytest.mark.parametrize("kind", sorted(FROM_DISK))
def test_bad_district_file_read_from_disk(kind, filled, master_values, tmp_path):
    path = Path(CORPUS[kind][0](filled / BASE, tmp_path))
    result = consolidate_sheets(master_values, "master.xlsx", [path], None)
    [sub] = result.submissions
    got = [(i.code, i.sheet, i.row, i.column) for i in sub.issues]
    counts = (sub.rows_read, sub.rows_accepted, sub.rows_flagged, sub.rows_refused)
    assert (sub.status, counts, got) == FROM_DISK[kind]
    lines = [(i.code, i.sheet, i.row, i.column, i.value) for i in sub.issues]
    assert len(lines) == len(set(lines))  # one problem, one line
    assert {i.file for i in sub.issues} == ({path.name} if sub.issues else set())
    if sub.refused:  # refusal never changes the master
        for title in (schema.CANDIDATES.title, schema.SCORES.title):
            assert result.sheets[title] == master_values[title]


def _read_one(kind, filled, master_values, tmp_path):
    path = Path(CORPUS[kind][0](filled / BASE, tmp_path))
    [sub] = consolidate_sheets(master_values, "master.xlsx", [path], None).submissions
    return path, sub


def test_a_dimension_claim_is_not_a_cell(filled, master_values, tmp_path):
    path, sub = _read_one("dimension_claims_a_million_rows", filled, master_values, tmp_path)
    with zipfile.ZipFile(path) as z:  # the claim is there, and the file holds 32 data rows
        assert b'<dimension ref="A1:Z1048576"/>' in z.read("xl/worksheets/sheet2.xml")
    assert (sub.status, sub.issues) == (LANDS, [])


def test_a_far_cell_is_named_with_how_to_clear_it(filled, master_values, tmp_path):
    _, sub = _read_one("far_cell_at_row_6000", filled, master_values, tmp_path)
    [item] = sub.issues
    assert (item.code, item.sheet, item.row, item.column, item.value) == (
        "FILE_018",
        CANDS,
        6000,
        "C",
        "C6000",
    )
    assert "เซลล์ C6000 ที่แถว 6000" in item.message_th and "5,000" in item.message_th
    assert "the cell C6000 at row 6000" in item.message_en
    assert "คลิกขวาที่หมายเลขแถว 6000" in item.fix and "ลบ" in item.fix


def test_a_score_from_another_workbook_is_said_at_its_cell(filled, master_values, tmp_path):
    _, sub = _read_one("score_from_another_workbook", filled, master_values, tmp_path)
    [item] = sub.issues
    assert (item.code, item.sheet, item.row, item.column, item.value) == (
        "CELL_022",
        LEADERS,
        3,
        "D",
        "5",  # the value Excel last calculated, used as the score
    )
    assert "ตำบลป่าตึง.xlsx" in item.message_th and "=[1]คะแนน!D3" in item.message_th
    assert item.severity == "warning" and sub.rows_flagged == 0


def test_a_macro_project_is_named_and_never_copied(filled, master_with_demo, tmp_path):
    path = Path(CORPUS["macro_project_named_as_an_image"][0](filled / BASE, tmp_path))
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    result = import_files(master, [path], tmp_path / "annotated")
    [sub] = result.submissions
    assert [(i.code, i.value, i.severity) for i in sub.issues] == [
        ("FILE_023", "xl/media/image9.png", "warning")
    ]
    assert sub.status == LANDS and result.exit_code == 0
    [copy] = result.annotated
    for book in (copy, master):
        with zipfile.ZipFile(book) as z:
            for name in z.namelist():
                assert "vba" not in name.lower()
                data = z.read(name)
                assert not data.startswith(b"\xd0\xcf\x11\xe0"), (book, name)
                assert "_VBA_PROJECT".encode("utf-16-le") not in data, (book, name)


# -- bad district files judged in memory --------------------------------------------------------
# The filled แม่จัน template's values as the reader gives them, changed as a district would
# change them in Excel, judged (``consolidate.judge_sheets``) and consolidated with the master's
# values (``consolidate_sheets``): no file is read or written. What Excel would store as a
# merge or a formula is given as the safety scan gives it.

TABLES = (CANDS, LEADERS, "คะแนน-กลุ่มองค์กรชุมชน", "คะแนน-เครือข่ายชุมชน", "คะแนน-ชุมชน")


def _put(sheets, title, ref, value):
    """One cell set as the reader gives it ("" for an empty cell), rows widened as needed."""
    letters = ref.rstrip("0123456789")
    r, c = int(ref[len(letters) :]), openpyxl.utils.column_index_from_string(letters)
    rows = sheets[title]
    width = max(len(rows[0]), c)
    while len(rows) < r:
        rows.append([""] * width)
    for row in rows:
        row.extend([""] * (width - len(row)))
    rows[r - 1][c - 1] = value


def _set(title, ref, value):
    return lambda s: _put(s, title, ref, value)


def _append(title, values):
    def change(s):
        width = len(s[title][0])
        s[title].append(list(values) + [""] * (width - len(values)))

    return change


def _delete_column(title, col):
    def change(s):
        for row in s[title]:
            del row[col - 1]

    return change


def _meta_value(key, value):
    def change(s):
        next(r for r in s[META] if r[0] == key)[1] = value

    return change


def _in_memory_gap(s):
    """Rows 5-10 moved down two rows (two empty rows in the middle)."""
    rows = s[CANDS]
    s[CANDS] = rows[:4] + [[""] * len(rows[0])] * 2 + rows[4:]


def _in_memory_indicator_twice(s):
    rows = s[LEADERS]
    for i, row in enumerate(rows):
        row.append(row[3] if i == 1 else (1.0 if i > 1 else ""))


def _in_memory_copy(extra_row):
    def change(s):
        s[f"{CANDS} (2)"] = [list(r) for r in s[CANDS]] + ([extra_row] if extra_row else [])

    return change


def _in_memory_empty_all(s):
    for title in TABLES:
        s[title] = s[title][:2]


def _with(**given):
    """Judge with what the file name or the safety scan gives (name=, merges=, formulas=)."""
    return lambda s: given


def _both(*changes):
    def change(s):
        given = {}
        for c in changes:
            given.update(c(s) or {})
        return given

    return change


IN_MEMORY = {
    "wrong_district": _with(name="2568-5716-แม่ลาว.xlsx"),
    "wrong_year": _meta_value("fiscal_year", "2567"),
    "old_template_version": _meta_value("template_version", "0"),
    "wrong_province": _meta_value("province", "เชียงใหม่"),
    "unknown_district": _both(_meta_value("district_code", "9999"), _with(name="แบบฟอร์ม.xlsx")),
    "meta_code_and_name_disagree": _both(
        _meta_value("district_code", "5716"), _with(name="แบบฟอร์ม.xlsx")
    ),
    "meta_key_twice": _append(META, ["district_code", "5716"]),
    "meta_key_missing": lambda s: s[META].pop(3) and None,
    "renamed_header": _set(CANDS, "C2", "ชื่อผู้นำ"),
    "missing_required_column": _delete_column(CANDS, 2),
    "deleted_indicator_column": _delete_column(LEADERS, 5),
    "extra_column": _both(_set(CANDS, "Q2", "เบอร์โทร"), _set(CANDS, "Q3", "0812345678")),
    # the round column renamed: its self-assessments would be read as the committee's scores
    "round_header_renamed": _set(LEADERS, "C2", "รอบประเมิน"),
    # an empty optional column renamed: nothing would go unread
    "empty_column_renamed": _set(CANDS, "E2", "วันตรวจ"),
    # a notes column renamed: an unknown column, not read and said so (never a refusal)
    "notes_header_renamed": _set(CANDS, "F2", "หมายเหตุของอำเภอ"),
    "missing_score_sheet": lambda s: s.pop("คะแนน-ชุมชน") and None,
    "missing_candidates_sheet": lambda s: s.pop(CANDS) and None,
    "merged_cells": _both(_set(CANDS, "C4", ""), _with(merges={CANDS: ["C3:C4"]})),
    "merged_empty_cells": _with(merges={CANDS: ["C150:D151"]}),
    "text_in_score": _set(LEADERS, "D3", "ดีมาก"),
    "thai_digits": _set(LEADERS, "D3", "๔"),
    "out_of_range": _set(LEADERS, "D3", 9.0),
    "duplicate_candidate": lambda s: _append(CANDS, [s[CANDS][2][0], "ผู้นำชุมชน", "ผู้นำซ้ำ"])(s),
    "typo_in_type": _set(CANDS, "B4", "ผู้นำชุมชนน"),
    "typo_in_round_on_a_wide_score_row": _set(LEADERS, "C4", "ประเมินตนเองก่อนพัฒนาา"),
    "blank_name": _set(CANDS, "C4", ""),
    "formula_cell": _with(formulas={CANDS: {(3, 3): None}}),
    "formula_without_a_value": _both(
        _set(CANDS, "C3", ""), _with(formulas={CANDS: {(3, 3): '=HYPERLINK("http://x","x")'}})
    ),
    "formula_whose_value_is_empty": _both(
        _set(CANDS, "F3", ""), _with(formulas={CANDS: {(3, 6): None}})
    ),
    "hostile_formula_text": _both(
        _set(CANDS, "C3", '=HYPERLINK("http://example.invalid","คลิก")'),
        _set(CANDS, "F3", "=cmd|' /C calc'!A0"),
    ),
    "plus_and_minus_text": _set(CANDS, "F3", "+66 81 234 5678"),
    "control_characters": _set(CANDS, "C4", "นาย\x07ทดสอบ\x1bชื่อ"),
    "non_characters_fffe_ffff": _set(CANDS, "C4", "ชื่อ\ufffeทดสอบ\uffff"),
    "bidi_override": _set(CANDS, "C4", "กลุ่ม\u202eทดสอบ\u2066"),
    "million_character_cell": _set(CANDS, "F4", "ย" * 1_000_000),
    # Excel's =NA(): the reader gives the error as its text, the scan the formula
    "error_value_cell": _both(_set(CANDS, "C3", "#N/A"), _with(formulas={CANDS: {(3, 3): None}})),
    "indicator_column_twice": _in_memory_indicator_twice,
    # L1.2's header typed over as L1.1: said once, as L1.2 renamed (never "delete the second
    # column", which would lose L1.2's scores)
    "indicator_header_typed_as_another": _set(LEADERS, "E2", "L1.1"),
    "candidates_sheet_copied_with_a_new_row": _in_memory_copy(
        ["5707-L09", "ผู้นำชุมชน", "ผู้นำชุมชนคนใหม่"]
    ),
    "candidates_sheet_copied_as_it_is": _in_memory_copy(None),
    "a_notes_sheet_of_the_district": lambda s: s.update(บันทึก=[["ส่งเอกสารครบแล้ว"]]),
    "wrong_era_date": _set(CANDS, "E3", "1/5/2525"),
    "zero_width": _set(CANDS, "C4", "ผู้นำ\u200bชุมชน\u200d"),
    "wrong_kind_score": _append(LEADERS, ["5707-G01", "", "", 3.0]),
    "unknown_candidate_score": _append(LEADERS, ["5707-X99", "", "", 3.0]),
    "other_districts_id": _set(CANDS, "A3", "5716-L01"),
    "id_with_other_districts_code": _append(CANDS, ["5701-L99", "ผู้นำชุมชน", "ผู้นำชุมชนใหม่"]),
    "score_for_other_districts_id": _append(LEADERS, ["5716-L01", "", "", 3.0]),
    "unfilled_template": _in_memory_empty_all,
    "empty_rows_in_the_middle": _in_memory_gap,
    "year_in_file_name": _with(name="แม่จัน ส่งข้อมูล มชช 2568.xlsx"),
}

# kind -> (status, (rows read, accepted, flagged, refused), every issue of the file)
IN_MEMORY_FOUND = {
    "wrong_district": (REFUSED, (32, 0, 0, 32), [("TPL_006", "", None, "")]),
    "wrong_year": (REFUSED, (32, 0, 0, 32), [("TPL_002", META, None, "")]),
    "round_header_renamed": (REFUSED, (32, 0, 0, 32), [("SHEET_005", LEADERS, 2, "C")]),
    "empty_column_renamed": (LANDS, (32, 32, 0, 0), [("SHEET_003", CANDS, 2, "E")]),
    "notes_header_renamed": (LANDS, (32, 32, 0, 0), [("SHEET_003", CANDS, 2, "F")]),
    "old_template_version": (REFUSED, (32, 0, 0, 32), [("TPL_003", META, None, "")]),
    "wrong_province": (REFUSED, (32, 0, 0, 32), [("TPL_001", META, None, "")]),
    "unknown_district": (REFUSED, (32, 0, 0, 32), [("TPL_005", META, None, "")]),
    "meta_code_and_name_disagree": (REFUSED, (32, 0, 0, 32), [("TPL_008", META, None, "")]),
    "meta_key_twice": (REFUSED, (32, 0, 0, 32), [("TPL_007", META, 8, "A")]),
    "meta_key_missing": (REFUSED, (32, 0, 0, 32), [("TPL_007", META, None, "")]),
    "renamed_header": (REFUSED, (32, 0, 0, 32), [("SHEET_005", CANDS, 2, "C")]),
    "missing_required_column": (REFUSED, (32, 0, 0, 32), [("SHEET_002", CANDS, 2, "")]),
    "deleted_indicator_column": (REFUSED, (32, 0, 0, 32), [("SHEET_002", LEADERS, 2, "")]),
    "indicator_column_twice": (REFUSED, (32, 0, 0, 32), [("SHEET_012", LEADERS, 2, "I")]),
    "indicator_header_typed_as_another": (
        REFUSED,
        (32, 0, 0, 32),
        [("SHEET_005", LEADERS, 2, "E")],
    ),
    "missing_score_sheet": (REFUSED, (26, 0, 0, 26), [("SHEET_001", "คะแนน-ชุมชน", None, "")]),
    "missing_candidates_sheet": (REFUSED, (24, 0, 0, 24), [("SHEET_001", CANDS, None, "")]),
    "merged_cells": (REFUSED, (32, 0, 0, 32), [("CELL_010", CANDS, 3, "")]),
    "candidates_sheet_copied_with_a_new_row": (
        REFUSED,
        (41, 0, 0, 41),
        [("SHEET_008", f"{CANDS} (2)", None, "")],
    ),
    "other_districts_id": (REFUSED, (32, 0, 0, 32), [("IMP_004", CANDS, 3, "A")]),
    "id_with_other_districts_code": (REFUSED, (33, 0, 0, 33), [("IMP_005", CANDS, 11, "A")]),
    "score_for_other_districts_id": (REFUSED, (33, 0, 0, 33), [("IMP_004", LEADERS, 12, "A")]),
    "unfilled_template": (REFUSED, (0, 0, 0, 0), [("TPL_009", "", None, "")]),
    # flagged: the row lands, left out of the computation (so are the scores of a candidate)
    "text_in_score": (
        FLAGGED,
        (32, 31, 1, 0),
        [("CELL_002", LEADERS, 3, "D"), ("SCO_001", CANDS, 3, "A")],
    ),
    "out_of_range": (
        FLAGGED,
        (32, 31, 1, 0),
        [("REF_004", LEADERS, 3, "D"), ("SCO_001", CANDS, 3, "A")],
    ),
    "duplicate_candidate": (FLAGGED, (33, 32, 1, 0), [("ROW_001", CANDS, 11, "A")]),
    "typo_in_type": (FLAGGED, (32, 28, 4, 0), [("CELL_008", CANDS, 4, "B"), *_unscored(6, 7, 8)]),
    # five master score rows, one cell of the file: one line
    "typo_in_round_on_a_wide_score_row": (FLAGGED, (32, 31, 1, 0), [("CELL_008", LEADERS, 4, "C")]),
    "blank_name": (FLAGGED, (32, 28, 4, 0), [("CELL_001", CANDS, 4, "C"), *_unscored(6, 7, 8)]),
    "million_character_cell": (
        FLAGGED,
        (32, 28, 4, 0),
        [("CELL_015", CANDS, 4, "F"), *_unscored(6, 7, 8)],
    ),
    "error_value_cell": (
        FLAGGED,
        (32, 28, 4, 0),
        [("CELL_016", CANDS, 3, "C"), *_unscored(3, 4, 5)],  # never "the value used"
    ),
    "wrong_era_date": (
        FLAGGED,
        (32, 28, 4, 0),
        [("CELL_012", CANDS, 3, "E"), *_unscored(3, 4, 5)],
    ),
    # a score row's problem as a whole: once, at its id, however many indicators it has
    "wrong_kind_score": (FLAGGED, (33, 32, 1, 0), [("REF_005", LEADERS, 12, "A")]),
    "unknown_candidate_score": (FLAGGED, (33, 32, 1, 0), [("REF_002", LEADERS, 12, "A")]),
    # warnings: everything lands
    "extra_column": (LANDS, (32, 32, 0, 0), [("SHEET_003", CANDS, 2, "Q")]),
    "thai_digits": (LANDS, (32, 32, 0, 0), [("CELL_003", LEADERS, 3, "D")]),
    "formula_cell": (LANDS, (32, 32, 0, 0), [("CELL_011", CANDS, 3, "C")]),
    "formula_without_a_value": (
        LANDS,
        (32, 32, 0, 0),
        # one cell, one problem: the formula kept as its text (in the master: text, never run)
        [("CELL_018", CANDS, 3, "C")],
    ),
    "formula_whose_value_is_empty": (LANDS, (32, 32, 0, 0), [("CELL_019", CANDS, 3, "F")]),
    "hostile_formula_text": (
        LANDS,
        (32, 32, 0, 0),
        [("CELL_013", CANDS, 3, "C"), ("CELL_013", CANDS, 3, "F")],
    ),
    "plus_and_minus_text": (LANDS, (32, 32, 0, 0), [("CELL_013", CANDS, 3, "F")]),
    "control_characters": (LANDS, (32, 32, 0, 0), [("CELL_014", CANDS, 4, "C")]),
    "non_characters_fffe_ffff": (LANDS, (32, 32, 0, 0), [("CELL_014", CANDS, 4, "C")]),
    "bidi_override": (LANDS, (32, 32, 0, 0), [("CELL_014", CANDS, 4, "C")]),
    "zero_width": (LANDS, (32, 32, 0, 0), [("CELL_004", CANDS, 4, "C")]),
    "candidates_sheet_copied_as_it_is": (
        LANDS,
        (32, 32, 0, 0),
        [("SHEET_009", f"{CANDS} (2)", None, "")],
    ),
    "a_notes_sheet_of_the_district": (LANDS, (32, 32, 0, 0), [("SHEET_009", "บันทึก", None, "")]),
    # harmless quirks
    "merged_empty_cells": (LANDS, (32, 32, 0, 0), []),
    "empty_rows_in_the_middle": (LANDS, (32, 32, 0, 0), []),
    "year_in_file_name": (LANDS, (32, 32, 0, 0), []),
}


@pytest.fixture(scope="module")
def filled_values(filled) -> dict:
    """แม่จัน's filled template as the reader gives it."""
    return read_values(filled / BASE)


def test_every_case_in_memory_has_its_issues_written_down():
    assert sorted(IN_MEMORY) == sorted(IN_MEMORY_FOUND)


@pytest.mark.parametrize("kind", sorted(IN_MEMORY))
def test_bad_district_file_in_memory(kind, filled_values, master_values):
    sheets = copy.deepcopy(filled_values)
    given = IN_MEMORY[kind](sheets) or {}
    name = given.pop("name", BASE)

    def judge(path, data, ctx):
        return judge_sheets(sheets, path.name, data, ctx, **given)

    result = consolidate_sheets(master_values, "master.xlsx", [Path(name)], None, read=judge)
    [sub] = result.submissions
    got = [(i.code, i.sheet, i.row, i.column) for i in sub.issues]
    counts = (sub.rows_read, sub.rows_accepted, sub.rows_flagged, sub.rows_refused)
    assert (sub.status, counts, got) == IN_MEMORY_FOUND[kind]
    assert {i.file for i in sub.issues} <= {name}
    cands = {t: result.sheets[t] for t in (schema.CANDIDATES.title, schema.SCORES.title)}
    if sub.refused:  # refusal never changes the master
        assert cands == {t: master_values[t] for t in cands}
        return
    # every row of the file was read (none lost) and landed, flagged ones included
    assert sub.rows_read == sum(
        1 for t in TABLES for r in sheets[t][2:] if any(v not in (None, "") for v in r)
    )
    ids = {r[0] for r in cands[schema.CANDIDATES.title][2:]}
    assert {r[0] for r in sheets[CANDS][2:] if r and r[0]} <= ids
    # the master's own check reports each error too: the next recalculation hides nothing
    in_master = {i.code for i in result.run.checked.report.errors if i.file != name}
    assert {i.code for i in sub.errors} <= in_master


def _listing(path: Path) -> list[tuple]:
    """The problems an annotated copy lists: (code, sheet, row, column, value)."""
    ws = openpyxl.load_workbook(path)["ปัญหาที่พบ"]
    return [
        (r[2], r[4] or "", r[5], r[6] or "", r[7] or "")
        for r in ws.iter_rows(min_row=3, values_only=True)
        if r[0]
    ]


def _comments(path: Path) -> dict[tuple[str, str], list[str]]:
    """The comments of an annotated copy's cells, each split into its messages."""
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): c.comment.text.split("\n\n")
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.comment
    }


@pytest.mark.parametrize("kind", sorted(IN_MEMORY))
def test_one_problem_is_one_line_in_the_submission_and_its_annotated_copy(
    kind, filled_values, master_values, tmp_path
):
    sheets = copy.deepcopy(filled_values)
    given = IN_MEMORY[kind](sheets) or {}
    name = given.pop("name", BASE)

    def judge(path, data, ctx):
        return judge_sheets(sheets, path.name, data, ctx, **given)

    result = consolidate_sheets(master_values, "master.xlsx", [Path(name)], tmp_path, read=judge)
    [sub] = result.submissions
    lines = [(i.code, i.sheet, i.row, i.column, i.value) for i in sub.issues]
    assert len(lines) == len(set(lines)), lines
    for path in result.annotated:
        listed = _listing(path)
        assert len(listed) == len(set(listed)) and len(listed) == len(
            [i for i in sub.issues if i.severity.value != "info"]
        )
        for cell, messages in _comments(path).items():
            assert len(messages) == len(set(messages)), (cell, messages)


def test_a_formula_with_no_calculated_value_is_kept_as_its_text(filled, master_with_demo, tmp_path):
    """A file written by a script holds formulas without values: the formula's text lands as
    text (said so, CELL_018), instead of an empty name said to be "the calculated value"."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)

    def formulas(wb):
        _formula(wb)
        wb["คะแนน-ผู้นำชุมชน"]["D3"] = "=2+2"

    src = _edit(filled / BASE, tmp_path / BASE, formulas)
    result = import_files(master, [src], tmp_path / "back")
    sub = result.submissions[0]
    link = '=HYPERLINK("http://example.invalid","x")'
    assert [(i.code, i.sheet, i.row, i.column, i.value) for i in sub.issues] == [
        ("CELL_018", CANDS, 3, "C", link),
        ("CELL_018", "คะแนน-ผู้นำชุมชน", 3, "D", "=2+2"),
        ("CELL_002", "คะแนน-ผู้นำชุมชน", 3, "D", "=2+2"),
        ("SCO_001", CANDS, 3, "A", "5707-L01"),  # its score is not a number: incomplete
    ]
    # one problem at one cell in the import's output and the master's issues too
    assert sorted((i.code, i.file, i.sheet, i.row, i.column) for i in result.listed) == sorted(
        (i.code, i.file, i.sheet, i.row, i.column) for i in sub.issues
    )
    in_master = [(r["code"], r["sheet"], r["column"]) for r in records(master, schema.ISSUES)]
    assert [x for x in in_master if x[0] in ("CELL_013", "CELL_018")] == [
        ("CELL_018", CANDS, "D"),
        ("CELL_018", "คะแนน", "C"),
    ]
    cands = {r["id"]: r for r in records(master, schema.CANDIDATES)}
    first = sheet_values(src, CANDS)[2][0]
    assert cands[first]["name"] == '=HYPERLINK("http://example.invalid","x")'
    typed = [r["score"] for r in records(master, schema.SCORES) if r["candidate"] == first]
    assert "=2+2" in typed  # kept as typed, flagged as not a number
    for book in (master, *result.annotated):
        with zipfile.ZipFile(book) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    # the copy sent back shows the district what landed: the formula's text, as text
    [back] = result.annotated
    got = openpyxl.load_workbook(back)
    assert [got[CANDS]["C3"].value, got["คะแนน-ผู้นำชุมชน"]["D3"].value] == [link, "=2+2"]
    assert [got[CANDS]["C3"].data_type, got["คะแนน-ผู้นำชุมชน"]["D3"].data_type] == ["s", "s"]


def test_hostile_text_never_becomes_a_formula(filled, master_with_demo, tmp_path):
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    src = _edit(filled / BASE, tmp_path / BASE, _hostile)
    result = import_files(master, [src], tmp_path / "back")
    for book in [master, *result.annotated]:
        with zipfile.ZipFile(book) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = z.read(name)
                    assert b"<f>" not in xml and b"<f " not in xml, (book, name)
    names = [r[3] for r in _data_rows(master, schema.CANDIDATES.title)]
    assert '=HYPERLINK("http://example.invalid","คลิก")' in names


def test_an_id_resent_with_invisible_characters_is_the_same_candidate(
    filled, master_with_demo, tmp_path
):
    """ "5707-L03" typed again with a zero-width space, with spaces around it, in full-width
    forms or with a look-alike dash, is the same candidate: cleaned (said so), not also "removed" (IMP_003) as it was when ids were
    compared as typed. Another district's id with a zero-width space is still another
    district's id (IMP_004), not a new one."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    ids_before = sorted(str(r["id"]) for r in records(master, schema.CANDIDATES))

    def spaced(wb):
        ws = wb[CANDS]
        row = {ws[f"A{r}"].value: r for r in range(3, ws.max_row + 1)}
        ws[f"A{row['5707-L03']}"] = "5707-L03\u200b"
        ws[f"A{row['5707-L01']}"] = " 5707-L01 "
        ws[f"A{row['5707-G01']}"] = "๕๗๐๗-G๐๑"
        ws[f"A{row['5707-L02']}"] = "５７０７－Ｌ０２"  # full-width, from an East Asian layout
        ws[f"A{row['5707-C01']}"] = "5707\u2011C01"  # a non-breaking hyphen
        ws[f"A{row['5707-C02']}"] = "5707\u2212C02"  # a minus sign

    src = _edit(filled / BASE, tmp_path / BASE, spaced)
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", str(master), str(src)], out=out, err=err)
    codes = [ln.split()[1] for ln in err.getvalue().splitlines() if ln.startswith("คำเตือน")]
    assert (code, sorted(codes)) == (
        0,
        ["CELL_003", "CELL_004", "CELL_004", "CELL_021", "CELL_021", "CELL_021"],
    )  # warnings only: done, 0 (1 with --strict)
    assert sorted(str(r["id"]) for r in records(master, schema.CANDIDATES)) == ids_before
    # another district's id, behind a zero-width space or in Thai digits; a new id with
    # another district's code in Thai digits
    for n, (ident, code) in enumerate(
        [
            ("5716-L01\u200b", "IMP_004"),
            ("๕๗๑๖-L๐๑", "IMP_004"),
            ("๕๗๐๑-L99", "IMP_005"),
            ("５７１６－Ｌ０１", "IMP_004"),
            ("5701\u2011L98", "IMP_005"),
        ]
    ):
        (tmp_path / str(n)).mkdir()
        if code == "IMP_005":
            foreign = _edit(filled / BASE, tmp_path / str(n) / BASE, _new_candidate(ident))
        else:
            foreign = _edit(filled / BASE, tmp_path / str(n) / BASE, _cell(CANDS, "A3", ident))
        err = io.StringIO()
        assert main(["import", str(master), str(foreign)], out=io.StringIO(), err=err) == 1
        assert [ln.split()[1] for ln in err.getvalue().splitlines() if "IMP_00" in ln] == [code]
        assert sorted(str(r["id"]) for r in records(master, schema.CANDIDATES)) == ids_before


def test_an_id_the_master_already_gives_the_district_is_its_own(master_with_demo, tmp_path):
    """A master made before ids carried district codes may give แม่จัน an id "5701-L77": its
    file sending that id back is not taking เมืองเชียงราย's code (no IMP_005)."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    wb = openpyxl.load_workbook(master)
    for title, col in ((schema.CANDIDATES.title, 1), (schema.SCORES.title, 1)):
        ws = wb[title]
        for r in range(schema.FIRST_DATA_ROW, ws.max_row + 1):
            if ws.cell(r, col).value == "5707-L01":
                ws.cell(r, col).value = "5701-L77"
    wb.save(master)
    [template] = [p for p in write_templates(master, tmp_path / "t") if "5707" in p.name]
    fill(template, evaluate(master).checked.data, "5707")
    before = sorted((r["id"], r["district"]) for r in records(master, schema.CANDIDATES))
    result = import_files(master, [template], tmp_path / "back")
    assert [(s.status, [i.code for i in s.issues]) for s in result.submissions] == [("รับทั้งหมด", [])]
    assert sorted((r["id"], r["district"]) for r in records(master, schema.CANDIDATES)) == before


def test_annotated_copy_marks_each_bad_cell(filled, master_with_demo, tmp_path):
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    src = _edit(filled / BASE, tmp_path / BASE, _cell("คะแนน-ผู้นำชุมชน", "E4", 9))
    result = import_files(master, [src], tmp_path / "back")
    [copy] = result.annotated
    assert copy.name == "2568-5707-แม่จัน-ตรวจแล้ว.xlsx"
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == "ปัญหาที่พบ"
    bad = wb["คะแนน-ผู้นำชุมชน"]["E4"]
    assert bad.value == 9 and bad.fill.fgColor.rgb.endswith("FFC7CE")
    assert "ต้องอยู่ระหว่าง" not in bad.comment.text and "นอกช่วง 1–5" in bad.comment.text
    assert not bad.protection.locked  # the district can fix it
    listing = [r for r in wb["ปัญหาที่พบ"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert [(r[2], r[4], r[5], r[6]) for r in listing] == [("REF_004", "คะแนน-ผู้นำชุมชน", 4, "E")]


def test_the_annotated_copy_fixed_and_sent_back_as_it_is_lands_clean(
    filled, master_with_demo, tmp_path
):
    """Issue 21: the copy is a valid submission; its own sheet and comments are not a word."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    src = _edit(filled / BASE, tmp_path / BASE, _cell(LEADERS, "E4", 9))
    first = import_files(master, [src], tmp_path / "back")
    [sub] = first.submissions
    assert [(i.code, i.sheet, i.row, i.column) for i in sub.issues] == [
        ("REF_004", LEADERS, 4, "E")
    ]
    [back] = first.annotated
    instructions = [
        r[0] for r in openpyxl.load_workbook(back)["คำแนะนำ"].iter_rows(values_only=True)
    ]
    assert any(t and "ไม่ต้องลบแผ่นงาน ปัญหาที่พบ" in t for t in instructions)
    wb = openpyxl.load_workbook(back)
    assert wb[LEADERS]["E4"].comment is not None
    # sent back unfixed, it is checked again under the same name (not "-ตรวจแล้ว-ตรวจแล้ว")
    unfixed = import_files(master, [back], tmp_path / "back1")
    assert [p.name for p in unfixed.annotated] == [back.name]
    wb[LEADERS]["E4"].value = 4
    fixed = tmp_path / "again" / back.name
    fixed.parent.mkdir()
    wb.save(fixed)
    again = import_files(master, [fixed], tmp_path / "back2")
    [sub] = again.submissions
    counts = (sub.rows_read, sub.rows_accepted, sub.rows_flagged, sub.rows_refused)
    assert (sub.status, counts, sub.issues) == (LANDS, (32, 32, 0, 0), [])
    assert again.annotated == []


def test_a_district_sheet_named_like_the_copys_problems_is_still_named(
    filled_values, master_values
):
    """Only the product's own sheet (its title and its header row) is passed over in silence."""
    for rows in ([["ส่งเอกสารครบแล้ว"]], [["หมายเหตุ"], ["ลำดับ", "ปัญหา"], [1, "ขาดคะแนน"]]):
        sheets = {**copy.deepcopy(filled_values), "ปัญหาที่พบ": rows}
        sub = judge_sheets(sheets, BASE, read_context(master_values, "master.xlsx"))
        assert [(i.code, i.sheet) for i in sub.issues] == [("SHEET_009", "ปัญหาที่พบ")]
    headers = schema.TEMPLATE_PROBLEMS.headers
    for head in (headers, headers[:-1]):  # a copy made before ตำแหน่งในอีกไฟล์ was added too
        ours = [["ปัญหาที่พบในไฟล์นี้"], head, [1, "ผิดพลาด", "REF_004"]]
        sheets = {**copy.deepcopy(filled_values), "ปัญหาที่พบ": ours}
        sub = judge_sheets(sheets, BASE, read_context(master_values, "master.xlsx"))
        assert (sub.status, sub.rows_read, sub.issues) == (LANDS, 32, [])


def test_the_scan_tells_a_formula_without_a_value_from_one_whose_value_is_empty():
    """What each writer leaves in a formula cell, and what the scan makes of it: Excel and
    LibreOffice write a calculated value (an empty text result as t="str" with <v></v>);
    openpyxl and other scripts write none, and then the formula's text is kept."""
    from mchch_xl.files.safety import cells

    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="3">'
        b'<c r="A3" t="n"><f>2+2</f><v>4</v></c>'  # Excel, LibreOffice
        b'<c r="B3" t="str"><f>IF(1=1,&quot;&quot;,&quot;x&quot;)</f><v></v></c>'  # "" result
        b'<c r="C3"><f>2+2</f><v></v></c>'  # openpyxl
        b'<c r="D3"><f>HYPERLINK("a","b&amp;c")</f></c>'  # no <v> at all
        b'<c r="G3" t="str"><f>"x"&amp;"y"</f></c>'  # text-typed, still no <v>: not calculated
        b'<c r="E3"><f t="shared" ref="E3:E4" si="0">A3+1</f><v></v></c>'
        b'</row><row r="4">'
        b'<c r="E4"><f t="shared" si="0"/><v></v></c>'  # a shared formula's follower
        b'<c r="F4" t="e"><f>NA()</f><v>#N/A</v></c>'
        b'<c r="G4" xmlns:q="urn:q" q:a="&gt;>" t="e"><v>#N/A</v></c>'  # ">" in a value
        b"</row></sheetData></worksheet>"
    )
    assert cells(sheet) == (
        {
            (3, 1): None,
            (3, 2): None,
            (3, 3): "=2+2",
            (3, 4): '=HYPERLINK("a","b&c")',
            (3, 7): '="x"&"y"',
            (3, 5): "=A3+1",
            (4, 5): None,  # no text of its own (CELL_019: said to be empty)
            (4, 6): None,
        },
        {(4, 6): "#N/A", (4, 7): "#N/A"},
    )


def test_a_dtd_is_found_wherever_the_prolog_puts_it():
    """A DTD stands before the root element, after comments as long as they come: the scan
    reads the prolog to its end (a 4 KB look missed one after a 5,000-character comment),
    in any case of name and in UTF-16."""
    from mchch_xl.files.safety import declares_dtd

    parts = {
        "plain.xml": b'<?xml version="1.0"?><a/>',
        "dtd.xml": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a/>',
        "padded.xml": b'<?xml version="1.0"?><!--' + b"p" * 5000 + b"--><!DOCTYPE a><a/>",
        "long.xml": b"<?xml?><!--" + b"p" * 200_000 + b"--><?pi x?>\n <!DOCTYPE a><a/>",
        "in_a_comment.xml": b"<?xml?><!-- <!DOCTYPE a> --><a/>",
        "in_the_root.xml": b"<a><!DOCTYPE b></a>",
        "upper.XML": b"<!DOCTYPE a><a/>",
        "utf16.xml": '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a><a/>'.encode("utf-16"),
        "utf16le.xml": "<?xml?><!DOCTYPE a><a/>".encode("utf-16-le"),
        "bom.xml": b'\xef\xbb\xbf<?xml version="1.0"?>\r\n<!DOCTYPE a><a/>',
        "xl/media/image1.png": b"<!DOCTYPE a>",
        "unterminated.xml": b"<!-- never ends",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with zipfile.ZipFile(buf) as z:
        assert {name: declares_dtd(z, name) for name in parts} == {
            "plain.xml": False,
            "dtd.xml": True,
            "padded.xml": True,
            "long.xml": True,
            "in_a_comment.xml": False,
            "in_the_root.xml": False,
            "upper.XML": True,
            "utf16.xml": True,
            "utf16le.xml": True,
            "bom.xml": True,
            "xl/media/image1.png": False,
            "unterminated.xml": False,
        }


def test_a_newer_file_refused_for_an_id_leaves_the_older_usable_one_to_land(
    filled, master_with_demo, tmp_path
):
    """Two files of แม่จัน: the newer takes เมืองเชียงราย's id (IMP_004) and is refused; the
    older, usable one lands instead of being called superseded by a file that lands nothing
    (a newer file refused for its structure never took the older one down either)."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    older = tmp_path / "a" / BASE
    older.parent.mkdir()
    shutil.copy(filled / BASE, older)
    os.utime(older, (1_600_000_000, 1_600_000_000))
    (tmp_path / "b").mkdir()
    newer = _edit(filled / BASE, tmp_path / "b" / f"แก้แล้ว-{BASE}", _cell(CANDS, "A3", "5701-L01"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(master), str(older), str(newer)], out=out, err=err) == 1
    assert out.getvalue().splitlines()[:3] == [
        f"  {BASE}: รับทั้งหมด อ่าน 32 = รับ 32 + รับแต่ต้องแก้ 0 + ไม่รับ 0",
        f"  {newer.name}: ไม่รับทั้งไฟล์ อ่าน 32 = รับ 0 + รับแต่ต้องแก้ 0 + ไม่รับ 32",
        "นำเข้า 2 ไฟล์: แทนที่ข้อมูล 1 อำเภอ, ไม่เปลี่ยนแปลง 0, ไม่รับทั้งไฟล์ 1; "
        "แถวที่อ่าน 64 = รับ 32 + รับแต่ต้องแก้ 0 + ไม่รับ 32",
    ]
    assert [ln.split()[1] for ln in err.getvalue().splitlines() if ln.startswith("ผิดพลาด")] == [
        "IMP_004"
    ]
    log = records(master, schema.IMPORT_LOG)[-2:]
    assert [(r["file"], r["status"], r["accepted"], r["refused"]) for r in log] == [
        (BASE, "รับทั้งหมด", 32, 0),
        (newer.name, "ไม่รับทั้งไฟล์", 0, 32),
    ]


def test_a_folder_walk_reports_files_saved_in_other_formats(filled, empty, tmp_path):
    """A district that saved as .ods or .xlsb: the walk names the file (FILE_010, what it is),
    instead of passing over it as if nothing had been sent."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(filled / BASE, inbox / BASE)
    for ext in (".ods", ".xlsb"):
        shutil.copy(filled / BASE, inbox / f"เชียงของ{ext}")
    result = import_files(empty, [inbox], tmp_path / "back")
    assert sorted(
        (s.path.name, s.status, [i.code for i in s.issues]) for s in result.submissions
    ) == [
        (BASE, "รับทั้งหมด", []),
        ("เชียงของ.ods", "ไม่รับทั้งไฟล์", ["FILE_010"]),
        ("เชียงของ.xlsb", "ไม่รับทั้งไฟล์", ["FILE_010"]),
    ]


def test_a_shared_string_claim_is_read_as_the_reader_reads_it():
    """The reader reserves room for the root's uniqueCount before it reads a string: the
    claim is taken from the root element itself, whatever comes before it or how it is
    written, so no decoy (a comment, another attribute) answers for it; an inflated claim is
    dropped from the root (every other byte kept: the decoys too) and the strings are read."""
    import zipfile as zf

    from mchch_xl.files.safety import overclaim

    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    body = b"<si><t>a</t></si><si><t>b &gt; c</t></si></sst>"
    parts = {
        "fits": b'<?xml version="1.0"?><sst ' + ns + b' count="2" uniqueCount="2">' + body,
        "claims_two_billion": b"<sst " + ns + b' uniqueCount="2000000000">' + body,
        "after_a_long_comment": b"<!--"
        + b"x" * 5000
        + b"--><sst "
        + ns
        + b' uniqueCount="2000000000">'
        + body,
        "behind_a_decoy_comment": b'<!-- uniqueCount="1" --><sst '
        + ns
        + b' uniqueCount="2000000000">'
        + body,
        "spaced_and_single_quoted": b"<sst "
        + ns
        + b" " * 5000
        + b"uniqueCount = '2000000000'>"
        + body,
        "behind_a_decoy_attribute": b"<sst "
        + ns
        + b' xmlns:z="urn:z" z:uniqueCount="1" uniqueCount="2000000000">'
        + body,
        "a_value_holding_a_bracket": b"<sst "
        + ns
        + b' xmlns:z="urn:z" z:note="a > b" uniqueCount="2000000000">'
        + body,
        "not_a_number": b"<sst " + ns + b' uniqueCount="-1">' + body,
        "a_digit_int_cannot_read": b"<sst " + ns + ' uniqueCount="²">'.encode() + body,
    }
    got = {}
    for name, xml in parts.items():
        buf = io.BytesIO()
        with zf.ZipFile(buf, "w") as z:
            z.writestr("xl/sharedStrings.xml", xml)
        got[name] = overclaim(zf.ZipFile(buf), Path(f"{name}.xlsx")).get("xl/sharedStrings.xml")
    root = b"<sst " + ns
    assert got == {
        "fits": None,
        "claims_two_billion": root + b">" + body,
        "after_a_long_comment": b"<!--" + b"x" * 5000 + b"-->" + root + b">" + body,
        "behind_a_decoy_comment": b'<!-- uniqueCount="1" -->' + root + b">" + body,
        "spaced_and_single_quoted": root + b">" + body,
        "behind_a_decoy_attribute": root + b' xmlns:z="urn:z">' + body,
        "a_value_holding_a_bracket": root + b' xmlns:z="urn:z" z:note="a > b">' + body,
        "not_a_number": root + b">" + body,
        "a_digit_int_cannot_read": root + b">" + body,
    }


def test_a_workbook_claiming_two_billion_strings_reads_as_excel_opens_it(filled, tmp_path):
    """The reader given the mended part reads every string of the file, as Excel shows them."""
    src = _zip_with(
        filled / BASE, tmp_path / BASE, replace={"xl/sharedStrings.xml": _strings_claim_two_billion}
    )
    assert read_values(src) == read_values(filled / BASE)


def test_a_number_cell_that_holds_no_number_is_named_where_it_stands(filled, demo_file, tmp_path):
    """The reader gives up on a whole file for one cell stored as a number that holds "4,5":
    the refusal names that cell, in Thai, instead of the reader's English."""
    src = _zip_with(
        filled / BASE, tmp_path / BASE, replace={"xl/worksheets/sheet3.xml": _number_not_a_number}
    )
    with zipfile.ZipFile(src) as z:
        assert b'<c r="D3"' in z.read("xl/worksheets/sheet3.xml")
        assert b"<v>4,5</v>" in z.read("xl/worksheets/sheet3.xml")
    from mchch_xl.flows.consolidate import read_submission

    sub = read_submission(src, evaluate(demo_file).checked.data)
    assert [(i.code, i.sheet, i.row, i.column) for i in sub.issues] == [
        ("FILE_001", LEADERS, 3, "D")
    ]
    assert "'4,5' ไม่ใช่ตัวเลข" in sub.issues[0].message_th


# -- ids that never collide (issue 21, item 4) ---------------------------------------------------

MUEANG = "2568-5701-เมืองเชียงราย.xlsx"


def _unprefixed(sheets: dict, *ids: str, numbered: str = "") -> dict:
    """A district file whose ids (``ids``, or all) are typed without the district's code
    ("L01", or with ``numbered`` in its place: "2568-L01"), in the candidates and the score
    sheets alike."""
    for title in TABLES:
        for row in sheets[title][2:]:
            if row and isinstance(row[0], str) and (not ids or row[0] in ids):
                row[0] = numbered + row[0].split("-", 1)[1]
    return sheets


def _import_in_memory(master: dict, files: dict[str, dict], names: list[str]):
    def judge(path, data, ctx):
        return judge_sheets(copy.deepcopy(files[path.name]), path.name, data, ctx)

    return consolidate_sheets(master, "master.xlsx", [Path(n) for n in names], None, read=judge)


def _rows(sheets: dict, title: str) -> list[tuple]:
    return _key(r for r in sheets[title][2:] if any(v not in (None, "") for v in r))


@pytest.mark.parametrize("numbered", ["", "2568-"])
def test_districts_numbering_alike_both_land_in_either_order(numbered, filled, empty):
    """แม่จัน and เมืองเชียงราย both number their candidates L01, L02, ... (or 2568-L01: four
    digits that are no district's code): each id is given its district's code, and the master
    comes out the same whichever file comes first, in one run or one file a day."""
    files = {n: _unprefixed(read_values(filled / n), numbered=numbered) for n in (BASE, MUEANG)}
    master = read_values(empty)
    outcomes = {}
    for order in ([BASE, MUEANG], [MUEANG, BASE]):
        one_run = _import_in_memory(master, files, order)
        assert [s.status for s in one_run.submissions] == [LANDS, LANDS]
        day_one = _import_in_memory(master, files, order[:1])
        day_two = _import_in_memory(day_one.sheets, files, order[1:])
        assert [s.status for s in day_one.submissions + day_two.submissions] == [LANDS, LANDS]
        for how, result in (("one run", one_run), ("day by day", day_two)):
            outcomes[(*order, how)] = {
                t: _rows(result.sheets, t) for t in (schema.CANDIDATES.title, schema.SCORES.title)
            }
    first = next(iter(outcomes.values()))
    assert all(o == first for o in outcomes.values()), list(outcomes)
    sent = {
        r[0].replace("-", f"-{numbered}", 1)  # 5707-L01 (or 5707-2568-L01) ... 5701-L01 ...
        for n in (BASE, MUEANG)
        for r in read_values(filled / n)[CANDS][2:]
        if r and r[0]
    }
    assert {r[0] for r in first[schema.CANDIDATES.title]} == sent
    assert {r[0] for r in first[schema.SCORES.title]} <= sent  # the scores followed


def test_every_id_held_by_another_district_is_named_in_one_run(filled_values, master_values):
    """Three ids แม่ลาว and เมืองเชียงราย hold, two candidates and a score row: all three
    named at once, each with its place in the file and where it stands in the master."""
    sheets = copy.deepcopy(filled_values)
    _put(sheets, CANDS, "A3", "5716-L01")
    _put(sheets, CANDS, "A4", "5701-L02")
    _append(LEADERS, ["5716-L03", "", "", 3.0])(sheets)
    result = _import_in_memory(master_values, {BASE: sheets}, [BASE])
    [sub] = result.submissions
    at = {r[0]: n for n, r in enumerate(master_values[schema.CANDIDATES.title], start=1)}
    got = [(i.code, i.sheet, i.row, i.column, i.value, dict(i.params)) for i in sub.issues]

    def held(ident, owner):
        where = f"สมุดงานหลัก แผ่นงาน {schema.CANDIDATES.title} แถว {at[ident]}"
        return {"owner": owner, "place": where}

    assert (sub.status, got) == (
        REFUSED,
        [
            ("IMP_004", CANDS, 3, "A", "5716-L01", held("5716-L01", "แม่ลาว")),
            ("IMP_004", CANDS, 4, "A", "5701-L02", held("5701-L02", "เมืองเชียงราย")),
            ("IMP_004", LEADERS, 12, "A", "5716-L03", held("5716-L03", "แม่ลาว")),
        ],
    )
    for title in (schema.CANDIDATES.title, schema.SCORES.title):  # refused: nothing changed
        assert result.sheets[title] == master_values[title]


def test_an_id_typed_without_the_district_code_is_given_it_and_its_scores_follow(
    filled_values, master_values
):
    """ "L02" in แม่จัน's file lands as 5707-L02, said at each cell it was typed in (a warning:
    the file lands whole); its scores, typed "L02" too, follow it: the master is the same as
    for the file typed in full."""
    typed = _unprefixed(copy.deepcopy(filled_values), "5707-L02")
    result = _import_in_memory(master_values, {BASE: typed}, [BASE])
    full = _import_in_memory(master_values, {BASE: filled_values}, [BASE])
    [sub] = result.submissions
    cells = [
        (title, n, "A")
        for title in TABLES
        for n, r in enumerate(typed[title], start=1)
        if n > 2 and r and r[0] == "L02"
    ]
    assert len(cells) > 1 and cells[0][0] == CANDS  # the candidate and its score rows
    got = [(i.code, i.sheet, i.row, i.column, i.value, dict(i.params)) for i in sub.issues]
    assert (sub.status, got) == (
        LANDS,
        [("IMP_007", *cell, "L02", {"fixed": "5707-L02"}) for cell in cells],
    )
    assert all(i.severity.value == "warning" for i in sub.issues)
    for title in (schema.CANDIDATES.title, schema.SCORES.title):
        assert _rows(result.sheets, title) == _rows(full.sheets, title), title


THOENG = "2568-5704-เทิง.xlsx"  # เทิง's rows stand far down the demo master: row 41, row 273


def test_problems_across_rows_are_said_at_the_districts_cell_and_the_masters(
    filled, master_with_demo, tmp_path, capsys
):
    """Issue 21, provenance: a problem found across rows or against the master (a duplicate
    score row, a score on another type's sheet, a candidate row in error, a duplicate id) is
    said at the district file's cell, in the district's rows, once; and at the master's rows
    where it landed: in the import's output, the annotated copy and the master's issues."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)

    def change(wb):
        def put(title, row, values):
            for col, value in enumerate(values, start=1):
                wb[title].cell(row, col, value)

        wb[CANDS]["C4"] = None  # 5704-L02 without a name: its scores are left out
        put(CANDS, 12, ["5704-L01", "ผู้นำชุมชน", "ซ้ำ", "หมู่ที่ 9 ตำบลตัวอย่าง"])
        wb[LEADERS]["E5"] = 9  # 5704-L03's L1.2
        put(LEADERS, 7, ["5704-L01", None, None, 3, 3, 3, 3, 3])  # a second L01 row
        put(LEADERS, 8, ["5704-G01", None, None, 4, 4, 4, 4, 4])  # a group, on the leaders'

    src = _edit(filled / THOENG, tmp_path / THOENG, change)
    assert main(["import", str(master), str(src), "--annotated", str(tmp_path / "back")]) == 1
    said = [
        line
        for line in capsys.readouterr().err.splitlines()
        if line.startswith("ผิดพลาด") and "IMP_003" not in line
    ]
    file, m = THOENG, "สมุดงานหลัก master.xlsx"
    indicators = "'L1.1', 'L1.2', 'L2.1', 'L2.2', 'L3.1'"
    assert [line.split(" — ")[0] for line in said] == [
        f"ผิดพลาด CELL_001 [{file} / {CANDS} / แถว 4 / คอลัมน์ C; {m} / {CANDS} / แถว 42 / "
        "คอลัมน์ D] ไม่ได้กรอก ชื่อ",
        f"ผิดพลาด ROW_001 [{file} / {CANDS} / แถว 12 / คอลัมน์ A; {m} / {CANDS} / แถว 50 / "
        "คอลัมน์ A] รหัสกลุ่มเป้าหมาย '5704-L01' ซ้ำกับแถว 3",
        f"ผิดพลาด REF_006 [{file} / {LEADERS} / แถว 4 / คอลัมน์ A; {m} / คะแนน / แถว 278–282 / "
        f"คอลัมน์ A] กลุ่มเป้าหมาย '5704-L02' ไม่ถูกนำมาคำนวณ เพราะข้อมูลในแผ่นงาน {CANDS} แถว 4 "
        "ผิดพลาด",
        f"ผิดพลาด REF_004 [{file} / {LEADERS} / แถว 5 / คอลัมน์ E; {m} / คะแนน / แถว 284 / "
        "คอลัมน์ C] คะแนน 9 อยู่นอกช่วง 1–5 ของตัวชี้วัด 'L1.2'",
        f"ผิดพลาด ROW_003 [{file} / {LEADERS} / แถว 7 / คอลัมน์ A; {m} / คะแนน / แถว 293–297 / "
        f"คอลัมน์ B] คะแนนของ '5704-L01' ตัวชี้วัด {indicators} ซ้ำกับแถว 3",
        f"ผิดพลาด REF_005 [{file} / {LEADERS} / แถว 8 / คอลัมน์ A; {m} / คะแนน / แถว 298–302 / "
        f"คอลัมน์ B] ตัวชี้วัด {indicators} เป็นของประเภท ผู้นำชุมชน แต่กลุ่มเป้าหมาย '5704-G01' "
        "เป็นประเภท กลุ่ม/องค์กรชุมชน",
    ]
    # the fix names the district's row too, not the master's
    assert f"แก้แถว 4 ในแผ่นงาน {CANDS} ก่อน" in said[2]
    # the annotated copy: each problem once, at the district's cell, with the master's rows
    [copy_path] = (tmp_path / "back").iterdir()
    ws = openpyxl.load_workbook(copy_path)["ปัญหาที่พบ"]
    rows = [(r[2], r[4], r[5], r[6], r[11]) for r in ws.iter_rows(min_row=3, values_only=True)]
    assert [r for r in rows if r[0] != "IMP_003"] == [
        ("CELL_001", CANDS, 4, "C", f"{m} / {CANDS} / แถว 42 / คอลัมน์ D"),
        ("ROW_001", CANDS, 12, "A", f"{m} / {CANDS} / แถว 50 / คอลัมน์ A"),
        ("REF_006", LEADERS, 4, "A", f"{m} / คะแนน / แถว 278–282 / คอลัมน์ A"),
        ("REF_004", LEADERS, 5, "E", f"{m} / คะแนน / แถว 284 / คอลัมน์ C"),
        ("ROW_003", LEADERS, 7, "A", f"{m} / คะแนน / แถว 293–297 / คอลัมน์ B"),
        ("REF_005", LEADERS, 8, "A", f"{m} / คะแนน / แถว 298–302 / คอลัมน์ B"),
        # (a warning: 5704-L03's L1.2 is out of range, so its result is incomplete)
        ("SCO_001", CANDS, 5, "A", f"{m} / {CANDS} / แถว 43 / คอลัมน์ A"),
    ]
    # a fix names the district's own sheet: its leaders' scores are on คะแนน-ผู้นำชุมชน
    fixes = {r[2]: r[10] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert fixes["SCO_001"] == f"เพิ่มหรือแก้คะแนนในแผ่นงาน {LEADERS}"
    assert {r["code"]: r["fix"] for r in records(master, schema.ISSUES)}["SCO_001"] == (
        "เพิ่มหรือแก้คะแนนในแผ่นงาน คะแนน"
    )
    book = openpyxl.load_workbook(copy_path)  # red to fix, yellow (a warning) to look at
    fills = {ref: book[CANDS][ref].fill.fgColor.rgb[-6:] for ref in ("A5", "C4", "A12", "B4")}
    assert fills == {"A5": "FFEB9C", "C4": "FFC7CE", "A12": "FFC7CE", "B4": "000000"}
    notes = _comments(copy_path)
    assert sorted(k for k in notes if k[0] != "ปัญหาที่พบ") == [
        (CANDS, "A12"),
        (CANDS, "A5"),
        (CANDS, "C4"),
        (LEADERS, "A4"),
        (LEADERS, "A7"),
        (LEADERS, "A8"),
        (LEADERS, "E5"),
    ]
    assert notes[(LEADERS, "A7")] == [
        f"คะแนนของ '5704-L01' ตัวชี้วัด {indicators} ซ้ำกับแถว 3\nวิธีแก้: เก็บไว้แถวเดียว"
    ]
    # the master's issues: each master row, with the district's cell it came from
    issues = [
        (r["code"], r["sheet"], r["row"], r["column"], r["also"])
        for r in records(master, schema.ISSUES)
        if r["code"] in ("ROW_003", "REF_004")
    ]
    assert issues == [
        ("REF_004", "คะแนน", 284, "C", f"ไฟล์อำเภอ {file} / {LEADERS} / แถว 5 / คอลัมน์ E"),
        *[
            ("ROW_003", "คะแนน", r, "B", f"ไฟล์อำเภอ {file} / {LEADERS} / แถว 7 / คอลัมน์ A")
            for r in range(293, 298)
        ],
    ]


def test_a_refused_files_rows_are_counted_below_its_headers_wherever_they_stand(
    filled_values, master_values
):
    """A refused file's rows are its data rows, counted below the header row the tables are
    found on (a title row a district inserted above them moves it), on a copy of a table under
    another title too: never a header counted as data, never a data row left uncounted."""
    sheets = copy.deepcopy(filled_values)
    data = read_context(master_values, "master.xlsx")
    plain = judge_sheets(copy.deepcopy(sheets), BASE, data)  # lands: its rows read one by one
    _meta_value("fiscal_year", "2567")(sheets)  # another year's: refused before any table is read
    refused = judge_sheets(sheets, BASE, data)
    assert refused.refused and [i.code for i in refused.issues] == ["TPL_002"]
    counted = refused.rows_read
    assert counted == plain.rows_read == 32
    sheets[CANDS].insert(0, ["แบบเสนอรายชื่อ อำเภอแม่จัน"])  # a title row above the note
    sheets["สำเนา"] = [["ข้อมูลสำรอง"], *copy.deepcopy(sheets[LEADERS][1:])]  # a copy, 2 rows up
    again = judge_sheets(sheets, BASE, data)
    copied = sum(1 for r in sheets[LEADERS][2:] if any(v not in (None, "") for v in r))
    assert again.rows_read == counted + copied


def test_what_reading_a_file_found_is_said_at_the_masters_rows_too(
    filled, master_with_demo, tmp_path, capsys
):
    """A district file's own findings on a row that lands (an id given its district's code, a
    formula's calculated value used) are said at the file's cell with the master's rows, once;
    the master's issues list them at the master's cells, saying the file's."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)

    def change(wb):
        wb[CANDS]["A4"] = "L02"  # 5704-L02, typed without the code, on the candidate and score
        wb[LEADERS]["A4"] = "L02"

    src = _edit(filled / THOENG, tmp_path / "typed.xlsx", change)
    src = _zip_with(src, tmp_path / THOENG, replace={"xl/worksheets/sheet2.xml": _calculated})
    assert main(["import", str(master), str(src)]) == 0
    err = capsys.readouterr().err.splitlines()
    said = [ln.split("] ")[0] + "]" for ln in err if not ln.startswith("[1/1]")]
    m = "สมุดงานหลัก master.xlsx"
    assert said == [
        f"คำเตือน CELL_011 [{THOENG} / {CANDS} / แถว 3 / คอลัมน์ C; {m} / {CANDS} / แถว 41 / คอลัมน์ D]",
        f"คำเตือน IMP_007 [{THOENG} / {CANDS} / แถว 4 / คอลัมน์ A; {m} / {CANDS} / แถว 42 / คอลัมน์ A]",
        f"คำเตือน IMP_007 [{THOENG} / {LEADERS} / แถว 4 / คอลัมน์ A; {m} / คะแนน / แถว 278–282 / "
        "คอลัมน์ A]",
    ]
    issues = [
        (r["code"], r["file"], r["sheet"], r["row"], r["column"], r["also"])
        for r in records(master, schema.ISSUES)
    ]
    place = f"ไฟล์อำเภอ {THOENG} / "
    assert issues == [
        ("CELL_011", "master.xlsx", CANDS, 41, "D", place + f"{CANDS} / แถว 3 / คอลัมน์ C"),
        ("IMP_007", "master.xlsx", CANDS, 42, "A", place + f"{CANDS} / แถว 4 / คอลัมน์ A"),
        *[
            ("IMP_007", "master.xlsx", "คะแนน", r, "A", place + f"{LEADERS} / แถว 4 / คอลัมน์ A")
            for r in range(278, 283)
        ],
    ]


def test_a_districts_own_sheet_comes_back_in_its_annotated_copy(filled, master_with_demo, tmp_path):
    """A sheet the district added is not read (SHEET_009), and never lost: the annotated copy
    holds its values (text that Excel could parse stays text)."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)

    def own(wb):
        ws = wb.create_sheet("บันทึกของฉัน")
        ws["A1"], ws["B2"], ws["C3"] = "โทรหาผู้ใหญ่บ้านแล้ว", 3, "@นายก อบต."

    src = _edit(filled / BASE, tmp_path / BASE, own)
    result = import_files(master, [src], tmp_path / "back")
    [sub] = result.submissions
    assert [(i.code, i.sheet) for i in sub.issues] == [("SHEET_009", "บันทึกของฉัน")]
    [back] = result.annotated
    wb = openpyxl.load_workbook(back)
    kept = [
        (c.coordinate, c.value, c.data_type)
        for row in wb["บันทึกของฉัน"].iter_rows()
        for c in row
        if c.value is not None
    ]
    assert kept == [("A1", "โทรหาผู้ใหญ่บ้านแล้ว", "s"), ("B2", 3, "n"), ("C3", "@นายก อบต.", "s")]


def test_a_file_refused_unread_is_logged_under_the_district_its_name_names(
    master_with_demo, tmp_path
):
    """A file refused before its metadata could be read (not a workbook) is logged under the
    district its name names, so the clerk sees who sent it; it counts as nothing sent."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    sent = tmp_path / THOENG
    sent.write_text("รหัส,ชื่อ\n5704-L01,ผู้นำ\n", encoding="utf-8")  # a CSV named .xlsx
    other = tmp_path / "แบบฟอร์ม.xlsx"  # names no district: logged under none
    other.write_text("x", encoding="utf-8")

    def districts() -> list:
        out = io.StringIO()
        assert main(["status", str(master), "--json"], out=out, err=io.StringIO()) == 0
        return [(d["code"], d["submitted"]) for d in json.loads(out.getvalue())["districts"]]

    before = districts()
    import_files(master, [sent, other])
    log = records(master, schema.IMPORT_LOG)[-2:]
    assert [(r["file"], r["district"], r["code"], r["status"], r["note"]) for r in log] == [
        (THOENG, "เทิง", "5704", "ไม่รับทั้งไฟล์", "FILE_010"),
        ("แบบฟอร์ม.xlsx", None, None, "ไม่รับทั้งไฟล์", "FILE_010"),
    ]
    assert districts() == before  # a refused file is nothing sent


def test_a_districts_own_problems_sheet_and_a_copy_imported_from_its_folder_are_kept(
    filled, master_with_demo, tmp_path
):
    """A district's own sheet named ปัญหาที่พบ (not ours) comes back under a name of its own;
    a copy imported straight from the copies' folder is never written over (it is what the
    import log's checksum names)."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)

    def change(wb):
        wb.create_sheet("ปัญหาที่พบ")["A1"] = "บันทึกของอำเภอเอง"
        wb[LEADERS]["E4"] = 9

    src = _edit(filled / BASE, tmp_path / BASE, change)
    back = tmp_path / "back"
    [copy_path] = import_files(master, [src], back).annotated
    wb = openpyxl.load_workbook(copy_path)
    assert wb["ปัญหาที่พบ (ของอำเภอ)"]["A1"].value == "บันทึกของอำเภอเอง"
    assert wb["ปัญหาที่พบ"]["A2"].value == "ลำดับ"  # ours, laid anew
    before = copy_path.read_bytes()
    again = import_files(master, [copy_path], back)
    assert [p.name for p in again.annotated] == ["2568-5707-แม่จัน-ตรวจแล้ว (2).xlsx"]
    assert copy_path.read_bytes() == before
    assert records(master, schema.IMPORT_LOG)[-1]["sha256"] == hashlib.sha256(before).hexdigest()


def test_a_score_cells_problem_names_the_districts_column(filled, master_with_demo, tmp_path):
    """In the district's file a score's column is headed by its indicator: a problem of that
    cell names the indicator (the master's column is คะแนน, and says so)."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    src = _edit(filled / THOENG, tmp_path / THOENG, _cell(LEADERS, "F3", "ดี"))
    result = import_files(master, [src])
    [sub] = result.submissions
    got = [(i.code, i.sheet, i.row, i.column, i.message_th) for i in sub.issues]
    assert got == [
        ("CELL_002", LEADERS, 3, "F", "L2.1 ต้องเป็นตัวเลข แต่พบ 'ดี'"),
        (
            "SCO_001",
            CANDS,
            3,
            "A",
            "กลุ่มเป้าหมาย '5704-L01' ยังไม่มีคะแนนรอบคณะกรรมการอำเภอที่ใช้ได้ของตัวชี้วัด L2.1 "
            "ผลการประเมินจึงเป็น ไม่ครบ",
        ),
    ]
    [master_item] = [i for i in result.run.checked.report.issues if i.code == "CELL_002"]
    assert master_item.message_th == "คะแนน ต้องเป็นตัวเลข แต่พบ 'ดี'"


def test_a_problem_keeps_its_district_cell_over_later_runs_until_fixed(
    filled, master_with_demo, tmp_path
):
    """Districts send on different days: a problem เทิง's file brought still names เทิง's cell
    after แม่จัน's import and a recalculation (the same problem on the same row, wherever the
    row now stands); fixed in the master, it is gone, and so is its place."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)

    def bad(wb):
        wb[LEADERS]["E5"] = 9  # 5704-L03's L1.2
        wb[CANDS]["C4"] = None  # 5704-L02 without a name

    thoeng = _edit(filled / THOENG, tmp_path / THOENG, bad)
    import_files(master, [thoeng])

    def places() -> list[tuple]:
        return [
            (r["code"], r["sheet"], r["row"], r["column"], r["also"])
            for r in records(master, schema.ISSUES)
            # (not แม่จัน's new candidate's SCO_001: it has no scores yet, a problem of its own file)
            if r["code"] in ("REF_004", "CELL_001", "SCO_001") and "5707" not in str(r["value"])
        ]

    day_one = places()
    file = f"ไฟล์อำเภอ {THOENG}"
    assert day_one == [
        ("CELL_001", CANDS, 42, "D", f"{file} / {CANDS} / แถว 4 / คอลัมน์ C"),
        ("REF_004", "คะแนน", 284, "C", f"{file} / {LEADERS} / แถว 5 / คอลัมน์ E"),
        ("SCO_001", CANDS, 43, "A", f"{file} / {CANDS} / แถว 5 / คอลัมน์ A"),
    ]

    def one_more(wb):  # แม่จัน sends one more candidate: เทิง's rows move down one
        ws = wb[CANDS]
        row = next(r for r in range(3, 300) if ws.cell(r, 1).value in (None, ""))
        for col, value in enumerate(["5707-L09", "ผู้นำชุมชน", "ผู้นำคนใหม่", "หมู่ที่ 9"], 1):
            ws.cell(row, col, value)

    import_files(master, [_edit(filled / BASE, tmp_path / BASE, one_more)])
    moved = [
        (c, s, r + 1, col, also) if s == CANDS else (c, s, r, col, also)
        for c, s, r, col, also in day_one
    ]
    assert places() == moved
    recalc(master, keep_backup=False)
    assert places() == moved
    wb = openpyxl.load_workbook(master)
    wb[schema.SCORES.title]["C284"] = 4  # fixed in the master
    wb.save(master)
    recalc(master, keep_backup=False)
    assert places() == [moved[0]]  # (5704-L03's result complete again: no SCO_001 either)


def test_a_district_place_follows_its_row_when_staff_move_rows(filled, master_with_demo, tmp_path):
    """Staff swap two rows of the master and recalculate: each problem names the district
    cell of its own row (by the row's key), never the cell of the row that stood there."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)

    def blank(wb):
        wb[CANDS]["C5"] = None  # 5704-L03
        wb[CANDS]["C6"] = None  # 5704-L04

    import_files(master, [_edit(filled / THOENG, tmp_path / THOENG, blank)])

    def places() -> dict:
        rows = {r[0]: n for n, r in enumerate(sheet_values(master, schema.CANDIDATES.title), 1)}
        by_row = {n: ident for ident, n in rows.items()}
        return {
            by_row[r["row"]]: r["also"]
            for r in records(master, schema.ISSUES)
            if r["code"] == "CELL_001" and r["sheet"] == schema.CANDIDATES.title
        }

    file = f"ไฟล์อำเภอ {THOENG} / {CANDS}"
    expected = {
        "5704-L03": f"{file} / แถว 5 / คอลัมน์ C",
        "5704-L04": f"{file} / แถว 6 / คอลัมน์ C",
    }
    assert places() == expected
    wb = openpyxl.load_workbook(master)
    ws = wb[schema.CANDIDATES.title]
    a, b = [[c.value for c in ws[n]] for n in (43, 44)]
    assert (a[0], b[0]) == ("5704-L03", "5704-L04")
    for col, (x, y) in enumerate(zip(a, b), start=1):  # the two rows swapped by hand
        ws.cell(43, col).value, ws.cell(44, col).value = y, x
    wb.save(master)
    recalc(master, keep_backup=False)
    assert places() == expected


def test_a_superseded_file_of_the_same_name_says_nothing_of_the_newer_files_rows(
    filled, master_with_demo, tmp_path
):
    """Two files of one name in two folders (the older superseded): what the older one's
    reading found is said of it alone, never at the master rows the newer one's rows took."""
    master = tmp_path / "master.xlsx"
    shutil.copy(master_with_demo, master)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    older = _edit(filled / BASE, tmp_path / "a" / BASE, _cell(LEADERS, "E3", "=1+1"))
    _edit(filled / BASE, tmp_path / "b" / BASE, _cell(LEADERS, "E3", 4))  # the newer
    os.utime(older, (1_700_000_000, 1_700_000_000))
    result = import_files(master, [tmp_path / "a", tmp_path / "b"])
    old_sub, new_sub = result.submissions
    assert (old_sub.status, new_sub.status) == ("ถูกแทนที่ด้วยไฟล์ใหม่กว่า", "รับทั้งหมด")
    assert [(i.code, i.also) for i in old_sub.issues] == [("CELL_018", ""), ("IMP_001", "")]
    in_master = [(r["code"], r["file"]) for r in records(master, schema.ISSUES) if r["code"]]
    assert in_master == [("CELL_018", BASE)]  # the older file's, at its own cell

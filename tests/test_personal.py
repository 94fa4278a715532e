"""National IDs (checksum, Thai digits, duplicates), the register's eligibility rules, and
personal data kept out of every printed or shared output (PDPA)."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mchch_xl.checks.cells import INVALID, Where, parse_cell
from mchch_xl.cli.commands import main
from mchch_xl.domain import schema
from mchch_xl.domain.personal import (
    check_digit,
    full_ids_in,
    id_problem,
    is_valid_id,
    mask_id,
    mask_phone,
    normalise_id,
    redact,
)
from mchch_xl.domain.thai import to_thai_digits
from mchch_xl.flows.pipeline import evaluate
from tests.conftest import soffice


def make_id(first12: str) -> str:
    return first12 + str(check_digit(first12))


# Made-up numbers (checksum-valid by construction); not anyone's ID as far as we know.
ID_A = make_id("110140000123")
ID_B = make_id("310100000456")
ID_C = make_id("510200000789")
ID_D = make_id("870300000111")


def dashed(pid: str) -> str:
    return f"{pid[0]}-{pid[1:5]}-{pid[5:10]}-{pid[10:12]}-{pid[12]}"


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# -- the checksum ---------------------------------------------------------------------------------


def test_checksum_by_the_published_rule():
    # python-stdnum's documented example for stdnum.th.pin
    assert is_valid_id("1-2345-45678-78-1") and not is_valid_id("1-2345-45678-78-9")
    # (11 − Σ d_i × (14 − i) mod 11) mod 10, worked by hand for 1101400001234 → 1
    digits = "110140000123"
    total = sum(int(d) * (14 - i) for i, d in enumerate(digits, start=1))
    assert total == 13 + 12 + 0 + 10 + 36 + 0 + 0 + 0 + 0 + 4 + 6 + 6 == 87
    assert (11 - total % 11) % 10 == 1 == check_digit(digits)
    assert ID_A == "1101400001231"
    for first12 in ("110140000123", "310100000456", "510200000789", "870300000111"):
        for last in "0123456789":
            assert is_valid_id(first12 + last) == (last == str(check_digit(first12)))


@pytest.mark.parametrize(
    "typed, problem",
    [
        (ID_A, None),
        (dashed(ID_A), None),
        (" ".join(dashed(ID_A).split("-")), None),
        (to_thai_digits(dashed(ID_A)), None),
        (int(ID_A), None),
        (float(ID_A), None),
        (ID_A[:12] + str((int(ID_A[12]) + 1) % 10), "เลขตรวจสอบ (หลักที่ 13) ไม่ถูกต้อง"),
        ("0" + ID_A[1:12] + str(check_digit("0" + ID_A[1:12])), "หลักแรกเป็น 0 ซึ่งไม่ใช้กับบุคคล"),
        ("9" + ID_A[1:12] + str(check_digit("9" + ID_A[1:12])), "หลักแรกเป็น 9 ซึ่งไม่ใช้กับบุคคล"),
        (ID_A[:12], "มี 12 หลัก ต้องมี 13 หลัก"),
        (ID_A + "1", "มี 14 หลัก ต้องมี 13 หลัก"),
        ("11014000O1231", "มีอักขระที่ไม่ใช่ตัวเลข"),
    ],
)
def test_id_problems(typed, problem):
    found = id_problem(normalise_id(typed))
    assert (found[0] if found else None) == problem


def test_masks():
    assert mask_id(ID_A) == mask_id(dashed(ID_A)) == "x-xxxx-xxxxx-23-1"
    assert mask_phone("081 234 5678") == "xxx-xxx-5678"
    assert redact(f"ผู้นำ {dashed(ID_A)} และ {ID_B}") == "ผู้นำ x-xxxx-xxxxx-23-1 และ x-xxxx-xxxxx-56-6"
    assert redact(int(ID_A)) == "x-xxxx-xxxxx-23-1"
    assert redact("เลข 1234567890123 ไม่ใช่เลขที่ถูกต้อง") == "เลข 1234567890123 ไม่ใช่เลขที่ถูกต้อง"
    assert redact(2568) == 2568 and redact(None) is None
    assert full_ids_in(f"a {to_thai_digits(ID_A)} b {dashed(ID_B)}") == [ID_A, ID_B]


def _cell(raw):
    where = Where("f.xlsx", "กลุ่มเป้าหมาย", 5, "H", "เลขประจำตัวประชาชน", "national_id")
    c = parse_cell(raw, "national_id", where)
    return (
        c.value if c.value is not INVALID else "INVALID",
        c.fixed if isinstance(c.fixed, str) else None,
        [(i.code, i.row, i.column, i.value) for i in c.issues],
    )


def test_parse_cell_national_id():
    assert _cell(ID_A) == (ID_A, None, [])
    assert _cell(dashed(ID_A)) == (ID_A, ID_A, [("PID_005", 5, "H", "x-xxxx-xxxxx-23-1")])
    assert _cell(to_thai_digits(ID_A)) == (ID_A, ID_A, [("PID_005", 5, "H", "x-xxxx-xxxxx-23-1")])
    assert _cell(float(ID_A)) == (ID_A, ID_A, [])  # a number in Excel: written back as text
    bad = ID_A[:12] + "9"
    assert _cell(bad) == ("INVALID", None, [("PID_001", 5, "H", "x-xxxx-xxxxx-23-9")])
    assert _cell("x-xxxx-xxxxx-23-1") == (
        "INVALID",
        None,
        [("PID_003", 5, "H", "x-xxxx-xxxxx-23-1")],
    )
    assert _cell("12345") == ("INVALID", None, [("PID_001", 5, "H", "xx345")])
    empty = parse_cell("", "national_id", Where("f", "s", 1, "H", "h"))
    assert (empty.issues, empty.fixed is not None) == ([], True)  # empty: MISSING, no issue


# -- in the master: located errors, duplicates, eligibility ------------------------------------------

COL = {
    c.key: openpyxl.utils.get_column_letter(i)
    for i, c in enumerate(schema.CANDIDATES.columns, start=1)
}


def _register_edits(path: Path) -> None:
    """Demo rows: 3-5 แม่จัน leaders, 6-7 its groups, 8 its network, 11-15 เมืองเชียงราย leaders."""
    wb = openpyxl.load_workbook(path)
    ws = wb["กลุ่มเป้าหมาย"]
    h, m, n = COL["national_id"], COL["years"], COL["founded"]
    ws[f"{h}3"] = dashed(ID_A)  # normalised, warning
    ws[f"{h}4"] = to_thai_digits(ID_B)  # normalised, warning
    ws[f"{h}5"] = ID_C[:12] + str((int(ID_C[12]) + 1) % 10)  # checksum: error, row left out
    ws[f"{h}6"] = ID_D  # a group needs no ID: warning
    ws[f"{m}7"], ws[f"{n}7"] = None, 2568  # founded this fiscal year: under 1 year
    ws[f"{m}8"] = 0  # network active 0 years
    ws[f"{h}11"] = ID_A  # same person as row 3: flagged
    ws[f"{h}12"] = "x-xxxx-xxxxx-23-1"  # a masked copy typed back: error
    ws[f"{m}14"] = 0.5  # leader half a year in the community
    wb.save(path)


def test_register_issues_are_located(demo):
    _register_edits(demo)
    code, _, err = run("recalc", demo)
    assert code == 1
    report = evaluate(demo).checked.report
    found = [
        (i.code, i.row, i.column, i.value)
        for i in report.issues
        if i.code.startswith(("PID", "ELG"))
    ]
    h, m, n = COL["national_id"], COL["years"], COL["founded"]
    assert found == [
        # after recalc the normalised IDs were written back: no PID_005 on the second read
        ("PID_001", 5, h, "x-xxxx-xxxxx-89-0"),
        ("PID_003", 12, h, "x-xxxx-xxxxx-23-1"),
        ("PID_004", 6, h, "x-xxxx-xxxxx-11-4"),
        ("ELG_002", 7, n, "5707-G02"),
        ("ELG_002", 8, m, "5707-N01"),
        ("PID_002", 11, h, "x-xxxx-xxxxx-23-1"),
        ("ELG_001", 14, m, "5701-L04"),
    ]
    # the first run reported the normalisations, and wrote the 13 digits back
    assert err.count("PID_005") == 2
    ws = openpyxl.load_workbook(demo)["กลุ่มเป้าหมาย"]
    assert (ws[f"{h}3"].value, ws[f"{h}4"].value, ws[f"{h}11"].value) == (ID_A, ID_B, ID_A)
    assert ws[f"{h}3"].data_type == "s"
    # two rows left out (bad checksum, masked copy); leaders 71 → 69
    data = json.loads(run("summary", demo, "--json")[1])
    assert data["totals"]["leader"] == 69
    dup = next(i for i in report.issues if i.code == "PID_002")
    assert dict(dup.params)["other"] == "5707-L01" and dict(dup.params)["other_row"] == 3


# -- nothing personal leaves the master in full -------------------------------------------------------


def _xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.libreoffice
def test_no_full_id_in_any_output(demo, tmp_path):
    soffice()
    wb = openpyxl.load_workbook(demo)
    ws = wb["กลุ่มเป้าหมาย"]
    h = COL["national_id"]
    ws[f"{h}3"], ws[f"{h}4"], ws[f"{h}11"] = ID_A, dashed(ID_B), ID_C
    ws["D9"] = f"ชุมชนตัวอย่าง (ผู้ประสานงาน {ID_D})"  # an ID typed into a name, by mistake
    ws[f"{COL['contact_phone']}6"] = "081 234 5678"
    wb.save(demo)
    outputs: dict[str, str] = {}
    code, out, err = run("recalc", demo)
    outputs["recalc stdout/stderr"] = out + err
    results = [r[4] for r in openpyxl.load_workbook(demo)["ผลการรับรอง"].iter_rows(values_only=True)]
    assert "ชุมชนตัวอย่าง (ผู้ประสานงาน x-xxxx-xxxxx-11-4)" in results
    code, out, err = run("summary", demo, "--json")
    outputs["summary --json"] = out + err
    pdf = tmp_path / "packet.pdf"
    assert run("packet", demo, "--out", pdf)[0] == 0
    outputs["packet.pdf"] = _pdf_text(pdf)
    # the name typed with an ID prints masked in the results of the packet
    # (the name wraps in the printed results, so its parts stand on separate text lines)
    assert "x-xxxx-xxxxx-11-4)" in outputs["packet.pdf"].split()
    # a district returns IDs in its template; one is wrong, so an annotated copy goes back
    tdir = tmp_path / "templates"
    assert run("templates", demo, "--out", tdir, "--district", "แม่จัน")[0] == 0
    template = next(tdir.iterdir())
    outputs[template.name] = _xlsx_text(template)
    twb = openpyxl.load_workbook(template)
    t = twb["กลุ่มเป้าหมาย"]
    tcol = {c.key: i for i, c in enumerate(schema.TEMPLATE_CANDIDATES.columns, start=1)}
    for r, (cid, pid) in enumerate(
        (
            ("5707-L01", dashed(ID_A)),
            ("5707-L02", ID_B),
            ("5707-L03", ID_B[:12] + str((int(ID_B[12]) + 1) % 10)),
        ),
        3,
    ):
        t.cell(r, tcol["id"], cid)
        t.cell(r, tcol["kind"], "ผู้นำชุมชน")
        t.cell(r, tcol["name"], f"ผู้นำ {r} (บัตร {ID_C})")
        t.cell(r, tcol["national_id"], pid)
    twb.save(template)
    back = tmp_path / "ส่งกลับ"
    code, out, err = run("import", demo, template, "--annotated", back)
    assert code == 1, err
    outputs["import stdout/stderr"] = out + err
    annotated = sorted(back.iterdir())
    assert [p.name for p in annotated] == [f"{template.stem}-ตรวจแล้ว.xlsx"]
    outputs[annotated[0].name] = _xlsx_text(annotated[0])
    assert "x-xxxx-xxxxx-23-1" in outputs[annotated[0].name]  # the ID is there, masked
    # the master's own output sheets (everything but the register itself)
    mwb = openpyxl.load_workbook(demo)
    for ws in mwb.worksheets:
        if ws.title != "กลุ่มเป้าหมาย":
            outputs[f"master/{ws.title}"] = "\n".join(
                str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None
            )
    assert len(outputs) == 6 + len(mwb.sheetnames) - 1
    leaks = {name: full_ids_in(text) for name, text in outputs.items() if full_ids_in(text)}
    assert leaks == {}
    # the master keeps the full IDs (normalised) where they were typed or imported
    kept = [
        r[schema.CANDIDATES.index("national_id")]
        for r in mwb["กลุ่มเป้าหมาย"].iter_rows(min_row=3, values_only=True)
    ]
    assert {ID_A, ID_B, ID_C} <= set(kept)
    # personal phone numbers appear in no printed output
    assert "081 234 5678" not in outputs["packet.pdf"] and "0812345678" not in outputs["packet.pdf"]


def test_template_has_the_notice_and_text_cells_for_ids_and_phones(demo_file, tmp_path):
    assert run("templates", demo_file, "--out", tmp_path, "--district", "5707")[0] == 0
    wb = openpyxl.load_workbook(tmp_path / "2568-5707-แม่จัน.xlsx")
    lines = [r[0] for r in wb["คำแนะนำ"].iter_rows(values_only=True) if r[0]]
    start = lines.index("การคุ้มครองข้อมูลส่วนบุคคล (แจ้งตามมาตรา ๒๓ พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒)")
    notice = " ".join(lines[start + 1 : start + 4])
    for part in (
        "สำนักงานพัฒนาชุมชนจังหวัดเชียงราย เก็บชื่อ เลขประจำตัวประชาชน",
        "มาตรา ๒๔ (๔)",
        "x-xxxx-xxxxx-12-3",
        "มาตรา ๒๖",
        "ขอดู แก้ไข",
    ):
        assert part in notice, part
    ws = wb["กลุ่มเป้าหมาย"]
    headers = [c.value for c in ws[2]]
    assert headers[6:] == [c.header for c in schema.REGISTER_COLUMNS]
    last = schema.FIRST_DATA_ROW + schema.TEMPLATE_ROWS - 1
    text_cols = {
        h
        for h, c in zip(headers, schema.TEMPLATE_CANDIDATES.columns)
        if c.type in ("code", "national_id")
    }
    assert text_cols == {"รหัสกลุ่มเป้าหมาย", "เลขประจำตัวประชาชน", "โทรศัพท์ผู้ประสานงาน"}
    for col, header in enumerate(headers, start=1):
        cells = [ws.cell(r, col) for r in (schema.FIRST_DATA_ROW, last)]
        formats = {c.number_format for c in cells}
        assert formats == ({"@"} if header in text_cols else {"General"}), header
        assert not any(c.protection.locked for c in cells)


@settings(max_examples=200, deadline=None)
@given(
    body=st.lists(st.text(alphabet="0123456789 -กขค๐๑๒abc\n", max_size=20), max_size=4),
    ids=st.lists(st.integers(10**11, 8 * 10**11 - 1), min_size=1, max_size=3),
    form=st.sampled_from(["plain", "dashed", "spaced", "thai"]),
)
def test_redact_leaves_no_full_id(body, ids, form):
    written = []
    for n in ids:
        pid = make_id(str(n))
        text = {
            "plain": pid,
            "dashed": dashed(pid),
            "spaced": dashed(pid).replace("-", " "),
            "thai": to_thai_digits(dashed(pid)),
        }[form]
        written.append(text)
    text = " ".join(x for pair in zip(body + [""] * len(written), written) for x in pair)
    assert all(w in text for w in written)
    assert full_ids_in(str(redact(text))) == []
    assert redact(redact(text)) == redact(text)

"""The national roll-up: figures equal the masters' own ``summary --json``, one row per
candidate, duplicates refused, foreign and broken files reported and skipped, no national ID."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from mchch_xl.cli.commands import main
from mchch_xl.domain import schema
from mchch_xl.domain.model import KINDS
from mchch_xl.flows.rollup import mask_ids
from tests.provinces import enter_decisions, province_master

NATIONAL_ID = re.compile(r"\d(?:[-\s]?\d){12}")
LEVELS = ["ดี", "ดีมาก", "ดีเด่น"]  # the demo criteria's levels, lowest band first
# two candidates of ลำพูน typed with national IDs, one with text Excel would take for a formula
LAMPHUN_IDS = {
    "5707-L01": "1-2345-67890-12-3",
    "5707-L02": "3100501234567",
    "5701-C01": "=SUM(1,2)",
}


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="session")
def masters(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("masters")
    return {
        "57": province_master(folder / "เชียงราย-2568.xlsx", "57", "เชียงราย", decide="all"),
        "50": province_master(folder / "เชียงใหม่-2568.xlsx", "50", "เชียงใหม่", decide="some"),
        "51": province_master(
            folder / "ลำพูน-2568.xlsx", "51", "ลำพูน", decide="none", ids=LAMPHUN_IDS
        ),
    }


def summary(path: Path) -> dict:
    code, out, _ = run("summary", str(path), "--json")
    assert code in (0, 1)
    return json.loads(out)


def body(path: Path, title: str) -> list[list]:
    ws = openpyxl.load_workbook(path)[title]
    return [list(r) for r in ws.iter_rows(min_row=schema.FIRST_DATA_ROW, values_only=True)]


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel opens Thai correctly
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _text(v) -> str:
    return "" if v is None else str(v)


def test_rollup_equals_the_sum_of_each_masters_summary(masters, tmp_path):
    folder = tmp_path / "จังหวัด"
    folder.mkdir()
    for path in masters.values():
        shutil.copy2(path, folder / path.name)
    (folder / "สำรอง").mkdir()  # a master's own backups are not read (else: an older copy)
    shutil.copy2(masters["57"], folder / "สำรอง" / "เชียงราย-2568-20250401-101010-000000.xlsx")
    assert run("templates", str(masters["57"]), "--out", str(folder), "--district", "5707")[0] == 0
    wb = openpyxl.Workbook()
    wb.active["A1"] = "งบประมาณ"
    wb.save(folder / "งบประมาณ.xlsx")
    (folder / "เสีย.xlsx").write_bytes(masters["50"].read_bytes()[:5000])  # truncated
    out, csv_dir = tmp_path / "national.xlsx", tmp_path / "csv"

    code, stdout, err = run("rollup", str(folder), "--out", str(out), "--csv", str(csv_dir))

    assert code == 1  # files were skipped: reported, and the others rolled up
    assert "รวมข้อมูล 3 จังหวัด จาก 6 ไฟล์" in stdout
    assert len(re.findall(r"^\[\d/6\] ", err, re.MULTILINE)) == 6  # progress, one line per file
    sums = {code: summary(path) for code, path in masters.items()}
    order = ["50", "51", "57"]
    names = {"50": "เชียงใหม่", "51": "ลำพูน", "57": "เชียงราย"}

    expected_counts = []
    for pc in order:
        s = sums[pc]
        for k in KINDS:
            levels = Counter(
                c["level"]
                for c in s["candidates"]
                if c["kind"] == k.value and c["decision"] == "รับรอง"
            )
            expected_counts.append(
                [
                    pc,
                    names[pc],
                    2568,
                    k.th,
                    s["totals"][k.value],
                    s["passed"][k.value],
                    s["certified"][k.value],
                    *(levels[lv] for lv in LEVELS),
                ]
            )
    national = []
    for k in (*KINDS, None):
        rows = [r for r in expected_counts if k is None or r[3] == k.th]
        national.append(
            [
                None,
                "รวมทั้งประเทศ",
                2568,
                k.th if k else "รวมทุกประเภท",
                *(sum(r[i] for r in rows) for i in range(4, 10)),
            ]
        )
    assert body(out, schema.ROLLUP_COUNTS.title) == expected_counts + national
    # the national total of each type is the sum of the masters' summary totals
    assert national[-1][4:7] == [
        sum(s["totals"]["total"] for s in sums.values()),
        sum(sum(s["passed"].values()) for s in sums.values()),
        sum(sum(s["certified"].values()) for s in sums.values()),
    ]
    assert national[-1][4] == 3 * 129

    districts = {pc: {d["code"]: d["name"] for d in sums[pc]["districts"]} for pc in order}
    kind_th = {k.value: k.th for k in KINDS}
    masked = {"1-2345-67890-12-3": "x-xxxx-xxxx0-12-3", "3100501234567": "xxxxxxxxx4567"}
    expected_long = [
        [
            pc,
            names[pc],
            2568,
            c["district"],
            districts[pc][c["district"]],
            kind_th[c["kind"]],
            masked.get(c["id"], c["id"]),
            c["result"],
            c["level"],
            c["decision"],
        ]
        for pc in order
        for c in sums[pc]["candidates"]
    ]
    long = body(out, schema.ROLLUP_CANDIDATES.title)
    assert long == expected_long  # exactly one row per candidate of every master
    assert len(long) == len({(r[0], r[6]) for r in long}) == 3 * 129

    decided = {pc: sum(1 for c in sums[pc]["candidates"] if c["decision"]) for pc in order}
    assert decided["50"] == 64 and decided["51"] == 0 and decided["57"] == 129
    status = [r[:10] for r in body(out, schema.ROLLUP_STATUS.title)]
    assert status == [
        [
            pc,
            names[pc],
            2568,
            "1 พฤษภาคม 2568",
            st,
            129,
            decided[pc],
            129 - decided[pc],
            sum(sums[pc]["certified"].values()),
            sums[pc]["issues"]["errors"] + sums[pc]["issues"]["warnings"],
        ]
        for pc, st in (("50", "รอมติ"), ("51", "ยังไม่ประชุม"), ("57", "มีมติครบแล้ว"))
    ]

    problems = sorted((r[2], Path(r[3]).name) for r in body(out, schema.ROLLUP_ISSUES_TITLE))
    assert problems == sorted(
        [
            ("FILE_001", "เสีย.xlsx"),
            ("ROL_001", "งบประมาณ.xlsx"),
            ("ROL_001", "2568-5707-แม่จัน.xlsx"),  # a district template is not a master
            ("ROL_005", "ลำพูน-2568.xlsx"),  # its "=SUM(1,2)" id is flagged in the master
        ]
    )

    # the CSV files hold the same tables (without the national rows), Thai intact
    tables = {
        schema.ROLLUP_COUNTS.title: expected_counts,
        schema.ROLLUP_STATUS.title: body(out, schema.ROLLUP_STATUS.title),
        schema.ROLLUP_CANDIDATES.title: expected_long,
    }
    assert sorted(p.name for p in csv_dir.iterdir()) == sorted(f"{t}.csv" for t in tables)
    for title, rows in tables.items():
        got = read_csv(csv_dir / f"{title}.csv")
        want = [[_text(v) for v in row] for row in rows]
        want = [["'" + v if v.startswith("=") else v for v in row] for row in want]
        headers = openpyxl.load_workbook(out)[title][schema.HEADER_ROW]
        assert got == [[c.value for c in headers if c.value is not None], *want]


def test_no_full_national_id_and_no_formula_in_any_output(masters, tmp_path):
    out, csv_dir = tmp_path / "national.xlsx", tmp_path / "csv"
    argv = ("rollup", str(masters["51"]), "--out", str(out), "--csv", str(csv_dir))
    assert run(*argv, "--strict")[0] == 1  # warnings: 0, with --strict 1
    with zipfile.ZipFile(out) as z:
        xml = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}
    wb = openpyxl.load_workbook(out)
    cells = [
        str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    texts = [*cells, *(p.read_text("utf-8-sig") for p in csv_dir.iterdir())]
    assert [t for t in texts if NATIONAL_ID.search(t)] == []
    assert len(wb.sheetnames) == 5 and len(list(csv_dir.iterdir())) == 3
    assert not any("<f>" in t for n, t in xml.items() if n.startswith("xl/worksheets/"))
    ids = [r[6] for r in body(out, schema.ROLLUP_CANDIDATES.title)]
    assert {"x-xxxx-xxxx0-12-3", "xxxxxxxxx4567", "=SUM(1,2)"} <= set(ids)
    cell = next(
        c
        for row in openpyxl.load_workbook(out)[schema.ROLLUP_CANDIDATES.title].iter_rows()
        for c in row
        if c.value == "=SUM(1,2)"
    )
    assert cell.data_type == "s"  # literal text, not a formula


def test_mask_ids():
    assert [
        mask_ids(v)
        for v in (
            "1-2345-67890-12-3",
            "ID 1234567890123.",
            "5707-L01",
            "12345678901234",
            "123456789012",
            1234567890123,
        )
    ] == [
        "x-xxxx-xxxx0-12-3",
        "ID xxxxxxxxx0123.",
        "5707-L01",
        "12345678901234",
        "123456789012",
        1234567890123,
    ]


def _recreated(src: Path, dst: Path) -> Path:
    """A different master of the same province and year (another creation stamp)."""
    wb = openpyxl.load_workbook(src)
    wb.properties.created = dt.datetime(2024, 10, 1, 9, 0, 0)
    wb.save(dst)
    return dst


def test_duplicate_province_year_is_refused_with_both_files_named(masters, tmp_path):
    a = shutil.copy2(masters["57"], tmp_path / "เชียงราย.xlsx")
    b = _recreated(masters["57"], tmp_path / "เชียงราย-ฉบับแก้.xlsx")
    shutil.copy2(masters["50"], tmp_path / "เชียงใหม่.xlsx")
    out = tmp_path / "national.xlsx"
    code, _, err = run("rollup", str(a), str(b), str(tmp_path / "เชียงใหม่.xlsx"), "--out", str(out))
    assert code == 1
    problems = [(r[2], Path(r[3]).name, r[8]) for r in body(out, schema.ROLLUP_ISSUES_TITLE)]
    assert [(c, f) for c, f, _ in problems] == [
        ("ROL_002", "เชียงราย.xlsx"),
        ("ROL_002", "เชียงราย-ฉบับแก้.xlsx"),
    ]
    for _, _, message in problems:  # each names both files
        assert "เชียงราย.xlsx" in message and "เชียงราย-ฉบับแก้.xlsx" in message
        assert message.startswith("จังหวัดเชียงราย ปี 2568 มีสมุดงานหลักมากกว่าหนึ่งไฟล์")
    assert [r[0] for r in body(out, schema.ROLLUP_STATUS.title)] == ["50"]
    assert "ROL_002" in err


def test_an_older_copy_of_the_same_master_is_named_and_the_newest_used(masters, tmp_path):
    current = shutil.copy2(masters["51"], tmp_path / "ลำพูน.xlsx")
    old = shutil.copy2(masters["51"], tmp_path / "ลำพูน (สำเนา).xlsx")
    enter_decisions(current)  # the meeting happened after the copy was made
    past = current.stat().st_mtime - 3600
    os.utime(old, (past, past))
    out = tmp_path / "national.xlsx"
    code, _, _ = run("rollup", str(tmp_path), "--out", str(out), "--strict")
    assert code == 1  # a warning: 1 with --strict
    problems = [(r[2], Path(r[3]).name) for r in body(out, schema.ROLLUP_ISSUES_TITLE)]
    assert sorted(problems) == [
        ("ROL_003", "ลำพูน (สำเนา).xlsx"),
        ("ROL_005", "ลำพูน (สำเนา).xlsx"),
        ("ROL_005", "ลำพูน.xlsx"),
    ]
    message = next(r[8] for r in body(out, schema.ROLLUP_ISSUES_TITLE) if r[2] == "ROL_003")
    assert "เป็นสำเนาเก่ากว่าของสมุดงานหลักเดียวกับ" in message and message.endswith("ลำพูน.xlsx")
    status = body(out, schema.ROLLUP_STATUS.title)
    assert [(r[0], r[4], Path(r[10]).name) for r in status] == [("51", "มีมติครบแล้ว", "ลำพูน.xlsx")]


def test_nothing_to_roll_up_is_fatal_but_never_a_traceback(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    code, _, err = run("rollup", str(tmp_path), "--out", str(tmp_path / "n.xlsx"))
    assert code == 2 and "FILE_001" in err and "Traceback" not in err
    assert not (tmp_path / "n.xlsx").exists()


def test_a_master_without_its_year_is_reported_not_counted_as_the_default_year(masters, tmp_path):
    path = shutil.copy2(masters["57"], tmp_path / "ไม่มีปี.xlsx")
    row = schema.FIRST_DATA_ROW + [s.key for s in schema.SETTINGS_FIELDS].index("fiscal_year")
    wb = openpyxl.load_workbook(path)
    wb[schema.SETTINGS.title].cell(row, 2).value = None
    wb.save(path)
    shutil.copy2(masters["50"], tmp_path / "เชียงใหม่.xlsx")
    out = tmp_path / "national.xlsx"
    assert run("rollup", str(tmp_path), "--out", str(out))[0] == 1
    problems = [(r[2], Path(r[3]).name, r[4], r[5]) for r in body(out, schema.ROLLUP_ISSUES_TITLE)]
    assert problems == [("ROL_004", "ไม่มีปี.xlsx", schema.SETTINGS.title, row)]
    assert [r[0] for r in body(out, schema.ROLLUP_STATUS.title)] == ["50"]


def test_years_are_totalled_apart_and_the_same_province_in_two_years_is_no_duplicate(
    masters, tmp_path
):
    y69 = province_master(tmp_path / "เชียงราย-2569.xlsx", "57", "เชียงราย", year=2569, decide="none")
    out = tmp_path / "national.xlsx"
    assert run("rollup", str(masters["57"]), str(y69), "--out", str(out))[0] == 0
    counts = body(out, schema.ROLLUP_COUNTS.title)
    assert [(r[0], r[2]) for r in counts[:8]] == [("57", 2568)] * 4 + [("57", 2569)] * 4
    national = [(r[1], r[2], r[3], r[4], r[6]) for r in counts[8:]]
    s68, s69 = summary(masters["57"]), summary(y69)
    assert national == [
        *(
            ("รวมทั้งประเทศ", 2568, k.th, s68["totals"][k.value], s68["certified"][k.value])
            for k in KINDS
        ),
        ("รวมทั้งประเทศ", 2568, "รวมทุกประเภท", 129, sum(s68["certified"].values())),
        *(("รวมทั้งประเทศ", 2569, k.th, s69["totals"][k.value], 0) for k in KINDS),
        ("รวมทั้งประเทศ", 2569, "รวมทุกประเภท", 129, 0),
    ]
    assert body(out, schema.ROLLUP_ISSUES_TITLE)[0][8] == "ไม่พบปัญหา"
    kinds68 = [s68["totals"][k.value] for k in KINDS]
    kinds69 = [s69["totals"][k.value] for k in KINDS]
    assert body(out, schema.ROLLUP_NATIONAL.title) == [
        ["57", "เชียงราย", 2568, *kinds68, 129],
        [None, "รวมทั้งประเทศ", 2568, *kinds68, 129],
        ["57", "เชียงราย", 2569, *kinds69, 129],
        [None, "รวมทั้งประเทศ", 2569, *kinds69, 129],
    ]


def test_national_summary_is_the_seed_table_a_province_a_row(tmp_path):
    """สรุประดับประเทศ: the seed letter's table (a type a column, รวม) with a province a row and
    the national total row, for three small masters of different sizes."""
    small = {
        "56": ("พะเยา", ("เวียงแก่น", "แม่ลาว")),  # 3+14 leaders, 4+1 groups, 0+1, 1+1
        "54": ("แพร่", ("เมืองเชียงราย",)),  # 5, 1, 1, 1
        "55": ("น่าน", ("แม่จัน",)),  # 3, 2, 1, 2
    }
    paths = [
        province_master(tmp_path / f"{name}.xlsx", pc, name, decide="none", districts=names)
        for pc, (name, names) in small.items()
    ]
    out = tmp_path / "national.xlsx"
    assert run("rollup", *map(str, paths), "--out", str(out))[0] == 0

    ws = openpyxl.load_workbook(out)[schema.ROLLUP_NATIONAL.title]
    assert [c.value for c in ws[schema.HEADER_ROW]] == [
        "รหัสจังหวัด",
        "จังหวัด",
        "ปี (พ.ศ.)",
        *(k.th for k in KINDS),
        "รวม",
    ]
    assert [k.th for k in KINDS] == ["ผู้นำชุมชน", "กลุ่ม/องค์กรชุมชน", "เครือข่ายองค์กรชุมชน", "ชุมชน"]
    table = body(out, schema.ROLLUP_NATIONAL.title)
    assert table == [
        ["54", "แพร่", 2568, 5, 1, 1, 1, 8],
        ["55", "น่าน", 2568, 3, 2, 1, 2, 8],
        ["56", "พะเยา", 2568, 17, 5, 1, 2, 25],
        [None, "รวมทั้งประเทศ", 2568, 25, 8, 3, 5, 41],
    ]
    # each province row is its master's own summary; the total row their sum
    rows = {r[1]: r for r in table}
    for path in paths:
        s = summary(path)
        assert rows[path.stem][3:] == [*(s["totals"][k.value] for k in KINDS), s["totals"]["total"]]
    assert openpyxl.load_workbook(out).sheetnames[0] == schema.ROLLUP_NATIONAL.title


def test_the_click_path_does_not_import_pandas():
    """pandas is the roll-up's alone: recalculation and the Excel buttons never pay its import."""
    code = (
        "import sys, mchch_xl.flows.pipeline, mchch_xl.xl.ribbon, mchch_xl.cli, "
        "mchch_xl.cli.commands, mchch_xl.flows.rollup; print('pandas' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "False"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_rollup_and_reads_our_totals(masters, tmp_path):
    """A spreadsheet application opens the roll-up workbook and reads the same national rows."""
    from tests.test_libreoffice import convert

    out = tmp_path / "national.xlsx"
    assert run("rollup", str(masters["57"]), str(masters["50"]), "--out", str(out))[0] == 0
    opts = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    produced = convert(out, opts, tmp_path / "csv", tmp_path)
    sheet = next(p for p in produced.parent.glob("*.csv") if schema.ROLLUP_COUNTS.title in p.name)
    rows = list(csv.reader(sheet.open(encoding="utf-8")))
    want = [[_text(v) for v in row] for row in body(out, schema.ROLLUP_COUNTS.title)]
    assert [r[: len(want[0])] for r in rows[2:] if any(r)] == want
    assert want[-1][1:5] == ["รวมทั้งประเทศ", "2568", "รวมทุกประเภท", "258"]

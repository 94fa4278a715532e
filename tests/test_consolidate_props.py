"""Hypothesis: for random valid and invalid fillings of a district template, every row read is
accepted or rejected with a located error, and nothing from the input becomes a formula."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mchch_xl.files.reader import read_values
from mchch_xl.flows.pipeline import consolidate_sheets, evaluate, import_files, write_templates
from tests.test_consolidate import _data_rows_of

texts = st.one_of(
    st.sampled_from(
        [
            "ผู้นำชุมชน",
            "กลุ่ม/องค์กรชุมชน",
            "ชุมชน",
            "เครือข่ายองค์กรชุมชน",
            "ผู้นำ",
            "xyz",
            '=HYPERLINK("http://x","y")',
            "=1+1",
            "@SUM(A1)",
            "  สมชาย\u200b ",
            "๔",
            "",
        ]
    ),
    st.text(alphabet="กขคงจ =+-@0123456789๑๒๓\u200b", max_size=12),
)
ids = st.sampled_from(["5707-L01", "5707-L02", "5707-G01", "5707-C01", "5716-L01", "", "=A1", "X"])
scores = st.one_of(st.none(), st.integers(-2, 8), st.sampled_from(["๓", "ดี", "4.5", "=5", " 3 "]))
cand_rows = st.lists(st.tuples(ids, texts, texts, texts), max_size=8)
score_rows = st.lists(st.tuples(ids, st.lists(scores, min_size=5, max_size=5)), max_size=6)


@pytest.fixture(scope="module")
def template(demo_file, tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("t")
    [path] = write_templates(demo_file, folder, "5707")
    return path, evaluate(demo_file).checked.data


def _fill(src: Path, dst: Path, cands, score_list) -> Path:
    wb = openpyxl.load_workbook(src)
    ws = wb["กลุ่มเป้าหมาย"]
    for r, (cid, kind, name, place) in enumerate(cands, start=3):
        for c, v in enumerate([cid, kind, name, place], start=1):
            ws.cell(r, c).value = v or None
            if isinstance(v, str) and v:
                ws.cell(r, c).data_type = "s"  # typed text, as Excel stores it
    ws = wb["คะแนน-ผู้นำชุมชน"]
    for r, (cid, values) in enumerate(score_list, start=3):
        ws.cell(r, 1).value = cid or None
        if cid:
            ws.cell(r, 1).data_type = "s"
        for c, v in enumerate(values, start=4):
            ws.cell(r, c).value = v
            if isinstance(v, str):
                ws.cell(r, c).data_type = "s"
    wb.save(dst)
    return dst


@pytest.fixture(scope="module")
def master_sheets(demo_file):
    return read_values(demo_file)


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cand_rows, score_rows)
def test_conservation(template, master_sheets, cands, score_list):
    src, _ = template
    with tempfile.TemporaryDirectory() as tmp:
        path = _fill(src, Path(tmp) / src.name, cands, score_list)
        result = consolidate_sheets(master_sheets, "master.xlsx", [path], Path(tmp) / "back")
        [sub] = result.submissions
        assert sub.rows_read == _data_rows_of(path)
        # every row read: in the master (accepted or flagged) or in a refused file
        assert sub.rows_read == sub.rows_accepted + sub.rows_flagged + sub.rows_refused
        if sub.refused:
            assert sub.rows_accepted == sub.rows_flagged == 0 and sub.errors
        else:  # each flagged row of the file carries an error located on it
            flagged = {(i.sheet, i.row) for i in sub.errors if i.row and i.row > 2}
            assert len(flagged) == sub.rows_flagged
        for item in sub.issues:
            assert item.file == path.name and item.message_th and item.fix
            assert "{" not in item.message_th + item.message_en + item.fix


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cand_rows, score_rows)
def test_no_formula_from_input_reaches_the_master(template, demo_file, cands, score_list):
    src, _ = template
    with tempfile.TemporaryDirectory() as tmp:
        master = Path(tmp) / "master.xlsx"
        shutil.copy(demo_file, master)
        path = _fill(src, Path(tmp) / src.name, cands, score_list)
        result = import_files(master, [path], Path(tmp) / "back")
        for book in [master, *result.annotated]:
            with zipfile.ZipFile(book) as z:
                for name in z.namelist():
                    if name.startswith("xl/worksheets/"):
                        xml = z.read(name)
                        assert b"<f>" not in xml and b"<f " not in xml, (book.name, name)

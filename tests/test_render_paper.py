"""Sheets as printed: row heights estimated from TH SarabunPSK's widths (the spreadsheet breaks
the lines itself), and laying out the sheets stays light."""

from __future__ import annotations

import subprocess
import sys

from mchch_xl.layout.fontwidths import string_width
from mchch_xl.layout.grid import CELL_PADDING_PT, column_points, line_count


def test_line_count_is_one_for_what_fits_and_grows_with_the_text():
    width = 20
    room = column_points(width) - CELL_PADDING_PT
    word = "มาตรฐาน"
    fits = word * int(room // string_width(word, 16))
    assert string_width(fits, 16) <= room
    assert line_count(fits, width) == 1
    assert line_count(fits + word, width) == 2
    assert line_count("", width) == 1 and line_count(None, width) == 1
    assert line_count("a\nb\nc", width) == 3
    assert [line_count(word * n, width) for n in (10, 20, 40)] == sorted(
        line_count(word * n, width) for n in (10, 20, 40)
    )


def test_laying_out_the_sheets_imports_neither_pythainlp_nor_reportlab(demo_file):
    code = (
        "import sys\n"
        "from mchch_xl.flows.pipeline import evaluate\n"
        "from mchch_xl.layout.sheets import output_grids\n"
        f"run = evaluate({str(demo_file)!r})\n"
        "output_grids(run.checked, run.results)\n"
        "print(sorted(m for m in ('pythainlp', 'reportlab', 'docx', 'docxtpl') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

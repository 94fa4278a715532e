"""workbook/ holds the blank master and the demo master made by the CLI. Regenerating them must
give the same contents: values, styles, merged cells, validations, widths and print set-up
(never raw bytes: zip timestamps and docProps differ every time)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from mchch_xl.cli.commands import main

WORKBOOK = Path(__file__).parents[1] / "workbook"


def contents(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    out = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                cells[c.coordinate] = (
                    c.value,
                    c.data_type,
                    c.number_format,
                    c.font.name,
                    c.font.sz,
                    c.font.b,
                    c.fill.fgColor.rgb,
                    c.alignment.horizontal,
                    c.alignment.wrap_text,
                )
        out[ws.title] = {
            "cells": cells,
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.formula1) for dv in ws.data_validations.dataValidation
            ),
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
            "heights": {k: v.height for k, v in ws.row_dimensions.items() if v.height},
            "page": (
                ws.page_setup.paperSize,
                ws.page_setup.orientation,
                ws.print_title_rows,
                ws.freeze_panes,
                round(ws.page_margins.left, 3),
            ),
            "breaks": [b.id for b in ws.row_breaks.brk],
        }
    return out


def test_blank_master_regenerates(tmp_path):
    out = tmp_path / "master-2568.xlsx"
    assert main(["new", "--province", "เชียงราย", "--year", "2568", "--out", str(out)]) == 0
    assert contents(out) == contents(WORKBOOK / "master-2568.xlsx")


def test_demo_master_regenerates(tmp_path):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    assert contents(tmp_path / "demo-2568.xlsx") == contents(WORKBOOK / "demo-2568.xlsx")

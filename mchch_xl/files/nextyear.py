"""The parts of a next-year master that ``writer.new_workbook`` does not lay out: the history of
certified units (ประวัติการรับรอง) and the setting rows this version does not know."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook

from mchch_xl.domain.schema import HISTORY, SETTINGS, letter
from mchch_xl.files.writer import apply, put
from mchch_xl.layout.grid import table


def add_history(wb: Workbook, rows: list[list[Any]], extra_settings: list[list[Any]]) -> None:
    """Append the history sheet (after the schema sheets) and the extra setting rows."""
    grid = table(HISTORY, rows)
    end = max(len(grid.values), 2)
    grid.autofilter = f"A2:{letter(len(HISTORY.columns))}{end}"
    apply(wb.create_sheet(HISTORY.title), grid)
    ws = wb[SETTINGS.title]
    key_col = SETTINGS.index("key") + 1  # the setting's code, in small type as on every row
    for values in extra_settings:
        row = ws.max_row + 1
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value, "small" if col == key_col else "text")

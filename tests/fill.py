"""Fill district templates by script, as a district officer would in Excel (openpyxl, values
written into the template's cells)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import openpyxl

from mchch_xl.domain import schema
from mchch_xl.domain.model import MasterData, Round
from mchch_xl.flows.templates import score_sheet, template_kinds, year_indicators


def fill(template: Path, data: MasterData, code: str, out: Path | None = None) -> Path:
    """Write the master's candidates and scores of district ``code`` into its template."""
    wb = openpyxl.load_workbook(template)
    cands = [c for c in data.candidates if c.district == code]
    ws = wb[schema.TEMPLATE_CANDIDATES.title]
    for r, c in enumerate(cands, start=schema.FIRST_DATA_ROW):
        values = {**c.model_dump(), "kind": c.kind.th}
        for col, column in enumerate(schema.TEMPLATE_CANDIDATES.columns, start=1):
            ws.cell(r, col).value = values.get(column.key) or None
    scores = defaultdict(lambda: defaultdict(dict))  # id -> round label -> indicator -> score
    for s in data.scores:
        label = None if s.round is Round.COMMITTEE else s.round.th
        scores[s.candidate][label][s.indicator] = s.score
    for kind in template_kinds(data):
        sheet = score_sheet(kind, year_indicators(data, kind))
        ws = wb[sheet.title]
        r = schema.FIRST_DATA_ROW
        for c in cands:
            if c.kind != kind:
                continue
            for label, values in scores[c.id].items():
                ws.cell(r, 1).value = c.id
                ws.cell(r, 2).value = c.name
                ws.cell(r, 3).value = label
                for col, column in enumerate(sheet.columns[3:], start=4):
                    ws.cell(r, col).value = values.get(column.key)
                r += 1
    out = out or template
    wb.save(out)
    return out


def empty_like(master: Path, out: Path) -> Path:
    """The same master (settings, districts, indicators) with no candidates and no scores."""
    wb = openpyxl.load_workbook(master)
    for title in (schema.CANDIDATES.title, schema.SCORES.title):
        ws = wb[title]
        ws.delete_rows(schema.FIRST_DATA_ROW, ws.max_row)
    wb.save(out)
    return out

"""The sheet ภาพรวม: the year's steps (done or what is missing), then one row per district."""

from __future__ import annotations

from mchch_xl.compute.status import YearStatus
from mchch_xl.domain.schema import HEADER_ROW, OVERVIEW, OVERVIEW_STEP_HEADERS, ROW_HEIGHT
from mchch_xl.layout.grid import Grid, fit

DONE, TO_DO = "เสร็จแล้ว", "ยังไม่เสร็จ"
SENT, NOT_SENT = "ส่งแล้ว", "ยังไม่ส่ง"


def overview_grid(status: YearStatus) -> Grid:
    """Note in row 1; the steps' table from row 2 (name, state, detail over the columns to the
    right); a blank row; the districts' table (the sheet's schema columns)."""
    widths = [c.width for c in OVERVIEW.columns]
    last = len(OVERVIEW.columns)
    g = Grid(OVERVIEW, widths=widths, landscape=True)
    g.set(1, 1, f"{OVERVIEW.note} จังหวัด{status.province} ปี {status.year}", "sheet_note")
    g.heights[1] = ROW_HEIGHT
    name_w, state_w = widths[0] + widths[1], widths[2]
    detail_w = sum(widths[3:])
    r = HEADER_ROW
    for col, text in zip((1, 3, 4), OVERVIEW_STEP_HEADERS):
        g.set(r, col, text, "header")
    g.set(r, 2, None, "header")
    g.merges += [(r, 1, r, 2), (r, 4, r, last)]
    g.heights[r] = ROW_HEIGHT
    for step in status.steps:
        r += 1
        g.set(r, 1, step.name, "text_out")
        g.set(r, 2, None, "text_out")
        g.set(r, 3, DONE if step.done else TO_DO, "code_out" if step.done else "bad")
        g.set(r, 4, step.detail, "text_out")
        for c in range(5, last + 1):
            g.set(r, c, None, "text_out")
        g.merges += [(r, 1, r, 2), (r, 4, r, last)]
        fit(g, r, [(step.name, name_w), (step.detail, detail_w), (TO_DO, state_w)])
    r += 2
    for i, col in enumerate(OVERVIEW.columns, start=1):
        g.set(r, i, col.header, "header")
    fit(g, r, [(c.header, c.width) for c in OVERVIEW.columns], bold=True)
    g.title_rows = f"{r}:{r}"
    for d in status.districts:
        r += 1
        row = (
            d.code,
            d.name,
            SENT if d.submitted else NOT_SENT,
            d.submitted_at,
            d.file,
            d.candidates,
            d.flagged,
            d.rsvp,
        )
        for i, (col, value) in enumerate(zip(OVERVIEW.columns, row), start=1):
            style = (
                "code_out"
                if col.type == "code"
                else "number_out"
                if col.type == "int"
                else "text_out"
            )
            if col.key == "submitted" and not d.submitted:
                style = "bad"
            g.set(r, i, value, style)
        fit(g, r, [(d.file or "", widths[4]), (d.name, widths[1])])
    return g


__all__ = ["overview_grid"]

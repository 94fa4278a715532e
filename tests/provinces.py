"""Province masters for the roll-up tests and benchmark, made by the product's own pipeline
(``create_master`` + ``recalc``), with the committee's decisions typed into ผลการรับรอง as a
secretary would (openpyxl), then recalculated."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from mchch_xl.domain import schema
from mchch_xl.flows.demo import DEMO_NOTES, demo_settings, demo_tables
from mchch_xl.flows.pipeline import create_master, recalc


def province_master(
    path: Path,
    code: str,
    name: str,
    year: int = 2568,
    decide: str = "all",
    ids: dict[str, str] | None = None,
    recalc_after: bool = True,
    districts: tuple[str, ...] = (),
) -> Path:
    """The demo's 129 candidates moved to province ``code`` (district codes ``code`` + 2
    digits) and ``year``. ``decide``: "all" (every candidate has a decision), "some" (the first
    half) or "none". ``ids`` renames candidates (old id -> new id, e.g. a national ID).
    ``districts`` (names): keep only those districts' candidates, for a small master."""
    tables = demo_tables()
    ids = ids or {}
    if districts:
        tables["candidates"] = [r for r in tables["candidates"] if r[1] in districts]
        kept = {r[0] for r in tables["candidates"]}
        tables["scores"] = [r for r in tables["scores"] if r[0] in kept]

    def new_id(cid: str) -> str:
        return ids.get(cid, code + cid[2:])

    tables["districts"] = [[code + r[0][2:], *r[1:]] for r in tables["districts"]]
    tables["candidates"] = [[new_id(r[0]), *r[1:]] for r in tables["candidates"]]
    tables["scores"] = [[new_id(r[0]), *r[1:]] for r in tables["scores"]]
    tables["indicators"] = [[year, *r[1:]] for r in tables["indicators"]]
    tables["criteria"] = [[year, *r[1:]] for r in tables["criteria"]]
    settings = demo_settings().model_copy(
        update={"province": name, "fiscal_year": year, "office": f"สำนักงานพัฒนาชุมชนจังหวัด{name}"}
    )
    create_master(path, settings, tables, DEMO_NOTES)
    recalc(path, keep_backup=False)
    if decide != "none":
        enter_decisions(path, half=decide == "some")
        if recalc_after:
            recalc(path, keep_backup=False)
    return path


def enter_decisions(path: Path, half: bool = False) -> None:
    """รับรอง for those that passed (every fifth ให้ปรับปรุง), ไม่รับรอง for the others."""
    wb = openpyxl.load_workbook(path)
    ws = wb[schema.RESULTS.title]
    col = schema.RESULTS.index("decision") + 1
    result = schema.RESULTS.index("result") + 1
    rows = [r for r in range(schema.FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 4).value]
    for n, r in enumerate(rows[: len(rows) // 2] if half else rows):
        if ws.cell(r, result).value == "ผ่าน":
            ws.cell(r, col).value = "ให้ปรับปรุง" if n % 5 == 0 else "รับรอง"
        else:
            ws.cell(r, col).value = "ไม่รับรอง"
    wb.save(path)

"""load → check → compute → write: the one path that the CLI and the Excel actions share."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from typing import Any

from .checks import Checked, check_master
from .compute import Results, compute
from .demo import DEMO_NOTES, demo_settings, demo_tables, reference_districts
from .issues import Severity, issue
from .model import OrderPolicy, Settings

# openpyxl and calamine (io) load inside the functions that touch files: the Excel actions
# use this module too, and every ribbon click starts Python.


@dataclass
class Run:
    path: Path | str
    checked: Checked
    results: Results
    seed: int | None = None  # a lottery seed drawn by this run, to record in the settings

    @property
    def exit_code(self) -> int:
        """0 clean, 1 data issues found (errors or warnings)."""
        report = self.checked.report
        return 1 if report.errors or report.warnings else 0


def process(sheets: dict[str, list[list[Any]]], file: str, draw: bool = True) -> Run:
    """Check the input sheets (title -> rows of values) and compute every result. With the
    lottery policy and no seed yet, draw one (``draw``) so that it can be recorded."""
    checked = check_master(sheets, file)
    s = checked.data.settings
    seed = None
    if draw and s.order_policy is OrderPolicy.LOTTERY and s.lottery_seed is None:
        seed = secrets.randbelow(900_000) + 100_000
        checked.data.settings = s.model_copy(update={"lottery_seed": seed})
        checked.report.add(issue("ORD_003", value=seed))
    return Run(file, checked, compute(checked.data), seed)


def evaluate(path: Path) -> Run:
    """Read, check and compute, writing nothing."""
    from .io import reader

    path = Path(path)
    run = process(reader.read_values(path), path.name, draw=False)
    run.path = path
    return run


def recalc(path: Path, keep_backup: bool = True) -> Run:
    """Validate a master and rewrite its outputs in place (atomic, with a dated backup)."""
    from .io import files, reader, writer

    path = Path(path)
    with files.master_lock(path):
        files.check_not_open(path)
        run = process(reader.read_values(path), path.name)
        run.path = path
        wb = writer.load(path)
        if run.seed is not None:
            writer.record_setting(wb, run.checked, "lottery_seed", run.seed)
        writer.write_outputs(wb, run.checked, run.results)
        writer.save(wb, path, keep_backup=keep_backup)
    return run


def create_master(path: Path, settings: Settings, tables: dict, notes: dict | None = None) -> Path:
    from .io import writer

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = writer.new_workbook(settings, tables, notes)
    writer.save(wb, path, keep_backup=path.exists())
    return path


def new_master(path: Path, province: str, year: int) -> Run:
    """An empty master for a province and fiscal year (districts filled where the package
    knows them), recalculated so that its output sheets are laid out."""
    province = province.removeprefix("จังหวัด").strip()
    settings = Settings(province=province, fiscal_year=year,
                        office=f"สำนักงานพัฒนาชุมชนจังหวัด{province}")
    districts = [[d.code, d.name, None, None, None, None] for d in reference_districts(province)]
    create_master(path, settings, {"districts": districts})
    return recalc(path, keep_backup=False)


def demo_master(out_dir: Path) -> Run:
    """The Chiang Rai 2568 demo master, recalculated."""
    path = Path(out_dir) / "demo-2568.xlsx"
    create_master(path, demo_settings(), demo_tables(), DEMO_NOTES)
    return recalc(path, keep_backup=False)


__all__ = ["Run", "process", "evaluate", "recalc", "new_master", "demo_master", "Severity"]

"""load → check → compute → write: the one path that the CLI and the Excel actions share."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from .checks import Checked, check_master
from .compute import Results, compute
from .demo import DEMO_NOTES, demo_settings, demo_tables, reference_districts
from .io import files, reader, writer
from .issues import Severity, issue
from .model import OrderPolicy, Settings


@dataclass
class Run:
    path: Path
    checked: Checked
    results: Results

    @property
    def exit_code(self) -> int:
        """0 clean, 1 data issues found (errors or warnings)."""
        report = self.checked.report
        return 1 if report.errors or report.warnings else 0


def evaluate(path: Path) -> Run:
    """Read, check and compute, writing nothing."""
    path = Path(path)
    checked = check_master(reader.read_values(path), path.name)
    return Run(path, checked, compute(checked.data))


def _draw_lottery(checked: Checked) -> int | None:
    s = checked.data.settings
    if s.order_policy is not OrderPolicy.LOTTERY or s.lottery_seed is not None:
        return None
    seed = secrets.randbelow(900_000) + 100_000
    checked.data.settings = s.model_copy(update={"lottery_seed": seed})
    checked.report.add(issue("ORD_003", value=seed))
    return seed


def recalc(path: Path, keep_backup: bool = True) -> Run:
    """Validate a master and rewrite its outputs in place (atomic, with a dated backup)."""
    path = Path(path)
    with files.master_lock(path):
        files.check_not_open(path)
        checked = check_master(reader.read_values(path), path.name)
        seed = _draw_lottery(checked)
        results = compute(checked.data)
        wb = writer.load(path)
        if seed is not None:
            writer.record_setting(wb, checked, "lottery_seed", seed)
        writer.write_outputs(wb, checked, results)
        writer.save(wb, path, keep_backup=keep_backup)
    return Run(path, checked, results)


def create_master(path: Path, settings: Settings, tables: dict, notes: dict | None = None) -> Path:
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


__all__ = ["Run", "evaluate", "recalc", "new_master", "demo_master", "Severity"]

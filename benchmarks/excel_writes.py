"""Cells desktop Excel would store differently from what an action wrote, before and after the
write path's number formats (``mchch_xl/xl/writes.py``), judged by the Excel-semantics double
(``tests/excel_model.py``) over every action, on the demo and on a master with hostile text.

    python benchmarks/excel_writes.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


def main() -> None:
    from _pytest.monkeypatch import MonkeyPatch

    from mchch_xl.flows.pipeline import demo_master
    from tests.test_xl_writes import every_action, hostile_master

    tmp = Path(tempfile.mkdtemp())
    demo = demo_master(tmp / "demo").path
    masters = {"demo": demo, "hostile": hostile_master(demo, tmp / "hostile.xlsx")}
    print("start: the cells' number formats before the action (the file's own, or all General)")
    print(
        "master   start    writes          cells written  changed (no formats)  changed (formats)"
    )
    for which, path in masters.items():
        for start in ("file", "General"):
            counts = {}
            for protect in (False, True):
                work = tmp / f"{which}-{start}-{protect}"
                work.mkdir()
                counts[protect] = every_action(path, work, MonkeyPatch(), protect, start)
            for name in counts[True]:
                written, after = counts[True][name]
                _, before = counts[False][name]
                print(
                    f"{which:8} {start:8} {name:15} {written:13}  {len(before):20}  {len(after):17}"
                )
            total = sum(c for c, _ in counts[True].values())
            before = sum(len(b) for _, b in counts[False].values())
            after = sum(len(a) for _, a in counts[True].values())
            print(f"{which:8} {start:8} {'(all)':15} {total:13}  {before:20}  {after:17}")


if __name__ == "__main__":
    main()

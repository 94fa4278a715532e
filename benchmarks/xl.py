"""Benchmark the Excel side: the ribbon module's import (every click starts Python) and a
recalculation of the demo master on xlwings' remote engine (time and recorded actions).

    XLWINGS_LICENSE_KEY=noncommercial python benchmarks/xl.py [--runs 9]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    import mchch_xl

    compileall.compile_dir(Path(mchch_xl.__file__).parent, quiet=1)
    py = sys.executable
    imports, bare = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        subprocess.run([py, "-c", "import mchch_xl.xl.ribbon"], check=True)
        imports.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([py, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - t)

    import xlwings as xw

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from mchch_xl.flows.pipeline import demo_master
    from mchch_xl.xl import actions
    from tests.test_xl import payload

    with tempfile.TemporaryDirectory() as tmp:
        path = demo_master(Path(tmp)).path
        data = payload(path)
        times, counts = [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            book = xw.Book(json=data)
            actions.recalc(book)
            times.append(time.perf_counter() - t)
            counts.append(len(book.json()["actions"]))
    med = statistics.median
    print(
        f"import mchch_xl.xl.ribbon (with interpreter start): median {med(imports):.3f} s; "
        f"python -c pass: {med(bare):.3f} s"
    )
    print(
        f"remote-engine recalc of the demo master: median {med(times) * 1000:.0f} ms, "
        f"{counts[0]} recorded actions"
    )


if __name__ == "__main__":
    main()

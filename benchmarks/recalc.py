"""Benchmark: `mchch-xl recalc` on the demo master, interpreter start included.

    python benchmarks/recalc.py [--runs 9]

Prints the median and spread of whole-command runs, the in-process phases (read, check,
compute, load, write, save) and the import time of the package. The package is byte-compiled
first, as `pip install` does, so that runs do not time Python's compiler.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mchch_xl


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    compileall.compile_dir(Path(mchch_xl.__file__).parent, quiet=1)
    from mchch_xl.pipeline import demo_master

    with tempfile.TemporaryDirectory() as tmp:
        path = demo_master(Path(tmp)).path
        py = sys.executable
        bare = [timed([py, "-c", "pass"]) for _ in range(args.runs)]
        imports = [timed([py, "-c", "import mchch_xl.pipeline"]) for _ in range(args.runs)]
        runs = [timed([py, "-m", "mchch_xl", "recalc", str(path)]) for _ in range(args.runs)]

        from mchch_xl.checks import check_master
        from mchch_xl.compute import compute
        from mchch_xl.io import reader, writer

        phases: dict[str, list[float]] = {k: [] for k in
                                          ("read", "check", "compute", "load", "write", "save")}
        for _ in range(args.runs):
            t = [time.perf_counter()]
            sheets = reader.read_values(path)
            t.append(time.perf_counter())
            checked = check_master(sheets, path.name)
            t.append(time.perf_counter())
            results = compute(checked.data)
            t.append(time.perf_counter())
            wb = writer.load(path)
            t.append(time.perf_counter())
            writer.write_outputs(wb, checked, results)
            t.append(time.perf_counter())
            wb.save(Path(tmp) / "out.xlsx")
            t.append(time.perf_counter())
            for k, a, b in zip(phases, t, t[1:]):
                phases[k].append(b - a)

    med = statistics.median
    print(f"runs: {args.runs}; python {sys.version.split()[0]}")
    print(f"python -c pass:                 median {med(bare):.3f} s")
    print(f"import mchch_xl.pipeline:       median {med(imports):.3f} s "
          f"(package alone {med(imports) - med(bare):.3f} s)")
    print(f"mchch-xl recalc (demo master):  median {med(runs):.3f} s "
          f"(min {min(runs):.3f}, max {max(runs):.3f})")
    print("in-process phases (median): " +
          ", ".join(f"{k} {med(v) * 1000:.0f} ms" for k, v in phases.items()))


if __name__ == "__main__":
    main()

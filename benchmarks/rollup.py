"""The national roll-up at full scale: 76 province masters (the demo's 129 candidates each,
made by ``pipeline.create_master`` + ``recalc``, decisions typed into ผลการรับรอง: all, half or
none, in turn), rolled up by ``mchch-xl rollup DIR --out national.xlsx --csv DIR`` in a child
process (wall time, including Python's start, and peak memory). Run at 10 provinces too, to
show that memory does not grow with the number of masters.

    python benchmarks/rollup.py [--provinces 76] [--keep DIR] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))


def build(folder: Path, provinces: int) -> list[Path]:
    """``provinces`` masters in ``folder`` (kept between runs with ``--keep``)."""
    from tests.provinces import province_master

    paths = []
    for i in range(provinces):
        code = f"{10 + i}"
        path = folder / f"{code}-2568.xlsx"
        if not path.exists():
            decide = ("all", "some", "none")[i % 3]
            province_master(path, code, f"ทดสอบ{code}", decide=decide, recalc_after=False)
        paths.append(path)
    return paths


CHILD = (
    "import io, resource, sys, time; t = time.perf_counter(); from mchch_xl.cli.commands import main; "
    "out = io.StringIO(); code = main(sys.argv[1:], out=out, err=io.StringIO()); "
    "r = resource.getrusage(resource.RUSAGE_SELF); "
    "print(code, time.perf_counter() - t, r.ru_maxrss / 1024, r.ru_utime + r.ru_stime); "
    "print(out.getvalue())"
)


def roll(inputs: list[str], out: Path) -> dict:
    """One roll-up in a fresh process: wall seconds (with Python's start), seconds inside,
    its CPU seconds (user + system: what a busy shared machine does not inflate) and peak RSS."""
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            "rollup",
            *inputs,
            "--out",
            str(out),
            "--csv",
            str(out.with_suffix("")),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    wall = time.perf_counter() - start
    code, inside, peak, cpu = proc.stdout.splitlines()[0].split()
    if code not in ("0", "1"):
        raise SystemExit(proc.stdout)
    return {
        "wall_s": wall,
        "inside_s": float(inside),
        "peak_mb": float(peak),
        "cpu_s": float(cpu),
        "line": proc.stdout.splitlines()[1],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--provinces", type=int, default=76)
    ap.add_argument("--keep")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp())
    masters = folder / "masters"
    masters.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    paths = build(masters, args.provinces)
    print(f"built {len(paths)} province masters in {time.perf_counter() - t:.1f} s ({masters})")
    results = {}
    for n in sorted({min(10, len(paths)), len(paths)}):
        inputs = [str(p) for p in paths[:n]]
        out = folder / f"national-{n}.xlsx"
        runs = [roll(inputs, out) for _ in range(args.runs)]
        results[n] = {
            "median_wall_s": round(statistics.median(r["wall_s"] for r in runs), 2),
            "median_inside_s": round(statistics.median(r["inside_s"] for r in runs), 2),
            "median_cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 2),
            "peak_mb": round(max(r["peak_mb"] for r in runs)),
            "output": runs[0]["line"],
        }
        print(n, json.dumps(results[n], ensure_ascii=False))


if __name__ == "__main__":
    main()

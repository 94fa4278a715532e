"""Import of returned district templates into the master, three ways, at 18, 150 and 878 districts.

The inputs are real district templates (``mchch-xl templates``, i.e. ``pipeline.write_templates``)
filled as an officer would in Excel (``tests/fill.py``: values typed into the template's cells),
from a master shaped like the demo (``scaled.py``: candidate counts of the seed letter ×2,
15 indicators per type). The target is the same master with no candidates and no scores, already
recalculated, copied fresh for every run. Each run is a whole process (interpreter start
included), timed by a small parent process that also reports the child's peak RSS
(``getrusage(RUSAGE_CHILDREN)``), so each figure belongs to one method only:

  mchch-xl   ``python -m mchch_xl import MASTER FOLDER`` (safety pre-scan, structure, replace the
             districts' rows, one check of the master, recalc, one save with a backup)
  openpyxl   what a competent developer writes in an afternoon: read each file with openpyxl
             (read-only, values), find the columns by their headers, replace the district's rows
             in the master loaded with openpyxl (styles kept) and save it in place
  floor      the I/O floor of the same job: python-calamine reads every input file and every sheet
             of the master; openpyxl write-only writes the master's sheets with the new rows

Repetitions are interleaved (method order rotates each round). Afterwards the three outputs are
compared: candidates and scores as sets of rows, equal to each other and to what was typed.

    python benchmarks/consolidation.py [--sizes 18 150 878] [--reps 3] [--data DIR] [--json OUT]
                                       [--phases]

``--phases`` runs mchch-xl in a small wrapper that also times its master write (``io.writer``
load, write_table, write_outputs, save), so that the read side (pre-scan, reading, judging,
merging, the one check, recalculation) can be told apart from the write.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

METHODS = ("mchch-xl", "openpyxl", "floor")
CAND_SHEET, SCORE_SHEET, META_SHEET = "กลุ่มเป้าหมาย", "คะแนน", "ข้อมูลแบบฟอร์ม"
FIRST_DATA_ROW = 3  # row 1: the sheet's note, row 2: headers


# -- inputs ------------------------------------------------------------------------------------


def build(folder: Path, districts: int) -> tuple[Path, Path, Path]:
    """(empty master, folder of filled templates, full master); reused when already built."""
    import scaled

    from mchch_xl.flows.pipeline import evaluate, write_templates
    from tests.fill import fill

    folder.mkdir(parents=True, exist_ok=True)
    full, empty, inputs = folder / "full.xlsx", folder / "master.xlsx", folder / "in"
    if (folder / "done").exists():
        return empty, inputs, full
    tables = scaled.scaled_tables(districts, per_district=2, indicators_per_kind=15)
    scaled.create(full, tables, districts)
    scaled.create(empty, {**tables, "candidates": [], "scores": []}, districts)
    data = evaluate(full).checked.data
    shutil.rmtree(inputs, ignore_errors=True)
    for path in write_templates(full, inputs):
        fill(path, data, path.name.split("-")[1])
    (folder / "done").write_text("ok")
    return empty, inputs, full


# -- the two comparison methods (run in a child process) --------------------------------------


def run_openpyxl(master: Path, inputs: Path) -> None:
    import openpyxl

    cands: dict[str, list] = {}  # district name -> candidate rows (master column order)
    scores: dict[str, list] = {}
    for path in sorted(inputs.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(min_row=2, values_only=True)}
        district = meta["district_name"]
        rows = list(wb[CAND_SHEET].iter_rows(values_only=True))
        col = {h: i for i, h in enumerate(rows[1]) if h}
        cands[district] = [
            [
                r[col["รหัสกลุ่มเป้าหมาย"]],
                district,
                r[col["ประเภท"]],
                r[col["ชื่อ"]],
                r[col["ที่ตั้ง (หมู่บ้าน/ตำบล)"]],
                r[col["วันที่ตรวจประเมิน"]],
                r[col["หมายเหตุ"]],
            ]
            for r in rows[2:]
            if r and r[0] is not None
        ]
        scores[district] = []
        for ws in wb.worksheets:
            if not ws.title.startswith("คะแนน-"):
                continue
            rows = list(ws.iter_rows(values_only=True))
            header = rows[1]
            for r in rows[2:]:
                if not r or r[0] is None:
                    continue
                for i in range(3, len(header)):
                    if header[i] and r[i] is not None:
                        scores[district].append([r[0], header[i], r[i], r[2]])
        wb.close()
    wb = openpyxl.load_workbook(master)
    for title, new, district_col in ((CAND_SHEET, cands, 1), (SCORE_SHEET, scores, None)):
        ws = wb[title]
        kept = list(ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
        if district_col is not None:
            kept = [r for r in kept if r[district_col] not in new]
        else:  # scores of candidates whose district was imported are replaced
            ids = {r[0] for rows in cands.values() for r in rows}
            kept = [r for r in kept if r[0] not in ids]
        ws.delete_rows(FIRST_DATA_ROW, ws.max_row)
        for row in kept:
            ws.append(list(row))
        for rows in new.values():
            for row in rows:
                ws.append(row)
    wb.save(master)


def run_floor(master: Path, inputs: Path) -> None:
    import openpyxl
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(master))
    sheets = {t: book.get_sheet_by_name(t).to_python() for t in book.sheet_names}
    new_cands, new_scores = [], []
    districts = set()
    for path in sorted(inputs.glob("*.xlsx")):
        wb = CalamineWorkbook.from_path(str(path))
        meta = {r[0]: r[1] for r in wb.get_sheet_by_name(META_SHEET).to_python()[1:]}
        district = meta["district_name"]
        districts.add(district)
        for title in wb.sheet_names:
            rows = wb.get_sheet_by_name(title).to_python()
            if title == CAND_SHEET:
                new_cands += [[r[0], district, *r[1:6]] for r in rows[2:] if r[0] != ""]
            elif title.startswith("คะแนน-"):
                codes = rows[1]
                for r in rows[2:]:
                    if r[0] != "":
                        new_scores += [
                            [r[0], codes[i], r[i], r[2]] for i in range(3, len(codes)) if r[i] != ""
                        ]
    ids = {r[0] for r in new_cands}
    cands = sheets[CAND_SHEET]
    sheets[CAND_SHEET] = cands[:2] + [r for r in cands[2:] if r[1] not in districts] + new_cands
    scores = sheets[SCORE_SHEET]
    sheets[SCORE_SHEET] = scores[:2] + [r for r in scores[2:] if r[0] not in ids] + new_scores
    out = openpyxl.Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = out.create_sheet(title)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    out.save(master)


def child(method: str, master: str, inputs: str) -> None:
    {"openpyxl": run_openpyxl, "floor": run_floor}[method](Path(master), Path(inputs))


WRITE_STEPS = ("load", "write_table", "write_outputs", "save")  # the master's write (io.writer)


def run_mchch_phases(master: str, inputs: str, annotated: str) -> None:
    """``python -m mchch_xl import`` in this process, timing the master's write (``io.writer``
    load, write_table, write_outputs, save): the read side is the rest. Prints JSON last."""
    import functools

    from mchch_xl.cli.commands import main as cli
    from mchch_xl.files import writer

    spent = {"write_s": 0.0}
    depth = [0]  # write_outputs calls write_table: count the outer call only

    def timed(f):
        @functools.wraps(f)
        def g(*a, **k):
            t = time.perf_counter()
            depth[0] += 1
            try:
                return f(*a, **k)
            finally:
                depth[0] -= 1
                if not depth[0]:
                    spent["write_s"] += time.perf_counter() - t

        return g

    for name in WRITE_STEPS:
        setattr(writer, name, timed(getattr(writer, name)))
    try:
        rc = cli.main(["import", master, inputs, "--annotated", annotated])
    except SystemExit as exc:
        rc = exc.code
    print(json.dumps(spent), file=sys.stderr)
    sys.exit(rc)


def measure(method: str, master: str, inputs: str, phases: bool = False) -> None:
    """Run one method as a child process; print its wall time and peak RSS as JSON (with
    ``phases``, mchch-xl also gives the seconds of its master write)."""
    annotated = str(Path(master).parent / "annotated")
    if method == "mchch-xl" and phases:
        cmd = [sys.executable, __file__, "--child-phases", master, inputs, annotated]
    elif method == "mchch-xl":
        cmd = [sys.executable, "-m", "mchch_xl", "import", master, inputs, "--annotated", annotated]
    else:
        cmd = [sys.executable, __file__, "--child", method, master, inputs]
    start = time.perf_counter()
    proc = subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1 = data issues found, still imported
        sys.exit(f"{method} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = {"seconds": seconds, "peak_mb": peak, "rc": proc.returncode}
    if method == "mchch-xl" and phases:
        out.update(json.loads(proc.stderr.strip().splitlines()[-1]))
    print(json.dumps(out))


# -- comparison --------------------------------------------------------------------------------


def _norm(v):
    if v is None or v == "":
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        return v.strip()
    return v


def master_rows(path: Path) -> tuple[frozenset, frozenset]:
    """(candidate rows, score rows) of a master as sets, columns found by their headers."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    out = []
    for title, headers in (
        (
            CAND_SHEET,
            (
                "รหัสกลุ่มเป้าหมาย",
                "อำเภอ",
                "ประเภท",
                "ชื่อ",
                "ที่ตั้ง (หมู่บ้าน/ตำบล)",
                "วันที่ตรวจประเมิน",
                "หมายเหตุ",
            ),
        ),
        (SCORE_SHEET, ("รหัสกลุ่มเป้าหมาย", "รหัสตัวชี้วัด", "คะแนน", "รอบการประเมิน")),
    ):
        rows = book.get_sheet_by_name(title).to_python()
        col = {h: i for i, h in enumerate(rows[1])}
        out.append(
            frozenset(
                tuple(_norm(r[col[h]]) for h in headers)
                for r in rows[2:]
                if any(_norm(v) is not None for v in r)
            )
        )
    return out[0], out[1]


# -- driver ------------------------------------------------------------------------------------


def run_size(data_dir: Path, districts: int, reps: int, phases: bool = False) -> dict:
    t = time.perf_counter()
    empty, inputs, full = build(data_dir / f"d{districts}", districts)
    built = time.perf_counter() - t
    expected = master_rows(full)
    n_files = len(list(inputs.glob("*.xlsx")))
    print(
        f"\n{districts} districts: {n_files} filled templates, {len(expected[0])} candidates, "
        f"{len(expected[1])} scores (inputs ready in {built:.0f} s)",
        flush=True,
    )
    runs: dict[str, list[dict]] = {m: [] for m in METHODS}
    same: dict[str, bool] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(reps):
            order = METHODS[rep % 3 :] + METHODS[: rep % 3]
            for method in order:
                folder = Path(tmp) / f"{method}-{rep}"
                folder.mkdir()
                master = folder / "master.xlsx"
                shutil.copyfile(empty, master)
                out = subprocess.run(
                    [sys.executable, __file__, "--measure", method, str(master), str(inputs)]
                    + (["--phases"] if phases else []),
                    check=False,
                    capture_output=True,
                    text=True,
                )
                if out.returncode:
                    sys.exit(out.stdout + out.stderr)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                runs[method].append(r)
                split = (
                    f" (master write {r['write_s']:.2f} s, the rest {r['seconds'] - r['write_s']:.2f} s)"
                    if "write_s" in r
                    else ""
                )
                print(
                    f"  round {rep + 1} {method:9s} {r['seconds']:6.2f} s {r['peak_mb']:5.0f} MB"
                    + split,
                    flush=True,
                )
                if rep == 0:
                    same[method] = master_rows(master) == expected
                shutil.rmtree(folder)
    med = {m: statistics.median(r["seconds"] for r in runs[m]) for m in METHODS}
    summary = {
        "districts": districts,
        "files": n_files,
        "candidates": len(expected[0]),
        "scores": len(expected[1]),
        "reps": reps,
        "same_master_data": same,
    }
    if phases:
        summary["mchch-xl_write_median_s"] = statistics.median(
            r["write_s"] for r in runs["mchch-xl"]
        )
    for m in METHODS:
        secs = [r["seconds"] for r in runs[m]]
        summary[m] = {
            "median_s": med[m],
            "min_s": min(secs),
            "max_s": max(secs),
            "peak_mb": max(r["peak_mb"] for r in runs[m]),
        }
    summary["openpyxl_over_ours"] = med["openpyxl"] / med["mchch-xl"]
    summary["ours_over_floor"] = med["mchch-xl"] / med["floor"]
    print(
        f"  mchch-xl = {summary['ours_over_floor']:.2f}× floor; openpyxl = "
        f"{summary['openpyxl_over_ours']:.2f}× mchch-xl; same master data as typed: {same}",
        flush=True,
    )
    return summary


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[18, 150, 878])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument(
        "--data",
        default=str(Path(tempfile.gettempdir()) / "mchch-bench"),
        help="folder for the generated inputs (kept and reused between runs)",
    )
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument(
        "--phases",
        action="store_true",
        help="also time mchch-xl's master write (io.writer load/write/save) apart from the rest",
    )
    ap.add_argument("--child", nargs=3)
    ap.add_argument("--child-phases", nargs=3)
    ap.add_argument("--measure", nargs=3)
    ap.add_argument("--build-only", action="store_true", help="make the inputs, measure nothing")
    args = ap.parse_args()
    if args.child:
        return child(*args.child)
    if args.child_phases:
        return run_mchch_phases(*args.child_phases)
    if args.measure:
        return measure(*args.measure, phases=args.phases)
    import compileall

    compileall.compile_dir(ROOT / "mchch_xl", quiet=1)  # as pip install does
    if args.build_only:
        for n in args.sizes:
            build(Path(args.data) / f"d{n}", n)
        return
    results = []
    for n in args.sizes:
        results.append(run_size(Path(args.data), n, args.reps, args.phases))
        if args.json:  # after each size: a long run's first figures survive an interruption
            Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(
        "\n| districts | files | candidates | scores | mchch-xl ÷ floor | openpyxl ÷ mchch-xl "
        "| mchch-xl median (min–max) | openpyxl | floor | peak MB (ours / openpyxl / floor) "
        "| same data |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for s in results:

        def fmt(m, s=s):
            return f"{s[m]['median_s']:.2f} s ({s[m]['min_s']:.2f}–{s[m]['max_s']:.2f})"

        print(
            f"| {s['districts']} | {s['files']} | {s['candidates']:,} | {s['scores']:,} "
            f"| {s['ours_over_floor']:.2f}× | {s['openpyxl_over_ours']:.2f}× | {fmt('mchch-xl')} "
            f"| {fmt('openpyxl')} | {fmt('floor')} | "
            + " / ".join(f"{s[m]['peak_mb']:.0f}" for m in METHODS)
            + f" | {'yes' if all(s['same_master_data'].values()) else s['same_master_data']} |"
        )


if __name__ == "__main__":
    main()

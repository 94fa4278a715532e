"""`mchch-xl recalc` against its I/O floor, on the demo master and on masters 1× and 16× its size.

Masters: the demo itself, and ``scaled.py`` masters shaped like it with 18 and 288 districts
(1× and 16×: 129 and 2,064 candidates, 5 indicators per type). Each is recalculated once first:
staff press "recalculate" on a master that already has its output sheets.

  mchch-xl   ``python -m mchch_xl recalc MASTER`` as a whole process (interpreter start, read,
             check, compute, write every output sheet, atomic save with a dated backup)
  floor      the I/O floor of the same job, also a whole process: python-calamine reads every
             sheet; each output sheet's cells (values and style ids, the same as mchch-xl writes,
             prepared before timing) are serialised as sheet XML around the sheet's own layout
             (merges, widths, print setup) and spliced into a copy of the package; every other
             part is copied (decompressed and compressed again, as zipfile does)
  start      ``python -c "import mchch_xl.domain.model"``: the interpreter, pydantic and the models,
             which every checking command pays before it opens a file
  bare       ``python -c pass``

start + (floor − bare) is the least a process that starts as mchch-xl must and then does only
the floor's I/O could take: the lower bound of the ratio while pydantic is on the path.

Repetitions are interleaved (order alternates); a fresh copy of the master for every run.

    python benchmarks/recalc.py [--reps 7] [--json OUT]
"""

from __future__ import annotations

import argparse
import compileall
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

# what every command that checks data pays before it reads a file: the interpreter, pydantic
# and the models (plugins off, as the command line sets)
START = "import os; os.environ.setdefault('PYDANTIC_DISABLE_PLUGINS', '__all__'); import mchch_xl.domain.model"
FLOOR = Path(__file__).with_name("recalc_floor.py")  # a process importing only what it needs
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


# what `mchch-xl recalc` imports (no openpyxl: the output sheets are spliced in)
RECALC_IMPORTS = (
    "import mchch_xl.cli.commands, mchch_xl.flows.pipeline, mchch_xl.layout.sheets, mchch_xl.files.reader, "
    "mchch_xl.files.splice"
)


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet title -> its part name in the package (xl/worksheets/sheetN.xml)."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    target |= {
        k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)
    }
    out = {}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        t = target[rid].lstrip("/")
        out[name.replace("&amp;", "&")] = t if t.startswith("xl/") else "xl/" + t
    return out


def prepare(path: Path, spec: Path) -> None:
    """What the floor writes: each output sheet's layout and cells (ref, style, value) as
    mchch-xl wrote them, shared strings resolved (the floor writes them inline)."""
    from lxml import etree

    from mchch_xl.flows.pipeline import evaluate
    from mchch_xl.layout.sheets import output_grids

    run = evaluate(path)
    titles = [g.sheet.title for g in output_grids(run.checked, run.results)]
    parts = sheet_parts(path)
    with zipfile.ZipFile(path) as z:
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            root = etree.fromstring(z.read("xl/sharedStrings.xml"))
            strings = ["".join(si.itertext()) for si in root.iterfind("m:si", NS)]
        sheets = {}
        for title in titles:
            xml = z.read(parts[title]).decode()
            head, rest = xml.split("<sheetData", 1)
            _, tail = rest.split("</sheetData>", 1) if "</sheetData>" in rest else ("", rest[2:])
            rows = []
            for row in etree.fromstring(xml.encode()).iterfind("m:sheetData/m:row", NS):
                cells = []
                for c in row.iterfind("m:c", NS):
                    v, f, inline = c.find("m:v", NS), c.find("m:f", NS), c.find("m:is", NS)
                    kind = c.get("t")
                    value = None if v is None else v.text
                    if f is not None:
                        value, kind = f.text, "formula"
                    elif inline is not None:
                        value, kind = "".join(inline.itertext()), "str"
                    elif kind == "s":
                        value, kind = strings[int(value)], "str"
                    cells.append((c.get("r"), c.get("s"), kind, value))
                rows.append((row.get("r"), dict(row.attrib), cells))
            sheets[parts[title]] = {"head": head, "tail": tail, "rows": rows}
    spec.write_text(json.dumps(sheets, ensure_ascii=False))


def all_values(path: Path) -> dict[str, list[list]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {t: book.get_sheet_by_name(t).to_python() for t in book.sheet_names}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, check=False, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd} failed:\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--sizes", nargs="+", default=["demo", "1", "16"])
    ap.add_argument("--json")
    args = ap.parse_args()
    import scaled

    from mchch_xl.flows.pipeline import demo_master

    compileall.compile_dir(ROOT / "mchch_xl", quiet=1)  # as pip install does
    py = sys.executable
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        imports = []
        for _ in range(args.reps):
            bare = timed([py, "-c", "pass"])
            imports.append(timed([py, "-c", RECALC_IMPORTS]) - bare)
        for size in args.sizes:
            if size == "demo":
                master = demo_master(tmp / "demo").path
                label, n = "demo (Chiang Rai 2568)", 18
            else:
                n = 18 * int(size)
                master = scaled.create(tmp / f"x{size}.xlsx", scaled.scaled_tables(n, 1, 5), n)
                label = f"{size}× ({n} districts)"
            spec = tmp / f"{master.stem}.json"
            prepare(master, spec)
            times: dict[str, list[float]] = {"mchch-xl": [], "floor": [], "start": [], "bare": []}
            snapshot: dict[str, dict] = {}
            for rep in range(args.reps):
                order = (
                    ("mchch-xl", "floor", "start", "bare")
                    if rep % 2 == 0
                    else ("bare", "start", "floor", "mchch-xl")
                )
                for method in order:
                    # the master's own name: the issues sheet names the file
                    copy = tmp / f"run-{method}" / master.name
                    copy.parent.mkdir(exist_ok=True)
                    shutil.copyfile(master, copy)
                    cmd = {
                        "mchch-xl": [py, "-m", "mchch_xl", "recalc", str(copy)],
                        "floor": [py, str(FLOOR), str(copy), str(spec)],
                        "start": [py, "-c", START],
                        "bare": [py, "-c", "pass"],
                    }[method]
                    times[method].append(timed(cmd))
                    if rep == 0 and method in ("mchch-xl", "floor"):
                        snapshot[method] = all_values(copy)
                    shutil.rmtree(copy.parent)  # the copy, its backups and lock
            med = {m: statistics.median(v) for m, v in times.items()}
            same = snapshot["mchch-xl"] == snapshot["floor"]
            # the least a process that starts as every checking command does (the interpreter,
            # pydantic, the models) and then does the floor's own I/O could take
            bound = (med["start"] + med["floor"] - med["bare"]) / med["floor"]
            row = {
                "size": label,
                "districts": n,
                "same_values": same,
                "ratio": med["mchch-xl"] / med["floor"],
                "start_plus_floor_io": bound,
                **{
                    m: {"median_s": med[m], "min_s": min(v), "max_s": max(v)}
                    for m, v in times.items()
                },
            }
            results.append(row)
            print(
                f"{label}: mchch-xl {med['mchch-xl']:.2f} s (min {min(times['mchch-xl']):.2f}, "
                f"max {max(times['mchch-xl']):.2f}); floor {med['floor']:.2f} s "
                f"(min {min(times['floor']):.2f}, max {max(times['floor']):.2f}); "
                f"ratio {row['ratio']:.1f}×; same values in every sheet: {same}; "
                f"start (Python, pydantic, the models) {med['start']:.2f} s = "
                f"{med['start'] / med['floor']:.1f}× the floor; `python -c pass` {med['bare']:.2f} s; "
                f"start + the floor's own work (floor − bare) = {bound:.2f}× the floor",
                flush=True,
            )
    print(
        f"package import (what recalc imports, minus `python -c pass`): median "
        f"{statistics.median(imports):.3f} s"
    )
    by = {r["size"]: r for r in results}
    ones = [r for r in results if r["districts"] == 18 and not r["size"].startswith("demo")]
    big = [r for r in results if r["districts"] == 288]
    if ones and big:
        growth = big[0]["mchch-xl"]["median_s"] / ones[0]["mchch-xl"]["median_s"]
        print(
            f"16× the data took {growth:.1f}× the time (floor: "
            f"{big[0]['floor']['median_s'] / ones[0]['floor']['median_s']:.1f}×)"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "runs": results,
                    "import_s": imports,
                },
                indent=1,
                ensure_ascii=False,
            )
        )
    assert by


if __name__ == "__main__":
    main()

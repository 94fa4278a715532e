"""National scale: a master with 878 districts, 878 filled district files (≈11k candidates,
≈170k scores), imported three ways, each in its own process (time and peak memory):

  mchch-xl     ``pipeline.import_files`` (safety scan, checks, replace, recalc, one save)
  openpyxl     a straightforward implementation: load every file with openpyxl in normal mode,
               walk its cells, write the master with openpyxl in normal mode
  floor        the I/O floor: read every input with python-calamine, write the master's data
               with openpyxl in write-only mode

    python benchmarks/national.py [--districts 878] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

INDICATORS_PER_KIND = 15
CANDIDATES_PER_DISTRICT = (8, 17)  # ≈12.5 on average: 878 districts ≈ 11k candidates


def build(folder: Path, districts: int) -> tuple[Path, Path]:
    """A national master (no candidates yet) and one filled file per district."""
    import openpyxl

    from mchch_xl.demo import demo_settings
    from mchch_xl.model import KINDS, District
    from mchch_xl.pipeline import create_master, evaluate, recalc
    from mchch_xl.schema import FIRST_DATA_ROW, META_KEYS, TEMPLATE_CANDIDATES, TEMPLATE_META
    from mchch_xl.templates import meta_values, score_sheet, template_kinds, year_indicators

    rng = random.Random(878)
    letters = {"leader": "L", "group": "G", "network": "N", "community": "C"}
    ds = [District(code=f"{1000 + i}", name=f"อำเภอทดสอบ{i:03d}", order=i + 1) for i in range(districts)]
    indicators = [[2568, k.th, f"องค์ประกอบ {n // 5 + 1}", f"{letters[k.value]}{n // 5 + 1}.{n % 5 + 1}",
                   f"ตัวชี้วัดทดสอบ {n + 1}", 1, 5, 1] for k in KINDS for n in range(INDICATORS_PER_KIND)]
    settings = demo_settings().model_copy(update={"province": "ทดสอบ", "minutes_per_district": 5})
    master = folder / "national.xlsx"
    create_master(master, settings, {
        "districts": [[d.code, d.name, d.order, None, None, None] for d in ds],
        "indicators": indicators})
    recalc(master, keep_backup=False)
    data = evaluate(master).checked.data
    files = folder / "in"
    files.mkdir()
    kinds = template_kinds(data)
    for d in ds:
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet(TEMPLATE_CANDIDATES.title)
        ws.append([TEMPLATE_CANDIDATES.note])
        ws.append(TEMPLATE_CANDIDATES.headers)
        cands = []
        for i in range(rng.randint(*CANDIDATES_PER_DISTRICT)):
            kind = rng.choice(KINDS)
            cid = f"{d.code}-{letters[kind.value]}{i:02d}"
            cands.append((cid, kind))
            ws.append([cid, kind.th, f"ผู้สมัคร {cid}", f"หมู่ที่ {i + 1}", None, None])
        for kind in kinds:
            sheet = score_sheet(kind, year_indicators(data, kind))
            ws = wb.create_sheet(sheet.title)
            ws.append([sheet.note])
            ws.append(sheet.headers)
            for cid, k in cands:
                if k == kind:
                    ws.append([cid, None, None, *(rng.randint(1, 5) for _ in sheet.columns[3:])])
        ws = wb.create_sheet(TEMPLATE_META.title)
        ws.append(["รายการ", "ค่า"])
        meta = meta_values(data, d)
        for key in META_KEYS:
            ws.append([key, meta[key]])
        wb.save(files / f"2568-{d.code}.xlsx")
        assert FIRST_DATA_ROW == 3
    return master, files


def run_ours(master: Path, files: Path) -> dict:
    from mchch_xl.pipeline import import_files

    result = import_files(master, [files])
    t = result.plan.totals
    return {"files": len(result.submissions), "read": t["read"], "accepted": t["accepted"],
            "candidates": result.run.results.total, "scores": len(result.run.checked.data.scores)}


def run_openpyxl(master: Path, files: Path) -> dict:
    import openpyxl

    cands, scores = [], []
    for path in sorted(files.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            rows = [[c.value for c in row] for row in ws.iter_rows()]
            if ws.title == "กลุ่มเป้าหมาย":
                cands += rows[2:]
            elif ws.title.startswith("คะแนน-"):
                codes = rows[1][3:]
                for r in rows[2:]:
                    scores += [[r[0], code, v] for code, v in zip(codes, r[3:])]
    wb = openpyxl.load_workbook(master)
    for title, rows in (("กลุ่มเป้าหมาย", cands), ("คะแนน", scores)):
        ws = wb[title]
        for row in rows:
            ws.append(row)
    wb.save(master.with_name("openpyxl.xlsx"))
    return {"candidates": len(cands), "scores": len(scores)}


def run_floor(master: Path, files: Path) -> dict:
    import openpyxl
    from python_calamine import CalamineWorkbook

    cands, scores = [], []
    for path in sorted(files.glob("*.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        for title in book.sheet_names:
            rows = book.get_sheet_by_name(title).to_python()
            if title == "กลุ่มเป้าหมาย":
                cands += rows[2:]
            elif title.startswith("คะแนน-"):
                codes = rows[1][3:]
                for r in rows[2:]:
                    scores += [[r[0], code, v] for code, v in zip(codes, r[3:])]
    wb = openpyxl.Workbook(write_only=True)
    for title, rows in (("กลุ่มเป้าหมาย", cands), ("คะแนน", scores)):
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(master.with_name("floor.xlsx"))
    return {"candidates": len(cands), "scores": len(scores)}


def child(method: str, master: str, files: str) -> None:
    start = time.perf_counter()
    info = {"ours": run_ours, "openpyxl": run_openpyxl, "floor": run_floor}[method](
        Path(master), Path(files))
    info["seconds"] = time.perf_counter() - start
    info["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(info))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--districts", type=int, default=878)
    ap.add_argument("--keep")
    ap.add_argument("--child", nargs=3)
    args = ap.parse_args()
    if args.child:
        return child(*args.child)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    master, files = build(folder, args.districts)
    print(f"built {args.districts} district files in {time.perf_counter() - t:.1f} s ({folder})")
    results = {}
    for method in ("floor", "openpyxl", "ours"):
        copy = folder / f"{method}-master.xlsx"
        copy.write_bytes(master.read_bytes())
        out = subprocess.run([sys.executable, __file__, "--child", method, str(copy), str(files)],
                             capture_output=True, text=True, check=True)
        results[method] = json.loads(out.stdout.strip().splitlines()[-1])
        print(method, results[method])
    ours, base, floor = (results[m]["seconds"] for m in ("ours", "openpyxl", "floor"))
    print(f"mchch-xl {ours:.1f} s, peak {results['ours']['peak_mb']:.0f} MB; "
          f"openpyxl {base:.1f} s ({base / ours:.1f}x ours); floor {floor:.1f} s "
          f"(ours = {ours / floor:.1f}x the floor)")


if __name__ == "__main__":
    main()

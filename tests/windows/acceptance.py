"""Acceptance on a real Windows PC with Excel: not part of the test suite (it needs Excel).

Run it once on the first office PC that installs mchch-xl, from the project folder:

    pip install ".[addin,test]"
    mchch-xl addin install
    python tests/windows/acceptance.py [--via-ribbon [--addin PATH]] [--keep DIR]

What it does, printing one line per check (ผ่าน / ไม่ผ่าน):
1. makes the demo master and a copy holding hostile district text (=HYPERLINK(...), +66 81…,
   @หมู่ 5, 0812345678, 1/5/2568, - ไม่มี -), and a twin of each recalculated by the command line;
2. opens each copy in a visible Excel (xlwings, COM) and presses every action: by default it
   calls the Python actions on the open book (what each button runs; their messages are printed
   instead of shown); with ``--via-ribbon`` it runs the add-in's VBA macros
   (mchch.xlam!MchchRecalc, ...), i.e. RunPython as a click does: each button ends with its Thai
   message in Excel, press OK each time (ten times, then once more in step 4);
3. after each action compares every output sheet, cell for cell, with the command line's file:
   values read through COM (so a text Excel turned into a number, date or formula shows up) and
   no formula in any cell;
4. checks the no-workbook message: with no workbook open, the add-in's guard must answer in Thai
   instead of VBA error 91 (``--via-ribbon`` only; it shows the message: press OK).
Exit code 0 when every check passes. Send the printed report (and the --keep folder) back.

Why ``--via-ribbon`` opens the add-in itself: Excel started by automation (``xw.App``, COM's
DispatchEx) loads no add-ins from XLSTART, so ``'mchch.xlam'!MchchRecalc`` would name a workbook
that is not open. The installed add-in is opened read-only in that Excel (another Excel window
may hold it). Each Sub is called with an object for its ``control As Object`` parameter, as the
ribbon does: ``None`` would reach VBA as Null, a type mismatch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT))

BUTTONS = [
    ("validate", "MchchValidate"),
    ("build_order", "MchchBuildOrder"),
    ("emit_rsvp", "MchchEmitRsvp"),
    ("certify", "MchchCertify"),
    ("recalc", "MchchRecalc"),
]


def _norm(v):
    if v in (None, ""):
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dt.datetime) and v.time() == dt.time():
        return v.date()
    return v


def cli_values(path: Path) -> dict[str, list[list]]:
    import openpyxl

    from mchch_xl.domain import schema

    wb = openpyxl.load_workbook(path)
    return {
        s.title: [[_norm(v) for v in r] for r in wb[s.title].iter_rows(values_only=True)]
        for s in schema.OUTPUT_SHEETS
    }


def excel_values(book) -> tuple[dict[str, list[list]], list[str]]:
    """Every output sheet's values through COM, and any cell holding a formula."""
    from mchch_xl.domain import schema

    out, formulas = {}, []
    for s in schema.OUTPUT_SHEETS:
        sheet = book.sheets[s.title]
        rng = sheet.used_range
        rows = rng.options(ndim=2).value
        out[s.title] = [[_norm(v) for v in r] for r in rows]
        for i, row in enumerate(rng.options(ndim=2).formula):
            for j, f in enumerate(row):
                if isinstance(f, str) and f.startswith("="):
                    formulas.append(f"{s.title}!R{rng.row + i}C{rng.column + j}: {f[:40]}")
    return out, formulas


def compare(have: dict, want: dict) -> list[str]:
    diffs = []
    for title, rows in want.items():
        got = have.get(title, [])
        for r in range(max(len(rows), len(got))):
            a = rows[r] if r < len(rows) else []
            b = got[r] if r < len(got) else []
            for c in range(max(len(a), len(b))):
                x = a[c] if c < len(a) else None
                y = b[c] if c < len(b) else None
                if x != y:
                    diffs.append(f"{title}!R{r + 1}C{c + 1}: Excel {y!r} / CLI {x!r}")
    return diffs


def installed_addin() -> Path:
    """Where ``mchch-xl addin install`` put the add-in on this PC."""
    from mchch_xl.xl.install import ADDIN_NAME, default_xlstart

    folder = default_xlstart()
    if folder is None:
        raise SystemExit("ไม่รู้ตำแหน่ง XLSTART ของเครื่องนี้: ระบุ Add-in ด้วย --addin")
    return folder / ADDIN_NAME


def start_excel(via_ribbon: bool, addin: Path | None = None, new_app=None):
    """A visible Excel with no workbook; for ``via_ribbon`` the add-in opened in it (see above)."""
    if new_app is None:
        import xlwings as xw

        new_app = xw.App
    path = Path(addin) if addin else installed_addin() if via_ribbon else None
    if via_ribbon and not path.exists():
        raise SystemExit(f"ไม่พบ Add-in {path}: รัน mchch-xl addin install ก่อน")
    app = new_app(visible=True, add_book=False)
    if via_ribbon:
        app.api.Workbooks.Open(str(path), ReadOnly=True)
    return app


def press(app, macro: str) -> None:
    """One ribbon button: the add-in's Sub, handed the Application as its ``control``."""
    from mchch_xl.xl.install import ADDIN_NAME

    app.macro(f"'{ADDIN_NAME}'!{macro}")(app.api)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--via-ribbon", action="store_true", help="run the add-in's VBA macros")
    p.add_argument("--addin", help="the add-in to open (default: XLSTART's mchch.xlam)")
    p.add_argument("--keep", help="keep the workbooks in this folder")
    args = p.parse_args(argv)
    # the report is sent back: Thai must survive a redirect to a file (ANSI code page otherwise)
    sys.stdout.reconfigure(encoding="utf-8", errors="replace")

    from mchch_xl.flows.pipeline import demo_master, recalc
    from mchch_xl.xl import actions
    from tests.test_xl_writes import hostile_master

    work = Path(args.keep or tempfile.mkdtemp(prefix="mchch-accept-"))
    work.mkdir(parents=True, exist_ok=True)
    demo = demo_master(work / "cli").path
    masters = {"demo": demo, "hostile": hostile_master(demo, work / "cli" / "hostile.xlsx")}
    failures = 0
    app = start_excel(args.via_ribbon, Path(args.addin) if args.addin else None)
    # the direct calls print each button's message instead of waiting for OK in Excel
    actions.BookIO.alert = lambda io, text: print("    " + text.replace("\n", "\n    "))
    try:
        for which, src in masters.items():
            for action, macro in BUTTONS:
                target = work / "excel" / f"{which}-{action}.xlsx"
                twin = work / "cli" / f"{which}-{action}.xlsx"
                target.parent.mkdir(exist_ok=True)
                shutil.copy(src, target)
                shutil.copy(src, twin)
                recalc(twin, keep_backup=False)
                book = app.books.open(str(target))
                if args.via_ribbon:
                    press(app, macro)
                    book = app.books[target.name]
                else:
                    getattr(actions, action)(book)
                    book = app.books[target.name]
                have, formulas = excel_values(book)
                want = cli_values(twin)
                if action == "validate":  # the issues sheet only
                    want = {k: v for k, v in want.items() if k == "ปัญหาข้อมูล"}
                diffs = compare(have, want) + formulas
                ok = not diffs
                failures += not ok
                print(
                    f"[{'ผ่าน' if ok else 'ไม่ผ่าน'}] {which} {action}: "
                    f"{'ตรงกับบรรทัดคำสั่งทุกเซลล์' if ok else f'{len(diffs)} เซลล์ต่างกัน'}"
                )
                for d in diffs[:20]:
                    print("    " + d)
                book.close()
        if args.via_ribbon:
            for b in list(app.books):
                b.close()
            print("กด OK ที่ข้อความภาษาไทย (ต้องไม่ใช่ Run-time error 91)")
            try:
                press(app, "MchchRecalc")
                print("[ผ่าน] ไม่มีสมุดงานเปิด: Add-in แจ้งเป็นภาษาไทย")
            except Exception as exc:  # noqa: BLE001 - report whatever Excel raised
                failures += 1
                print(f"[ไม่ผ่าน] ไม่มีสมุดงานเปิด: {exc}")
    finally:
        app.quit()
    print(f"ไฟล์อยู่ที่ {work}")
    print("ผ่านทุกข้อ" if not failures else f"ไม่ผ่าน {failures} ข้อ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

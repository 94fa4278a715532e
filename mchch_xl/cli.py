"""mchch-xl command line: a thin layer over ``pipeline``. Exit codes: 0 clean, 1 data issues
found, 2 could not run. Messages in Thai (English follows in issue lines)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from .issues import FatalError, Report, Severity

MAX_LISTED = 60


def _print_issues(report: Report, err) -> None:
    shown = [i for i in report.issues if i.severity is not Severity.INFO] + \
            [i for i in report.issues if i.severity is Severity.INFO]
    for item in shown[:MAX_LISTED]:
        print(f"{item.severity.value.upper():7} {item.code} {item.text()}", file=err)
    if len(shown) > MAX_LISTED:
        print(f"... และอีก {len(shown) - MAX_LISTED} รายการ (ดูทั้งหมดในแผ่นงาน ปัญหาข้อมูล)", file=err)


def _report_line(run) -> str:
    r = run.checked.report
    left_out = sum(r.rows_rejected(s) for s in r.rows_read)
    return (f"ผิดพลาด {len(r.errors)} รายการ, คำเตือน {len(r.warnings)} รายการ, "
            f"แถวที่ไม่ได้นำมาคำนวณ {left_out} แถว")


def _print_order(run, out) -> None:
    res = run.results
    print(f"ลำดับการนำเสนอ: {len(res.slots)} อำเภอ, กลุ่มเป้าหมาย {res.total} ราย "
          f"(ผู้นำชุมชน {res.totals['leader']}, กลุ่มองค์กรชุมชน {res.totals['group']}, "
          f"เครือข่ายชุมชน {res.totals['network']}, ชุมชน {res.totals['community']})", file=out)
    counts = {c.code: c for c in res.counts}
    for s in res.slots:
        c = counts[s.code]
        print(f"  {s.position:>2}. {s.start:%H.%M}-{s.end:%H.%M} น.  {s.name:<16} {c.total:>3}", file=out)


def cmd_demo(args, out, err) -> int:
    from .pipeline import demo_master

    run = demo_master(Path(args.out))
    print(f"สร้างสมุดงานตัวอย่าง (เชียงราย ๒๕๖๘) แล้ว: {run.path}", file=out)
    _print_order(run, out)
    _print_issues(run.checked.report, err)
    print(_report_line(run), file=out)
    return run.exit_code


def cmd_new(args, out, err) -> int:
    from .pipeline import new_master

    path = Path(args.out or f"master-{args.year}.xlsx")
    if path.exists() and not args.force:
        print(f"มีไฟล์ {path} อยู่แล้ว: ใช้ --force เพื่อเขียนทับ (ไฟล์เดิมจะถูกสำรองไว้)", file=err)
        return 2
    run = new_master(path, args.province, args.year)
    print(f"สร้างสมุดงานหลักเปล่า จังหวัด{run.checked.data.settings.province} "
          f"ปี {args.year} แล้ว: {path} (อำเภอ {len(run.checked.data.districts)} อำเภอ)", file=out)
    return 0


def cmd_recalc(args, out, err) -> int:
    from .pipeline import recalc

    run = recalc(Path(args.master))
    _print_issues(run.checked.report, err)
    print(f"คำนวณใหม่แล้ว: {run.path}", file=out)
    _print_order(run, out)
    print(_report_line(run), file=out)
    return run.exit_code


def cmd_summary(args, out, err) -> int:
    from .compute import summary_dict
    from .pipeline import evaluate

    run = evaluate(Path(args.master))
    if args.json:
        data = summary_dict(run.checked.data, run.results)
        data["issues"] = {"errors": len(run.checked.report.errors),
                          "warnings": len(run.checked.report.warnings)}
        json.dump(data, out, ensure_ascii=False, indent=2)
        print(file=out)
    else:
        _print_order(run, out)
        print(_report_line(run), file=out)
    return run.exit_code


def cmd_templates(args, out, err) -> int:
    from .pipeline import write_templates

    paths = write_templates(Path(args.master), Path(args.out), args.district)
    for p in paths:
        print(f"  {p}", file=out)
    print(f"สร้างแบบฟอร์มอำเภอแล้ว {len(paths)} ไฟล์ ในโฟลเดอร์ {args.out}", file=out)
    return 0


def cmd_import(args, out, err) -> int:
    from .pipeline import import_files

    def progress(i: int, n: int, sub) -> None:
        print(f"[{i}/{n}] {sub.path.name}: {sub.status} อ่าน {sub.rows_read} รับ {sub.rows_accepted} "
              f"ไม่รับ {sub.rows_rejected}", file=err)

    result = import_files(Path(args.master), [Path(p) for p in args.files],
                          Path(args.annotated) if args.annotated else None, progress)
    _print_issues(result.run.checked.report, err)
    subs = result.submissions
    print(f"นำเข้า {len(subs)} ไฟล์: แทนที่ข้อมูล {len(result.plan.replace)} อำเภอ, "
          f"ไม่เปลี่ยนแปลง {len(result.plan.unchanged)}, ไม่รับทั้งไฟล์ {sum(s.refused for s in subs)}; "
          f"แถวที่อ่าน {result.plan.totals['read']} = รับ {result.plan.totals['accepted']} + "
          f"ไม่รับ {result.plan.totals['rejected']}", file=out)
    for path in result.annotated:
        print(f"  ไฟล์ตรวจแล้วส่งกลับอำเภอ: {path}", file=out)
    _print_order(result.run, out)
    return result.exit_code


def cmd_packet(args, out, err) -> int:
    from .pipeline import build_packet

    path = build_packet(Path(args.master), Path(args.out) if args.out else None)
    print(f"สร้างชุดเอกสารประชุม (PDF) แล้ว: {path}", file=out)
    return 0


def cmd_build_addin(args, out, err) -> int:
    from .xl.addin import build_addin

    try:
        path = build_addin(Path(args.out), Path(args.macros) if args.macros else None)
    except (FileNotFoundError, ImportError) as exc:
        print(f"สร้าง Add-in ไม่ได้: {exc} (ติดตั้งด้วย pip install \".[addin]\")", file=err)
        return 2
    print(f"สร้าง Add-in แล้ว: {path}", file=out)
    return 0


def cmd_addin(args, out, err) -> int:
    from .xl import install

    try:
        if args.action == "install":
            lines = install.install(Path(args.dir) if args.dir else None, args.interpreter,
                                    temp_dir=args.temp_dir).lines
        else:
            lines = install.uninstall(Path(args.dir) if args.dir else None)
    except (FileNotFoundError, ImportError) as exc:
        print(f"ติดตั้ง Add-in ไม่ได้: {exc}", file=err)
        return 2
    except PermissionError as exc:
        print(f"เขียนไฟล์ไม่ได้ ({exc.filename}): ปิด Excel ก่อน แล้วลองอีกครั้ง", file=err)
        return 2
    for line in lines:
        print(line, file=out)
    return 0


def cmd_doctor(args, out, err) -> int:
    from .xl.doctor import FAIL, run_checks

    checks = run_checks(Path(args.dir) if args.dir else None)
    for c in checks:
        print(f"[{c.status}] {c.title}: {c.detail}", file=out)
    failed = sum(c.status == FAIL for c in checks)
    print("พร้อมใช้งาน" if not failed else f"ต้องแก้ {failed} รายการ", file=out)
    return 1 if failed else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mchch-xl",
                                description="ระบบช่วยงานมาตรฐานการพัฒนาชุมชน (มชช.)")
    sub = p.add_subparsers(dest="command", required=True, metavar="คำสั่ง")
    d = sub.add_parser("demo", help="สร้างสมุดงานตัวอย่าง เชียงราย ๒๕๖๘ ที่คำนวณแล้ว")
    d.add_argument("--out", default=".", help="โฟลเดอร์ที่จะเขียนไฟล์ (ค่าเริ่มต้น: โฟลเดอร์ปัจจุบัน)")
    d.set_defaults(func=cmd_demo)
    n = sub.add_parser("new", help="สร้างสมุดงานหลักเปล่าของจังหวัดและปี")
    n.add_argument("--province", required=True, help="ชื่อจังหวัด เช่น เชียงราย")
    n.add_argument("--year", required=True, type=int, help="ปีงบประมาณ พ.ศ. เช่น 2568")
    n.add_argument("--out", help="ชื่อไฟล์ (ค่าเริ่มต้น: master-ปี.xlsx)")
    n.add_argument("--force", action="store_true", help="เขียนทับไฟล์เดิม")
    n.set_defaults(func=cmd_new)
    r = sub.add_parser("recalc", help="ตรวจข้อมูลและคำนวณแผ่นงานผลลัพธ์ใหม่ในไฟล์เดิม")
    r.add_argument("master", help="สมุดงานหลัก (.xlsx)")
    r.set_defaults(func=cmd_recalc)
    s = sub.add_parser("summary", help="สรุปจำนวนรายอำเภอ/ประเภท ลำดับและเวลานำเสนอ")
    s.add_argument("master", help="สมุดงานหลัก (.xlsx)")
    s.add_argument("--json", action="store_true", help="พิมพ์เป็น JSON")
    s.set_defaults(func=cmd_summary)
    t = sub.add_parser("templates", help="สร้างแบบฟอร์มให้อำเภอกรอก หนึ่งไฟล์ต่ออำเภอ")
    t.add_argument("master", help="สมุดงานหลัก (.xlsx)")
    t.add_argument("--out", required=True, help="โฟลเดอร์ที่จะเขียนแบบฟอร์ม")
    t.add_argument("--district", help="รหัสหรือชื่ออำเภอ (เฉพาะอำเภอเดียว)")
    t.set_defaults(func=cmd_templates)
    i = sub.add_parser("import", help="นำเข้าแบบฟอร์มที่อำเภอส่งกลับ (ไฟล์หรือโฟลเดอร์) แล้วคำนวณใหม่")
    i.add_argument("master", help="สมุดงานหลัก (.xlsx)")
    i.add_argument("files", nargs="+", help="ไฟล์ .xlsx หรือโฟลเดอร์")
    i.add_argument("--annotated", help="โฟลเดอร์ไฟล์ตรวจแล้วส่งกลับอำเภอ (ค่าเริ่มต้น: ส่งกลับอำเภอ/ ข้างสมุดงานหลัก)")
    i.set_defaults(func=cmd_import)
    k = sub.add_parser("packet", help="พิมพ์ชุดเอกสารประชุมเป็น PDF: วาระ ลำดับการนำเสนอ แบบตอบรับ ผลการรับรอง")
    k.add_argument("master", help="สมุดงานหลัก (.xlsx)")
    k.add_argument("--out", help="ไฟล์ PDF (ค่าเริ่มต้น: <ชื่อสมุดงาน>-ชุดเอกสารประชุม.pdf)")
    k.set_defaults(func=cmd_packet)
    b = sub.add_parser("build-addin", help="สร้าง Add-in ของ Excel (.xlam) จากโฟลเดอร์ macros/")
    b.add_argument("--out", default="workbook/mchch.xlam", help="ไฟล์ที่จะเขียน (ค่าเริ่มต้น: workbook/mchch.xlam)")
    b.add_argument("--macros", help="โฟลเดอร์ซอร์ส VBA และ customUI.xml (ค่าเริ่มต้น: mchch_xl/macros/ ที่ติดมากับแพ็กเกจ)")
    b.set_defaults(func=cmd_build_addin)
    a = sub.add_parser("addin", help="ติดตั้งหรือถอน Add-in ในโฟลเดอร์ XLSTART ของ Excel")
    a.add_argument("action", choices=("install", "uninstall"), help="install ติดตั้ง / uninstall ถอน")
    a.add_argument("--dir", help="โฟลเดอร์ XLSTART (ค่าเริ่มต้น: %%APPDATA%%\\Microsoft\\Excel\\XLSTART)")
    a.add_argument("--interpreter", help="Python ที่ Excel จะเรียก (ค่าเริ่มต้น: pythonw.exe ของ Python นี้)")
    a.add_argument("--temp-dir", help="โฟลเดอร์ไฟล์ชั่วคราวของ xlwings เมื่อชื่อผู้ใช้เป็นภาษาไทย เช่น C:\\Temp")
    a.set_defaults(func=cmd_addin)
    dr = sub.add_parser("doctor", help="ตรวจความพร้อมของเครื่องสำหรับ Add-in และอธิบายวิธีแก้")
    dr.add_argument("--dir", help="โฟลเดอร์ XLSTART ที่จะตรวจ (ค่าเริ่มต้น: ของผู้ใช้นี้)")
    dr.set_defaults(func=cmd_doctor)
    return p


def main(argv: Sequence[str] | None = None, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    for stream in (out, err):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    try:
        return args.func(args, out, err)
    except FatalError as exc:
        print(f"ทำงานไม่สำเร็จ: {exc.issue.text()}", file=err)
        return 2
    except KeyboardInterrupt:
        print("ยกเลิกแล้ว", file=err)
        return 2

"""mchch-xl command line: a thin layer over ``pipeline``. Exit codes (``EXIT_CODES``, one
text for every --help): 0 done, no error (warnings printed), 1 done but errors were found
that need fixing, whether or not they left a row out (a decision typed wrong leaves none
out, and is not counted) (or any problem at all with ``--strict``), 2 could not run.
Messages in Thai (English follows in issue lines)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from mchch_xl.domain.issues import (
    EXIT_1,
    SEVERITY_TH,
    FatalError,
    IssueCode,
    Report,
    Severity,
    issue,
)

MAX_LISTED = 60


def _print_issues(report: Report | list, err) -> None:
    from mchch_xl.domain.personal import redact

    issues = report if isinstance(report, list) else report.issues
    shown = [i for i in issues if i.severity is not Severity.INFO] + [
        i for i in issues if i.severity is Severity.INFO
    ]
    for item in shown[:MAX_LISTED]:
        print(redact(f"{SEVERITY_TH[item.severity]} {item.code} {item.text()}"), file=err)
    if len(shown) > MAX_LISTED:
        print(f"... และอีก {len(shown) - MAX_LISTED} รายการ (ดูทั้งหมดในแผ่นงาน ปัญหาข้อมูล)", file=err)


def _report_line(run) -> str:
    r = run.checked.report
    left_out = sum(r.rows_rejected(s) for s in r.rows_read)
    return (
        f"ผิดพลาด {len(r.errors)} รายการ, คำเตือน {len(r.warnings)} รายการ, "
        f"แถวที่ไม่ได้นำมาคำนวณ {left_out} แถว"
    )


def _print_order(run, out) -> None:
    res = run.results
    print(
        f"ลำดับการนำเสนอ: {len(res.slots)} อำเภอ, กลุ่มเป้าหมาย {res.total} ราย "
        f"(ผู้นำชุมชน {res.totals['leader']}, กลุ่มองค์กรชุมชน {res.totals['group']}, "
        f"เครือข่ายชุมชน {res.totals['network']}, ชุมชน {res.totals['community']})",
        file=out,
    )
    counts = {c.code: c for c in res.counts}
    for s in res.slots:
        c = counts[s.code]
        day = f" (วันที่ {s.day + 1})" if s.day else ""
        print(
            f"  {s.position:>2}. {s.start:%H.%M}-{s.end:%H.%M} น.{day}  {s.name:<16} {c.total:>3}",
            file=out,
        )


def cmd_demo(args, out, err) -> int:
    from mchch_xl.flows.pipeline import demo_master

    run = demo_master(Path(args.out))
    print(f"สร้างสมุดงานตัวอย่าง (เชียงราย ๒๕๖๘) แล้ว: {run.path}", file=out)
    _print_order(run, out)
    _print_issues(run.checked.report, err)
    print(_report_line(run), file=out)
    return run.exit(args.strict)


def cmd_new(args, out, err) -> int:
    from mchch_xl.domain.places import UnknownProvince, find_province
    from mchch_xl.domain.thai import parse_year
    from mchch_xl.flows.pipeline import new_master

    province = None
    if not args.previous and not args.province:
        print(
            "ผิดพลาด: ระบุ --province ชื่อจังหวัด หรือ --from สมุดงานหลักปีก่อน (give --province or --from)",
            file=err,
        )
        return 2
    if args.province:  # with --from: checked against the previous master's (ARG_002)
        try:
            province = find_province(args.province)
        except UnknownProvince as exc:
            print(_unknown_province(exc), file=err)
            return 2
    year = parse_year(args.year)
    if year is None:
        print(
            f"ผิดพลาด: ปีงบประมาณ '{args.year}' อ่านไม่ได้ — พิมพ์ปี พ.ศ. เช่น 2568, ๒๕๖๘ หรือ 68 "
            f"(Fiscal year '{args.year}' cannot be read: give a Buddhist-era year such as 2568)",
            file=err,
        )
        return 2
    fiscal_year, note = year
    if note:
        print(f"แจ้งให้ทราบ: {note}", file=err)
    path = Path(args.out or f"master-{fiscal_year}.xlsx")
    from mchch_xl.files.store import not_a_folder

    not_a_folder(path)
    if path.exists() and not args.force:
        print(f"มีไฟล์ {path} อยู่แล้ว: ใช้ --force เพื่อเขียนทับ (ไฟล์เดิมจะถูกสำรองไว้)", file=err)
        return 2
    far = _far_year(fiscal_year, path)
    if args.previous:
        code = _new_from(args, path, out, fiscal_year, province)
        _print_issues(far, err)
        return code
    indicators = Path(args.indicators) if args.indicators else None
    run = new_master(path, province.th, fiscal_year, indicators)
    data = run.checked.data
    print(
        f"สร้างสมุดงานหลักเปล่า จังหวัด{data.settings.province} "
        f"ปี {fiscal_year} แล้ว: {path} (อำเภอ {len(data.districts)} อำเภอ"
        + (_indicators_note(data, indicators) if indicators else "")
        + ")",
        file=out,
    )
    _print_issues(far, err)
    return 0


YEARS_NEAR = 5  # a fiscal year further than this from today's is most likely a typo


def _far_year(year: int, path: Path) -> list:
    """ARG_003 (a warning: the master is made) for a fiscal year more than ``YEARS_NEAR``
    years from this year by the clock (2500 for 2568, 2586 for 2568)."""
    from mchch_xl.domain import thai

    now = thai.this_year()
    if abs(year - now) <= YEARS_NEAR:
        return []
    return [issue(IssueCode.ARG_003, file=path.name, value=year, now=now, span=YEARS_NEAR)]


def _indicators_note(data, indicators: Path) -> str:
    return (
        f", ตัวชี้วัด {len(data.indicators)} ข้อ และเกณฑ์ {len(data.criteria)} แถว จาก {indicators.name}"
    )


def _unknown_province(exc) -> str:
    if exc.bangkok:
        return (
            "ผิดพลาด: กรุงเทพมหานครไม่มีสำนักงานพัฒนาชุมชนจังหวัด จึงไม่มีในรายชื่อ 76 จังหวัด "
            "(Bangkok has no provincial Community Development office)"
        )
    text = f"ผิดพลาด: ไม่พบจังหวัด '{exc.text}'"
    if exc.suggestions:
        text += " — หมายถึง " + " หรือ ".join(exc.suggestions) + " ใช่ไหม?"
    return (
        text + "\nพิมพ์ชื่อจังหวัดภาษาไทย (เช่น ลำปาง) ชื่อภาษาอังกฤษ (เช่น Lampang) หรือรหัส 2 หลัก "
        f"(เช่น 52) (Unknown province '{exc.text}'"
        + (f"; did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ")")
    )


def _new_from(args, path: Path, out, year: int, province=None) -> int:
    from mchch_xl.flows.pipeline import new_master_from

    previous = Path(args.previous)
    if previous.resolve() == path.resolve():
        raise FatalError(
            issue(
                IssueCode.FILE_003,
                file=path.name,
                detail="ไฟล์ใหม่ต้องไม่ทับไฟล์ปีก่อน",
                detail_en="the new master must not overwrite last year's",
            )
        )
    indicators = Path(args.indicators) if args.indicators else None
    run = new_master_from(path, previous, year, indicators, province)
    data = run.checked.data
    years = sorted({u.year for u in data.history})
    print(
        f"สร้างสมุดงานหลักปี {year} จาก {previous.name} แล้ว: {path} "
        f"(จังหวัด{data.settings.province}, อำเภอ {len(data.districts)} อำเภอ, "
        f"ตัวชี้วัด {len(data.indicators)} ข้อ และเกณฑ์ {len(data.criteria)} แถว "
        + (f"จาก {indicators.name}, " if indicators else "คัดลอกมาให้ตรวจทาน, ")
        + f"ประวัติการรับรอง {len(data.history)} ราย"
        + (f" ปี {', '.join(map(str, years))}" if years else "")
        + ")",
        file=out,
    )
    return 0


def cmd_recalc(args, out, err) -> int:
    from mchch_xl.flows.pipeline import recalc

    run = recalc(Path(args.master))
    _print_issues(run.checked.report, err)
    print(f"คำนวณใหม่แล้ว: {run.path}", file=out)
    _print_order(run, out)
    print(_report_line(run), file=out)
    return run.exit(args.strict)


def cmd_draw(args, out, err) -> int:
    from mchch_xl.flows.pipeline import draw_lottery

    run = draw_lottery(Path(args.master))
    s = run.checked.data.settings
    _print_issues(run.checked.report, err)
    print(
        f"จับสลากลำดับการนำเสนอแล้ว: เลขสุ่ม {s.lottery_seed} เมื่อ {s.lottery_drawn_at}"
        + (f" โดย {s.lottery_drawn_by}" if s.lottery_drawn_by else "")
        + f" (บันทึกไว้ในแผ่นงาน ตั้งค่า ของ {run.path})",
        file=out,
    )
    _print_order(run, out)
    print(
        "ลำดับนี้ใช้ต่อไปทุกครั้งที่คำนวณใหม่ ถ้าต้องการจับสลากใหม่ ลบค่า เลขสุ่มจับสลาก "
        "ในแผ่นงาน ตั้งค่า ก่อน แล้วสั่ง mchch-xl draw อีกครั้ง",
        file=out,
    )
    print(_report_line(run), file=out)
    return run.exit(args.strict)


def cmd_status(args, out, err) -> int:
    from mchch_xl.compute.status import year_status
    from mchch_xl.flows.pipeline import evaluate

    run = evaluate(Path(args.master))
    status = year_status(run.checked.data, run.results, run.checked.report)
    _print_issues(run.checked.report, err)  # (stderr: the JSON on stdout stays JSON)
    if args.json:
        import json

        json.dump(status.as_dict(), out, ensure_ascii=False, indent=2)
        print(file=out)
        return run.exit(args.strict)
    print(f"ภาพรวมจังหวัด{status.province} ปี {status.year}: {run.path}", file=out)
    for i, step in enumerate(status.steps, start=1):
        mark = "เสร็จแล้ว" if step.done else "ยังไม่เสร็จ"
        print(f"  {i}. [{mark}] {step.name}: {step.detail}", file=out)
    print("อำเภอ:", file=out)
    for d in status.districts:
        sent = f"ส่งแล้ว {d.submitted_at} ({d.file})" if d.submitted else "ยังไม่ส่ง"
        print(
            f"  {d.code} {d.name:<16} {sent}, กลุ่มเป้าหมาย {d.candidates} ราย, "
            f"แถวต้องแก้ {d.flagged}, การตอบรับ: {d.rsvp or 'ยังไม่ตอบรับ'}",
            file=out,
        )
    print(_report_line(run), file=out)
    return run.exit(args.strict)


def cmd_summary(args, out, err) -> int:
    from mchch_xl.compute import summary_dict
    from mchch_xl.flows.pipeline import evaluate

    run = evaluate(Path(args.master))
    _print_issues(run.checked.report, err)  # (stderr: the JSON on stdout stays JSON)
    if args.json:
        data = summary_dict(run.checked.data, run.results)
        data["issues"] = {
            "errors": len(run.checked.report.errors),
            "warnings": len(run.checked.report.warnings),
        }
        import json

        json.dump(data, out, ensure_ascii=False, indent=2)
        print(file=out)
    else:
        _print_order(run, out)
        print(_report_line(run), file=out)
    return run.exit(args.strict)


def cmd_templates(args, out, err) -> int:
    from mchch_xl.flows.pipeline import evaluate, templates_for

    master = Path(args.master)
    run = evaluate(master)  # (refused while the year's indicators or criteria are missing)
    paths = templates_for(run.checked.data, Path(args.out), args.district, master.name)
    for p in paths:
        print(f"  {p}", file=out)
    print(f"สร้างแบบฟอร์มอำเภอแล้ว {len(paths)} ไฟล์ ในโฟลเดอร์ {args.out}", file=out)
    if args.strict:
        _print_issues(run.checked.report, err)
        print(_report_line(run), file=out)
    return run.exit(args.strict) if args.strict else 0


def cmd_import(args, out, err) -> int:
    from mchch_xl.flows.consolidate import STATUS_SUPERSEDED
    from mchch_xl.flows.pipeline import import_files

    def progress(i: int, n: int, sub) -> None:
        state = "ไม่รับทั้งไฟล์" if sub.refused else "ตรวจโครงสร้างผ่าน"
        print(f"[{i}/{n}] {sub.path.name}: {state} อ่าน {sub.rows_read} แถว", file=err)

    result = import_files(
        Path(args.master),
        [Path(p) for p in args.files],
        Path(args.annotated) if args.annotated else None,
        progress,
    )
    _print_issues(result.listed, err)
    subs = result.submissions
    for sub in subs:
        if sub.status == STATUS_SUPERSEDED:  # its rows are counted in the newer file's
            newer = result.plan.replace.get(sub.district.code) if sub.district else None
            print(
                f"  {sub.path.name}: {sub.status}"
                + (f" ({newer.path.name})" if newer else "")
                + f" อ่าน {sub.rows_read} แถว ไม่นำแถวใดเข้า",
                file=out,
            )
            continue
        print(
            f"  {sub.path.name}: {sub.status} อ่าน {sub.rows_read} = รับ {sub.rows_accepted} + "
            f"รับแต่ต้องแก้ {sub.rows_flagged} + ไม่รับ {sub.rows_refused}",
            file=out,
        )
    t = result.plan.totals
    print(
        f"นำเข้า {len(subs)} ไฟล์: แทนที่ข้อมูล {len(result.plan.replace)} อำเภอ, "
        f"ไม่เปลี่ยนแปลง {len(result.plan.unchanged)}, ไม่รับทั้งไฟล์ {sum(s.refused for s in subs)}; "
        f"แถวที่อ่าน {t['read']} = รับ {t['accepted']} + รับแต่ต้องแก้ {t['flagged']} + "
        f"ไม่รับ {t['refused']}",
        file=out,
    )
    for path in result.annotated:
        print(f"  ไฟล์ตรวจแล้วส่งกลับอำเภอ: {path}", file=out)
    _print_order(result.run, out)
    return result.exit(args.strict)


def _templates(args) -> Path | None:
    return Path(args.templates) if getattr(args, "templates", None) else None


EMBLEM_NOTE = (
    "หมายเหตุ: ไม่มีภาพตราครุฑ จึงเว้นที่ว่าง ๓ ซม. ไว้ที่หัวหนังสือ ประกาศ และเกียรติบัตร "
    "(ระบุไฟล์ภาพในการตั้งค่า ไฟล์ภาพตราครุฑ หรือวาง ตราครุฑ.png ในโฟลเดอร์ แม่แบบเอกสาร)"
)


def cmd_documents(args, out, err) -> int:
    from mchch_xl.files.docx import export_templates
    from mchch_xl.flows.documents import build_documents

    if args.export_templates:
        paths = export_templates(Path(args.export_templates))
        print(f"เขียนแม่แบบเอกสาร {len(paths)} ไฟล์ในโฟลเดอร์ {args.export_templates} แล้ว", file=out)
        for path in paths:
            print(f"  {path.name}", file=out)
        print(
            "แก้ไขใน Word ได้ (หัวจดหมาย ตรา ถ้อยคำ) แล้วใช้ด้วย --templates โฟลเดอร์ "
            "หรือวางไว้ในโฟลเดอร์ แม่แบบเอกสาร ข้างสมุดงานหลัก",
            file=out,
        )
        if not args.master:
            return 0
    if not args.master:
        print("ระบุสมุดงานหลัก เช่น mchch-xl documents master-2568.xlsx", file=err)
        return 2
    done = build_documents(
        Path(args.master), Path(args.out) if args.out else None, _templates(args)
    )
    print(f"สร้างเอกสาร (Word) {len(done.files)} ไฟล์ในโฟลเดอร์ {done.folder} แล้ว", file=out)
    for key, path in zip(done.templates, done.files):
        own = (
            ""
            if done.templates[key].parent.name == "documents"
            else f" (แม่แบบ {done.templates[key]})"
        )
        print(f"  {path.name}{own}", file=out)
    if not done.certificates:
        print("  ยังไม่มีหน่วยงานที่มีมติ รับรอง: ยังไม่มีประกาศผลการรับรองและเกียรติบัตร", file=out)
    if done.emblem is None:
        print(EMBLEM_NOTE, file=out)
    return _printed_from(done.run, out, err, args.strict)


def cmd_packet(args, out, err) -> int:
    from mchch_xl.flows.documents import build_packet

    done = build_packet(Path(args.master), Path(args.out) if args.out else None, _templates(args))
    print(f"สร้างชุดเอกสารประชุม (PDF) แล้ว: {done.path}", file=out)
    if not done.emblem:
        print(EMBLEM_NOTE, file=out)
    return _printed_from(done.run, out, err, args.strict)


def _printed_from(run, out, err, strict: bool = False) -> int:
    """A document printed from data with problems says so, as summary does: the problems on
    stderr, the count line, exit 1 when errors were found (any problem, ``strict``)."""
    _print_issues(run.checked.report, err)
    print(_report_line(run), file=out)
    return run.exit(strict)


def cmd_rollup(args, out, err) -> int:
    from mchch_xl.flows.rollup import headline, rollup, write

    def progress(i: int, n: int, path: Path, province, found) -> None:
        if province is None:
            print(f"[{i}/{n}] {path.name}: ข้าม — {found[0].message_th}", file=err)
        else:
            print(
                f"[{i}/{n}] {path.name}: จังหวัด{province.name} ปี {province.year} "
                f"กลุ่มเป้าหมาย {province.proposed} ราย ({province.status})",
                file=err,
            )

    target = Path(args.out)
    result = rollup([Path(p) for p in args.inputs], progress, exclude=(target,))
    _print_issues(result.report, err)
    if not result.provinces:
        print(f"ไม่มีสมุดงานหลักที่รวมได้ จาก {len(result.files)} ไฟล์", file=err)
        return 2
    paths = write(result, target, Path(args.csv) if args.csv else None)
    totals = headline(result)
    print(
        f"รวมข้อมูล {len(result.provinces)} จังหวัด จาก {len(result.files)} ไฟล์ "
        f"(ไม่ได้รวม {len(result.files) - len(result.provinces)} ไฟล์): กลุ่มเป้าหมาย "
        f"{totals['total']} ราย (ผู้นำชุมชน {totals['leader']}, กลุ่มองค์กรชุมชน {totals['group']}, "
        f"เครือข่ายชุมชน {totals['network']}, ชุมชน {totals['community']}), รับรองแล้ว {totals['certified']} ราย",
        file=out,
    )
    for path in paths:
        print(f"  {path}", file=out)
    return result.report.exit_code(args.strict)


def cmd_minutes(args, out, err) -> int:
    from mchch_xl.flows.documents import build_minutes

    done = build_minutes(Path(args.master), Path(args.out) if args.out else None, _templates(args))
    print(f"สร้างรายงานการประชุม (PDF) แล้ว: {done.path} ({done.pages} หน้า)", file=out)
    return _printed_from(done.run, out, err, args.strict)


def cmd_certificates(args, out, err) -> int:
    from mchch_xl.flows.documents import build_certificates

    done = build_certificates(
        Path(args.master), Path(args.out) if args.out else None, args.district, _templates(args)
    )
    print(f"สร้างเกียรติบัตร {done.count} ฉบับ (PDF {done.pages} หน้า) แล้ว: {done.path}", file=out)
    if not done.emblem:
        print(EMBLEM_NOTE, file=out)
    return _printed_from(done.run, out, err, args.strict)


def cmd_build_addin(args, out, err) -> int:
    from mchch_xl.xl.addin import build_addin

    try:
        path = build_addin(Path(args.out), Path(args.macros) if args.macros else None)
    except (FileNotFoundError, ImportError) as exc:
        print(f'สร้าง Add-in ไม่ได้: {exc} (ติดตั้งด้วย pip install ".[addin]")', file=err)
        return 2
    print(f"สร้าง Add-in แล้ว: {path}", file=out)
    return 0


def cmd_addin(args, out, err) -> int:
    from mchch_xl.xl import install

    try:
        if args.action == "install":
            lines = install.install(
                Path(args.dir) if args.dir else None, args.interpreter, temp_dir=args.temp_dir
            ).lines
        else:
            lines = install.uninstall(Path(args.dir) if args.dir else None)
    except (FileNotFoundError, ImportError, install.Refused) as exc:
        print(f"ติดตั้ง Add-in ไม่ได้: {exc}", file=err)
        return 2
    except PermissionError as exc:
        print(f"เขียนไฟล์ไม่ได้ ({exc.filename}): ปิด Excel ก่อน แล้วลองอีกครั้ง", file=err)
        return 2
    for line in lines:
        print(line, file=out)
    return 0


def cmd_doctor(args, out, err) -> int:
    from mchch_xl.xl.doctor import FAIL, run_checks

    checks = run_checks(Path(args.dir) if args.dir else None)
    for c in checks:
        print(f"[{c.status}] {c.title}: {c.detail}", file=out)
    failed = sum(c.status == FAIL for c in checks)
    print("พร้อมใช้งาน" if not failed else f"ต้องแก้ {failed} รายการ", file=out)
    return 1 if failed else 0


EXIT_CODES = (
    "รหัสการจบ (exit code): 0 = ทำเสร็จ ไม่พบข้อผิดพลาด (คำเตือนพิมพ์ไว้ทาง stderr ข้อมูลยังนำมาคำนวณ), "
    f"1 = {EXIT_1} (ค่าที่ผิดไม่ได้นำมาใช้ ทั้งที่ทำให้ตัดแถวออกและที่ไม่ตัด เช่น มติที่พิมพ์ผิด) "
    "หรือพบปัญหาใดๆ เมื่อใช้ --strict (ดูรายการทาง stderr และแผ่นงาน ปัญหาข้อมูล), "
    "2 = ทำงานไม่ได้ (ไฟล์ไม่พบ/เปิดไม่ได้/ค่าที่ระบุผิด/ยังขาดขั้นตอนก่อนหน้า)"
)
STRICT_HELP = "ถือว่าคำเตือนทุกรายการเป็นปัญหา: จบด้วยรหัส 1 เมื่อพบปัญหาใดๆ ในข้อมูล"


def _strict(command) -> None:
    command.add_argument("--strict", action="store_true", help=STRICT_HELP)


def _command(
    sub, name: str, summary: str, examples: tuple[str, ...], func
) -> argparse.ArgumentParser:
    """One sub-command: a one-line description, examples and the exit codes in its --help."""
    epilog = "ตัวอย่าง:\n" + "\n".join(f"  {e}" for e in examples) + "\n\n" + EXIT_CODES
    c = sub.add_parser(name, help=summary, description=summary, epilog=epilog)
    c.set_defaults(func=func)
    return c


class _Skipped:
    """A sub-command ``parser(only=...)`` leaves out: its arguments go nowhere."""

    def add_argument(self, *args, **kwargs) -> None:
        pass

    def set_defaults(self, **kwargs) -> None:
        pass


class _OnlyOne:
    """The sub-parsers action, registering one command only (``found`` once it has)."""

    def __init__(self, sub, name: str) -> None:
        self.sub, self.name, self.found = sub, name, False

    def add_parser(self, name: str, **kwargs):
        if name != self.name:
            return _Skipped()
        self.found = True
        return self.sub.add_parser(name, **kwargs)


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``only``, just that sub-command (the same parse of a command
    line that starts with it, for a third of the time: argparse builds a formatter per
    sub-command), or None when there is no such command."""
    from mchch_xl import __version__
    from mchch_xl.cli.parser import VERSION_TEXT, ThaiArgumentParser

    p = ThaiArgumentParser(
        prog="mchch-xl",
        description="ระบบช่วยงานมาตรฐานการพัฒนาชุมชน (มชช.)",
        epilog="ดูวิธีใช้ของแต่ละคำสั่ง: mchch-xl คำสั่ง --help เช่น mchch-xl new --help\n\n" + EXIT_CODES,
    )
    p.add_argument(
        "--version", action="version", version=f"mchch-xl รุ่น {__version__}", help=VERSION_TEXT
    )
    sub = p.add_subparsers(
        dest="command", required=True, metavar="คำสั่ง", title="คำสั่ง", help="คำสั่งใดคำสั่งหนึ่งต่อไปนี้"
    )
    if only is not None:
        sub = _OnlyOne(sub, only)
    d = _command(
        sub,
        "demo",
        "สร้างสมุดงานตัวอย่าง เชียงราย ๒๕๖๘ ที่คำนวณแล้ว",
        ("mchch-xl demo", "mchch-xl demo --out ตัวอย่าง"),
        cmd_demo,
    )
    d.add_argument(
        "--out", default=".", metavar="โฟลเดอร์", help="โฟลเดอร์ที่จะเขียนไฟล์ (ค่าเริ่มต้น: โฟลเดอร์ปัจจุบัน)"
    )
    _strict(d)
    n = _command(
        sub,
        "new",
        "สร้างสมุดงานหลักเปล่าของจังหวัดและปี พร้อมรายชื่ออำเภอทั้งจังหวัด",
        (
            "mchch-xl new --province ลำปาง --year 2568",
            "mchch-xl new --province Lampang --year ๒๕๖๘ --out ลำปาง-2568.xlsx",
            "mchch-xl new --province 52 --year 68",
        ),
        cmd_new,
    )
    n.add_argument(
        "--province",
        metavar="จังหวัด",
        help="จังหวัด: ชื่อไทย (ลำปาง) ชื่ออังกฤษ (Lampang) หรือรหัส 2 หลัก (52) "
        "(ไม่ต้องใส่เมื่อใช้ --from ถ้าใส่ต้องเป็นจังหวัดของสมุดงานปีก่อน)",
    )
    n.add_argument(
        "--from",
        dest="previous",
        metavar="สมุดงานปีก่อน",
        help="เริ่มจากสมุดงานหลักปีก่อน: คัดลอกการตั้งค่า อำเภอ ตัวชี้วัด เกณฑ์ "
        "และประวัติการรับรอง (ไม่คัดลอกกลุ่มเป้าหมาย คะแนน มติ)",
    )
    n.add_argument(
        "--indicators",
        metavar="ไฟล์ของกรม",
        help="โหลดตัวชี้วัดและเกณฑ์ของปีจากไฟล์ของกรม (.xlsx ที่มีแผ่นงาน ตัวชี้วัด และ "
        "เกณฑ์ผลการประเมิน) หรือจากสมุดงานหลักอื่น",
    )
    n.add_argument(
        "--year",
        required=True,
        metavar="ปี",
        help="ปีงบประมาณ พ.ศ. เช่น 2568, ๒๕๖๘ หรือ 68 (ค.ศ. 2025 อ่านเป็น 2568; "
        "ปีที่ห่างจากปีนี้เกิน 5 ปีได้รับคำเตือน)",
    )
    n.add_argument("--out", metavar="ไฟล์", help="ชื่อไฟล์ (ค่าเริ่มต้น: master-ปี.xlsx)")
    n.add_argument("--force", action="store_true", help="เขียนทับไฟล์เดิม (ไฟล์เดิมถูกสำรองไว้)")
    r = _command(
        sub,
        "recalc",
        "ตรวจข้อมูลและคำนวณแผ่นงานผลลัพธ์ใหม่ในไฟล์เดิม",
        ("mchch-xl recalc master-2568.xlsx",),
        cmd_recalc,
    )
    r.add_argument("master", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    _strict(r)
    dw = _command(
        sub,
        "draw",
        "จับสลากลำดับการนำเสนอครั้งเดียว บันทึกเลขสุ่ม เวลา และผู้จับไว้ในแผ่นงาน ตั้งค่า แล้วพิมพ์ลำดับ "
        "(เฉพาะเมื่อวิธีจัดลำดับการนำเสนอเป็น จับสลาก: วิธีอื่นไม่ต้องจับ จับแล้วไม่จับซ้ำ)",
        ("mchch-xl draw master-2568.xlsx",),
        cmd_draw,
    )
    dw.add_argument("master", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    _strict(dw)
    st = _command(
        sub,
        "status",
        "ภาพรวมของปี: ขั้นตอนที่ทำแล้วและที่ยังขาด การส่งข้อมูลของแต่ละอำเภอ (ไม่เขียนไฟล์)",
        ("mchch-xl status master-2568.xlsx", "mchch-xl status master-2568.xlsx --json"),
        cmd_status,
    )
    st.add_argument("master", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    st.add_argument("--json", action="store_true", help="พิมพ์เป็น JSON: districts[] และ steps[]")
    _strict(st)
    s = _command(
        sub,
        "summary",
        "สรุปจำนวนรายอำเภอ/ประเภท ลำดับและเวลานำเสนอ (ไม่เขียนไฟล์)",
        (
            "mchch-xl summary master-2568.xlsx",
            "mchch-xl summary master-2568.xlsx --json > สรุป.json",
        ),
        cmd_summary,
    )
    s.add_argument("master", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    s.add_argument("--json", action="store_true", help="พิมพ์เป็น JSON (เลขประจำตัวประชาชนไม่อยู่ในผลลัพธ์)")
    _strict(s)
    t = _command(
        sub,
        "templates",
        "สร้างแบบฟอร์มให้อำเภอกรอก หนึ่งไฟล์ต่ออำเภอ",
        (
            "mchch-xl templates master-2568.xlsx --out แบบฟอร์มอำเภอ",
            "mchch-xl templates master-2568.xlsx --out แบบฟอร์มอำเภอ --district แม่จัน",
        ),
        cmd_templates,
    )
    t.add_argument("master", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    t.add_argument("--out", required=True, metavar="โฟลเดอร์", help="โฟลเดอร์ที่จะเขียนแบบฟอร์ม")
    t.add_argument("--district", metavar="อำเภอ", help="รหัสหรือชื่ออำเภอ (เฉพาะอำเภอเดียว)")
    _strict(t)
    i = _command(
        sub,
        "import",
        "นำเข้าแบบฟอร์มที่อำเภอส่งกลับ (ไฟล์หรือโฟลเดอร์) แล้วคำนวณใหม่",
        (
            "mchch-xl import master-2568.xlsx ไฟล์จากอำเภอ/",
            "mchch-xl import master-2568.xlsx 2568-5707-แม่จัน.xlsx --annotated ส่งกลับ",
        ),
        cmd_import,
    )
    i.add_argument("master", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    i.add_argument("files", nargs="+", metavar="ไฟล์", help="ไฟล์ .xlsx หรือโฟลเดอร์")
    i.add_argument(
        "--annotated",
        metavar="โฟลเดอร์",
        help="โฟลเดอร์ไฟล์ตรวจแล้วส่งกลับอำเภอ (ค่าเริ่มต้น: ส่งกลับอำเภอ/ ข้างสมุดงานหลัก)",
    )
    _strict(i)
    k = _command(
        sub,
        "packet",
        "พิมพ์ชุดเอกสารประชุมเป็น PDF: วาระ ลำดับการนำเสนอ แบบตอบรับ ผลการรับรอง",
        ("mchch-xl packet master-2568.xlsx", "mchch-xl packet master-2568.xlsx --out ชุดเอกสาร.pdf"),
        cmd_packet,
    )
    k.add_argument("master", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    k.add_argument("--out", metavar="ไฟล์", help="ไฟล์ PDF (ค่าเริ่มต้น: <ชื่อสมุดงาน>-ชุดเอกสารประชุม.pdf)")
    k.add_argument(
        "--templates",
        metavar="โฟลเดอร์",
        help="โฟลเดอร์แม่แบบเอกสาร (.docx) ของจังหวัด (ค่าเริ่มต้น: แม่แบบเอกสาร/ ข้างสมุดงานหลัก ถ้ามี)",
    )
    _strict(k)
    w = _command(
        sub,
        "documents",
        "สร้างเอกสาร Word จากแม่แบบ: หนังสือเชิญประชุม ระเบียบวาระ รายงานการประชุม ประกาศผล เกียรติบัตร",
        (
            "mchch-xl documents master-2568.xlsx",
            "mchch-xl documents master-2568.xlsx --out เอกสาร --templates แม่แบบเอกสาร",
            "mchch-xl documents --export-templates แม่แบบเอกสาร",
        ),
        cmd_documents,
    )
    w.add_argument("master", nargs="?", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    w.add_argument(
        "--out", metavar="โฟลเดอร์", help="โฟลเดอร์ผลลัพธ์ (ค่าเริ่มต้น: <ชื่อสมุดงาน>-เอกสาร ข้างสมุดงาน)"
    )
    w.add_argument(
        "--templates",
        metavar="โฟลเดอร์",
        help="โฟลเดอร์แม่แบบเอกสาร (.docx) ของจังหวัด (ค่าเริ่มต้น: แม่แบบเอกสาร/ ข้างสมุดงานหลัก ถ้ามี)",
    )
    w.add_argument(
        "--export-templates",
        metavar="โฟลเดอร์",
        help="เขียนแม่แบบเอกสารตั้งต้น (.docx) ลงโฟลเดอร์นี้เพื่อแก้ไขใน Word (ไฟล์ที่มีอยู่แล้วไม่ถูกเขียนทับ)",
    )
    _strict(w)
    u = _command(
        sub,
        "rollup",
        "รวมผลทุกจังหวัดระดับประเทศ จากสมุดงานหลักของจังหวัด (ไฟล์หรือโฟลเดอร์ อ่านอย่างเดียว)",
        (
            "mchch-xl rollup สมุดงานทุกจังหวัด/ --out national.xlsx",
            "mchch-xl rollup a.xlsx b.xlsx --out national.xlsx --csv csv",
        ),
        cmd_rollup,
    )
    u.add_argument(
        "inputs", nargs="+", metavar="สมุดงานหรือโฟลเดอร์", help="สมุดงานหลัก .xlsx หรือโฟลเดอร์"
    )
    u.add_argument("--out", required=True, metavar="ไฟล์", help="ไฟล์สรุประดับประเทศ (.xlsx)")
    u.add_argument("--csv", metavar="โฟลเดอร์", help="เขียนตารางเป็น CSV (UTF-8 มี BOM) ในโฟลเดอร์นี้ด้วย")
    _strict(u)
    m = _command(
        sub,
        "minutes",
        "พิมพ์รายงานการประชุมเป็น PDF (มติจากแผ่นงาน มติการประชุม)",
        (
            "mchch-xl minutes master-2568.xlsx",
            "mchch-xl minutes master-2568.xlsx --out รายงานการประชุม.pdf",
        ),
        cmd_minutes,
    )
    m.add_argument("master", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    m.add_argument("--out", metavar="ไฟล์", help="ไฟล์ PDF (ค่าเริ่มต้น: <ชื่อสมุดงาน>-รายงานการประชุม.pdf)")
    m.add_argument(
        "--templates",
        metavar="โฟลเดอร์",
        help="โฟลเดอร์แม่แบบเอกสาร (.docx) ของจังหวัด (ค่าเริ่มต้น: แม่แบบเอกสาร/ ข้างสมุดงานหลัก ถ้ามี)",
    )
    _strict(m)
    c = _command(
        sub,
        "certificates",
        "พิมพ์เกียรติบัตรเป็น PDF หนึ่งหน้าต่อหน่วยงานที่รับรอง",
        (
            "mchch-xl certificates master-2568.xlsx",
            "mchch-xl certificates master-2568.xlsx --district 5707 --out แม่จัน.pdf",
        ),
        cmd_certificates,
    )
    c.add_argument("master", metavar="สมุดงานหลัก", help="สมุดงานหลัก (.xlsx)")
    c.add_argument("--out", metavar="ไฟล์", help="ไฟล์ PDF (ค่าเริ่มต้น: <ชื่อสมุดงาน>-เกียรติบัตร.pdf)")
    c.add_argument("--district", metavar="อำเภอ", help="รหัสหรือชื่ออำเภอ (เฉพาะอำเภอเดียว)")
    c.add_argument(
        "--templates",
        metavar="โฟลเดอร์",
        help="โฟลเดอร์แม่แบบเอกสาร (.docx) ของจังหวัด (ค่าเริ่มต้น: แม่แบบเอกสาร/ ข้างสมุดงานหลัก ถ้ามี)",
    )
    _strict(c)
    a = _command(
        sub,
        "addin",
        "ติดตั้งหรือถอน Add-in ในโฟลเดอร์ XLSTART ของ Excel",
        (
            "mchch-xl addin install",
            "mchch-xl addin install --temp-dir C:\\Temp",
            "mchch-xl addin uninstall",
        ),
        cmd_addin,
    )
    a.add_argument(
        "action",
        choices=("install", "uninstall"),
        metavar="install|uninstall",
        help="install ติดตั้ง / uninstall ถอน",
    )
    a.add_argument(
        "--dir",
        metavar="โฟลเดอร์",
        help="โฟลเดอร์ XLSTART (ค่าเริ่มต้น: %%APPDATA%%\\Microsoft\\Excel\\XLSTART)",
    )
    a.add_argument(
        "--interpreter",
        metavar="ไฟล์",
        help="Python ที่ Excel จะเรียก (ค่าเริ่มต้น: pythonw.exe ของ Python นี้)",
    )
    a.add_argument(
        "--temp-dir",
        metavar="โฟลเดอร์",
        help="โฟลเดอร์ไฟล์ชั่วคราวของ xlwings เมื่อชื่อผู้ใช้เป็นภาษาไทย เช่น C:\\Temp",
    )
    dr = _command(
        sub,
        "doctor",
        "ตรวจความพร้อมของเครื่องสำหรับ Add-in และอธิบายวิธีแก้",
        ("mchch-xl doctor",),
        cmd_doctor,
    )
    dr.add_argument("--dir", metavar="โฟลเดอร์", help="โฟลเดอร์ XLSTART ที่จะตรวจ (ค่าเริ่มต้น: ของผู้ใช้นี้)")
    b = _command(
        sub,
        "build-addin",
        "สร้าง Add-in ของ Excel (.xlam) จากโฟลเดอร์ mchch_xl/macros/",
        ("mchch-xl build-addin", "mchch-xl build-addin --out mchch.xlam"),
        cmd_build_addin,
    )
    b.add_argument(
        "--out",
        default="workbook/mchch.xlam",
        metavar="ไฟล์",
        help="ไฟล์ที่จะเขียน (ค่าเริ่มต้น: workbook/mchch.xlam)",
    )
    b.add_argument(
        "--macros",
        metavar="โฟลเดอร์",
        help="โฟลเดอร์ซอร์ส VBA และ customUI.xml (ค่าเริ่มต้น: macros/ ของโครงการ)",
    )
    if isinstance(sub, _OnlyOne) and not sub.found:
        return None
    return p


def main(argv: Sequence[str] | None = None, out=None, err=None) -> int:
    """Run one command; every message in Thai, never a traceback for a user's mistake, a
    missing file, a closed pipe (``summary | head``) or Ctrl-C."""
    out, err = out or sys.stdout, err or sys.stderr
    _no_pydantic_plugins()
    for stream in (out, err):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
    try:
        return _run(argv, out, err)
    except KeyboardInterrupt:
        print("\nยกเลิกแล้ว (กด Ctrl-C): ไฟล์หลักไม่เปลี่ยนแปลงถ้ายังบันทึกไม่เสร็จ", file=err)
        return 2
    except BrokenPipeError:  # the reader closed the pipe (e.g. | head): stop quietly
        _quiet_stdout(out)
        return 0


def _no_pydantic_plugins() -> None:
    """pydantic looks for plugins (e.g. tracing tools) among every installed package's entry
    points when its first model is built: 10 ms of each command on a machine with 130
    packages, and a plugin would see every value checked, national ids included. The command
    line uses none. To let plugins run, set PYDANTIC_DISABLE_PLUGINS yourself (empty: all)."""
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _run(argv: Sequence[str] | None, out, err) -> int:
    from contextlib import redirect_stderr, redirect_stdout

    argv = sys.argv[1:] if argv is None else list(argv)
    first = argv[0] if argv and isinstance(argv[0], str) and not argv[0].startswith("-") else None
    # "mchch-xl --bogus": name the option, not the command argparse finds missing first
    unknown = [a for a in argv if str(a).startswith("-") and a not in ("-h", "--help", "--version")]
    try:
        with redirect_stdout(out), redirect_stderr(err):
            if first is None and unknown:
                parser().error("unrecognized arguments: " + " ".join(unknown))
            args = ((first and parser(first)) or parser()).parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code in (0, None) else 2
    try:
        return args.func(args, out, err)
    except FatalError as exc:
        print(f"ทำงานไม่สำเร็จ ({exc.issue.code}): {exc.issue.text()}", file=err)
        return 2
    except BrokenPipeError:
        raise
    except (
        FileNotFoundError,
        FileExistsError,
        IsADirectoryError,
        NotADirectoryError,
        PermissionError,
    ) as exc:
        print(f"ทำงานไม่สำเร็จ: {_os_error_th(exc)}", file=err)
        return 2


def _os_error_th(exc: OSError) -> str:
    name = exc.filename or ""
    what = {
        FileNotFoundError: "ไม่พบไฟล์หรือโฟลเดอร์",
        FileExistsError: "มีไฟล์ชื่อนี้อยู่แล้ว ต้องเป็นโฟลเดอร์",
        IsADirectoryError: "เป็นโฟลเดอร์ ไม่ใช่ไฟล์",
        NotADirectoryError: "ไม่ใช่โฟลเดอร์",
        PermissionError: "ไม่มีสิทธิ์เข้าถึง",
    }
    fix = {
        FileNotFoundError: "ตรวจชื่อและที่อยู่ของไฟล์",
        PermissionError: "ปิดไฟล์ในโปรแกรมอื่น หรือตรวจสิทธิ์การเขียน",
        FileExistsError: "ระบุชื่อโฟลเดอร์ใหม่หรือโฟลเดอร์ที่มีอยู่",
    }.get(type(exc), "ตรวจชื่อที่ระบุ")
    return f"{what.get(type(exc), 'เข้าถึงไฟล์ไม่ได้')}: {name} — {fix}"


def _quiet_stdout(out) -> None:
    """After a closed pipe, point stdout at devnull so that Python's exit flush stays quiet."""
    import os

    if out is sys.stdout:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass

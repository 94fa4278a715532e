from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

from mchch_xl.cli.commands import main, parser
from tests.conftest import edit

ROOT = Path(__file__).parents[1]


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_summary_json(demo_file):
    code, out, _ = run("summary", str(demo_file), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["totals"] == {
        "leader": 71,
        "group": 24,
        "network": 14,
        "community": 20,
        "total": 129,
    }
    mae_chan = next(d for d in data["districts"] if d["name"] == "แม่จัน")
    assert {
        k: mae_chan[k] for k in ("code", "leader", "group", "network", "community", "total")
    } == {"code": "5707", "leader": 3, "group": 2, "network": 1, "community": 2, "total": 8}
    assert mae_chan["slot"] == {"start": "09:00", "end": "09:15"}
    assert data["order"][:2] == ["5707", "5701"] and len(data["order"]) == 18
    assert data["slots"][12] == {
        "order": 13,
        "code": "5717",
        "name": "เวียงเชียงรุ้ง",
        "start": "13:00",
        "end": "13:15",
        "day": 1,
    }
    assert data["end"] == "14:30"


def test_recalc_exit_codes(demo, tmp_path):
    code, out, _ = run("recalc", str(demo))
    assert code == 0 and "คำนวณใหม่แล้ว" in out
    edit(demo, {"คะแนน": {"C3": 99}})
    code, _, err = run("recalc", str(demo))
    assert code == 1 and "REF_004" in err and "คะแนน / แถว 3 / คอลัมน์ C" in err
    code, _, err = run("recalc", str(tmp_path / "ไม่มีไฟล์.xlsx"))
    assert code == 2 and "ไม่พบไฟล์" in err and "Traceback" not in err
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    code, _, err = run("recalc", str(tmp_path / "x.xlsx"))
    assert code == 2 and "เปิดไฟล์ไม่ได้" in err


def test_new_and_demo(tmp_path):
    code, out, _ = run(
        "new", "--province", "เชียงราย", "--year", "2569", "--out", str(tmp_path / "m.xlsx")
    )
    assert code == 0 and "อำเภอ 18 อำเภอ" in out
    code, _, err = run(
        "new", "--province", "เชียงราย", "--year", "2569", "--out", str(tmp_path / "m.xlsx")
    )
    assert code == 2 and "--force" in err
    code, out, _ = run("summary", str(tmp_path / "m.xlsx"), "--json")
    assert code == 0  # a fresh master: nothing is due yet (the meeting date, once candidates)
    assert json.loads(out)["fiscal_year"] == 2569
    code, out, _ = run("demo", "--out", str(tmp_path / "d"))
    assert code == 0 and "129" in out
    assert (tmp_path / "d" / "demo-2568.xlsx").exists()
    code, _, err = run("bogus")
    assert code == 2


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    commands = parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"mchch-xl {name}" in readme, name


def test_readme_gives_exactly_two_fresh_machine_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"<!-- fresh-machine -->\s*```(?:bash|sh)?\n(.*?)```", readme, re.S)
    assert block, "README must mark its fresh-machine commands"
    lines = [ln for ln in block.group(1).splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(lines) == 2
    assert "mchch-xl demo" in lines[0] and "pytest" in lines[1]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert lines[1].split("&&")[-1].strip() in ci


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    shutil.rmtree(tmp_path, ignore_errors=True)
    tmp_path.mkdir()
    p = subprocess.run(
        [sys.executable, "-m", "mchch_xl", "demo", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert p.returncode == 0, p.stderr


def test_one_command_parser_is_that_commands_whole_parser():
    """main builds only the command it is given (``parser(name)``): the same arguments,
    defaults and help as in the full parser; an unknown name gets None (then the full one)."""
    full = parser()._subparsers._group_actions[0].choices
    for name, whole in full.items():
        one = parser(name)._subparsers._group_actions[0].choices
        assert list(one) == [name]
        assert one[name].format_help() == whole.format_help()
        fields = lambda p: [{**vars(a), "container": None} for a in p._actions]
        assert fields(one[name]) == fields(whole)
        assert one[name].get_default("func") is whole.get_default("func")
    assert parser("bogus") is None


def test_a_wrong_place_to_write_or_read_is_one_thai_line(demo_file, tmp_path):
    """An output folder that is a file, a folder given as the master, a folder with nothing to
    import: exit 2 and one Thai line naming it, never a traceback, and the master untouched
    (the import checks its folder before any work, not after)."""
    master = tmp_path / "m.xlsx"
    shutil.copy(demo_file, master)
    before = master.read_bytes()
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    empty = tmp_path / "empty"
    empty.mkdir()
    got = [
        run(*argv)
        for argv in (
            ("templates", str(master), "--out", str(a_file)),
            ("demo", "--out", str(a_file)),
            ("import", str(master), str(demo_file), "--annotated", str(a_file)),
            ("recalc", str(empty)),
            ("import", str(master), str(empty)),
            ("packet", str(master), "--out", str(empty)),
            ("minutes", str(master), "--out", str(empty)),
            ("new", "--province", "เชียงราย", "--year", "2569", "--out", str(empty)),
            ("new", "--province", "เชียงราย", "--year", "2569", "--force", "--out", str(empty)),
            ("rollup", str(master), "--out", str(empty)),
        )
    ]
    assert [(code, out, err.splitlines()) for code, out, err in got] == [
        (2, "", [f"ทำงานไม่สำเร็จ: มีไฟล์ชื่อนี้อยู่แล้ว ต้องเป็นโฟลเดอร์: {a_file} — {MAKE_A_FOLDER}"]),
        (2, "", [f"ทำงานไม่สำเร็จ: มีไฟล์ชื่อนี้อยู่แล้ว ต้องเป็นโฟลเดอร์: {a_file} — {MAKE_A_FOLDER}"]),
        (2, "", [f"ทำงานไม่สำเร็จ: ไม่ใช่โฟลเดอร์: {a_file} — ตรวจชื่อที่ระบุ"]),
        (2, "", [f"ทำงานไม่สำเร็จ: เป็นโฟลเดอร์ ไม่ใช่ไฟล์: {empty} — ตรวจชื่อที่ระบุ"]),
        (
            2,
            "",
            [
                "ทำงานไม่สำเร็จ (IMP_006): [empty] ไม่พบไฟล์แบบฟอร์มของอำเภอ (.xlsx) ที่จะนำเข้า — "
                "เลือกไฟล์หรือโฟลเดอร์ที่มีไฟล์ที่อำเภอส่งกลับมา (No district file (.xlsx) to import)"
            ],
        ),
        *[(2, "", [f"ทำงานไม่สำเร็จ: เป็นโฟลเดอร์ ไม่ใช่ไฟล์: {empty} — ตรวจชื่อที่ระบุ"])] * 4,
        (
            2,
            "",
            [
                "[1/1] m.xlsx: จังหวัดเชียงราย ปี 2568 กลุ่มเป้าหมาย 129 ราย (ยังไม่ประชุม)",
                f"ทำงานไม่สำเร็จ: เป็นโฟลเดอร์ ไม่ใช่ไฟล์: {empty} — ตรวจชื่อที่ระบุ",
            ],
        ),
    ]
    assert master.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "empty", "m.xlsx"]
    assert list(empty.iterdir()) == []  # no PDF left inside the folder, no backup made


MAKE_A_FOLDER = "ระบุชื่อโฟลเดอร์ใหม่หรือโฟลเดอร์ที่มีอยู่"


def test_a_master_with_a_dtd_is_refused_in_thai(demo_file, tmp_path):
    """A DTD in any part of a master (here the style table, which no check used to open) is
    refused by the safety scan in Thai, not by the reader in its own English."""
    import zipfile

    master = tmp_path / "m.xlsx"
    with zipfile.ZipFile(demo_file) as zin, zipfile.ZipFile(master, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/styles.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "b">]>' + data  # (no XML declaration)
            zout.writestr(item, data)
    before = master.read_bytes()
    code, out, err = run("recalc", str(master))
    assert (code, out, err.splitlines()) == (
        2,
        "",
        [
            "ทำงานไม่สำเร็จ (FILE_015): [m.xlsx] ไฟล์มี XML ที่ประกาศ DTD/entity ซึ่งไม่อนุญาต — "
            "บันทึกไฟล์ใหม่ด้วย Excel แล้วส่งใหม่ (XML with DTD/entities refused)"
        ],
    )
    assert master.read_bytes() == before


# -- the guided year (issue 22): guards, exit codes, the lottery, the status -----------------


def _department_file(demo_file: Path, path: Path) -> Path:
    """A department's indicator file: an .xlsx with only the sheets ตัวชี้วัด and เกณฑ์."""
    import openpyxl

    wb = openpyxl.load_workbook(demo_file)
    for title in wb.sheetnames:
        if title not in ("ตัวชี้วัด", "เกณฑ์ผลการประเมิน"):
            del wb[title]
    wb.save(path)
    return path


def _setting(path: Path, key: str, value) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["ตั้งค่า"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == key)
    ws.cell(row, 2).value = value
    wb.save(path)


def _row(path: Path, key: str) -> int:
    """The row of the setting ``key`` in the master's sheet ตั้งค่า."""
    import openpyxl

    ws = openpyxl.load_workbook(path)["ตั้งค่า"]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == key)


def _settings(path: Path) -> dict:
    import openpyxl

    ws = openpyxl.load_workbook(path)["ตั้งค่า"]
    return {ws.cell(r, 4).value: ws.cell(r, 2).value for r in range(3, ws.max_row + 1)}


def test_templates_refuse_while_the_years_indicators_or_criteria_are_missing(demo_file, tmp_path):
    master = tmp_path / "m.xlsx"
    assert run("new", "--province", "เชียงราย", "--year", "2568", "--out", str(master))[0] == 0
    code, out, err = run("templates", str(master), "--out", str(tmp_path / "f"))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "ทำงานไม่สำเร็จ (TPL_010): [m.xlsx / ตัวชี้วัด] ยังไม่มีตัวชี้วัดของปี 2568 ในแผ่นงาน ตัวชี้วัด "
        "จึงยังทำแบบฟอร์มอำเภอไม่ได้ — กรอกตัวชี้วัดของปี 2568 ในแผ่นงาน ตัวชี้วัด (คัดลอกจากไฟล์ของกรม) "
        "หรือสร้างสมุดงานหลักใหม่ด้วย mchch-xl new --indicators ไฟล์ของกรม (หรือ --from สมุดงานปีก่อน) "
        "แล้วจึงทำแบบฟอร์มอำเภอ (No indicators for 2568 in the sheet 'ตัวชี้วัด': district templates "
        "cannot be made yet)"
    ]
    assert not (tmp_path / "f").exists()
    # indicators but no criteria: the criteria sheet is named
    wb_path = _department_file(demo_file, tmp_path / "กรม.xlsx")
    code, _, _ = run(
        "new", "--province", "เชียงราย", "--year", "2568", "--out", str(master), "--force",
        "--indicators", str(wb_path),
    )  # fmt: skip
    assert code == 0
    import openpyxl

    wb = openpyxl.load_workbook(master)
    wb["เกณฑ์ผลการประเมิน"].delete_rows(3, 100)
    wb.save(master)
    code, _, err = run("templates", str(master), "--out", str(tmp_path / "f"))
    assert code == 2 and "TPL_010" in err and "[m.xlsx / เกณฑ์ผลการประเมิน]" in err


def test_new_indicators_loads_the_years_set_from_a_department_file_or_a_master(demo_file, tmp_path):
    department = _department_file(demo_file, tmp_path / "กรม-2568.xlsx")
    master = tmp_path / "m.xlsx"
    code, out, err = run(
        "new", "--province", "เชียงราย", "--year", "2568", "--out", str(master),
        "--indicators", str(department),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"สร้างสมุดงานหลักเปล่า จังหวัดเชียงราย ปี 2568 แล้ว: {master} (อำเภอ 18 อำเภอ, "
        "ตัวชี้วัด 20 ข้อ และเกณฑ์ 16 แถว จาก กรม-2568.xlsx)"
    ]
    code, out, _ = run("templates", str(master), "--out", str(tmp_path / "f"))
    assert code == 0 and out.splitlines()[-1] == (
        f"สร้างแบบฟอร์มอำเภอแล้ว 18 ไฟล์ ในโฟลเดอร์ {tmp_path / 'f'}"
    )
    # another master of an earlier year: its set, re-dated, to be reviewed
    code, out, _ = run(
        "new", "--province", "เชียงราย", "--year", "2569", "--out", str(tmp_path / "n.xlsx"),
        "--indicators", str(demo_file),
    )  # fmt: skip
    assert code == 0 and "ตัวชี้วัด 20 ข้อ และเกณฑ์ 16 แถว จาก demo-2568.xlsx" in out
    assert sheet_note(tmp_path / "n.xlsx", "ตัวชี้วัด") == (
        "ตรวจทาน: คัดลอกจาก demo-2568.xlsx ปี 2568 ให้ปรับให้ตรงกับหลักเกณฑ์ปี 2569 ก่อนใช้"
    )
    # --from carries last year's set as before; --indicators replaces it
    code, out, _ = run(
        "new", "--from", str(demo_file), "--year", "2569", "--out", str(tmp_path / "o.xlsx")
    )
    assert code == 0 and "ตัวชี้วัด 20 ข้อ และเกณฑ์ 16 แถว คัดลอกมาให้ตรวจทาน" in out
    # a file without the two sheets: could not run, nothing written
    code, _, err = run(
        "new", "--province", "เชียงราย", "--year", "2568", "--out", str(tmp_path / "p.xlsx"),
        "--indicators", str(master.with_name("f") / next(p.name for p in (tmp_path / "f").iterdir())),
    )  # fmt: skip
    assert code == 2 and "FILE_022" in err and "ไม่มีแผ่นงาน ตัวชี้วัด และ เกณฑ์ผลการประเมิน" in err
    assert not (tmp_path / "p.xlsx").exists()


def sheet_note(path: Path, title: str):
    import openpyxl

    return openpyxl.load_workbook(path)[title]["A1"].value


def test_a_fresh_master_orders_by_code_and_warns_nothing(tmp_path):
    master = tmp_path / "m.xlsx"
    assert run("new", "--province", "เชียงราย", "--year", "2568", "--out", str(master))[0] == 0
    assert _settings(master)["order_policy"] == "ตามรหัสอำเภอ"
    code, out, err = run("recalc", str(master))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "ผิดพลาด 0 รายการ, คำเตือน 0 รายการ, แถวที่ไม่ได้นำมาคำนวณ 0 แถว"
    assert run("recalc", str(master), "--strict")[0] == 0


def test_exit_codes_warnings_0_errors_1_strict_1_could_not_run_2(demo, tmp_path):
    # a warning only (two districts given the same order, both kept): done, exit 0;
    # --strict: 1
    edit(demo, {"อำเภอ": {"C3": 1, "C4": 1}})
    for command in ("summary", "recalc", "status"):
        code, _, err = run(command, str(demo))
        assert code == 0 and "คำเตือน ORD_001" in err, command
        assert run(command, str(demo), "--strict")[0] == 1, command
    # an error that leaves a row out: 1 with or without --strict
    edit(demo, {"คะแนน": {"C3": 99}})
    for argv in (("summary",), ("recalc",), ("summary", "--strict"), ("status",)):
        assert run(argv[0], str(demo), *argv[1:])[0] == 1, argv
    # could not run: 2
    assert run("status", str(tmp_path / "ไม่มี.xlsx"))[0] == 2
    assert run("draw", str(tmp_path / "ไม่มี.xlsx"))[0] == 2


def test_every_command_that_checks_data_takes_strict():
    for name in (
        "demo", "recalc", "draw", "status", "summary", "templates", "import", "packet",
        "documents", "minutes", "certificates", "rollup",
    ):  # fmt: skip
        options = parser(name)._subparsers._group_actions[0].choices[name]._option_string_actions
        assert "--strict" in options, name


def test_draw_once_recorded_and_stable_over_recalcs(demo, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "สมชาย")
    before = _settings(demo)
    code, out, err = run("recalc", str(demo))  # recalc never draws
    assert code == 0 and _settings(demo)["lottery_seed"] is None
    _setting(demo, "order_policy", "จับสลาก")
    code, out, err = run("recalc", str(demo))
    assert code == 0 and _settings(demo)["lottery_seed"] is None
    assert [ln.split()[1] for ln in err.splitlines()] == ["ORD_004"]  # provisional, said once
    code, out, err = run("draw", str(demo))
    assert code == 0
    after = _settings(demo)
    seed = after["lottery_seed"]
    assert isinstance(seed, int) and 100_000 <= seed < 1_000_000
    assert after["lottery_drawn_by"] == "สมชาย"
    assert re.fullmatch(r"\d{1,2}/\d{1,2}/25\d\d \d\d:\d\d:\d\d", after["lottery_drawn_at"])
    assert {k: v for k, v in after.items() if not k.startswith("lottery")} == {
        **{k: v for k, v in before.items() if not k.startswith("lottery")},
        "order_policy": "จับสลาก",
    }
    assert err.splitlines() == [  # the seed said where it is recorded (was: "ORD_003 [] ...")
        f"แจ้งให้ทราบ ORD_003 [demo-2568.xlsx / ตั้งค่า / แถว {_row(demo, 'lottery_seed')} / "
        f"คอลัมน์ B] จับสลากลำดับการนำเสนอด้วยเลขสุ่ม {seed} และบันทึกเลขนี้ไว้ในแผ่นงาน ตั้งค่า — "
        f"ไม่ต้องแก้ (ลบเลขสุ่มออกหากต้องการจับสลากใหม่) (Presentation order drawn by lot with "
        f"seed {seed}, recorded in the settings sheet)"
    ]
    lines = out.splitlines()
    assert lines[0] == (
        f"จับสลากลำดับการนำเสนอแล้ว: เลขสุ่ม {seed} เมื่อ {after['lottery_drawn_at']} โดย สมชาย "
        f"(บันทึกไว้ในแผ่นงาน ตั้งค่า ของ {demo})"
    )
    order = [ln.split()[3] for ln in lines[2:20]]
    assert len(order) == 18
    for _ in range(2):  # stable: recalc and summary give the drawn order, and draw nothing
        code, out, err = run("recalc", str(demo))
        assert code == 0 and err == ""
        assert [ln.split()[3] for ln in out.splitlines()[2:20]] == order
        assert _settings(demo) == after
    code, _, _ = run("summary", str(demo), "--json")
    # drawing again: refused, the master unchanged, the message says to clear the seed first
    data = demo.read_bytes()
    code, out, err = run("draw", str(demo))
    assert (code, out) == (2, "")
    assert err.startswith(
        f"ทำงานไม่สำเร็จ (ORD_006): [demo-2568.xlsx / ตั้งค่า / แถว {_row(demo, 'lottery_seed')} / "
        f"คอลัมน์ B] จับสลากลำดับการนำเสนอไปแล้ว "
        f"({after['lottery_drawn_at']} สมชาย) (เลขสุ่ม {seed}) จึงไม่จับซ้ำ ลำดับเดิมยังใช้อยู่ — "
        "ถ้าต้องการจับสลากใหม่ ลบค่า เลขสุ่มจับสลาก ในแผ่นงาน ตั้งค่า ก่อน"
    )
    assert demo.read_bytes() == data
    _setting(demo, "lottery_seed", None)
    assert run("draw", str(demo))[0] == 0 and _settings(demo)["lottery_seed"] is not None


def test_new_from_does_not_draw(demo, tmp_path):
    _setting(demo, "order_policy", "จับสลาก")
    assert run("draw", str(demo))[0] == 0
    code, _, _ = run(
        "new", "--from", str(demo), "--year", "2569", "--out", str(tmp_path / "n.xlsx")
    )
    assert code == 0
    s = _settings(tmp_path / "n.xlsx")
    assert (s["order_policy"], s["lottery_seed"], s["lottery_drawn_at"], s["lottery_drawn_by"]) == (
        "จับสลาก",
        None,
        None,
        None,
    )


def test_an_unknown_district_given_by_the_officer_is_said_as_the_officers_mistake(
    demo_file, tmp_path
):
    """--district naming no district of the master: the officer's own message (ARG_001) with
    the closest districts or the codes there are, exit 2, nothing made (was TPL_005, whose fix
    told a district to use the form the province sent)."""
    folder = tmp_path / "f"
    cases = {
        ("templates", "--out", str(folder), "--district", "9999"): (
            "'9999'",
            "(มี 18 อำเภอ รหัส 5701–5718)",
        ),
        ("certificates", "--district", "9999"): ("'9999'", "(มี 18 อำเภอ รหัส 5701–5718)"),
        ("templates", "--out", str(folder), "--district", "แม่จันท์"): (
            "'แม่จันท์'",
            "(ใกล้เคียง: 5707 แม่จัน)",
        ),
        ("certificates", "--district", "อ.แม่จันท์"): ("'อ.แม่จันท์'", "(ใกล้เคียง: 5707 แม่จัน)"),
    }
    beside = sorted(demo_file.parent.iterdir())
    for (command, *options), (value, close) in cases.items():
        code, out, err = run(command, str(demo_file), *options)
        assert (code, out) == (2, ""), (command, options)
        assert err.splitlines() == [
            f"ทำงานไม่สำเร็จ (ARG_001): [demo-2568.xlsx / อำเภอ] ไม่พบอำเภอ {value} "
            "(ที่ระบุด้วย --district) ในแผ่นงาน อำเภอ จึงไม่ได้สร้างไฟล์ — "
            f"ใช้รหัสหรือชื่ออำเภอที่มีในแผ่นงาน อำเภอ {close} "
            f"(District {value} (given with --district) is not in the sheet 'อำเภอ'; "
            "nothing was made)"
        ], (command, options)
    assert not folder.exists() and sorted(demo_file.parent.iterdir()) == beside


def test_draw_refuses_an_order_policy_other_than_the_lottery(demo):
    """A master ordered กำหนดเอง, ตามรหัสอำเภอ or ตามตัวอักษร is not drawn (the guide: วิธีอื่น
    ไม่ต้องจับ): exit 2, ORD_007 at the setting's cell with what to change, the master
    unchanged (was: the policy silently rewritten to จับสลาก and a draw recorded)."""
    row = _row(demo, "order_policy")
    for policy in ("กำหนดเอง", "ตามรหัสอำเภอ", "ตามตัวอักษร"):
        _setting(demo, "order_policy", policy)
        data = demo.read_bytes()
        code, out, err = run("draw", str(demo))
        assert (code, out) == (2, ""), policy
        assert err.splitlines() == [
            f"ทำงานไม่สำเร็จ (ORD_007): [demo-2568.xlsx / ตั้งค่า / แถว {row} / คอลัมน์ B] "
            f"วิธีจัดลำดับการนำเสนอเป็น {policy} ไม่ใช่ จับสลาก จึงไม่จับสลาก (ไม่ได้แก้ไขไฟล์) — "
            "วิธีอื่นไม่ต้องจับสลาก ถ้าจังหวัดจัดลำดับด้วยการจับสลาก เปลี่ยน วิธีจัดลำดับการนำเสนอ "
            "ในแผ่นงาน ตั้งค่า เป็น จับสลาก แล้วสั่ง mchch-xl draw (หรือกดปุ่ม จับสลาก) อีกครั้ง "
            f"(The presentation order is set to '{policy}', not by lot: nothing was drawn "
            "(the file was not changed))"
        ], policy
        assert demo.read_bytes() == data, policy
    assert not demo.with_name(f".{demo.name}.lock").exists()


def test_exit_1_is_any_error_even_one_that_leaves_no_row_out(demo):
    """A decision typed wrong (รับรอ) is an error that leaves no row out: exit 1, as the one
    exit-code text says in every --help, the README, the guide and commands.md (was: they
    said 1 meant errors that left rows out)."""
    from mchch_xl.cli.commands import EXIT_CODES
    from mchch_xl.domain.issues import EXIT_1

    edit(demo, {"ผลการรับรอง": {"L3": "รับรอ"}})
    for command in ("recalc", "summary", "status"):
        code, out, err = run(command, str(demo))
        assert code == 1, command
        assert out.splitlines()[-1] == (
            "ผิดพลาด 1 รายการ, คำเตือน 0 รายการ, แถวที่ไม่ได้นำมาคำนวณ 0 แถว"
        ), command
        assert [ln.split()[:3] for ln in err.splitlines()] == [
            ["ผิดพลาด", "CELL_008", "[demo-2568.xlsx"]
        ], command
    assert "0 = ทำเสร็จ ไม่พบข้อผิดพลาด " in EXIT_CODES and f"1 = {EXIT_1} (" in EXIT_CODES
    for doc in ("README.md", "docs/commands.md", "docs/คู่มือ.md"):
        text = " ".join((ROOT / doc).read_text("utf-8").split())
        assert "`0` ทำเสร็จ ไม่พบข้อผิดพลาด" in text and f"`1` {EXIT_1}" in text, doc
        assert "ทำให้ตัดแถวออก หรือ" not in text and "ข้อผิดพลาดทำให้ตัดแถวออก" not in text, doc

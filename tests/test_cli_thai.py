"""The command line speaks Thai: usage, errors, help, exit codes; never a traceback for bad
arguments, a missing file, a closed pipe or Ctrl-C."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mchch_xl import __version__
from mchch_xl.cli.commands import main, parser
from mchch_xl.cli.parser import translate

ROOT = Path(__file__).parents[1]
COMMANDS = (
    "demo",
    "new",
    "recalc",
    "draw",
    "status",
    "summary",
    "templates",
    "import",
    "packet",
    "documents",
    "rollup",
    "minutes",
    "certificates",
    "addin",
    "doctor",
    "build-addin",
)
# argparse's own English, and the English prefixes the CLI used to print
ENGLISH = (
    "usage:",
    "error:",
    "the following arguments",
    "invalid choice",
    "show this help",
    "positional arguments",
    "options:",
    "unrecognized arguments",
    "expected one argument",
    "invalid int value",
    "ERROR",
    "WARNING",
    "Traceback",
)


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def english_in(text: str) -> list[str]:
    return [e for e in ENGLISH if e in text]


def test_the_parser_knows_exactly_these_commands():
    assert tuple(parser()._subparsers._group_actions[0].choices) == COMMANDS


def bad_calls(tmp: Path) -> list[tuple[tuple, int, str]]:
    """(argv, exit code, Thai text expected on stderr) for every command."""
    missing = tmp / "ไม่มีไฟล์.xlsx"
    notxlsx = tmp / "x.xlsx"
    notxlsx.write_bytes(b"not a zip")
    return [
        ((), 2, "ยังไม่ได้ระบุ: คำสั่ง"),
        (("bogus",), 2, "คำสั่ง: ไม่มีตัวเลือก bogus (เลือกได้: demo, new,"),
        (("--bogus",), 2, "ไม่รู้จัก: --bogus"),
        (("--bogus", "recalc", missing), 2, "ไม่รู้จัก: --bogus"),
        (("demo", "--out"), 2, "ตัวเลือก --out: ต้องตามด้วยค่าหนึ่งค่า"),
        (("demo", "extra"), 2, "ไม่รู้จัก: extra"),
        (("new",), 2, "ยังไม่ได้ระบุ: --year"),
        (
            ("new", "--year", "2568", "--out", tmp / "n.xlsx"),
            2,
            "ระบุ --province ชื่อจังหวัด หรือ --from สมุดงานหลักปีก่อน",
        ),
        (("new", "--from", missing, "--year", "2569", "--out", tmp / "n.xlsx"), 2, "ไม่พบไฟล์"),
        (("new", "--province", "ลำปาง"), 2, "ยังไม่ได้ระบุ: --year"),
        (
            ("new", "--province", "ลำปางง", "--year", "2568", "--out", tmp / "n.xlsx"),
            2,
            "ไม่พบจังหวัด 'ลำปางง' — หมายถึง ลำปาง ใช่ไหม?",
        ),
        (
            ("new", "--province", "ลำปาง", "--year", "x", "--out", tmp / "n.xlsx"),
            2,
            "ปีงบประมาณ 'x' อ่านไม่ได้",
        ),
        (("recalc",), 2, "ยังไม่ได้ระบุ: สมุดงานหลัก"),
        (("recalc", missing), 2, "ไม่พบไฟล์"),
        (("recalc", notxlsx), 2, "เปิดไฟล์ไม่ได้"),
        (("draw",), 2, "ยังไม่ได้ระบุ: สมุดงานหลัก"),
        (("draw", missing), 2, "ไม่พบไฟล์"),
        (("draw", notxlsx), 2, "เปิดไฟล์ไม่ได้"),
        (("status",), 2, "ยังไม่ได้ระบุ: สมุดงานหลัก"),
        (("status", missing, "--json"), 2, "ไม่พบไฟล์"),
        (
            ("new", "--province", "ลำปาง", "--year", "2568", "--indicators"),
            2,
            "ตัวเลือก --indicators: ต้องตามด้วยค่าหนึ่งค่า",
        ),
        (
            (
                "new",
                "--province",
                "ลำปาง",
                "--year",
                "2568",
                "--out",
                tmp / "i.xlsx",
                "--indicators",
                missing,
            ),
            2,
            "ไม่พบไฟล์",
        ),  # fmt: skip
        (("summary",), 2, "ยังไม่ได้ระบุ: สมุดงานหลัก"),
        (("summary", missing, "--json"), 2, "ไม่พบไฟล์"),
        (("summary", missing, "--jsn"), 2, "ไม่รู้จัก: --jsn"),
        (("templates", missing), 2, "ยังไม่ได้ระบุ: --out"),
        (("templates", missing, "--out", tmp / "t"), 2, "ไม่พบไฟล์"),
        (("import",), 2, "ยังไม่ได้ระบุ: สมุดงานหลัก, ไฟล์"),
        (("import", missing), 2, "ยังไม่ได้ระบุ: ไฟล์"),
        (("import", missing, tmp / "ไม่มี.xlsx"), 2, "ไม่พบไฟล์"),
        (("packet",), 2, "ยังไม่ได้ระบุ: สมุดงานหลัก"),
        (("documents",), 2, "ระบุสมุดงานหลัก เช่น mchch-xl documents master-2568.xlsx"),
        (("documents", missing), 2, "ไม่พบไฟล์"),
        (("packet", missing), 2, "ไม่พบไฟล์"),
        (("rollup",), 2, "ยังไม่ได้ระบุ: สมุดงานหรือโฟลเดอร์, --out"),
        (("rollup", missing), 2, "ยังไม่ได้ระบุ: --out"),
        (("rollup", missing, "--out", tmp / "r.xlsx"), 2, "ไม่มีสมุดงานหลักที่รวมได้"),
        (("minutes",), 2, "ยังไม่ได้ระบุ: สมุดงานหลัก"),
        (("minutes", missing), 2, "ไม่พบไฟล์"),
        (("certificates",), 2, "ยังไม่ได้ระบุ: สมุดงานหลัก"),
        (("certificates", missing, "--district"), 2, "ตัวเลือก --district: ต้องตามด้วยค่าหนึ่งค่า"),
        (("certificates", missing), 2, "ไม่พบไฟล์"),
        (("addin",), 2, "ยังไม่ได้ระบุ: install|uninstall"),
        (("addin", "remove"), 2, "ไม่มีตัวเลือก remove"),
        (("doctor", "--dir"), 2, "ตัวเลือก --dir: ต้องตามด้วยค่าหนึ่งค่า"),
        (("build-addin", "--macros"), 2, "ตัวเลือก --macros: ต้องตามด้วยค่าหนึ่งค่า"),
        (
            ("build-addin", "--macros", tmp / "ไม่มีโฟลเดอร์", "--out", tmp / "a.xlam"),
            2,
            "สร้าง Add-in ไม่ได้",
        ),
    ]


def test_every_command_with_bad_arguments_answers_in_thai(tmp_path, capsys):
    calls = bad_calls(tmp_path)
    assert {c[0][0] for c in calls if c[0] and c[0][0] in COMMANDS} == set(COMMANDS)
    for argv, expected_code, expected in calls:
        code, out, err = run(*argv)
        captured = capsys.readouterr()  # nothing may bypass the streams given to main
        assert (argv, code) == (argv, expected_code)
        assert expected in err, (argv, err)
        assert english_in(out + err + captured.out + captured.err) == [], (argv, err)
        assert captured.out == captured.err == ""


def test_import_of_a_missing_district_file_is_reported_not_raised(demo, tmp_path):
    code, out, err = run("import", demo, tmp_path / "ไม่มี.xlsx")
    assert code in (1, 2) and "Traceback" not in err
    assert english_in(out + err) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_every_command_is_thai_with_examples_and_exit_codes(command):
    code, out, err = run(command, "--help")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(f"วิธีใช้: mchch-xl {command} [-h]")
    description = parser()._subparsers._group_actions[0].choices[command].description
    assert description in out and "\n" not in description
    assert f"ตัวอย่าง:\n  mchch-xl {command}" in out
    assert (
        "รหัสการจบ (exit code): 0 = ทำเสร็จ ไม่พบข้อผิดพลาด (คำเตือนพิมพ์ไว้ทาง stderr ข้อมูลยังนำมาคำนวณ), "
        "1 = ทำเสร็จ แต่พบข้อผิดพลาดที่ต้องแก้ (ค่าที่ผิดไม่ได้นำมาใช้ ทั้งที่ทำให้ตัดแถวออกและที่ไม่ตัด "
        "เช่น มติที่พิมพ์ผิด) หรือพบปัญหาใดๆ เมื่อใช้ --strict"
    ) in " ".join(out.split())
    assert "-h, --help" in out and "แสดงวิธีใช้นี้แล้วจบ" in out
    assert english_in(out) == []


def test_top_level_help_and_version():
    code, out, _ = run("--help")
    assert code == 0 and out.startswith("วิธีใช้: mchch-xl [-h] [--version] คำสั่ง ...")
    assert "ตัวเลือก:" in out and "คำสั่ง:" in out and english_in(out) == []
    assert all(f"    {c}" in out for c in COMMANDS)
    assert run("--version") == (0, f"mchch-xl รุ่น {__version__}\n", "")


def test_issue_lines_use_thai_severity(demo):
    from tests.conftest import edit

    edit(demo, {"คะแนน": {"C3": 99}})
    code, _, err = run("recalc", demo)
    assert code == 1
    line = next(ln for ln in err.splitlines() if "REF_004" in ln)
    assert line.startswith("ผิดพลาด REF_004 [")
    assert english_in(err) == []


def test_settings_values_are_shown_in_thai(tmp_path):
    import json

    import openpyxl

    path = tmp_path / "m.xlsx"
    assert run("new", "--province", "เชียงราย", "--year", "2568", "--out", path)[0] == 0
    ws = openpyxl.load_workbook(path)["ตั้งค่า"]
    shown = {r[0]: r[1] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert (shown["รอบที่ใช้ตัดสินผล"], shown["วิธีจัดลำดับการนำเสนอ"], shown["ตัวเลขในเอกสาร"]) == (
        "คณะกรรมการอำเภอ",
        "ตามรหัสอำเภอ",  # a new master orders by district code until the officer chooses
        "ไทย",
    )
    assert not {"committee", "code", "thai"} & {str(v) for v in shown.values()}
    data = json.loads(run("summary", path, "--json")[1])
    assert (data["deciding_round"], data["deciding_round_th"]) == ("committee", "คณะกรรมการอำเภอ")
    assert (data["order_policy"], data["order_policy_th"]) == ("code", "ตามรหัสอำเภอ")


def test_ctrl_c_is_a_thai_message_and_exit_2(monkeypatch):
    from mchch_xl.cli import commands as cli

    def interrupted(args, out, err):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_demo", interrupted)
    code, _out, err = run("demo")
    assert code == 2 and err == "\nยกเลิกแล้ว (กด Ctrl-C): ไฟล์หลักไม่เปลี่ยนแปลงถ้ายังบันทึกไม่เสร็จ\n"


def test_translate_argparse_messages():
    assert (
        translate("the following arguments are required: --province, --year")
        == "ยังไม่ได้ระบุ: --province, --year"
    )
    assert (
        translate("argument คำสั่ง: invalid choice: 'x' (choose from 'demo', 'new')")
        == "คำสั่ง: ไม่มีตัวเลือก x (เลือกได้: demo, new)"
    )
    assert translate("argument --out: expected one argument") == "ตัวเลือก --out: ต้องตามด้วยค่าหนึ่งค่า"
    assert translate("unrecognized arguments: a b") == "ไม่รู้จัก: a b"
    assert (
        translate("ambiguous option: --f could match --force, --foo")
        == "ตัวเลือก --f กำกวม อาจหมายถึง --force, --foo"
    )


# -- real processes: a closed pipe and SIGINT ---------------------------------------------------


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}


def test_closed_pipe_ends_quietly(demo_file):
    """`mchch-xl summary master --json | head -c 0`: the reader is gone before we write."""
    p = subprocess.Popen(
        [sys.executable, "-m", "mchch_xl", "summary", str(demo_file), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=_env(),
    )
    p.stdout.close()
    err = p.stderr.read().decode("utf-8")
    assert p.wait(timeout=60) == 0
    assert err == ""


def test_sigint_while_running_has_no_traceback(tmp_path):
    code = (
        "import time, mchch_xl.cli.commands as c\n"
        "def slow(args, out, err):\n    print('start', flush=True)\n    time.sleep(30)\n"
        "c.cmd_demo = slow\nraise SystemExit(c.main(['demo']))\n"
    )
    p = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=_env(),
    )
    assert p.stdout.readline() == b"start\n"
    time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    err = p.stderr.read().decode("utf-8")
    assert p.wait(timeout=30) == 2
    assert "Traceback" not in err and "ยกเลิกแล้ว" in err

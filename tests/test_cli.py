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
    assert code == 1  # the meeting date is still to be filled
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

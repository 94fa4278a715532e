"""Install in one command, check in one command: ``mchch-xl addin install|uninstall`` and
``mchch-xl doctor``, with every path injected (tested on Linux), and a fresh non-editable
install that builds and installs the add-in from the installed package alone."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mchch_xl.cli.commands import main
from mchch_xl.xl import doctor, install
from mchch_xl.xl.addin import CONFIG, build_addin
from mchch_xl.xl.doctor import FAIL, OK, WARN, addin_facts, run_checks

ROOT = Path(__file__).parents[1]


def config_rows(xlam: Path) -> list[list[str]]:
    """The add-in's config sheet as xlwings' VBA reads it: column A from A1 down to the first
    empty cell, each key with its column B (GetConfigFromSheet)."""
    import re

    with zipfile.ZipFile(xlam) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    return [
        re.findall(r"<t>(.*?)</t>", row) for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet)
    ]


def test_install_writes_the_interpreter_first_in_the_config_sheet_and_unblocks(tmp_path):
    xlstart = tmp_path / "XLSTART"
    xlstart.mkdir()
    mark = Path(f"{xlstart / 'mchch.xlam'}:Zone.Identifier")  # an NTFS stream's name
    mark.write_text("[ZoneTransfer]\nZoneId=3\n")
    out = io.StringIO()
    interp = str(tmp_path / "Python311" / "pythonw.exe")
    assert main(["addin", "install", "--dir", str(xlstart), "--interpreter", interp], out=out) == 0
    xlam = xlstart / "mchch.xlam"
    assert config_rows(xlam) == [["INTERPRETER_WIN", interp], *[[k, v] for k, v in CONFIG]]
    assert all(len(row) == 2 and row[1] for row in config_rows(xlam))  # no empty setting
    assert not mark.exists()
    assert out.getvalue().splitlines() == [
        f"สร้าง Add-in ไว้ที่ {xlam}",
        f"ตั้งค่า INTERPRETER_WIN ในแผ่นงาน mchch.conf ของ Add-in = {interp}",
        "ยกเลิกการบล็อกไฟล์ที่ดาวน์โหลดมา (Zone.Identifier) แล้ว",
        "ปิดแล้วเปิด Excel ใหม่ แท็บ มชช. จะขึ้นบนริบบอน",
    ]
    out = io.StringIO()
    assert main(["addin", "uninstall", "--dir", str(xlstart)], out=out) == 0
    assert not xlam.exists()
    assert out.getvalue().splitlines() == [
        f"ลบ Add-in {xlam} แล้ว",
        "ปิดแล้วเปิด Excel ใหม่ แท็บ มชช. จะหายไป",
    ]
    out = io.StringIO()
    assert main(["addin", "uninstall", "--dir", str(xlstart)], out=out) == 0
    assert out.getvalue().splitlines() == [f"ไม่พบ Add-in ที่ {xlam} (ไม่ได้ติดตั้งไว้ที่นี่)"]


def test_install_can_move_xlwings_temp_files_to_an_ascii_folder(tmp_path):
    out = io.StringIO()
    args = ["addin", "install", "--dir", str(tmp_path), "--interpreter", "C:\\P\\pythonw.exe"]
    assert main([*args, "--temp-dir", "C:\\Temp"], out=out) == 0
    assert config_rows(tmp_path / "mchch.xlam")[:2] == [
        ["INTERPRETER_WIN", "C:\\P\\pythonw.exe"],
        ["TEMP DIR", "C:\\Temp"],
    ]
    assert "ตั้งค่า TEMP DIR ในแผ่นงาน mchch.conf ของ Add-in = C:\\Temp" in out.getvalue()


def test_a_plain_build_leaves_no_empty_interpreter_setting(tmp_path):
    xlam = build_addin(tmp_path / "mchch.xlam")
    assert config_rows(xlam) == [[k, v] for k, v in CONFIG]
    assert "INTERPRETER_WIN" not in {row[0] for row in config_rows(xlam)}


def test_default_paths():
    env = {"APPDATA": r"C:\Users\somchai\AppData\Roaming"}
    assert (
        install.default_xlstart(env, "win32")
        == Path(env["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"
    )
    assert install.default_xlstart({}, "linux") is None
    assert install.interpreter_key("win32") == "INTERPRETER_WIN"
    assert install.interpreter_key("darwin") == "INTERPRETER_MAC"


def test_default_interpreter_prefers_pythonw(tmp_path):
    (tmp_path / "python.exe").write_text("")
    (tmp_path / "pythonw.exe").write_text("")
    assert install.default_interpreter(str(tmp_path / "python.exe")) == str(
        tmp_path / "pythonw.exe"
    )
    assert install.default_interpreter("/usr/bin/python3") == "/usr/bin/python3"


def test_install_without_a_known_xlstart_says_use_dir(monkeypatch):
    monkeypatch.setattr(install, "default_xlstart", lambda env=None, platform=None: None)
    err = io.StringIO()
    assert main(["addin", "install"], err=err) == 2
    assert err.getvalue().strip() == "ติดตั้ง Add-in ไม่ได้: ไม่รู้ตำแหน่ง XLSTART ของเครื่องนี้: ระบุด้วย --dir"


def _checks(**kw) -> list[tuple[str, str]]:
    return [(c.status, c.title) for c in run_checks(**kw)]


def test_doctor_on_a_ready_pc(tmp_path):
    interp = tmp_path / "pythonw.exe"
    interp.write_text("")
    install.install(tmp_path, str(interp), platform="win32")
    env = {"USERPROFILE": r"C:\Users\somchai", "TEMP": r"C:\Users\somchai\AppData\Local\Temp"}
    checks = run_checks(
        tmp_path,
        env,
        executable=r"C:\Python311\python.exe",
        version=(3, 11),
        platform="win32",
        soffice=lambda: r"C:\Program Files\LibreOffice\soffice.exe",
    )
    assert [(c.status, c.title) for c in checks] == [
        (OK, "Python"),
        (OK, "xlwings"),
        (OK, "Add-in"),
        (OK, "ตัวแปลภาษา Python ของ Add-in"),
        (OK, "ชื่อโฟลเดอร์ผู้ใช้"),
        (OK, "LibreOffice (ชุดเอกสารประชุม PDF)"),
    ]
    out = io.StringIO()
    assert main(["doctor", "--dir", str(tmp_path)], out=out) in (0, 1)


def test_doctor_explains_each_problem(tmp_path):
    env = {"USERPROFILE": r"C:\Users\สมชาย", "OneDrive": r"C:\Users\สมชาย\OneDrive"}
    store = r"C:\Users\สมชาย\AppData\Local\Microsoft\WindowsApps\PythonSoftwareFoundation.Python.3.10\python.exe"
    assert _checks(
        xlstart=tmp_path,
        env=env,
        executable=store,
        version=(3, 10),
        platform="win32",
        soffice=lambda: None,
    ) == [
        (FAIL, "Python"),
        (FAIL, "Python จาก Microsoft Store"),
        (OK, "xlwings"),
        (FAIL, "Add-in"),
        (WARN, "ชื่อโฟลเดอร์ผู้ใช้มีอักษรที่ไม่ใช่ภาษาอังกฤษ"),
        (WARN, "OneDrive"),
        (WARN, "LibreOffice (ชุดเอกสารประชุม PDF)"),
    ]
    # an add-in built by another xlwings, pointing at a Python that is gone
    install.install(tmp_path, str(tmp_path / "gone" / "pythonw.exe"), platform="win32")
    xlam = tmp_path / "mchch.xlam"
    old = tmp_path / "old.xlam"
    with zipfile.ZipFile(xlam) as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = data.replace(b"(xlwings ", b"(xlwings 0.1.")
            dst.writestr(item, data)
    shutil.move(old, xlam)
    assert addin_facts(xlam)[0].startswith("0.1.")
    checks = run_checks(
        tmp_path,
        {"USERPROFILE": "C:\\Users\\a"},
        executable="C:\\P\\python.exe",
        version=(3, 12),
        platform="win32",
        soffice=lambda: "soffice",
    )
    assert [(c.status, c.title) for c in checks] == [
        (OK, "Python"),
        (OK, "xlwings"),
        (FAIL, "รุ่น xlwings ของ Add-in"),
        (FAIL, "ตัวแปลภาษา Python ของ Add-in"),
        (OK, "ชื่อโฟลเดอร์ผู้ใช้"),
        (OK, "LibreOffice (ชุดเอกสารประชุม PDF)"),
    ]
    assert "mchch-xl addin install" in checks[2].detail and "gone" in checks[3].detail
    assert doctor.MIN_PYTHON == (3, 11)


def _source_copy(dest: Path) -> Path:
    """The project as pip sees it (no tests, no caches), so the build does not touch the tree."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(
        ROOT / "mchch_xl", dest / "mchch_xl", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    return dest


@pytest.mark.slow
def test_fresh_non_editable_install_builds_and_installs_the_addin(tmp_path):
    """``pip install ".[addin]"`` into a fresh venv (its dependencies come from this Python's
    site-packages), then, from another folder, ``build-addin`` and ``addin install --dir``."""
    (tmp_path / "src").mkdir()
    src = _source_copy(tmp_path / "src")
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / ("python.exe" if os.name == "nt" else "python")
    done = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", f"{src}[addin]"],
        capture_output=True,
        check=False,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [str(py), "-c", "import mchch_xl; print(mchch_xl.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where  # the installed copy, not a source tree
    exe = bindir / "mchch-xl"
    env = {**os.environ, "PYTHONPATH": ""}
    built = subprocess.run(
        [str(exe), "build-addin", "--out", str(work / "mchch.xlam")],
        cwd=work,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    xlstart = work / "XLSTART"
    inst = subprocess.run(
        [str(exe), "addin", "install", "--dir", str(xlstart)],
        cwd=work,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
    )
    assert inst.returncode == 0, inst.stderr
    rows = config_rows(xlstart / "mchch.xlam")
    assert rows[0] == ["INTERPRETER_WIN", str(py)]
    assert (work / "mchch.xlam").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("platform", ["win32"])
def test_install_then_doctor_agree(tmp_path, platform):
    interp = tmp_path / "pythonw.exe"
    interp.write_text("")
    result = install.install(tmp_path, str(interp), platform=platform)
    built_with, config = addin_facts(result.addin)
    import importlib.metadata

    assert built_with == importlib.metadata.version("xlwings")
    assert config["INTERPRETER_WIN"] == str(interp)


THAI_PYTHON = r"C:\Users\สมชาย\AppData\Local\Programs\Python\Python311\pythonw.exe"


def ansi_fix(interpreter: str) -> str:
    return (
        f"เส้นทาง Python {interpreter} มีอักษรที่ Windows เครื่องนี้ (code page cp1252) "
        "ส่งให้ VBA ไม่ได้ เมื่อกดปุ่ม xlwings จะหา Python ไม่พบ (Could not find Interpreter!): "
        "ติดตั้ง Python จาก python.org แบบสำหรับผู้ใช้ทุกคน (Install for all users, "
        "อยู่ใน C:\\Program Files\\Python3xx) แล้วติดตั้ง mchch-xl และ Add-in ด้วย Python นั้น "
        "หรือรัน mchch-xl addin install --interpreter <pythonw.exe ในโฟลเดอร์ที่ชื่อเป็นอักษรอังกฤษ> "
        "หรือตั้ง Language for non-Unicode programs ของ Windows เป็นภาษาไทย"
    )


ANSI_FIX = ansi_fix(THAI_PYTHON)


def test_install_refuses_a_python_path_the_ansi_code_page_cannot_hold(tmp_path, monkeypatch):
    """xlwings' VBA finds the interpreter with GetAttr (an ANSI path): a Thai user name on an
    English Windows (code page 1252) ends in "Could not find Interpreter!"."""
    with pytest.raises(install.Refused) as refused:
        install.install(tmp_path, THAI_PYTHON, platform="win32", code_page="cp1252")
    assert str(refused.value) == ANSI_FIX
    assert list(tmp_path.iterdir()) == []  # nothing written
    monkeypatch.setattr(install, "ansi_code_page", lambda platform=None: "cp1252")
    err = io.StringIO()
    args = ["addin", "install", "--dir", str(tmp_path), "--interpreter", THAI_PYTHON]
    assert main(args, err=err) == 2
    assert err.getvalue() == f"ติดตั้ง Add-in ไม่ได้: {ANSI_FIX}\n"
    # Thai Windows (code page 874) holds the same path; an English path is fine anywhere
    assert install.install(
        tmp_path, THAI_PYTHON, platform="win32", code_page="cp874"
    ).addin.exists()
    assert install.ansi_problem(r"C:\Program Files\Python311\pythonw.exe", "cp1252") is None
    assert install.ansi_problem(THAI_PYTHON, None) is None  # not Windows: nothing to judge


def test_doctor_fails_an_interpreter_path_the_ansi_code_page_cannot_hold(tmp_path):
    env = {"USERPROFILE": r"C:\Users\สมชาย", "TEMP": r"C:\Users\สมชาย\AppData\Local\Temp"}
    kw = dict(version=(3, 11), platform="win32", soffice=lambda: "soffice", code_page="cp1252")
    before = run_checks(tmp_path, env, executable=THAI_PYTHON, **kw)  # not installed yet
    assert [(c.status, c.title, c.detail) for c in before[2:4]] == [
        (FAIL, "Add-in", f"ไม่พบ {tmp_path / 'mchch.xlam'}: รัน mchch-xl addin install"),
        (FAIL, "ตัวแปลภาษา Python ของ Add-in", ANSI_FIX),
    ]
    interp = tmp_path / "สมชาย" / "pythonw.exe"  # a per-user Python that is there
    interp.parent.mkdir()
    interp.write_text("")
    install.install(tmp_path, str(interp), platform="win32", code_page="cp874")  # built elsewhere
    checks = run_checks(tmp_path, env, executable=THAI_PYTHON, **kw)
    assert [(c.status, c.title) for c in checks] == [
        (OK, "Python"),
        (OK, "xlwings"),
        (OK, "Add-in"),
        (FAIL, "ตัวแปลภาษา Python ของ Add-in"),
        (WARN, "ชื่อโฟลเดอร์ผู้ใช้มีอักษรที่ไม่ใช่ภาษาอังกฤษ"),
        (OK, "LibreOffice (ชุดเอกสารประชุม PDF)"),
    ]
    assert checks[3].detail == ansi_fix(str(interp))


MAC_MESSAGE = (
    "Add-in ของ มชช. ใช้ได้กับ Excel บน Windows เท่านั้น: บน Mac ส่วน VBA ของ xlwings ต้องมีคลาส "
    "Dictionary (GetConfigFromSheet) ซึ่ง Add-in นี้ไม่มี Excel บน Mac จึงคอมไพล์ Add-in ไม่ผ่าน "
    "บน Mac ให้ใช้บรรทัดคำสั่งแทน เช่น mchch-xl recalc สมุดงานหลัก.xlsx (ปิดสมุดงานใน Excel ก่อน)"
)


def test_the_mac_is_refused_plainly_by_install_and_doctor(tmp_path, monkeypatch):
    """xlwings' VBA declares ``Dim d As Dictionary`` on the Mac and the add-in has no such class."""
    with pytest.raises(install.Refused) as refused:
        install.install(tmp_path, "/usr/local/bin/python3", platform="darwin")
    assert str(refused.value) == MAC_MESSAGE
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(install.sys, "platform", "darwin")
    err = io.StringIO()
    assert main(["addin", "install", "--dir", str(tmp_path)], err=err) == 2
    assert err.getvalue() == f"ติดตั้ง Add-in ไม่ได้: {MAC_MESSAGE}\n"
    checks = run_checks(
        tmp_path,
        {"HOME": "/Users/somchai"},
        executable="/usr/local/bin/python3",
        version=(3, 12),
        platform="darwin",
        soffice=lambda: None,
    )
    assert (checks[0].status, checks[0].title, checks[0].detail) == (
        FAIL,
        "Excel บน Mac",
        MAC_MESSAGE,
    )

"""``mchch-xl addin install`` / ``uninstall``: the add-in into Excel's startup folder (XLSTART),
built for this Python, unblocked; every path injectable so that it is tested on any OS.

Where xlwings reads the interpreter: its VBA looks a key up in the add-in's own config sheet
(``mchch.conf``) before the user's config file (``GetConfig`` in ``xlwings_custom_addin.bas``),
so the interpreter is written into that sheet when the add-in is built for installing.
"""

from __future__ import annotations

import locale
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mchch_xl.xl.addin import PROJECT_NAME, build_addin

ADDIN_NAME = f"{PROJECT_NAME}.xlam"


def default_xlstart(env: dict[str, str] | None = None, platform: str = sys.platform) -> Path | None:
    """Excel's per-user startup folder, or None where there is none to guess (Linux)."""
    env = dict(os.environ if env is None else env)
    if platform == "win32" and env.get("APPDATA"):
        return Path(env["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"
    if platform == "darwin":
        return (
            Path.home()
            / "Library"
            / "Group Containers"
            / "UBF8T346G9.Office"
            / "User Content"
            / "Startup"
            / "Excel"
        )
    return None


def default_interpreter(executable: str = sys.executable) -> str:
    """``pythonw.exe`` beside this Python (no console window on each click), else this Python."""
    exe = Path(executable)
    windowed = exe.with_name("pythonw.exe")
    return str(windowed if exe.name.lower() == "python.exe" and windowed.exists() else exe)


def interpreter_key(platform: str = sys.platform) -> str:
    return "INTERPRETER_MAC" if platform == "darwin" else "INTERPRETER_WIN"


class Refused(Exception):
    """This PC cannot run the add-in as it stands; the message says why and what to do, in Thai."""


MAC = (
    "Add-in ของ มชช. ใช้ได้กับ Excel บน Windows เท่านั้น: บน Mac ส่วน VBA ของ xlwings ต้องมีคลาส "
    "Dictionary (GetConfigFromSheet) ซึ่ง Add-in นี้ไม่มี Excel บน Mac จึงคอมไพล์ Add-in ไม่ผ่าน "
    "บน Mac ให้ใช้บรรทัดคำสั่งแทน เช่น mchch-xl recalc สมุดงานหลัก.xlsx (ปิดสมุดงานใน Excel ก่อน)"
)


def ansi_code_page(platform: str = sys.platform) -> str | None:
    """The Windows ANSI code page ("cp874" on Thai Windows, "cp1252" on English), which VBA's
    ``GetAttr`` and ``Environ`` use for paths; None elsewhere. ``locale.getencoding`` gives the
    ANSI code page on Windows whatever Python's UTF-8 mode says."""
    return locale.getencoding() if platform == "win32" and sys.platform == "win32" else None


def ansi_problem(interpreter: str, code_page: str | None) -> str | None:
    """Thai: why xlwings' VBA cannot find ``interpreter`` on this Windows, and the fix; None if it
    can. xlwings checks the interpreter with ``GetAttr`` (``FileExists`` in its VBA), which takes
    an ANSI path: a letter the code page lacks becomes "?", and the click ends in xlwings'
    English "Could not find Interpreter!"."""
    if not code_page:
        return None
    try:
        interpreter.encode(code_page)
        return None
    except UnicodeEncodeError:
        pass
    except LookupError:  # a code page Python does not know: cannot tell, do not refuse
        return None
    return (
        f"เส้นทาง Python {interpreter} มีอักษรที่ Windows เครื่องนี้ (code page {code_page}) "
        "ส่งให้ VBA ไม่ได้ เมื่อกดปุ่ม xlwings จะหา Python ไม่พบ (Could not find Interpreter!): "
        "ติดตั้ง Python จาก python.org แบบสำหรับผู้ใช้ทุกคน (Install for all users, "
        "อยู่ใน C:\\Program Files\\Python3xx) แล้วติดตั้ง mchch-xl และ Add-in ด้วย Python นั้น "
        "หรือรัน mchch-xl addin install --interpreter <pythonw.exe ในโฟลเดอร์ที่ชื่อเป็นอักษรอังกฤษ> "
        "หรือตั้ง Language for non-Unicode programs ของ Windows เป็นภาษาไทย"
    )


def unblock(path: Path) -> bool:
    """Remove the download mark (the ``Zone.Identifier`` stream, "Mark of the Web") that makes
    Excel block the macros of a file that came from the internet or an e-mail. True if removed.
    On NTFS ``name:Zone.Identifier`` names the stream; elsewhere it is an ordinary file name."""
    try:
        os.remove(f"{path}:Zone.Identifier")
        return True
    except (FileNotFoundError, OSError):
        return False


@dataclass
class InstallResult:
    addin: Path
    interpreter: str
    unblocked: bool
    lines: list[str] = field(default_factory=list)  # what was done, in Thai, for the user


def install(
    xlstart: Path | None = None,
    interpreter: str | None = None,
    platform: str | None = None,
    temp_dir: str | None = None,
    code_page: str | None = None,
) -> InstallResult:
    """Build the add-in for ``interpreter`` straight into ``xlstart``; unblock it. ``temp_dir``
    (xlwings' ``TEMP DIR``) moves xlwings' temporary files to an ASCII folder when the user's
    own TEMP holds Thai letters (its VBA opens them through ANSI paths). ``code_page``: the
    Windows ANSI code page (default: this PC's).

    Raises:
        Refused: on the Mac (``MAC``), or for an interpreter path the ANSI code page cannot hold
            (``ansi_problem``): nothing is written.
    """
    platform = platform or sys.platform
    if platform == "darwin":
        raise Refused(MAC)
    interpreter = interpreter or default_interpreter()
    problem = ansi_problem(interpreter, code_page or ansi_code_page(platform))
    if problem:
        raise Refused(problem)
    folder = Path(xlstart) if xlstart else default_xlstart(platform=platform)
    if folder is None:
        raise FileNotFoundError("ไม่รู้ตำแหน่ง XLSTART ของเครื่องนี้: ระบุด้วย --dir")
    key = interpreter_key(platform)
    folder.mkdir(parents=True, exist_ok=True)
    settings = ((key, interpreter),) + ((("TEMP DIR", temp_dir),) if temp_dir else ())
    path = build_addin(folder / ADDIN_NAME, settings=settings)
    unblocked = unblock(path)
    lines = [
        f"สร้าง Add-in ไว้ที่ {path}",
        f"ตั้งค่า {key} ในแผ่นงาน {PROJECT_NAME}.conf ของ Add-in = {interpreter}",
    ]
    if temp_dir:
        lines.append(f"ตั้งค่า TEMP DIR ในแผ่นงาน {PROJECT_NAME}.conf ของ Add-in = {temp_dir}")
    if unblocked:
        lines.append("ยกเลิกการบล็อกไฟล์ที่ดาวน์โหลดมา (Zone.Identifier) แล้ว")
    lines.append("ปิดแล้วเปิด Excel ใหม่ แท็บ มชช. จะขึ้นบนริบบอน")
    return InstallResult(path, interpreter, unblocked, lines)


def uninstall(xlstart: Path | None = None, platform: str = sys.platform) -> list[str]:
    """Remove the add-in from ``xlstart``; the lines say what was done."""
    folder = Path(xlstart) if xlstart else default_xlstart(platform=platform)
    if folder is None:
        raise FileNotFoundError("ไม่รู้ตำแหน่ง XLSTART ของเครื่องนี้: ระบุด้วย --dir")
    path = folder / ADDIN_NAME
    if not path.exists():
        return [f"ไม่พบ Add-in ที่ {path} (ไม่ได้ติดตั้งไว้ที่นี่)"]
    path.unlink()
    return [f"ลบ Add-in {path} แล้ว", "ปิดแล้วเปิด Excel ใหม่ แท็บ มชช. จะหายไป"]

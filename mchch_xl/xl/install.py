"""``mchch-xl addin install`` / ``uninstall``: the add-in into Excel's startup folder (XLSTART),
built for this Python, unblocked; every path injectable so that it is tested on any OS.

Where xlwings reads the interpreter: its VBA looks a key up in the add-in's own config sheet
(``mchch.conf``) before the user's config file (``GetConfig`` in ``xlwings_custom_addin.bas``),
so the interpreter is written into that sheet when the add-in is built for installing.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .addin import PROJECT_NAME, build_addin

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
    platform: str = sys.platform,
    temp_dir: str | None = None,
) -> InstallResult:
    """Build the add-in for ``interpreter`` straight into ``xlstart``; unblock it. ``temp_dir``
    (xlwings' ``TEMP DIR``) moves xlwings' temporary files to an ASCII folder when the user's
    own TEMP holds Thai letters (its VBA opens them through ANSI paths)."""
    folder = Path(xlstart) if xlstart else default_xlstart(platform=platform)
    if folder is None:
        raise FileNotFoundError("ไม่รู้ตำแหน่ง XLSTART ของเครื่องนี้: ระบุด้วย --dir")
    interpreter = interpreter or default_interpreter()
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

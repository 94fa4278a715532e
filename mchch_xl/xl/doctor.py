"""``mchch-xl doctor``: is this PC ready for the Excel add-in? Each check says, in Thai, what it
found and what to do. Everything it looks at is injectable (environment, paths, the finder of
LibreOffice) so that it is tested on any OS.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mchch_xl.xl.addin import CONFIG_SHEET
from mchch_xl.xl.install import (
    ADDIN_NAME,
    MAC,
    ansi_code_page,
    ansi_problem,
    default_interpreter,
    default_xlstart,
    interpreter_key,
)

OK, WARN, FAIL = "ผ่าน", "ควรแก้", "ต้องแก้"
MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Check:
    status: str  # OK, WARN or FAIL
    title: str
    detail: str


def addin_facts(path: Path) -> tuple[str | None, dict[str, str]]:
    """(xlwings version the add-in was built with, its config sheet) read from the .xlam."""
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    m = re.search(r"xlwings ([^)<]+)\)", app)
    config = {}
    for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet):
        cells = re.findall(r"<t>(.*?)</t>", row)
        if cells:
            config[cells[0]] = cells[1] if len(cells) > 1 else ""
    return (m.group(1) if m else None), config


def _soffice() -> str | None:
    from mchch_xl.domain.issues import FatalError
    from mchch_xl.files.packet import find_soffice

    try:
        return find_soffice()
    except FatalError:
        return None


def run_checks(
    xlstart: Path | None = None,
    env: dict[str, str] | None = None,
    executable: str = sys.executable,
    version: tuple[int, int] = sys.version_info[:2],
    platform: str = sys.platform,
    soffice: Callable[[], str | None] = _soffice,
    code_page: str | None = None,
) -> list[Check]:
    """Every check, in the order a person fixes them. ``code_page``: the Windows ANSI code
    page (default: this PC's)."""
    env = dict(os.environ if env is None else env)
    code_page = code_page or ansi_code_page(platform)
    out: list[Check] = []
    if platform == "darwin":
        out.append(Check(FAIL, "Excel บน Mac", MAC))
    v = ".".join(map(str, version))
    if version >= MIN_PYTHON:
        out.append(Check(OK, "Python", f"Python {v} ที่ {executable}"))
    else:
        out.append(
            Check(FAIL, "Python", f"Python {v} เก่าเกินไป: ติดตั้ง Python 3.11 ขึ้นไปจาก python.org")
        )
    if "WindowsApps" in executable or "PythonSoftwareFoundation" in executable:
        out.append(
            Check(
                FAIL,
                "Python จาก Microsoft Store",
                "Excel เรียก Python ของ Microsoft Store ไม่ได้ (อยู่ในโฟลเดอร์ที่ถูกจำกัดสิทธิ์): "
                "ติดตั้ง Python จาก python.org แล้วติดตั้ง mchch-xl ใหม่",
            )
        )
    try:
        xlwings_version = importlib.metadata.version("xlwings")
        out.append(Check(OK, "xlwings", f"xlwings {xlwings_version}"))
    except importlib.metadata.PackageNotFoundError:
        xlwings_version = None
        out.append(Check(FAIL, "xlwings", 'ไม่พบ xlwings: pip install ".[addin]"'))
    folder = Path(xlstart) if xlstart else default_xlstart(env, platform)
    addin = folder / ADDIN_NAME if folder else None
    if addin is None or not addin.exists():
        where = addin or "XLSTART"
        out.append(Check(FAIL, "Add-in", f"ไม่พบ {where}: รัน mchch-xl addin install"))
        # what ``addin install`` would write: it refuses a path VBA cannot hold, say so now
        problem = ansi_problem(default_interpreter(executable), code_page)
        if problem:
            out.append(Check(FAIL, "ตัวแปลภาษา Python ของ Add-in", problem))
    else:
        built_with, config = addin_facts(addin)
        if built_with != xlwings_version:
            out.append(
                Check(
                    FAIL,
                    "รุ่น xlwings ของ Add-in",
                    f"Add-in สร้างด้วย xlwings {built_with} แต่เครื่องนี้มี {xlwings_version}: "
                    "รัน mchch-xl addin install อีกครั้ง",
                )
            )
        else:
            out.append(Check(OK, "Add-in", f"{addin} (xlwings {built_with})"))
        key = interpreter_key(platform)
        interp = config.get(key)
        if not interp:
            out.append(
                Check(
                    FAIL,
                    "ตัวแปลภาษา Python ของ Add-in",
                    f"แผ่นงาน {CONFIG_SHEET} ไม่มี {key}: รัน mchch-xl addin install",
                )
            )
        elif not Path(interp).exists():
            out.append(
                Check(
                    FAIL,
                    "ตัวแปลภาษา Python ของ Add-in",
                    f"ไม่พบ {interp}: รัน mchch-xl addin install ด้วย Python ที่ใช้อยู่",
                )
            )
        elif problem := ansi_problem(interp, code_page):
            out.append(Check(FAIL, "ตัวแปลภาษา Python ของ Add-in", problem))
        else:
            out.append(Check(OK, "ตัวแปลภาษา Python ของ Add-in", interp))
    profile = env.get("USERPROFILE") or env.get("HOME") or str(Path.home())
    temp = env.get("TEMP") or env.get("TMP") or ""
    odd = [p for p in (profile, temp) if p and not p.isascii()]
    if odd:
        out.append(
            Check(
                WARN,
                "ชื่อโฟลเดอร์ผู้ใช้มีอักษรที่ไม่ใช่ภาษาอังกฤษ",
                f"{odd[0]}: VBA ของ xlwings ใช้เส้นทางแบบ ANSI กับไฟล์ชั่วคราวและไฟล์ตั้งค่า "
                "ถ้ากดปุ่มแล้วไม่มีอะไรเกิดขึ้น ให้สร้างโฟลเดอร์ C:\\Temp แล้วรัน "
                "mchch-xl addin install --temp-dir C:\\Temp (หรือใช้บัญชีผู้ใช้ชื่อภาษาอังกฤษ)",
            )
        )
    else:
        out.append(Check(OK, "ชื่อโฟลเดอร์ผู้ใช้", profile))
    clouds = [env[k] for k in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer") if env.get(k)]
    if clouds:
        out.append(
            Check(
                WARN,
                "OneDrive",
                f"พบ OneDrive ที่ {clouds[0]}: สมุดงานหลักที่เปิดจาก OneDrive ใน Excel "
                "(ชื่อไฟล์เป็น https://…) ปุ่มเขียนได้เฉพาะค่า ไม่จัดรูปแบบทั้งสมุดงานใหม่ และถ้าหา"
                "โฟลเดอร์ที่ซิงก์ไม่พบ ปุ่มที่สร้างไฟล์ข้างสมุดงาน (แบบฟอร์มอำเภอ ไฟล์ตรวจแล้ว) "
                "จะแจ้งว่าเขียนไม่ได้: เก็บสมุดงานหลักในโฟลเดอร์ที่ไม่ซิงก์ เช่น C:\\มชช",
            )
        )
    exe = soffice()
    if exe:
        out.append(Check(OK, "LibreOffice (ชุดเอกสารประชุม PDF)", exe))
    else:
        out.append(
            Check(
                WARN,
                "LibreOffice (ชุดเอกสารประชุม PDF)",
                "ไม่พบ LibreOffice: ติดตั้งจาก libreoffice.org ถ้าจะใช้ mchch-xl packet "
                "(ปุ่มใน Excel ไม่ต้องใช้)",
            )
        )
    return out

"""Formatted results in desktop Excel, from the very code the command line runs.

Writing values into the open sheets keeps yesterday's layout: when the number of districts or
candidates changes, merges, borders, row heights, page breaks and charts no longer fit. So on
desktop Excel a button does what ``mchch-xl recalc`` does, on the file itself:

1. save the book (the person's edits are in the file first) and remember the active sheet;
2. close it (openpyxl cannot write a file Excel holds open);
3. run the headless pipeline on the file (``pipeline.recalc`` / ``pipeline.import_files``:
   atomic save with a dated backup, same fonts, borders, merges, print setup, row heights and
   charts as the command line);
4. reopen it and return to the same sheet, even when step 3 failed.

The COM surface is four calls every Excel version has: ``Workbook.Save``, ``Workbook.Close``,
``Workbooks.Open``, ``Worksheet.Activate``. Where this cannot work the button writes values
only, as before, and says why: xlwings' remote and read engines (no file to reopen), a book
opened read-only, a book opened from OneDrive/SharePoint (Excel's own name for it is a URL), a
file that is not .xlsx. A book never saved is not touched: the person is asked to save it first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DESKTOP_ENGINES = {"excel"}  # xlwings' engines driving a real Excel (COM on Windows, macOS)
UNSAVED = "สมุดงานนี้ยังไม่ได้บันทึกเป็นไฟล์: บันทึกเป็นไฟล์ .xlsx ก่อน (ไฟล์ → บันทึกเป็น) แล้วกดปุ่มอีกครั้ง"
CLOUD = (
    "สมุดงานเปิดจาก OneDrive/SharePoint (ชื่อใน Excel เป็น https://…): ปุ่มไม่ปิดและเปิดไฟล์ใหม่ "
    "เพราะ OneDrive กำลังซิงก์ไฟล์นั้นอยู่ จึงเขียนเฉพาะค่าลงแผ่นงานที่เปิดอยู่ (รูปแบบเดิม) "
    "แล้ว Excel บันทึกขึ้น OneDrive ตามปกติ ถ้าต้องการจัดรูปแบบใหม่ทั้งสมุดงาน "
    "ให้คัดลอกไฟล์ไปไว้ในโฟลเดอร์ที่ไม่ซิงก์ เช่น C:\\มชช แล้วเปิดจากที่นั่น"
)


@dataclass(frozen=True)
class Mode:
    formatted: bool
    reason: str = ""  # Thai: why values only (empty on engines that never format)
    unsaved: bool = False


def is_desktop(book: Any) -> bool:
    try:
        return book.app.engine.name in DESKTOP_ENGINES
    except AttributeError:
        return False


def _read_only(book: Any) -> bool:
    try:
        return bool(book.api.ReadOnly)  # Windows COM
    except Exception:  # noqa: BLE001 - macOS (appscript) or a test double without it
        return False


def excel_fullname(book: Any) -> str:
    """The name Excel itself gives the book: a URL for a book opened from OneDrive/SharePoint.

    Not ``Book.fullname``: on Windows xlwings turns such a URL into a guessed local path
    (``_xlwindows.py``, ``Book.fullname``) or raises ``XlwingsError`` when it cannot
    (``utils.fullname_url_to_local_path``); COM's ``Workbook.FullName`` keeps the URL.
    """
    try:
        return str(book.api.FullName)  # Windows COM
    except Exception:  # noqa: BLE001 - macOS (appscript), remote engine, a test double
        return str(getattr(book, "fullname", "") or "")


def is_cloud(book: Any) -> bool:
    """Opened from OneDrive/SharePoint (desktop Excel only: remote books have no URL)."""
    return is_desktop(book) and "://" in excel_fullname(book)


def local_path(book: Any) -> Path | None:
    """The book's file on this PC: for a cloud book the synced copy xlwings finds; None for a
    book never saved, or a cloud book whose synced folder xlwings cannot find."""
    try:
        full = str(getattr(book, "fullname", "") or "")
    except Exception:  # noqa: BLE001 - XlwingsError: a OneDrive/SharePoint URL with no folder
        return None
    path = Path(full)
    return path if "://" not in full and path.is_absolute() else None


def mode(book: Any) -> Mode:
    """How a button can write to ``book``: the formatted path or values only."""
    if not is_desktop(book):
        return Mode(False)
    full = excel_fullname(book)
    if "://" in full:
        return Mode(False, CLOUD)
    path = Path(full)
    if not path.is_absolute() or not path.exists():
        return Mode(False, UNSAVED, unsaved=True)
    if path.suffix.lower() != ".xlsx":
        return Mode(False, f"ไฟล์ {path.suffix} ไม่ใช่ .xlsx: ปุ่มเขียนเฉพาะค่า (รูปแบบเดิม)")
    if _read_only(book):
        return Mode(
            False,
            "สมุดงานเปิดแบบอ่านอย่างเดียว: ปุ่มเขียนเฉพาะค่า ยังไม่ได้บันทึกลงไฟล์ "
            "(บันทึกเป็นไฟล์ใหม่ หรือปิดแล้วเปิดใหม่แบบแก้ไขได้)",
        )
    return Mode(True)


@dataclass
class Reopened:
    book: Any  # the reopened workbook
    result: Any  # what the headless step returned


def run_on_file(book: Any, headless: Callable[[Path], Any], sheet: str | None = None) -> Reopened:
    """Save, close, ``headless(path)``, reopen at ``sheet`` (or the sheet that was active)."""
    app = book.app
    path = Path(book.fullname)
    active = book.sheets.active.name
    book.save()
    book.close()
    reopened = None
    try:
        result = headless(path)
    finally:
        reopened = app.books.open(str(path))
        target = sheet or active
        if target in [s.name for s in reopened.sheets]:
            reopened.sheets[target].activate()
    return Reopened(reopened, result)

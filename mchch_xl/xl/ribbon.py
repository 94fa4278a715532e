"""Ribbon callbacks: one line each, named by the RunPython calls in ``mchch_xl/macros/mchch.bas``.

Importing this module is cheap: xlwings and the computing core load inside ``_run``, after
the click (every RunPython click starts a new Python process).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from pathlib import Path


def log_dir() -> Path:
    base = os.environ.get("LOCALAPPDATA") or tempfile.gettempdir()
    path = Path(base) / "mchch-xl" / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _book():
    import xlwings as xw

    # From an add-in, RunPython hands over ActiveWorkbook (never the .xlam itself); with no
    # workbook open the add-in's VBA guard (mchch.bas: Ready) stops before Python starts.
    return xw.Book.caller()


def _choose_files() -> list[str]:
    """The district files to import, chosen in a dialog (Python's own, so Thai paths survive)."""
    import tkinter
    from tkinter import filedialog

    root = tkinter.Tk()
    root.withdraw()
    root.attributes("-topmost", True)
    paths = filedialog.askopenfilenames(
        title="เลือกไฟล์แบบฟอร์มที่อำเภอส่งกลับ", filetypes=[("Excel", "*.xlsx"), ("ทุกไฟล์", "*.*")]
    )
    root.destroy()
    return list(paths)


def _run(name: str) -> None:
    from mchch_xl.domain.issues import FatalError

    app = None
    try:
        book = _book()
        # The Excel application is taken now: a formatted run (``formatted.run_on_file``) closes
        # this workbook and reopens it, and ``book.app`` of a closed workbook asks COM for
        # ``.Application`` of a dead object and fails, so an error after it would show nothing.
        app = book.app
        from mchch_xl.xl import actions

        if name == "import_files":
            paths = _choose_files()
            if paths:
                actions.import_files(book, paths)
            return
        actions.ACTIONS[name](book)
    except FatalError as exc:
        _alert(app, f"ทำงานไม่สำเร็จ: {exc.issue.message_th}\n{exc.issue.fix}")
    except Exception:
        log = log_dir() / f"mchch-{dt.datetime.now():%Y%m%d-%H%M%S}.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        _alert(app, f"เกิดข้อผิดพลาดภายใน (internal error)\nรายละเอียดอยู่ในไฟล์:\n{log}")


def _alert(app, text: str) -> None:
    if app is not None:
        try:
            app.alert(text, title="มชช.")
            return
        except Exception:  # no Excel to talk to: the log and stderr still have it
            pass
    print(text)


def recalc() -> None:
    _run("recalc")  # noqa: E704


def draw() -> None:
    _run("draw")  # noqa: E704


def validate() -> None:
    _run("validate")  # noqa: E704


def build_order() -> None:
    _run("build_order")  # noqa: E704


def emit_rsvp() -> None:
    _run("emit_rsvp")  # noqa: E704


def show_issues() -> None:
    _run("show_issues")  # noqa: E704


def certify() -> None:
    _run("certify")  # noqa: E704


def make_templates() -> None:
    _run("make_templates")  # noqa: E704


def import_files() -> None:
    _run("import_files")  # noqa: E704


def start_next_year() -> None:
    _run("start_next_year")  # noqa: E704


def documents() -> None:
    _run("documents")  # noqa: E704

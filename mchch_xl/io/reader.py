"""Reading workbooks as plain values (python-calamine: about 10× faster than openpyxl here)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from ..issues import FatalError, issue

Rows = list[list[Any]]


def read_values(path: Path, only: set[str] | None = None) -> dict[str, Rows]:
    """Every sheet (or those titled in ``only``) as rows of cell values starting at A1.

    Values: str, float, bool, date, datetime, time, or "" for an empty cell. A formula gives its
    cached result; one that no application has calculated gives "".
    """
    path = Path(path)
    if not path.exists():
        raise FatalError(issue("FILE_004", file=path.name))
    if not zipfile.is_zipfile(path):
        raise FatalError(issue("FILE_001", file=path.name, detail="ไม่ใช่ไฟล์ .xlsx",
                               detail_en="not an .xlsx (zip) file"))
    try:
        book = CalamineWorkbook.from_path(str(path))
        out: dict[str, Rows] = {}
        for name in book.sheet_names:
            if only is None or name in only:
                out[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        return out
    except FatalError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise FatalError(issue("FILE_001", file=path.name, detail=str(exc),
                               detail_en=f"{type(exc).__name__}: {exc}")) from exc

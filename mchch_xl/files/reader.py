"""Reading workbooks as plain values (python-calamine: about 10× faster than openpyxl here)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from mchch_xl.domain.issues import FatalError, IssueCode, issue
from mchch_xl.files.store import not_a_folder

Rows = list[list[Any]]


MAX_ROWS = 500_000  # a master: far above a national-scale one (about 175,000 score rows)
MAX_CELLS = 10_000_000  # rows × columns a reader may allocate for one sheet


def read_values(
    path: Path,
    only: set[str] | None = None,
    errors: dict[str, dict[tuple[int, int], str]] | None = None,
    mended: dict[str, bytes] | None = None,
) -> dict[str, Rows]:
    """Every sheet (or those titled in ``only``) as rows of cell values starting at A1.

    Values: str, float, bool, date, datetime, time, or "" for an empty cell. A formula gives its
    cached result; one that no application has calculated gives "". An error value (#N/A and
    kin, which calamine gives as "") is given as its text, so that the checks can name it.
    ``errors``: the error cells a safety scan already found; without it the workbook's claimed
    extent is bounded first (``safety.bound``), so that no sheet makes the reader allocate
    gigabytes. ``mended``: parts to read instead of the file's own (a shared-string table
    whose inflated claim the scan dropped, ``safety.overclaim``).
    """
    from mchch_xl.files.safety import bound

    path = Path(path)
    if not path.exists():
        raise FatalError(issue(IssueCode.FILE_004, file=path.name))
    not_a_folder(path)
    if not zipfile.is_zipfile(path):
        raise FatalError(
            issue(
                IssueCode.FILE_001,
                file=path.name,
                detail="ไม่ใช่ไฟล์ .xlsx",
                detail_en="not an .xlsx (zip) file",
            )
        )
    if errors is None:
        errors, mended = bound(path, MAX_ROWS, MAX_CELLS, only)
    try:
        if mended:
            book = CalamineWorkbook.from_filelike(_with_parts(path, mended))
        else:
            book = CalamineWorkbook.from_path(str(path))
        out: dict[str, Rows] = {}
        for name in book.sheet_names:
            if only is None or name in only:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for (r, c), text in errors.get(name, {}).items():
                    if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                        rows[r - 1][c - 1] = text
                out[name] = rows
        return out
    except FatalError:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        from mchch_xl.files.safety import not_a_number

        found = not_a_number(path)  # the usual cause, named where it stands
        if found is not None:
            title, row, col, text = found
            raise FatalError(
                issue(
                    IssueCode.FILE_001,
                    file=path.name,
                    sheet=title,
                    row=row,
                    column=col,
                    detail=f"เซลล์นี้ถูกเก็บเป็นตัวเลข แต่ค่าที่เก็บ '{text}' ไม่ใช่ตัวเลข",
                    detail_en=f"the cell is stored as a number but holds '{text}'",
                )
            ) from exc
        raise FatalError(
            issue(
                IssueCode.FILE_001,
                file=path.name,
                detail=str(exc),
                detail_en=f"{type(exc).__name__}: {exc}",
            )
        ) from exc


def _with_parts(path: Path, parts: dict[str, bytes]):
    """The package in memory with ``parts`` in place of its own (a file of at most 10 MB)."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = parts[info.filename] if info.filename in parts else src.read(info)
            dst.writestr(info, data)
    out.seek(0)
    return out

"""Files of the national roll-up: a master's file facts (read-only), the roll-up workbook and
its CSV files (UTF-8 with a BOM, so that Excel opens the Thai text correctly)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from mchch_xl.files.store import save_atomic
from mchch_xl.files.writer import grids_workbook, save
from mchch_xl.layout.grid import Grid

_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]*)</dcterms:modified>")
# a text Excel would read as a formula when the CSV is opened (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def file_meta(path: Path) -> dict[str, Any]:
    """Creation and last-save stamps from the workbook's properties (docProps/core.xml: Excel,
    LibreOffice and openpyxl keep ``created`` across saves), the file time and its SHA-256."""
    path = Path(path)
    created = modified = ""
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml")[:20000]
        if m := _CREATED.search(core):
            created = m.group(1).decode("ascii", "replace").strip()
        if m := _MODIFIED.search(core):
            modified = m.group(1).decode("ascii", "replace").strip()
    except (KeyError, OSError, zipfile.BadZipFile):
        pass
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return {
        "created": created,
        "modified": modified,
        "mtime": path.stat().st_mtime,
        "sha256": digest.hexdigest(),
    }


def write_workbook(grids: list[Grid], out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    save(grids_workbook(grids), out, keep_backup=out.exists())
    return out


def csv_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def write_csvs(tables: dict[str, tuple[list[str], list[list[Any]]]], folder: Path) -> list[Path]:
    """One CSV per table, named by its Thai title, each written atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (headers, rows) in tables.items():
        buf = io.StringIO(newline="")
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(headers)
        w.writerows([csv_text(v) for v in row] for row in rows)
        data = buf.getvalue().encode("utf-8-sig")
        path = folder / f"{name}.csv"
        save_atomic(path, lambda tmp, data=data: Path(tmp).write_bytes(data), keep_backup=False)
        paths.append(path)
    return paths

"""Untrusted workbooks are data, never code: checks made before any spreadsheet parser runs.

Refused: files over the size cap; encrypted or legacy (OLE) files; anything that is not a zip
(a CSV renamed to .xlsx); damaged or truncated zips; macro-enabled files; archives with too many
members, too much uncompressed data or an extreme compression ratio (zip bombs); XML that
declares a DTD or entities (entity bombs, external entities). The scan also records, per sheet,
merged ranges and formula cells (read with defusedxml), which the import reports by location.
External links are never followed: only cell values are read.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree as SafeET

from ..issues import FatalError, issue

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 500
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100  # for members over 1 MB uncompressed
MAX_ROWS = 5000  # rows of one sheet in a district template
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
_REF = re.compile(r"([A-Z]+)(\d+)")
_MERGE = re.compile(rb'<mergeCell ref="([A-Z0-9:]+)"')


@dataclass
class Scan:
    sheets: list[str] = field(default_factory=list)
    merges: dict[str, list[str]] = field(default_factory=dict)  # sheet -> ["A3:B4", ...]
    formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)  # (row, col) 1-based
    rows: dict[str, int] = field(default_factory=dict)


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _fail(code: str, path: Path, detail: str = "", detail_en: str = "", **kw) -> FatalError:
    return FatalError(issue(code, file=path.name, detail=detail, detail_en=detail_en or detail, **kw))


def scan(path: Path) -> Scan:
    path = Path(path)
    if not path.is_file():
        raise _fail("FILE_004", path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _fail("FILE_013", path, f"{size / 1e6:.1f} MB เกิน {MAX_FILE_BYTES / 1e6:.0f} MB",
                    f"{size / 1e6:.1f} MB over {MAX_FILE_BYTES / 1e6:.0f} MB")
    with open(path, "rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        raise _fail("FILE_012", path)
    if path.suffix.lower() in (".xlsm", ".xltm", ".xlam"):
        raise _fail("FILE_011", path)
    if not head.startswith(b"PK"):
        raise _fail("FILE_010", path, "ไม่ใช่ไฟล์ zip เช่น CSV หรือข้อความที่เปลี่ยนนามสกุล",
                    "not a zip archive, e.g. a renamed CSV")
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail("FILE_016", path, str(exc)) from None
    with z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _fail("FILE_014", path, f"{len(infos)} ส่วนย่อย", f"{len(infos)} members")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise _fail("FILE_014", path, f"ขยายแล้ว {total / 1e6:.0f} MB",
                        f"{total / 1e6:.0f} MB uncompressed")
        for i in infos:
            if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise _fail("FILE_014", path, f"อัตราบีบอัด {i.file_size // max(i.compress_size, 1)}:1",
                            f"compression ratio {i.file_size // max(i.compress_size, 1)}:1")
        names = {i.filename for i in infos}
        try:
            types = z.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
                raise _fail("FILE_011", path)
            if "xl/workbook.xml" not in names:
                raise _fail("FILE_010", path, "ไม่มีส่วน workbook", "no workbook part")
            for name in names:
                if name.endswith((".xml", ".rels")):
                    with z.open(name) as member:
                        start = member.read(4096)
                    if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                        raise _fail("FILE_015", path)
            return _sheets(z, path)
        except FatalError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, KeyError) as exc:
            raise _fail("FILE_016", path, str(exc)) from None
        except SafeET.ParseError as exc:
            raise _fail("FILE_016", path, f"XML: {exc}") from None
        except Exception as exc:  # defusedxml's refusals (DTDForbidden, EntitiesForbidden, ...)
            if type(exc).__module__.startswith("defusedxml"):
                raise _fail("FILE_015", path) from None
            raise


def _sheets(z: zipfile.ZipFile, path: Path) -> Scan:
    out = Scan()
    book = SafeET.fromstring(z.read("xl/workbook.xml"))
    rels = SafeET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", NS)}
    for sheet in book.findall("m:sheets/m:sheet", NS):
        title = sheet.get("name")
        out.sheets.append(title)
        ref = target.get(sheet.get(f"{{{NS['r']}}}id"), "")
        part = ref.lstrip("/") if ref.startswith("/") else str(PurePosixPath("xl") / ref)
        if part not in z.namelist():
            continue
        xml = z.read(part)
        # the row count from the last <row r="..."> (rows are written in order)
        at = xml.rfind(b'<row r="')
        last_row = int(xml[at + 8:xml.index(b'"', at + 8)]) if at >= 0 else 0
        if last_row > MAX_ROWS + 10:
            raise _fail("FILE_018", path, sheet=title, value=f"{last_row:,}", limit=f"{MAX_ROWS:,}")
        merges = [m.decode() for m in _MERGE.findall(xml)]
        formulas: set[tuple[int, int]] = set()
        if b"<f" in xml:  # rare: only then walk the cells (with defusedxml) to locate them
            for _, el in SafeET.iterparse(io.BytesIO(xml), events=("end",)):
                if el.tag.endswith("}c"):
                    if el.find("m:f", NS) is not None and (m := _REF.fullmatch(el.get("r", ""))):
                        formulas.add((int(m.group(2)), _col(m.group(1))))
                    el.clear()
        out.merges[title], out.formulas[title], out.rows[title] = merges, formulas, last_row
    return out

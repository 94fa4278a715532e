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
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from mchch_xl.domain.issues import FatalError, IssueCode, issue
from mchch_xl.domain.schema import column_number, letter

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 500
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100  # for members over 1 MB uncompressed
MAX_ROWS = 5000  # rows of one sheet in a district template
MAX_COLUMNS = 500  # columns of one sheet in a district template (3 + the indicators)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Za-z0-9:]+)"')
# References as the reader takes them: letters in either case, any number of digits (leading
# zeros too: "XFD0000000001048576" is row 1,048,576)
_REFS = re.compile(rb'\br="([A-Za-z]*)(\d+)"')  # row r="5" and cell r="C5" attributes
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
# (an attribute value may hold ">": read through quoted values, as a parser does)
_CELL = re.compile(
    rb"""<(?:\w+:)?c\b((?:[^>"']|"[^"]*"|'[^']*')*?)(?:/>|>(.*?)</(?:\w+:)?c>)""", re.S
)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # exactly <f>, <f ...> or <f/>, not <formula1>
_ERROR_TYPE = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_R_ATTR = re.compile(rb'\br="([A-Za-z]+)(\d+)"')
_PREFIXED = re.compile(rb":(?:c |row |f)")
_UNREFERENCED = re.compile(rb'<c(?:>|/>| (?!r="))')
_PLAIN_FORMULA = re.compile(rb"<f(?:[ >]|/>)")  # "<f>", "<f " or "<f/>"
_STR_TYPE = re.compile(rb'\bt="str"')
_HAS_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")  # a calculated value, not <v></v> or <v/>
_EMPTY_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s*/>|>\s*</(?:\w+:)?v>)")
_FORMULA_TEXT = re.compile(rb"<(?:\w+:)?f\b[^>]*>(.*?)</(?:\w+:)?f>", re.S)


@dataclass
class Scan:
    sheets: list[str] = field(default_factory=list)
    merges: dict[str, list[str]] = field(default_factory=dict)  # sheet -> ["A3:B4", ...]
    # sheet -> {(row, col) 1-based: None, or the formula's text when the cell holds no
    # calculated value (a file written by a script, never opened in Excel)}
    formulas: dict[str, dict[tuple[int, int], str | None]] = field(default_factory=dict)
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)  # -> "#N/A"
    rows: dict[str, int] = field(default_factory=dict)
    # sheet -> {(row, column): "=[1]Sheet1!A1"}: formulas computed from another workbook
    external: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # "1" -> the other workbook's name
    macros: list[str] = field(default_factory=list)  # parts holding a VBA project, by content
    # shared-string parts whose claimed count was dropped (``overclaim``): name -> bytes to read
    mended: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Extent:
    rows: int  # the last row any cell or row element names (never the <dimension> claim)
    columns: int
    far: str  # the reference of the cell farthest right (or down, when none is right of A)
    # the cells that reach ``rows`` ("A1048000") and ``columns``, or "" when none does (an
    # empty row element Excel keeps for its height or format; cells written without references)
    far_row: str = ""
    far_column: str = ""


_BIG: dict[tuple[int, int], re.Pattern] = {}


def _big_refs(max_rows: int, max_columns: int) -> re.Pattern:
    """References that may lie beyond the limits: a row number with as many digits as the row
    limit, or a column with as many letters as the column limit. Real sheets have few or none,
    so the scan is one pass of a literal-led pattern, not a walk over every cell."""
    key = (max_rows, max_columns)
    if key not in _BIG:
        digits = len(str(max_rows))
        letters = 1 if max_columns < 26 else 2 if max_columns < 702 else 3
        _BIG[key] = re.compile(
            rb' r="([A-Za-z]{%d,})(\d+)"| r="([A-Za-z]*)(\d{%d,})"' % (letters, digits)
        )
    return _BIG[key]


def _marks(xml: bytes) -> set[bytes]:
    """Which namespace-prefixed tags of interest (":c ", ":row ", ":f") the XML holds: one pass
    led by the rare ":" instead of one pass per tag."""
    return set(_PREFIXED.findall(xml))


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class _Far:
    """The farthest row and column met so far, each with the reference that reached it."""

    def __init__(self) -> None:
        self.rows = self.cols = 0
        self.row_ref = self.col_ref = ""

    def add(self, letters: bytes, digits: bytes) -> None:
        row = int(digits)
        col = column_number(letters.decode()) if letters else 0
        ref = f"{letters.decode().upper()}{row}" if letters else ""
        if row > self.rows or (row == self.rows and ref and not self.row_ref):
            self.rows, self.row_ref = row, ref
        if col > self.cols:
            self.cols, self.col_ref = col, ref


def extent(
    xml: bytes,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    exact: bool = False,
    marks: set[bytes] | None = None,
) -> Extent:
    """The true extent of a sheet, measured from its cells as far as the limits need, before
    any reader allocates for it: every row and cell reference (in any order) that could pass
    the limits; cells written without a reference count along their row. The ``<dimension>``
    element is a claim, not a cell: Excel and the reader (which sizes its grid from the cells
    it meets) both pass over it, and so does this measure. ``marks``: ``_marks(xml)``, when
    the caller has it already."""
    marks = _marks(xml) if marks is None else marks
    far = _Far()
    for a, b, c, d in _big_refs(max_rows, max_columns).findall(xml):
        far.add(*((a, b) if b else (c, d)))
    at = xml.rfind(b'<row r="')  # otherwise the last row (rows are written in order)
    if at >= 0:
        end = xml.find(b'"', at + 8)
        if xml[at + 8 : end].isdigit():
            far.add(b"", xml[at + 8 : end])
    prefixed = b":c " in marks or b":row " in marks
    # a cell tag without a reference ("<c>", "<c/>", "<c " not followed by r="): more cell
    # tags than references, found in one pass
    unreferenced = _UNREFERENCED.search(xml) is not None
    if exact or prefixed or unreferenced:  # count every cell exactly
        for letters, digits in _REFS.findall(xml):
            far.add(letters, digits)
        if len(_CELL_TAG.findall(xml)) > len(_R_ATTR.findall(xml)):
            for chunk in re.split(rb"<(?:\w+:)?row\b", xml):
                far.cols = max(far.cols, len(_CELL_TAG.findall(chunk)))
            far.rows = max(far.rows, len(re.findall(rb"<(?:\w+:)?row\b", xml)))
    # (a count of cells without references may pass the references met: no cell to name)
    reached = lambda ref, n, part: ref if ref and part(ref) == n else ""  # noqa: E731
    wide = reached(far.col_ref, far.cols, lambda ref: column_number(ref.rstrip("0123456789")))
    return Extent(
        far.rows,
        far.cols,
        wide or f"{letter(max(far.cols, 1))}{max(far.rows, 1)}",
        reached(far.row_ref, far.rows, lambda ref: int(ref.lstrip(_LETTERS))),
        wide,
    )


# Attribute syntax other than the one every spreadsheet application writes (name="value" after
# one space): a tab or line break before the name, spaces around "=", single quotes. Valid XML,
# and the reader takes it; the literal-led patterns of this scan would not see the reference.
_QUOTED = (b"='", b"= '")  # single quotes (looked for only in a sheet holding a "'" at all)
_SPACED = (b'= "', b' ="')  # a space around "="
_BREAKS = (  # a tab or line break before a name or "=" (each regex runs only on a sheet that
    (b"\t", re.compile(rb"\t[\w:]*\s*=")),  # holds the character at all)
    (b"\n", re.compile(rb"\n[\w:]*\s*=")),
    (b"\r", re.compile(rb"\r[\w:]*\s*=")),
)
_ATTRIBUTE = re.compile(rb"""\s+([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def canonical(xml: bytes) -> bytes:
    """``xml`` with every attribute written as name="value" after one space, when it is
    written otherwise (found in about half a millisecond a sheet of 130 KB: files from Excel,
    LibreOffice and openpyxl have none, and then the XML is given back as it is)."""
    if not (
        (b"'" in xml and any(mark in xml for mark in _QUOTED))
        or any(mark in xml for mark in _SPACED)
        or any(ws in xml and pattern.search(xml) for ws, pattern in _BREAKS)
    ):
        return xml
    return _ATTRIBUTE.sub(
        lambda m: b' %s="%s"' % (m[1], m[2] if m[2] is not None else m[3].replace(b'"', b"&quot;")),
        xml,
    )


def cells(
    xml: bytes, marks: set[bytes] | None = None
) -> tuple[dict[tuple[int, int], str | None], dict[tuple[int, int], str]]:
    """Formula cells and error-value cells (``t="e"``) of a sheet, 1-based (row, column). A
    formula cell maps to None, or to its formula ("=A1+1") when it holds no calculated value.
    Only sheets that hold either are walked. ``marks``: ``_marks(xml)``, when known."""
    formulas: dict[tuple[int, int], str | None] = {}
    errors: dict[tuple[int, int], str] = {}
    marks = _marks(xml) if marks is None else marks
    plain = b":c " not in marks and b":f" not in marks  # no namespace prefixes: literal tests do
    if plain and not _PLAIN_FORMULA.search(xml) and b't="e"' not in xml:
        return formulas, errors
    if not plain and not _FORMULA.search(xml) and not _ERROR_TYPE.search(xml):
        return formulas, errors
    for attrs, body in _CELL.findall(xml):
        m = _R_ATTR.search(attrs)
        if not m:
            continue
        at = (int(m.group(2)), column_number(m.group(1).decode()))
        if body and _FORMULA.search(body):
            # a text result may be empty: <v></v> with t="str" is calculated (Excel, LibreOffice)
            # (t="str" with no <v> at all is a formula no application calculated)
            calculated = _HAS_VALUE.search(body) or (
                _STR_TYPE.search(attrs) and _EMPTY_VALUE.search(body)
            )
            formulas[at] = None if calculated else _formula_text(body)
        if _ERROR_TYPE.search(attrs):
            v = _VALUE.search(body or b"")
            errors[at] = v.group(1).decode("utf-8", "replace") if v else "#N/A"
    return formulas, errors


def _formula_text(body: bytes) -> str | None:
    """ "=" and the formula of a cell's XML, or None (a shared formula's other cells carry none)."""
    m = _FORMULA_TEXT.search(body)
    if not m or not m.group(1).strip():
        return None
    from html import unescape

    return "=" + unescape(m.group(1).decode("utf-8", "replace"))


def _merges(xml: bytes) -> list[bytes]:
    """``_MERGE.findall(xml)``, searched from the "<" before the first "mergeCell" (a match
    starts at the last "<" before its own "mergeCell", never before that one)."""
    at = xml.find(b"mergeCell")
    if at < 0:
        return []
    return _MERGE.findall(xml, max(xml.rfind(b"<", 0, at), 0))


def _fail(code: str, path: Path, detail: str = "", detail_en: str = "", **kw) -> FatalError:
    return FatalError(
        issue(code, file=path.name, detail=detail, detail_en=detail_en or detail, **kw)
    )


_OTHER_FORMATS = {  # what a district may save instead of .xlsx, said by its name
    ".ods": ("ไฟล์ .ods ของ LibreOffice/OpenOffice", "a LibreOffice/OpenOffice .ods file"),
    ".fods": ("ไฟล์ .fods ของ LibreOffice", "a LibreOffice .fods file"),
    ".xlsb": ("ไฟล์ Excel แบบไบนารี .xlsb", "an Excel binary .xlsb file"),
    ".xls": ("ไฟล์ Excel รุ่นเก่า .xls", "an old Excel .xls file"),
    ".csv": ("ไฟล์ .csv", "a .csv file"),
}


def scan(path: Path) -> Scan:
    path = Path(path)
    if not path.is_file():
        raise _fail(IssueCode.FILE_004, path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _fail(
            IssueCode.FILE_013,
            path,
            f"{size / 1e6:.1f} MB เกิน {MAX_FILE_BYTES / 1e6:.0f} MB",
            f"{size / 1e6:.1f} MB over {MAX_FILE_BYTES / 1e6:.0f} MB",
        )
    with open(path, "rb") as f:
        head = f.read(8)
    if path.suffix.lower() in _OTHER_FORMATS:  # (an .xls is OLE too, and not encrypted)
        th, en = _OTHER_FORMATS[path.suffix.lower()]
        raise _fail(IssueCode.FILE_010, path, th, en)
    if head == OLE_MAGIC:
        raise _fail(IssueCode.FILE_012, path)
    if path.suffix.lower() in (".xlsm", ".xltm", ".xlam"):
        raise _fail(IssueCode.FILE_011, path)
    if not head.startswith(b"PK"):
        raise _fail(
            IssueCode.FILE_010,
            path,
            "ไม่ใช่ไฟล์ zip เช่น CSV หรือข้อความที่เปลี่ยนนามสกุล",
            "not a zip archive, e.g. a renamed CSV",
        )
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(IssueCode.FILE_016, path, str(exc)) from None
    with z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _fail(IssueCode.FILE_014, path, f"{len(infos)} ส่วนย่อย", f"{len(infos)} members")
        # one part, one name: a second part of a name would be read by one reader and shown
        # by another; a name climbing out of the package ("../") is no workbook's
        seen: set[str] = set()
        for i in infos:
            name = i.filename.replace("\\", "/")
            parts = name.split("/")
            if name.startswith("/") or ".." in parts or name.casefold() in seen:
                what = "ซ้ำ" if name.casefold() in seen else "ผิดรูป"
                raise _fail(
                    IssueCode.FILE_016,
                    path,
                    f"ส่วนย่อยชื่อ{what}: {name[:80]}",
                    f"a part named {'twice' if what == 'ซ้ำ' else 'out of the package'}: "
                    f"{name[:80]}",
                )
            seen.add(name.casefold())
        # the sizes the archive states (a refusal says so: they are its claims, not measured)
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise _fail(
                IssueCode.FILE_014,
                path,
                f"ไฟล์ระบุว่าเมื่อขยายจะมีขนาด {total / 1e6:.0f} MB",
                f"the archive states {total / 1e6:.0f} MB uncompressed",
            )
        for i in infos:
            if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise _fail(
                    IssueCode.FILE_014,
                    path,
                    f"ไฟล์ระบุอัตราบีบอัด {i.file_size // max(i.compress_size, 1)}:1",
                    f"the archive states a compression ratio of "
                    f"{i.file_size // max(i.compress_size, 1)}:1",
                )
        names = {i.filename for i in infos}
        try:
            types = z.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            # a workbook that declares itself macro-enabled is refused (saved as .xlsx, it
            # lands); a macro project an .xlsx merely carries, under its usual name or any
            # other, is named (FILE_023): Excel runs none, and only values are read here
            if b"macroEnabled" in types:
                raise _fail(IssueCode.FILE_011, path)
            if "xl/workbook.xml" not in names:
                raise _fail(IssueCode.FILE_010, path, "ไม่มีส่วน workbook", "no workbook part")
            if any(declares_dtd(z, name) for name in names):
                raise _fail(IssueCode.FILE_015, path)
            mended = overclaim(z, path)
            out = _sheets(z, path)
            out.mended = mended
            out.macros = vba_parts(z, types)
            out.links = external_links(z) if any(out.external.values()) else {}
            return out
        except FatalError:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, KeyError) as exc:
            raise _fail(IssueCode.FILE_016, path, str(exc)) from None
        except SafeET.ParseError as exc:
            raise _fail(IssueCode.FILE_016, path, f"XML: {exc}") from None
        except Exception as exc:  # defusedxml's refusals (DTDForbidden, EntitiesForbidden, ...)
            if type(exc).__module__.startswith("defusedxml"):
                raise _fail(IssueCode.FILE_015, path) from None
            raise


_BINARY = (".png", ".jpeg", ".jpg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin")
_CHUNK = 65536


def declares_dtd(z: zipfile.ZipFile, name: str) -> bool:
    """Whether a part declares a DTD or an entity. A DTD stands in the prolog, before the root
    element, after any XML declaration, processing instructions and comments, however long
    they are: the prolog is read to its end (the zip's size limits bound it), not only its
    first bytes. A part in UTF-16 is decoded first; any name, any case (".XML")."""
    if name.lower().endswith(_BINARY) or name.endswith("/"):
        return False
    with z.open(name) as member:
        data = member.read(4096)  # the whole prolog, nearly always
        if b"<!ENTITY" in data:
            return True
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
            data += member.read(MAX_UNCOMPRESSED)
            codec = (
                "utf-16"
                if data[:2] in (b"\xff\xfe", b"\xfe\xff")
                else ("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
            )
            return _prolog_declares(data.decode(codec, "replace").encode("utf-8"), None)
        return _prolog_declares(data, member)


def _prolog_declares(data: bytes, more) -> bool:
    """Walk the prolog: "<?...?>" and "<!--...-->" are passed over; "<!" before the root
    element is a declaration (DOCTYPE). ``more``: a stream to read further from, or None."""
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while True:
            while pos < len(data) and data[pos] in b" \t\r\n":
                pos += 1
            if len(data) - pos >= 4 or more is None:
                break
            chunk = more.read(_CHUNK)
            if not chunk:
                more = None
            data += chunk
        if data.startswith(b"<?", pos):
            end = b"?>"
        elif data.startswith(b"<!--", pos):
            end = b"-->"
        else:
            return data.startswith(b"<!", pos)
        found = data.find(end, pos + 2)
        while found < 0 and more is not None:
            chunk = more.read(_CHUNK)
            if not chunk:
                more = None
                break
            start = max(pos + 2, len(data) - len(end))
            data += chunk
            found = data.find(end, start)
        if found < 0:
            return False  # no end: not XML a reader takes (it fails on its own)
        pos = found + len(end)


def overclaim(z: zipfile.ZipFile, path: Path) -> dict[str, bytes]:
    """Shared-string tables claiming more strings than their part could hold (each takes at
    least the 5 bytes of "<si/>"), each with the claim dropped: part name -> mended bytes.

    The reader reserves room for the claim before it reads a string (2,000,000,000 is 48 GB),
    and Excel opens such a file: the claim is a hint, not a fact, so the part is read without
    it (``reader.read_values(mended=...)``) and nothing false is said. The claim is read from
    the root element as an XML parser reads it (after any comments, in any attribute syntax,
    under any prefix), never by a text search that a decoy comment or attribute would satisfy
    first. A part that cannot be mended (not UTF-8) is refused as before (FILE_014)."""
    out: dict[str, bytes] = {}
    for info in z.infolist():
        if not info.filename.casefold().endswith("sharedstrings.xml"):
            continue
        claims = _claims(z.open(info), path)
        if all(
            re.fullmatch(r"[0-9]{1,12}", c.strip()) and int(c.strip()) <= info.file_size // 5 + 1
            for c in claims
        ):  # (ASCII digits only: "²" is a digit to str.isdigit, not to int)
            continue
        mended = _without_claims(z.read(info))
        if mended is None or _claims(io.BytesIO(mended), path):
            digits = claims[0].strip()
            raise _fail(
                IssueCode.FILE_014,
                path,
                f"ตารางข้อความอ้างว่ามี {digits[:30]} ข้อความ ในส่วนขนาด {info.file_size:,} ไบต์",
                f"the shared strings claim {digits[:30]} strings in {info.file_size:,} bytes",
            )
        out[info.filename] = mended
    return out


def _claims(stream, path: Path) -> list[str]:
    """The uniqueCount attributes of a shared-string part's root element, under any prefix."""
    try:
        with stream as f:
            for _, element in SafeET.iterparse(f, events=("start",)):
                return [v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == _CLAIM]
    except (SyntaxError, ValueError, OSError, zipfile.BadZipFile, EOFError):
        raise _fail(IssueCode.FILE_016, path, "sharedStrings.xml") from None
    return []


_CLAIM = "uniqueCount"
# an attribute of a start tag named uniqueCount or count (under any prefix), with its value
_COUNT_ATTRIBUTE = re.compile(
    rb"""\s+(?:[\w.\-]+:)?(?:uniqueCount|count)\s*=\s*(?:"[^"]*"|'[^']*')"""
)


class _Root(Exception):
    pass


def _without_claims(data: bytes) -> bytes | None:
    """A shared-string part with its root element's counts dropped, every other byte kept; the
    root found by an XML parser (its byte offset), never by a text search. None when the part
    is not UTF-8 (UTF-16: offsets and attributes are not these bytes)."""
    import xml.parsers.expat

    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        return None
    parser = xml.parsers.expat.ParserCreate()
    found: list[int] = []

    def start(name, attrs):  # the root: where it starts, then stop (no more is parsed)
        found.append(parser.CurrentByteIndex)
        raise _Root

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _Root:
        pass
    except xml.parsers.expat.ExpatError:
        return None
    if not found:
        return None
    begin, quote, end = found[0], None, None
    for i in range(begin, len(data)):  # the start tag's end: a ">" outside a quoted value
        ch = data[i : i + 1]
        if quote:
            quote = None if ch == quote else quote
        elif ch in (b'"', b"'"):
            quote = ch
        elif ch == b">":
            end = i + 1
            break
    if end is None:
        return None
    return data[:begin] + _COUNT_ATTRIBUTE.sub(b"", data[begin:end]) + data[end:]


def sheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, part name) of each sheet the workbook lists, in order."""
    book = SafeET.fromstring(z.read("xl/workbook.xml"))
    rels = SafeET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", NS)}
    # the reader finds a part whatever the case of its name ("Worksheets/Sheet2.xml") and
    # through "./" or "../": so does this scan, or that sheet would go unscanned
    actual = {n.casefold(): n for n in z.namelist()}
    out = []
    for sheet in book.findall("m:sheets/m:sheet", NS):
        ref = (target.get(sheet.get(f"{{{NS['r']}}}id"), "") or "").replace("\\", "/")
        part = ref.lstrip("/") if ref.startswith("/") else posixpath.join("xl", ref)
        part = posixpath.normpath(part)
        out.append((sheet.get("name"), actual.get(part.casefold(), part)))
    return out


def _far(path: Path, title: str, ext: Extent) -> FatalError | None:
    """A sheet refused for a cell (or an empty row element) beyond the template's limits,
    named where it stands (never by the ``<dimension>`` claim), with how to clear it."""
    if ext.rows > MAX_ROWS + 10:
        if not ext.far_row:  # only a row element (or cells without references) reaches it
            return _fail(
                IssueCode.FILE_018,
                path,
                sheet=title,
                row=ext.rows,
                value=str(ext.rows),
                limit=f"{MAX_ROWS:,}",
                line=ext.rows,
                cell=f"แถว {ext.rows} (แถวว่างที่ถูกจัดรูปแบบไว้)",
                cell_en=f"row {ext.rows} (an empty row with a format of its own)",
            )
        letters = ext.far_row.rstrip("0123456789")
        return _fail(
            IssueCode.FILE_018,
            path,
            sheet=title,
            row=ext.rows,
            column=letters,
            value=ext.far_row,
            limit=f"{MAX_ROWS:,}",
            line=ext.rows,
            cell=f"เซลล์ {ext.far_row}",
            cell_en=f"the cell {ext.far_row}",
        )
    if ext.columns > MAX_COLUMNS:
        ref = ext.far_column
        letters = ref.rstrip("0123456789") if ref else letter(ext.columns)
        return _fail(
            IssueCode.FILE_019,
            path,
            sheet=title,
            row=int(ref[len(letters) :]) if ref else None,
            column=letters,
            value=ref or f"คอลัมน์ {letters}",
            limit=f"{MAX_COLUMNS:,} คอลัมน์",
        )
    return None


def _sheets(z: zipfile.ZipFile, path: Path) -> Scan:
    out = Scan()
    names = set(z.namelist())
    for title, part in sheet_parts(z):
        out.sheets.append(title)
        if part not in names:
            continue
        xml = canonical(z.read(part))
        marks = _marks(xml)
        ext = extent(xml, marks=marks)
        if (refusal := _far(path, title, ext)) is not None:
            raise refusal
        out.merges[title] = [m.decode() for m in _merges(xml)]
        out.formulas[title], out.errors[title] = cells(xml, marks)
        out.rows[title] = ext.rows
        out.external[title] = external_formulas(xml)
    return out


_EXTERNAL = re.compile(r"\[(\d+)\]")  # "[1]Sheet1!A1": Excel's index of an external link
_SHARED = re.compile(rb'\bsi="(\d+)"')


def external_formulas(xml: bytes) -> dict[tuple[int, int], str]:
    """Formula cells computed from another workbook ("=[1]Sheet1!A1", stored by Excel with
    the link's index), 1-based (row, column) -> the formula; a shared formula's other cells
    get the text of the cell that carries it. Only a sheet holding "[" in a formula is walked."""
    out: dict[tuple[int, int], str] = {}
    if b"[" not in xml or not _FORMULA.search(xml):
        return out
    shared: dict[bytes, str] = {}
    for attrs, body in _CELL.findall(xml):
        m = _R_ATTR.search(attrs)
        f = _FORMULA_TEXT.search(body) if body else None
        if not m or not (body and _FORMULA.search(body)):
            continue
        head = body[body.find(b"<") : body.find(b">") + 1] if body else b""
        si = _SHARED.search(head) if b"shared" in head else None
        text = _formula_text(body) if f else None
        if text and si:
            shared[si[1]] = text
        text = text or (shared.get(si[1]) if si else None)
        if text and _EXTERNAL.search(text):
            out[(int(m[2]), column_number(m[1].decode()))] = text
    return out


def external_links(z: zipfile.ZipFile) -> dict[str, str]:
    """The workbooks external links point to, by Excel's index ("1" -> "คะแนนตำบล.xlsx"), as
    the workbook lists them; never opened or followed. An unreadable list gives none."""
    try:
        book = SafeET.fromstring(z.read("xl/workbook.xml"))
        rels = SafeET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") or "" for r in rels.findall("p:Relationship", NS)}
        out = {}
        refs = book.findall("m:externalReferences/m:externalReference", NS)
        for i, ref in enumerate(refs, 1):
            part = posixpath.normpath(
                posixpath.join("xl", target.get(ref.get(f"{{{NS['r']}}}id"), ""))
            )
            folder, base = posixpath.split(part)
            link = SafeET.fromstring(z.read(f"{folder}/_rels/{base}.rels"))
            for r in link.findall("p:Relationship", NS):
                if (r.get("Type") or "").endswith("/externalLinkPath"):
                    out[str(i)] = posixpath.basename((r.get("Target") or "").replace("\\", "/"))
        return out
    except (KeyError, SyntaxError, ValueError):
        return {}


# a VBA project is an OLE compound file holding the stream "_VBA_PROJECT" (its directory
# names are UTF-16): found by content, whatever the part is named (an "image" too)
_VBA_STREAM = "_VBA_PROJECT".encode("utf-16-le")
_VBA_TYPE = b"vbaProject"


def vba_parts(z: zipfile.ZipFile, types: bytes = b"") -> list[str]:
    """The parts that hold a macro project, by their bytes or their declared content type,
    whatever their names. Their code is never run or read as code: they are only named."""
    declared = set()
    if _VBA_TYPE in types:
        for m in re.finditer(rb'PartName="/?([^"]+)"[^>]*ContentType="[^"]*vbaProject', types):
            declared.add(m[1].decode("utf-8", "replace"))
    out = []
    for info in z.infolist():
        if info.filename.endswith("/"):
            continue
        with z.open(info) as member:
            head = member.read(8)
            ole = head == OLE_MAGIC and _VBA_STREAM in head + member.read(MAX_UNCOMPRESSED)
        usual = posixpath.basename(info.filename).lower() == "vbaproject.bin"
        if ole or usual or info.filename in declared:
            out.append(info.filename)
    return out


def bound(
    path: Path, max_rows: int, max_cells: int, only: set[str] | frozenset[str] | None = None
) -> tuple[dict[str, dict[tuple[int, int], str]], dict[str, bytes]]:
    """For a workbook about to be read (a master): refuse a sheet whose cells would make a
    reader allocate more than ``max_rows`` rows or ``max_cells`` cells; give (its error cells,
    its shared-string parts mended of an inflated claim: ``overclaim``).
    ``only``: the titles of the sheets that will be read (the others are never allocated)."""
    path = Path(path)
    errors: dict[str, dict[tuple[int, int], str]] = {}
    mended: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            # a DTD anywhere: refused here, in Thai, not by the reader
            if any(declares_dtd(z, name) for name in names):
                raise _fail(IssueCode.FILE_015, path)
            mended = overclaim(z, path)
            for title, part in sheet_parts(z):
                if part not in names or (only is not None and title not in only):
                    continue
                info = z.getinfo(part)
                if info.file_size > MAX_UNCOMPRESSED * 4:
                    raise _fail(
                        IssueCode.FILE_014,
                        path,
                        f"{info.file_size / 1e6:.0f} MB",
                        f"{info.file_size / 1e6:.0f} MB",
                    )
                xml = canonical(z.read(part))
                ext = extent(xml, max_rows, 100)  # columns past Z: then every cell, exactly
                if ext.columns > 26:
                    ext = extent(xml, exact=True)
                if ext.rows > max_rows or ext.rows * max(ext.columns, 1) > max_cells:
                    raise _fail(
                        IssueCode.FILE_019,
                        path,
                        sheet=title,
                        value=ext.far,
                        limit=f"{max_rows:,} แถว / {max_cells:,} เซลล์",
                    )
                _, errors[title] = cells(xml)
    except FatalError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise _fail(IssueCode.FILE_016, path, str(exc)) from None
    except Exception as exc:
        if type(exc).__module__.startswith("defusedxml"):
            raise _fail(IssueCode.FILE_015, path) from None
        raise _fail(IssueCode.FILE_016, path, f"{type(exc).__name__}: {exc}") from None
    return errors, mended


Marks = dict[str, list[tuple[int, int, str]]]  # sheet title -> [(row, column, text)]


def laid_anew(path: Path, titles: set[str] | frozenset[str]) -> tuple[Marks, Marks]:
    """What staff left on the sheets titled in ``titles``, which a save is about to lay anew
    from values, in one pass over the package: (cell comments, formulas as "=text"; a shared
    formula's other cells, which carry no text of their own, give ""). A part that cannot be
    read gives none."""
    notes: Marks = {}
    formulas: Marks = {}
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            for title, part in sheet_parts(z):
                if title not in titles or part not in names:
                    continue
                _comments_of(z, names, part, notes.setdefault(title, []))
                xml = z.read(part)
                if _FORMULA.search(xml):  # (most sheets: none, and nothing more to read)
                    for attrs, body in _CELL.findall(canonical(xml)):
                        m = _R_ATTR.search(attrs)
                        if m and body and _FORMULA.search(body):
                            at = (
                                int(m[2]),
                                column_number(m[1].decode()),
                                _formula_text(body) or "",
                            )
                            formulas.setdefault(title, []).append(at)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, SyntaxError, ValueError):
        return {}, {}  # (ParseError is a SyntaxError; defusedxml's refusals are ValueErrors)
    return {t: c for t, c in notes.items() if c}, formulas


def _comments_of(z: zipfile.ZipFile, names: set[str], part: str, out: list) -> None:
    """The comments of one sheet part, through its relationships, into ``out``."""
    folder, base = posixpath.split(part)
    rels = f"{folder}/_rels/{base}.rels"
    if rels not in names:
        return
    for rel in SafeET.fromstring(z.read(rels)).findall("p:Relationship", NS):
        target = rel.get("Target") or ""
        if not (rel.get("Type") or "").endswith("/comments"):
            continue
        target = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        if target not in names or z.getinfo(target).file_size > MAX_UNCOMPRESSED:
            continue
        for c in SafeET.fromstring(z.read(target)).iter(f"{{{NS['m']}}}comment"):
            m = re.fullmatch(r"([A-Za-z]{1,3})(\d{1,7})", c.get("ref") or "")
            if m:
                text = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
                out.append((int(m[2]), column_number(m[1]), text))


_TYPE = re.compile(rb'\bt="([^"]*)"')


def not_a_number(path: Path) -> tuple[str, int, str, str] | None:
    """The first cell stored as a number whose stored value is not one (``<v>4,5</v>``), as
    (sheet, row, column letters, value): what makes the reader give up on the whole file, located.
    Only run once the reader has failed."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            for title, part in sheet_parts(z):
                if part not in names:
                    continue
                for attrs, body in _CELL.findall(canonical(z.read(part))):
                    kind = _TYPE.search(attrs)
                    if kind and kind[1] not in (b"n", b""):
                        continue
                    v, ref = _VALUE.search(body or b""), _R_ATTR.search(attrs)
                    if not v or not ref:
                        continue
                    try:
                        float(v[1])
                    except ValueError:
                        text = v[1].decode("utf-8", "replace")
                        return title, int(ref[2]), ref[1].decode().upper(), text
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, SyntaxError, ValueError):
        return None
    return None

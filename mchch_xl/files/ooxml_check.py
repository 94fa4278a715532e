"""Would Excel open this file without "We found a problem with some content"? A checker for
every file mchch-xl writes (masters, templates, annotated copies, the add-in).

Two families of findings, both as plain values (part, rule, detail):

- schema: each XML part validated against the ISO/IEC 29500 transitional schemas (chosen by the
  part's content type in ``[Content_Types].xml``) and the ribbon against the [MS-CUSTOMUI]
  schema. The schemas are read from a folder of ``NAME.xsd.gz`` (``tests/data/ooxml-schemas``,
  see its ``SOURCES.txt``). VML (comment shapes) has no schema that libxml2 can apply to its
  ``<xml>`` root; its ids are checked instead.
- limits: what Excel refuses or repairs although the schema allows it: a validation's prompt
  and error over 255 characters or titles over 32, a list literal over 255, a formula over
  8,192, cell text over 32,767, a row taller than 409 pt, a sheet name over 31 characters or
  with one of ``[]:*?/\\``, comment-shape id blocks (``o:idmap``) shared between drawings or
  shape ids outside their block.
"""

from __future__ import annotations

import gzip
import math
import re
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from lxml import etree

SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
VML_O = "urn:schemas-microsoft-com:office:office"
CUSTOM_UI = "http://schemas.microsoft.com/office/2006/01/customui"
XSD = "http://www.w3.org/2001/XMLSchema"

# content type (without parameters) -> schema file; the key "customUI" is found by relationship
SCHEMAS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "sml.xsd",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "sml.xsd",
    "application/vnd.ms-excel.addin.macroEnabled.main+xml": "sml.xsd",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "sml.xsd",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml": "sml.xsd",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml": "sml.xsd",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml": "sml.xsd",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml": "sml.xsd",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml": "sml.xsd",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml": "sml.xsd",
    "application/vnd.openxmlformats-officedocument.drawing+xml": "dml-spreadsheetDrawing.xsd",
    "application/vnd.openxmlformats-officedocument.drawingml.chart+xml": "dml-chart.xsd",
    "application/vnd.openxmlformats-officedocument.theme+xml": "dml-main.xsd",
    "application/vnd.openxmlformats-package.relationships+xml": "opc-relationships.xsd",
    "application/vnd.openxmlformats-package.core-properties+xml": "core.xsd",
    "application/vnd.openxmlformats-officedocument.extended-properties+xml": "shared-documentPropertiesExtended.xsd",
    # WordprocessingML: the year's Word documents
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "wml.xsd",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml": "wml.xsd",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml": "wml.xsd",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml": "wml.xsd",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml": "wml.xsd",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml": "wml.xsd",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml": "wml.xsd",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml": "wml.xsd",
    "customUI": "customUI.xsd",
    "content-types": "opc-contentTypes.xsd",
}
NOT_XML = {
    "application/vnd.ms-office.vbaProject",
    "application/vnd.openxmlformats-officedocument.vmlDrawing",
}
UI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"

MAX_PROMPT, MAX_TITLE, MAX_LIST, MAX_FORMULA, MAX_TEXT, MAX_ROW_PT, MAX_SHEET_NAME = (
    255,
    32,
    255,
    8192,
    32767,
    409,
    31,
)
BAD_SHEET_CHARS = set("[]:*?/\\")


@dataclass(frozen=True)
class Finding:
    part: str  # e.g. "xl/worksheets/sheet3.xml"
    rule: str  # "schema", "xml", "validation-prompt", "row-height", "comment-shape-id", ...
    detail: str


XML_NS = "http://www.w3.org/XML/1998/namespace"


def _core_wrapper() -> bytes:
    imports = [
        ("http://www.w3.org/XML/1998/namespace", "xml.xsd"),
        ("http://purl.org/dc/elements/1.1/", "dc.xsd"),
        ("http://purl.org/dc/terms/", "dcterms.xsd"),
        (
            "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            "opc-coreProperties.xsd",
        ),
    ]
    body = "".join(f'<xs:import namespace="{ns}" schemaLocation="{loc}"/>' for ns, loc in imports)
    return f'<xs:schema xmlns:xs="{XSD}">{body}</xs:schema>'.encode()


def _fix_custom_ui(tree: etree._ElementTree) -> etree._ElementTree:
    """[MS-CUSTOMUI] restates in extensions attributes the base type declares; libxml2 refuses
    that ("Duplicate attribute use"). Drop each restated attribute from the extension it is
    restated in, one error at a time, until the schema compiles (validation is unchanged)."""
    for _ in range(2000):
        try:
            etree.XMLSchema(tree)
            return tree
        except etree.XMLSchemaParseError as exc:
            m = re.search(r"complex type '(\w+)': Duplicate attribute use '(\w+)'", str(exc))
            if not m:
                raise
            ctype, attr = m.groups()
            ns = {"xsd": XSD}
            ext = f"//xsd:complexType[@name='{ctype}']//xsd:extension"
            found = tree.xpath(f"{ext}/xsd:attribute[@name='{attr}']", namespaces=ns)
            groups = {
                g.get("name")
                for g in tree.xpath(
                    f"//xsd:attributeGroup[@name][.//xsd:attribute[@name='{attr}']]", namespaces=ns
                )
            }
            found += [
                g
                for g in tree.xpath(f"{ext}/xsd:attributeGroup[@ref]", namespaces=ns)
                if g.get("ref") in groups
            ]  # a restated group of attributes
            if not found:
                raise
            found[0].getparent().remove(found[0])
    raise RuntimeError("customUI.xsd: too many restated attributes")


@lru_cache(maxsize=4)
def load_schemas(folder: str) -> dict[str, etree.XMLSchema]:
    """Every schema of ``SCHEMAS``, compiled once per folder of ``*.xsd.gz``."""
    src = Path(folder)
    tmp = Path(tempfile.mkdtemp(prefix="mchch-xsd-"))
    for gz in src.glob("*.xsd.gz"):
        (tmp / gz.name[:-3]).write_bytes(gzip.decompress(gz.read_bytes()))
    (tmp / "core.xsd").write_bytes(_core_wrapper())
    out = {}
    for name in sorted(set(SCHEMAS.values())):
        tree = etree.parse(str(tmp / name))
        if name == "customUI.xsd":
            tree = _fix_custom_ui(tree)
        for imp in tree.getroot().findall(f"{{{XSD}}}import"):
            if imp.get("namespace") == XML_NS and not imp.get("schemaLocation"):
                imp.set("schemaLocation", "xml.xsd")  # wml.xsd names no place for xml:space
        out[name] = etree.XMLSchema(tree)
    return out


def _content_types(z: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    root = etree.fromstring(z.read("[Content_Types].xml"))
    defaults, overrides = {}, {}
    for el in root:
        tag = etree.QName(el).localname
        if tag == "Default":
            defaults[el.get("Extension").lower()] = el.get("ContentType")
        elif tag == "Override":
            overrides[el.get("PartName").lstrip("/")] = el.get("ContentType")
    return defaults, overrides


def _ui_parts(z: zipfile.ZipFile) -> set[str]:
    if "_rels/.rels" not in z.namelist():
        return set()
    root = etree.fromstring(z.read("_rels/.rels"))
    return {el.get("Target").lstrip("/") for el in root if el.get("Type") == UI_REL}


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _markup_compatibility(root) -> None:
    """What a consumer that knows only the 2006 schemas does (ISO/IEC 29500-3): the namespaces
    ``mc:Ignorable`` names are ignored, their elements and attributes dropped, before the part
    is validated (Word's w14 additions in settings, python-docx's template)."""
    ignorable = root.get(f"{{{MC}}}Ignorable")
    if not ignorable:
        return
    spaces = {root.nsmap.get(prefix) for prefix in ignorable.split()} - {None}
    del root.attrib[f"{{{MC}}}Ignorable"]
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).namespace in spaces:
            el.getparent().remove(el)
            continue
        for name in [a for a in el.attrib if etree.QName(a).namespace in spaces]:
            del el.attrib[name]


def check_file(path: Path, schema_dir: Path) -> list[Finding]:
    """Every finding for one .xlsx/.xlsm/.xlam file, in part order."""
    schemas = load_schemas(str(Path(schema_dir).resolve()))
    findings: list[Finding] = []
    with zipfile.ZipFile(path) as z:
        defaults, overrides = _content_types(z)
        ui = _ui_parts(z)
        vml_blocks: dict[int, str] = {}
        for name in z.namelist():
            if name.endswith("/"):
                continue
            ext = PurePosixPath(name).name.rpartition(".")[2].lower()
            ctype = overrides.get(name) or defaults.get(ext, "")
            if name == "[Content_Types].xml":
                ctype = "content-types"
            if name in ui:
                ctype = "customUI"
            if ctype in NOT_XML or ctype.startswith("image/") or name.endswith((".bin", ".vml")):
                if name.endswith(".vml"):
                    findings += _check_vml(name, z.read(name), vml_blocks)
                continue
            if not ctype:
                findings.append(Finding(name, "content-type", "part has no content type"))
                continue
            try:
                root = etree.fromstring(z.read(name))
            except etree.XMLSyntaxError as exc:
                findings.append(Finding(name, "xml", str(exc)))
                continue
            _markup_compatibility(root)
            schema = schemas.get(SCHEMAS.get(ctype.split(";")[0], ""))
            if schema is None:
                findings.append(Finding(name, "content-type", f"no schema for {ctype}"))
                continue
            if not schema.validate(root):
                errors = [e for e in schema.error_log if not _tolerated(e.message)]
                for err in errors[:5]:
                    findings.append(Finding(name, "schema", f"line {err.line}: {err.message}"))
            if etree.QName(root).namespace == SML:
                findings += _check_sml(name, root)
    return findings


def _tolerated(message: str) -> bool:
    """``xml:space="preserve"`` on ``<t>``: the ISO schema types ``t`` as a bare string, yet
    Excel itself writes the attribute on every text with edge spaces (the Open XML SDK's
    validator makes the same exception)."""
    return "{http://www.w3.org/XML/1998/namespace}space' is not allowed" in message


def _length(text: str | None) -> int:
    return len(text or "")


def _check_sml(name: str, root: etree._Element) -> list[Finding]:
    out: list[Finding] = []
    ns = {"s": SML}
    local = etree.QName(root).localname
    if local == "workbook":
        for sheet in root.iterfind("s:sheets/s:sheet", ns):
            title = sheet.get("name") or ""
            if len(title) > MAX_SHEET_NAME or set(title) & BAD_SHEET_CHARS or not title.strip():
                out.append(Finding(name, "sheet-name", title))
    elif local == "worksheet":
        for dv in root.iterfind(".//s:dataValidation", ns):
            ref = dv.get("sqref")
            for attr, limit in (
                ("prompt", MAX_PROMPT),
                ("error", MAX_PROMPT),
                ("promptTitle", MAX_TITLE),
                ("errorTitle", MAX_TITLE),
            ):
                if _length(dv.get(attr)) > limit:
                    out.append(
                        Finding(
                            name, f"validation-{attr}", f"{ref}: {_length(dv.get(attr))} > {limit}"
                        )
                    )
            f1 = dv.findtext("s:formula1", namespaces=ns) or ""
            if dv.get("type") == "list" and f1.startswith('"') and len(f1) - 2 > MAX_LIST:
                out.append(Finding(name, "validation-list", f"{ref}: {len(f1) - 2} > {MAX_LIST}"))
        for f in root.iterfind(".//s:f", ns):
            if _length(f.text) > MAX_FORMULA:
                out.append(Finding(name, "formula", f"{_length(f.text)} > {MAX_FORMULA}"))
        for c in root.iterfind(".//s:c", ns):
            text = "".join(c.itertext()) if c.get("t") == "inlineStr" else c.findtext("s:v", "", ns)
            if c.get("t") in ("inlineStr", "str") and len(text) > MAX_TEXT:
                out.append(Finding(name, "cell-text", f"{c.get('r')}: {len(text)} > {MAX_TEXT}"))
            if c.get("t", "n") == "n" and text and not _finite(text):
                out.append(Finding(name, "number", f"{c.get('r')}: {text[:40]}"))
        for row in root.iterfind("s:sheetData/s:row", ns):
            ht = row.get("ht")
            if ht is not None and float(ht) > MAX_ROW_PT:
                out.append(Finding(name, "row-height", f"row {row.get('r')}: {ht} > {MAX_ROW_PT}"))
    elif local == "sst":
        for i, si in enumerate(root.iterfind("s:si", ns)):
            if len("".join(si.itertext())) > MAX_TEXT:
                out.append(Finding(name, "cell-text", f"shared string {i} > {MAX_TEXT}"))
    return out


def _finite(text: str) -> bool:
    """A cell's number as Excel reads it: finite (no inf, nan)."""
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _check_vml(name: str, data: bytes, blocks: dict[int, str]) -> list[Finding]:
    """Comment shapes: each drawing claims id blocks of 1,024 (``o:idmap data``); Excel repairs
    a file whose drawings claim the same block or whose shape ids fall outside their blocks."""
    out: list[Finding] = []
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        return [Finding(name, "xml", str(exc))]
    mine: set[int] = set()
    for idmap in root.iter(f"{{{VML_O}}}idmap"):
        for token in (idmap.get("data") or "").replace(",", " ").split():
            block = int(token)
            if block in blocks and blocks[block] != name:
                out.append(
                    Finding(
                        name,
                        "comment-shape-id",
                        f"id block {block} also claimed by {blocks[block]}",
                    )
                )
            blocks.setdefault(block, name)
            mine.add(block)
    seen: set[int] = set()
    for el in root.iter("{urn:schemas-microsoft-com:vml}shape"):
        m = re.fullmatch(r"_x0000_s(\d+)", el.get("id") or "")
        if not m:
            continue
        sid = int(m.group(1))
        if sid in seen or sid // 1024 not in mine:
            out.append(Finding(name, "comment-shape-id", f"shape id {sid} (blocks {sorted(mine)})"))
        seen.add(sid)
    return out

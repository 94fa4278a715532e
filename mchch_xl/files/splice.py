"""Saving a master by splicing: the sheets a run rewrites go into the package as new XML, and
every other part (the input sheets staff typed, their styles, anything Excel added) is copied
as it was. What a recalculation costs is then the output, not the whole workbook.

``write`` refuses (``Unsupported``, nothing written) a package it cannot splice safely: sheets
not in the schema's order (a sheet the schema gained later may be missing), a sheet to rewrite
that is missing or not a worksheet, a style table it does not recognise, or a grid with
comments or pictures. The caller then loads and saves the master with openpyxl, as before;
both give the same workbook (tests compare them).
"""

from __future__ import annotations

import copy
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mchch_xl.domain.schema import ALL_SHEETS, LATER_SHEETS
from mchch_xl.files.sheetxml import (
    StyleTable,
    Unsupported,
    chart_xml,
    drawing_xml,
    esc,
    place_picture,
    sheet_chunks,
)
from mchch_xl.files.store import save_atomic
from mchch_xl.layout.grid import Grid

PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
T_DOCUMENT, T_SHEET, T_STYLES = f"{DOC}/officeDocument", f"{DOC}/worksheet", f"{DOC}/styles"
T_DRAWING, T_CHART, T_CALC = f"{DOC}/drawing", f"{DOC}/chart", f"{DOC}/calcChain"
T_IMAGE = f"{DOC}/image"
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif"}
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _attrs(tag: str) -> dict[str, str]:
    """The attributes of one start tag (namespace prefixes kept as written)."""
    from html import unescape

    return {k: unescape(v) for k, v in re.findall(r'([\w:.-]+)\s*=\s*"([^"]*)"', tag)}


class Package:
    """The parts of an .xlsx and the relationships between them, read without a workbook
    library (the relationship files are small; sheets are read only to be copied)."""

    def __init__(self, z: zipfile.ZipFile):
        self.z = z
        self.names = {i.filename for i in z.infolist()}
        self._rels: dict[str, list[dict]] = {}

    def read(self, name: str) -> bytes:
        return self.z.read(name)

    def rels(self, part: str) -> list[dict]:
        """Relationships of ``part`` ("" for the package): Id, Type, part (resolved) or None
        for an external target."""
        if part not in self._rels:
            name = _rels_name(part)
            out = []
            if name in self.names:
                text = self.read(name).decode("utf-8")
                for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", text):
                    a = _attrs(tag)
                    target = a.get("Target", "")
                    if a.get("TargetMode") == "External":
                        resolved = None
                    elif target.startswith("/"):
                        resolved = target[1:]
                    else:
                        resolved = posixpath.normpath(
                            posixpath.join(posixpath.dirname(part), target)
                        )
                    out.append({"Id": a.get("Id"), "Type": a.get("Type"), "part": resolved})
            self._rels[part] = out
        return self._rels[part]

    def reachable(self, skip: set[str]) -> set[str]:
        """Parts reachable from the package root, not following the relationships of ``skip``."""
        seen, todo = set(), [""]
        while todo:
            part = todo.pop()
            if part in skip:
                continue
            for rel in self.rels(part):
                p = rel["part"]
                if p and p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet title -> its part in the package (e.g. "xl/worksheets/sheet3.xml")."""
    with zipfile.ZipFile(path) as z:
        pkg = Package(z)
        doc = next(r["part"] for r in pkg.rels("") if r["Type"] == T_DOCUMENT)
        rels = {r["Id"]: r["part"] for r in pkg.rels(doc)}
        text = pkg.read(doc).decode("utf-8")
    return {a["name"]: rels[a["r:id"]] for a in map(_attrs, re.findall(r"<sheet\b[^>]*>", text))}


def _unique(names: set[str], pattern: str) -> str:
    n = 1
    while pattern.format(n) in names:
        n += 1
    name = pattern.format(n)
    names.add(name)
    return name


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    """ "A2:F20" -> "$A$2:$F$20"; "2:2" -> "$2:$2"."""
    return ":".join(
        re.sub(r"([A-Z]*)(\d+)", lambda m: (f"${m[1]}" if m[1] else "") + f"${m[2]}", p)
        for p in ref.split(":")
    )


@dataclass
class Plan:
    """What a splice writes: parts replaced (bytes), sheets written from grids as the new
    package is written (``sheets``: part -> (grid, tab selected, drawing id)), parts added and
    removed, and the style table the sheets' formats go into (written last)."""

    replaced: dict[str, bytes]
    sheets: dict[str, tuple[Grid, bool, str]]
    added: dict[str, bytes]
    removed: set[str]
    styles_part: str
    styles: StyleTable


def plan(path: Path, grids: list[Grid]) -> Plan:
    """The parts that put ``grids`` in place of the sheets of the same titles. Raises
    ``Unsupported`` before anything is written."""
    with zipfile.ZipFile(path) as z:
        pkg = Package(z)
        if len(pkg.names) != len(z.infolist()):
            raise Unsupported("a part name twice in the package")
        doc = next((r["part"] for r in pkg.rels("") if r["Type"] == T_DOCUMENT), None)
        if doc is None or doc not in pkg.names:
            raise Unsupported("no workbook part")
        wb_text = pkg.read(doc).decode("utf-8")
        if "<!--" in wb_text or "<![CDATA[" in wb_text:
            raise Unsupported("workbook.xml has comments")
        wb_rels = {r["Id"]: r for r in pkg.rels(doc)}
        tags = re.findall(r"<sheet\b[^>]*>", wb_text)
        sheets = [_attrs(t) for t in tags]
        titles = [s.get("name") for s in sheets]
        later = {s.title for s in LATER_SHEETS}  # (a master made before they existed)
        schema = [s.title for s in ALL_SHEETS if s.title in titles or s.title not in later]
        if titles[: len(schema)] != schema:
            raise Unsupported("sheets not in the schema's order")
        active = int((re.search(r'<workbookView\b[^>]*\bactiveTab="(\d+)"', wb_text) or [0, 0])[1])
        styles_part = next((r["part"] for r in wb_rels.values() if r["Type"] == T_STYLES), None)
        if styles_part is None or styles_part not in pkg.names:
            raise Unsupported("no style table")
        styles = StyleTable(pkg.read(styles_part))

        replaced: dict[str, bytes] = {}
        sheets_out: dict[str, tuple[Grid, bool, str]] = {}
        added: dict[str, bytes] = {}
        targets: dict[int, Grid] = {}
        for grid in grids:
            index = titles.index(grid.sheet.title)
            rel = wb_rels.get(sheets[index].get("r:id"))
            if rel is None or rel["Type"] != T_SHEET or rel["part"] not in pkg.names:
                raise Unsupported(f"{grid.sheet.title} is not a worksheet")
            targets[index] = grid
        rewritten = {wb_rels[sheets[i]["r:id"]]["part"] for i in targets}
        calc = [r for r in wb_rels.values() if r["Type"] == T_CALC]
        kept = pkg.reachable(rewritten | {r["part"] for r in calc})
        old = pkg.reachable(set()) - kept - rewritten
        removed = {p for p in old if p in pkg.names}
        removed |= {c["part"] for c in calc if c["part"] in pkg.names}
        removed |= {_rels_name(p) for p in removed | rewritten if _rels_name(p) in pkg.names}
        names = (pkg.names - removed) | set()

        for index, grid in sorted(targets.items()):
            part = wb_rels[sheets[index]["r:id"]]["part"]
            drawing_id = ""
            placed = [p for p in (place_picture(grid, pic) for pic in grid.images) if p]
            if grid.charts or placed:
                drawing = _unique(names, "xl/drawings/drawing{}.xml")
                rels = []
                for spec in grid.charts:
                    chart = _unique(names, "xl/charts/chart{}.xml")
                    added[chart] = chart_xml(grid, spec)
                    rels.append((f"rId{len(rels) + 1}", T_CHART, chart))
                pictures = []
                for picture in placed:
                    media = _unique(names, "xl/media/image{}." + picture.ext)
                    added[media] = picture.data
                    rels.append((f"rId{len(rels) + 1}", T_IMAGE, media))
                    pictures.append((picture, rels[-1][0]))
                charts = [rid for rid, kind, _ in rels if kind == T_CHART]
                added[drawing] = drawing_xml(grid, charts, pictures)
                added[_rels_name(drawing)] = _rels_xml(rels)
                added[_rels_name(part)] = _rels_xml([("rId1", T_DRAWING, drawing)])
                drawing_id = "rId1"
            if grid.comments:
                raise Unsupported("comments")
            sheets_out[part] = (grid, index == active, drawing_id)
        replaced[doc] = _workbook(wb_text, tags, titles, targets).encode("utf-8")
        if calc:
            rels_name = _rels_name(doc)
            text = pkg.read(rels_name).decode("utf-8")
            for r in calc:
                text = re.sub(rf'<Relationship\b[^>]*Id="{re.escape(r["Id"])}"[^>]*/>', "", text)
            replaced[rels_name] = text.encode("utf-8")
        types = pkg.read("[Content_Types].xml").decode("utf-8")
        replaced["[Content_Types].xml"] = _content_types(types, removed, added).encode("utf-8")
        for name in list(added):  # a name the package had (a rels file, a drawing): replace
            if name in pkg.names:
                replaced[name] = added.pop(name)
                removed.discard(name)
    return Plan(replaced, sheets_out, added, removed, styles_part, styles)


def _rels_xml(rels: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="/{p}"/>' for i, t, p in rels)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}">'
        f"{body}</Relationships>"
    ).encode("utf-8")


def _workbook(text: str, tags: list[str], titles: list[str], targets: dict[int, Grid]) -> str:
    """workbook.xml with each rewritten sheet's visibility, print titles and filter names."""
    for index, grid in targets.items():
        tag = tags[index]
        state = f'state="{grid.state}"'
        new = (
            re.sub(r'\sstate="[^"]*"', " " + state, tag)
            if "state=" in tag
            else tag.replace("<sheet ", f"<sheet {state} ", 1)
        )
        text = text.replace(tag, new, 1)
    names = []
    for index, grid in sorted(targets.items()):
        title = _quote(grid.sheet.title)
        if grid.autofilter:
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
                f"{esc(title)}!{_absolute(grid.autofilter)}</definedName>"
            )
        if grid.title_rows:
            names.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                f"{esc(title)}!{_absolute(grid.title_rows)}</definedName>"
            )

    def keep(m: re.Match) -> str:
        local = _attrs(m.group(1)).get("localSheetId")
        return "" if local is not None and int(local) in targets else m.group(0)

    text = re.sub(r"(<definedName\b[^>]*?)(?:/>|>.*?</definedName>)", keep, text, flags=re.S)
    if names:
        if "</definedNames>" in text:
            text = text.replace("</definedNames>", "".join(names) + "</definedNames>", 1)
        elif "<definedNames/>" in text:
            text = text.replace(
                "<definedNames/>", f"<definedNames>{''.join(names)}</definedNames>", 1
            )
        else:
            text = text.replace(
                "</sheets>", f"</sheets><definedNames>{''.join(names)}</definedNames>", 1
            )
    text = re.sub(r"<definedNames>\s*</definedNames>", "", text)
    return _full_calc_on_load(text)


def _full_calc_on_load(text: str) -> str:
    """Formulas staff wrote over the rewritten sheets are worked out again when the file is
    opened (as openpyxl's saves ask): ``fullCalcOnLoad`` in ``calcPr``, which is added after
    the elements that come before it when there is none."""
    m = re.search(r"<calcPr\b[^>]*?(/?)>", text)
    if m:
        tag = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", m.group(0))
        tag = re.sub(r"\s*(/?)>$", r' fullCalcOnLoad="1"\1>', tag)
        return text[: m.start()] + tag + text[m.end() :]
    ends = [
        text.rfind(f"</{name}>") + len(name) + 3
        for name in ("sheets", "functionGroups", "externalReferences", "definedNames")
        if f"</{name}>" in text
    ]
    at = max(ends)
    return text[:at] + '<calcPr calcId="124519" fullCalcOnLoad="1"/>' + text[at:]


def _content_types(text: str, removed: set[str], added: dict[str, bytes]) -> str:
    def keep(m: re.Match) -> str:
        name = _attrs(m.group(0)).get("PartName", "").lstrip("/")
        return "" if name in removed and name not in added else m.group(0)

    text = re.sub(r"<Override\b[^>]*/>", keep, text)
    present = {
        _attrs(t).get("PartName", "").lstrip("/") for t in re.findall(r"<Override\b[^>]*/>", text)
    }
    new = []
    for name in added:
        kind = (
            CT_DRAWING
            if "/drawings/drawing" in name
            else CT_CHART
            if "/charts/chart" in name
            else None
        )
        if kind and name not in present:
            new.append(f'<Override PartName="/{name}" ContentType="{kind}"/>')
    defaults = {
        _attrs(t).get("Extension", "").lower() for t in re.findall(r"<Default\b[^>]*/>", text)
    }
    for name in added:
        ext = name.rpartition(".")[2]
        if name.startswith("xl/media/") and ext not in defaults:
            defaults.add(ext)
            new.insert(0, f'<Default Extension="{ext}" ContentType="{IMAGE_TYPES[ext]}"/>')
    return text.replace("</Types>", "".join(new) + "</Types>", 1)


def write(path: Path, grids: list[Grid], keep_backup: bool = True) -> None:
    """Put ``grids`` into the master at ``path`` in place of the sheets of the same titles
    (atomic, with a dated backup as every save). Each sheet is written into the new package as
    it is made, a few hundred rows at a time; the style table goes last, with the formats the
    sheets needed. Raises ``Unsupported`` having left the master as it was."""
    path = Path(path)
    p = plan(path, grids)

    def save(tmp: Path) -> None:
        with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in zin.infolist():
                name = info.filename
                if name in p.removed or name == p.styles_part:
                    continue
                if name in p.sheets:
                    grid, selected, drawing = p.sheets[name]
                    with out.open(_info(name, info.date_time), "w") as f:
                        for chunk in sheet_chunks(grid, p.styles, selected, drawing):
                            f.write(chunk.encode("utf-8"))
                elif name in p.replaced:
                    out.writestr(_info(name, info.date_time), p.replaced[name])
                else:
                    _copy_raw(zin, out, info)
            for name, data in p.added.items():
                out.writestr(_info(name), data)
            styles = zin.getinfo(p.styles_part)
            if p.styles.changed:
                out.writestr(_info(p.styles_part, styles.date_time), p.styles.xml())
            else:
                _copy_raw(zin, out, styles)

    save_atomic(path, save, keep_backup=keep_backup)


def _copy_raw(zin: zipfile.ZipFile, out: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """A part copied as its compressed bytes, CRC and sizes (no inflating and deflating again:
    the input sheets are most of a large master). zipfile has no public call for this; the
    local header is rebuilt from the entry, without a data descriptor."""
    if info.flag_bits & 0x01:  # encrypted: not an .xlsx part
        raise Unsupported(f"{info.filename} is encrypted")
    zin.fp.seek(info.header_offset)
    header = zin.fp.read(30)
    if header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(info.filename)
    skip = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    zin.fp.seek(info.header_offset + 30 + skip)
    data = zin.fp.read(info.compress_size)
    new = copy.copy(info)
    new.flag_bits &= ~0x08
    new.extra = b""
    new.header_offset = out.fp.tell()
    out.fp.write(new.FileHeader())
    out.fp.write(data)
    out.filelist.append(new)
    out.NameToInfo[new.filename] = new
    out.start_dir = out.fp.tell()
    out._didModify = True


def _info(name: str, date_time=(1980, 1, 1, 0, 0, 0)) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info

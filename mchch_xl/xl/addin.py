"""Build the Excel add-in (``mchch.xlam``) from the text sources in ``mchch_xl/macros/``, on any OS.

The add-in is a zip of XML parts written here byte for byte (fixed timestamps, fixed order),
plus ``xl/vbaProject.bin`` made by ms-ovba from the VBA text with our own [MS-OVBA]
compressor (``ovba``). RunPython comes from the VBA module that the installed xlwings ships
for custom add-ins (``xlwings_custom_addin.bas``), so the add-in always matches the Python
side's xlwings version. Building twice gives identical bytes.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from mchch_xl.xl import ovba

PROJECT_NAME = "mchch"
CONFIG_SHEET = f"{PROJECT_NAME}.conf"
PROJECT_ID = "{6C1D6F2A-3B4E-4F51-9A57-4D43484358AC}"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# The add-in's own config sheet. xlwings' VBA (GetConfig) reads a key from this sheet before any
# config file, and a key present with an empty value still counts: so no INTERPRETER_WIN row
# here unless ``addin install`` writes the real interpreter into it.
CONFIG = (
    ("UDF MODULES", "mchch_xl.xl.udfs"),
    ("ADD_WORKBOOK_TO_PYTHONPATH", "False"),
    ("SHOW CONSOLE", "False"),
)


def default_macros_dir() -> Path:
    """``mchch_xl/macros``: package data, so any installed copy can build the add-in."""
    return Path(__file__).resolve().parents[1] / "macros"


def xlwings_vba() -> tuple[str, str]:
    """(xlwings version, the custom add-in VBA module with our project name)."""
    spec = importlib.util.find_spec("xlwings")  # located, not imported: imports take 0.8 s
    if spec is None or spec.origin is None:
        raise RuntimeError("xlwings is not installed")
    folder = Path(spec.origin).parent
    text = (folder / "xlwings_custom_addin.bas").read_text("ascii")
    version = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', text).group(1)
    text = re.sub(
        r'PROJECT_NAME As String = "[^"]*"', f'PROJECT_NAME As String = "{PROJECT_NAME}"', text
    )
    return version, text


@contextmanager
def _in_dir(path: Path) -> Iterator[None]:
    # ms-ovba writes its intermediate files into the working folder and beside its inputs
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def vba_project(modules: dict[str, str]) -> bytes:
    """vbaProject.bin: ThisWorkbook and Sheet1 document modules plus the standard modules."""
    import uuid

    import ms_ovba
    import ms_ovba_crypto.ms_ovba_crypto as crypto
    from ms_ovba.Models.Entities.doc_module import DocModule
    from ms_ovba.Models.Entities.reference import Reference
    from ms_ovba.Models.Entities.reference_registered import ReferenceRegistered
    from ms_ovba.Models.Entities.std_module import StdModule
    from ms_ovba.Models.Fields.libid_reference import LibidReference
    from ms_ovba.vbaProject import VbaProject
    from ms_ovba.Views.project_ole_file import ProjectOleFile
    from ms_ovba_compression.ms_ovba import MsOvba

    blank = Path(ms_ovba.__file__).parent / "blank_files"
    with tempfile.TemporaryDirectory() as tmp, _in_dir(Path(tmp)):
        project = VbaProject()
        project.project_id = PROJECT_ID
        for name, guid in (
            ("Sheet1", "0002082000000000C000000000000046"),
            ("ThisWorkbook", "0002081900000000C000000000000046"),
        ):
            shutil.copy(blank / f"{name}.cls", f"{name}.cls")
            doc = DocModule(name)
            doc.add_file(f"{name}.cls")
            doc.add_guid(uuid.UUID(guid))
            doc.normalize_file()
            project.add_module(doc)
        for name, text in modules.items():
            Path(f"{name}.bas").write_bytes(text.replace("\r\n", "\n").encode("ascii"))
            std = StdModule(name)
            std.add_file(f"{name}.bas")
            std.normalize_file()
            project.add_module(std)
        for libid, name in (
            (
                LibidReference(
                    uuid.UUID("0002043000000000C000000000000046"),
                    "2.0",
                    "0",
                    "C:\\Windows\\System32\\stdole2.tlb",
                    "OLE Automation",
                ),
                "stdole",
            ),
            (
                LibidReference(
                    uuid.UUID("2DF8D04C5BFA101BBDE500AA0044DE52"),
                    "2.0",
                    "0",
                    r"C:\Program Files\Common Files\Microsoft Shared\OFFICE16\MSO.DLL",
                    "Microsoft Office 16.0 Object Library",
                ),
                "Office",
            ),
        ):
            project.add_reference(Reference(ReferenceRegistered(libid), name))
        original, rng = MsOvba.compress, crypto.random
        MsOvba.compress = lambda self, data: ovba.compress(bytes(data))  # the fixed compressor
        crypto.random = random.Random(PROJECT_ID)  # CMG/DPB/GC obfuscation seeds: reproducible
        try:
            ProjectOleFile.write_file(project)
        finally:
            MsOvba.compress, crypto.random = original, rng
        return Path("vbaProject.bin").read_bytes()


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _parts(
    vba: bytes, custom_ui: bytes, xlwings_version: str, config: tuple[tuple[str, str], ...] = CONFIG
) -> dict[str, bytes]:
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{_esc(k)}</t></is></c>'
        + (f'<c r="B{i}" t="inlineStr"><is><t>{_esc(v)}</t></is></c>' if v else "")
        + "</row>"
        for i, (k, v) in enumerate(config, start=1)
    )
    x = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006"
    return {
        "[Content_Types].xml": (
            f'{x}<Types xmlns="{pkg}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.addin.macroEnabled.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>"
        ).encode(),
        "_rels/.rels": (
            f'{x}<Relationships xmlns="{pkg}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2006/relationships/ui/extensibility" Target="customUI/customUI.xml"/>'
            "</Relationships>"
        ).encode(),
        "docProps/app.xml": (
            f'{x}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>mchch-xl (xlwings {_esc(xlwings_version)})</Application></Properties>"
        ).encode(),
        "customUI/customUI.xml": custom_ui,
        "xl/workbook.xml": (
            f'{x}<workbook {ns} xmlns:r="{rel}"><workbookPr codeName="ThisWorkbook"/>'
            f'<bookViews><workbookView/></bookViews><sheets><sheet name="{CONFIG_SHEET}" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'{x}<Relationships xmlns="{pkg}/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
            "</Relationships>"
        ).encode(),
        "xl/styles.xml": (
            f'{x}<styleSheet {ns}><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        ).encode(),
        "xl/worksheets/sheet1.xml": (
            f'{x}<worksheet {ns}><sheetPr codeName="Sheet1"/><cols><col min="1" max="1" width="32" '
            f'customWidth="1"/><col min="2" max="2" width="40" customWidth="1"/></cols>'
            f"<sheetData>{rows}</sheetData></worksheet>"
        ).encode(),
        "xl/vbaProject.bin": vba,
    }


def module_sources(macros: Path) -> dict[str, str]:
    """Every module the add-in carries, by name, as VBA text (xlwings' module first)."""
    _, xlwings_text = xlwings_vba()
    modules = {"xlwings": xlwings_text}
    for bas in sorted(macros.glob("*.bas")):
        modules[bas.stem] = bas.read_bytes().decode("ascii")  # VBA source is code page 1252
    return modules


def build_addin(
    out: Path, macros: Path | None = None, settings: tuple[tuple[str, str], ...] = ()
) -> Path:
    """Write the add-in to ``out`` (atomic) and return its path. ``settings`` go first in its
    config sheet (``addin install`` puts the interpreter there)."""
    macros = Path(macros or default_macros_dir())
    if not (macros / "customUI.xml").exists():
        raise FileNotFoundError(f"ไม่พบ customUI.xml ในโฟลเดอร์ {macros} (ใช้ --macros)")
    version, _ = xlwings_vba()
    vba = vba_project(module_sources(macros))
    parts = _parts(vba, (macros / "customUI.xml").read_bytes(), version, tuple(settings) + CONFIG)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    os.replace(tmp, out)
    return out

"""The add-in, built from text on Linux without Excel, checked by olevba and LibreOffice."""

from __future__ import annotations

import ast
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from mchch_xl.cli.commands import main
from mchch_xl.xl import addin, ribbon
from mchch_xl.xl.ovba import compress, decompress
from tests.conftest import soffice

MACROS = Path(__file__).parents[1] / "mchch_xl" / "macros"
NS = {"ui": "http://schemas.microsoft.com/office/2006/01/customui"}


@pytest.fixture(scope="module")
def xlam(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("addin") / "mchch.xlam"
    assert main(["build-addin", "--out", str(out)]) == 0
    return out


def _subs() -> dict[str, str]:
    """Sub name -> the Python it runs, from macros/*.bas."""
    text = "\n".join(p.read_text("ascii") for p in MACROS.glob("*.bas"))
    return dict(
        re.findall(r'Sub (\w+)\(control As Object\)\s+If Ready\(\) Then RunPython "([^"]+)"', text)
    )


def test_vba_sources_are_ascii_and_hold_no_logic():
    """Each button is one guarded RunPython line; the only other code is the no-workbook guard."""
    for bas in MACROS.glob("*.bas"):
        raw = bas.read_bytes()
        text = raw.decode("ascii")
        subs = re.findall(r"Public Sub \w+\(control As Object\)\n(.*?)\nEnd Sub", text, re.DOTALL)
        assert subs and all(
            re.fullmatch(r'    If Ready\(\) Then RunPython "[^"]+"', b) for b in subs
        )
        private = re.findall(r"^Private (?:Function|Const) (\w+)", text, re.MULTILINE)
        assert private == ["NO_WORKBOOK", "TITLE_TH", "Thai", "Ready"], bas


def _thai(codes: str) -> str:
    """What the VBA function Thai() makes of a constant: UTF-16 code units, 4 hex digits each."""
    return "".join(chr(int(codes[i : i + 4], 16)) for i in range(0, len(codes), 4))


def test_no_workbook_guard_speaks_thai():
    text = (MACROS / "mchch.bas").read_text("ascii")
    consts = dict(re.findall(r'Private Const (\w+) As String = "([0-9A-F]+)"', text))
    assert (
        _thai(consts["NO_WORKBOOK"]) == "ยังไม่มีสมุดงานที่เปิดอยู่: เปิดสมุดงานหลักก่อน แล้วกดปุ่มในแท็บ มชช. อีกครั้ง"
    )
    assert _thai(consts["TITLE_TH"]) == "มชช."
    assert "Ready = Not (ActiveWorkbook Is Nothing)" in text
    assert 'CreateObject("WScript.Shell").Popup Thai(NO_WORKBOOK), 0, Thai(TITLE_TH), 48' in text


def test_every_ribbon_action_names_an_existing_sub_and_python_function():
    ui = ElementTree.parse(MACROS / "customUI.xml").getroot()
    tab = ui.find(".//ui:tab", NS)
    assert tab.get("label") == "มชช."
    groups = [g.get("label") for g in tab.findall("ui:group", NS)]
    assert groups == ["ข้อมูล", "อำเภอ", "การประชุม", "ผลลัพธ์", "เอกสาร"]
    subs = _subs()
    actions = [b.get("onAction") for b in ui.iter(f"{{{NS['ui']}}}button")]
    assert actions and set(actions) == set(subs)
    for b in ui.iter(f"{{{NS['ui']}}}button"):
        assert re.search("[ก-๙]", b.get("label")), b.get("id")
        assert b.get("imageMso")
    for command in subs.values():
        tree = ast.parse(command)
        call = tree.body[-1].value
        assert (
            isinstance(tree.body[0], ast.Import)
            and tree.body[0].names[0].name == "mchch_xl.xl.ribbon"
        )
        assert callable(getattr(ribbon, call.func.attr)), command


def test_olevba_extracts_every_module_as_written(xlam):
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlam))
    found = {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    for name, source in addin.module_sources(MACROS).items():
        assert found[name].replace("\r\n", "\n").rstrip("\n") == source.replace(
            "\r\n", "\n"
        ).rstrip("\n"), name
    assert {"Sheet1", "ThisWorkbook", "xlwings", "mchch"} <= set(found)


def test_addin_parts_and_xlwings_version(xlam):
    import xlwings

    with zipfile.ZipFile(xlam) as z:
        names = set(z.namelist())
        assert {"xl/vbaProject.bin", "customUI/customUI.xml", "xl/workbook.xml"} <= names
        types = z.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.addin.macroEnabled.main+xml" in types
        assert "ui/extensibility" in z.read("_rels/.rels").decode()
        assert 'codeName="ThisWorkbook"' in z.read("xl/workbook.xml").decode()
        assert "mchch.conf" in z.read("xl/workbook.xml").decode()
        assert "mchch_xl.xl.udfs" in z.read("xl/worksheets/sheet1.xml").decode()
    from oletools.olevba import VBA_Parser

    code = {Path(n).stem: c for _, _, n, c in VBA_Parser(str(xlam)).extract_macros()}
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in code["xlwings"]
    assert 'PROJECT_NAME As String = "mchch"' in code["xlwings"]


def test_build_is_byte_reproducible(xlam, tmp_path):
    again = addin.build_addin(tmp_path / "again.xlam")
    assert again.read_bytes() == xlam.read_bytes()


def test_compressor_round_trips_what_ms_ovba_broke():
    from oletools.olevba import decompress_stream

    text = addin.xlwings_vba()[1].encode("ascii")
    for data in (text, b"=" * 20000, b"ab" * 9000 + b"x", bytes(range(256)) * 40):
        packed = compress(data)
        assert decompress(packed) == data
        assert bytes(decompress_stream(bytearray(packed))) == data
    assert len(compress(text)) < len(text) / 2


@pytest.mark.libreoffice
def test_libreoffice_loads_the_addin_and_lists_the_vba_modules(xlam, tmp_path):
    exe = soffice()
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
            "--headless",
            "--infilter=Calc MS Excel 2007 XML",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(xlam),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with zipfile.ZipFile(tmp_path / "mchch.ods") as z:
        modules = {Path(n).stem for n in z.namelist() if n.startswith("Basic/VBAProject/")}
        assert {"mchch", "xlwings", "ThisWorkbook", "Sheet1"} <= modules
        assert "MchchRecalc" in z.read("Basic/VBAProject/mchch.xml").decode()

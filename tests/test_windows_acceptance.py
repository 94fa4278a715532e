"""``tests/windows/acceptance.py`` drives a real Excel, so it cannot run here; what can go wrong
before Excel answers is checked with a recording stand-in for xlwings' ``App``: the ribbon mode
opens, in the Excel it starts, the very add-in whose Subs it calls, and calls them as the ribbon
does (with an object, never ``None``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mchch_xl.xl.install import ADDIN_NAME
from tests.windows import acceptance

BAS = Path(__file__).parents[1] / "mchch_xl" / "macros" / "mchch.bas"


class _Workbooks:
    def __init__(self, calls: list):
        self.calls = calls

    def Open(self, path: str, ReadOnly: bool = False) -> None:  # noqa: N802 - COM's name
        self.calls.append(("Workbooks.Open", path, ReadOnly))


class _Excel:
    """What the script asks of xlwings' App: a new instance, COM's Workbooks, Application.Run."""

    def __init__(self, visible: bool, add_book: bool):
        self.calls: list = [("App", visible, add_book)]
        self.api = type("Application", (), {"Workbooks": _Workbooks(self.calls)})()

    def macro(self, name: str):
        return lambda *args: self.calls.append(("Run", name, args))


def test_ribbon_mode_opens_the_installed_addin_and_calls_its_subs_with_an_object(
    tmp_path, monkeypatch
):
    xlstart = tmp_path / "XLSTART"
    xlstart.mkdir()
    (xlstart / ADDIN_NAME).write_bytes(b"PK")
    monkeypatch.setattr("mchch_xl.xl.install.default_xlstart", lambda *a, **k: xlstart)
    app = acceptance.start_excel(True, new_app=_Excel)
    for _, macro in acceptance.BUTTONS:
        acceptance.press(app, macro)
    opened = str(xlstart / ADDIN_NAME)
    assert app.calls == [
        ("App", True, False),
        ("Workbooks.Open", opened, True),
        *[("Run", f"'mchch.xlam'!{macro}", (app.api,)) for _, macro in acceptance.BUTTONS],
    ]
    # each name the script runs is a Sub of the add-in that takes the control as an object
    subs = set(re.findall(r"^Public Sub (\w+)\(control As Object\)$", BAS.read_text("ascii"), re.M))
    assert {macro for _, macro in acceptance.BUTTONS} | {"MchchRecalc"} <= subs
    assert Path(opened).name == ADDIN_NAME


def test_direct_mode_opens_no_addin_and_a_missing_addin_is_named(tmp_path):
    app = acceptance.start_excel(False, new_app=_Excel)
    assert app.calls == [("App", True, False)]
    with pytest.raises(SystemExit) as stop:
        acceptance.start_excel(True, tmp_path / ADDIN_NAME, new_app=_Excel)
    assert str(stop.value) == f"ไม่พบ Add-in {tmp_path / ADDIN_NAME}: รัน mchch-xl addin install ก่อน"

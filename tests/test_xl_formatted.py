"""Formatted results in desktop Excel (``mchch_xl/xl/formatted.py``): save, close, the command
line's recalculation on the file, reopen at the same sheet. Desktop Excel is not here, so the
four COM calls are played by a recording double; the file itself is real and is compared with
``mchch-xl recalc``'s. Engines that cannot reopen a file keep the values-only path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
xw = pytest.importorskip("xlwings")

from mchch_xl.domain import schema
from mchch_xl.flows.pipeline import recalc as headless_recalc
from mchch_xl.xl import actions, formatted
from tests.test_xl import payload


class Engine:
    name = "excel"


class Sheet:
    def __init__(self, book: Book, name: str):
        self.book, self.name = book, name

    def activate(self) -> None:
        self.book.app.calls.append(f"activate {self.name}")


class Sheets(list):
    active: Sheet

    def __getitem__(self, key):
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return list.__getitem__(self, key)


class Api:
    def __init__(self, read_only: bool):
        self.ReadOnly = read_only


class Book:
    """What desktop xlwings offers for the formatted path, recorded."""

    def __init__(self, app: App, path: str, active: str | None = None, read_only: bool = False):
        self.app, self.fullname, self.name = app, path, Path(path).name
        names = (
            openpyxl.load_workbook(path, read_only=True).sheetnames if Path(path).exists() else []
        )
        self.sheets = Sheets(Sheet(self, n) for n in names)
        if self.sheets:
            self.sheets.active = self.sheets[active or names[0]]
        self.api = Api(read_only)

    def save(self) -> None:
        self.app.calls.append("save")

    def close(self) -> None:
        self.app.calls.append("close")


class Books:
    def __init__(self, app: App):
        self.app = app

    def open(self, path: str) -> Book:
        self.app.calls.append(f"open {Path(path).name}")
        return Book(self.app, path)


class App:
    def __init__(self):
        self.engine, self.books, self.calls = Engine(), Books(self), []

    def alert(self, text: str, title: str = "") -> None:
        self.calls.append(f"alert {text.splitlines()[0]}")


def _fewer_candidates(path: Path) -> None:
    """Half the candidates gone: every output sheet changes its row count."""
    wb = openpyxl.load_workbook(path)
    ws = wb[schema.CANDIDATES.title]
    ws.delete_rows(schema.FIRST_DATA_ROW, 60)
    wb.save(path)


def _layout(path: Path, title: str) -> dict:
    ws = openpyxl.load_workbook(path)[title]
    return {
        "values": [list(r) for r in ws.iter_rows(values_only=True)],
        "merges": sorted(str(m) for m in ws.merged_cells.ranges),
        "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
        "fonts": [
            (c.coordinate, c.font.name, c.font.sz, c.font.b)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ],
        "borders": [(c.coordinate, c.border.left.style) for row in ws.iter_rows() for c in row],
        "breaks": [b.id for b in ws.row_breaks.brk],
        "print": (ws.page_setup.orientation, ws.page_setup.paperSize, ws.print_title_rows),
        "charts": len(ws._charts),
    }


@pytest.mark.slow
def test_desktop_button_leaves_the_file_as_recalc_would(demo, tmp_path):
    _fewer_candidates(demo)
    twin = tmp_path / "twin" / demo.name
    twin.parent.mkdir()
    shutil.copy(demo, twin)
    headless_recalc(twin)
    app = App()
    book = Book(app, str(demo), active=schema.ORDER.title)
    outcome = actions.build_order(book)
    assert app.calls == [
        "save",
        "close",
        f"open {demo.name}",
        f"activate {schema.ORDER.title}",
        "alert จัดลำดับการนำเสนอแล้ว (จัดรูปแบบทั้งสมุดงานใหม่)",
    ]
    assert outcome.run.results.total == 129 - 60
    for sheet in schema.OUTPUT_SHEETS:
        assert _layout(demo, sheet.title) == _layout(twin, sheet.title), sheet.title


@pytest.mark.slow
def test_desktop_import_reopens_at_the_same_sheet(demo_file, tmp_path):
    from mchch_xl.flows.pipeline import evaluate
    from tests.fill import empty_like, fill

    actions.make_templates(xw.Book(json=payload(demo_file)), tmp_path / "tpl")
    data = evaluate(demo_file).checked.data
    for p in sorted((tmp_path / "tpl").glob("*.xlsx")):
        fill(p, data, p.name.split("-")[1])
    target = empty_like(demo_file, tmp_path / "master.xlsx")
    app = App()
    outcome = actions.import_files(
        Book(app, str(target), active=schema.SETTINGS.title), [tmp_path / "tpl"], tmp_path / "back"
    )
    assert app.calls[:4] == [
        "save",
        "close",
        "open master.xlsx",
        f"activate {schema.SETTINGS.title}",
    ]
    assert app.calls[4].startswith("alert นำเข้า 18 ไฟล์: แทนที่ข้อมูล 18 อำเภอ")
    assert outcome.run.results.total == 129
    rows = [
        r
        for r in openpyxl.load_workbook(target)[schema.CANDIDATES.title].iter_rows(
            min_row=schema.FIRST_DATA_ROW, values_only=True
        )
        if r[0]
    ]
    assert len(rows) == 129


def test_failure_on_the_file_still_reopens_the_book(demo):
    app = App()
    book = Book(app, str(demo))

    def broken(path):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        formatted.run_on_file(book, broken)
    assert app.calls == [
        "save",
        "close",
        f"open {demo.name}",
        f"activate {book.sheets.active.name}",
    ]


def test_an_unsaved_book_is_asked_to_be_saved_first(tmp_path):
    app = App()
    book = Book(app, "Book1")
    outcome = actions.recalc(book)
    assert outcome.run is None and outcome.message == formatted.UNSAVED
    assert app.calls == [f"alert {formatted.UNSAVED}"]


class _Desktop:
    """A remote-engine book that says it is desktop Excel, for the values-only fallbacks."""

    def __init__(self, book, fullname: str, read_only: bool):
        self._book, self.fullname, self.api = book, fullname, Api(read_only)
        self.app = type("A", (), {"engine": Engine(), "alert": book.app.alert})()

    def __getattr__(self, name):
        return getattr(self._book, name)


def test_modes(demo):
    remote = xw.Book(json=payload(demo))
    assert formatted.mode(remote) == formatted.Mode(False)
    assert formatted.mode(_Desktop(remote, str(demo), False)) == formatted.Mode(True)
    ro = formatted.mode(_Desktop(remote, str(demo), True))
    assert not ro.formatted and "อ่านอย่างเดียว" in ro.reason
    cloud = formatted.mode(_Desktop(remote, "https://d.docs.live.net/abc/master.xlsx", False))
    assert not cloud.formatted and "OneDrive" in cloud.reason
    xlsm = demo.with_suffix(".xlsm")
    shutil.copy(demo, xlsm)
    assert not formatted.mode(_Desktop(remote, str(xlsm), False)).formatted
    assert formatted.mode(_Desktop(remote, "Book1", False)).unsaved


def test_read_only_book_gets_values_and_is_told_why(demo):
    remote = xw.Book(json=payload(demo))
    outcome = actions.recalc(_Desktop(remote, str(demo), True))
    funcs = [a["func"] for a in remote.json()["actions"]]
    assert funcs.count("setValues") == len(schema.OUTPUT_SHEETS)
    assert outcome.message.splitlines()[-1].startswith("สมุดงานเปิดแบบอ่านอย่างเดียว")


def _values_fallback_changes(demo: Path, remerge: bool, monkeypatch) -> list:
    """Cells of a read-only desktop book (values path) that would not read back as written,
    when the sheets were laid out for fewer districts than the data now has (the old total and
    note rows' merges sit where new district rows go)."""
    from mchch_xl.files.writer import put
    from tests.excel_model import ExcelModel
    from tests.test_xl_writes import _same

    rows = [list(r) for r in openpyxl.load_workbook(demo)[schema.CANDIDATES.title].iter_rows()]
    _fewer_candidates(demo)
    headless_recalc(demo)
    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.CANDIDATES.title]
    for r, line in enumerate(rows, start=1):
        for c, cell in enumerate(line, start=1):
            put(ws, r, c, cell.value, style=None)
    wb.save(demo)
    meant = {}
    original = actions.BookIO.put

    def recording(self, sheet, row, col, values, styles=None):
        for i, line in enumerate(values):
            for j, v in enumerate(line):
                meant[(sheet.name, row + i, col + j)] = v
        return original(self, sheet, row, col, values, styles)

    monkeypatch.setattr(actions.BookIO, "put", recording)
    if not remerge:
        monkeypatch.setattr(actions, "manages_merges", lambda book: False)
    remote = xw.Book(json=payload(demo))
    actions.recalc(_Desktop(remote, str(demo), True))
    model = ExcelModel(demo)
    model.apply(remote.json()["actions"])
    return [k for k, v in meant.items() if not _same(v, model.value(*k))]


def test_values_fallback_unmerges_the_old_layout_and_merges_the_new(demo, monkeypatch):
    assert _values_fallback_changes(demo, True, monkeypatch) == []


def test_values_fallback_without_remerging_would_be_refused(demo, monkeypatch):
    refused = _values_fallback_changes(demo, False, monkeypatch)
    assert {t for t, _, _ in refused} == {schema.ORDER.title}


class _RemoteExcel:
    """Desktop Excel's application for a remote-engine book: alerts land in the remote book's
    recorded actions (what the person would see), the four COM calls are recorded."""

    engine = Engine()

    def __init__(self, remote):
        self.remote, self.calls, self.books = remote, [], self

    def open(self, path: str) -> _RemoteBook:
        self.calls.append(f"open {Path(path).name}")
        return _RemoteBook(self.remote, path, self)

    def alert(self, text: str, title: str = "") -> None:
        self.remote.app.alert(text, title=title)


class _RemoteBook:
    """A remote-engine book on desktop Excel's formatted path. After ``close()`` its ``app``
    fails as COM does for a closed workbook (xlwings reads ``Workbook.Application``)."""

    def __init__(self, remote, fullname: str, app: _RemoteExcel | None = None, url: str = ""):
        self._remote, self.fullname, self.closed = remote, fullname, False
        self._app = app or _RemoteExcel(remote)
        self.api = type("Api", (), {"FullName": url or fullname, "ReadOnly": False})()

    @property
    def app(self) -> _RemoteExcel:
        if self.closed:
            raise RuntimeError("The object invoked has disconnected from its clients.")
        return self._app

    def save(self) -> None:
        self._app.calls.append("save")

    def close(self) -> None:
        self.closed = True
        self._app.calls.append("close")

    def __getattr__(self, name):
        return getattr(self._remote, name)


def _alerts(remote) -> list[list[str]]:
    return [a["args"][:2] for a in remote.json()["actions"] if a["func"] == "alert"]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            lambda p: p.write_bytes(b"not a workbook"),
            "ทำงานไม่สำเร็จ: เปิดไฟล์ไม่ได้: ไม่ใช่ไฟล์ .xlsx\nตรวจว่าเป็นไฟล์ Excel (.xlsx) ที่ไม่เสียหาย",
        ),
        (
            lambda p: p.with_name("~$" + p.name).write_text("somchai"),
            "ทำงานไม่สำเร็จ: ไฟล์กำลังเปิดอยู่ใน Excel หรือโปรแกรมอื่น\nปิดไฟล์ใน Excel แล้วลองใหม่"
            " (ถ้าปิด Excel ทุกหน้าต่างแล้วยังขึ้นข้อความนี้ ไฟล์ล็อก '~$demo-2568.xlsx' ข้างไฟล์นี้"
            " ค้างจากโปรแกรมที่ปิดไม่ปกติ: ลบไฟล์นั้นแล้วลองใหม่)",
        ),
    ],
    ids=["FILE_001", "FILE_002"],
)
def test_a_failing_formatted_run_shows_its_thai_message(demo, monkeypatch, spoil, message):
    """The click after save → close → command line → reopen: the error reaches the person
    through the Excel application taken before the close, not through the closed book."""
    from mchch_xl.xl import ribbon

    remote = xw.Book(json=payload(demo))
    book = _RemoteBook(remote, str(demo))
    spoil(demo)
    monkeypatch.setattr(ribbon, "_book", lambda: book)
    ribbon.recalc()
    assert book._app.calls == ["save", "close", f"open {demo.name}"]
    assert _alerts(remote) == [[message, "มชช."]]


@pytest.mark.parametrize("synced", [True, False], ids=["synced-folder-found", "no-folder"])
def test_a_onedrive_book_is_told_in_thai_and_gets_values(demo, synced, monkeypatch):
    """On Windows ``Book.fullname`` turns Excel's OneDrive URL into the synced file's path, or
    raises when it finds no folder: the URL is read from Excel (``api.FullName``)."""
    from xlwings import XlwingsError

    url = "https://d.docs.live.net/4f2a/มชช/demo-2568.xlsx"
    remote = xw.Book(json=payload(demo))
    book = _RemoteBook(remote, str(demo), url=url)
    if not synced:
        monkeypatch.setattr(
            _RemoteBook,
            "fullname",
            property(lambda self: (_ for _ in ()).throw(XlwingsError("Couldn't find your local"))),
            raising=False,
        )
    assert formatted.mode(book) == formatted.Mode(False, formatted.CLOUD)
    outcome = actions.recalc(book)
    assert book._app.calls == []  # never saved, closed or reopened
    funcs = [a["func"] for a in remote.json()["actions"]]
    assert funcs.count("setValues") == len(schema.OUTPUT_SHEETS)
    assert outcome.message.splitlines()[-1] == formatted.CLOUD
    assert formatted.CLOUD == (
        "สมุดงานเปิดจาก OneDrive/SharePoint (ชื่อใน Excel เป็น https://…): ปุ่มไม่ปิดและเปิดไฟล์ใหม่ "
        "เพราะ OneDrive กำลังซิงก์ไฟล์นั้นอยู่ จึงเขียนเฉพาะค่าลงแผ่นงานที่เปิดอยู่ (รูปแบบเดิม) "
        "แล้ว Excel บันทึกขึ้น OneDrive ตามปกติ ถ้าต้องการจัดรูปแบบใหม่ทั้งสมุดงาน "
        "ให้คัดลอกไฟล์ไปไว้ในโฟลเดอร์ที่ไม่ซิงก์ เช่น C:\\มชช แล้วเปิดจากที่นั่น"
    )


def test_district_templates_of_a_onedrive_book_without_a_folder_say_so_in_thai(demo, monkeypatch):
    from xlwings import XlwingsError

    from mchch_xl.xl import ribbon

    remote = xw.Book(json=payload(demo))
    book = _RemoteBook(
        remote, str(demo), url="https://contoso.sharepoint.com/sites/cdd/master.xlsx"
    )
    monkeypatch.setattr(
        _RemoteBook,
        "fullname",
        property(lambda self: (_ for _ in ()).throw(XlwingsError("Couldn't find your SharePoint"))),
        raising=False,
    )
    monkeypatch.setattr(ribbon, "_book", lambda: book)
    ribbon.make_templates()
    assert _alerts(remote) == [
        [
            "ทำงานไม่สำเร็จ: สมุดงานเปิดจาก OneDrive/SharePoint และหาโฟลเดอร์ที่ซิงก์ไว้ในเครื่องไม่พบ "
            "จึงไม่รู้ว่าจะเขียนไฟล์ไว้ที่ใด (ไม่ได้เขียนไฟล์ใด)\n"
            "เปิดสมุดงานจากโฟลเดอร์ OneDrive ใน File Explorer หรือคัดลอกไปไว้ในโฟลเดอร์ในเครื่อง "
            "เช่น C:\\มชช แล้วกดปุ่มอีกครั้ง",
            "มชช.",
        ]
    ]

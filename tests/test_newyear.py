"""Each year from the last: ``new --from`` carries settings, districts, indicators and criteria,
no candidates, scores or decisions, and a history of certified units that grows year on year."""

from __future__ import annotations

import io

import openpyxl
import pytest

from mchch_xl.cli.commands import main
from mchch_xl.compute.carryover import Certified
from mchch_xl.domain import schema
from mchch_xl.domain.model import KINDS, Kind
from mchch_xl.flows.pipeline import evaluate, recalc
from tests.conftest import sheet_values
from tests.provinces import enter_decisions

# a setting row this version does not know (a later version's, or one staff added): carried
LETTER_ROW = [
    "เลขที่ใบจองห้องประชุม",
    "ชร 0017.3/ว 1234 ลงวันที่ 25 เมษายน 2568",
    "เลขที่ใบจองห้องประชุมของปีนี้",
    "room_booking_no",
]


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def decided(demo):
    """The demo with district contacts, a letter-number setting row and the decisions typed."""
    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.DISTRICTS.title]
    ws["D3"], ws["E3"], ws["F3"] = "นายสมชาย ใจดี", "053 123 456", "somchai@example.org"
    settings = wb[schema.SETTINGS.title]
    settings.append(LETTER_ROW)
    title_row = schema.FIRST_DATA_ROW + [s.key for s in schema.SETTINGS_FIELDS].index(
        "meeting_title"
    )
    settings.cell(title_row, 2).value = "การประชุมคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด ครั้งที่ 1/2568"
    wb.save(demo)
    enter_decisions(demo)
    recalc(demo, keep_backup=False)
    return demo


def certified_of(path) -> list[Certified]:
    """The units certified in a master, read from its own results (as the committee decided)."""
    data = evaluate(path).checked.data
    run = evaluate(path)
    names = {d.code: d.name for d in data.districts}
    order = {k: i for i, k in enumerate(KINDS)}
    units = [
        Certified(
            data.settings.fiscal_year,
            e.candidate.id,
            e.candidate.name,
            e.candidate.kind,
            e.candidate.district,
            names[e.candidate.district],
            e.level,
        )
        for e in run.results.certification.evaluations
        if e.decision == "รับรอง"
    ]
    return sorted(units, key=lambda u: (u.district_code, order[u.kind], u.id))


def test_new_from_carries_settings_and_districts_holds_no_candidates_and_lists_history(
    decided, tmp_path
):
    out = tmp_path / "master-2569.xlsx"
    code, stdout, _ = run("new", "--from", str(decided), "--year", "2569", "--out", str(out))
    expected = certified_of(decided)
    assert code == 0 and f"ประวัติการรับรอง {len(expected)} ราย ปี 2568" in stdout
    old, new = evaluate(decided).checked.data, evaluate(out).checked.data

    assert new.settings == old.settings.model_copy(
        update={
            "fiscal_year": 2569,
            "meeting_date": None,
            "rsvp_deadline": None,
            "lottery_seed": None,
            "meeting_no": 1,
            "letter_no": "",
            "letter_date": None,
            "opened_time": None,
            "closed_time": None,
            "meeting_title": "การประชุมคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด ครั้งที่ 1/2569",
            "letter_subject": old.settings.letter_subject.replace("2568", "2569"),
        }
    )
    assert "2568" in old.settings.letter_subject and "2568" not in new.settings.letter_subject
    assert new.districts == old.districts and new.districts[0].contact == "นายสมชาย ใจดี"
    assert (new.candidates, new.scores, new.decisions, new.responses) == ([], [], {}, {})
    strip = lambda items: [i.model_copy(update={"year": 0}) for i in items]
    assert strip(new.indicators) == strip(old.indicators) and {i.year for i in new.indicators} == {
        2569
    }
    assert strip(new.criteria) == strip(old.criteria) and {c.year for c in new.criteria} == {2569}
    for sheet in (schema.INDICATORS, schema.CRITERIA):  # flagged for review
        assert sheet_values(out, sheet.title)[0][0].startswith(
            "ตรวจทาน: คัดลอกจากสมุดงานปี 2568 ให้ปรับให้ตรงกับหลักเกณฑ์ปี 2569 ก่อนใช้"
        )
    settings_rows = sheet_values(out, schema.SETTINGS.title)
    assert settings_rows[-1] == [
        LETTER_ROW[0],
        "ชร 0017.3/ว 1234 ลงวันที่ 25 เมษายน 2569",
        LETTER_ROW[2],
        LETTER_ROW[3],
    ]

    assert len(expected) == 102 and {u.year for u in expected} == {2568}
    assert new.history == expected  # every certified unit, nothing else
    history_sheet = sheet_values(out, schema.HISTORY.title)
    assert history_sheet[1] == schema.HISTORY.headers
    assert history_sheet[2:] == [u.row() for u in expected]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [s.title for s in schema.ALL_SHEETS] + [schema.HISTORY.title]
    # nothing of last year's candidates in the outputs either
    assert [r for r in sheet_values(out, schema.RESULTS.title)[2:] if any(r)] == []


def _add_candidates(path, rows: list[tuple[str, str, Kind, str]]) -> None:
    """Candidates typed in (id, district name, type, name), each scored 5 on every indicator,
    and a meeting date set."""
    data = evaluate(path).checked.data
    wb = openpyxl.load_workbook(path)
    cands, scores = wb[schema.CANDIDATES.title], wb[schema.SCORES.title]
    for cid, district, kind, name in rows:
        cands.append([cid, district, kind.th, name, None, None, None])
        for ind in data.indicators:
            if ind.kind is kind:
                scores.append([cid, ind.code, 5, None])
    settings = wb[schema.SETTINGS.title]
    date_row = schema.FIRST_DATA_ROW + [s.key for s in schema.SETTINGS_FIELDS].index("meeting_date")
    settings.cell(date_row, 2).value = "30/4/2569"
    wb.save(path)


def test_second_year_marks_earlier_certifications_and_keeps_the_first_years_history(
    decided, tmp_path
):
    y69, y70 = tmp_path / "master-2569.xlsx", tmp_path / "master-2570.xlsx"
    assert run("new", "--from", str(decided), "--year", "2569", "--out", str(y69))[0] == 0
    first = certified_of(decided)
    by_id = evaluate(decided).results.certification.by_id()
    x = first[0]  # certified 2568: applies again under its id
    y = next(u for u in first if u.kind is Kind.GROUP)  # applies again under a new id
    not_certified = next(i for i, e in by_id.items() if e.decision and e.decision != "รับรอง")
    nc = by_id[not_certified].candidate
    names = {d.code: d.name for d in evaluate(decided).checked.data.districts}
    _add_candidates(
        y69,
        [
            (x.id, x.district, x.kind, "ชื่อที่เปลี่ยนไป"),
            ("5799-G99", y.district, y.kind, f"  {y.name} "),  # stray spaces as typed
            ("5707-L77", "แม่จัน", Kind.LEADER, "ผู้นำชุมชนรายใหม่"),
            (nc.id, names[nc.district], nc.kind, nc.name),
        ],
    )
    recalc(y69, keep_backup=False)
    results = sheet_values(y69, schema.RESULTS.title)
    assert results[1][-1] == "เคยได้รับการรับรอง"
    marks = {r[3]: r[13] for r in results[2:] if r[3]}
    assert marks == {
        x.id: f"เคยได้รับการรับรองปี ๒๕๖๘ ({x.level})",
        "5799-G99": f"เคยได้รับการรับรองปี ๒๕๖๘ ({y.level})",
        "5707-L77": None,
        nc.id: None,
    }
    decide(y69, {x.id: "รับรอง", "5799-G99": "รับรอง", "5707-L77": "รับรอง", nc.id: "ไม่รับรอง"})
    recalc(y69, keep_backup=False)
    second = certified_of(y69)
    assert sorted(u.id for u in second) == sorted([x.id, "5799-G99", "5707-L77"])
    assert {u.year for u in second} == {2569} and {u.level for u in second} == {"ดีเด่น"}

    code, stdout, _ = run("new", "--from", str(y69), "--year", "2570", "--out", str(y70))
    assert code == 0 and f"ประวัติการรับรอง {len(first) + 3} ราย ปี 2568, 2569" in stdout
    history = evaluate(y70).checked.data.history
    assert history == first + second  # the first year's history kept, the second year's added
    assert sheet_values(y70, schema.HISTORY.title)[2:] == [u.row() for u in first + second]


def decide(path, decisions: dict[str, str]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[schema.RESULTS.title]
    col, id_col = schema.RESULTS.index("decision") + 1, schema.RESULTS.index("id") + 1
    for r in range(schema.FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(r, id_col).value in decisions:
            ws.cell(r, col).value = decisions[ws.cell(r, id_col).value]
    wb.save(path)


def test_new_requires_a_province_or_a_previous_master(tmp_path):
    code, _, err = run("new", "--year", "2569", "--out", str(tmp_path / "m.xlsx"))
    assert code == 2 and "--province" in err and "--from" in err


def test_excel_start_next_year_button(decided, tmp_path, monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    xw = pytest.importorskip("xlwings")
    from mchch_xl.xl import actions
    from tests.test_xl import payload

    book = xw.Book(json=payload(decided))
    out = tmp_path / "next.xlsx"
    outcome = actions.start_next_year(book, out)
    data = evaluate(out).checked.data
    assert data.settings.fiscal_year == 2569 and data.candidates == []
    assert data.history == certified_of(decided)
    assert outcome.message.startswith("สร้างสมุดงานหลักปี 2569 แล้ว")
    # the sheets a run reads (the file path's list), once each
    assert set(outcome.io.reads) == schema.RUN_SHEETS & {s.name for s in book.sheets}
    assert set(outcome.io.reads.values()) == {1}
    assert set(outcome.io.writes) == set()  # the open book is left as it is


def test_new_from_refuses_another_province_and_warns_of_a_far_year(demo, tmp_path):
    """--from a Chiang Rai master with --province เชียงใหม่: refused, nothing made (was: the
    province silently ignored); the master's own province, by any name, is fine. A year more
    than five years from this year (the tests' clock: 2569) is made but warned of (ARG_003),
    with or without --from (was: 2500 taken without a word)."""
    out = tmp_path / "n.xlsx"
    code, stdout, err = run(
        "new", "--from", str(demo), "--province", "เชียงใหม่", "--year", "2569", "--out", str(out)
    )
    assert (code, stdout) == (2, "") and not out.exists()
    assert err.splitlines() == [
        "ทำงานไม่สำเร็จ (ARG_002): [demo-2568.xlsx / ตั้งค่า / แถว 3 / คอลัมน์ B] --province "
        "ระบุจังหวัดเชียงใหม่ แต่สมุดงานปีก่อนเป็นของจังหวัดเชียงราย จึงไม่ได้สร้างไฟล์ — "
        "ไม่ต้องระบุ --province เมื่อใช้ --from (สมุดงานใหม่เป็นของจังหวัดเดียวกับปีก่อน) "
        "หรือถ้าต้องการสมุดงานเปล่าของจังหวัดเชียงใหม่ สั่ง mchch-xl new --province เชียงใหม่ "
        "--year ปี โดยไม่ใช้ --from (--province names เชียงใหม่ but the previous year's master "
        "is เชียงราย's; nothing was made)"
    ]
    for same in ("เชียงราย", "Chiang Rai", "57"):
        code, _, err = run(
            "new", "--from", str(demo), "--province", same, "--year", "2569",
            "--out", str(out), "--force",
        )  # fmt: skip
        assert (code, err) == (0, ""), same
    for argv in (
        ("--province", "เชียงราย", "--year", "2500"),
        ("--from", str(demo), "--year", "2575"),
    ):
        far = argv[-1]
        code, stdout, err = run("new", *argv, "--out", str(out), "--force")
        assert code == 0 and stdout.startswith("สร้างสมุดงานหลัก"), argv
        assert err.splitlines() == [
            f"คำเตือน ARG_003 [n.xlsx] ปีงบประมาณ {far} ห่างจากปีนี้ (พ.ศ. 2569) เกิน 5 ปี "
            "อาจพิมพ์ปีผิด — ตรวจปีงบประมาณ ถ้าพิมพ์ผิด สั่ง mchch-xl new อีกครั้งด้วย --year "
            f"ที่ถูกต้อง และ --force เพื่อเขียนทับไฟล์นี้ (Fiscal year {far} is more than 5 years "
            "from this year (2569); a typo?)"
        ], argv
        assert evaluate(out).checked.data.settings.fiscal_year == int(far)
    for near in ("2564", "2574"):  # five years either side: said nothing
        code, _, err = run(
            "new", "--province", "เชียงราย", "--year", near, "--out", str(out), "--force"
        )
        assert (code, err) == (0, ""), near

"""Every province built in: lookup by Thai/English name or code, "did you mean", the --year
forms, and `new` for five provinces of different sizes, then candidates added and recalculated."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from mchch_xl.cli.commands import main
from mchch_xl.domain.places import UnknownProvince, find_province, provinces, suggest
from mchch_xl.domain.thai import parse_year, to_arabic_digits


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def table_rows() -> list[dict[str, str]]:
    text = resources.files("mchch_xl").joinpath("data/thailand-districts.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_table_holds_878_districts_of_76_provinces():
    rows = table_rows()
    assert len(rows) == 878
    assert len(provinces()) == 76
    assert sum(len(p.districts) for p in provinces()) == 878
    assert len({r["code"] for r in rows}) == 878
    assert all(r["code"][:2] == r["province_code"] for r in rows)
    # counts published for these provinces
    counts = {p.th: len(p.districts) for p in provinces()}
    assert {
        k: counts[k]
        for k in (
            "เชียงราย",
            "เชียงใหม่",
            "นครราชสีมา",
            "ภูเก็ต",
            "ลำปาง",
            "กาฬสินธุ์",
            "นครนายก",
            "แม่ฮ่องสอน",
        )
    } == {
        "เชียงราย": 18,
        "เชียงใหม่": 25,
        "นครราชสีมา": 32,
        "ภูเก็ต": 3,
        "ลำปาง": 13,
        "กาฬสินธุ์": 18,
        "นครนายก": 4,
        "แม่ฮ่องสอน": 7,
    }
    assert "กรุงเทพมหานคร" not in counts


@pytest.mark.parametrize(
    "text",
    ["ลำปาง", "จังหวัดลำปาง", "จ.ลำปาง", " ลำปาง ", "Lampang", "LAMPANG", "lam-pang", "52", "๕๒"],
)
def test_find_province_by_thai_english_or_code(text):
    p = find_province(text)
    assert (p.code, p.th, p.en) == ("52", "ลำปาง", "Lampang")
    assert [d.code for d in p.districts] == [f"52{i:02d}" for i in range(1, 14)]
    assert p.districts[0].th == "เมืองลำปาง"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ลำปางง", ["ลำปาง"]),
        ("กาฬสินธ์", ["กาฬสินธุ์"]),
        ("เชียงใหมม", ["เชียงใหม่"]),
        ("Lampangg", ["ลำปาง", "ลำพูน", "พังงา"]),
        ("Kalasinn", ["กาฬสินธุ์"]),
        ("เชียง", ["เชียงราย", "เชียงใหม่"]),
        ("xyz", []),
    ],
)
def test_typos_get_the_closest_thai_names(text, expected):
    with pytest.raises(UnknownProvince) as err:
        find_province(text)
    assert err.value.suggestions == expected == suggest(text)


@pytest.mark.parametrize(
    "text, year, note",
    [
        ("2568", 2568, ""),
        ("๒๕๖๘", 2568, ""),
        ("พ.ศ. 2568", 2568, ""),
        ("68", 2568, "ปี 68 อ่านเป็น พ.ศ. 2568"),
        ("๖๘", 2568, "ปี 68 อ่านเป็น พ.ศ. 2568"),
        ("2025", 2568, "ค.ศ. 2025 อ่านเป็น พ.ศ. 2568"),
        ("ค.ศ. 2025", 2568, "ค.ศ. 2025 อ่านเป็น พ.ศ. 2568"),
        ("2569", 2569, ""),
    ],
)
def test_year_forms(text, year, note):
    assert parse_year(text) == (year, note)


@pytest.mark.parametrize("text", ["abc", "3000", "12345", "", "2568.5", "ค.ศ. 2568", "-68"])
def test_nonsense_years_are_refused(text):
    assert parse_year(text) is None


def test_new_refuses_typos_with_suggestions_and_exit_2(tmp_path):
    code, out, err = run(
        "new", "--province", "ลำปางง", "--year", "2568", "--out", tmp_path / "a.xlsx"
    )
    assert code == 2 and out == ""
    assert err.splitlines()[0] == "ผิดพลาด: ไม่พบจังหวัด 'ลำปางง' — หมายถึง ลำปาง ใช่ไหม?"
    assert not (tmp_path / "a.xlsx").exists()
    code, _, err = run(
        "new", "--province", "กาฬสินธ์", "--year", "2568", "--out", tmp_path / "a.xlsx"
    )
    assert code == 2 and "หมายถึง กาฬสินธุ์ ใช่ไหม?" in err
    code, _, err = run(
        "new", "--province", "กรุงเทพมหานคร", "--year", "2568", "--out", tmp_path / "a.xlsx"
    )
    assert code == 2 and "กรุงเทพมหานครไม่มีสำนักงานพัฒนาชุมชนจังหวัด" in err
    code, _, err = run("new", "--province", "ลำปาง", "--year", "ปีหน้า", "--out", tmp_path / "a.xlsx")
    assert code == 2 and "ปีงบประมาณ 'ปีหน้า' อ่านไม่ได้" in err and "Traceback" not in err
    assert not (tmp_path / "a.xlsx").exists()


@pytest.mark.parametrize(
    "year, note",
    [
        ("2568", ""),
        ("๒๕๖๘", ""),
        ("68", "ปี 68 อ่านเป็น พ.ศ. 2568"),
        ("2025", "ค.ศ. 2025 อ่านเป็น พ.ศ. 2568"),
    ],
)
def test_new_accepts_every_year_form(tmp_path, year, note):
    code, out, err = run(
        "new", "--province", "Lampang", "--year", year, "--out", tmp_path / "m.xlsx"
    )
    assert code == 0
    assert err == (f"แจ้งให้ทราบ: {note}\n" if note else "")
    assert (
        out == f"สร้างสมุดงานหลักเปล่า จังหวัดลำปาง ปี 2568 แล้ว: {tmp_path / 'm.xlsx'} (อำเภอ 13 อำเภอ)\n"
    )
    ws = openpyxl.load_workbook(tmp_path / "m.xlsx")["ตั้งค่า"]
    values = {r[0]: r[1] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert values["จังหวัด"] == "ลำปาง" and values["ปีงบประมาณ (พ.ศ.)"] == 2568


# -- five provinces of different sizes -----------------------------------------------------------


def _districts_sheet(path: Path) -> list[tuple[str, str]]:
    ws = openpyxl.load_workbook(path)["อำเภอ"]
    return [(r[0], r[1]) for r in ws.iter_rows(min_row=3, values_only=True) if r[0]]


def _set(ws, label: str, value) -> None:
    for row in ws.iter_rows(min_row=3):
        if row[0].value == label:
            row[1].value = value
            return
    raise KeyError(label)


def _add_candidates(
    path: Path,
    districts: list[tuple[str, str]],
    skip: set[str] = frozenset(),
    settings: dict[str, object] | None = None,
) -> dict[str, list[int]]:
    """Candidates as staff type them: district i gets (i % 3) + 1 leaders, a group when i is even,
    a network when i % 4 == 1 and a community when i % 5 == 0. Returns the counts per code."""
    wb = openpyxl.load_workbook(path)
    ws = wb["กลุ่มเป้าหมาย"]
    r = 3
    counts: dict[str, list[int]] = {}
    for i, (code, name) in enumerate(districts):
        if code in skip:
            continue
        n = [i % 3 + 1, int(i % 2 == 0), int(i % 4 == 1), int(i % 5 == 0)]
        counts[code] = n
        for kind, count in zip(("ผู้นำชุมชน", "กลุ่ม/องค์กรชุมชน", "เครือข่ายองค์กรชุมชน", "ชุมชน"), n):
            for j in range(count):
                for c, v in enumerate(
                    (f"{code}-{kind[:2]}{j}", name, kind, f"{kind} {j} {name}"), 1
                ):
                    ws.cell(row=r, column=c, value=v)
                r += 1
    s = wb["ตั้งค่า"]
    _set(s, "วันประชุม", "1/5/2568")
    _set(s, "วิธีจัดลำดับการนำเสนอ", "ตามรหัสอำเภอ")
    for label, value in (settings or {}).items():
        _set(s, label, value)
    wb.save(path)
    return counts


def _order_rows(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path)["ลำดับการนำเสนอ"]
    rows = [
        tuple(to_arabic_digits(str(v)) if v is not None else None for v in r)
        for r in ws.iter_rows(values_only=True)
    ]
    first = next(i for i, r in enumerate(rows) if r[0] == "1")
    last = next(i for i, r in enumerate(rows) if r[0] == "รวม")
    return rows[first : last + 1]


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


@pytest.mark.parametrize(
    "province, size, last_slot",
    [
        ("ภูเก็ต", 3, "09.30 - 09.45 น."),
        ("นครนายก", 4, "09.45 - 10.00 น."),
        ("เชียงใหม่", 25, "16.00 - 16.15 น."),
        ("นครราชสีมา", 32, "17.45 - 18.00 น."),
    ],
)
def test_new_gives_the_province_districts_and_order_after_candidates(
    tmp_path, province, size, last_slot
):
    path = tmp_path / "m.xlsx"
    code, out, _ = run("new", "--province", province, "--year", "2568", "--out", path)
    assert code == 0 and f"(อำเภอ {size} อำเภอ)" in out
    expected = [(r["code"], r["name_th"]) for r in table_rows() if r["province_th"] == province]
    assert len(expected) == size
    assert _districts_sheet(path) == sorted(expected)  # exactly the table's, in code order
    counts = _add_candidates(path, expected)
    assert run("recalc", path)[0] == 0
    rows = _order_rows(path)
    body, total = rows[:-1], rows[-1]
    assert [r[:7] for r in body] == [
        (str(i), name, *map(str, counts[c]), str(sum(counts[c])))
        for i, (c, name) in enumerate(expected, start=1)
    ]
    # 15 minutes from 09.00; the lunch break 12.00-13.00 moves slot 13 to 13.00
    slots = [r[7] for r in body]
    starts = [9 * 60 + 15 * i if i < 12 else 13 * 60 + 15 * (i - 12) for i in range(size)]
    assert slots == [f"{_hhmm(s)} - {_hhmm(s + 15)} น." for s in starts]
    assert slots[-1] == last_slot
    assert total[:7] == (
        "รวม",
        None,
        *(str(sum(n[k] for n in counts.values())) for k in range(4)),
        str(sum(map(sum, counts.values()))),
    )


def test_lampang_other_start_slot_length_breaks_and_an_absent_district(tmp_path):
    path = tmp_path / "ลำปาง.xlsx"
    assert run("new", "--province", "52", "--year", "68", "--out", path)[0] == 0
    districts = _districts_sheet(path)
    assert districts == [(d.code, d.th) for d in find_province("ลำปาง").districts]
    absent = districts[6][0]  # the 7th district proposes no one: it does not present
    counts = _add_candidates(
        path,
        districts,
        skip={absent},
        settings={
            "เวลาเริ่มนำเสนอ": "08.45",
            "เวลานำเสนอต่ออำเภอ (นาที)": 20,
            "ช่วงพัก": "10.05-10.20 พักว่าง; 12.00-13.00 พักรับประทานอาหารกลางวัน",
        },
    )
    code, out, err = run("recalc", path)
    assert code == 0, err
    rows = _order_rows(path)
    presenting = [d for d in districts if d[0] != absent]
    assert [(r[0], r[1]) for r in rows[:-1]] == [
        (str(i), n) for i, (_, n) in enumerate(presenting, 1)
    ]
    assert [r[7] for r in rows[:-1]] == [
        "08.45 - 09.05 น.",
        "09.05 - 09.25 น.",
        "09.25 - 09.45 น.",
        "09.45 - 10.05 น.",
        "10.20 - 10.40 น.",
        "10.40 - 11.00 น.",
        "11.00 - 11.20 น.",
        "11.20 - 11.40 น.",
        "11.40 - 12.00 น.",
        "13.00 - 13.20 น.",
        "13.20 - 13.40 น.",
        "13.40 - 14.00 น.",
    ]
    assert rows[-1][6] == str(sum(map(sum, counts.values())))
    code, out, _ = run("summary", path, "--json")
    import json

    data = json.loads(out)
    assert data["province"] == "ลำปาง" and data["end"] == "14:00"
    assert [s["code"] for s in data["slots"]] == [c for c, _ in presenting]


def test_every_province_by_each_of_its_names():
    from mchch_xl.domain.thai import to_thai_digits

    for p in provinces():
        forms = (p.th, f"จังหวัด{p.th}", p.en, p.en.upper(), p.code, to_thai_digits(p.code))
        assert {find_province(f).code for f in forms} == {p.code}, p
        assert [d.code for d in p.districts] == sorted(d.code for d in p.districts)
        assert all(d.code.startswith(p.code) for d in p.districts)

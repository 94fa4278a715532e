"""The year's paperwork, read back from the real PDFs: the invitation letter holds every field of
the seed's letter; certificates are one landscape page per certified unit with Thai intact;
minutes and the announcement carry the counts of ``summary --json``; the shortlist ranks the
certified units; every page keeps its words inside the margins and prints Thai numerals."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from mchch_xl.cli.commands import main
from mchch_xl.compute import fields
from mchch_xl.compute.shortlist import shortlist
from mchch_xl.domain import schema
from mchch_xl.domain.thai import to_thai_digits
from mchch_xl.flows.pipeline import evaluate, recalc
from tests.conftest import edit, sheet_values, soffice
from tests.pdfcheck import arabic_words, outside, pages

SHAPING = "ที่ นั้น นี่ ทั้ง มั้ง บุหรี่"
MIXED = "A วันที่"
# identifiers printed as stored: the e-mail and the demo's Line ID (Arabic digits as typed)
EMAIL = re.compile(r"rungnapa\.neung@gmail\.com|01061701|57[0-9]{2}-[LGNC][0-9]{2}")


def _flat(text: str) -> str:
    """Text without white space (Thai wraps between words, so line breaks fall anywhere) and
    without the marks above and below: pdftotext reads a tone mark after the next consonant now
    and then (สิง่ for สิ่ง) by its drawn position. Shaping itself is checked on certificates."""
    return "".join(ch for ch in re.sub(r"\s+", "", text) if unicodedata.category(ch) != "Mn")


def _text(
    pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False
) -> str:
    cmd = ["pdftotext", "-layout"] if layout else ["pdftotext"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*cmd, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _summary(path: Path) -> dict:
    out = io.StringIO()
    main(["summary", str(path), "--json"], out=out, err=io.StringIO())
    return json.loads(out.getvalue())


# -- the letter ---------------------------------------------------------------------------------

SEED_LETTER_FIELDS = (
    "ด่วนที่สุด",
    "ที่ ขร ๐๐๑๙.๒/ว ๐๐๙๖",
    "ศาลากลางจังหวัดเชียงราย",
    "ถนนแม่ฟ้าหลวง ขร ๕๗๑๐๐",
    "๒๕ เมษายน ๒๕๖๘",
    "เรื่อง การดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี ๒๕๖๘",
    "เรียน นายอำเภอทุกอำเภอ",
    "อ้างถึง หนังสือจังหวัดเชียงราย ที่ ขร ๐๐๑๙.๒/ว ๒๗๐๘๙ ลงวันที่ ๒๘ ตุลาคม ๒๕๖๗",
    "สิ่งที่ส่งมาด้วย ๑. วาระการประชุม จำนวน ๑ ฉบับ",
    "๒. ลำดับการนำเสนอข้อมูลเพื่อสนับสนุน จำนวน ๑ ฉบับ",
    "๓. แบบตอบรับ จำนวน ๑ ฉบับ",
    "ในวันพฤหัสบดีที่ ๑ พฤษภาคม ๒๕๖๘ เวลา ๐๘.๓๐ - ๑๔.๓๐ น.",
    "ณ ห้องประชุมพวงแสด ชั้น ๓ ศาลากลางจังหวัดเชียงราย อำเภอเมืองเชียงราย จังหวัดเชียงราย",
    "ตามลำดับการนำเสนอ (สิ่งที่ส่งมาด้วย ๒)",
    "ขอความกรุณาส่งแบบตอบรับให้สำนักงานพัฒนาชุมชนจังหวัดเชียงราย ภายในวันที่ ๒๘ เมษายน ๒๕๖๘",
    "ทางไปรษณีย์อิเล็กทรอนิกส์ rungnapa.neung@gmail.com",
    "ID Line : 01061701",
    "นางสาวรุ่งนภา ถาคำดีบ นักวิชาการพัฒนาชุมชนปฏิบัติการ หมายเลขโทรศัพท์ ๐๙๓ ๑๓๗ ๙๒๙๒",
    "จึงเรียนมาเพื่อพิจารณาดำเนินการ",
    "ขอแสดงความนับถือ",
    "(นายประสงค์ หล้าอ่อน)",
    "รองผู้ว่าราชการจังหวัดเชียงราย",
    "สำนักงานพัฒนาชุมชนจังหวัด",
    "กลุ่มงานส่งเสริมการพัฒนาชุมชน",
    "โทรศัพท์/โทรสาร ๐ ๕๓๑๗ ๗๓๕๐",
)


def _letter_text(f: dict) -> str:
    """The letter's fields in the order the template places them."""
    parts = [f["urgency"], f"ที่ {f['letter_no']}", *f["address"], f["letter_date"]]
    parts += [f"เรื่อง {f['subject']}", f"เรียน {f['to']}", f"อ้างถึง {f['reference']}"]
    parts += [
        " ".join(x for x in (e["label"], e["text"], e["count"]) if x) for e in f["enclosures"]
    ]
    parts += [*f["body"], f["closing"], f"({f['signatory']})", f["signatory_position"], *f["unit"]]
    return " ".join(parts)


def test_letter_fields_in_the_seed_order(demo_file):
    """The letter as data, before any layout: every field of the seed, in the seed's order."""
    run = evaluate(demo_file)
    f = fields.letter(run.checked.data.settings, run.results.end)
    flat = _flat(_letter_text(f).replace("\u2060", ""))
    pos, missing = 0, []
    for field in SEED_LETTER_FIELDS:  # each field after the one before it
        i = flat.find(_flat(field), pos)
        if i < 0:
            missing.append(field)
        else:
            pos = i + len(_flat(field))
    assert missing == []


@pytest.fixture(scope="module")
def packet(demo_file, tmp_path_factory) -> Path:
    soffice()
    out = tmp_path_factory.mktemp("letter") / "packet.pdf"
    assert (
        main(["packet", str(demo_file), "--out", str(out)], out=io.StringIO(), err=io.StringIO())
        == 0
    )
    return out


@pytest.mark.libreoffice
def test_packet_letter_is_one_page_holding_every_field_of_the_seed(packet):
    """The demo's letter, printed by LibreOffice from its Word file, is one A4 page, as the
    seed's (whose text carries no continuation mark)."""
    all_pages = pages(packet)
    first_agenda = next(p.number for p in all_pages if "ระเบียบวาระการประชุม" in p.text)
    assert first_agenda == 2
    letter = _flat(_text(packet, 1, 1, layout=True))
    missing = [f for f in SEED_LETTER_FIELDS if _flat(f) not in letter]
    assert missing == []
    assert {round(all_pages[0].width), round(all_pages[0].height)} == {595, 842}


@pytest.mark.libreoffice
def test_packet_words_inside_margins_and_thai_digits(packet):
    all_pages = pages(packet)
    assert outside(all_pages) == []
    assert [w.text for w in arabic_words(all_pages, EMAIL)] == []


def test_emblem_is_placed_3cm_high(demo, tmp_path):
    from tests.conftest import set_emblem

    set_emblem(demo, tmp_path)
    recalc(demo)
    letter = openpyxl.load_workbook(demo)[schema.LETTER.title]
    assert len(letter._images) == 1
    img = letter._images[0]
    emblem_row = img.anchor._from.row + 1
    assert letter.row_dimensions[emblem_row].height == pytest.approx(3 / 2.54 * 72, abs=0.1)
    assert img.anchor.ext.height == pytest.approx(3 / 2.54 * 914400, rel=0.01)  # EMU


# -- decisions: certificates, minutes, announcement, shortlist ---------------------------------


@pytest.fixture(scope="module")
def decided(demo_file, tmp_path_factory) -> Path:
    """The demo with decisions: the first 30 passed units certified, 5 not, the rest pending;
    one unit's name carries stacked Thai marks and mixed Latin; two districts answered the
    RSVP; the secretary typed resolutions for items 1 and 4."""
    path = tmp_path_factory.mktemp("decided") / demo_file.name
    shutil.copy(demo_file, path)
    wb = openpyxl.load_workbook(path)
    cands = wb[schema.CANDIDATES.title]
    for r in range(3, cands.max_row + 1):
        if cands.cell(r, 1).value == "5707-G01":
            cands.cell(r, 4).value = f"กลุ่ม{SHAPING} {MIXED}"
    ws = wb[schema.RESULTS.title]
    n = 0
    for r in range(3, ws.max_row + 1):
        if not ws.cell(r, 4).value:
            continue
        if ws.cell(r, 8).value == "ผ่าน" and n < 30:
            ws.cell(r, 12).value = "รับรอง"
        elif n < 35:
            ws.cell(r, 12).value = "ไม่รับรอง"
        n += 1
    wb.save(path)
    recalc(path)
    tracker = {r[1]: i for i, r in enumerate(sheet_values(path, schema.TRACKER.title), start=1)}
    edit(
        path,
        {
            schema.TRACKER.title: {
                f"E{tracker['5707']}": "เข้าร่วม",
                f"G{tracker['5707']}": "นายสมชาย ใจดี",
                f"H{tracker['5707']}": "พัฒนาการอำเภอแม่จัน",
                f"E{tracker['5701']}": "มอบผู้แทน",
                f"G{tracker['5701']}": "นางสมศรี มีสุข",
                f"E{tracker['5713']}": "ไม่เข้าร่วม",
            },
            schema.RESOLUTIONS.title: {"C3": "ที่ประชุมรับทราบ", "C6": "เห็นชอบตามที่เสนอ"},
        },
    )
    recalc(path)
    return path


@pytest.fixture
def decided_copy(decided, tmp_path) -> Path:
    """A copy of the decided demo for a test that writes into it (certificate numbers)."""
    return Path(shutil.copy(decided, tmp_path / decided.name))


@pytest.mark.libreoffice
def test_certificates_one_page_per_certified_unit(decided_copy, tmp_path):
    soffice()
    summary = _summary(decided_copy)
    certified = sum(summary["certified"].values())
    assert certified == 30
    out = tmp_path / "cert.pdf"
    err = io.StringIO()
    assert (
        main(["certificates", str(decided_copy), "--out", str(out)], out=io.StringIO(), err=err)
        == 0
    )
    got = pages(out)
    assert len(got) == certified
    assert all(p.width > p.height and {round(p.width), round(p.height)} == {842, 595} for p in got)
    run = evaluate(decided_copy)
    ids = [c["id"] for c in summary["candidates"] if c["decision"] == "รับรอง"]
    names = {c.id: to_thai_digits(c.name) for c in run.checked.data.candidates}
    texts = [_text(out, p.number) for p in got]
    # each page holds exactly one certified unit's name, every unit has its page
    owners = [[i for i in ids if names[i] in t.splitlines()] for t in texts]  # the name's line
    assert [len(o) for o in owners] == [1] * len(texts), [
        (o, t) for o, t in zip(owners, texts) if len(o) != 1
    ]
    assert sorted(o[0] for o in owners) == sorted(ids)
    shaped = next(t for t in texts if SHAPING in t)
    assert SHAPING in shaped and MIXED in shaped  # stacked marks and mixed Latin, intact
    assert outside(got) == []
    assert [w.text for w in arabic_words(got)] == []  # "1" of the sample names printed ๑
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all("Sarabun" in f.split()[0] and f.split()[-5] == "yes" for f in fonts)


@pytest.mark.libreoffice
def test_certificates_of_one_district(decided_copy, tmp_path):
    soffice()
    summary = _summary(decided_copy)
    mae_chan = next(d for d in summary["districts"] if d["code"] == "5707")
    out = tmp_path / "5707.pdf"
    assert (
        main(
            ["certificates", str(decided_copy), "--district", "5707", "--out", str(out)],
            out=io.StringIO(),
            err=io.StringIO(),
        )
        == 0
    )
    assert len(pages(out)) == sum(mae_chan["certified"].values()) > 0
    assert all("อำเภอแม่จัน" in p.text for p in pages(out))


def test_no_certificate_without_decisions(demo_file, tmp_path):
    err = io.StringIO()
    code = main(
        ["certificates", str(demo_file), "--out", str(tmp_path / "x.pdf")],
        out=io.StringIO(),
        err=err,
    )
    assert code == 2 and "ยังไม่มีหน่วยงานที่มีมติ รับรอง" in err.getvalue()
    assert not (tmp_path / "x.pdf").exists()


KIND_LABELS = (
    ("leader", "ประเภทผู้นำชุมชน", "คน"),
    ("group", "ประเภทกลุ่ม/องค์กรชุมชน", "กลุ่ม"),
    ("network", "ประเภทเครือข่ายองค์กรชุมชน", "เครือข่าย"),
    ("community", "ประเภทชุมชน", "ชุมชน"),
)


@pytest.mark.libreoffice
def test_minutes_counts_equal_summary(decided_copy, tmp_path):
    soffice()
    summary = _summary(decided_copy)
    out = tmp_path / "minutes.pdf"
    assert (
        main(
            ["minutes", str(decided_copy), "--out", str(out)], out=io.StringIO(), err=io.StringIO()
        )
        == 0
    )
    got = pages(out)
    assert outside(got) == []
    assert [w.text for w in arabic_words(got)] == []
    text = _flat(_text(out, layout=True))
    certified = summary["certified"]
    total = sum(certified.values())
    decided_at = text.index(
        _flat(f"มติที่ประชุม รับรองมาตรฐานการพัฒนาชุมชน จำนวน {to_thai_digits(total)} หน่วยงาน")
    )
    proposed_at = text.index(_flat("เสนอเข้ารับการรับรอง จำนวนทั้งสิ้น ๑๒๙ หน่วยงาน"))
    for key, label, unit in KIND_LABELS:  # the certified counts after the resolution's words
        found = text.find(
            _flat(f"{label} จำนวน {to_thai_digits(certified[key])} {unit}"), decided_at
        )
        assert found > decided_at, key
        proposed = summary["totals"][key]
        found = text.find(_flat(f"{label} จำนวน {to_thai_digits(proposed)} {unit}"), proposed_at)
        assert proposed_at < found < decided_at, key
    for part in (
        "รายงานการประชุมคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด",
        "ครั้งที่ ๑/๒๕๖๘",
        "ผู้มาประชุม",
        "นายประสงค์ หล้าอ่อน",
        "ผู้ไม่มาประชุม",
        "ผู้เข้าร่วมประชุม",
        "นายสมชาย ใจดี พัฒนาการอำเภอแม่จัน อำเภอแม่จัน",
        "นางสมศรี มีสุข อำเภอเมืองเชียงราย",
        "เริ่มประชุมเวลา ๐๙.๐๐ น.",
        "มติที่ประชุม ที่ประชุมรับทราบ",
        "เห็นชอบตามที่เสนอ",
        "เลิกประชุมเวลา ๑๔.๓๐ น.",
        "ผู้จดรายงานการประชุม",
        "(นางสาวรุ่งนภา ถาคำดีบ)",
        "ผู้ตรวจรายงานการประชุม",
    ):
        assert _flat(part) in text, part


def test_minutes_list_the_committee_from_its_sheet(decided):
    """ผู้มาประชุม and ผู้ไม่มาประชุม come from the sheet คณะกรรมการ (a stand-in named for the
    member), ผู้เข้าร่วมประชุม from the districts that replied they attend."""
    from mchch_xl.compute.committee import attendance

    run = evaluate(decided)
    data = run.checked.data
    f = fields.minutes(data, run.results)
    came, away = attendance(data.committee)
    assert came and away  # the demo's committee has both
    assert [m["name"].replace("\u2060", "") for m in f["present"]] == [
        " ".join(x for x in ((m.proxy,) if m.proxy else (m.name, m.position)) if x) for m in came
    ]
    assert [m["role"] for m in f["present"]] == [
        f"{m.role} (แทน{m.position or m.name})" if m.proxy else m.role for m in came
    ]
    assert [(m["name"], m["reason"]) for m in f["absent"]] == [
        (" ".join(x for x in (m.name, m.position) if x), m.reason) for m in away
    ]
    assert [(m["name"], m["role"].replace("\u2060", "")) for m in f["attending"]] == [
        ("นายสมชาย ใจดี พัฒนาการอำเภอแม่จัน", "อำเภอแม่จัน"),
        ("นางสมศรี มีสุข", "อำเภอเมืองเชียงราย"),
    ]


def test_announcement_counts_equal_summary(decided):
    summary = _summary(decided)
    text = [str(r[0]).strip() for r in sheet_values(decided, schema.ANNOUNCE.title) if r[0]]
    flat = " ".join(text)
    total = sum(summary["certified"].values())
    assert text[:2] == ["ประกาศจังหวัดเชียงราย", "เรื่อง ผลการรับรองมาตรฐานการพัฒนาชุมชน ประจำปี ๒๕๖๘"]
    assert f"จำนวนทั้งสิ้น {to_thai_digits(total)} หน่วยงาน" in flat
    assert f"รวมผ่านการรับรองทั้งสิ้น {to_thai_digits(total)} หน่วยงาน" in text
    for key, label, unit in KIND_LABELS:
        assert f"{label} {to_thai_digits(summary['certified'][key])} {unit}" in flat
    # per district: the counts listed add up to the summary's certified counts
    for d in summary["districts"]:
        n = sum(d["certified"].values())
        assert (f"อำเภอ{d['name']}" in text) == (n > 0)
    numbered = [t for t in text if re.match(r"^[๑-๙][๐-๙]*\. ", t)]
    pending = 129 - 35
    assert len(numbered) == total + pending
    assert "ประกาศ ณ วันที่" in flat and "(นายประสงค์ หล้าอ่อน)" in text


def test_shortlist_ranks_certified_units_by_level_then_score(decided):
    summary = _summary(decided)
    run = evaluate(decided)
    by_id = {e.candidate.id: e for e in run.results.certification.evaluations}
    listed = summary["shortlist"]
    assert set(listed) == {"leader", "group", "network", "community"}
    assert sum(len(v) for v in listed.values()) == sum(summary["certified"].values())
    for kind, items in listed.items():
        assert [x["rank"] for x in items] == list(range(1, len(items) + 1))
        keys = [(-by_id[x["id"]].band, -(x["percent"] or 0), -(x["total"] or 0)) for x in items]
        assert keys == sorted(keys), kind
        assert all(
            by_id[x["id"]].candidate.kind.value == kind and by_id[x["id"]].certified for x in items
        )
    rows = [r for r in sheet_values(decided, schema.SHORTLIST.title)[2:] if r[2]]
    assert [(r[1], r[2]) for r in rows] == [(x["rank"], x["id"]) for k in listed for x in listed[k]]
    assert shortlist(run.checked.data, run.results.certification)[0].rank == 1


def test_resolutions_kept_across_recalc(decided):
    rows = sheet_values(decided, schema.RESOLUTIONS.title)
    assert [r[:3] for r in rows[2:7]] == [
        [1, "ระเบียบวาระที่ ๑ เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "ที่ประชุมรับทราบ"],
        [2, "ระเบียบวาระที่ ๒ เรื่องรับรองรายงานการประชุมครั้งที่แล้ว", None],
        [3, "ระเบียบวาระที่ ๓ เรื่องเพื่อทราบ", None],
        [4, "ระเบียบวาระที่ ๔ เรื่องเพื่อพิจารณา", "เห็นชอบตามที่เสนอ"],
        [5, "ระเบียบวาระที่ ๕ เรื่องอื่น ๆ (ถ้ามี)", None],
    ]


# -- the general guard on sheets ----------------------------------------------------------------


def test_no_row_above_409pt_and_charts_apart(demo_file, tmp_path):
    from mchch_xl.flows.templates import build_template
    from mchch_xl.layout import sheets as render

    run = evaluate(demo_file)
    grids = render.output_grids(run.checked, run.results) + [
        g for part in render.packet_grids(run.checked, run.results) for g in part
    ]
    for d in run.checked.data.districts[:2]:
        grids += build_template(run.checked.data, d).grids
    too_tall = [(g.sheet.title, r, h) for g in grids for r, h in g.heights.items() if h > 409]
    assert too_tall == []
    summary = next(g for g in grids if g.sheet is schema.SUMMARY)
    first, second = summary.charts
    row1 = int(first.anchor[1:])
    row2 = int(second.anchor[1:])
    gap_pt = sum(summary.heights.get(r, 15) for r in range(row1, row2))
    assert gap_pt >= render.chart_height_cm(first.last_row - first.first_row + 1) / 2.54 * 72


def test_district_form_rows_and_numerals(demo_file, tmp_path):
    from mchch_xl.flows.pipeline import write_templates

    path = write_templates(demo_file, tmp_path, "5707")[0]
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or ws.title == "คำแนะนำ":
            continue
        heights = [ws.row_dimensions[r].height for r in range(3, 203)]
        assert all(h is not None and h >= 24 for h in heights), ws.title
    text = " ".join(str(c.value) for row in wb["คำแนะนำ"].iter_rows() for c in row if c.value)
    assert "28/4/2568" not in text and "ภายในวันที่ ๒๘ เมษายน ๒๕๖๘" in text


@pytest.mark.libreoffice
def test_decided_packet_keeps_margins_numerals_and_order(decided_copy, tmp_path):
    """With decisions the packet ends with the announcement, ready to sign (no pending list)."""
    soffice()
    out = tmp_path / "packet.pdf"
    assert (
        main(["packet", str(decided_copy), "--out", str(out)], out=io.StringIO(), err=io.StringIO())
        == 0
    )
    got = pages(out)
    assert outside(got) == []
    assert [w.text for w in arabic_words(got, EMAIL)] == []
    announce = [p.number for p in got if "ประกาศจังหวัดเชียงราย" in p.text]
    assert len(announce) == 1
    tail = _flat(_text(out, announce[0], len(got)))
    signed = _flat("(นายประสงค์ หล้าอ่อน) รองผู้ว่าราชการจังหวัดเชียงราย")
    assert tail.endswith(signed)  # the last words: ready to sign
    assert _flat("รอพิจารณา") not in tail


THAI_DIGIT = re.compile(r"[๐-๙]")


@pytest.mark.libreoffice
def test_arabic_setting_prints_no_thai_numeral(demo, tmp_path):
    soffice()
    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.SETTINGS.title]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "digits")
    ws.cell(row, 2).value = "อารบิก"
    wb.save(demo)
    out = tmp_path / "packet.pdf"
    assert main(["packet", str(demo), "--out", str(out)], out=io.StringIO(), err=io.StringIO()) == 0
    got = pages(out)
    assert [w.text for w in got[0].words if THAI_DIGIT.search(w.text)] == []
    assert [(w.page, w.text) for p in got for w in p.words if THAI_DIGIT.search(w.text)] == []
    assert _flat("ที่ ขร 0019.2/ว 0096") in _flat(_text(out, 1, layout=True))
    assert outside(got) == []


def test_a_subject_too_long_for_one_row_runs_on_over_rows(demo_file):
    """A 5,000-character subject needs a row taller than Excel's 409 pt: on the letter sheet it
    runs on over rows, each a whole piece the spreadsheet wraps itself; a subject that fits
    stays in its one row."""
    from mchch_xl.layout.paper import MAX_ROW_HEIGHT, letter_grid

    run = evaluate(demo_file)
    short = run.checked.data.settings
    subject = "เรื่องยาว " + "การประชุม " * 500
    long = short.model_copy(update={"letter_subject": subject.strip()})
    for s, rows_expected in ((short, 1), (long, None)):
        g = letter_grid(s, fields.letter(s, run.results.end))
        first = next(r for r, row in enumerate(g.values, start=1) if row and row[0] == "เรื่อง")
        rows = [first]
        while len(g.values) > rows[-1] and g.values[rows[-1]][0] is None and g.values[rows[-1]][1]:
            if g.values[rows[-1]][1] in (s.letter_to,):
                break
            rows.append(rows[-1] + 1)
        text = " ".join(g.values[r - 1][1] for r in rows)
        assert text == to_thai_digits(s.subject)
        assert max(g.heights.values()) <= MAX_ROW_HEIGHT
        if rows_expected:
            assert len(rows) == rows_expected
        else:
            assert len(rows) > 3


@pytest.mark.libreoffice
def test_documents_printed_from_data_with_problems_say_so(decided, tmp_path):
    """packet, minutes and certificates print from the rows that pass, as recalc does, and
    say what was left out: the problems on stderr, the count line, exit 1 (was: exit 0 and
    nothing said, while summary on the same file exited 1)."""
    soffice()
    decided = shutil.copy(decided, tmp_path / decided.name)  # the module's copy stays clean
    results = sheet_values(decided, schema.RESULTS.title)
    row = next(i for i, r in enumerate(results, start=1) if r[3] == "5707-L01")
    col = openpyxl.utils.get_column_letter(schema.RESULTS.index("decision") + 1)
    edit(decided, {schema.RESULTS.title: {f"{col}{row}": "รับรอ"}})  # a decision mistyped
    for command in ("packet", "minutes", "certificates"):
        out, err = io.StringIO(), io.StringIO()
        code = main([command, str(decided), "--out", str(tmp_path / f"{command}.pdf")], out, err)
        problems = [ln.split("]")[0] for ln in err.getvalue().splitlines()]
        assert (code, problems) == (
            1,
            [f"ผิดพลาด CELL_008 [{decided.name} / {schema.RESULTS.title} / แถว {row} / คอลัมน์ {col}"],
        ), command
        assert out.getvalue().splitlines()[-1] == (
            "ผิดพลาด 1 รายการ, คำเตือน 0 รายการ, แถวที่ไม่ได้นำมาคำนวณ 0 แถว"
        )


# -- the Word documents -------------------------------------------------------------------------

DOC_NAMES = [
    "หนังสือเชิญประชุม.docx",
    "ระเบียบวาระการประชุม.docx",
    "รายงานการประชุม.docx",
    "ประกาศผลการรับรอง.docx",
]


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts).replace("\u2060", "")


def _fonts_in(path: Path) -> set[str]:
    """Every font a .docx names (document, styles, headers), by rFonts attribute."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        xml = "".join(
            z.read(n).decode("utf-8")
            for n in z.namelist()
            if n.startswith("word/") and n.endswith(".xml") and "theme" not in n
        )
    fonts = re.findall(r"<w:rFonts\b[^>]*/>", xml)
    return {v for f in fonts for v in re.findall(r'w:\w+="([^"]+)"', f)}


def test_the_committed_templates_are_what_the_script_writes(tmp_path):
    """``tools/build_templates.py`` is how the defaults are written: the shipped templates'
    document, styles and header parts are the ones it writes now."""
    import importlib.util
    import zipfile

    script = Path(__file__).parent.parent / "tools" / "build_templates.py"
    spec = importlib.util.spec_from_file_location("build_templates", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build(tmp_path)
    from mchch_xl.files.docx import DEFAULTS

    for path in fresh:
        with zipfile.ZipFile(path) as a, zipfile.ZipFile(DEFAULTS / path.name) as b:
            parts = [n for n in a.namelist() if n.startswith("word/") and n.endswith(".xml")]
            assert parts == [
                n for n in b.namelist() if n.startswith("word/") and n.endswith(".xml")
            ]
            for n in parts:
                assert a.read(n) == b.read(n), (path.name, n)


def test_documents_writes_the_word_files_in_th_sarabunpsk(decided_copy, tmp_path):
    out = tmp_path / "docs"
    so, se = io.StringIO(), io.StringIO()
    assert main(["documents", str(decided_copy), "--out", str(out)], out=so, err=se) == 0, (
        se.getvalue()
    )
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([*DOC_NAMES, "เกียรติบัตร.docx"])
    for name in names:
        assert _fonts_in(out / name) == {"TH SarabunPSK"}, name
    letter = _flat(_docx_text(out / "หนังสือเชิญประชุม.docx"))
    missing = [f for f in SEED_LETTER_FIELDS if _flat(f) not in letter]
    assert missing == []
    assert so.getvalue().splitlines()[0] == f"สร้างเอกสาร (Word) 5 ไฟล์ในโฟลเดอร์ {out} แล้ว"


@pytest.mark.libreoffice
def test_every_page_of_every_document_is_th_sarabunpsk_in_pdf(decided_copy, tmp_path):
    soffice()
    for command in ("minutes", "certificates"):
        pdf = tmp_path / f"{command}.pdf"
        assert (
            main([command, str(decided_copy), "--out", str(pdf)], io.StringIO(), io.StringIO()) == 0
        )
        fonts = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert fonts and all(
            f.split()[0].split("+")[-1] in ("THSarabunPSK", "THSarabunPSK-Bold")
            and f.split()[-5] == "yes"
            for f in fonts
        ), fonts


def test_a_province_template_with_an_added_paragraph_is_used(decided_copy, tmp_path):
    """The province exports the defaults, adds a paragraph to its letter in Word, and gives
    the folder: that letter is the one filled; the other documents keep the defaults."""
    from docx import Document

    folder = tmp_path / "แม่แบบของจังหวัด"
    assert main(["documents", "--export-templates", str(folder)], io.StringIO(), io.StringIO()) == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted([*DOC_NAMES, "เกียรติบัตร.docx"])
    letter = folder / "หนังสือเชิญประชุม.docx"
    doc = Document(str(letter))
    doc.add_paragraph("ย่อหน้าที่จังหวัดเพิ่มเอง สำหรับ {{ province }}")
    doc.save(str(letter))
    # exporting again keeps the province's edit
    assert main(["documents", "--export-templates", str(folder)], io.StringIO(), io.StringIO()) == 0
    assert "ย่อหน้าที่จังหวัดเพิ่มเอง" in _docx_text(letter)
    out = tmp_path / "out"
    so = io.StringIO()
    code = main(
        ["documents", str(decided_copy), "--out", str(out), "--templates", str(folder)],
        so,
        io.StringIO(),
    )
    assert code == 0
    assert "ย่อหน้าที่จังหวัดเพิ่มเอง สำหรับ เชียงราย" in _docx_text(out / "หนังสือเชิญประชุม.docx")
    # the folder แม่แบบเอกสาร beside the master is found without --templates
    beside = decided_copy.parent / "แม่แบบเอกสาร"
    shutil.copytree(folder, beside)
    try:
        out2 = tmp_path / "out2"
        assert (
            main(["documents", str(decided_copy), "--out", str(out2)], io.StringIO(), io.StringIO())
            == 0
        )
        assert "ย่อหน้าที่จังหวัดเพิ่มเอง" in _docx_text(out2 / "หนังสือเชิญประชุม.docx")
    finally:
        shutil.rmtree(beside)


def test_a_missing_templates_folder_is_a_thai_error(demo_file, tmp_path):
    err = io.StringIO()
    code = main(
        ["documents", str(demo_file), "--templates", str(tmp_path / "ไม่มี")], io.StringIO(), err
    )
    assert code == 2
    assert "ไม่พบโฟลเดอร์แม่แบบเอกสาร" in err.getvalue() and "Traceback" not in err.getvalue()


def test_typed_text_is_printed_not_run_as_a_template(demo, tmp_path):
    """A venue typed with template syntax and markup prints as typed."""
    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.SETTINGS.title]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "venue")
    ws.cell(row, 2).value = "ห้อง {{ signatory }} <b>&amp; {% if yes %}"
    wb.save(demo)
    out = tmp_path / "out"
    assert main(["documents", str(demo), "--out", str(out)], io.StringIO(), io.StringIO()) == 0
    text = _docx_text(out / "หนังสือเชิญประชุม.docx")
    assert "ณ ห้อง {{ signatory }} <b>&amp; {% if yes %}" in text


def test_certificates_are_numbered_in_the_master_and_keep_their_numbers(decided, tmp_path):
    """A running number per certificate, recorded in ทะเบียนเกียรติบัตร: the same numbers on
    the second run; a border on the page; room to sign."""
    from docx import Document

    master = tmp_path / decided.name
    shutil.copy(decided, master)
    out = tmp_path / "a"
    assert main(["documents", str(master), "--out", str(out)], io.StringIO(), io.StringIO()) == 0
    register = sheet_values(master, "ทะเบียนเกียรติบัตร")
    run = evaluate(master)
    units = fields.certified_units(
        run.results.certification, run.results.order + run.results.absent
    )
    numbered = [r for r in register[2:] if r[0] is not None]
    assert [(r[0], r[1]) for r in numbered] == [(i, e.candidate.id) for i, e in enumerate(units, 1)]
    doc = Document(str(out / "เกียรติบัตร.docx"))
    text = _docx_text(out / "เกียรติบัตร.docx")
    assert [f"เลขที่ {to_thai_digits(i)}/๒๕๖๘" in text for i in range(1, len(units) + 1)] == [
        True
    ] * len(units)
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert (
        doc.sections[0]._sectPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgBorders"
        )
        is not None
    )
    before = master.read_bytes()
    out2 = tmp_path / "b"
    assert main(["documents", str(master), "--out", str(out2)], io.StringIO(), io.StringIO()) == 0
    assert master.read_bytes() == before  # nothing new to number: the master is not touched
    assert _docx_text(out2 / "เกียรติบัตร.docx") == text


@pytest.mark.libreoffice
def test_certificate_pages_leave_room_to_sign(decided_copy, tmp_path):
    """At least 3 cm between the date line and the signatory's name, on every page."""
    soffice()
    pdf = tmp_path / "c.pdf"
    assert (
        main(["certificates", str(decided_copy), "--out", str(pdf)], io.StringIO(), io.StringIO())
        == 0
    )
    cm = 72 / 2.54
    for page in pages(pdf):
        given = max(w.y1 for w in page.words if w.text == "ให้ไว้")
        name = min(w.y0 for w in page.words if w.text.startswith("(นาย"))
        assert name - given >= 3 * cm, page.number


def test_one_thai_name_per_type_in_the_documents(decided_copy, tmp_path):
    out = tmp_path / "docs"
    assert (
        main(["documents", str(decided_copy), "--out", str(out)], io.StringIO(), io.StringIO()) == 0
    )
    for path in out.iterdir():
        text = _docx_text(path)
        for other in ("กลุ่มองค์กรชุมชน", "เครือข่ายชุมชน", "ครั้งที่ ๑ / ๒๕๖๘"):
            assert other not in text, (path.name, other)


def test_the_documents_button_writes_beside_the_book_and_numbers_in_it(
    decided_copy, tmp_path, monkeypatch
):
    """The ribbon's เอกสาร on the remote engine: the Word files from the open book's values in a
    folder; new certificate numbers written into the book's register (saved with the book)."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    xw = pytest.importorskip("xlwings")
    from mchch_xl.xl import actions
    from tests.test_xl import payload

    book = xw.Book(json=payload(decided_copy))
    out = tmp_path / "เอกสาร"
    outcome = actions.documents(book, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([*DOC_NAMES, "เกียรติบัตร.docx"])
    assert outcome.message.splitlines() == [
        "สร้างเอกสาร (Word) 5 ไฟล์ ไว้ที่",
        str(out),
        "ให้เลขที่เกียรติบัตรใหม่ในแผ่นงาน ทะเบียนเกียรติบัตร: บันทึกสมุดงานเพื่อเก็บเลขที่ไว้",
    ]
    assert set(outcome.io.writes) == {"ทะเบียนเกียรติบัตร"}
    run = evaluate(decided_copy)
    units = fields.certified_units(
        run.results.certification, run.results.order + run.results.absent
    )
    text = _docx_text(out / "เกียรติบัตร.docx")
    assert [f"เลขที่ {to_thai_digits(i)}/๒๕๖๘" in text for i in range(1, len(units) + 1)] == [
        True
    ] * len(units)


def test_every_word_file_opens_without_repair_with_the_emblem_3cm_high(decided_copy, tmp_path):
    """Each .docx validates against the ISO/IEC 29500 schemas (after markup compatibility, as
    Word reads it); with an emblem picture set, the letter, the announcement and each
    certificate carry it 3 cm high."""
    import zipfile

    from mchch_xl.files.ooxml_check import check_file

    from .conftest import set_emblem
    from .test_ooxml_check import SCHEMAS

    set_emblem(decided_copy, tmp_path)
    out = tmp_path / "docs"
    so = io.StringIO()
    assert main(["documents", str(decided_copy), "--out", str(out)], so, io.StringIO()) == 0
    assert "ไม่มีภาพตราครุฑ" not in so.getvalue()
    for path in sorted(out.iterdir()):
        assert [(f.part, f.rule, f.detail) for f in check_file(path, SCHEMAS)] == [], path.name
    emu_3cm = round(3 / 2.54 * 914400)
    for name, pictures in (
        ("หนังสือเชิญประชุม.docx", 1),
        ("ประกาศผลการรับรอง.docx", 1),
        ("เกียรติบัตร.docx", 30),
        ("ระเบียบวาระการประชุม.docx", 0),
    ):
        with zipfile.ZipFile(out / name) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        heights = [int(h) for h in re.findall(r'<wp:extent cx="\d+" cy="(\d+)"', xml)]
        assert len(heights) == pictures and all(abs(h - emu_3cm) < 400 for h in heights), name


def test_the_agenda_lays_the_five_stages_out_as_the_seeds_table(demo_file, tmp_path):
    """Agenda 3.1.2: the department's five stages in a table of five columns, as the seed has
    it (their names, what is done, when), between 3.1.2 and 3.1.3; the minutes have none."""
    from docx import Document

    out = tmp_path / "docs"
    assert main(["documents", str(demo_file), "--out", str(out)], io.StringIO(), io.StringIO()) == 0
    doc = Document(str(out / "ระเบียบวาระการประชุม.docx"))
    [stages] = [t for t in doc.tables if len(t.columns) == 5]
    cells = [[c.text for c in row.cells] for row in stages.rows]
    assert cells == [
        ["เตรียมการ", "สร้างความรู้", "ดำเนินการพัฒนา", "ประเมินรับรอง", "ประกาศเชิดชูเกียรติ"],
        [
            "- ประชาสัมพันธ์\n- รับสมัคร",
            "- ฝึกอบรม\n- เสริมความรู้\n- วางแผน",
            "- ลงมือพัฒนาตนเอง\n- รายงานผล\n- จัดเก็บหลักฐาน\n- ประเมินความก้าวหน้า",
            "- ตรวจสอบ/ประเมิน\n- รับรองมาตรฐาน",
            "- ประกาศรับรอง\n- รางวัลเชิดชูเกียรติ\n- ถอดบทเรียน",
        ],
        ["(พ.ย. - ธ.ค.)", "(พ.ย. - ธ.ค.)", "(ม.ค. - มี.ค.)", "(เม.ย.)", "(พ.ค. - ก.ค.)"],
    ]
    body = doc.element.body
    before = stages._tbl.getprevious()
    after = stages._tbl.getnext()
    text = lambda el: "".join(
        t.text or ""
        for t in el.iter(  # noqa: E731
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
        )
    )
    assert text(before).startswith("๓.๑.๒ ขั้นตอนการดำเนินงาน")
    assert text(after).startswith("๓.๑.๓ หลักเกณฑ์การประเมินผล")
    assert body is stages._tbl.getparent()
    minutes = Document(str(out / "รายงานการประชุม.docx"))
    assert [t for t in minutes.tables if len(t.columns) == 5] == []


# -- line breaks in the print copies -------------------------------------------------------------

# what a new-officer trial typed (the demo's province in place of ขอนแก่น)
SIGNATORY = "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดเชียงราย"
RECORDER = "นักวิชาการพัฒนาชุมชนชำนาญการ"
# printed whole whatever the product's list says: the trial's and the demo's positions
WHOLE = (
    "รองผู้ว่าราชการจังหวัด",
    "ปฏิบัติราชการแทน",
    "ผู้ว่าราชการจังหวัดเชียงราย",
    RECORDER,
    "นักวิชาการพัฒนาชุมชนปฏิบัติการ",
    "พัฒนาการจังหวัดเชียงราย",
    "พัฒนาการอำเภอ",
    "นายอำเภอ",
    "rungnapa.neung@gmail.com",  # identifiers, glued
    "01061701",
    "๐๘.๓๐ - ๑๔.๓๐ น.",  # a time range and a phone number, in either numerals
    "08.30 - 14.30 น.",
    "๐๙๓ ๑๓๗ ๙๒๙๒",
    "093 137 9292",
)


def test_names_kept_whole_are_every_province_and_the_positions(demo_file):
    run = evaluate(demo_file)
    data = run.checked.data
    kept = set(fields.names(data.settings, data.districts))
    from mchch_xl.domain.places import provinces

    assert len(provinces()) == 76
    assert {f"จังหวัด{p.th}" for p in provinces()} <= kept
    assert {"จังหวัดขอนแก่น", "จ.ขอนแก่น", "อำเภอเมืองเชียงราย", "อำเภอแม่ฟ้าหลวง"} <= kept
    assert set(fields.POSITIONS) <= kept
    assert {"ผู้ว่าราชการจังหวัด", "ปฏิบัติราชการแทน", "นักวิชาการพัฒนาชุมชน", "ชำนาญการ"} <= kept
    assert "ขอนแก่น" not in kept  # a province's name alone may stand inside a surname


def _print_copies(master: Path, keys: tuple[str, ...], out: Path):
    """The print copies LibreOffice prints (``files.docx.print_copy``) and what they keep whole."""
    from mchch_xl.files import docx
    from mchch_xl.flows.documents import contexts

    run = evaluate(master)
    data = run.checked.data
    names = fields.names(data.settings, data.districts)
    filled = contexts(run, keys)
    copies = {}
    for key in keys:
        word = docx.render(docx.template_path(key, None), filled[key], out / f"{key}.docx")
        copies[key] = docx.print_copy(word, out / f"{key}-print.docx", names)
    return names, copies


def _narrowed(copy: Path, cm: float, out: Path) -> Path:
    """``copy`` with every paragraph narrowed by ``cm`` (its right indent; in table cells by
    two thirds of it), so that line ends fall on other words."""
    from docx import Document
    from docx.shared import Cm

    doc = Document(str(copy))
    for p in doc.paragraphs:
        p.paragraph_format.right_indent = Cm(cm)
    for table in doc.tables:
        for cell in (c for row in table.rows for c in row.cells):
            for p in cell.paragraphs:
                p.paragraph_format.right_indent = Cm(cm * 2 / 3)
    target = out / f"{copy.stem}-{round(cm * 100):03d}.docx"
    doc.save(str(target))
    return target


def _raw_lines(pdf: Path) -> list[str]:
    """The printed lines in the order LibreOffice drew them (``pdftotext -raw``): a table
    cell's lines follow one another, and a mark drawn back over its letter stays in its word
    (the layout modes now and then put a word's rest on a line of its own after it)."""
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return [x for x in raw.stdout.splitlines() if x.strip()]


def _broken(lines: list[str], words) -> list[tuple[str, str, str]]:
    """(word, line end, next line's start) for each known word split over two lines, and each
    line left ending with "(" or starting with ")", ฯ or ๆ."""
    out = []
    flat = [_flat(line) for line in lines]
    for a, b, (fa, fb) in zip(lines, lines[1:], zip(flat, flat[1:])):
        for w in map(_flat, words):
            if w in fa + fb and w not in fa and w not in fb:
                out.append((w, a[-20:], b[:20]))
        if a.rstrip().endswith("(") or b.lstrip().startswith((")", "ฯ", "ๆ")):
            out.append(("", a[-20:], b[:20]))
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("numerals", ["ไทย", "อารบิก"])
def test_print_copies_break_no_known_word_and_leave_no_bracket_alone(numerals, demo, tmp_path):
    """The trial's letter printed "…ปฏิบัติราชการแทน ผู้ว่าราชกา" / "รจังหวัด…" and its minutes
    "นักวิชาการพัฒนาชุมชนชำนาญ" / "การ"; a narrower line ended "ชุมชน (" / "มชช.)", another cut
    the Line ID "0106" / "1701", and with Arabic numerals the time "08.30 - 14.3" / "0 น.". The
    letter's and the minutes' print copies, at their own width and narrowed step by step up to
    4 cm, print every province, district, position, identifier and time range kept whole on
    one line, and no line ends with "(" or begins with ")", ฯ or ๆ."""
    soffice()
    from mchch_xl.files.packet import to_pdfs

    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.SETTINGS.title]
    for r in range(1, ws.max_row + 1):
        key = ws.cell(r, 4).value
        if key == "signatory_position":
            ws.cell(r, 2).value = SIGNATORY
        elif key == "recorder_position":
            ws.cell(r, 2).value = RECORDER
        elif key == "digits":
            ws.cell(r, 2).value = numerals
    wb.save(demo)
    names, copies = _print_copies(demo, ("letter", "minutes"), tmp_path)
    steps = [i * 0.37 for i in range(0, 12)]  # 0 … 4.07 cm
    sources = [_narrowed(c, cm, tmp_path) for c in copies.values() for cm in steps]
    pdfs = to_pdfs(sources, tmp_path / "pdf")
    broken = {}
    for pdf in pdfs:
        if found := _broken(_raw_lines(pdf), {*names, *WHOLE}):
            broken[pdf.stem] = found
    assert broken == {}
    # the trial's two lines, at the documents' own width
    letter = [_flat(x) for x in _raw_lines(pdfs[0])]
    minutes = [_flat(x) for x in _raw_lines(pdfs[len(steps)])]
    assert _flat("ผู้ว่าราชการจังหวัดเชียงราย") in letter
    assert _flat(RECORDER) in minutes

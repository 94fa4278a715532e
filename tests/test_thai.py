from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from mchch_xl.checks.cells import parse_date_text, parse_time_text
from mchch_xl.domain import thai


def test_official_forms():
    day = dt.date(2025, 5, 1)
    assert thai.format_date(day) == "๑ พฤษภาคม ๒๕๖๘"
    assert thai.format_date(day, weekday=True) == "วันพฤหัสบดีที่ ๑ พฤษภาคม ๒๕๖๘"
    assert thai.format_date(day, thai=False) == "1 พฤษภาคม 2568"
    assert thai.format_time(dt.time(9)) == "๐๙.๐๐"
    assert thai.format_time_range(dt.time(8, 30), dt.time(14, 30)) == "๐๘.๓๐ - ๑๔.๓๐ น."


@given(st.integers(min_value=0, max_value=10**9))
def test_thai_digit_round_trip(n):
    text = thai.to_thai_digits(n)
    assert not any(ch.isascii() for ch in text)
    assert thai.to_arabic_digits(text) == str(n)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_buddhist_era_date_round_trip(day):
    for text in (
        thai.format_date(day),
        thai.format_date(day, thai=False),
        f"{day.day}/{day.month}/{day.year + 543}",
        f"{day.day}/{day.month}/{day.year}",
        day.isoformat(),
        thai.to_thai_digits(f"{day.day}/{day.month}/{day.year + 543}"),
    ):
        assert parse_date_text(text) == day, text


def test_dates_as_people_type_them():
    may1 = dt.date(2025, 5, 1)
    for text in (
        "1 พ.ค. 2568",
        "1 พ.ค. 68",
        "วันพฤหัสบดีที่ ๑ พฤษภาคม ๒๕๖๘",
        "01-05-2568",
        " 1/5/2025 ",
    ):
        assert parse_date_text(text) == may1, text
    assert parse_date_text("31/2/2568") is None
    assert parse_date_text("พรุ่งนี้") is None
    # an ISO date takes a time after it, nothing else: the words after it were dropped unread
    assert [
        parse_date_text(t)
        for t in ("2568-05-01 09:30", "2025-05-01T09:30:00.5", "2568-05-01 หรือ 2 พ.ค. ไม่แน่ใจ")
    ] == [may1, may1, None]


def test_times_as_people_type_them():
    for text in ("09.00", "9:00", "๐๙.๐๐ น.", "9.00 น."):
        assert parse_time_text(text) == dt.time(9), text
    assert parse_time_text("25.00") is None


def test_clean_text_and_collation():
    assert thai.clean_text("\ufeff แม่\u200bจัน\u00a0 ") == "แม่จัน"
    assert thai.clean_text("5707-L03\u180e") == "5707-L03"  # Mongolian vowel separator
    # Thai dictionary order skips leading vowels: เชียงของ sorts under ช, before ดอยหลวง
    assert thai.thai_sorted(["ดอยหลวง", "เชียงของ", "ขุนตาล"]) == ["ขุนตาล", "เชียงของ", "ดอยหลวง"]


def test_dates_as_pythainlp_prints_them():
    """format_date writes its own tables (no pythainlp import for one date): every day of two
    years, Thai and Arabic digits, with and without the weekday, equals thai_strftime."""
    from pythainlp.util import thai_strftime

    day, ours, theirs = dt.date(2024, 1, 1), [], []
    while day < dt.date(2026, 1, 1):
        moment = dt.datetime(day.year, day.month, day.day)
        for digits_thai in (True, False):
            for weekday in (True, False):
                ours.append(thai.format_date(day, digits_thai, weekday))
                fmt = "%Aที่ %-d %B %Y" if weekday else "%-d %B %Y"
                theirs.append(thai_strftime(moment, fmt, thaidigit=digits_thai))
        day += dt.timedelta(days=1)
    assert len(ours) == 731 * 4
    assert ours == theirs


_AWKWARD = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\x00\x07\t\n\r\x0b\x0c\x1c\x1f\x7f\x85\x9f\u061c\u200e"
    "\u200f\u202a\u202e\u2066\u2069\u00a0\u2007\u202f\u2028\u2029\u3000\u1680\u2000 "
    "แม่จัน๐๑๙ 5707 abc.-"
)


def _clean_text_reference(text: str) -> str:
    return thai._SPACES.sub(" ", thai._UNSAFE.sub("", text.translate(thai._INVISIBLE))).strip()


@given(st.text() | st.text(alphabet=_AWKWARD))
def test_clean_text_fast_path_changes_nothing(text):
    """Printable text skips two regex passes: the result is the same for any text."""
    assert thai.clean_text(text) == _clean_text_reference(text)
    assert thai.has_thai_digits(text) == any(ch in "๐๑๒๓๔๕๖๗๘๙" for ch in text)


def test_collation_is_thai_dictionary_order():
    """pythainlp's collate: leading vowels skipped, tone marks weighed last."""
    marks = ["เก่า", "แกว", "ไก่", "ก็", "เก็บ", "โก๊ะ", "ใจ", "เอ", "ขุนตาล", "ดอยหลวง", "เชียงของ"]
    assert thai.thai_sorted(marks) == [
        "เก็บ",
        "เก่า",
        "แกว",
        "โก๊ะ",
        "ไก่",
        "ก็",
        "ขุนตาล",
        "ใจ",
        "เชียงของ",
        "ดอยหลวง",
        "เอ",
    ]


# the digit rule of every printed document: (text as stored, under the Thai setting, under the
# Arabic setting)
DIGIT_CASES = [
    ("ห้องประชุมพวงแสด ชั้น 2", "ห้องประชุมพวงแสด ชั้น ๒", "ห้องประชุมพวงแสด ชั้น 2"),
    ("ชั้น ๓ ศาลากลาง", "ชั้น ๓ ศาลากลาง", "ชั้น 3 ศาลากลาง"),
    ("จำนวน 71 คน", "จำนวน ๗๑ คน", "จำนวน 71 คน"),
    ("25 เมษายน 2568", "๒๕ เมษายน ๒๕๖๘", "25 เมษายน 2568"),
    ("08.30 - 14.30 น.", "๐๘.๓๐ - ๑๔.๓๐ น.", "08.30 - 14.30 น."),
    (
        "08.30\u00a0-\u00a014.30\u00a0น.",
        "๐๘.๓๐\u00a0-\u00a0๑๔.๓๐\u00a0น.",
        "08.30\u00a0-\u00a014.30\u00a0น.",
    ),
    ("ขร 0019.2/ว 0096", "ขร ๐๐๑๙.๒/ว ๐๐๙๖", "ขร 0019.2/ว 0096"),
    ("0 5317 7350", "๐ ๕๓๑๗ ๗๓๕๐", "0 5317 7350"),
    ("ID Line : pim_cdd52", "ID Line : pim_cdd52", "ID Line : pim_cdd52"),
    ("pim_cdd๕๒", "pim_cdd๕๒", "pim_cdd๕๒"),
    (
        "ทาง runggapa.neung@gmail.com หรือ",
        "ทาง runggapa.neung@gmail.com หรือ",
        "ทาง runggapa.neung@gmail.com หรือ",
    ),
    ("รหัส 5716-L01 ผ่าน", "รหัส 5716-L01 ผ่าน", "รหัส 5716-L01 ผ่าน"),
    ("https://cdd.go.th/ข่าว/2568", "https://cdd.go.th/ข่าว/2568", "https://cdd.go.th/ข่าว/2568"),
    ("เลข x-xxxx-xxxxx-12-3", "เลข x-xxxx-xxxxx-12-3", "เลข x-xxxx-xxxxx-12-3"),
    ("แนบ ผลการประเมิน2568.xlsx", "แนบ ผลการประเมิน2568.xlsx", "แนบ ผลการประเมิน2568.xlsx"),
    ("", "", ""),
]


def test_the_digit_rule_on_a_table_of_cases():
    got = [(text, thai.prose(text, True), thai.prose(text, False)) for text, _, _ in DIGIT_CASES]
    assert got == DIGIT_CASES


def test_glue_joins_numbers_time_ranges_and_identifiers_but_not_thai_words():
    wj = thai.WORD_JOINER
    assert thai.glue("เวลา ๐๘.๓๐\u00a0-\u00a0๑๔.๓๐\u00a0น. ครับ") == (
        "เวลา " + wj.join("๐๘.๓๐\u00a0-\u00a0๑๔.๓๐\u00a0น.") + " ครับ"
    )
    assert thai.glue("ทาง a.b@c.th 5716-L01") == f"ทาง {wj.join('a.b@c.th')} {wj.join('5716-L01')}"
    assert thai.hold("เวลา ๐๘.๓๐ - ๑๔.๓๐ น. โทร ๐๙๓ ๑๓๗ ๙๒๙๒", ("อำเภอแม่จัน",)) == (
        "เวลา ๐๘.๓๐\u00a0-\u00a0๑๔.๓๐\u00a0น. โทร ๐๙๓\u00a0๑๓๗\u00a0๙๒๙๒"
    )
    # never a joiner before a mark that shapes with the letter before it
    assert thai.unbreakable("อำเภอเมืองลำปาง") == wj.join(
        ["อำ", "เ", "ภ", "อ", "เ", "มื", "อ", "ง", "ลำ", "ป", "า", "ง"]
    )
    assert thai.unbreakable("อำเภอเมืองลำปาง").replace(wj, "") == "อำเภอเมืองลำปาง"


KNOWN = (
    "จังหวัดขอนแก่น",
    "จังหวัดเชียงราย",
    "ผู้ว่าราชการจังหวัด",
    "รองผู้ว่าราชการจังหวัด",
    "ปฏิบัติราชการแทน",
    "นักวิชาการพัฒนาชุมชน",
    "ชำนาญการ",
    "นายอำเภอ",
    "อำเภอเมืองขอนแก่น",
)


def _marked(text: str) -> str:
    """Joiners as "|", zero-width spaces as "^", no-break spaces as "_": what a test reads."""
    marks = {thai.WORD_JOINER: "|", thai.ZERO_WIDTH_SPACE: "^", "\u00a0": "_"}
    return "".join(marks.get(ch, ch) for ch in text)


def test_hold_makes_known_words_whole_and_two_in_a_row_one():
    u = lambda w: _marked(thai.unbreakable(w))  # noqa: E731
    text = "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดขอนแก่น"
    # "ผู้ว่าราชการจังหวัด" and "จังหวัดขอนแก่น" overlap: one stretch, the province kept with its title
    assert _marked(thai.hold(text, KNOWN)) == " ".join(
        [u("รองผู้ว่าราชการจังหวัด"), u("ปฏิบัติราชการแทน"), u("ผู้ว่าราชการจังหวัดขอนแก่น")]
    )
    assert _marked(thai.hold("นักวิชาการพัฒนาชุมชนชำนาญการ", KNOWN)) == u("นักวิชาการพัฒนาชุมชนชำนาญการ")
    assert _marked(thai.hold("นายอำเภอเมืองขอนแก่น", KNOWN)) == u("นายอำเภอเมืองขอนแก่น")


def test_hold_leaves_a_break_where_a_known_word_meets_other_thai_letters():
    """A zero-width space where a known word touches other Thai letters: without it LibreOffice's
    dictionary gets "ผู้ว่าราชการจั" (the text before with the word's first cluster) and cuts it
    "ผู้ว่าราชกา|รจังหวัด". Next to a space or a bracket nothing is added."""
    u = lambda w: _marked(thai.unbreakable(w))  # noqa: E731
    got = thai.hold("ส่งให้สำนักงานพัฒนาชุมชนจังหวัดขอนแก่นภายในวันที่", KNOWN)
    assert _marked(got) == f"ส่งให้สำนักงานพัฒนาชุมชน^{u('จังหวัดขอนแก่น')}^ภายในวันที่"
    assert _marked(thai.hold("(แทน จังหวัดขอนแก่น)", KNOWN)) == f"(แทน {u('จังหวัดขอนแก่น')})"
    # the text itself is unchanged: take the marks out and it is what was given
    for text in ("ส่งให้สำนักงานพัฒนาชุมชนจังหวัดขอนแก่นภายในวันที่", "ผู้ว่าราชการจังหวัดขอนแก่น"):
        kept = thai.hold(text, KNOWN)
        assert kept.replace(thai.WORD_JOINER, "").replace(thai.ZERO_WIDTH_SPACE, "") == text


def test_hold_finds_a_known_word_only_on_cluster_boundaries():
    # "ตาก" in "เตาก" would start inside the cluster "เต"; in "ตากา" it would end before its vowel
    assert thai.hold("เตาก ตากา", ("ตาก",)) == "เตาก ตากา"
    assert thai.hold("ตาก", ("ตาก",)) == thai.unbreakable("ตาก")
    assert thai.hold("ไม่มีชื่อ", KNOWN) == "ไม่มีชื่อ"  # nothing known: as given
    assert thai.hold("", KNOWN) == ""


def test_glue_keeps_brackets_and_marks_with_their_words():
    """ "(" with the words before and after it, ")" ฯ ๆ with the word before them: a no-break
    space in place of the space before "(" and ๆ (LibreOffice's Thai lines move a break offered
    there past the bracket), word joiners elsewhere."""
    got = thai.glue("ตามลำดับการนำเสนอ (สิ่งที่ส่งมาด้วย ๒) ทั้งนี้")
    assert _marked(got) == "ตามลำดับการนำเสนอ_(|สิ่งที่ส่งมาด้วย ๒|) ทั้งนี้"
    assert _marked(thai.glue("การพัฒนาชุมชน (มชช.) ของ")) == "การพัฒนาชุมชน_(|มชช.|) ของ"
    assert _marked(thai.glue("เรื่องอื่น ๆ (ถ้ามี)")) == "เรื่องอื่น_ๆ_(|ถ้ามี|)"
    assert _marked(thai.glue("เข้าร่วมประชุมฯ เพื่อ")) == "เข้าร่วมประชุม|ฯ เพื่อ"
    # a bracket standing alone, or at the start, is left as it is
    assert thai.glue("x ( y ) z") == "x ( y ) z"
    assert _marked(thai.glue("(ถ้ามี)")) == "(|ถ้ามี|)"
    # joiners are never doubled where a number was glued already
    assert _marked(thai.glue("(๑๒)")) == "(|๑|๒|)"


def test_number_text_is_the_one_text_of_a_number():
    from mchch_xl.domain.thai import number_text, whole

    assert [number_text(x) for x in (16.0, 12.5, 7, 0.25, -3.0)] == [
        "16",
        "12.5",
        "7",
        "0.25",
        "-3",
    ]
    assert whole(5707.0) == 5707 and type(whole(5707.0)) is int
    assert whole(True) is True and whole("5707") == "5707" and whole(None) is None

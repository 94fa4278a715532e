"""Thai text conventions: digits, Buddhist-era dates, "๐๙.๐๐ น." times, collation, clean-up.

Thai dictionary order is ``pythainlp.util.collate``, imported only when that order is asked
for. Digits, day and month names and the Buddhist-era year are plain tables here (the same as
pythainlp's): pythainlp's import costs about a quarter of a second, and every Excel button click
starts Python to print one date. Tests hold the tables to pythainlp.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Any

BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
# Monday first, as datetime.date.weekday() counts
THAI_WEEKDAYS = ("วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์")
THAI_MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

# Characters that Excel users paste in from LINE, web pages and Word without seeing them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
# Control characters (C0 but tab and line breaks, DEL, C1), lone surrogates, U+FFFE and U+FFFF
# cannot be stored in an .xlsx at all (they are not XML characters);
# bidirectional controls (U+202E "right-to-left override" and kin) can make printed text read
# differently from what was typed. Both are removed, and the check that removes them says so.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_THAI_DIGIT = re.compile(f"[{_THAI_DIGITS}]")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")


def has_thai_digits(text: str) -> bool:
    return _THAI_DIGIT.search(text) is not None


def to_thai_digits(text: object) -> str:
    return str(text).translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


# Characters that look like a code's ASCII but are not: full-width forms (typed with an East
# Asian keyboard layout: "５７０１－Ｌ０１"), Arabic-Indic digits, and the dashes word processors
# and LINE put in place of the hyphen-minus.
_LOOKALIKE = {
    **{0xFF01 + i: 0x21 + i for i in range(94)},
    **{0x0660 + i: 0x30 + i for i in range(10)},
    **{0x06F0 + i: 0x30 + i for i in range(10)},
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\ufe58\ufe63"), ord("-")),
    0x3000: 0x20,
}


def fold_lookalikes(text: str) -> str:
    """A code with its look-alike characters made the ASCII ones they look like (Thai and other
    text is left as it is)."""
    return text if text.isascii() else text.translate(_LOOKALIKE)


def whole(value: Any) -> Any:
    """A whole float as an int (5707.0 → 5707: Excel and its readers give every number as a
    float); anything else as it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def number_text(value: float) -> str:
    """THE text of a number in a message or a fingerprint: 16.0 → "16", 12.5 → "12.5"."""
    return str(whole(value))


def digits(value: object, thai: bool) -> str:
    """A number, date or time the product formats, in Thai numerals (``thai=True``) or as it
    is. Text a person typed goes through ``prose`` (which keeps identifiers as stored)."""
    text = str(value)
    return to_thai_digits(text) if thai else text


# A word that is an identifier, never a number in prose: it holds a Latin letter (a Line ID
# "pim_cdd52", a candidate id "5716-L01", a masked national id "x-xxxx-xxxxx-12-3", a file name),
# an "@" (e-mail), an underscore or a "://" (URL).
_IDENTIFIER = re.compile(r"[A-Za-z@_]|://")
_WORD = re.compile(r"[^\s\u00a0]+")


def prose(text: object, thai: bool) -> str:
    """THE digit rule of every printed document: the numerals of prose, counts, dates and times
    follow the setting (Thai numerals with ``thai``, Arabic without), while identifiers are
    printed exactly as stored: any word holding a Latin letter, "@", "_" or "://" (candidate ids,
    codes, e-mail, Line ID, URLs, file names, masked national ids). Values known to be
    identifiers are not passed here at all: they are printed as stored."""
    text = "" if text is None else str(text)
    table = _TO_THAI if thai else _TO_ARABIC

    def one(m: re.Match) -> str:
        word = m.group()
        return word if _IDENTIFIER.search(word) else word.translate(table)

    return _WORD.sub(one, text)


WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"
_GLUE_TOKEN = re.compile(r"[^ \t\n\r\f\v]*[\u00a0A-Za-z0-9๐-๙@][^ \t\n\r\f\v]*")


def unbreakable(token: str) -> str:
    """``token`` that no line break splits (a place name, "อำเภอเมืองเชียงราย"): a word joiner
    before every character that starts a cluster, never before a combining mark (tone marks,
    vowels above and below) or SARA AM, which shape with the letter before. Joiners and
    zero-width spaces already in ``token`` are dropped (it has no break left)."""
    token = token.replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "")
    if not token:
        return token
    out = [token[0]]
    for ch in token[1:]:
        if not (unicodedata.category(ch) in ("Mn", "Mc") or ch == "\u0e33"):
            out.append(WORD_JOINER)
        out.append(ch)
    return "".join(out)


_TIME_RANGE = re.compile(r"([0-9๐-๙]{1,2}[.:][0-9๐-๙]{2}) ?- ?([0-9๐-๙]{1,2}[.:][0-9๐-๙]{2}) น\.")
_DIGIT_SPACE = re.compile(r"(?<=[0-9๐-๙]) (?=[0-9๐-๙])")
# Thai letters, vowels, marks, ฯ and ๆ: what LibreOffice (ICU) hands its Thai dictionary as one
# stretch. A word joiner or a zero-width space ends such a stretch.
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")
# A known word counts inside other text only where a cluster begins and ends: never right after
# a leading vowel (เ แ โ ใ ไ), never right before a following vowel or a mark.
_CLUSTER_BEFORE = "(?<![\u0e40-\u0e44])"
_CLUSTER_AFTER = "(?![\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])"


@lru_cache(maxsize=16)
def _known_words(names: tuple[str, ...]) -> re.Pattern | None:
    """Where a word of ``names`` starts, the longest one (a lookahead: occurrences may overlap,
    "ผู้ว่าราชการจังหวัด" and "จังหวัดขอนแก่น")."""
    words = sorted({n for n in names if n}, key=len, reverse=True)
    if not words:
        return None
    either = "|".join(map(re.escape, words))
    return re.compile(f"(?={_CLUSTER_BEFORE}({either}){_CLUSTER_AFTER})")


def _bind(text: str, names: tuple[str, ...]) -> str:
    """Each stretch of ``text`` covered by words of ``names`` (overlapping or touching ones make
    one stretch) unbreakable, with a zero-width space where it touches other Thai letters. The
    space is what keeps the rest right: with a joiner alone LibreOffice hands "ผู้ว่าราชการจั" (the
    text before a name with the name's first cluster) to its dictionary, which cuts it
    "ผู้ว่าราชกา|รจังหวัด…"; a break there, at the end of a known word, is one a reader accepts."""
    pattern = _known_words(names)
    if pattern is None:
        return text
    spans: list[list[int]] = []
    for m in pattern.finditer(text):
        start, end = m.start(1), m.end(1)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        if start and _THAI_LETTER.match(text[start - 1]):
            out.append(ZERO_WIDTH_SPACE)
        out.append(unbreakable(text[start:end]))
        if end < len(text) and _THAI_LETTER.match(text[end]):
            out.append(ZERO_WIDTH_SPACE)
        last = end
    out.append(text[last:])
    return "".join(out)


def hold(text: str, names: tuple[str, ...] = ()) -> str:
    """``text`` with what must stay on one line held together, for a word processor to break
    the rest: a time range ("๐๘.๓๐ - ๑๔.๓๐ น.") and digit groups ("๐๙๓ ๑๓๗ ๙๒๙๒") joined by
    no-break spaces, and each of ``names`` (places, positions: "อำเภอเมืองเชียงราย",
    "ผู้ว่าราชการจังหวัด") made unbreakable, two of them in a row as one."""
    if not text:
        return text
    text = _TIME_RANGE.sub("\\1\u00a0-\u00a0\\2\u00a0น.", text)
    text = _DIGIT_SPACE.sub("\u00a0", text)
    return _bind(text, tuple(names)) if names else text


# What a line may neither end nor begin with. In a Thai-language run LibreOffice 7.4 ends a line
# with "(" even with a word joiner after it ("ชุมชน (" / "มชช.)", at about one width in 20), and
# begins one with ๆ ("อื่น" / "ๆ"); with a no-break space in place of the space before them it
# did neither at any of 260 widths tried: a bracket stays with the words before and after it. A
# closing bracket and ฯ get a word joiner: a line never begins with them either.
_SPACE_BEFORE = re.compile(r" (?=[(\[][^\s]|ๆ)")
_OPENING = re.compile(r"(?<=[(\[])(?=[^\s\u2060])")
_CLOSING = re.compile(r"(?<=[^\s\u00a0\u2060])(?=[)\]ฯ])")


def glue(text: str) -> str:
    """``text`` for a printer that must not break identifiers, numbers and time ranges joined
    by no-break spaces: each such word (holding a Latin letter, a digit, "@" or a no-break
    space) gets word joiners (U+2060, invisible, dropped by text extraction) between its
    characters. LibreOffice otherwise cuts "๑๔|.๓๐" (Thai line breaking) and "5716-|L01" (after a
    hyphen). A bracket stays with the words it encloses and with the word before it (a
    no-break space in place of the space before "("), as do ")", ฯ and ๆ with what is before
    them. Used on the copies LibreOffice prints, never on the data or on the Word files an
    officer edits."""
    if not text:
        return text
    text = _GLUE_TOKEN.sub(lambda m: unbreakable(m.group()), text)
    text = _SPACE_BEFORE.sub("\u00a0", text)
    text = _OPENING.sub(WORD_JOINER, text)
    return _CLOSING.sub(WORD_JOINER, text)


def clean_text(text: str) -> str:
    """Drop invisible, control and bidi characters, fold white space to one space, trim."""
    if text.isprintable():
        # the usual cell, in a tenth of the time: no character above is printable (they are
        # all of Unicode's "Other" or "Separator" categories) but the ASCII space
        return (_SPACES.sub(" ", text) if "  " in text else text).strip()
    return _SPACES.sub(" ", _UNSAFE.sub("", text.translate(_INVISIBLE))).strip()


def unsafe_characters(text: str) -> list[str]:
    """The control and bidirectional characters in ``text``, as "U+202E" names (in order)."""
    return sorted({f"U+{ord(ch):04X}" for ch in _UNSAFE.findall(text)})


def strip_unsafe(text: str) -> str:
    """``text`` without control and bidi characters (nothing else changed)."""
    return _UNSAFE.sub("", text)


def format_date(day: dt.date, thai: bool = True, weekday: bool = False) -> str:
    """Official form: "๑ พฤษภาคม ๒๕๖๘"; with ``weekday``: "วันพฤหัสบดีที่ ๑ พฤษภาคม ๒๕๖๘"."""
    text = f"{day.day} {THAI_MONTHS[day.month - 1]} {be_year(day)}"
    if weekday:
        text = f"{THAI_WEEKDAYS[day.weekday()]}ที่ {text}"
    return to_thai_digits(text) if thai else text


def format_time(t: dt.time, thai: bool = True) -> str:
    """ "09.00" as the seed prints it (a dot, two-digit hour), in Thai numerals when asked."""
    return digits(f"{t.hour:02d}.{t.minute:02d}", thai)


def format_time_range(start: dt.time, end: dt.time, thai: bool = True) -> str:
    """ "๐๙.๐๐ - ๑๔.๓๐ น."."""
    return f"{format_time(start, thai)} - {format_time(end, thai)} น."


def thai_sorted(words: list[str]) -> list[str]:
    """Thai dictionary order (``pythainlp.util.collate``), for the alphabetical presentation
    order only: pythainlp is imported here, when that order is asked for (about 0.1 s), never
    on the start of every command."""
    from pythainlp.util import collate

    return collate(list(words))


def be_year(day: dt.date) -> int:
    return day.year + BE_OFFSET


def this_year() -> int:
    """The Buddhist-era year by the machine's clock (the tests fix it: conftest)."""
    return be_year(dt.date.today())


def month_number(name: str) -> int | None:
    name = name.strip()
    for i, (full, abbr) in enumerate(zip(THAI_MONTHS, THAI_MONTHS_ABBR), start=1):
        if name in (full, abbr, abbr.replace(".", "")):
            return i
    return None


_YEAR = re.compile(r"^(พ\.?ศ\.?|ค\.?ศ\.?|BE|CE|AD)?\s*(\d{2}|\d{4})$", re.IGNORECASE)


def parse_year(text: object) -> tuple[int, str] | None:
    """A (fiscal) year as people type it → (Buddhist-era year, note), or None if unreadable.

    "2568", "๒๕๖๘" and "พ.ศ. 2568" are Buddhist era; "68" is 2568 (two digits mean 25xx, as in
    "ปีงบประมาณ 68"); "2025" or "ค.ศ. 2025" is Common era, read as 2568 with a note saying so.
    """
    m = _YEAR.match(to_arabic_digits(clean_text(str(text))).replace(" ", ""))
    if not m:
        return None
    era, n = (m.group(1) or "").replace(".", "").upper(), int(m.group(2))
    if len(m.group(2)) == 2:
        return (
            (2500 + n, f"ปี {m.group(2)} อ่านเป็น พ.ศ. {2500 + n}")
            if era in ("", "พศ", "BE")
            else None
        )
    if era in ("คศ", "CE", "AD") or (not era and 1900 <= n <= 2200):
        if not 1900 <= n <= 2200:
            return None
        return n + BE_OFFSET, f"ค.ศ. {n} อ่านเป็น พ.ศ. {n + BE_OFFSET}"
    if 2400 <= n <= 2700:
        return n, ""
    return None

"""Provinces and districts (จังหวัด, อำเภอ) of the 76 provincial Community Development offices.

The table ``data/thailand-districts.csv`` holds the 878 districts with their official 4-digit
codes, Thai and English names (source and corrections in ``../shared/data/README.md``; Bangkok's
50 เขต are left out: the department has no provincial office there). A province is found by its
Thai name (with or without "จังหวัด"/"จ."), its English name (any case, spaces or hyphens) or its
2-digit code, in Arabic or Thai digits; an unknown name gets the closest Thai names.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mchch_xl.domain.thai import clean_text, to_arabic_digits

DATA_FILE = "data/thailand-districts.csv"
BANGKOK = ("กรุงเทพมหานคร", "กรุงเทพฯ", "กรุงเทพ", "กทม", "กทม.", "bangkok")


@dataclass(frozen=True)
class Place:
    code: str  # 4 digits (district) or 2 digits (province)
    th: str
    en: str


@dataclass(frozen=True)
class Province:
    code: str
    th: str
    en: str
    districts: tuple[Place, ...]  # in code order


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """Every province of the table, in code order, each with its districts in code order."""
    text = (Path(__file__).resolve().parent.parent / DATA_FILE).read_text("utf-8")
    rows = csv.reader(text.splitlines())
    at = {name: i for i, name in enumerate(next(rows))}
    keys = ("province_code", "province_th", "province_en", "code", "name_th", "name_en")
    p_code, p_th, p_en, code, th, en = (at[k] for k in keys)
    by_code: dict[str, tuple[str, str, list[Place]]] = {}
    for r in filter(None, rows):  # a csv.reader, not a DictReader: a third of the time
        entry = by_code.setdefault(r[p_code], (r[p_th], r[p_en], []))
        entry[2].append(Place(r[code], r[th], r[en]))
    return tuple(
        Province(code, th, en, tuple(sorted(ds, key=lambda d: d.code)))
        for code, (th, en, ds) in sorted(by_code.items())
    )


_PREFIX = re.compile(r"^(จังหวัด|จ\.)\s*")


def _thai_key(text: str) -> str:
    return _PREFIX.sub("", clean_text(text)).replace(" ", "")


def _latin_key(text: str) -> str:
    return re.sub(r"[\s\-_.']", "", text).lower()


@lru_cache(maxsize=1)
def _index() -> dict[str, Province]:
    out: dict[str, Province] = {}
    for p in provinces():
        out[p.code] = p
        out[_thai_key(p.th)] = p
        out[_latin_key(p.en)] = p
    return out


class UnknownProvince(LookupError):
    """No province of that name or code; ``suggestions`` are the closest Thai names."""

    def __init__(self, text: str, suggestions: list[str], bangkok: bool = False):
        super().__init__(text)
        self.text, self.suggestions, self.bangkok = text, suggestions, bangkok


def find_province(text: str) -> Province:
    """The province named by ``text`` (Thai or English name, or 2-digit code).

    Raises:
        UnknownProvince: with up to three closest Thai names.
    """
    raw = to_arabic_digits(clean_text(str(text)))
    index = _index()
    for key in (raw, _thai_key(raw), _latin_key(raw)):
        if key in index:
            return index[key]
    if _thai_key(raw).lower() in BANGKOK or _latin_key(raw) in BANGKOK:
        raise UnknownProvince(text, [], bangkok=True)
    raise UnknownProvince(text, suggest(raw))


def suggest(text: str, n: int = 3) -> list[str]:
    """The Thai names closest to ``text`` (an English text is compared with English names)."""
    import difflib  # only when a name is not found

    if re.search(r"[A-Za-z]", text):
        names = {_latin_key(p.en): p.th for p in provinces()}
        close = difflib.get_close_matches(_latin_key(text), names, n=n, cutoff=0.6)
        return [names[c] for c in close]
    names = {_thai_key(p.th): p.th for p in provinces()}
    close = difflib.get_close_matches(_thai_key(text), names, n=n, cutoff=0.6)
    return [names[c] for c in close]


def districts_of(province: str) -> tuple[Place, ...]:
    """The districts of a province (by name or code) in code order; () if unknown."""
    try:
        return find_province(province).districts
    except UnknownProvince:
        return ()


__all__ = [
    "Place",
    "Province",
    "UnknownProvince",
    "districts_of",
    "find_province",
    "provinces",
    "suggest",
]

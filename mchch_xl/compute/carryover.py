"""Each year from the last (``mchch-xl new --from``): what carries over, and the history of
certified units that grows year on year. Pure: sheet values in, rows out; no workbook objects.

Carried: the settings (office, coordinator, venue, times, order policy, and any further setting
rows the old master has), the districts with their contacts, the committee (names, positions,
roles; not who came to last year's meeting), and the indicators and cut-off tables of the last
year, copied to the new year with a note asking staff to review them.
Not carried: candidates, scores, decisions, the response tracker, the import log, the
certificate register (a year's certificates are numbered from 1), the meeting date and reply
deadline, the committee's attendance, stand-ins and notes, and a lottery seed (a new year draws
anew).

The history sheet (ประวัติการรับรอง) lists every unit the committee certified (มติ รับรอง) in
the earlier masters' years: the old master's own history plus its certified units. A candidate
of a later year that matches a unit of the history (same id, or the same name, type and
district) is marked in the results sheet: "เคยได้รับการรับรองปี ๒๕๖๘ (ดีมาก)".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mchch_xl.checks.history import Certified, read_history
from mchch_xl.checks.history import cell_of as _cell
from mchch_xl.checks.history import text_of as _text
from mchch_xl.checks.tables import find_layout
from mchch_xl.domain.model import KINDS, Kind, MasterData, Settings
from mchch_xl.domain.schema import (
    COMMITTEE,
    CRITERIA,
    DISTRICTS,
    INDICATORS,
    SETTING_BY_KEY,
    SETTINGS,
)
from mchch_xl.domain.thai import clean_text, digits, to_arabic_digits, whole


def certified_units(data: MasterData, evaluations) -> list[Certified]:
    """The units the committee certified in this master's year."""
    names = {d.code: d.name for d in data.districts}
    return [
        Certified(
            data.settings.fiscal_year,
            e.candidate.id,
            e.candidate.name,
            e.candidate.kind,
            e.candidate.district,
            names.get(e.candidate.district, ""),
            e.level,
        )
        for e in evaluations
        if e.certified
    ]


def grow(history: list[Certified], new: list[Certified]) -> list[Certified]:
    """The history with this year's certified units added: one row per (year, id), sorted by
    year, district code, type and id."""
    kind_pos = {k: i for i, k in enumerate(KINDS)}
    merged: dict[tuple[int, str], Certified] = {}
    for unit in [*history, *new]:
        merged[(unit.year, unit.id)] = unit
    return sorted(
        merged.values(), key=lambda u: (u.year, u.district_code, kind_pos.get(u.kind, 9), u.id)
    )


def _name_key(name: str) -> str:
    return clean_text(name).replace(" ", "").lower()


def earlier_certifications(data: MasterData) -> dict[str, list[Certified]]:
    """Candidate id -> the history units it matches (earlier years only): the same id, or the
    same name, type and district."""
    year = data.settings.fiscal_year
    by_id: dict[str, list[Certified]] = {}
    by_name: dict[tuple[str, Kind | None, str], list[Certified]] = {}
    for unit in data.history:
        if unit.year >= year:
            continue
        by_id.setdefault(unit.id, []).append(unit)
        by_name.setdefault((_name_key(unit.name), unit.kind, unit.district_code), []).append(unit)
    out: dict[str, list[Certified]] = {}
    for c in data.candidates:
        found = {(u.year, u.id): u for u in by_id.get(c.id, [])}
        for u in by_name.get((_name_key(c.name), c.kind, c.district), []):
            found.setdefault((u.year, u.id), u)
        if found:
            out[c.id] = sorted(found.values(), key=lambda u: u.year)
    return out


def history_note(units: list[Certified], thai: bool) -> str:
    """ "เคยได้รับการรับรองปี ๒๕๖๗ (ดี), ๒๕๖๘ (ดีมาก)"."""
    parts = [digits(u.year, thai) + (f" ({u.level})" if u.level else "") for u in units]
    return "เคยได้รับการรับรองปี " + ", ".join(parts)


# -- the next year's master ---------------------------------------------------------------------


@dataclass
class NextYear:
    settings: Settings
    tables: dict[str, list[list[Any]]]  # schema key -> rows, as pipeline.create_master takes
    notes: dict[str, str]
    history: list[Certified]
    extra_settings: list[list[Any]]  # setting rows this version does not know, kept as typed


RESET_SETTINGS = {  # facts of one year's meeting and letter, never the next year's
    "meeting_date": None,
    "rsvp_deadline": None,
    "lottery_seed": None,
    "lottery_drawn_at": "",
    "lottery_drawn_by": "",
    "meeting_no": 1,
    "letter_no": "",
    "letter_date": None,
    "opened_time": None,
    "closed_time": None,
}


def _year_text(text: str, old: int, new: int) -> str:
    """A carried text that names the old year names the new one (Arabic or Thai digits)."""
    for a, b in ((str(old), str(new)), (digits(old, True), digits(new, True))):
        text = text.replace(a, b)
    return text


def _rows_of_year(rows: list[list[Any]], year: int, new: int, sheet=INDICATORS) -> list[list[Any]]:
    """The rows (in ``sheet``'s column order) of the latest year not after ``year`` (the one the
    old master used), re-dated to the ``new`` year."""
    y = sheet.index("year")
    years = sorted({r[y] for r in rows if r[y] <= year}) or sorted({r[y] for r in rows})
    chosen = [list(r) for r in rows if years and r[y] == years[-1]]
    for r in chosen:
        r[y] = new
    return chosen


def rows_for_year(rows: list[list[Any]], sheet, year: int) -> tuple[list[list[Any]], int | None]:
    """(rows, the year they were of) for ``year`` from a department file's table (rows in
    ``sheet``'s column order, years as typed): its rows of ``year`` as they are, else those of
    its latest year re-dated to ``year``; ([], None) when it has none."""
    y = sheet.index("year")

    def year_of(row: list[Any]) -> int | None:
        text = to_arabic_digits(str(row[y] if y < len(row) and row[y] is not None else ""))
        text = text.strip().removesuffix(".0")
        return int(text) if text.isdigit() else None

    years = sorted({v for r in rows if (v := year_of(r)) is not None})
    if not years:
        return [], None
    source = year if year in years else max(years)
    chosen = [list(r) for r in rows if year_of(r) == source]
    for r in chosen:
        r[y] = year
    return chosen, source


def next_year(
    data: MasterData, evaluations, settings_rows: list[list[Any]] | None, year: int
) -> NextYear:
    """Everything a new master for ``year`` takes from last year's checked ``data``."""
    s = data.settings
    old = s.fiscal_year
    update: dict[str, Any] = {"fiscal_year": year, **RESET_SETTINGS}
    for key in ("meeting_title", "letter_subject"):  # "… ประจำปี 2568" (not a reference)
        if getattr(s, key):
            update[key] = _year_text(getattr(s, key), old, year)
    settings = s.model_copy(update=update)
    districts = [
        [d.code, d.name, d.order, d.contact or None, d.phone or None, d.email or None]
        for d in data.districts
    ]
    indicators = [
        [
            i.year,
            i.kind.th,
            i.component or None,
            i.code,
            i.text,
            whole(i.min),
            whole(i.max),
            whole(i.weight),
            "ใช่" if i.must_pass else None,
            whole(i.pass_min),
        ]
        for i in data.indicators
    ]
    criteria = [
        [c.year, c.kind.th, _rule_th(c), whole(c.threshold), c.result, c.level or None]
        for c in data.criteria
    ]
    committee = [  # who sits on it carries; who came to last year's meeting does not
        COMMITTEE.row(
            {"no": m.no, "name": m.name, "position": m.position or None, "role": m.role or None}
        )
        for m in data.committee
    ]
    indicators = _rows_of_year(indicators, old, year, INDICATORS)
    criteria = _rows_of_year(criteria, old, year, CRITERIA)
    review = (
        f"ตรวจทาน: คัดลอกจากสมุดงานปี {old} ให้ปรับให้ตรงกับหลักเกณฑ์ปี {year} ก่อนใช้ (แก้หรือเพิ่มแถวได้ตามปกติ)"
    )
    notes = {INDICATORS.key: review, CRITERIA.key: review}
    history = grow(data.history, certified_units(data, evaluations))
    return NextYear(
        settings,
        {
            DISTRICTS.key: districts,
            INDICATORS.key: indicators,
            CRITERIA.key: criteria,
            COMMITTEE.key: committee,
        },
        notes,
        history,
        extra_setting_rows(settings_rows, old, year),
    )


def _rule_th(c) -> str:
    from mchch_xl.domain.model import RULE_TH

    return RULE_TH[c.rule]


def extra_setting_rows(rows: list[list[Any]] | None, old: int, new: int) -> list[list[Any]]:
    """Rows of the settings sheet whose key this version does not know (e.g. letter details
    added by hand or by a newer version), as rows of the sheet (the value's year updated)."""
    if not rows:
        return []
    layout = find_layout(SETTINGS, rows)
    header, cols = layout.header_row - 1, layout.columns
    if "key" not in cols and "label" not in cols:
        return []
    labels = {f.label for f in SETTING_BY_KEY.values()}
    out = []
    for row in rows[header + 1 :]:

        def cell(key: str, row=row) -> Any:
            return _cell(row, cols, key)

        key, label = _text(cell("key")), _text(cell("label"))
        if not (key or label) or key in SETTING_BY_KEY or label in labels:
            continue
        value = cell("value")
        if isinstance(value, str):
            value = _year_text(value, old, new)
        values = {
            "label": label or key,
            "value": None if value == "" else value,
            "help": _text(cell("help")) or None,
            "key": key or None,
        }
        out.append(SETTINGS.row(values))
    return out


__all__ = [
    "Certified",
    "NextYear",
    "certified_units",
    "earlier_certifications",
    "extra_setting_rows",
    "grow",
    "history_note",
    "next_year",
    "read_history",
]

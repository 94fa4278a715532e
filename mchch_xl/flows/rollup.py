"""The national roll-up (``mchch-xl rollup``): every province's master, read-only, into one
workbook for the Community Development Department.

Each master is read once with python-calamine (only the sheets the computation needs), checked
and computed by the same ``pipeline.process`` that ``mchch-xl summary`` runs, and reduced at once
to its ``summary --json`` dictionary: the roll-up's figures are that dictionary's figures, summed.
Only the reduced figures stay in memory, so memory does not grow with the masters' size.

A file that is not a master (no master sheets), cannot be read, or lacks its province or year is
reported and skipped; the others are rolled up. Two masters of the same province and year are
both refused, each naming the other, unless one is an older copy of the same master (the same
creation stamp in the workbook's properties, saved earlier): that copy is named as such and the
newest is used.

Personal data: the outputs hold no names of people, contacts or phone numbers, only codes,
types, results and decisions; any 13-digit number (a national ID typed as a candidate id) is
masked to its last four digits.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mchch_xl.domain.issues import FatalError, Issue, IssueCode, Report, Severity, issue
from mchch_xl.domain.model import CERTIFIED, KINDS
from mchch_xl.domain.schema import (
    CANDIDATES,
    CRITERIA,
    DISTRICTS,
    FIRST_DATA_ROW,
    INDICATORS,
    RESULTS,
    ROLLUP_CANDIDATES,
    ROLLUP_COUNTS,
    ROLLUP_ISSUES_TITLE,
    ROLLUP_LEVEL_PREFIX,
    ROLLUP_NATIONAL,
    ROLLUP_STATUS,
    SCORES,
    SETTINGS,
    Column,
)
from mchch_xl.domain.thai import THAI_MONTHS
from mchch_xl.layout.grid import Grid, table
from mchch_xl.layout.sheets import issues_grid

if TYPE_CHECKING:  # imported for real only inside the table functions (see "the tables")
    import pandas as pd

# what a master must have to be rolled up, and what is read of it (not the documents)
REQUIRED_SHEETS = (SETTINGS, DISTRICTS, CANDIDATES, INDICATORS, SCORES, RESULTS)
READ_SHEETS = frozenset(s.title for s in (*REQUIRED_SHEETS, CRITERIA))

STATUS_NO_MEETING = "ยังไม่ประชุม"
STATUS_DECIDED = "มีมติครบแล้ว"
STATUS_PENDING = "รอมติ"
NATIONAL = "รวมทั้งประเทศ"

_NATIONAL_ID = re.compile(r"(?<!\d)\d(?:[-\s]?\d){12}(?!\d)")


def mask_ids(value: Any) -> Any:
    """Any 13-digit number in a text (a Thai national ID, with or without dashes) keeps only
    its last four digits: "1-2345-67890-12-3" -> "x-xxxx-xxxx0-12-3"."""
    if not isinstance(value, str):
        return value

    def hide(m: re.Match) -> str:
        out, seen = [], 0
        for ch in m.group(0):
            if ch.isdigit():
                seen += 1
                out.append(ch if seen > 9 else "x")
            else:
                out.append(ch)
        return "".join(out)

    return _NATIONAL_ID.sub(hide, value)


@dataclass
class Province:
    """One master, reduced to what the roll-up writes."""

    path: Path
    label: str  # the file as shown to users (relative to the current folder when shorter)
    code: str  # first two digits of the district codes
    name: str
    year: int
    summary: dict  # the master's ``summary --json``
    district_names: dict[str, str]
    levels: list[str]  # the certification levels of the year, lowest band first
    created: str = ""
    modified: str = ""
    mtime: float = 0.0
    sha256: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.code or self.name, self.year)

    @property
    def decided(self) -> int:
        return sum(1 for c in self.summary["candidates"] if c["decision"])

    @property
    def proposed(self) -> int:
        return self.summary["totals"]["total"]

    @property
    def status(self) -> str:
        if not self.decided:
            return STATUS_NO_MEETING
        return STATUS_DECIDED if self.decided == self.proposed else STATUS_PENDING


@dataclass
class Rollup:
    provinces: list[Province] = field(default_factory=list)  # rolled up, by code and year
    report: Report = field(default_factory=Report)  # files skipped or refused, and why
    files: list[Path] = field(default_factory=list)

    @property
    def levels(self) -> list[str]:
        out: list[str] = []
        for p in self.provinces:
            out += [lv for lv in p.levels if lv not in out]
        return out

    @property
    def exit_code(self) -> int:
        if not self.provinces:
            return 2
        bad = [i for i in self.report.issues if i.severity is not Severity.INFO]
        return 1 if bad else 0


def label(path: Path) -> str:
    text = str(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return text
    return rel if len(rel) < len(text) else text


def read_province(path: Path) -> tuple[Province, list[Issue]]:
    """One master, read-only: its ``summary --json`` and file facts. Raises ``FatalError`` for
    a file that is not a readable master with a province and a year."""
    from mchch_xl.compute import summary_dict
    from mchch_xl.files import national as rio
    from mchch_xl.files import reader
    from mchch_xl.flows.pipeline import process

    path = Path(path)
    shown = label(path)
    sheets = reader.read_values(path, only=set(READ_SHEETS))
    missing = [s.title for s in REQUIRED_SHEETS if s.title not in sheets]
    if missing:
        raise FatalError(issue(IssueCode.ROL_001, file=shown, value=", ".join(missing)))
    run = process(sheets, path.name, draw=False)
    del sheets
    checked = run.checked
    s = checked.data.settings
    bad_rows = {i.row for i in checked.report.errors if i.sheet == SETTINGS.title}
    for key, header in (("province", "จังหวัด"), ("fiscal_year", "ปีงบประมาณ")):
        row = checked.settings_rows.get(key)
        # a missing or unreadable year would otherwise count as the default year
        if row is None or row in bad_rows or (key == "province" and not s.province):
            raise FatalError(
                issue(IssueCode.ROL_004, file=shown, sheet=SETTINGS.title, row=row, header=header)
            )
    summary = summary_dict(checked.data, run.results)
    summary["issues"] = {
        "errors": len(checked.report.errors),
        "warnings": len(checked.report.warnings),
    }
    prefixes = Counter(d.code[:2] for d in checked.data.districts)
    bands = sorted(
        (c for c in checked.data.criteria if c.year == s.fiscal_year and c.level),
        key=lambda c: c.threshold,
    )
    levels: list[str] = []
    for c in bands:
        if c.level not in levels:
            levels.append(c.level)
    meta = rio.file_meta(path)
    province = Province(
        path,
        shown,
        prefixes.most_common(1)[0][0] if prefixes else "",
        s.province,
        s.fiscal_year,
        summary,
        {d.code: d.name for d in checked.data.districts},
        levels,
        **meta,
    )
    found = []
    if summary["issues"]["errors"] or summary["issues"]["warnings"]:
        found.append(issue(IssueCode.ROL_005, file=shown, **summary["issues"]))
    return province, found


def _when(p: Province) -> str:
    stamp = p.modified or dt.datetime.fromtimestamp(p.mtime).isoformat(timespec="seconds")
    return stamp.replace("T", " ").removesuffix("Z")


def _resolve_duplicates(provinces: list[Province], report: Report) -> list[Province]:
    """One master per province and year: older copies of the same master named and dropped;
    different masters of the same province and year all refused."""
    groups: dict[tuple[str, int], list[Province]] = {}
    for p in provinces:
        groups.setdefault(p.key, []).append(p)
    kept: list[Province] = []
    for group in groups.values():
        lineages: dict[str, list[Province]] = {}
        for i, p in enumerate(group):
            lineages.setdefault(p.created or f"#{i}", []).append(p)
        current = []
        for copies in lineages.values():
            copies.sort(key=lambda p: (p.modified, p.mtime, p.label))
            newest = copies[-1]
            for old in copies[:-1]:
                report.add(
                    issue(
                        IssueCode.ROL_003,
                        file=old.label,
                        value=old.label,
                        other=newest.label,
                        when=_when(old),
                        other_when=_when(newest),
                    )
                )
            current.append(newest)
        if len(current) == 1:
            kept.append(current[0])
            continue
        for p in current:
            others = " และ ".join(o.label for o in current if o is not p)
            report.add(
                issue(
                    IssueCode.ROL_002,
                    file=p.label,
                    value=p.label,
                    other=others,
                    province=p.name,
                    year=p.year,
                )
            )
    return sorted(kept, key=lambda p: (p.code, p.name, p.year))


Progress = Callable[[int, int, Path, "Province | None", "list[Issue]"], None]


def rollup(
    inputs: list[Path], progress: Progress | None = None, exclude: tuple[Path, ...] = ()
) -> Rollup:
    """Read every master in ``inputs`` (files or folders) and roll them up. Never stops at a
    bad file: it is reported in ``Rollup.report`` and skipped."""
    from mchch_xl.flows.consolidate import collect  # (the import's folder walk)

    files = collect(inputs, exclude, suffixes=(".xlsx", ".xlsm"))
    out = Rollup(files=files)
    read: list[Province] = []
    for i, path in enumerate(files, start=1):
        try:
            province, found = read_province(path)
        except FatalError as exc:
            item = replace(exc.issue, file=label(path))
            out.report.add(item)
            if progress:
                progress(i, len(files), path, None, [item])
            continue
        except Exception as exc:  # noqa: BLE001 -- a damaged file must not stop the other provinces
            item = issue(
                IssueCode.FILE_001,
                file=label(path),
                detail=str(exc),
                detail_en=f"{type(exc).__name__}: {exc}",
            )
            out.report.add(item)
            if progress:
                progress(i, len(files), path, None, [item])
            continue
        out.report.extend(found)
        read.append(province)
        if progress:
            progress(i, len(files), path, province, found)
    out.provinces = _resolve_duplicates(read, out.report)
    return out


# -- the tables ---------------------------------------------------------------------------------
# Each province's figures are its master's own ``summary --json``; whatever is summed across
# provinces, types or levels is pandas (groupby, pivot_table). pandas is imported inside these
# functions only: the roll-up is a command-line run, and the recalc / Excel-click path must not
# pay pandas' import (tests/test_rollup.py holds both).

PROVINCE_KEYS = [c.key for c in ROLLUP_COUNTS.columns[:3]]  # province_code, province, year
ALL_KINDS = "รวมทุกประเภท"


def _counts_frame(r: Rollup) -> pd.DataFrame:
    """One row per province × type in ``count_rows``' order (the ``counts_sheet`` keys): the
    master's proposed, passed and certified, and its certified candidates counted by level."""
    import pandas as pd

    sheet = counts_sheet(r)
    keys = [c.key for c in sheet.columns]
    counts = pd.DataFrame(
        [
            (
                p.code,
                p.name,
                p.year,
                k.th,
                p.summary["totals"][k.value],
                p.summary["passed"][k.value],
                p.summary["certified"][k.value],
            )
            for p in r.provinces
            for k in KINDS
        ],
        columns=keys[:7],
    )
    cands = pd.DataFrame(candidate_rows(r), columns=[c.key for c in ROLLUP_CANDIDATES.columns])
    certified = cands[cands["decision"] == CERTIFIED]
    by_level = certified.groupby([*PROVINCE_KEYS, "kind", "level"]).size().unstack("level")
    rows = pd.MultiIndex.from_frame(counts[[*PROVINCE_KEYS, "kind"]])
    levels = by_level.reindex(index=rows, columns=r.levels).fillna(0).astype("int64")
    counts[keys[7:]] = levels.to_numpy()
    return counts


def _rows(frame: pd.DataFrame) -> list[list[Any]]:
    """A frame's rows as plain Python values (openpyxl is loaded without numpy: no numpy
    scalars may reach a cell)."""
    return frame.astype(object).to_numpy().tolist()


def count_rows(r: Rollup) -> list[list[Any]]:
    """Per province × type: proposed, passed, certified, then certified by level."""
    return _rows(_counts_frame(r))


def national_rows(r: Rollup, counts: pd.DataFrame | None = None) -> list[list[Any]]:
    """The national totals of each year, per type and overall (``count_rows`` summed):
    masters of different years are never added together."""
    counts = _counts_frame(r) if counts is None else counts
    figures = list(counts.columns[4:])
    kinds = [k.th for k in KINDS]
    out: list[list[Any]] = []
    for year, part in counts.groupby("year"):  # in year order
        by_kind = part.groupby("kind")[figures].sum().reindex(kinds, fill_value=0)
        by_kind.loc[ALL_KINDS] = by_kind.sum()
        out += [[None, NATIONAL, year, kind, *v] for kind, v in zip(by_kind.index, _rows(by_kind))]
    return out


def national_summary_rows(r: Rollup, counts: pd.DataFrame | None = None) -> list[list[Any]]:
    """The seed letter's table at national scale (``ROLLUP_NATIONAL``): proposed candidates, a
    province a row, a type a column, รวม; then the row รวมทั้งประเทศ, for each year apart."""
    counts = _counts_frame(r) if counts is None else counts
    kinds = [k.th for k in KINDS]
    out: list[list[Any]] = []
    for year, part in counts.groupby("year"):
        t = part.pivot_table(
            index=PROVINCE_KEYS[:2],
            columns="kind",
            values="proposed",
            aggfunc="sum",
            fill_value=0,
            margins=True,
            margins_name=NATIONAL,  # the margin row (and column, renamed รวม below)
            sort=False,
        ).reindex(columns=[*kinds, NATIONAL], fill_value=0)
        for (code, name), v in zip(t.index, _rows(t)):
            out.append([None, NATIONAL, year, *v] if code == NATIONAL else [code, name, year, *v])
    return out


def headline(r: Rollup) -> dict[str, int]:
    """What the command prints: candidates proposed per type (``Kind`` values) and in all, and
    certified, over every master rolled up."""
    counts = _counts_frame(r)
    by_kind = counts.groupby("kind")["proposed"].sum()
    out = {k.value: int(by_kind.get(k.th, 0)) for k in KINDS}
    return {
        **out,
        "total": int(counts["proposed"].sum()),
        "certified": int(counts["certified"].sum()),
    }


def thai_date(iso: str | None) -> str | None:
    if not iso:
        return None
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {THAI_MONTHS[d.month - 1]} {d.year + 543}"


def status_rows(r: Rollup) -> list[list[Any]]:
    return [
        [
            p.code,
            p.name,
            p.year,
            thai_date(p.summary["meeting_date"]),
            p.status,
            p.proposed,
            p.decided,
            p.proposed - p.decided,
            sum(p.summary["certified"].values()),
            p.summary["issues"]["errors"] + p.summary["issues"]["warnings"],
            p.label,
        ]
        for p in r.provinces
    ]


def candidate_rows(r: Rollup) -> list[list[Any]]:
    """One row per candidate of every province (no names: codes, type, result, decision)."""
    kind_th = {k.value: k.th for k in KINDS}
    rows = []
    for p in r.provinces:
        for c in p.summary["candidates"]:
            rows.append(
                [
                    p.code,
                    p.name,
                    p.year,
                    c["district"],
                    p.district_names.get(c["district"]),
                    kind_th[c["kind"]],
                    c["id"],
                    c["result"],
                    c["level"],
                    c["decision"],
                ]
            )
    return rows


def counts_sheet(r: Rollup):
    extra = tuple(
        Column(f"level_{i}", f"{ROLLUP_LEVEL_PREFIX}{name}", "int", width=12)
        for i, name in enumerate(r.levels)
    )
    return replace(ROLLUP_COUNTS, columns=ROLLUP_COUNTS.columns + extra)


def _masked(rows: list[list[Any]]) -> list[list[Any]]:
    return [[mask_ids(v) for v in row] for row in rows]


def grids(r: Rollup) -> list[Grid]:
    """The roll-up workbook: the national summary, counts with national totals, status, the
    long table, issues."""
    frame = _counts_frame(r)
    counts = _rows(frame)
    totals = national_rows(r, frame)
    sheet = counts_sheet(r)
    g_counts = table(sheet, _masked(counts + totals), all_output=True)
    first_total = FIRST_DATA_ROW + len(counts)
    for row in range(first_total, first_total + len(totals)):
        for col in range(1, len(sheet.columns) + 1):
            g_counts.styles[(row, col)] = "total"
    # a small table read top to bottom, as the seed's: no filter to sort a total row away
    summary = national_summary_rows(r, frame)
    g_national = table(ROLLUP_NATIONAL, _masked(summary), all_output=True)
    for row, values in enumerate(summary, start=FIRST_DATA_ROW):
        if values[1] == NATIONAL and values[0] is None:
            for col in range(1, len(ROLLUP_NATIONAL.columns) + 1):
                g_national.styles[(row, col)] = "total"
    g_status = table(ROLLUP_STATUS, _masked(status_rows(r)), all_output=True)
    g_cands = table(ROLLUP_CANDIDATES, _masked(candidate_rows(r)), all_output=True)
    for g in (g_counts, g_status, g_cands):
        g.autofilter = f"A2:{_letter(len(g.sheet.columns))}{max(2, len(g.values))}"
    masked = Report(
        [
            replace(
                i,
                file=mask_ids(i.file),
                value=mask_ids(i.value),
                params=tuple((k, mask_ids(v)) for k, v in i.params),
            )
            for i in r.report.issues
        ]
    )
    g_issues = issues_grid(masked)
    g_issues.sheet = replace(
        g_issues.sheet, title=ROLLUP_ISSUES_TITLE, note="ไฟล์ที่ไม่ได้นำมารวมหรือมีปัญหา พร้อมเหตุผลและวิธีแก้"
    )
    g_issues.values[0][0] = g_issues.sheet.note
    return [g_national, g_counts, g_status, g_cands, g_issues]


def _letter(col: int) -> str:
    from mchch_xl.layout.grid import letter

    return letter(col)


def csv_tables(r: Rollup) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The CSV files (name -> headers, rows): the three tables, data rows only (no national
    total rows, so that a sum over a column is right)."""
    return {
        ROLLUP_COUNTS.title: (counts_sheet(r).headers, _masked(count_rows(r))),
        ROLLUP_STATUS.title: (ROLLUP_STATUS.headers, _masked(status_rows(r))),
        ROLLUP_CANDIDATES.title: (ROLLUP_CANDIDATES.headers, _masked(candidate_rows(r))),
    }


def write(r: Rollup, out: Path, csv_dir: Path | None = None) -> list[Path]:
    """The roll-up workbook (atomic) and, with ``csv_dir``, the CSV files. Returns the paths."""
    from mchch_xl.files import national as rio

    paths = [rio.write_workbook(grids(r), Path(out))]
    if csv_dir is not None:
        paths += rio.write_csvs(csv_tables(r), Path(csv_dir))
    return paths


__all__ = [
    "NATIONAL",
    "Province",
    "Rollup",
    "csv_tables",
    "grids",
    "headline",
    "mask_ids",
    "read_province",
    "rollup",
    "write",
]

"""Validation of a whole master: every sheet, every row, every cross-sheet reference.

``check_master`` never stops at the first problem: it returns the valid rows as models, every
Issue found (located by file, sheet, row and column), and the normalised cell values to write back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Iterator

from pydantic import ValidationError

from mchch_xl.checks.cells import INVALID, MISSING, Where, is_empty, parse_cell
from mchch_xl.checks.register import register_issues
from mchch_xl.checks.tables import (
    ParsedRow,
    Rows,
    TableLayout,
    build,
    find_layout,
    iter_rows,
    layout_issues,
    read_table,
)
from mchch_xl.domain.issues import Issue, IssueCode, Report, Severity, issue
from mchch_xl.domain.model import (
    PROXY,
    Candidate,
    CommitteeMember,
    Criterion,
    District,
    DistrictIndex,
    Indicator,
    MasterData,
    OrderPolicy,
    Score,
    ScoreRow,
    Settings,
    fiscal_year_span,
)
from mchch_xl.domain.schema import (
    CANDIDATES,
    COMMITTEE,
    CRITERIA,
    DISTRICTS,
    HISTORY,
    INDICATORS,
    RESOLUTIONS,
    RESULTS,
    RESULTS_HISTORY,
    SCORES,
    SETTING_BY_KEY,
    SETTINGS,
    SETTINGS_FIELDS,
    TRACKER,
    Sheet,
    letter,
)
from mchch_xl.domain.thai import clean_text, number_text, whole

REQUIRED_SETTINGS = {
    "province",
    "fiscal_year",
    "meeting_date",
    "start_time",
    "minutes_per_district",
}
# required only once they are due: the meeting date once the master holds candidates (a fresh
# master is not nagged about a meeting nobody has set yet)
DUE_SETTINGS = {"meeting_date"}
Fix = tuple[str, int, int, Any]  # (sheet title, 1-based row, 1-based column, value)


# notices that say the system changed a value: true only where the change is written back
_FIX_NOTICES = frozenset(
    {
        IssueCode.CELL_003,
        IssueCode.CELL_004,
        IssueCode.CELL_006,
        IssueCode.CELL_014,
        IssueCode.CELL_017,
    }
)
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8")  # the formats the letter can hold


def emblem_problem(path: str) -> tuple[str, str] | None:
    """Why the emblem file of the settings cannot go on the letter (Thai, English), or None.
    Said where it is typed: before, the letter printed with a blank space and no word."""
    from pathlib import Path

    p = Path(path)
    try:
        if not p.exists():
            return "ไม่พบไฟล์นี้", "no such file"
        if p.is_dir():
            return "เป็นโฟลเดอร์ ไม่ใช่ไฟล์รูป", "is a folder, not a picture"
        with p.open("rb") as f:
            head = f.read(4)
    except OSError as exc:
        return "เปิดไฟล์ไม่ได้", f"cannot be opened ({exc.strerror})"
    if not head.startswith(_IMAGE_MAGIC):
        return "ไม่ใช่รูป PNG JPEG หรือ GIF", "is not a PNG, JPEG or GIF picture"
    return None


@dataclass
class Checked:
    data: MasterData
    report: Report
    fixes: list[Fix] = field(default_factory=list)
    settings_rows: dict[str, int] = field(default_factory=dict)  # setting key -> 1-based row
    candidate_rows: dict[str, tuple[int, str]] = field(default_factory=dict)  # id -> (row, column)
    settings_value_column: int = 2  # 1-based


class _Checker:
    def __init__(self, sheets: dict[str, Rows], file: str):
        self.sheets, self.file = sheets, file
        self.report = Report()
        # columns staff added to an output sheet: title -> (headers, row key -> header -> value)
        self.staff: dict[str, tuple[list[str], dict[str, dict[str, Any]]]] = {}
        self.fixes: list[Fix] = []
        self.rejected_candidates: dict[str, int] = {}  # id -> row of a candidate row with errors
        self.year = 2568  # the fiscal year (BE), set from the settings before candidates are read
        self.candidate_rows: dict[str, tuple[int, str]] = {}
        self.not_due: list = []  # the issues of DUE_SETTINGS missing, said once they are due

    def table(
        self, sheet: Sheet, optional: bool = False
    ) -> tuple[TableLayout, Iterator[ParsedRow]] | None:
        """The sheet's layout and its parsed rows, one at a time (a national master's score rows
        are never all held as parsed rows at once); ``rows_read`` is counted as they go."""
        rows = self.sheets.get(sheet.title)
        if rows is None:
            if not optional:
                self.report.add(issue("SHEET_001", file=self.file, sheet=sheet.title))
            return None
        layout = find_layout(sheet, rows)
        problems = layout_issues(layout, self.file)
        self.report.extend(problems)
        unusable = any(p.code == "SHEET_002" for p in problems)
        self.report.rows_read[sheet.title] = 0  # the sheets in the order they were read
        return layout, self._rows(sheet, rows, layout, unusable)

    def _rows(
        self, sheet: Sheet, rows: Rows, layout: TableLayout, unusable: bool
    ) -> Iterator[ParsedRow]:
        for p in iter_rows(sheet, rows, layout, self.file):
            self.report.rows_read[sheet.title] += 1
            if unusable:  # a required column is missing: no row of this sheet can be used
                p.invalid = True
            yield p

    def finish(self, sheet: Sheet, parsed: ParsedRow) -> bool:
        """Record a row's issues and fixes; True when the row is accepted."""
        self.report.extend(parsed.issues)
        for col, value in parsed.fixes:
            self.fixes.append((sheet.title, parsed.row, col + 1, value))
        if not parsed.invalid:
            self.report.rows_accepted[sheet.title] += 1
        return not parsed.invalid

    # -- settings ------------------------------------------------------------------------------
    def settings(self) -> tuple[Settings, dict[str, int], int]:
        rows = self.sheets.get(SETTINGS.title)
        if rows is None:
            self.report.add(issue("SHEET_001", file=self.file, sheet=SETTINGS.title))
            return Settings(), {}, 2
        layout = find_layout(SETTINGS, rows)
        key_col = layout.columns.get("key")
        label_col = layout.columns.get("label", 0)
        value_col = layout.columns.get("value", 1)
        by_name: dict[str, int] = {}
        for r in range(layout.header_row, len(rows)):
            row = rows[r]
            for c in (key_col, label_col):
                if c is not None and c < len(row) and row[c] not in (None, ""):
                    by_name.setdefault(clean_text(str(row[c])), r)
        values: dict[str, Any] = {}
        positions: dict[str, int] = {}
        for s in SETTINGS_FIELDS:
            r = by_name.get(s.key, by_name.get(s.label))
            if r is None:
                if s.key in REQUIRED_SETTINGS:
                    found = issue(
                        IssueCode.SET_001, file=self.file, sheet=SETTINGS.title, header=s.label
                    )
                    (self.not_due if s.key in DUE_SETTINGS else self.report.issues).append(found)
                continue
            positions[s.key] = r + 1
            raw = rows[r][value_col] if value_col < len(rows[r]) else None
            where = Where(self.file, SETTINGS.title, r + 1, letter(value_col + 1), s.label, s.key)
            cell = parse_cell(raw, s.type, where, s.choices)
            self.report.extend(cell.issues)
            if cell.fixed is not MISSING:
                self.fixes.append((SETTINGS.title, r + 1, value_col + 1, cell.fixed))
            if cell.value is MISSING:
                if s.key in REQUIRED_SETTINGS:
                    found = where.issue(IssueCode.CELL_001)
                    (self.not_due if s.key in DUE_SETTINGS else self.report.issues).append(found)
                elif s.type == "breaks":
                    values[s.key] = ()
            elif cell.value is not INVALID:
                values[s.key] = cell.value
        try:
            settings = Settings.model_validate(values)
        except ValidationError as err:  # a value out of bounds: report it, use the default
            for e in err.errors():
                key = str(e["loc"][0])
                where = Where(
                    self.file,
                    SETTINGS.title,
                    positions[key],
                    letter(value_col + 1),
                    SETTING_BY_KEY[key].label,
                    key,
                )
                self.report.add(
                    where.issue(
                        IssueCode.CELL_009,
                        values.pop(key),
                        detail="อยู่นอกช่วงที่รับได้",
                        detail_en="out of range",
                        fix=SETTING_BY_KEY[key].help,
                    )
                )
            settings = Settings.model_validate(values)
        if settings.emblem and positions.get("emblem"):
            problem = emblem_problem(settings.emblem)
            if problem:
                where = Where(
                    self.file,
                    SETTINGS.title,
                    positions["emblem"],
                    letter(value_col + 1),
                    SETTING_BY_KEY["emblem"].label,
                    "emblem",
                )
                self.report.add(
                    where.issue(
                        IssueCode.SET_003, settings.emblem, detail=problem[0], detail_en=problem[1]
                    )
                )
        return settings, positions, value_col + 1

    # -- districts -----------------------------------------------------------------------------
    def districts(self, settings: Settings) -> list[District]:
        found = self.table(DISTRICTS)
        if not found:
            return []
        layout, parsed = found
        out: list[District] = []
        seen: dict[str, int] = {}
        orders: dict[int, int] = {}
        for p in parsed:
            d = None if p.invalid else build(District, p, self.file, DISTRICTS, layout)
            if d is not None and d.code in seen:
                p.issues.append(
                    p.where(self.file, DISTRICTS, layout, "code").issue(
                        IssueCode.ROW_002, d.code, other_row=seen[d.code]
                    )
                )
                p.invalid = True
            if self.finish(DISTRICTS, p) and d is not None:
                seen[d.code] = p.row
                out.append(d)
                if settings.order_policy is OrderPolicy.MANUAL:
                    where = p.where(self.file, DISTRICTS, layout, "order")
                    if d.order is None:
                        self.report.add(where.issue(IssueCode.ORD_002, "", name=d.name))
                    elif d.order in orders:
                        self.report.add(
                            where.issue(
                                IssueCode.ORD_001, d.order, name=d.name, other_row=orders[d.order]
                            )
                        )
                    else:
                        orders[d.order] = p.row
        return out

    # -- candidates ----------------------------------------------------------------------------
    def candidates(self, districts: list[District]) -> list[Candidate]:
        found = self.table(CANDIDATES)
        if not found:
            return []
        layout, parsed = found
        index = DistrictIndex(districts)
        out: list[Candidate] = []
        seen: dict[str, int] = {}
        for p in parsed:
            where = p.where(self.file, CANDIDATES, layout, "district")
            raw = p.values.get("district")
            if raw is not None:
                code = index.code(raw)
                if code is None:
                    p.issues.append(where.issue(IssueCode.REF_001, raw, ref_sheet=DISTRICTS.title))
                    p.invalid = True
                else:
                    p.values["district"] = code
            cand = None if p.invalid else build(Candidate, p, self.file, CANDIDATES, layout)
            if cand is not None and (
                bad := assessed_issue(cand, p, self.file, CANDIDATES, layout, self.year)
            ):
                p.issues.append(bad)
                cand = None
                p.invalid = True
            # two ids that differ only in case (X01, x01) are one candidate typed twice, as
            # Excel's own lookups take them
            if cand is not None and cand.id.casefold() in seen:
                p.issues.append(
                    p.where(self.file, CANDIDATES, layout, "id").issue(
                        IssueCode.ROW_001, cand.id, other_row=seen[cand.id.casefold()]
                    )
                )
                p.invalid = True
            if self.finish(CANDIDATES, p) and cand is not None:
                seen[cand.id.casefold()] = p.row
                self.candidate_rows[cand.id] = (p.row, letter(layout.columns["id"] + 1))
                out.append(cand)
            elif isinstance(p.values.get("id"), str):
                self.rejected_candidates.setdefault(p.values["id"], p.row)
        return out

    # -- indicators ----------------------------------------------------------------------------
    def indicators(self) -> list[Indicator]:
        found = self.table(INDICATORS)
        if not found:
            return []
        layout, parsed = found
        out: list[Indicator] = []
        seen: dict[tuple[int, str], int] = {}
        for p in parsed:
            lo, hi = p.values.get("min", 0), p.values.get("max")
            if not p.invalid and hi is not None and lo > hi:
                p.issues.append(
                    p.where(self.file, INDICATORS, layout, "min").issue(
                        IssueCode.ROW_004, lo, min=number_text(lo), max=number_text(hi)
                    )
                )
                p.invalid = True
            ind = None if p.invalid else build(Indicator, p, self.file, INDICATORS, layout)
            if ind is not None and (ind.year, ind.code) in seen:
                p.issues.append(
                    p.where(self.file, INDICATORS, layout, "code").issue(
                        IssueCode.ROW_005,
                        ind.code,
                        year=ind.year,
                        other_row=seen[(ind.year, ind.code)],
                    )
                )
                p.invalid = True
            if self.finish(INDICATORS, p) and ind is not None:
                seen[(ind.year, ind.code)] = p.row
                out.append(ind)
        return out

    # -- scores --------------------------------------------------------------------------------
    def scores(
        self, year: int, candidates: list[Candidate], indicators: list[Indicator]
    ) -> list[ScoreRow]:
        found = self.table(SCORES)
        if not found:
            return []
        layout, parsed = found
        cands = {c.id: c for c in candidates}
        inds = {i.code: i for i in indicators if i.year == year}
        out: list[ScoreRow] = []
        seen: dict[tuple[str, str, str], int] = {}
        for p in parsed:
            s = None if p.invalid else build(Score, p, self.file, SCORES, layout)
            if s is not None:
                cand, ind = cands.get(s.candidate), inds.get(s.indicator)
                if cand is None:
                    rejected = self.rejected_candidates.get(s.candidate)
                    p.issues.append(
                        p.where(self.file, SCORES, layout, "candidate").issue(
                            IssueCode.REF_006 if rejected else IssueCode.REF_002,
                            s.candidate,
                            ref_sheet=CANDIDATES.title,
                            other_row=rejected,
                        )
                    )
                if ind is None:
                    p.issues.append(
                        p.where(self.file, SCORES, layout, "indicator").issue(
                            IssueCode.REF_003, s.indicator, year=year, ref_sheet=INDICATORS.title
                        )
                    )
                if cand and ind and cand.kind != ind.kind:
                    p.issues.append(
                        p.where(self.file, SCORES, layout, "indicator").issue(
                            IssueCode.REF_005,
                            s.indicator,
                            indicator=s.indicator,
                            candidate=s.candidate,
                            indicator_kind=ind.kind.th,
                            candidate_kind=cand.kind.th,
                        )
                    )
                if ind and not ind.min <= s.score <= ind.max:
                    p.issues.append(
                        p.where(self.file, SCORES, layout, "score").issue(
                            IssueCode.REF_004,
                            number_text(s.score),
                            min=number_text(ind.min),
                            max=number_text(ind.max),
                            indicator=ind.code,
                        )
                    )
                key = (s.candidate, s.indicator, s.round.value)
                if key in seen:
                    p.issues.append(
                        p.where(self.file, SCORES, layout, "indicator").issue(
                            IssueCode.ROW_003,
                            s.indicator,
                            candidate=s.candidate,
                            indicator=s.indicator,
                            other_row=seen[key],
                        )
                    )
                p.invalid = any(i.severity is Severity.ERROR for i in p.issues)
            if self.finish(SCORES, p) and s is not None:
                seen[(s.candidate, s.indicator, s.round.value)] = p.row
                out.append(s.row())
        return out

    # -- criteria (cut-off tables) -------------------------------------------------------------
    def criteria(self) -> list[Criterion]:
        found = self.table(CRITERIA, optional=True)
        if not found:
            return []
        layout, parsed = found
        out: list[Criterion] = []
        rules: dict[tuple[int, str], tuple[str, int]] = {}
        for p in parsed:
            c = None if p.invalid else build(Criterion, p, self.file, CRITERIA, layout)
            if c is not None:
                key = (c.year, c.kind.value)
                if key in rules and rules[key][0] != c.rule.value:
                    p.issues.append(
                        p.where(self.file, CRITERIA, layout, "rule").issue(
                            IssueCode.CELL_009,
                            p.values.get("rule", ""),
                            detail=f"ต่างจากแถว {rules[key][1]} ของประเภทเดียวกัน",
                            detail_en=f"differs from row {rules[key][1]} of the same type",
                            fix="ใช้วิธีรวมคะแนนเดียวกันทุกแถวของประเภทเดียวกันในปีเดียวกัน",
                        )
                    )
                    p.invalid = True
                rules.setdefault(key, (c.rule.value, p.row))
            if self.finish(CRITERIA, p) and c is not None:
                out.append(c)
        return out

    # -- the committee (คณะกรรมการ) ------------------------------------------------------------
    def committee(self) -> list[CommitteeMember]:
        """The members in sheet order. A master made before the sheet existed has none (no
        issue). An attendance outside the list keeps its row, flagged where it is typed
        (COM_001) and counted neither present nor absent; the cell stays as typed (recalculation
        never rewrites an input sheet). A stand-in sent with no ผู้แทน named: COM_002."""
        found = self.table(COMMITTEE, optional=True)
        if not found:
            return []
        layout, parsed = found
        out: list[CommitteeMember] = []
        for p in parsed:
            name = p.values.get("name", "")
            for n, item in enumerate(p.issues):
                if item.code == IssueCode.CELL_008 and item.field == "attendance":
                    p.issues[n] = dataclasses.replace(
                        item,
                        code=IssueCode.COM_001,
                        params=tuple(sorted((*item.params, ("name", name)))),
                    )
            p.invalid = any(i.severity is Severity.ERROR for i in p.issues)
            member = None if p.invalid else build(CommitteeMember, p, self.file, COMMITTEE, layout)
            if member is not None and member.attendance == PROXY and not member.proxy:
                p.issues.append(
                    p.where(self.file, COMMITTEE, layout, "proxy").issue(
                        IssueCode.COM_002, name=name
                    )
                )
            if self.finish(COMMITTEE, p) and member is not None:
                out.append(member)
        return out

    def staff_columns(self, sheet: Sheet, rows: Rows, layout: TableLayout, key: str) -> None:
        """The columns staff added to an output sheet (any column not the sheet's own that has
        a header or a value, headers repeated or empty included), by position, each row's
        values by the row's ``key``: laid again beside the sheet's own columns. A value on a
        row with no key has nowhere to go: said so (SHEET_007)."""
        used = set(layout.columns.values())
        hr = layout.header_row
        head = rows[hr - 1] if len(rows) >= hr else []
        at = sorted(
            {i for i, v in enumerate(head) if i not in used and not is_empty(v)}
            | {i for r in rows[hr:] for i, v in enumerate(r) if i not in used and not is_empty(v)}
        )
        if not at:
            return
        by_key: dict[str, dict[int, Any]] = {}
        self.staff[sheet.title] = ([head[i] if i < len(head) else None for i in at], by_key)
        k = layout.columns[key]
        for r, raw in enumerate(rows[hr:], start=hr + 1):
            values = {j: raw[i] for j, i in enumerate(at) if i < len(raw) and not is_empty(raw[i])}
            if not values:
                continue
            ident = raw[k] if k < len(raw) else None
            ident = whole(ident)
            if is_empty(ident):
                for j, value in values.items():
                    self.report.add(
                        issue(
                            "SHEET_007",
                            file=self.file,
                            sheet=sheet.title,
                            row=r,
                            column=letter(at[j] + 1),
                            value=value,
                            header=clean_text(str(head[at[j]] if at[j] < len(head) else "") or ""),
                            key=sheet.column(key).header,
                        )
                    )
                continue
            by_key.setdefault(str(ident), {}).update(values)

    def kept(
        self, sheet: Sheet, key: str, validate: bool
    ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """What staff typed in the input columns of an output sheet (the response tracker, the
        committee's decisions), by ``key``: (valid values, values as typed). With ``validate``
        each value is checked against its column: a value outside the choices is a located issue
        on every run and is left out of the computation, but it is written back as typed, never
        erased."""
        rows = self.sheets.get(sheet.title)
        if not rows:
            return {}, {}
        layout, records = read_table(sheet, rows, self.file)
        if key not in layout.columns:
            return {}, {}
        inputs = [c for c in sheet.columns if not c.output and c.key in layout.columns]
        valid: dict[str, dict[str, Any]] = {}
        typed: dict[str, dict[str, Any]] = {}
        if layout.twice:  # a second "มติที่ประชุม": not read, said so
            self.report.extend(i for i in layout_issues(layout, self.file) if i.code == "SHEET_012")
        self.staff_columns(sheet, rows, layout, key)
        for rec in records:
            if rec.values.get(key) is None:
                continue
            ident = str(rec.values[key])
            entry = {c.key: rec.values[c.key] for c in inputs if rec.values.get(c.key) is not None}
            if not entry:
                continue
            typed[ident] = entry
            if not validate:
                valid[ident] = dict(entry)
                continue
            good: dict[str, Any] = {}
            for col in inputs:
                if col.key not in entry:
                    continue
                where = Where(
                    self.file, sheet.title, rec.row, rec.columns[col.key], col.header, col.key
                )
                cell = parse_cell(entry[col.key], col.type, where, col.choices)
                if cell.value is INVALID:  # kept as typed: no "the system fixed it" beside it
                    cell.issues = [i for i in cell.issues if i.code not in _FIX_NOTICES]
                self.report.extend(cell.issues)
                if cell.value not in (MISSING, INVALID):
                    good[col.key] = cell.value
                    if cell.fixed is not MISSING:
                        typed[ident][col.key] = cell.fixed
            if good:
                valid[ident] = good
        return valid, typed


def assessed_issue(
    cand: Candidate, p: ParsedRow, file: str, sheet: Sheet, layout: TableLayout, year: int
) -> Issue | None:
    """An assessment date outside the fiscal year: usually BE and CE mixed up."""
    if cand.assessed is None:
        return None
    first, last = fiscal_year_span(year)
    if first <= cand.assessed <= last:
        return None
    return p.where(file, sheet, layout, "assessed").issue(
        IssueCode.CELL_012,
        f"{cand.assessed.day}/{cand.assessed.month}/{cand.assessed.year + 543}",
        year=year,
    )


def read_context(sheets: dict[str, Rows], file: str = "") -> MasterData:
    """Settings, districts and indicators of a master, parsed without the row checks' report:
    what an import needs to judge a district file before the merged master is checked once."""
    c = _Checker(sheets, file)
    settings, _, _ = c.settings()
    districts = c.districts(settings)
    return MasterData(settings, districts, indicators=c.indicators())


def check_master(sheets: dict[str, Rows], file: str = "") -> Checked:
    """Parse and check every input sheet of a master (sheet title -> rows of raw values)."""
    c = _Checker(sheets, file)
    settings, positions, value_col = c.settings()
    districts = c.districts(settings)
    c.year = settings.fiscal_year
    candidates = c.candidates(districts)
    c.report.extend(
        register_issues(
            sheets.get(CANDIDATES.title) or [],
            candidates,
            c.candidate_rows,
            file,
            settings.fiscal_year,
        )
    )
    if candidates:  # the meeting date is due once there is something to present
        c.report.extend(c.not_due)
    indicators = c.indicators()
    criteria = c.criteria()
    scores = c.scores(settings.fiscal_year, candidates, indicators)
    responses, _ = c.kept(TRACKER, "code", validate=False)
    # (read with the column a master started from last year's adds: the product's, not staff's;
    # without that history, a staff column of the same name is staff's)
    from mchch_xl.checks.history import read_history

    results_sheet = RESULTS
    if read_history(sheets.get(HISTORY.title)):
        results_sheet = dataclasses.replace(RESULTS, columns=RESULTS.columns + (RESULTS_HISTORY,))
    decisions, typed = c.kept(results_sheet, "id", validate=True)
    resolutions, _ = c.kept(RESOLUTIONS, "item", validate=False)
    committee = c.committee()
    data = MasterData(
        settings,
        districts,
        candidates,
        indicators,
        scores,
        criteria,
        responses=responses,
        decisions=decisions,
        typed_decisions=typed,
        resolutions=resolutions,
        committee=committee,
        staff_columns=c.staff,
    )
    return Checked(
        data,
        c.report,
        c.fixes,
        settings_rows=positions,
        settings_value_column=value_col,
        candidate_rows=c.candidate_rows,
    )


__all__ = ["Checked", "Fix", "Issue", "check_master", "read_context", "assessed_issue"]

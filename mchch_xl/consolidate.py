"""District files → master: every input row lands in the master or is reported with its reason.

One returned template is a *submission*. It is scanned for hostile content before any parser
reads it (``io.safety``), its metadata must match the master (province, fiscal year, template
version, a district of the master, and the district its file name claims), its sheets are
compared with the schema (missing, extra, renamed and reordered columns are reported, never
dropped silently) and each row is checked with the same cell rules and models as the master.
Accepted rows replace that district's previous submission; the same file twice changes nothing.

Invariant, per file: rows read = rows accepted + rows rejected, and each rejected row carries at
least one error Issue (a refused file rejects all its rows with the file's reason).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks import assessed_issue
from .checks.tables import (ParsedRow, TableLayout, build, column_letter, find_layout, iter_rows,
                            layout_issues)
from .issues import FatalError, Issue, Severity, issue
from .model import Candidate, District, Indicator, Kind, MasterData, Round
from .schema import (TEMPLATE_CANDIDATES, TEMPLATE_INSTRUCTIONS, TEMPLATE_META, TEMPLATE_VERSION,
                     Sheet)
from .templates import indicator_hash, score_sheet, template_kinds, year_indicators

STATUS_OK = "รับทั้งหมด"
STATUS_PARTIAL = "รับบางส่วน"
STATUS_REFUSED = "ไม่รับทั้งไฟล์"
STATUS_SAME = "นำเข้าแล้ว ไม่เปลี่ยนแปลง"
STATUS_SUPERSEDED = "ถูกแทนที่ด้วยไฟล์ใหม่กว่า"


@dataclass
class Submission:
    path: Path
    sha256: str = ""
    district: District | None = None
    status: str = STATUS_REFUSED
    rows_read: int = 0
    rows_accepted: int = 0
    issues: list[Issue] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    scores: list[tuple[str, str, float, Round]] = field(default_factory=list)  # (candidate, indicator, score, round)
    sheets: dict[str, list[list[Any]]] = field(default_factory=dict)  # raw values, for the annotated copy
    refused: bool = True

    @property
    def rows_rejected(self) -> int:
        return self.rows_read - self.rows_accepted

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def _code_in_name(name: str) -> str | None:
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", re.sub(r"^(25|20)\d\d", "", name))
    return m.group(1) if m else None


class _Reader:
    """Checks one submission against the master's settings, districts and indicators."""

    def __init__(self, data: MasterData, sub: Submission, scan):
        self.data, self.sub, self.scan = data, sub, scan
        self.file = sub.path.name

    def add(self, item: Issue) -> None:
        self.sub.issues.append(item)

    def refuse(self, item: Issue) -> None:
        self.add(item)
        raise _Refused()

    def meta(self) -> District:
        rows = self.sub.sheets.get(TEMPLATE_META.title)
        if rows is None:
            self.refuse(issue("FILE_017", file=self.file, sheet=TEMPLATE_META.title))
        meta = {str(r[0]).strip(): r[1] for r in rows if len(r) > 1 and r[0] not in (None, "")}
        s = self.data.settings
        where = {"file": self.file, "sheet": TEMPLATE_META.title}

        def text(key: str) -> str:
            value = meta.get(key, "")
            return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value or "").strip()

        if text("province") != s.province:
            self.refuse(issue("TPL_001", **where, value=text("province"), expected=s.province))
        if text("fiscal_year") != str(s.fiscal_year):
            self.refuse(issue("TPL_002", **where, value=text("fiscal_year"), expected=s.fiscal_year))
        if text("template_version") != TEMPLATE_VERSION:
            self.refuse(issue("TPL_003", **where, value=text("template_version") or "-",
                              expected=TEMPLATE_VERSION))
        code = text("district_code")
        district = next((d for d in self.data.districts if d.code == code), None)
        if district is None:
            self.refuse(issue("TPL_005", **where, value=code or "-"))
        claimed = _code_in_name(self.sub.path.stem)
        if claimed and claimed != code:
            self.refuse(issue("TPL_006", file=self.file, value=claimed, expected=code))
        if text("indicator_hash") != indicator_hash(self.data.indicators, s.fiscal_year):
            self.add(issue("TPL_004", **where))
        return district

    def _table(self, sheet: Sheet) -> tuple[TableLayout, list[ParsedRow]] | None:
        rows = self.sub.sheets.get(sheet.title)
        if rows is None:
            self.add(issue("SHEET_001", file=self.file, sheet=sheet.title))
            return None
        layout = find_layout(sheet, rows)
        # an unknown header standing where an expected column is missing: a rename
        renamed = {i: c for i, c in enumerate(sheet.columns)
                   if c.key not in layout.columns and i in layout.extra}
        renamed_headers = {c.header for c in renamed.values()}
        renamed_letters = {column_letter(i) for i in renamed}
        for item in layout_issues(layout, self.file):
            if item.code == "SHEET_002" and dict(item.params).get("header") in renamed_headers:
                continue
            if item.code == "SHEET_003" and item.column in renamed_letters:
                continue
            self.add(item)
        for i, col in renamed.items():
            self.add(issue("SHEET_005", file=self.file, sheet=sheet.title, row=layout.header_row,
                           column=column_letter(i), header=col.header, value=layout.extra[i]))
        missing = [c for c in sheet.columns if c.key not in layout.columns and
                   (c.required or c in renamed.values())]
        positions = [layout.columns[c.key] for c in sheet.columns if c.key in layout.columns]
        if positions != sorted(positions):
            self.add(issue("SHEET_004", file=self.file, sheet=sheet.title, row=layout.header_row))
        parsed = list(iter_rows(sheet, rows, layout, self.file))
        fatal = bool(missing)  # a required or renamed column: no row of the sheet can be read
        merged_rows = self._merged_rows(sheet.title, layout.header_row)
        formulas = self.scan.formulas.get(sheet.title, set())
        for p in parsed:
            if fatal:
                p.invalid = True
                p.issues.append(issue("SHEET_002", file=self.file, sheet=sheet.title, row=p.row,
                                      header=", ".join(c.header for c in missing)))
            if p.row in merged_rows:
                p.issues.append(issue("CELL_010", file=self.file, sheet=sheet.title, row=p.row,
                                      value=merged_rows[p.row]))
                p.invalid = True
            for (r, c) in formulas:
                if r == p.row:
                    key = next((k for k, i in layout.columns.items() if i == c - 1), "")
                    header = sheet.column(key).header if key else column_letter(c - 1)
                    value = rows[r - 1][c - 1] if c - 1 < len(rows[r - 1]) else ""
                    p.issues.append(issue("CELL_011", file=self.file, sheet=sheet.title, row=r,
                                          column=column_letter(c - 1), header=header, value=value))
        # rows under merged ranges that the reader saw as empty still count as read
        self.sub.rows_read += len(parsed)
        return layout, parsed

    def _merged_rows(self, title: str, header_row: int) -> dict[int, str]:
        out = {}
        for ref in self.scan.merges.get(title, []):
            m = re.fullmatch(r"[A-Z]+(\d+)(?::[A-Z]+(\d+))?", ref)
            if m:
                r1, r2 = int(m.group(1)), int(m.group(2) or m.group(1))
                for r in range(max(r1, header_row + 1), r2 + 1):
                    out[r] = ref
        return out

    def candidates(self, district: District) -> dict[str, Candidate]:
        found = self._table(TEMPLATE_CANDIDATES)
        accepted: dict[str, Candidate] = {}
        if not found:
            return accepted
        layout, parsed = found
        seen: dict[str, int] = {}
        for p in parsed:
            p.values["district"] = district.code
            cand = None if p.invalid else build(Candidate, p, self.file, TEMPLATE_CANDIDATES, layout)
            if cand is not None and (bad := assessed_issue(cand, p, self.file, TEMPLATE_CANDIDATES,
                                                           layout, self.data.settings.fiscal_year)):
                p.issues.append(bad)
                cand = None
            if cand is not None and cand.id in seen:
                p.issues.append(p.where(self.file, TEMPLATE_CANDIDATES, layout, "id").issue(
                    "ROW_001", cand.id, other_row=seen[cand.id]))
                cand = None
            owner = self.other_ids.get(cand.id) if cand is not None else None
            if owner and owner != district.code:
                p.issues.append(p.where(self.file, TEMPLATE_CANDIDATES, layout, "id").issue(
                    "CELL_009", cand.id, detail=f"รหัสนี้เป็นของอำเภออื่น (รหัสอำเภอ {owner})",
                    detail_en=f"the id belongs to another district ({owner})",
                    fix=f"ตั้งรหัสใหม่ เช่น {district.code}-L01"))
                cand = None
            self._finish(p, cand is not None)
            if cand is not None:
                seen[cand.id] = p.row
                accepted[cand.id] = cand
        return accepted

    def _finish(self, p: ParsedRow, ok: bool) -> None:
        ok = ok and not p.invalid and not any(i.severity is Severity.ERROR for i in p.issues)
        self.sub.issues.extend(p.issues)
        if ok:
            self.sub.rows_accepted += 1

    def scores(self, kind: Kind, indicators: list[Indicator],
               candidates: dict[str, Candidate]) -> None:
        sheet = score_sheet(kind, indicators)
        found = self._table(sheet)
        if not found:
            return
        layout, parsed = found
        by_code = {i.code: i for i in indicators}
        seen: dict[tuple[str, Round], int] = {}
        for p in parsed:
            cid = p.values.get("id")
            rnd = p.values.get("round", Round.COMMITTEE)
            where = p.where(self.file, sheet, layout, "id")
            if cid is not None:
                cand = candidates.get(cid)
                if cand is None:
                    p.issues.append(where.issue("REF_002", cid, ref_sheet=TEMPLATE_CANDIDATES.title))
                elif cand.kind != kind:
                    p.issues.append(where.issue("REF_005", cid, indicator=sheet.title, candidate=cid,
                                                indicator_kind=kind.th, candidate_kind=cand.kind.th))
                if (cid, rnd) in seen:
                    p.issues.append(where.issue("ROW_001", cid, other_row=seen[(cid, rnd)]))
                seen.setdefault((cid, rnd), p.row)
            row_scores = []
            for code, value in p.values.items():
                ind = by_code.get(code)
                if ind is None:
                    continue
                if not ind.min <= value <= ind.max:
                    p.issues.append(p.where(self.file, sheet, layout, code).issue(
                        "REF_004", _num(value), min=_num(ind.min), max=_num(ind.max), indicator=code))
                row_scores.append((cid, code, value, rnd))
            ok = not any(i.severity is Severity.ERROR for i in p.issues) and not p.invalid
            self._finish(p, ok)
            if ok:
                self.sub.scores.extend(row_scores)


class _Refused(Exception):
    pass


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def read_submission(path: Path, data: MasterData, other_ids: dict[str, str] | None = None) -> Submission:
    """Check one returned template against the master (never raises for a bad file).
    ``other_ids``: candidate id -> district code of the candidates already in the master."""
    from .io import reader, safety

    sub = Submission(Path(path))
    try:
        sub.sha256 = sha256(sub.path)
        scan = safety.scan(sub.path)
        sub.sheets = reader.read_values(sub.path)
    except FatalError as exc:
        sub.issues.append(exc.issue)
        return sub
    r = _Reader(data, sub, scan)
    r.other_ids = other_ids or {}
    try:
        sub.district = r.meta()
        accepted = r.candidates(sub.district)
        if any(i.code == "SHEET_001" and i.sheet == TEMPLATE_CANDIDATES.title for i in sub.issues):
            raise _Refused()
        for kind in template_kinds(data):
            r.scores(kind, year_indicators(data, kind), accepted)
        sub.candidates = list(accepted.values())
        sub.refused = False
    except _Refused:
        sub.rows_read = sub.rows_read or _count_rows(sub)
        sub.rows_accepted = 0
        sub.candidates, sub.scores = [], []
        return sub
    # a candidate row is only accepted with its scores' rows checked; rows read include both
    sub.status = STATUS_OK if not sub.rows_rejected else STATUS_PARTIAL
    return sub


def _count_rows(sub: Submission) -> int:
    """Data rows of a refused template (below row 2 of its data sheets), for the log."""
    n = 0
    for title, rows in sub.sheets.items():
        if title in (TEMPLATE_META.title, TEMPLATE_INSTRUCTIONS.title):
            continue
        n += sum(1 for row in rows[2:] if any(v not in (None, "") for v in row))
    return n


@dataclass
class ImportPlan:
    """What an import does to the master: district code -> the submission that replaces it."""

    submissions: list[Submission]
    replace: dict[str, Submission]
    unchanged: list[Submission]

    @property
    def totals(self) -> Counter:
        c = Counter()
        for s in self.submissions:
            c["read"] += s.rows_read
            c["accepted"] += s.rows_accepted
            c["rejected"] += s.rows_rejected
        return c


def plan(submissions: list[Submission], imported: dict[str, str]) -> ImportPlan:
    """Pick, per district, the newest usable submission; the same bytes as the district's
    latest import change nothing. ``imported``: district code -> SHA-256 of its latest import."""
    replace: dict[str, Submission] = {}
    unchanged: list[Submission] = []
    usable = [s for s in submissions if not s.refused and s.district is not None]
    usable.sort(key=lambda s: (s.path.stat().st_mtime, s.path.name))
    for s in usable:
        code = s.district.code
        if code in replace:
            old = replace[code]
            old.status = STATUS_SUPERSEDED
            old.issues.append(issue("IMP_001", file=old.path.name, value=s.path.name))
        replace[code] = s
    for code, s in list(replace.items()):
        if imported.get(code) == s.sha256:
            s.status = STATUS_SAME
            s.issues.append(issue("IMP_002", file=s.path.name))
            unchanged.append(replace.pop(code))
    return ImportPlan(submissions, replace, unchanged)


def collect(inputs: list[Path]) -> list[Path]:
    """Files named, and the workbook-like files in folders named (recursively), sorted."""
    out: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            out += sorted(p for p in item.rglob("*") if p.is_file() and not p.name.startswith(("~$", "."))
                          and p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm", ".csv"))
        else:
            out.append(item)
    return out


__all__ = ["Submission", "ImportPlan", "read_submission", "plan", "collect", "sha256",
           "STATUS_OK", "STATUS_PARTIAL", "STATUS_REFUSED", "STATUS_SAME", "STATUS_SUPERSEDED"]

"""Register rules across candidates: national IDs given twice or for a type that needs none,
and the published eligibility rules (a leader at least 1 year in the community; a group or
network at least 1 year of activity), as warnings: the row is kept, the office decides."""

from __future__ import annotations

from typing import Any

from mchch_xl.checks.cells import Where
from mchch_xl.checks.tables import find_layout
from mchch_xl.domain.issues import Issue, IssueCode
from mchch_xl.domain.model import Candidate, Kind
from mchch_xl.domain.personal import mask_id
from mchch_xl.domain.schema import CANDIDATES, letter
from mchch_xl.domain.thai import number_text

ELIGIBLE_YEARS = 1
ID_KINDS = CANDIDATES.column("national_id").kinds


def _years_active(c: Candidate, fiscal_year: int) -> float | None:
    if c.years is not None:
        return c.years
    if c.founded is not None:
        return fiscal_year - c.founded
    return None


def register_issues(
    rows: list[list[Any]],
    candidates: list[Candidate],
    candidate_rows: dict[str, tuple[int, str]],
    file: str,
    fiscal_year: int,
) -> list[Issue]:
    """Issues of the candidates sheet's register columns (``rows``: the sheet's raw values)."""
    layout = find_layout(CANDIDATES, rows)

    def where(c: Candidate, key: str) -> Where:
        row = candidate_rows.get(c.id, (None, ""))[0]
        idx = layout.columns.get(key)
        return Where(
            file,
            CANDIDATES.title,
            row or 0,
            letter(idx + 1) if idx is not None else "",
            CANDIDATES.column(key).header,
            key,
        )

    out: list[Issue] = []
    seen: dict[str, Candidate] = {}
    for c in candidates:
        if c.national_id:
            if c.kind.value not in ID_KINDS:  # collected only where the schema says (leaders)
                out.append(
                    where(c, "national_id").issue(
                        IssueCode.PID_004,
                        mask_id(c.national_id),
                        kind=c.kind.th,
                        kind_en=c.kind.value,
                    )
                )
            first = seen.setdefault(c.national_id, c)
            if first is not c:
                out.append(
                    where(c, "national_id").issue(
                        IssueCode.PID_002,
                        mask_id(c.national_id),
                        other_row=candidate_rows.get(first.id, (None, ""))[0],
                        other=first.id,
                    )
                )
        if c.kind is Kind.LEADER and c.years is not None and c.years < ELIGIBLE_YEARS:
            out.append(where(c, "years").issue(IssueCode.ELG_001, c.id, years=number_text(c.years)))
        if c.kind in (Kind.GROUP, Kind.NETWORK):
            years = _years_active(c, fiscal_year)
            if years is not None and years < ELIGIBLE_YEARS:
                key = "years" if c.years is not None else "founded"
                out.append(
                    where(c, key).issue(
                        IssueCode.ELG_002,
                        c.id,
                        years=number_text(years),
                        kind=c.kind.th,
                        kind_en=c.kind.value,
                    )
                )
    return out


__all__ = ["ELIGIBLE_YEARS", "register_issues"]

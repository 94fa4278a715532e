"""Totals per district and type, and grand totals (pure: no workbook objects)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import KINDS, Candidate, District, Indicator, Kind, Score


@dataclass(frozen=True)
class DistrictCount:
    code: str
    name: str
    counts: dict[Kind, int]
    scored: int = 0  # candidates with a score for every indicator of their type

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def complete_candidates(candidates: list[Candidate], indicators: list[Indicator],
                        scores: list[Score], year: int) -> set[str]:
    """Ids of candidates scored on every indicator of their type for the year."""
    needed: dict[Kind, set[str]] = defaultdict(set)
    for ind in indicators:
        if ind.year == year:
            needed[ind.kind].add(ind.code)
    have: dict[str, set[str]] = defaultdict(set)
    for s in scores:
        have[s.candidate].add(s.indicator)
    return {c.id for c in candidates if needed[c.kind] and needed[c.kind] <= have[c.id]}


def count_by_district(districts: list[District], candidates: list[Candidate],
                      complete: set[str] = frozenset()) -> list[DistrictCount]:
    """One row per district (in district-code order), counting its candidates by type."""
    counts: Counter[tuple[str, Kind]] = Counter((c.district, c.kind) for c in candidates)
    scored: Counter[str] = Counter(c.district for c in candidates if c.id in complete)
    return [DistrictCount(d.code, d.name, {k: counts[(d.code, k)] for k in KINDS}, scored[d.code])
            for d in sorted(districts, key=lambda d: d.code)]


def grand_totals(rows: list[DistrictCount]) -> dict[Kind, int]:
    return {k: sum(r.counts[k] for r in rows) for k in KINDS}

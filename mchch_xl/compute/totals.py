"""Totals per district and type, and grand totals (pure: no workbook objects)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mchch_xl.domain.model import KINDS, Candidate, District, Kind


@dataclass(frozen=True)
class DistrictCount:
    code: str
    name: str
    counts: dict[Kind, int]
    scored: int = 0  # candidates with a score for every indicator of their type
    passed: int = 0  # candidates whose result is ผ่าน
    certified: int = 0  # candidates the committee certified (มติ รับรอง)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def count_by_district(
    districts: list[District],
    candidates: list[Candidate],
    complete: set[str] = frozenset(),
    passed: set[str] = frozenset(),
    certified: set[str] = frozenset(),
) -> list[DistrictCount]:
    """One row per district (in district-code order), counting its candidates by type."""
    counts: Counter[tuple[str, Kind]] = Counter((c.district, c.kind) for c in candidates)

    def per_district(ids: set[str]) -> Counter[str]:
        return Counter(c.district for c in candidates if c.id in ids)

    scored, ok, cert = per_district(complete), per_district(passed), per_district(certified)
    return [
        DistrictCount(
            d.code,
            d.name,
            {k: counts[(d.code, k)] for k in KINDS},
            scored[d.code],
            ok[d.code],
            cert[d.code],
        )
        for d in sorted(districts, key=lambda d: d.code)
    ]


def grand_totals(rows: list[DistrictCount]) -> dict[Kind, int]:
    return {k: sum(r.counts[k] for r in rows) for k in KINDS}

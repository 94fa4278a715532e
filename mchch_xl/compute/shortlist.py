"""The shortlist for next year's กิจกรรมพัฒนาชุมชนดีเด่น: certified units ranked per type. (The
wording of the year's documents is in ``compute.fields``.)"""

from __future__ import annotations

from dataclasses import dataclass

from mchch_xl.domain.model import KINDS, Kind, MasterData

# -- shortlist (กิจกรรมพัฒนาชุมชนดีเด่น) ------------------------------------------------------------


@dataclass(frozen=True)
class Shortlisted:
    kind: Kind
    rank: int
    id: str
    name: str
    district: str  # name
    district_code: str
    level: str
    percent: float | None
    total: float | None


def shortlist(data: MasterData, cert) -> list[Shortlisted]:
    """Certified units ranked per type: best level first (the band reached), then weighted
    percent, then total points; ties share nothing, the unit id breaks them for a stable list."""
    names = {d.code: d.name for d in data.districts}
    out = []
    for k in KINDS:
        units = [e for e in cert.evaluations if e.certified and e.candidate.kind == k]
        units.sort(key=lambda e: (-e.band, -(e.percent or 0), -(e.total or 0), e.candidate.id))
        for rank, e in enumerate(units, start=1):
            out.append(
                Shortlisted(
                    k,
                    rank,
                    e.candidate.id,
                    e.candidate.name,
                    names.get(e.candidate.district, e.candidate.district),
                    e.candidate.district,
                    e.level,
                    e.percent,
                    e.total,
                )
            )
    return out

"""Scoring and certification (pure): a result per candidate from the year's criteria as data.

Total rules (``TotalRule``):
    sum               Σ score × weight, compared with the cut-off table in points
    weighted_percent  Σ weight × (score − min) / (max − min) / Σ weight × 100, compared in percent
The cut-off table is a list of bands; a total gets the band with the highest threshold not above
it (a total exactly on a threshold belongs to the band that starts there). A must-pass indicator
scored under its minimum fails the candidate whatever the total. A missing score makes the result
"ไม่ครบ" (incomplete), never a silent zero.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from mchch_xl.domain.model import (
    CERTIFIED,
    FAIL,
    INCOMPLETE,
    KINDS,
    NO_CRITERIA,
    PASS,
    Candidate,
    Criterion,
    Indicator,
    Kind,
    MasterData,
    Round,
    TotalRule,
)


@dataclass(frozen=True)
class Evaluation:
    candidate: Candidate
    total: float | None  # points (Σ score × weight)
    max_total: float
    percent: float | None  # the weighted percentage
    result: str  # ผ่าน / ไม่ผ่าน / ไม่ครบ / ยังไม่มีเกณฑ์
    level: str = ""
    band: int = -1  # index of the band reached (higher is better), -1 when none
    failed_must: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    before: float | None = None  # percent of the self-assessment before development
    after: float | None = None  # percent of the self-assessment after development
    decision: str = ""

    @property
    def improvement(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)

    @property
    def passed(self) -> bool:
        return self.result == PASS

    @property
    def certified(self) -> bool:
        return self.decision == CERTIFIED


def _totals(indicators: list[Indicator], scores: dict[str, float]) -> tuple[float, float, float]:
    total = sum(scores[i.code] * i.weight for i in indicators)
    max_total = sum(i.max * i.weight for i in indicators)
    weights = sum(i.weight for i in indicators)
    span = [
        (i.weight * (scores[i.code] - i.min) / (i.max - i.min)) if i.max > i.min else i.weight
        for i in indicators
    ]
    percent = 100 * sum(span) / weights if weights else 0.0
    return round(total, 6), max_total, round(percent, 6)


def _percent(indicators: list[Indicator], scores: dict[str, float]) -> float | None:
    if not indicators or any(i.code not in scores for i in indicators):
        return None
    return _totals(indicators, scores)[2]


def evaluate(
    candidate: Candidate,
    indicators: list[Indicator],
    rounds: dict[Round, dict[str, float]],
    bands: list[Criterion],
    deciding: Round = Round.COMMITTEE,
) -> Evaluation:
    """The result of one candidate from its scores of each round."""
    scores = rounds.get(deciding, {})
    before = _percent(indicators, rounds.get(Round.BEFORE, {}))
    after = _percent(indicators, rounds.get(Round.AFTER, {}))
    max_total = sum(i.max * i.weight for i in indicators)
    missing = tuple(i.code for i in indicators if i.code not in scores)
    if missing or not indicators:
        return Evaluation(
            candidate,
            None,
            max_total,
            None,
            INCOMPLETE,
            missing=missing,
            before=before,
            after=after,
        )
    total, max_total, percent = _totals(indicators, scores)
    failed = tuple(
        i.code for i in indicators if i.must_min is not None and scores[i.code] < i.must_min
    )
    if not bands:
        return Evaluation(
            candidate,
            total,
            max_total,
            percent,
            NO_CRITERIA,
            failed_must=failed,
            before=before,
            after=after,
        )
    ordered = sorted(bands, key=lambda b: b.threshold)
    basis = total if ordered[0].rule is TotalRule.SUM else percent
    band = max((i for i, b in enumerate(ordered) if basis >= b.threshold - 1e-9), default=-1)
    if failed:
        return Evaluation(
            candidate, total, max_total, percent, FAIL, "", -1, failed, before=before, after=after
        )
    if band < 0:
        return Evaluation(candidate, total, max_total, percent, FAIL, before=before, after=after)
    chosen = ordered[band]
    return Evaluation(
        candidate,
        total,
        max_total,
        percent,
        chosen.result,
        chosen.level,
        band,
        before=before,
        after=after,
    )


@dataclass
class Certification:
    evaluations: list[Evaluation] = field(default_factory=list)  # in candidate order
    proposed: Counter = field(default_factory=Counter)  # (district, kind) -> n
    passed: Counter = field(default_factory=Counter)
    certified: Counter = field(default_factory=Counter)
    levels: dict = field(default_factory=lambda: defaultdict(Counter))  # (district, kind) -> levels

    def by_id(self) -> dict[str, Evaluation]:
        return {e.candidate.id: e for e in self.evaluations}

    @property
    def decided(self) -> bool:
        return any(e.decision for e in self.evaluations)


def certify(data: MasterData) -> Certification:
    """Every candidate's evaluation, and the counts per district × type."""
    year = data.settings.fiscal_year
    inds: dict[Kind, list[Indicator]] = {k: [] for k in KINDS}
    for i in data.indicators:
        if i.year == year:
            inds[i.kind].append(i)
    bands: dict[Kind, list[Criterion]] = {k: [] for k in KINDS}
    for c in data.criteria:
        if c.year == year:
            bands[c.kind].append(c)
    rounds: dict[str, dict[Round, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for s in data.scores:
        rounds[s.candidate][s.round][s.indicator] = s.score
    out = Certification()
    for cand in data.candidates:
        e = evaluate(
            cand,
            inds[cand.kind],
            rounds.get(cand.id, {}),
            bands[cand.kind],
            data.settings.deciding_round,
        )
        d = data.decisions.get(cand.id, {})
        if d:
            e = replace(e, decision=str(d.get("decision", "")))
        out.evaluations.append(e)
        key = (cand.district, cand.kind)
        out.proposed[key] += 1
        out.passed[key] += e.passed
        out.certified[key] += e.certified
        if e.level:
            out.levels[key][e.level] += 1
    return out

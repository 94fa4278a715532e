"""Pure computation over checked data: totals, order, slots and documents. No workbook objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mchch_xl.compute.papers import OrderTable, Para, agenda, announcement, order_table, rsvp_form
from mchch_xl.compute.schedule import Slot, build_slots, presentation_order
from mchch_xl.compute.scoring import Certification, certify
from mchch_xl.compute.shortlist import shortlist
from mchch_xl.compute.totals import DistrictCount, count_by_district, grand_totals
from mchch_xl.domain.model import INCOMPLETE, KINDS, ORDER_POLICY_TH, District, Kind, MasterData


@dataclass
class Results:
    counts: list[DistrictCount]  # every district, by code
    totals: dict[Kind, int]
    order: list[District]  # presenting districts, in presentation order
    slots: list[Slot]
    absent: list[District]  # districts without candidates (they do not present)
    end: dt.time | None  # end of the last slot
    order_table: OrderTable
    rsvp: list[tuple[District, Slot | None, list[Para]]] = field(default_factory=list)
    agenda: list[Para] = field(default_factory=list)
    certification: Certification = field(default_factory=Certification)
    announcement: list[Para] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def compute(data: MasterData) -> Results:
    s = data.settings
    cert = certify(data)
    ev = cert.evaluations
    counts = count_by_district(
        data.districts,
        data.candidates,
        {e.candidate.id for e in ev if e.result != INCOMPLETE},
        {e.candidate.id for e in ev if e.passed},
        {e.candidate.id for e in ev if e.certified},
    )
    totals = grand_totals(counts)
    presenting = {c.code for c in counts if c.total}
    ordered = presentation_order(data.districts, s.order_policy, s.lottery_seed)
    order = [d for d in ordered if d.code in presenting]
    absent = [d for d in ordered if d.code not in presenting]
    slots = build_slots(order, s.start_time, s.minutes_per_district, s.breaks)
    end = slots[-1].end if slots else None
    table = order_table(s, counts, slots, totals, end, [d.name for d in absent])
    slot_by_code = {sl.code: sl for sl in slots}
    rsvp = [
        (d, slot_by_code.get(d.code), rsvp_form(s, d.name, slot_by_code.get(d.code), end))
        for d in order + absent
    ]
    return Results(
        counts,
        totals,
        order,
        slots,
        absent,
        end,
        table,
        rsvp,
        agenda(s, totals, end),
        cert,
        announcement(s, order + absent, cert),
    )


def summary_dict(data: MasterData, results: Results) -> dict:
    """The JSON of ``mchch-xl summary --json``: counts per type keyed leader/group/network/community.
    Shared output: any national ID in it is masked (``personal.redact_tree``)."""
    from mchch_xl.domain.personal import redact_tree

    return redact_tree(_summary(data, results))


def _summary(data: MasterData, results: Results) -> dict:
    s = data.settings
    slot_by_code = {sl.code: sl for sl in results.slots}
    rows = []
    for c in results.counts:
        sl = slot_by_code.get(c.code)
        cert = results.certification
        rows.append(
            {
                "code": c.code,
                "name": c.name,
                "order": sl.position if sl else None,
                **{k.value: c.counts[k] for k in KINDS},
                "total": c.total,
                "scored": c.scored,
                "passed": {k.value: cert.passed[(c.code, k)] for k in KINDS},
                "certified": {k.value: cert.certified[(c.code, k)] for k in KINDS},
                "slot": {"start": sl.start.strftime("%H:%M"), "end": sl.end.strftime("%H:%M")}
                if sl
                else None,
            }
        )
    return {
        "province": s.province,
        "fiscal_year": s.fiscal_year,
        "meeting_date": s.meeting_date.isoformat() if s.meeting_date else None,
        "order_policy": s.order_policy.value,
        "order_policy_th": ORDER_POLICY_TH[s.order_policy],
        "deciding_round": s.deciding_round.value,
        "deciding_round_th": s.deciding_round.th,
        "lottery_seed": s.lottery_seed,
        "districts": rows,
        "totals": {**{k.value: results.totals[k] for k in KINDS}, "total": results.total},
        "order": [d.code for d in results.order],
        "slots": [
            {
                "order": sl.position,
                "code": sl.code,
                "name": sl.name,
                "start": sl.start.strftime("%H:%M"),
                "end": sl.end.strftime("%H:%M"),
                "day": sl.day + 1,  # 1 unless the programme runs past midnight
            }
            for sl in results.slots
        ],
        "breaks": [
            {"start": b.start.strftime("%H:%M"), "end": b.end.strftime("%H:%M"), "label": b.label}
            for b in s.breaks
        ],
        "end": results.end.strftime("%H:%M") if results.end else None,
        "candidates": [
            {
                "id": e.candidate.id,
                "district": e.candidate.district,
                "kind": e.candidate.kind.value,
                "total": e.total,
                "max_total": e.max_total,
                "percent": e.percent,
                "result": e.result,
                "level": e.level or None,
                "failed_must_pass": list(e.failed_must),
                "missing": list(e.missing),
                "improvement": e.improvement,
                "decision": e.decision or None,
            }
            for e in results.certification.evaluations
        ],
        "passed": {
            k.value: sum(results.certification.passed[(c.code, k)] for c in results.counts)
            for k in KINDS
        },
        "certified": {
            k.value: sum(results.certification.certified[(c.code, k)] for c in results.counts)
            for k in KINDS
        },
        "shortlist": {
            k.value: [
                {
                    "rank": x.rank,
                    "id": x.id,
                    "name": x.name,
                    "district": x.district_code,
                    "level": x.level or None,
                    "percent": x.percent,
                    "total": x.total,
                }
                for x in shortlist(data, results.certification)
                if x.kind == k
            ]
            for k in KINDS
        },
    }


__all__ = ["Results", "compute", "summary_dict"]

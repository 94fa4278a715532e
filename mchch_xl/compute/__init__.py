"""Pure computation over checked data: totals, order, slots and documents. No workbook objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import KINDS, District, Kind, MasterData
from .documents import OrderTable, Para, agenda, order_table, rsvp_form
from .schedule import Slot, build_slots, presentation_order
from .totals import DistrictCount, complete_candidates, count_by_district, grand_totals


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

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def compute(data: MasterData) -> Results:
    s = data.settings
    complete = complete_candidates(data.candidates, data.indicators, data.scores, s.fiscal_year)
    counts = count_by_district(data.districts, data.candidates, complete)
    totals = grand_totals(counts)
    presenting = {c.code for c in counts if c.total}
    ordered = presentation_order(data.districts, s.order_policy, s.lottery_seed)
    order = [d for d in ordered if d.code in presenting]
    absent = [d for d in ordered if d.code not in presenting]
    slots = build_slots(order, s.start_time, s.minutes_per_district, s.breaks)
    end = slots[-1].end if slots else None
    table = order_table(s, counts, slots, totals, end, [d.name for d in absent])
    slot_by_code = {sl.code: sl for sl in slots}
    rsvp = [(d, slot_by_code.get(d.code), rsvp_form(s, d.name, slot_by_code.get(d.code), end))
            for d in order + absent]
    return Results(counts, totals, order, slots, absent, end, table, rsvp, agenda(s, totals, end))


def summary_dict(data: MasterData, results: Results) -> dict:
    """The JSON of ``mchch-xl summary --json``: counts per type keyed leader/group/network/community."""
    s = data.settings
    slot_by_code = {sl.code: sl for sl in results.slots}
    rows = []
    for c in results.counts:
        sl = slot_by_code.get(c.code)
        rows.append({
            "code": c.code, "name": c.name, "order": sl.position if sl else None,
            **{k.value: c.counts[k] for k in KINDS}, "total": c.total, "scored": c.scored,
            "slot": {"start": sl.start.strftime("%H:%M"), "end": sl.end.strftime("%H:%M")} if sl else None,
        })
    return {
        "province": s.province,
        "fiscal_year": s.fiscal_year,
        "meeting_date": s.meeting_date.isoformat() if s.meeting_date else None,
        "order_policy": s.order_policy.value,
        "lottery_seed": s.lottery_seed,
        "districts": rows,
        "totals": {**{k.value: results.totals[k] for k in KINDS}, "total": results.total},
        "order": [d.code for d in results.order],
        "slots": [{"order": sl.position, "code": sl.code, "name": sl.name,
                   "start": sl.start.strftime("%H:%M"), "end": sl.end.strftime("%H:%M")}
                  for sl in results.slots],
        "breaks": [{"start": b.start.strftime("%H:%M"), "end": b.end.strftime("%H:%M"),
                    "label": b.label} for b in s.breaks],
        "end": results.end.strftime("%H:%M") if results.end else None,
    }


__all__ = ["Results", "compute", "summary_dict"]

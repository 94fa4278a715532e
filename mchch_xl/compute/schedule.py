"""Presentation order and timed slots (pure).

The seed letter gives 15 minutes per district from 09.00 with lunch 12.00-13.00: district 12
ends at 12.00 and district 13 starts at 13.00. A slot never straddles a break: a slot that would
run into a break starts when the break ends.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from mchch_xl.domain.model import Break, District, OrderPolicy
from mchch_xl.domain.thai import thai_sorted


@dataclass(frozen=True)
class Slot:
    position: int  # 1-based
    code: str
    name: str
    start: dt.time
    end: dt.time
    day: int = 0  # 0 = the meeting day; a programme too long for one day goes on the next


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> dt.time:
    return dt.time((minutes // 60) % 24, minutes % 60)


def presentation_order(
    districts: list[District], policy: OrderPolicy, seed: int | None = None
) -> list[District]:
    """Districts in presentation order.

    manual: the order column (districts without one follow, by code); code: by official code;
    alphabetical: Thai dictionary order of the name; lottery: a shuffle of the code order
    by ``random.Random(seed)``, so the same recorded seed always draws the same order (with no
    seed yet, the code order: a command that records nothing never draws).
    """
    by_code = sorted(districts, key=lambda d: d.code)
    if policy is OrderPolicy.MANUAL:
        return sorted(by_code, key=lambda d: (d.order is None, d.order or 0))
    if policy is OrderPolicy.ALPHABETICAL:
        rank = {name: i for i, name in enumerate(thai_sorted([d.name for d in by_code]))}
        return sorted(by_code, key=lambda d: (rank[d.name], d.code))
    if policy is OrderPolicy.LOTTERY:
        if seed is None:  # not drawn yet: only a run that records the seed draws (never here)
            return by_code
        drawn = list(by_code)
        random.Random(seed).shuffle(drawn)
        return drawn
    return by_code


def build_slots(
    order: list[District], start: dt.time, minutes: int, breaks: tuple[Break, ...] = ()
) -> list[Slot]:
    """Contiguous slots of ``minutes`` from ``start``, skipping over every break; a slot that
    would run past midnight starts the next day at ``start``."""
    t, day = _minutes(start), 0
    spans = sorted((_minutes(b.start), _minutes(b.end)) for b in breaks)
    slots = []
    for i, d in enumerate(order, start=1):
        moved = True
        while moved:
            moved = False
            for b_start, b_end in spans:
                if t < b_end and t + minutes > b_start:
                    t, moved = b_end, True
            if t + minutes > 24 * 60:
                t, day, moved = _minutes(start), day + 1, True
        slots.append(Slot(i, d.code, d.name, _time(t), _time(t + minutes), day))
        t += minutes
    return slots

"""Masters shaped like the Chiang Rai demo, at any size, for the benchmarks.

``scaled_tables(districts, per_district, indicators_per_kind)``: ``districts`` districts (codes
1000, 1001, ...) whose candidate counts cycle through the seed letter's 18 districts, each count
multiplied by ``per_district``; ``indicators_per_kind`` indicators for each candidate type; one
committee score (1-5, seeded) per candidate and indicator of its type; cut-offs by weighted
percentage. ``scaled_tables(18, 1, 5)`` has the demo's counts (129 candidates, 645 scores).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mchch_xl.domain.model import KINDS
from mchch_xl.flows.demo import LETTERS, SAMPLE_INDICATORS, SEED_ORDER, demo_settings


def scaled_tables(districts: int, per_district: int = 1, indicators_per_kind: int = 5) -> dict:
    """Rows for each input sheet of the master, in schema column order."""
    rng = random.Random(f"{districts}/{per_district}/{indicators_per_kind}")
    indicators = []
    for kind in KINDS:
        for n in range(indicators_per_kind):
            component, text = SAMPLE_INDICATORS[kind][n % len(SAMPLE_INDICATORS[kind])]
            must = n == 0
            indicators.append(
                [
                    2568,
                    kind.th,
                    component,
                    f"{LETTERS[kind]}{n // 5 + 1}.{n % 5 + 1}",
                    f"{text} ({n + 1})",
                    1,
                    5,
                    1,
                    "ใช่" if must else None,
                    3 if must else None,
                ]
            )
    criteria = [
        [2568, k.th, "ร้อยละถ่วงน้ำหนัก", t, r, lv]
        for k in KINDS
        for t, r, lv in (
            (0, "ไม่ผ่าน", None),
            (60, "ผ่าน", "ดี"),
            (75, "ผ่าน", "ดีมาก"),
            (90, "ผ่าน", "ดีเด่น"),
        )
    ]
    district_rows, candidates, scores = [], [], []
    for i in range(districts):
        code, name = f"{1000 + i}", f"ทดสอบ{i + 1:03d}"
        district_rows.append([code, name, i + 1, None, None, None])
        counts = SEED_ORDER[i % len(SEED_ORDER)][1:]
        for kind, count in zip(KINDS, counts):
            for j in range(1, count * per_district + 1):
                cid = f"{code}-{LETTERS[kind]}{j:02d}"
                candidates.append(
                    [
                        cid,
                        name,
                        kind.th,
                        f"{kind.th}ตัวอย่าง {j} อำเภอ{name}",
                        f"หมู่ที่ {j} ตำบลตัวอย่าง",
                        None,
                        None,
                    ]
                )
                for ind in indicators:
                    if ind[1] == kind.th:
                        scores.append([cid, ind[3], rng.choice((3, 4, 4, 5, 5)), None])
    return {
        "districts": district_rows,
        "candidates": candidates,
        "indicators": indicators,
        "criteria": criteria,
        "scores": scores,
    }


def settings(districts: int):
    """The demo's meeting, with a slot length that fits ``districts`` presentations."""
    minutes = 15 if districts <= 18 else 5
    return demo_settings().model_copy(update={"minutes_per_district": minutes})


def create(path: Path, tables: dict, districts: int) -> Path:
    """A recalculated master holding ``tables``."""
    from mchch_xl.flows.pipeline import create_master, recalc

    create_master(path, settings(districts), tables)
    recalc(path, keep_backup=False)
    return path

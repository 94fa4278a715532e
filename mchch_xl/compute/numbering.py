"""Certificate numbers (เลขที่เกียรติบัตร): the register (ทะเบียนเกียรติบัตร) kept in the master.

A number once given stays with its unit: a unit already in the register keeps its number; a new
one gets the next after the highest ever recorded (never reused, never renumbered). Rows staff
typed stay as typed; only a number they left empty for a unit being numbered is filled in.
Pure: the register's rows (by schema key) in, the rows to write and the numbers out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mchch_xl.domain.model import id_key

# (candidate id, name, district name, type's Thai name, level), in the order to number them
Unit = tuple[str, str, str, str, str]


@dataclass
class Numbering:
    numbers: dict[str, int]  # candidate id (as given) -> certificate number
    rows: list[dict[str, Any]] = field(default_factory=list)  # the register, as to be written
    changed: bool = False  # something was numbered that the register did not hold


def number_certificates(
    register: list[dict[str, Any]], units: list[Unit], issued: dt.date
) -> Numbering:
    """Numbers for ``units`` from the register's rows (schema keys; ``no`` an int or None).
    New rows go after the register's own, dated ``issued``."""
    rows = [dict(r) for r in register]
    known: dict[str, int] = {}
    unnumbered: dict[str, dict[str, Any]] = {}  # id -> a row staff typed without a number
    for r in rows:
        k = id_key(r.get("id"))
        if not k:
            continue
        if r.get("no") is not None:
            known.setdefault(k, r["no"])
        else:
            unnumbered.setdefault(k, r)
    top = max((r["no"] for r in rows if r.get("no") is not None), default=0)
    out = Numbering({}, rows)
    for cid, name, district, kind, level in units:
        k = id_key(cid)
        if k not in known:
            top += 1
            known[k] = top
            out.changed = True
            given = {
                "no": top,
                "id": cid,
                "name": name or None,
                "district": district or None,
                "kind": kind or None,
                "level": level or None,
                "issued": issued,
            }
            row = unnumbered.pop(k, None)
            if row is None:
                rows.append(given)
            else:  # fill in what staff left empty; nothing typed is replaced
                row.update({key: v for key, v in given.items() if row.get(key) in (None, "")})
        out.numbers[cid] = known[k]
    return out


__all__ = ["Numbering", "Unit", "id_key", "number_certificates"]

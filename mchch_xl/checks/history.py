"""The history sheet (ประวัติการรับรอง) a master started from last year's carries: its rows read
as the units certified in earlier years, by the one header finder (``tables.find_layout``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mchch_xl.checks.tables import find_layout
from mchch_xl.domain.model import Kind, parse_kind
from mchch_xl.domain.schema import HISTORY
from mchch_xl.domain.thai import clean_text, whole


@dataclass(frozen=True)
class Certified:
    """One unit certified in an earlier year (a row of ประวัติการรับรอง)."""

    year: int
    id: str
    name: str = ""
    kind: Kind | None = None
    district_code: str = ""
    district: str = ""
    level: str = ""

    def row(self) -> list[Any]:
        """The unit as a row of ประวัติการรับรอง (``HISTORY.row``)."""
        return HISTORY.row(
            {
                "year": self.year,
                "id": self.id,
                "name": self.name or None,
                "kind": self.kind.th if self.kind else None,
                "district_code": self.district_code or None,
                "district": self.district or None,
                "level": self.level or None,
            }
        )


def text_of(value: Any) -> str:
    """A cell as text: a whole float without its ".0", cleaned."""
    if value is None:
        return ""
    value = whole(value)
    return clean_text(str(value))


def cell_of(row: list[Any], cols: dict[str, int], key: str) -> Any:
    return row[cols[key]] if key in cols and cols[key] < len(row) else None


def read_history(rows: list[list[Any]] | None) -> list[Certified]:
    """The history sheet's rows (as read: values from A1) as units; rows without a year or an
    id are left out (a blank line)."""
    if not rows:
        return []
    layout = find_layout(HISTORY, rows)
    header, cols = layout.header_row - 1, layout.columns
    if "year" not in cols or "id" not in cols:
        return []
    out = []
    for row in rows[header + 1 :]:

        def get(key: str, row=row) -> str:
            return text_of(cell_of(row, cols, key))

        year, cid = get("year"), get("id")
        if not cid or not year.isdigit():
            continue
        out.append(
            Certified(
                int(year),
                cid,
                get("name"),
                parse_kind(get("kind")) if get("kind") else None,
                get("district_code"),
                get("district"),
                get("level"),
            )
        )
    return out

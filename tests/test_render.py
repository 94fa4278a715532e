"""render's row heights: a long note gets the rows it needs, by TH SarabunPSK's widths."""

from __future__ import annotations

from mchch_xl.layout import grid as layout_grid
from mchch_xl.layout import sheets as render


def test_a_long_note_under_the_order_table_gets_the_rows_it_needs(demo_file):
    """The note naming districts without candidates wraps in the merged row: the row grows
    to its lines (it was one 24 pt line high, so the packet printed half of it)."""
    import math

    from mchch_xl.domain.schema import FONT_SIZE, ROW_HEIGHT
    from mchch_xl.flows.pipeline import evaluate

    results = evaluate(demo_file).results
    names = "เวียงชัย พาน เทิง แม่สรวย แม่สาย พญาเม็งราย เวียงป่าเป้า ป่าแดด ขุนตาล ดอยหลวง เชียงแสน"
    long = f"อำเภอที่ไม่มีกลุ่มเป้าหมายนำเสนอ: {names} (ยังไม่ได้ส่งแบบฟอร์ม หรือส่งแล้วแต่ไม่มีรายการ)"
    results.order_table.notes[:] = ["หมายเหตุ: สั้น", long]
    g = render.order_grid(results)
    full = sum(g.widths)
    rows = {g.values[r - 1][0]: r for r in range(1, len(g.values) + 1) if g.values[r - 1]}
    lines = layout_grid.line_count(long, full)
    assert lines >= 2
    assert [g.heights[rows["หมายเหตุ: สั้น"]], g.heights[rows[long]]] == [
        ROW_HEIGHT,
        math.ceil(lines * layout_grid.LINE_EM * FONT_SIZE + 3),
    ]

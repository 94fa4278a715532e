"""render's width estimate (``text_em``, by which every sheet's rows are sized) is the same float
as the per-character sum it has always been, whatever the text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from mchch_xl import render

ALPHABET = [chr(c) for c in range(0x0E00, 0x0E80)] + list(" .,:;()|'-aZ09\u200b\u00a0\u0301")


def _text_em_reference(text: str) -> float:
    width = 0.0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        if ch in " .,:;()|'-":
            width += render.EM_NARROW
        elif "๐" <= ch <= "๙":
            width += render.EM_THAI_DIGIT
        elif ch.isascii():
            width += render.EM_ASCII
        else:
            width += render.EM_THAI
    return width


@given(st.text(alphabet=ALPHABET, max_size=300) | st.text())
def test_text_em_adds_the_same_widths_in_the_same_order(text):
    assert render.text_em(text) == _text_em_reference(text)


def test_a_long_note_under_the_order_table_gets_the_rows_it_needs(demo_file):
    """The note naming districts without candidates wraps in the merged row: the row grows
    to its lines (it was one 24 pt line high, so the packet printed half of it)."""
    import math

    from mchch_xl.pipeline import evaluate
    from mchch_xl.schema import FONT_SIZE, ROW_HEIGHT

    results = evaluate(demo_file).results
    names = "เวียงชัย พาน เทิง แม่สรวย แม่สาย พญาเม็งราย เวียงป่าเป้า ป่าแดด ขุนตาล ดอยหลวง เชียงแสน"
    long = f"อำเภอที่ไม่มีกลุ่มเป้าหมายนำเสนอ: {names} (ยังไม่ได้ส่งแบบฟอร์ม หรือส่งแล้วแต่ไม่มีรายการ)"
    results.order_table.notes[:] = ["หมายเหตุ: สั้น", long]
    g = render.order_grid(results)
    full = sum(g.widths)
    rows = {g.values[r - 1][0]: r for r in range(1, len(g.values) + 1) if g.values[r - 1]}
    lines = render.line_count(long, full)
    assert lines >= 2
    assert [g.heights[rows["หมายเหตุ: สั้น"]], g.heights[rows[long]]] == [
        ROW_HEIGHT,
        math.ceil(lines * render.LINE_EM * FONT_SIZE + 3),
    ]

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

"""TH SarabunPSK's width table is what reportlab reads from the shipped TTFs, and ``string_width`` is
reportlab's ``TTFont.stringWidth`` to the last bit, for every character the fonts map and for
characters they do not."""

from __future__ import annotations

import random

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from mchch_xl.layout import fontwidths
from mchch_xl.layout.fontwidths import font_path, string_width

SIZES = (8, 10.5, 14, 16, 18, 20, 26, 32)


@pytest.fixture(scope="module", params=[False, True], ids=["regular", "bold"])
def face(request):
    return request.param, TTFont(
        f"THSarabunTest{int(request.param)}", str(font_path(request.param))
    )


def test_the_generated_table_is_up_to_date():
    """Regenerate with ``python -m mchch_xl.layout.fontwidths`` after a font update."""
    path = fontwidths.__file__.replace("fontwidths.py", "_font_widths.py")
    with open(path, encoding="utf-8") as f:
        assert f.read() == fontwidths.table_source()


def test_every_mapped_character_and_the_default(face):
    bold, font = face
    mapped = font.face.charWidths
    assert len(mapped) > 500 and {chr(c) for c in range(0x0E01, 0x0E3B)} <= set(map(chr, mapped))
    unmapped = ["\u4e00", "\U0001f600", "\u0e5c", "\ufffd"]
    for ch in [*map(chr, mapped), *unmapped]:
        for size in SIZES:
            assert string_width(ch, size, bold) == font.stringWidth(ch, size), (hex(ord(ch)), size)


def test_strings_give_the_same_float(face):
    """The same operations in the same order: equal, not approximately equal."""
    bold, font = face
    rng = random.Random(13)
    alphabet = [chr(c) for c in font.face.charWidths] + ["\u4e00", "\u00a0", " "] * 20
    thai = [chr(c) for c in range(0x0E01, 0x0E5C)] + [" "] * 10
    for _ in range(2000):
        pool = thai if rng.random() < 0.7 else alphabet
        text = "".join(rng.choices(pool, k=rng.randint(0, 120)))
        size = rng.choice([*SIZES, rng.uniform(6, 40)])
        assert string_width(text, size, bold) == font.stringWidth(text, size), (text, size)

"""What each layout style name looks like in a cell: one table that both writers read.

``files.writer`` turns it into openpyxl objects (new masters, templates, annotated copies, the
packet); ``files.sheetxml`` writes it straight into the master's own style table (recalculation and
import). Plain data, no workbook library.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mchch_xl.domain.schema import FONT_NAME, FONT_SIZE

BORDER_COLOR = "808080"  # thin grey lines
SIDES = ("left", "right", "top", "bottom")
BOX = frozenset(SIDES)


@dataclass(frozen=True)
class Align:
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    shrink: bool = False


@dataclass(frozen=True)
class Look:
    """One cell format. ``font`` (name, size, bold) and the others None: the workbook's
    defaults (its first font, no fill, General)."""

    font: tuple[str, float, bool] | None = None
    align: Align | None = None
    numfmt: str | None = None
    border: frozenset[str] = frozenset()  # thin grey sides
    fill: str | None = None  # solid fill, RGB
    locked: bool = True
    quote: bool = False  # quotePrefix: a leading "=" is shown as text

    def variant(self, literal: bool = False, unlocked: bool = False) -> Look:
        if not literal and not unlocked:
            return self
        return replace(self, quote=literal, locked=not unlocked)


PLAIN = Look()


def font(bold: bool = False, size: float = FONT_SIZE) -> tuple[str, float, bool]:
    return (FONT_NAME, size, bold)


CENTER = Align("center", "center", wrap=True)
LEFT = Align("left", "center", wrap=True)
RIGHT = Align("right", "center")
NOWRAP = Align("left", "center")  # a sheet's note runs on to the right
HEADER_FILL, OUTPUT_FILL, NOTE_FILL, BAD_FILL = "DDEBF7", "F2F2F2", "FFF2CC", "FFC7CE"
WARN_FILL = "FFEB9C"  # a cell to look at (a warning), beside the red of one to fix

BODY, BOLD = font(), font(True)

LOOKS: dict[str, Look] = {
    "body": Look(BODY, LEFT),
    "bold": Look(BOLD, LEFT),
    "note": Look(BOLD, NOWRAP, fill=NOTE_FILL),
    "sheet_note": Look(BOLD, NOWRAP),
    "small": Look(font(size=10), LEFT, border=BOX),
    "header": Look(BOLD, CENTER, border=BOX, fill=HEADER_FILL),
    "text": Look(BODY, LEFT, border=BOX),
    "code": Look(BODY, CENTER, "@", BOX),
    "number": Look(BODY, CENTER, "0.##", BOX),
    "date": Look(BODY, CENTER, "d/m/yyyy", BOX),
    "text_out": Look(BODY, LEFT, border=BOX, fill=OUTPUT_FILL),
    "code_out": Look(BODY, CENTER, "@", BOX, OUTPUT_FILL),
    "number_out": Look(BODY, CENTER, "0", BOX, OUTPUT_FILL),
    "date_out": Look(BODY, CENTER, "d/m/yyyy", BOX, OUTPUT_FILL),
    "total": Look(BOLD, CENTER, "0", BOX, OUTPUT_FILL),
    "title_big": Look(font(True, 18), CENTER),
    "title_center": Look(BOLD, CENTER),
    "center": Look(BODY, CENTER),
    "boxed": Look(BODY, CENTER, border=BOX),
    "boxed_left": Look(BODY, LEFT, border=BOX),
    "boxed_bold": Look(BOLD, CENTER, border=BOX),
    "text_plain": Look(BODY, LEFT),
    "right": Look(BODY, RIGHT),
    "header_small": Look(font(True, 12), CENTER, border=BOX, fill=HEADER_FILL),
    "bad": Look(BODY, LEFT, border=BOX, fill=BAD_FILL),
    "warn": Look(BODY, LEFT, border=BOX, fill=WARN_FILL),
    "title_big_left": Look(font(True, 18), LEFT),
    # a line we broke ourselves: never wraps, shrinks if ever too long
    "text_line": Look(BODY, Align("left", "center", shrink=True)),
    "text_top": Look(BODY, Align("left", "top", wrap=True)),
    "cert_issuer": Look(font(True, 26), CENTER),
    "cert_name": Look(font(True, 32), CENTER),
    "cert_text": Look(font(size=20), CENTER),
}

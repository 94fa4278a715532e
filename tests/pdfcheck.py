"""Page-by-page checks of a PDF the product makes, from poppler's word boxes (pdftotext -bbox):
every word inside the page's margin band, and the digits each page prints."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

CM = 72 / 2.54
# the band no printed word may enter: 1.5 cm at the binding (left), 1 cm elsewhere
BAND = {"left": 1.5 * CM, "right": 1.0 * CM, "top": 1.0 * CM, "bottom": 1.0 * CM}


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ElementTree.fromstring(xml)
    out = []
    for n, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        words = tuple(
            Word(
                n,
                w.text or "",
                float(w.get("xMin")),
                float(w.get("yMin")),
                float(w.get("xMax")),
                float(w.get("yMax")),
            )
            for w in page.iter("{http://www.w3.org/1999/xhtml}word")
        )
        out.append(Page(n, float(page.get("width")), float(page.get("height")), words))
    return out


PAGE_NUMBER = re.compile(r"^(-|[๐-๙0-9]+)$")


def _page_number(w: Word, p: Page) -> bool:
    """A word of the page number "- ๒ -", centred in the header area (above 1.6 cm), where a
    letter's continuation pages are numbered."""
    return (
        PAGE_NUMBER.match(w.text) is not None
        and w.y1 < 1.6 * CM
        and abs((w.x0 + w.x1) / 2 - p.width / 2) < 1.5 * CM
    )


def outside(pdf_pages: list[Page], band: dict[str, float] = BAND) -> list[Word]:
    """Every word that enters the margin band of its page (the page number at the top centre
    of a continuation page is in the header area, where it belongs)."""
    bad = []
    for p in pdf_pages:
        for w in p.words:
            if _page_number(w, p):
                continue
            if (
                w.x0 < band["left"] - 0.01
                or w.x1 > p.width - band["right"] + 0.01
                or w.y0 < band["top"] - 0.01
                or w.y1 > p.height - band["bottom"] + 0.01
            ):
                bad.append(w)
    return bad


ARABIC = re.compile(r"[0-9]")


def arabic_words(pdf_pages: list[Page], allowed: re.Pattern | None = None) -> list[Word]:
    """Words with an Arabic digit (Thai-digit documents must have none, but for e-mail
    addresses and the like matched by ``allowed``)."""
    return [
        w
        for p in pdf_pages
        for w in p.words
        if ARABIC.search(w.text) and not (allowed and allowed.fullmatch(w.text))
    ]

"""The paperwork's line breaks and row heights are those of the reference implementation (Sarabun
read by reportlab, pythainlp's newmm over its dictionary cut to the words in the text, as
``render_paper`` measured them before its width table and ``newmm`` copy): identical lines for
the demo letter's and minutes' paragraphs and for generated Thai text at many widths and sizes."""

from __future__ import annotations

import math
import random
import re
import subprocess
import sys

import pytest
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import dict_trie
from reportlab.pdfbase.ttfonts import TTFont

from mchch_xl.compute.paperwork import invitation, minutes
from mchch_xl.pipeline import evaluate
from mchch_xl.render import CELL_PADDING_PT, column_points, line_count
from mchch_xl.render_paper import FILL, RAGGED, _names, break_lines, lines_needed
from mchch_xl.sarabun import font_path
from mchch_xl.schema import LETTER

from .thai_text import NAMES, paragraph

WIDTHS = (10, 25, 35, 62, 87, 100.5, 128)
SIZES = (14, 16, 18, 20)


class Reference:
    """render_paper's measuring and breaking as of commit afe30e2, verbatim but for names."""

    def __init__(self) -> None:
        self.faces = {b: TTFont(f"SarabunRef{int(b)}", str(font_path(b))) for b in (False, True)}
        self.tries: dict[frozenset[str], object] = {}

    def lines_needed(self, text, width, size, bold=False) -> int:
        face = self.faces[bold]
        if text in (None, ""):
            return line_count(text, width, size)
        room = max(1.0, column_points(width) - CELL_PADDING_PT)
        out = 0
        for part in str(text).split("\n"):
            w = face.stringWidth(part, size)
            out += 1 if w <= room else math.ceil(w / (room * RAGGED))
        return out

    def _trie(self, words, text):
        vocab = frozenset(w for w in (*thai_words(), *words) if w in text)
        if vocab not in self.tries:
            self.tries[vocab] = dict_trie(vocab)
        return self.tries[vocab]

    def break_lines(self, text, width, size=16, words=frozenset()) -> list[str]:
        face = self.faces[False]
        room = (column_points(width) - CELL_PADDING_PT) * FILL
        if face.stringWidth(text, size) <= room:
            return [text]
        lead = len(text) - len(text.lstrip(" "))
        tokens = [text[:lead]] if lead else []
        body = text[lead:].replace(" - ", "\u00a0-\u00a0")
        trie = self._trie(words, body)
        for chunk in re.split(r"( )", body):
            if chunk and face.stringWidth(chunk, size) > room / 8:
                tokens += word_tokenize(
                    chunk, custom_dict=trie, engine="newmm", keep_whitespace=True
                )
            elif chunk:
                tokens.append(chunk)
        tokens = [t.replace("\u00a0", " ") for t in tokens]
        lines, line = [], ""
        for tok in tokens:
            if line.strip() and face.stringWidth(line + tok, size) > room:
                lines.append(line.rstrip())
                line = "" if tok == " " else tok
            else:
                line += tok
        if line.strip():
            lines.append(line.rstrip())
        return lines


@pytest.fixture(scope="module")
def ref() -> Reference:
    return Reference()


def test_the_demo_paperwork(demo_file, ref):
    run = evaluate(demo_file)
    s = run.checked.data.settings
    names = _names(s)
    lines = invitation(s, run.results.end) + minutes(run.checked.data, run.results)
    texts = [t for line in lines for t in (line.text, line.label, line.right) if t]
    assert len(texts) > 20
    for text in texts:
        for width in (*WIDTHS, sum(c.width for c in LETTER.columns)):
            assert break_lines(text, width, words=names) == ref.break_lines(text, width, 16, names)
            for bold in (False, True):
                assert lines_needed(text, width, 16, bold) == ref.lines_needed(
                    text, width, 16, bold
                )


@pytest.mark.parametrize("seed", range(3))
def test_generated_paragraphs(seed, ref):
    rng = random.Random(seed)
    words = sorted(thai_words())
    for _ in range(60):
        text = paragraph(rng, words)
        width, size = rng.choice(WIDTHS), rng.choice(SIZES)
        names = frozenset(NAMES) if rng.random() < 0.5 else frozenset()
        assert break_lines(text, width, size, names) == ref.break_lines(text, width, size, names)
        for bold in (False, True):
            multi = text.replace("  ", "\n")
            assert lines_needed(multi, width, size, bold) == ref.lines_needed(
                multi, width, size, bold
            )


def test_cells_that_are_not_text(ref):
    for value in (None, "", 0, 12.5, 2568, "๒๕๖๘"):
        for width in WIDTHS:
            assert lines_needed(value, width, 16) == ref.lines_needed(value, width, 16)


def test_laying_out_the_sheets_imports_neither_pythainlp_nor_reportlab(demo_file):
    """Every output sheet of a recalculation (the letter's breaks and heights) and the
    alphabetical presentation order, without the two imports they once cost."""
    code = (
        "import sys; from mchch_xl.pipeline import evaluate; from mchch_xl import render, thai; "
        f"run = evaluate({str(demo_file)!r}); render.output_grids(run.checked, run.results); "
        "thai.thai_sorted(['ดอยหลวง', 'เชียงของ']); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pythainlp', 'reportlab'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

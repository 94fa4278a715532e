"""``mchch_xl.newmm`` is pythainlp's newmm word segmentation, run without importing pythainlp:
the same dictionary, and the same tokens as ``pythainlp.tokenize.word_tokenize(engine="newmm")``
on the letter's paragraphs and on generated Thai text, with and without extra words."""

from __future__ import annotations

import random

import pytest
from pythainlp.corpus import thai_words as pythainlp_words
from pythainlp.tokenize import word_tokenize as pythainlp_tokenize
from pythainlp.util import dict_trie

from mchch_xl.compute.paperwork import invitation, minutes
from mchch_xl.newmm import Dictionary, thai_words, word_tokenize
from mchch_xl.pipeline import evaluate

from .thai_text import NAMES, paragraph


def test_the_dictionary_is_pythainlps():
    words, longest = thai_words()
    assert words == pythainlp_words()
    assert longest == max(map(len, pythainlp_words()))


@pytest.fixture(scope="module")
def reference():
    """pythainlp's word_tokenize over its dictionary plus ``extra`` (one trie per set)."""
    tries = {}

    def tokenize(text: str, extra: frozenset[str] = frozenset()) -> list[str]:
        if extra not in tries:
            tries[extra] = dict_trie(pythainlp_words() | extra)
        return pythainlp_tokenize(
            text, custom_dict=tries[extra], engine="newmm", keep_whitespace=True
        )

    return tokenize


def _demo_texts(demo_file) -> list[str]:
    run = evaluate(demo_file)
    s = run.checked.data.settings
    lines = invitation(s, run.results.end) + minutes(run.checked.data, run.results)
    return [t for line in lines for t in (line.text, line.label, line.right) if t]


def test_the_demo_letter_and_minutes(demo_file, reference):
    texts = _demo_texts(demo_file)
    assert len(texts) > 20
    for text in texts:
        for extra in (frozenset(), frozenset(NAMES)):
            assert word_tokenize(text, Dictionary(extra)) == reference(text, extra), text


@pytest.mark.parametrize("seed", range(4))
def test_generated_text(seed, reference):
    rng = random.Random(seed)
    words = sorted(thai_words()[0])
    for _ in range(150):
        text = paragraph(rng, words)
        extra = frozenset(NAMES) if rng.random() < 0.5 else frozenset()
        assert word_tokenize(text, Dictionary(extra)) == reference(text, extra), text


def test_edge_cases(reference):
    for text in ["", " ", "ก", "กข", "12:00", "๐๘.๓๐ - ๑๔.๓๐", "\n", "abc\nกขค", "ๆๆๆ", "ฯ"]:
        assert word_tokenize(text, Dictionary()) == reference(text), repr(text)

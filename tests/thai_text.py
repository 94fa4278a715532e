"""Generated Thai paragraphs for comparing line breaks with pythainlp: dictionary words, names the
dictionary splits, runs of Thai letters no dictionary holds, Thai and Arabic numbers (times,
amounts, ranges such as "๐๘.๓๐ - ๑๔.๓๐"), Latin words, punctuation and spaces."""

from __future__ import annotations

import random

from mchch_xl.newmm import thai_words

NAMES = ("เชียงราย", "จังหวัดเชียงราย", "แม่ฟ้าหลวง", "เวียงแก่น", "ดอยหลวง", "พญาเม็งราย")
THAI_LETTERS = [chr(c) for c in range(0x0E01, 0x0E3B)] + [chr(c) for c in range(0x0E40, 0x0E4F)]
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


def _number(rng: random.Random) -> str:
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))
    text = rng.choice(
        [
            d(rng.randint(1, 4)),
            f"{d(2)}:{d(2)}",
            f"{d(2)}.{d(2)} - {d(2)}.{d(2)}",
            f"{d(1)},{d(3)}.{d(2)}",
            f"{d(2)}/{d(1)}/{d(4)}",
            f"{d(3)}.{d(1)}.{d(1)}.{d(1)}",
        ]
    )
    if rng.random() < 0.5:
        text = text.translate(str.maketrans("0123456789", THAI_DIGITS))
    return text


def paragraph(rng: random.Random, words: list[str] | None = None) -> str:
    words = words or sorted(thai_words()[0])
    parts = []
    if rng.random() < 0.4:
        parts.append(" " * rng.randint(1, 12))  # an indented first line
    for _ in range(rng.randint(1, 90)):
        r = rng.random()
        if r < 0.62:
            parts.append(rng.choice(words))
        elif r < 0.70:
            parts.append(rng.choice(NAMES))
        elif r < 0.76:
            parts.append("".join(rng.choices(THAI_LETTERS, k=rng.randint(1, 9))))
        elif r < 0.83:
            parts.append(_number(rng))
        elif r < 0.86:
            parts.append(rng.choice(["Excel", "PDF", "e-mail", "rungnapa.neung@gmail.com", "A4"]))
        elif r < 0.92:
            parts.append(rng.choice(["(", ")", "“", "”", "ๆ", "ฯ", "ฯลฯ", ",", ".", " - ", "/"]))
        else:
            parts.append(rng.choice([" ", " ", "  ", "\u00a0"]))
        if rng.random() < 0.25:
            parts.append(" ")
    return "".join(parts)

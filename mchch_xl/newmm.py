# SPDX-FileCopyrightText: 2016-2026 PyThaiNLP Project (the segmentation code, from pythainlp 5.4.0)
# SPDX-License-Identifier: Apache-2.0
"""Thai word segmentation for breaking printed lines: pythainlp's ``newmm`` (maximal matching
constrained by Thai Character Cluster boundaries) as ``word_tokenize(text, engine="newmm",
keep_whitespace=True)`` runs it, copied from pythainlp 5.4.0 (``tokenize/newmm.py``,
``tokenize/tcc_p.py``, ``tokenize/_utils.py``; Apache License 2.0) so that a recalculation does
not import pythainlp: its package import alone (soundex, emoji and transliteration tables...)
cost 60-90 ms of every button press. The dictionary is pythainlp's own ``corpus/words_th.txt``,
found without importing the package.

Not a fork: ``tests/test_newmm.py`` holds ``word_tokenize`` here to pythainlp's on the letter's
paragraphs and on generated Thai text, so an upgrade of pythainlp that changes its breaks fails
there instead of silently changing the letter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from heapq import heappop, heappush
from typing import Iterable, Iterator

# -- Thai Character Clusters (pythainlp.tokenize.tcc_p) -------------------------------------------

_RE_TCC = (
    """\
เc็ck
เcctาะk
เccีtยะk
เccีtย(?=[เ-ไก-ฮ]|$)k
เcc็ck
เcิc์ck
เcิtck
เcีtยะ?k
เcืtอะ?k
เc[ิีุู]tย(?=[เ-ไก-ฮ]|$)k
เctา?ะ?k
cัtวะk
c[ัื]tc[ุิะ]?k
c[ิุู]์
c[ะ-ู]tk
cรรc์
c็
ct[ะาำ]?k
ck
แc็c
แcc์
แctะ
แcc็c
แccc์
โctะ
[เ-ไ]ct
ก็
อึ
หึ
""".replace("k", "(cc?[dิ]?[์])?")
    .replace("c", "[ก-ฮ]")
    .replace("t", "[่-๋]?")
    .replace("d", "อูอุ".replace("อ", ""))  # DSara: lower vowel
    .split()
)

# The pattern and the text with the Thai block moved to U+0080-00FF, one character for one, so
# the same matches: re compiles a class of Latin-1 characters as a 256-entry map, not a 64k
# bitmap (2 ms instead of 10 ms of every recalculation). What was in U+0080-00FF (a no-break
# space...) moves out of the way; no cluster holds it.
_TO_LATIN1 = {c: c - 0x0E00 + 0x80 for c in range(0x0E00, 0x0E80)} | {
    c: c + 0x100 for c in range(0x80, 0x100)
}
_PAT_TCC = re.compile("|".join(_RE_TCC).translate(_TO_LATIN1))


def _tcc_pos_array(text: str) -> bytearray:
    """Index i is 1 where a Thai Character Cluster ends at position i."""
    text = text.translate(_TO_LATIN1)
    arr = bytearray(len(text) + 1)
    p, n = 0, len(text)
    while p < n:
        # match(text, p) is match(text[p:]): the patterns have no ^ and no look-behind
        m = _PAT_TCC.match(text, p)
        p = m.end() if m else p + 1
        arr[p] = 1
    return arr


# -- the dictionary (pythainlp.util.Trie's prefixes, over pythainlp.corpus.thai_words) -----------

_WORDS: list[tuple[frozenset[str], int]] = []


def thai_words() -> tuple[frozenset[str], int]:
    """pythainlp's word list (as ``pythainlp.corpus.thai_words()`` reads it) and its longest
    word's length, read once per process."""
    if not _WORDS:
        from importlib.util import find_spec

        spec = find_spec("pythainlp")  # finds the package without running its __init__
        assert spec is not None and spec.submodule_search_locations
        path = f"{spec.submodule_search_locations[0]}/corpus/words_th.txt"
        with open(path, "rb") as f:  # bytes, decoded at once: faster than a text-mode read
            lines = f.read().decode("utf-8-sig").splitlines()
        # the longest length measured on the list (iterating the set is three times slower);
        # an empty line in the set is never looked up (a prefix has at least one character)
        _WORDS.append((frozenset(lines), max(map(len, lines))))
    return _WORDS[0]


class Dictionary:
    """The words ``segment`` may match: pythainlp's list plus ``extra`` (stripped, as its Trie
    stores them). ``prefixes`` answers as ``Trie.prefixes`` does, shortest first."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self.words, longest = thai_words()
        self.extra = frozenset(w.strip() for w in extra) - {""}
        self.longest = max([longest, *map(len, self.extra)])

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        words, extra = self.words, self.extra
        end = min(len(text), start + self.longest)
        return [
            w
            for stop in range(start + 1, end + 1)
            if (w := text[start:stop]) in words or w in extra
        ]


# -- newmm (pythainlp.tokenize.newmm, without its safe mode) -------------------------------------

_PAT_NONTHAI = re.compile(
    r"""(?x)
[-a-zA-Z]+|        # Latin characters
\d+([,\.]\d+)*|    # numbers
[ \t]+|            # spaces
\r?\n|             # newlines
[^\u0E00-\u0E7F \t\r\n]+  # other non-Thai characters, and stops matching until space/newline
"""
)
_PAT_THAI_TWOCHARS = re.compile("[ก-ฮ]{,2}$")
_MAX_GRAPH_SIZE = 50


def _bfs_paths_graph(graph: defaultdict[int, list[int]], start: int, goal: int) -> Iterator:
    visited = {start}
    queue = [(start, [start])]
    while queue:
        vertex, path = queue.pop(0)
        for pos in graph[vertex]:
            if pos == goal:
                yield [*path, pos]
            elif pos not in visited:
                visited.add(pos)
                queue.append((pos, [*path, pos]))


def _extend_graph(graph, pos_list, text, begin_pos, valid_poss, custom_dict, graph_size) -> int:
    for word in custom_dict.prefixes(text, begin_pos):
        end_pos_candidate = begin_pos + len(word)
        if valid_poss[end_pos_candidate]:
            graph[begin_pos].append(end_pos_candidate)
            graph_size = graph_size + 1
            if end_pos_candidate not in pos_list:
                heappush(pos_list, end_pos_candidate)
            if graph_size > _MAX_GRAPH_SIZE:
                break
    return graph_size


def _find_skip_end(text: str, begin_pos: int, valid_poss: bytearray, custom_dict) -> int:
    len_text = len(text)
    m = _PAT_NONTHAI.match(text, begin_pos)
    if m:  # non-Thai token, skip to the end
        return m.end()
    for pos in range(begin_pos + 1, len_text):  # Thai token, find minimum skip
        if valid_poss[pos]:
            words = [
                word
                for word in custom_dict.prefixes(text, pos)
                if valid_poss[pos + len(word)] and not _PAT_THAI_TWOCHARS.match(word)
            ]
            if words:  # is a Thai token that longer than 2 chars
                return pos
            if _PAT_NONTHAI.match(text, pos):  # is a non-Thai token
                return pos
    return len_text


def _onecut(text: str, custom_dict) -> Iterator[str]:
    graph: defaultdict[int, list[int]] = defaultdict(list)
    graph_size = 0  # keep track of graph size, if too big, force cutoff
    valid_poss = _tcc_pos_array(text)
    len_text = len(text)
    pos_list = [0]  # priority queue of possible breaking positions
    end_pos = 0
    while pos_list[0] < len_text:
        begin_pos = heappop(pos_list)
        graph_size = _extend_graph(
            graph, pos_list, text, begin_pos, valid_poss, custom_dict, graph_size
        )
        len_pos_list = len(pos_list)
        if len_pos_list == 1:  # one candidate, no longer ambiguous
            end_pos_candidates = next(_bfs_paths_graph(graph, end_pos, pos_list[0]))
            graph_size = 0
            graph.clear()
            for pos in end_pos_candidates[1:]:
                yield text[end_pos:pos]
                end_pos = pos
        elif len_pos_list == 0:  # no candidate, deal with non-dictionary word
            end_pos = _find_skip_end(text, begin_pos, valid_poss, custom_dict)
            graph_size = 0
            graph.clear()
            yield text[begin_pos:end_pos]
            heappush(pos_list, end_pos)


# -- word_tokenize's post-processing (pythainlp.tokenize._utils) ----------------------------------

_DIGITS_WITH_SEPARATOR = re.compile(r"(\d+[\.\,:])+\d+")


def _rejoin_formatted_num(segments: list[str]) -> list[str]:
    """Times, decimals and the like that the segmenter split ("12", ":", "00") made whole."""
    original = "".join(segments)
    matching_results = _DIGITS_WITH_SEPARATOR.finditer(original)
    tokens_joined = []
    pos = 0
    segment_idx = 0
    match = next(matching_results, None)
    while segment_idx < len(segments) and match:
        is_span_beginning = pos >= match.start()
        token = segments[segment_idx]
        if is_span_beginning:
            connected_token = ""
            while pos < match.end() and segment_idx < len(segments):
                connected_token += segments[segment_idx]
                pos += len(segments[segment_idx])
                segment_idx += 1
            if connected_token:
                tokens_joined.append(connected_token)
            match = next(matching_results, None)
        else:
            tokens_joined.append(token)
            segment_idx += 1
            pos += len(token)
    tokens_joined += segments[segment_idx:]
    return tokens_joined


def word_tokenize(text: str, words: Dictionary) -> list[str]:
    """pythainlp's ``word_tokenize(text, custom_dict=words, engine="newmm",
    keep_whitespace=True)``."""
    if not text:
        return []
    return _rejoin_formatted_num(list(_onecut(text, words)))

"""[MS-OVBA] 2.4.1 compression, written from the specification.

ms-ovba 0.0.1 (through ms-ovba-compression) corrupts modules with long repeated runs: a copy
token's length may be at most ``(0xFFFF >> bit_count) + 3`` (2.4.1.3.19.3). This compressor
follows the specification's algorithm (longest match, nearest on a tie, matches may overlap the
current position); ``decompress`` is here to check it, and oletools' ``olevba`` checks both.
"""

from __future__ import annotations

CHUNK = 4096


def _bit_count(difference: int) -> int:
    """2.4.1.3.19.1: the offset bits of a copy token at ``difference`` bytes into the chunk."""
    n = 4
    while (1 << n) < difference:
        n += 1
    return n


def _compress_chunk(chunk: bytes) -> bytes:
    body = bytearray()
    index: dict[bytes, list[int]] = {}
    pos = 0
    end = len(chunk)

    def remember(upto: int) -> None:
        for p in range(remember.done, upto):
            if p + 3 <= end:
                index.setdefault(chunk[p : p + 3], []).append(p)
        remember.done = max(remember.done, upto)

    remember.done = 0
    while pos < end:
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            bits = _bit_count(pos)
            max_len = (0xFFFF >> bits) + 3
            best_len = best_off = 0
            remember(pos)
            for cand in reversed(index.get(chunk[pos : pos + 3], ())):
                length = 0
                while (
                    length < max_len
                    and pos + length < end
                    and chunk[cand + length] == chunk[pos + length]
                ):
                    length += 1
                if length > best_len:
                    best_len, best_off = length, pos - cand
                    if length == max_len:
                        break
            if best_len >= 3:
                token = ((best_off - 1) << (16 - bits)) | (best_len - 3)
                body += token.to_bytes(2, "little")
                flags |= 1 << bit
                pos += best_len
            else:
                body.append(chunk[pos])
                pos += 1
        body[flag_at] = flags
    if len(body) > CHUNK:  # 2.4.1.3.10: store raw when compression does not pay
        header = (CHUNK + 2 - 3) | (0b011 << 12)
        return header.to_bytes(2, "little") + chunk.ljust(CHUNK, b"\x00")
    header = (len(body) + 2 - 3) | (0b011 << 12) | (1 << 15)
    return header.to_bytes(2, "little") + bytes(body)


def compress(data: bytes) -> bytes:
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _compress_chunk(data[start : start + CHUNK])
    return bytes(out)


def decompress(data: bytes) -> bytes:
    if not data or data[0] != 1:
        raise ValueError("not a compressed container")
    out = bytearray()
    i = 1
    while i < len(data):
        header = int.from_bytes(data[i : i + 2], "little")
        size = (header & 0x0FFF) + 3
        compressed = header >> 15
        chunk, i = data[i + 2 : i + size], i + size
        start = len(out)
        if not compressed:
            out += chunk
            continue
        j = 0
        while j < len(chunk):
            flags = chunk[j]
            j += 1
            for bit in range(8):
                if j >= len(chunk):
                    break
                if flags >> bit & 1:
                    token = int.from_bytes(chunk[j : j + 2], "little")
                    j += 2
                    bits = _bit_count(len(out) - start)
                    length = (token & (0xFFFF >> bits)) + 3
                    offset = (token >> (16 - bits)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(chunk[j])
                    j += 1
    return bytes(out)

"""Hypothesis strategies for hostile files: random bytes, and valid files damaged the way real files get damaged
(a flipped or lost byte, a cut line, a huge field, a foreign encoding, byte-order marks, NULs, mixed line ends,
stray quotes). Shared by the tests/reliability/test_fuzz_*.py files."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Enough examples to shake out crashes, few enough that the whole fuzz set stays well under a minute of CPU;
# HARBOUR_FUZZ_EXAMPLES=5000 runs a deeper search by hand. No deadline: the machine is shared, and a slow
# example is not a failure.
FUZZ = settings(max_examples=int(os.environ.get("HARBOUR_FUZZ_EXAMPLES", "40")), deadline=None,
                suppress_health_check=list(HealthCheck))

BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00")
NASTY = (b"\x00", b'"', b'""', b"'", b",", b";", b":", b"\\", b"\r", b"\n", b"\r\n", b"\t", b"{", b"}", b"%",
         b"\xc3", b"\xe2\x80\xae", b"\xf0\x9f\x98\x80", b"=cmd|' /C calc'!A0", b"msgid", b"msgstr", b"msgctxt",
         b"#, fuzzy", b"BEGIN:VCARD", b"END:VCARD", b"Plural-Forms: nplurals=0; plural=n/0;\\n")


def _flip(data: bytes, at: int, value: int) -> bytes:
    if not data:
        return bytes([value])
    at %= len(data)
    return data[:at] + bytes([data[at] ^ (value or 1)]) + data[at + 1:]


def _insert(data: bytes, at: int, piece: bytes) -> bytes:
    at = at % (len(data) + 1)
    return data[:at] + piece + data[at:]


def _delete(data: bytes, at: int, length: int) -> bytes:
    at = at % (len(data) + 1)
    return data[:at] + data[at + length:]


def _cut_line(data: bytes, index: int) -> bytes:
    lines = data.splitlines(keepends=True)
    if lines:
        del lines[index % len(lines)]
    return b"".join(lines)


def _duplicate_line(data: bytes, index: int) -> bytes:
    lines = data.splitlines(keepends=True)
    if lines:
        line = lines[index % len(lines)]
        lines.insert(index % len(lines), line)
    return b"".join(lines)


def _truncate(data: bytes, at: int) -> bytes:
    return data[: at % (len(data) + 1)]


def _mix_line_ends(data: bytes, style: int) -> bytes:
    return data.replace(b"\n", (b"\r\n", b"\r", b"\n\r", b"\r\r\n")[style % 4])


def _reencode(data: bytes, encoding: str) -> bytes:
    return data.decode("utf-8", "replace").encode(encoding, "replace")


_MUTATIONS = st.one_of(
    st.tuples(st.just(_flip), st.integers(0, 1 << 16), st.integers(0, 255)),
    st.tuples(st.just(_insert), st.integers(0, 1 << 16), st.sampled_from(NASTY)),
    st.tuples(st.just(_insert), st.integers(0, 1 << 16), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just(_insert), st.integers(0, 1 << 16),
              st.integers(1_000, 200_000).map(lambda n: b"x" * n)),             # a huge field
    st.tuples(st.just(_insert), st.just(0), st.sampled_from(BOMS)),
    st.tuples(st.just(_delete), st.integers(0, 1 << 16), st.integers(1, 64)),
    st.tuples(st.just(_cut_line), st.integers(0, 1 << 10)),
    st.tuples(st.just(_duplicate_line), st.integers(0, 1 << 10)),
    st.tuples(st.just(_truncate), st.integers(0, 1 << 16)),
    st.tuples(st.just(_mix_line_ends), st.integers(0, 3)),
    st.tuples(st.just(_reencode), st.sampled_from(("latin-1", "cp1252", "utf-16", "utf-16-be", "utf-32"))),
)


def mutated(valid: bytes, most: int = 4) -> st.SearchStrategy[bytes]:
    """``valid`` after one to ``most`` random damages."""

    def apply(steps) -> bytes:
        data = valid
        for function, *arguments in steps:
            data = function(data, *arguments)
        return data

    return st.lists(_MUTATIONS, min_size=1, max_size=most).map(apply)


def hostile(valid: bytes) -> st.SearchStrategy[bytes]:
    """Random bytes or a damaged copy of a valid file."""
    return st.one_of(st.binary(max_size=400), mutated(valid))

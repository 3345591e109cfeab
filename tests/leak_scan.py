"""One way to look for secrets where they must not be: files (contents and names) and captured text.

A secret is searched as UTF-8, UTF-16 (both byte orders: Qt and Windows APIs write UTF-16) and, when asked, as
base64 (at each of the three alignments a byte string can have inside a longer encoded stream).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from pathlib import Path

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


def needles(secrets: Iterable[str], *, with_base64: Iterable[str] = ()) -> dict[bytes, str]:
    """Byte patterns to look for, each with a description that never repeats the secret in full."""
    found: dict[bytes, str] = {}
    for secret in secrets:
        for encoding in ENCODINGS:
            found[secret.encode(encoding)] = f"{_label(secret)} as {encoding}"
    for secret in with_base64:
        for pattern in base64_patterns(secret.encode("utf-8")):
            found[pattern] = f"{_label(secret)} as base64"
    return found


def base64_patterns(data: bytes) -> list[bytes]:
    """The part of base64(… + data + …) that depends only on ``data``, for each offset modulo 3."""
    patterns = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data)
        start = 4 if offset else 0  # the first quantum mixes in the bytes before
        patterns.append(encoded[start:-4])  # the last quantum mixes in the bytes after (or padding)
    if min(len(pattern) for pattern in patterns) < 8:
        raise ValueError("too short to search for as base64 without false hits")
    return patterns


def file_leaks(roots: Iterable[Path], patterns: dict[bytes, str], *, plain_names: Iterable[str] = (),
               exclude: Iterable[Path] = ()) -> list[str]:
    """Every file under ``roots`` whose content holds a pattern or whose name holds one of ``plain_names``."""
    skipped = {Path(path).resolve() for path in exclude}
    names = [name for name in plain_names if name]
    leaks = []
    for root in roots:
        for path in Path(root).rglob("*"):
            if path.resolve() in skipped:
                continue
            leaks.extend(f"file name {path}" for name in names if name in path.name)
            try:
                content = path.read_bytes() if path.is_file() else b""
            except (FileNotFoundError, PermissionError):  # a cache file replaced while we looked; a socket
                continue
            leaks.extend(f"{what} in {path}" for pattern, what in patterns.items() if pattern in content)
    return leaks


def text_leaks(where: str, text: str, patterns: dict[bytes, str]) -> list[str]:
    """Captured output (logs, stderr) is text: look for each pattern in its UTF-8 form."""
    data = text.encode("utf-8", "surrogateescape")
    return [f"{what} in {where}" for pattern, what in patterns.items() if pattern in data]


def _label(secret: str) -> str:
    return f"secret {secret[:4]!r}…({len(secret)} chars)"

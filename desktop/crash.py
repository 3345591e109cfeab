"""Crash output that says where it broke, never what the data was.

Exception messages can carry client text (a note in a failed query, a name in a ValueError), so the hook prints
only the exception type and the file/line/function of each frame, to stderr; nothing is written to disk.
"""

from __future__ import annotations

import sys
import traceback


def redacted_report(kind: type[BaseException], tb) -> str:
    lines = [f"Harbour stopped on an unexpected error: {kind.__module__}.{kind.__qualname__}"]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
    lines.append("(The error's message is not shown because it may contain private data.)")
    return "\n".join(lines)


def _hook(kind, value, tb) -> None:  # noqa: ARG001 - value deliberately unused
    print(redacted_report(kind, tb), file=sys.stderr)


def install() -> None:
    sys.excepthook = _hook

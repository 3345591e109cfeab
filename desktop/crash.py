"""Crash output that says where it broke, never what the data was.

Exception messages can carry client text (a note in a failed query, a name in a ValueError), so the hooks print
only the exception type and the file/line/function of each frame, to stderr; nothing is written to disk. Three
hooks, since Python reports through three doors: ``sys.excepthook`` (the main thread), ``threading.excepthook``
(any other thread, such as the background operations' workers) and ``sys.unraisablehook`` (errors Python cannot
raise: in a ``__del__``, a finaliser, a callback during garbage collection).
"""

from __future__ import annotations

import sys
import threading
import traceback


def redacted_report(kind: type[BaseException], tb, where: str = "") -> str:
    lines = [f"Harbour stopped on an unexpected error{where}: {kind.__module__}.{kind.__qualname__}"]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
    lines.append("(The error's message is not shown because it may contain private data.)")
    return "\n".join(lines)


def _hook(kind, value, tb) -> None:  # noqa: ARG001 - value deliberately unused
    print(redacted_report(kind, tb), file=sys.stderr)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    # The thread's name is ours ("warm-language-names", a pool's number): never data.
    where = f" in thread {args.thread.name}" if args.thread is not None else " in a thread"
    print(redacted_report(args.exc_type, args.exc_traceback, where), file=sys.stderr)


def _unraisable_hook(unraisable) -> None:
    # unraisable.err_msg and .object are left out too: the object's repr could hold client text.
    print(redacted_report(unraisable.exc_type, unraisable.exc_traceback, " that could not be raised"),
          file=sys.stderr)


def install() -> None:
    sys.excepthook = _hook
    threading.excepthook = _thread_hook
    sys.unraisablehook = _unraisable_hook

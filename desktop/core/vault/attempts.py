"""A growing delay after repeated wrong passphrases, kept in a small file so a restart does not reset it."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from desktop.core.common.files import write_json_atomically

FILE_NAME = "unlock-attempts.json"
FREE_FAILURES = 3
MAX_DELAY_SECONDS = 300


class AttemptLog:
    def __init__(self, folder: Path, clock: Callable[[], float] | None = None) -> None:
        self._path = Path(folder) / FILE_NAME
        self._clock = clock or time.time  # looked up now, so tests can swap the module's clock

    def _read(self) -> tuple[int, float]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            return int(data["failures"]), float(data["last_failure"])
        except (OSError, ValueError, KeyError, TypeError, OverflowError, RecursionError):  # damaged: start afresh
            return 0, 0.0

    @property
    def failures(self) -> int:
        return self._read()[0]

    def seconds_to_wait(self) -> float:
        failures, last = self._read()
        delay = delay_after(failures)
        remaining = last + delay - self._clock()
        # Never more than the delay itself, so a clock set back (or a last_failure in the future) can't lock out.
        return min(delay, max(0.0, remaining))

    def record_failure(self) -> None:
        failures, _ = self._read()
        # On a read-only vault folder the delay can't persist, but the wrong passphrase must still be reported.
        with contextlib.suppress(OSError):
            write_json_atomically(self._path, {"failures": failures + 1, "last_failure": self._clock()})

    def record_success(self) -> None:
        with contextlib.suppress(OSError):  # a file we can't remove must not stop a correct unlock
            self._path.unlink(missing_ok=True)


def delay_after(failures: int) -> float:
    """0 s for the first three mistakes, then 2, 4, 8 ... seconds, at most five minutes."""
    if failures < FREE_FAILURES:
        return 0.0
    # The power is capped first: a damaged count (1e300 in the file) must not freeze the unlock screen.
    return float(min(MAX_DELAY_SECONDS, 2 ** min(failures - FREE_FAILURES + 1, 16)))

"""Process hardening at start-up: no core dump may carry the vault key or client notes to disk.

While the vault is open, its data key and decrypted pages live in this process's memory. If the process crashes,
the operating system may write that memory to a core file (Linux ``core``/systemd-coredump, macOS
``/cores/core.PID``), in clear, outside the vault. So Harbour asks, as its very first act:

- Linux: ``prctl(PR_SET_DUMPABLE, 0)`` (no core file, even if a crash handler such as systemd-coredump or
  apport is installed, and no ptrace attach by other programs of the same user) and ``RLIMIT_CORE`` 0/0.
- macOS and other Unix: ``RLIMIT_CORE`` 0/0.
- Windows: nothing here. Windows Error Reporting writes crash dumps only if an administrator configured
  ``LocalDumps`` in the registry, and a program cannot reliably opt out of that itself; that is the
  organisation's device policy (docs/SECURITY.md).

Failing to harden never stops Harbour: it logs one warning (the call that failed and its errno, nothing else)
and goes on, because a worker who cannot open their notes is worse off than one whose crash might dump.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

PR_SET_DUMPABLE = 4  # from <linux/prctl.h>


def disable_core_dumps() -> list[str]:
    """Turns core dumps off for this process. Returns what was done (for tests and --help-style reports)."""
    done: list[str] = []
    if sys.platform.startswith("linux") and _not_dumpable():
        done.append("prctl")
    if sys.platform != "win32" and _no_core_files():
        done.append("rlimit")
    return done


def _not_dumpable() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            log.warning("Could not mark Harbour as not dumpable (prctl errno %d).", ctypes.get_errno())
            return False
    except (OSError, AttributeError) as error:  # no libc symbol, a sandbox refusing dlopen
        log.warning("Could not mark Harbour as not dumpable (%s).", type(error).__name__)
        return False
    return True


def _no_core_files() -> bool:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, OSError, ValueError) as error:
        log.warning("Could not set the core file size limit to 0 (%s).", type(error).__name__)
        return False
    return True

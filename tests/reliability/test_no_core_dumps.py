"""Harbour turns core dumps off before anything secret is in memory, and never fails to start over it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.vault import hardening
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault

ROOT = Path(__file__).resolve().parents[2]

# `python -m desktop --vault FOLDER` exactly, wrapped by tools/run_until_shown.py, reporting, from inside the app
# once its unlock window is up, what the kernel thinks of this process.
# PR_GET_DUMPABLE is the kernel's own answer; /proc/self/status shows the same flag as "Dumpable:" on kernels
# that print it (not every kernel does), and then it must agree.
REPORT = """
import ctypes
import resource

PR_GET_DUMPABLE = 3


def report():
    dumpable = ctypes.CDLL(None, use_errno=True).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)
    print("dumpable", dumpable, "rlimit_core", *resource.getrlimit(resource.RLIMIT_CORE), flush=True)
    with open("/proc/self/status", encoding="ascii") as status:
        shown = [line.split()[1] for line in status if line.startswith("Dumpable:")]
    print("status-dumpable", shown[0] if shown else "not-shown", flush=True)
"""

START_LIKE_A_WORKER = REPORT + """
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__import__("desktop").__file__).resolve().parents[1] / "tools"))
import run_until_shown

sys.exit(run_until_shown.run(sys.argv[1:], until="unlock-window", on_shown=lambda _which: report()))
"""

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_DUMPABLE is Linux's")
unix_only = pytest.mark.skipif(sys.platform == "win32", reason="Windows: nothing is done (see hardening.py)")


def _child_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")


@linux_only
def test_the_running_app_cannot_dump_core(tmp_path):
    vault, _recovery = Vault.create(tmp_path / "vault", "core dump test passphrase", cost=TEST_COST)
    vault.lock()
    result = subprocess.run([sys.executable, "-c", START_LIKE_A_WORKER, "--vault", str(vault.folder)],
                            env=_child_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "unlock-window-shown" in result.stdout
    assert "dumpable 0 rlimit_core 0 0" in result.stdout
    assert "status-dumpable 0" in result.stdout or "status-dumpable not-shown" in result.stdout


@linux_only
def test_a_plain_python_process_can_so_the_check_above_means_something():
    result = subprocess.run([sys.executable, "-c", REPORT + "report()"], capture_output=True, text=True, timeout=60)
    assert "dumpable 1" in result.stdout
    assert "status-dumpable 1" in result.stdout or "status-dumpable not-shown" in result.stdout


@unix_only
def test_failures_to_harden_are_logged_and_never_stop_harbour(monkeypatch, caplog):
    """In this process every call is refused (and nothing is really changed for the test run)."""
    class RefusingLibc:
        def prctl(self, *_args):
            return -1

    def refuse_limit(*_args):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(hardening.ctypes, "CDLL", lambda *_args, **_kwargs: RefusingLibc())
    monkeypatch.setattr("resource.setrlimit", refuse_limit)
    caplog.set_level(logging.WARNING, logger="desktop.core.vault.hardening")
    assert hardening.disable_core_dumps() == []
    assert len(caplog.records) == (2 if sys.platform.startswith("linux") else 1)
    assert all(record.levelno == logging.WARNING for record in caplog.records)


@unix_only
def test_a_missing_libc_is_a_warning_too(monkeypatch, caplog):
    def no_libc(*_args, **_kwargs):
        raise OSError("no libc here")

    monkeypatch.setattr(hardening.ctypes, "CDLL", no_libc)
    monkeypatch.setattr("resource.setrlimit", lambda *_args: None)  # nothing real happens to the test run
    caplog.set_level(logging.WARNING, logger="desktop.core.vault.hardening")
    done = hardening.disable_core_dumps()
    assert "prctl" not in done
    if sys.platform.startswith("linux"):
        assert "not dumpable" in caplog.text

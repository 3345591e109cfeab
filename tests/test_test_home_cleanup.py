"""A test run leaves nothing behind in the temp folder: the folder every test process writes into is removed when
the process ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one-process", "xdist"])
def test_a_test_run_removes_its_temp_folders(tmp_path, workers):
    outer = tmp_path / "system-temp"
    outer.mkdir()
    env = dict(os.environ, TMPDIR=str(outer))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *workers,
         "tests/test_lock.py::test_every_pin_carries_hashes"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(outer.iterdir()) == []

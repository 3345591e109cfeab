"""Starting Harbour the way a person does, in a real child process (offscreen)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _environment(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    return env


def test_demo_vault_is_made_in_a_temp_folder_and_deleted_on_exit(tmp_path):
    child = subprocess.Popen([sys.executable, "-m", "desktop", "--demo"], env=_environment(tmp_path),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        demo_folders: list[Path] = []
        while time.monotonic() < deadline and not demo_folders:
            demo_folders = [p for p in tmp_path.glob("harbour-demo-*") if (p / "vault" / "key.json").exists()]
            time.sleep(0.1)
        assert demo_folders, "the demo vault was not created in the temp folder"
        time.sleep(1.0)  # let the main window come up
        assert child.poll() is None, child.stderr.read().decode()
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert not demo_folders[0].exists()
    assert b"Traceback" not in child.stderr.read()


def test_unlock_window_comes_up_for_an_existing_vault(tmp_path, vault):
    vault.lock()
    env = _environment(tmp_path)
    runner = Path(__file__).resolve().parents[2] / "tools" / "run_until_shown.py"  # wraps `python -m desktop`
    result = subprocess.run([sys.executable, str(runner), "--", "--vault", str(vault.folder)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "unlock-window-shown" in result.stdout


def test_a_termination_signal_during_start_up_still_quits_and_deletes_the_demo(tmp_path):
    """SIGTERM while the demo vault is still being filled, before the event loop runs, is not lost."""
    child = subprocess.Popen([sys.executable, "-m", "desktop", "--demo"], env=_environment(tmp_path),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(tmp_path.glob("harbour-demo-*/vault/key.json")):
            time.sleep(0.01)
        assert list(tmp_path.glob("harbour-demo-*/vault/key.json")), "no demo vault was made: nothing was tested"
        child.send_signal(signal.SIGTERM)  # the handler is installed before the demo vault is made
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
    assert list(tmp_path.glob("harbour-demo-*")) == []

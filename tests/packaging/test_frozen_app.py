"""The standalone app (PyInstaller one-folder build) really builds, carries its files and opens the demo vault.

The build runs once per test session (about half a minute), shared by the xdist workers through a lock; it is
never skipped, so a change that breaks the frozen app fails here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
EXECUTABLE = "Harbour.exe" if sys.platform == "win32" else "Harbour"
OFFSCREEN_NOTICE = "This plugin does not support "  # Qt's offscreen platform: no raise(), size hints...; harmless

# The file names checked are Linux's (CI builds there); a macOS or Windows build is checked by hand (docs/INSTALL.md).
# Under -n 2 every test here runs on one worker (tests/conftest.py, ONE_WORKER_FILES): none waits idle for the build.
pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checks the Linux build's layout"),
              pytest.mark.slow]


@pytest.fixture(scope="session")
def frozen_app(tmp_path_factory) -> Iterator[Path]:
    """Built once and shared by the xdist workers: the first builds under an exclusive lock, each user then holds a
    shared lock, and the last one out deletes the build (about 180 MB, and PyInstaller's scratch and cache folders
    go at once) so test runs do not fill the disk."""
    import fcntl  # Linux only, like the tests that use this

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, common to all workers
    build_root = shared / "frozen-app"
    with (shared / "frozen-app.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (build_root / "built").exists():
            result = subprocess.run(
                [sys.executable, str(ROOT / "packaging" / "build.py"),
                 "--dist", str(build_root / "dist"), "--work", str(build_root / "work")],
                capture_output=True, text=True, cwd=ROOT, timeout=600,
                env=dict(os.environ, PYINSTALLER_CONFIG_DIR=str(build_root / "cache")))  # its binary cache too
            assert result.returncode == 0, f"PyInstaller build failed:\n{result.stdout[-3000:]}{result.stderr[-6000:]}"
            shutil.rmtree(build_root / "work")
            shutil.rmtree(build_root / "cache")
            (build_root / "built").touch()
        fcntl.flock(lock, fcntl.LOCK_SH)
        yield build_root / "dist" / "Harbour"
        fcntl.flock(lock, fcntl.LOCK_UN)
        with contextlib.suppress(BlockingIOError):
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nobody else holds it: the build is no longer needed
            shutil.rmtree(build_root)


def _run(app: Path, home: Path, *args: str, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs the built executable as a worker would: nothing from this checkout on its path, its own home."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(home / "tmp"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache"), "QT_QPA_PLATFORM": "offscreen", **(extra_env or {})}
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return subprocess.run([str(app / EXECUTABLE), *args], env=env, cwd=home, capture_output=True, text=True,
                          timeout=120)


def test_frozen_app_prints_its_version(frozen_app, tmp_path):
    result = _run(frozen_app, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"harbour {__version__}"


def test_frozen_app_opens_the_demo_vault_runs_and_deletes_the_demo(frozen_app, tmp_path):
    """The frozen app carries no benchmark hook (issue 18): it is started on the demo, left to open its window, and
    stopped the way a desktop session stops it, with SIGTERM; it must quit cleanly and delete the demo vault."""
    home = tmp_path
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(home / "tmp"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    child = subprocess.Popen([str(frozen_app / EXECUTABLE), "--demo", "--lang", "fr_CA"], env=env, cwd=home,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not list((home / "tmp").glob("harbour-demo-*/vault/key.json")):
            time.sleep(0.1)
        assert list((home / "tmp").glob("harbour-demo-*/vault/key.json")), "the demo vault was not made"
        time.sleep(3.0)  # the demo opens straight into the main window
        assert child.poll() is None, child.stderr.read()
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    unexpected = [line for line in err.splitlines() if line.strip() and not line.startswith(OFFSCREEN_NOTICE)]
    assert unexpected == []
    assert list((tmp_path / "tmp").glob("harbour-demo-*")) == [], "the demo vault was left behind"
    assert not (tmp_path / "data" / "Harbour").exists(), "the demo touched the worker's real data folder"


def test_bundle_carries_catalogs_fonts_migrations_and_qt_plugins(frozen_app):
    package = _internal(frozen_app) / "desktop"  # where desktop/paths.py looks, as in an installed wheel
    shipped_scripts = {path.name for path in (ROOT / "resources" / "scripts").glob("*.po")}
    assert {path.name for path in (package / "resources" / "scripts").glob("*.po")} == shipped_scripts
    assert {"ar.po", "pa_Guru.po", "zh_Hans.po"} <= shipped_scripts
    shipped_fonts = {path.name for path in (ROOT / "resources" / "fonts").glob("*.ttf")}
    assert shipped_fonts and {path.name for path in (package / "resources" / "fonts").glob("*.ttf")} == shipped_fonts
    assert (package / "resources" / "demo" / "interpreters.csv").is_file()
    for locale in ("fr_CA", "es"):
        assert (package / "i18n" / locale / "LC_MESSAGES" / "desktop.mo").is_file()  # what Harbour reads
    shipped_migrations = {path.name for path in (ROOT / "desktop" / "core" / "vault" / "migrations").glob("*.sql")}
    assert {path.name for path in (package / "core" / "vault" / "migrations").glob("*.sql")} == shipped_migrations

    qt = _internal(frozen_app) / "PySide6" / "Qt"
    platforms = {path.name for path in (qt / "plugins" / "platforms").iterdir()}
    assert {"libqoffscreen.so", "libqxcb.so", "libqwayland.so"} <= platforms
    assert list((qt / "plugins" / "printsupport").iterdir()), "no print support plugin: printing would fail"
    assert (qt / "translations" / "qtbase_fr.qm").is_file()
    assert (_internal(frozen_app) / "babel" / "locale-data" / "fr_CA.dat").is_file()
    assert (_internal(frozen_app) / "tzdata" / "zoneinfo" / "America" / "Toronto").is_file()


def test_bundle_holds_every_harbour_module_and_none_of_the_test_tools(frozen_app):
    from PyInstaller.archive.readers import CArchiveReader

    modules = set(CArchiveReader(str(frozen_app / EXECUTABLE)).open_embedded_archive("PYZ.pyz").toc)
    in_source = {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                 for path in (ROOT / "desktop").rglob("*.py") if path.name != "__main__.py"}
    assert in_source - modules == set()  # also the modules only imported inside functions
    unwanted = ("tkinter", "unittest", "pytest", "_pytest", "pytestqt", "hypothesis", "xdist")
    assert [name for name in modules if name.split(".")[0] in unwanted] == []


def test_bundle_leaves_out_what_harbour_does_not_use(frozen_app):
    internal = _internal(frozen_app)
    bundled = {path.relative_to(internal).as_posix() for path in internal.rglob("*")}
    assert not [name for name in bundled if "_tkinter" in name or name.startswith(("libtk", "libtcl"))]
    assert not [name for name in bundled if "QtQml" in name or "QtQuick" in name or "QtNetwork.abi3" in name]
    assert not [name for name in bundled if "platformthemes/libqgtk3" in name or name.startswith("libgtk-3")]
    dangling = [name for name in bundled if (internal / name).is_symlink() and not (internal / name).exists()]
    assert dangling == []


def _internal(app: Path) -> Path:
    return app / "_internal"

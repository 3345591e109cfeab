"""A non-editable install must carry resources/ and i18n/ inside the package and find them at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    return next(out.glob("harbour-*.whl"))


def test_wheel_ships_scripts_catalogs_and_ui_catalogs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "desktop/resources/scripts/scripts.pot" in names
    assert "desktop/resources/scripts/ar.po" in names
    assert any(name.startswith("desktop/i18n/") and name.endswith("desktop.po") for name in names)
    assert any(name.startswith("desktop/core/vault/migrations/") and name.endswith(".sql") for name in names)


def test_wheel_declares_the_console_script(wheel):
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
        text = archive.read(entry_points).decode()
    assert "harbour = desktop.app:main" in text


def test_installed_package_finds_its_resources(wheel, tmp_path):
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    probe = ("import desktop.paths as p; r = p.resources_dir(); i = p.i18n_dir(); "
             "print(r.is_relative_to(p._PACKAGE), (r / 'scripts' / 'fr.po').is_file(), i.is_dir())")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True", "True"]


def test_version_and_help_need_no_display():
    version = subprocess.run([sys.executable, "-m", "desktop", "--version"], cwd=ROOT, capture_output=True,
                             text=True, check=True)
    assert version.stdout.startswith("harbour ")
    usage = subprocess.run([sys.executable, "-m", "desktop", "--help"], cwd=ROOT, capture_output=True, text=True,
                           check=True)
    assert "--demo" in usage.stdout and "--vault" in usage.stdout

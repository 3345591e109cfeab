"""What runs the tests is what the lock says: a fresh install cannot drift from CI until someone refreshes the
lock on purpose (tools/lock.sh, CONTRIBUTING.md). The catalog tests compare against the installed Babel, so this
is what keeps an upstream CLDR release from changing them.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked(name: str) -> dict[str, str]:
    """Package -> version for the pins of a lock file that apply to this machine."""
    pins = {}
    for line in (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def test_every_locked_package_is_installed_at_its_locked_version():
    wrong = {}
    for name, version in locked("test.lock").items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong[name] = f"locked {version}, installed {installed}"
    assert not wrong, f"Install with the README's command (the lock), not by hand: {wrong}"


@pytest.mark.parametrize("lock", ["app.lock", "test.lock"])
def test_the_locks_satisfy_pyproject(lock):
    """A range changed in pyproject.toml without refreshing the lock fails here, naming the package."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    if lock == "test.lock":
        wanted += project["optional-dependencies"]["test"]
    pins = locked(lock)
    stale = []
    for spec in wanted:
        requirement = Requirement(spec)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            stale.append(f"{spec} (locked: {version})")
    assert not stale, f"Run tools/lock.sh: {stale}"


def test_every_pin_carries_hashes():
    for lock in ("app.lock", "test.lock"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        for block in re.split(r"\n(?=[A-Za-z0-9])", text):
            if "==" in block.split("\n", 1)[0]:
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]}"


def test_ci_runs_the_readmes_test_command_from_the_lock():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(python3 -m venv [^\n]+)\n```", readme)
    assert len(commands) == 2, "the README has exactly two set-up commands"
    run_app, run_tests = commands
    assert "requirements/app.lock" in run_app and run_app.endswith("harbour --demo")
    assert "requirements/test.lock" in run_tests
    assert run_tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()

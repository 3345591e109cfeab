"""Harbour as a screen reader meets it (issue 20): the real app under Xvfb (1366 x 768) with Qt's accessibility
bridge on, a private D-Bus session, the accessibility bus (at-spi-bus-launcher), and an AT-SPI client (pyatspi, the
library Orca uses) reading the tree and listening to events while the app is driven by key presses.

tests/ui/atspi/harbour_driver.py drives the app step by step; tests/ui/atspi/listener.py (system python) records
the tree and the events of each step; this test holds the promises of docs/ACCESSIBILITY.md against them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"
LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
SCREEN = (1366, 768)
# The walk (about a minute) is a module fixture: under -n 2 every test here runs on one worker, so it runs once
# (tests/conftest.py, ONE_WORKER_FILES).
pytestmark = pytest.mark.slow
# Names a label used to have instead of its words (issue 20, finding 1).
OLD_LABEL_NAMES = {"Why nothing was shared", "Unlock message", "Save state", "What the selected consent allows",
                   "Week shown", "Selected entry", "Tour step", "Step title", "What this step shows",
                   "Demo vault notice", "Read", "Reading now"}


def _missing() -> str | None:
    for program in ("Xvfb", "dbus-run-session"):
        if shutil.which(program) is None:
            return f"{program} is not installed (apt-get install xvfb dbus)"
    if not Path(LAUNCHER).exists():
        return "at-spi-bus-launcher is not installed (apt-get install at-spi2-core)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    if probe.returncode != 0:
        return "pyatspi is not installed for the system python (apt-get install python3-pyatspi)"
    return None


@pytest.fixture(scope="module")
def facts():
    reason = _missing()
    if reason:
        pytest.skip(reason)
    home = Path(tempfile.mkdtemp(prefix="harbour-atspi-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QT_", "DBUS_", "AT_SPI"))}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "TMPDIR"):
        env[name] = str(home / name.lower())
        Path(env[name]).mkdir(mode=0o700)
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten",
                             "tcp"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        env["DISPLAY"] = ":" + xvfb.stdout.readline().strip()
        run = subprocess.run(["dbus-run-session", "--", SYSTEM_PYTHON, str(HERE / "atspi" / "listener.py"),
                              sys.executable, str(HERE / "atspi" / "harbour_driver.py")],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=150)
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)
    assert run.stdout.strip(), run.stderr[-3000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["problems"] == [], found["app_stderr"]
    steps = {step["name"]: step for step in found["steps"]}
    assert "zoom-200" in steps, f"the walk stopped after {list(steps)}: {found['app_stderr']}"
    return steps


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"&(?!&)", "", text).replace("&&", "&").strip()


def test_every_control_is_named_by_its_words(facts):
    nameless = {}
    for name, step in facts.items():
        for item in step["tree"]:
            if item["role"] in {"push button", "check box", "radio button", "combo box", "text", "password text",
                                "spin button", "table", "list", "page tab"} and not item["name"].strip():
                nameless.setdefault(name, []).append(item["role"])
    assert nameless == {}


def test_labels_are_heard_as_their_words(facts):
    renamed = {}
    for name, step in facts.items():
        shown = {_plain(text) for text in step["shown"].get("labels", [])}
        for item in step["tree"]:
            if item["role"] == "label" and item["name"] and (item["name"] in OLD_LABEL_NAMES
                                                             or _plain(item["name"]) not in shown):
                renamed.setdefault(name, []).append(item["name"])
    assert renamed == {}


def test_every_drop_down_is_labelled_by_a_visible_label(facts):
    """On Linux a drop-down's name is its value (AT-SPI's convention); the screen reader says the label it is
    'labelled by' first, so each needs one."""
    unlabelled = {}
    for name, step in facts.items():
        shown = {_plain(text) for text in step["shown"].get("labels", [])}
        for item in step["tree"]:
            if item["role"] == "combo box" and not any(_plain(label) in shown for label in item["labelled_by"]):
                unlabelled.setdefault(name, []).append(item["name"])
    assert unlabelled == {}


def test_no_secret_character_travels_on_the_bus(facts):
    typed = facts["wrong-passphrase"]["shown"]["typed"]
    from desktop.core.demo.demo_vault import DEMO_PASSPHRASE

    carried = [event for step in ("wrong-passphrase", "main") for event in facts[step]["events"]
               if event["type"].startswith("object:text-changed")
               and (event["role"] == "password text" or any(part in event["data"] for part in (typed, DEMO_PASSPHRASE))
                    or event["data"] in typed + DEMO_PASSPHRASE)]
    assert carried == []
    fields = [item for item in facts["unlock"]["tree"] if item["role"] == "password text"]
    assert fields and all(field["name"] for field in fields)


def _announced(step) -> list[tuple[str, int]]:
    return [(event["data"], event["detail1"]) for event in step["events"] if event["type"] == "object:announcement"]


def test_a_wrong_passphrase_is_announced_at_once(facts):
    step = facts["wrong-passphrase"]
    assert (step["shown"]["message"], 2) in _announced(step)  # 2: assertive, it interrupts


def test_a_refusal_is_an_alert_and_is_announced(facts):
    step = facts["refusal"]
    assert any(item["role"] == "alert" for item in step["tree"])
    assert (step["shown"]["message"], 2) in _announced(step)


def test_autosave_is_announced(facts):
    step = facts["autosave"]
    assert step["shown"]["save_state"].startswith("Saved at")
    assert (step["shown"]["save_state"], 1) in _announced(step)  # 1: polite, it waits its turn


def test_reading_on_in_scripts_is_announced(facts):
    step = facts["read-on"]
    assert (f"Reading paragraph 2 of {step['shown']['count']}.", 1) in _announced(step)


def test_script_paragraphs_carry_their_language(facts):
    step = facts["scripts"]
    locales = {item["name"]: item["locale"] for item in step["tree"] if item["role"] == "label"}
    paragraphs = step["shown"]["paragraphs"]
    assert any(p["locale"].startswith("pa") for p in paragraphs)
    for paragraph in paragraphs:
        assert locales.get(paragraph["text"], "").split("_")[0] == paragraph["locale"].split("_")[0], paragraph


@pytest.mark.parametrize("section", ["interpreters", "bookings", "audit", "clients"])
def test_tab_never_stays_in_a_table(facts, section):
    focused = [event for event in facts[f"tabbed-{section}"]["events"]
               if event["type"].startswith("object:state-changed:focused") and event["detail1"] == 1]
    assert len(focused) >= 20
    run = longest = 0
    for event in focused:
        run = run + 1 if event["role"] in ("table cell", "list item", "tree item") else 0
        longest = max(longest, run)
    assert longest <= 1, "Tab moved from cell to cell instead of leaving the table"
    assert len({(event["role"], event["name"]) for event in focused}) >= 5


@pytest.mark.parametrize(("step", "roles"), [("main", ("push button", "frame", "dialog")),
                                             ("zoom-200", ("frame", "dialog"))])
def test_everything_is_on_a_1366_by_768_screen(facts, step, roles):
    """At 100 % every button is on screen; at 200 % the windows stay on screen and a section that needs more room
    scrolls (Tab scrolls to the control it reaches)."""
    off_screen = []
    for item in facts[step]["tree"]:
        box = item["extents"]
        if item["role"] in roles and box and box[2] > 0:
            x, y, width, height = box
            if x < 0 or y < 0 or x + width > SCREEN[0] or y + height > SCREEN[1]:
                off_screen.append((item["role"], item["name"], box))
    assert off_screen == []

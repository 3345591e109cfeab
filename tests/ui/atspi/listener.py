"""The screen-reader side of the AT-SPI check (tests/ui/test_atspi.py), run with the SYSTEM python (pyatspi).

Inside a private D-Bus session and an Xvfb display: starts the accessibility bus (at-spi-bus-launcher), starts
Harbour's driver (tests/ui/atspi/harbour_driver.py) with Qt's accessibility on, and at each of its steps reads the
accessibility tree the way Orca does and keeps every text-changed, announcement and focus event. Prints one JSON
document of facts on stdout; the test decides what is right.

    listener.py <venv python> <driver.py>
"""

import contextlib
import json
import os
import select
import subprocess
import sys
import time

import pyatspi
from gi.repository import GLib

NAMED_ROLES = {"push button", "check box", "radio button", "combo box", "text", "password text", "spin button",
               "list", "table", "page tab", "toggle button", "slider", "tree table", "list box"}
DO_NOT_DESCEND = {"table", "list", "tree table", "list box", "combo box", "menu bar", "tree"}
STEP_TIMEOUT = 40

events = []


def pump(seconds):
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        time.sleep(0.01)


def settle_events(quiet=0.4, longest=5.0):
    """Waits until the bus has been quiet for ``quiet`` seconds (events come asynchronously), at most ``longest``."""
    end = time.monotonic() + longest
    pump(quiet)
    while time.monotonic() < end:
        seen = len(events)
        pump(quiet)
        if len(events) == seen:
            return


def on_event(event):
    try:
        source = event.source
        role = source.getRoleName() if source else ""
        name = source.name if source else ""
    except Exception:  # an object gone by the time the event is read
        role, name = "", ""
    events.append({"type": event.type, "data": str(event.any_data) if event.any_data is not None else "",
                   "detail1": event.detail1, "role": role, "name": name})


def harbour():
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        application = desktop.getChildAtIndex(index)
        if application is not None and application.name and "harbour" in application.name.lower():
            return application
    return None


def extents(accessible):
    try:
        box = accessible.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return [box.x, box.y, box.width, box.height]
    except Exception:
        return None


def snapshot(application):
    """Every showing object under the application's windows: role, name, locale, extents (tables not entered)."""
    found = []

    def walk(accessible, depth):
        if accessible is None or depth > 40:
            return
        try:
            role, name = accessible.getRoleName(), accessible.name
            showing = accessible.getState().contains(pyatspi.STATE_SHOWING)
        except Exception:
            return
        if not showing and role not in ("application",):
            return
        found.append({"role": role, "name": name, "locale": _locale(accessible), "extents": extents(accessible),
                      "focusable": accessible.getState().contains(pyatspi.STATE_FOCUSABLE),
                      "labelled_by": _labelled_by(accessible)})
        if role in DO_NOT_DESCEND:
            return
        for index in range(accessible.childCount):
            walk(accessible.getChildAtIndex(index), depth + 1)

    walk(application, 0)
    return found


def _labelled_by(accessible):
    """Names of the labels a screen reader reads for this object (Orca says them before a drop-down's value)."""
    names = []
    with contextlib.suppress(Exception):  # an object gone while being read has no labels
        for relation in accessible.getRelationSet():
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                names += [relation.getTarget(i).name for i in range(relation.getNTargets())]
    return names


def _locale(accessible):
    try:
        return accessible.get_object_locale()
    except Exception:
        return ""


def main():
    python, driver = sys.argv[1], sys.argv[2]
    launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    for kind in ("object:text-changed", "object:announcement", "object:state-changed:focused"):
        pyatspi.Registry.registerEventListener(on_event, kind)
    # The bridge's debug line for each dropped secret keystroke would bury a real error in the app's output.
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb", QT_ACCESSIBILITY="1",
               QT_LOGGING_RULES="qt.accessibility.atspi=false")
    app = subprocess.Popen([python, driver], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, bufsize=1, env=env)
    facts = {"steps": [], "problems": []}
    try:
        while True:
            line = _next_state(app)
            if line is None:
                break
            _, name, payload = line.split(" ", 2)
            settle_events()
            application = harbour()
            step = {"name": name, "shown": json.loads(payload), "events": list(events),
                    "tree": snapshot(application) if application is not None else []}
            events.clear()
            facts["steps"].append(step)
            app.stdin.write("GO\n")
            app.stdin.flush()
    except Exception as problem:  # reported, not raised: the test says what went wrong
        facts["problems"].append(repr(problem))
    finally:
        with contextlib.suppress(OSError):  # the driver may have closed it already
            app.stdin.close()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
        output = [line for line in app.stderr.read().splitlines() if "for invalid interface" not in line]
        facts["app_stderr"] = "\n".join(output)[-4000:]
        launcher.terminate()
    print(json.dumps(facts))


def _next_state(app):
    """The driver's next STATE line, pumping accessibility events while waiting; None when it has finished."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([app.stdout], [], [], 0.02)
        if ready:
            line = app.stdout.readline()
            if not line:
                return None
            if line.startswith("STATE "):
                return line.strip()
            continue
        pump(0.02)
        if app.poll() is not None:
            return None
    raise TimeoutError("the driver did not report its next step in time")


if __name__ == "__main__":
    main()

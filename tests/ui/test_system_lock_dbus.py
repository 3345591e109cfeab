"""Issue 15 finding 2: the system's lock signals reach Harbour over real D-Bus. Two private buses (a session bus and
one standing in for the system bus) run as dbus-daemon processes; Harbour runs in a child process pointed at them,
unlocked; this test owns login1's and the ScreenSaver's names on those buses and emits their signals, and the
child must lock each time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not shutil.which("dbus-daemon"), reason="dbus-daemon is not installed")

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    from desktop.core.vault.keys import TEST_COST
    from desktop.core.vault.vault import Vault
    from desktop.ui.shell.controller import HarbourController
    from desktop.ui.shell.preferences import Preferences

    folder = Path(sys.argv[1])
    app = QApplication([])
    vault, _recovery = Vault.create(folder / "vault", "system lock test passphrase", cost=TEST_COST)
    preferences = Preferences(QSettings(str(folder / "prefs.ini"), QSettings.Format.IniFormat))
    controller = HarbourController(app, preferences, folder / "vault", cost=TEST_COST)
    controller.start(vault)
    print("listening", ",".join(controller.system_lock.listening), flush=True)

    def locked():
        print("locked", controller.vault is None, flush=True)
        controller.unlock_window.secret.setText("system lock test passphrase")
        controller.unlock_window.attempt()
        from desktop.ui.widgets.operations import wait_for_running

        wait_for_running()  # unlocking runs on a worker thread
        print("unlocked", controller.vault is not None, flush=True)

    controller.system_lock.lock_now.connect(lambda: QTimer.singleShot(0, locked))
    QTimer.singleShot(60000, app.quit)
    app.exec()
""")


def _bus(tmp_path: Path, name: str) -> tuple[subprocess.Popen, str]:
    short = Path(tempfile.mkdtemp(prefix="hb-bus-", dir="/tmp"))  # a unix socket path must stay under 108 bytes
    socket = short / f"{name}.socket"
    config = tmp_path / f"{name}.conf"
    config.write_text(BUS_CONFIG.format(socket=socket))
    daemon = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True)
    address = daemon.stdout.readline().strip()
    assert address, "dbus-daemon did not start"
    return daemon, address


def _emit(address: str, owner: str, path: str, interface: str, member: str, *arguments) -> None:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    bus = QDBusConnection.connectToBus(address, f"emitter-{owner}-{member}")
    assert bus.isConnected()
    assert bus.registerService(owner)
    message = QDBusMessage.createSignal(path, interface, member)
    message.setArguments(list(arguments))
    assert bus.send(message)
    bus.unregisterService(owner)
    QDBusConnection.disconnectFromBus(f"emitter-{owner}-{member}")


def test_sleep_session_lock_and_screensaver_signals_lock_harbour(qapp, tmp_path: Path) -> None:
    system, system_address = _bus(tmp_path, "system")
    session, session_address = _bus(tmp_path, "session")
    env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": system_address, "DBUS_SESSION_BUS_ADDRESS": session_address,
           "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path.cwd())}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                             env=env)
    try:
        listening = child.stdout.readline().split()
        assert listening[0] == "listening"
        names = listening[1].split(",") if len(listening) > 1 else []
        assert {"login1.PrepareForSleep", "login1.Session.Lock", "org.freedesktop.ScreenSaver.ActiveChanged"} <= set(
            names)
        signals = [
            (system_address, "org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
             "PrepareForSleep", True),
            (system_address, "org.freedesktop.login1", "/org/freedesktop/login1/session/_31",
             "org.freedesktop.login1.Session", "Lock"),
            (session_address, "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
             "org.freedesktop.ScreenSaver", "ActiveChanged", True),
        ]
        for address, owner, path, interface, member, *arguments in signals:
            _emit(address, owner, path, interface, member, *arguments)
            assert child.stdout.readline().split() == ["locked", "True"], member
            assert child.stdout.readline().split() == ["unlocked", "True"], member
    finally:
        child.kill()
        child.wait()
        for daemon in (system, session):
            daemon.terminate()
            daemon.wait()

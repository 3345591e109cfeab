"""Structural proof of Harbour's promise (DESIGN.md 3): nothing leaves the machine except through the consent gate.

The source of desktop/ is scanned (AST, nothing is run) for every way data can get out of the app: the clipboard,
dragging, opening URLs (mailto:), files the worker chooses, PDF and printing, network and child processes,
notifications, QSettings and logs. Each way is allowed only in the modules listed below, each with the reason it
is safe. A new module that writes outside fails here: hand the data to the consent gate and an exporter in
desktop/exports instead, or (if it truly is not client data) add it to the list with the reason.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from functools import cache
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
EXPORTS = "desktop/exports/"

# -- every way out, and the modules allowed to use it ----------------------------------------------------------
ALLOWED: dict[str, dict[str, str]] = {
    "clipboard": {
        "desktop/ui/widgets/clipboard_guard.py":
            "ClipboardGuard: the only clipboard writer; locking clears what it copied",
        "desktop/ui/widgets/guarded_text.py": "only clears the X11 primary selection a line edit filled by itself",
    },
    "clipboard_guard_copy": {
        "desktop/ui/bookings/booking_editor.py":
            "copies request_text(), built by the exporter from a booking_request Release",
        "desktop/ui/bookings/booking_dialogs.py": "the same request dialog, moved out of bookings.py",
    },
    "drag_out": {},
    "open_url": {
        "desktop/ui/consent/share_delivery.py":
            "open_url() only opens mailto.build_mailto(release) and request_mailto()",
    },
    "user_file": {
        "desktop/ui/consent/share_delivery.py": "asks where to save, then deliver() hands the Release to an exporter",
        "desktop/ui/bookings/booking_editor.py":
            ".ics path, then booking_calendar(release) from the gate's share_booking()",
        "desktop/ui/consent/audit_view.py": "supervisor export: release_not_client_data -> csv_export.write_csv",
        "desktop/ui/interpreters/directory_view.py": "roster export: release_not_client_data -> csv_export.write_csv",
        "desktop/ui/scripts/script_output.py": "blank-script handout: release_handout -> handout.write_pdf",
        "desktop/ui/scripts/review_files.py":
            "reviewed script catalog: release_not_client_data -> text.write_text; asks for a .po to import",
        "desktop/ui/organisation/organisation_dialog.py":
            "asks which folder the organisation's updates are read from (nothing is written there)",
        "desktop/ui/widgets/file_dialogs.py": "the one save-file dialog the modules above call (ask_save_path)",
        "desktop/ui/bookings/booking_dialogs.py": "asks the .ics path for booking_editor (ask_ics_path)",
    },
    "file_write": {
        "desktop/ui/consent/share_delivery.py": "deliver() calls the exporter text.write_text(release, path)",
        "desktop/core/common/files.py": "write_atomically: the one atomic writer the vault and exporters use",
        "desktop/core/vault/vault.py": "the encrypted vault itself (SQLCipher notes.db, key.json)",
        "desktop/core/vault/backups.py": "encrypted copies of notes.db in the vault folder",
        "desktop/core/vault/rekey.py": "key.json (wrapped keys only) in the vault folder, during a re-key",
        "desktop/core/vault/integrity.py":
            "what the whole-file check found damaged (SQLite's words about pages, no client data), in the vault folder",
        "desktop/core/vault/quarantine.py":
            "copies of damaged vault files, still encrypted, into the vault's quarantine/",
        "desktop/core/vault/attempts.py": "the failed-unlock counter (a number, no client data)",
        "desktop/core/demo/demo_vault.py": "a throw-away demo vault of fictional people in a temp folder",
        "desktop/ui/bookings/booking_editor.py": "writes booking_calendar(release) to the .ics path the worker chose",
        "desktop/ui/scripts/review_files.py": "text.write_text(release, path) of a reviewed script catalog's release",
        "desktop/core/organisation/repository.py":
            "the coordinator's repository: signed metadata and the organisation's files (publish refuses client data)",
        "desktop/core/organisation/signing_keys.py": "the coordinator's signing keys, encrypted with their passphrase",
        "desktop/core/consent/audit_head.py": "the audit log's head (a number and an HMAC) beside key.json",
    },
    "print_pdf": {
        "desktop/ui/consent/share_delivery.py": "asks for a printer, then printing.print_release(release)",
        "desktop/ui/scripts/script_output.py": "asks for a printer, then handout.print_release(release)",
        "desktop/ui/vault/create_vault.py": "prints the new vault's recovery key for the worker (no client data)",
    },
    "network": {
        "desktop/core/organisation/reader.py":
            "the one network access: tuf's updater reads the organisation's public, signed files, only with a "
            "subscription the worker set up",
        "desktop/core/organisation/location.py": "tuf's fetcher for a local folder, and url2pathname; no connection",
    },
    "notification": {},
    "qsettings": {
        "desktop/ui/shell/preferences.py": "Preferences: a fixed list of harmless UI preferences (see test below)",
        "desktop/ui/widgets/file_dialogs.py": "only REMOVES the folders Qt's file dialogs wrote into QtProject.conf",
    },
    "log": {
        "desktop/core/vault/hardening.py": "a fixed warning if turning core dumps off fails: the call and an errno",
        "desktop/core/scripts/catalogs.py":
            "a warning that a shipped script catalog is damaged: its name and the parse error",
        "desktop/crash.py": "redacted crash report: exception type and file:line only, never the message",
        "desktop/i18n.py": "a warning that a shipped UI catalog is damaged: its locale and the parse error",
        "desktop/ui/shell/controller.py": "prints a fixed marker for the start-up benchmark",
        "desktop/ui/shell/qt_i18n.py": "logs which Qt translation file was loaded (a language code and a folder)",
        "desktop/org_command.py": "the coordinator's terminal commands print the repository's state (no vault opened)",
        "desktop/ui/shell/qt_messages.py": "Qt's own warnings with quoted text, URLs and paths withheld",
    },
}

CLIPBOARD_WRITES = {"setText", "setMimeData", "setPixmap", "setImage"}
USER_FILE_DIALOGS = {"getSaveFileName", "getSaveFileUrl", "getExistingDirectory", "getExistingDirectoryUrl",
                     "ask_save_path", "ask_folder"}
FILE_WRITE_CALLS = {"write_text", "write_bytes", "write_atomically", "write_json_atomically", "fdopen",
                    "copyfile", "copy2", "copytree", "mkstemp", "mkdtemp", "NamedTemporaryFile", "backup"}
FILE_WRITE_NAMES = {"QFile", "QSaveFile", "QTemporaryFile", "QTextDocumentWriter", "QImageWriter"}
NETWORK_MODULES = {"socket", "ssl", "http", "urllib.request", "urllib3", "tuf.ngclient", "requests", "httpx",
                   "smtplib", "ftplib", "webbrowser",
                   "subprocess", "PySide6.QtNetwork", "PySide6.QtWebEngineWidgets"}
NETWORK_NAMES = {"QNetworkAccessManager", "QTcpSocket", "QUdpSocket", "QProcess", "QLocalSocket"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{_dotted(node.func)}()"
    return "?"


def _open_mode(call: ast.Call) -> str:
    mode = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "mode"), None)
    return str(mode.value) if isinstance(mode, ast.Constant) else "r"


def _ways_out_of_call(call: ast.Call) -> set[str]:
    name = _dotted(call.func)
    last = name.rsplit(".", 1)[-1]
    found = set()
    if last == "clipboard" or (last in CLIPBOARD_WRITES and "clipboard" in name.lower()):
        found.add("clipboard")
    elif last == "setMimeData":  # a QDrag's data
        found.add("drag_out")
    if last == "copy" and call.args and name.rsplit(".", 2)[-2:-1] in (["clipboard"], ["guard"]):
        found.add("clipboard_guard_copy")
    if last == "openUrl":
        found.add("open_url")
    if last in USER_FILE_DIALOGS:
        found.add("user_file")
    if last in FILE_WRITE_CALLS or name in ("os.open", "os.replace", "os.rename", "shutil.move", "shutil.copy"):
        found.add("file_write")
    if last == "open" and any(flag in _open_mode(call) for flag in "wax+"):
        found.add("file_write")
    if last == "save" and "grab()" in name:
        found.add("file_write")
    if last == "print_":
        found.add("print_pdf")
    if last == "setDragEnabled" and not (call.args and isinstance(call.args[0], ast.Constant)
                                         and call.args[0].value is False):
        found.add("drag_out")
    if name in ("print", "sys.stderr.write", "sys.stdout.write", "os.system") or name.startswith("logging."):
        found.add("network" if name == "os.system" else "log")
    return found


def _ways_out_of_name(name: str) -> set[str]:
    table = {"QClipboard": "clipboard", "QDrag": "drag_out", "QDesktopServices": "open_url",
             "QPdfWriter": "print_pdf", "QPrinter": "print_pdf", "QSystemTrayIcon": "notification",
             "QSettings": "qsettings", "AcceptSave": "user_file"}
    found = {table[name]} if name in table else set()
    if name in FILE_WRITE_NAMES:
        found.add("file_write")
    if name in NETWORK_NAMES:
        found.add("network")
    return found


def _ways_out_of_import(module: str) -> set[str]:
    if any(module == bad or module.startswith(bad + ".") for bad in NETWORK_MODULES):
        return {"network"}
    return {"log"} if module.split(".")[0] in ("logging", "faulthandler") else set()


@cache
def ways_out() -> dict[str, dict[str, list[int]]]:
    """way -> module -> line numbers, for every module in desktop/."""
    found: dict[str, dict[str, list[int]]] = {}
    for path in sorted(DESKTOP.rglob("*.py")):
        module = path.relative_to(DESKTOP.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            ways: set[str] = set()
            if isinstance(node, ast.Call):
                ways = _ways_out_of_call(node)
            elif isinstance(node, ast.Name):
                ways = _ways_out_of_name(node.id)
            elif isinstance(node, ast.Attribute):
                ways = _ways_out_of_name(node.attr)
            elif isinstance(node, ast.Import):
                ways = set().union(*(_ways_out_of_import(alias.name) for alias in node.names))
            elif isinstance(node, ast.ImportFrom) and node.module:
                ways = _ways_out_of_import(node.module).union(*(_ways_out_of_name(a.name) for a in node.names))
                ways |= set().union(*(_ways_out_of_import(f"{node.module}.{a.name}") for a in node.names))
            for way in ways:
                found.setdefault(way, {}).setdefault(module, []).append(node.lineno)
    return found


def test_data_leaves_the_app_only_from_the_listed_modules() -> None:
    bypasses = [f"{module}:{lines[0]} {way}" for way, modules in ways_out().items() for module, lines in modules.items()
                if not module.startswith(EXPORTS) and module not in ALLOWED[way]]
    assert bypasses == [], (
        "A way out of Harbour outside the consent gate. Release the data through desktop.core.consent.gate and write "
        "it with an exporter in desktop/exports; if it is truly not client data, list the module in ALLOWED with "
        "the reason.")


def test_every_listed_module_exists() -> None:
    """Keeps the list honest: an entry for a module that is gone is a door left open for the next file of that
    name. (An entry a module no longer needs can stay until its owner removes it.)"""
    gone = [f"{way}: {module}" for way, modules in ALLOWED.items() for module in modules
            if not (DESKTOP.parent / module).is_file()]
    assert gone == []


def test_the_scan_finds_each_kind_of_bypass() -> None:
    """Guards the scan against passing vacuously."""
    samples = {
        "QGuiApplication.clipboard().setText(client.first_name)": "clipboard",
        "context.clipboard.copy(note)": "clipboard_guard_copy",
        "QDesktopServices.openUrl(QUrl('mailto:x?body=' + note))": "open_url",
        "QFileDialog.getSaveFileName(self)": "user_file",
        "open(path, 'w', encoding='utf-8')": "file_write",
        "Path(name).write_text(note)": "file_write",
        "self.grab().save('/tmp/screen.png')": "file_write",
        "document.print_(QPrinter())": "print_pdf",
        "drag.setMimeData(data)": "drag_out",
        "self.table.setDragEnabled(True)": "drag_out",
        "logging.info('saved %s', client.first_name)": "log",
        "print(note)": "log",
    }
    for source, way in samples.items():
        calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]
        assert way in set().union(*map(_ways_out_of_call, calls)), source
    assert _ways_out_of_call(ast.parse("open(path, 'rb')").body[0].value) == set()
    assert _ways_out_of_call(ast.parse("view.setDragEnabled(False)").body[0].value) == set()
    assert _ways_out_of_call(ast.parse("label.setText(client.first_name)").body[0].value) == set()
    assert _ways_out_of_name("QSystemTrayIcon") == {"notification"}
    assert _ways_out_of_import("urllib.request") == {"network"} and _ways_out_of_import("urllib.parse") == set()


# The gate's doors and who may open them. release_not_client_data takes any text and logs it as "not about a
# client": a caller that handed it client data would skip the consent check, so its callers are listed too.
GATE_CALLERS = {
    "release": {
        "desktop/ui/consent/share_dialogs.py": "ShareDialog: the worker chooses recipient, purpose and categories",
        "desktop/core/interpreters/booking_sharing.py":
            "client fields of a booking request, for the interpreter or agency",
        "desktop/core/demo/demo_data.py": "fictional demo people, to fill the demo audit log",
    },
    "release_duty_to_report": {
        "desktop/ui/consent/duty_dialog.py": "DutyToReportDialog: reason, justification, what the person was told",
        "desktop/core/demo/demo_data.py": "one fictional report in the demo, so its audit log shows the duty to report",
    },
    "release_not_client_data": {
        "desktop/core/interpreters/booking_sharing.py":
            "a booking's facts only (language, time, place), no client field",
        "desktop/exports/handout.py": "a blank script with the worker's and organisation's names",
        "desktop/ui/consent/audit_view.py": "the audit log for a supervisor (client numbers, never names)",
        "desktop/ui/interpreters/directory_view.py": "the interpreter roster",
        "desktop/ui/scripts/review_files.py": "a script catalog with its reviewers' names and notes (no client field)",
    },
}


def test_only_the_listed_modules_open_the_gate() -> None:
    found = set()
    for path in sorted(DESKTOP.rglob("*.py")):
        module = path.relative_to(DESKTOP.parent).as_posix()
        if module == "desktop/core/consent/gate.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = _dotted(node.func).rsplit(".", 1)[-1]
                if name in GATE_CALLERS and (name != "release" or _dotted(node.func).startswith("egress.")):
                    found.add((name, module))
    assert ("release_duty_to_report", "desktop/ui/consent/duty_dialog.py") in found  # the scan sees real callers
    unexpected = sorted(f"{name}: {module}" for name, module in found if module not in GATE_CALLERS[name])
    assert unexpected == [], "A new caller of the consent gate: check what it releases, then list it here"


def test_qsettings_hold_only_harmless_ui_preferences() -> None:
    from desktop.ui.shell import preferences

    assert set(preferences._DEFAULTS) == {"ui_locale", "script_locale", "idle_lock_minutes", "zoom_percent",
                                          "theme", "vault_folder", "presentation_font_pt"}, (
        "A new QSettings key is readable by anyone with the laptop: nothing about a client may go there.")


# -- desktop/exports: every channel takes a Release -------------------------------------------------------------
EXPORT_MODULES = sorted(p.stem for p in (DESKTOP / "exports").glob("*.py") if p.stem != "__init__")
# Public functions that do not take a Release, each with why that is safe.
NOT_TAKING_A_RELEASE = {
    "booking_request.email_subject": "the subject holds only the booking number, never a client field",
    "handout.handout_html": "a blank script's text plus worker and organisation; never written by itself",
    "handout.release_handout": "asks the gate (release_not_client_data) for the handout's Release",
    "ics_zone.open_ended_timezone": "a time-zone block from the zone's name and a year; no client data, in memory",
    "pdf.render_pdf": "turns a document already built from a Release into PDF bytes in memory; writes nothing",
}
# Functions taking a Release that only build text in memory; every function that writes out checks the seal.
IN_MEMORY_BUILDERS = {
    "booking_request.consented_lines", "clipboard.clipboard_text", "common.heading", "common.require_channel",
    "common.sections", "csv_export.csv_text", "handout.document", "pdf.document_html", "pdf.pdf_bytes",
    "pdf.text_document", "text.document_text", "text.fields_text",
}


def _public_functions():
    for name in EXPORT_MODULES:
        module = importlib.import_module(f"desktop.exports.{name}")
        for attribute, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == module.__name__ and not attribute.startswith("_"):
                yield f"{name}.{attribute}", value


def test_exports_has_the_known_channels() -> None:
    assert {"clipboard", "csv_export", "ics", "mailto", "pdf", "printing", "text", "booking_request",
            "handout"} <= set(EXPORT_MODULES)


def test_every_public_exporter_function_takes_a_release() -> None:
    from desktop.core.consent.gate import Release

    missing = []
    for qualified, function in _public_functions():
        parameters = inspect.signature(function, eval_str=True).parameters.values()
        if not any(p.annotation is Release for p in parameters) and qualified not in NOT_TAKING_A_RELEASE:
            missing.append(qualified)
    assert missing == [], "An exporter must take a Release from desktop.core.consent.gate, never a client or the vault."


def test_every_exporter_that_writes_out_checks_the_gate_seal() -> None:
    """A function that is not a pure in-memory builder must call require_channel (directly or through another
    exporter function that does), so a hand-made or altered Release is refused before anything is written."""
    functions = dict(_public_functions())
    checking = {"common.require_channel"}
    changed = True
    while changed:  # a function checks if it calls require_channel or another function that checks
        changed = False
        for qualified, function in functions.items():
            called = {n.func.id if isinstance(n.func, ast.Name) else n.func.attr
                      for n in ast.walk(ast.parse(inspect.getsource(function)))
                      if isinstance(n, ast.Call) and isinstance(n.func, ast.Name | ast.Attribute)}
            if qualified not in checking and any(other.split(".")[1] in called for other in checking):
                checking.add(qualified)
                changed = True
    unchecked = sorted(set(functions) - checking - IN_MEMORY_BUILDERS - set(NOT_TAKING_A_RELEASE))
    assert unchecked == []


def test_no_exporter_reads_the_vault_or_the_client_records() -> None:
    """An export never reads the vault itself: it receives a Release (DESIGN.md 1)."""
    forbidden = ("desktop.core.vault.vault", "desktop.core.records.clients", "desktop.core.records.sessions",
                 "desktop.core.records.search",
                 "desktop.core.vault.db.transaction")
    offenders = [f"{qualified}({name})" for qualified, function in _public_functions()
                 for name in inspect.signature(function).parameters
                 if name in ("db", "vault", "client_id", "client") and qualified not in NOT_TAKING_A_RELEASE]
    for name in EXPORT_MODULES:
        tree = ast.parse((DESKTOP / "exports" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                offenders += [f"{name}: {m}" for m in imported if m in forbidden]
    assert offenders == []

"""Screens never let client data out through Ctrl+C, Cut or a drag (source scan, no Qt).

Qt's own editors copy a selection; Qt's item views copy the current cell's text on Ctrl+C; a selectable label
copies too. In desktop/ui every multi-line editor is a Guarded… editor from desktop/ui/widgets/guarded_text.py, every
list or table is wrapped by guard_item_view(), and every selectable label by guard_label(), unless it is listed
below as holding no client data. Copying client data goes through Share…, where the consent gate decides.

Single-line fields, combo boxes (and their drop-down lists) and completers (and their popups) are guarded by
guard_application(), which the app's ClipboardGuard installs: every widget of those kinds is covered unless it
opts out with allow_copy(), and each opt-out must be listed in NOT_CLIENT_DATA (issue 16).
"""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"

BARE_EDITORS = {"QPlainTextEdit", "QTextEdit", "QTextBrowser"}
APPLICATION_GUARDED = {"QLineEdit", "QComboBox", "QCompleter", "QFontComboBox"}  # covered unless allow_copy()
WIDGETS = Path(__file__).resolve().parents[2] / "desktop" / "ui" / "widgets"
ITEM_VIEWS = {"QTableView", "QTableWidget", "QListView", "QListWidget", "QTreeView", "QTreeWidget"}
SELECTABLE_FLAGS = ("TextSelectableByMouse", "TextSelectableByKeyboard", "TextBrowserInteraction",
                    "TextEditorInteraction")

# Widgets in desktop/ui that hold no client data, each with the reason.
NOT_CLIENT_DATA = {
    "create_vault: selectable label self.key_label": "the new recovery key, for the worker to write down",
    "passphrase: selectable label self.key_label": "the new recovery key after a re-key, for the worker to write down",
    "duty_widgets: QPlainTextEdit self.text": "the organisation's reporting protocol",
    "duty_widgets: copy allowed self.text": "the organisation's reporting protocol",
    "duty_widgets: QPlainTextEdit self.steps_edit": "editor of the organisation's reporting protocol",
    "duty_widgets: QTableWidget self.contacts": "the protocol's agency phone numbers",
    "duty_widgets: copy allowed self.contacts": "the protocol's agency phone numbers",
    "interpreter_editor: QTableWidget self.credentials": "an interpreter's credentials",
    "directory_view: QListWidget self.problems": "rows of a roster file that were not imported",
    "directory_view: QTableView self.table": "the interpreter directory",
    "language_picker: QListWidget self.list": "language names, for the worker's most-met languages",
    "main_window: QListWidget self.navigation": "the names of the sections",
    "restore_dialog: QListWidget self.choices": "the dates and reasons of the backups, shown before unlocking",
    "review_dialog: QListWidget self.paragraph_list": "the script paragraphs' keys and review states",
    "review_dialog: selectable label self.source_label": "an English script paragraph (the same for every client)",
    "review_dialog: QPlainTextEdit self.text_edit": "a translator's wording of a script paragraph",
    "review_dialog: QPlainTextEdit self.back_edit": "a translator's back-translation of a script paragraph",
    "review_dialog: QPlainTextEdit self.note_edit": "a translator's note on a script paragraph",
    "script_rows: selectable label self.text_label": "a script paragraph (the same for every client)",
    "shortcuts_help: QTreeWidget self.tree": "the keyboard shortcuts",
    "tour: selectable label self.body": "the tour's fixed explanation of a main task",
    "unlock: selectable label demo": "the demo vault's published passphrase",
}

# Still to change by their owners, if a screen is being rebuilt when a guard lands ("module: Class self.name").
PENDING: set[str] = set()


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def unguarded(source: str, module: str) -> set[str]:
    tree = ast.parse(source)
    guarded_calls, guarded_names, selectable = set(), set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _dotted(node.func) in ("guard_item_view", "guard_label") and node.args:
            guarded_calls.add(id(node.args[0]))
            guarded_names.add(_dotted(node.args[0]))
        if isinstance(node, ast.Call) and _dotted(node.func).endswith(".setTextInteractionFlags") and any(
                flag in ast.unparse(node) for flag in SELECTABLE_FLAGS):
            selectable.add(_dotted(node.func).rsplit(".", 1)[0])
    found = {f"{module}: selectable label {name}" for name in selectable if name not in guarded_names}
    opted_out = {_dotted(node.args[0]) for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and _dotted(node.func) == "allow_copy" and node.args}
    found |= {f"{module}: copy allowed {name}" for name in opted_out}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        # "self.a, self.b = QPlainTextEdit(), QPlainTextEdit()" makes two widgets, each checked
        pairs = (list(zip(target.elts, node.value.elts, strict=False))
                 if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) else [(target, node.value)])
        for name_node, value in pairs:
            if not isinstance(value, ast.Call):
                continue
            made, name = _dotted(value.func), _dotted(name_node)
            if made in BARE_EDITORS or (made in ITEM_VIEWS and id(value) not in guarded_calls
                                        and name not in guarded_names):
                found.add(f"{module}: {made} {name}")
    return found


def application_guarded_kinds() -> set[str]:
    """The widget classes guard_application() covers, read from guarded_text.py."""
    tree = ast.parse((WIDGETS / "guarded_text.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _dotted(node.targets[0]) == "_COPYING_KINDS":
            return {_dotted(element) for element in node.value.elts}
    return set()


def test_every_screen_guards_its_editors_lists_and_labels() -> None:
    found = set()
    for path in sorted(UI.rglob("*.py")):
        found |= unguarded(path.read_text(encoding="utf-8"), path.stem)
    assert sorted(found - PENDING - set(NOT_CLIENT_DATA)) == [], (
        "Use GuardedPlainTextEdit/GuardedTextEdit, guard_item_view() or guard_label() from "
        "desktop.ui.widgets.guarded_text; "
        "if the widget never shows client data, add it to NOT_CLIENT_DATA with the reason")


def test_single_line_fields_combo_boxes_and_completers_are_guarded_application_wide() -> None:
    """QLineEdit and QComboBox are covered by kind, and so are the popups of combo boxes and completers, which are
    QAbstractItemViews; QCompleter's own field is a QLineEdit. The one ClipboardGuard installs the guard."""
    kinds = application_guarded_kinds()
    assert {"QLineEdit", "QComboBox", "QAbstractItemView"} <= kinds
    assert {"QPlainTextEdit", "QTextEdit"} <= kinds  # and the bare editors inside Qt's own dialogs (QInputDialog)
    guard_source = (WIDGETS / "clipboard_guard.py").read_text(encoding="utf-8")
    init = next(node for node in ast.walk(ast.parse(guard_source))
                if isinstance(node, ast.FunctionDef) and node.name == "__init__")
    assert "guard_application()" in ast.unparse(init)
    made = set()
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _dotted(node.func) in APPLICATION_GUARDED:
                made.add(_dotted(node.func))
    assert {"QLineEdit", "QComboBox"} <= made  # the scan sees real ones, so covering them by kind matters


def test_the_scan_tells_guarded_from_bare_widgets() -> None:
    source = (
        "self.notes = QPlainTextEdit(self)\n"
        "self.safe = GuardedPlainTextEdit(self)\n"
        "self.table = QTableView(self)\n"
        "self.listing = guard_item_view(QListWidget(self))\n"
        "self.a, self.b = QPlainTextEdit(), GuardedPlainTextEdit()\n"
        "allow_copy(self.key)\n"

        "self.later = QTreeView()\n"
        "guard_item_view(self.later)\n"
        "self.needs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)\n"
        "self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)\n"
        "guard_label(self.shown)\n"
    )
    assert unguarded(source, "m") == {"m: QPlainTextEdit self.notes", "m: QTableView self.table",
                                      "m: selectable label self.needs", "m: QPlainTextEdit self.a",
                                      "m: copy allowed self.key"}

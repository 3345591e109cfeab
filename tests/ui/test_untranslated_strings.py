"""No words reach a widget without going through the translation functions.

An AST scan over every module in desktop/ui: a string literal that contains letters and is handed to a Qt call
that shows text (setText, QLabel(...), QMessageBox.warning(...), addItem, ...) must be wrapped in ``_()``,
``ngettext()``, ``pgettext()`` or ``N_()``. Literals without words ("", "—", "…", "%", "12") and key names
("Ctrl+L", "F12") are allowed. Text built in a variable first is not seen here; the catalog test and the
screenshots in French catch those.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

UI_DIR = Path(__file__).resolve().parents[2] / "desktop" / "ui"

TRANSLATORS = {"_", "ngettext", "N_", "pgettext"}

# method name -> positions of the text arguments ("all" = every positional argument)
TEXT_METHODS: dict[str, tuple[int, ...] | str] = {
    **{name: (0,) for name in (
        "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setStatusTip", "setWhatsThis",
        "setAccessibleName", "setAccessibleDescription", "setTitle", "showMessage", "setHtml", "setMarkdown",
        "setPlainText", "setSpecialValueText", "setSuffix", "setPrefix", "setInformativeText", "setDetailedText",
        "setLabelText", "setCancelButtonText", "setWindowIconText", "setHeaderLabels", "setHorizontalHeaderLabels",
        "setVerticalHeaderLabels", "addItems", "addItem", "addRow", "setButtonText", "setOkButtonText")},
    **{name: (1,) for name in (
        "insertItem", "setItemText", "setTabText", "setTabToolTip", "setTabWhatsThis", "insertRow")},
    **{name: "all" for name in ("addAction", "addTab", "insertTab", "addMenu")},
}

TEXT_CONSTRUCTORS: dict[str, tuple[int, ...] | str] = {
    **{name: (0,) for name in ("QLabel", "QCheckBox", "QRadioButton", "QGroupBox", "QMenu", "QListWidgetItem",
                               "QTableWidgetItem", "QTreeWidgetItem", "QDockWidget", "QToolBar")},
    **{name: "all" for name in ("QPushButton", "QAction", "QCommandLinkButton", "QProgressDialog")},
    "QMessageBox": (1, 2),
}

STATIC_DIALOGS: dict[str, tuple[int, ...]] = {
    **{f"QMessageBox.{name}": (1, 2) for name in ("information", "warning", "critical", "question", "about")},
    **{f"QInputDialog.{name}": (1, 2) for name in (
        "getText", "getInt", "getDouble", "getItem", "getMultiLineText")},
    **{f"QFileDialog.{name}": (1, 3) for name in (
        "getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory")},
}

TEXT_KEYWORDS = {"text", "title", "caption", "filter", "labelText", "toolTip", "statusTip", "whatsThis",
                 "placeholderText", "windowTitle", "informativeText", "detailedText", "message"}

_KEY_NAME = r"(F\d{1,2}|Esc|Escape|Tab|Backtab|Return|Enter|Del|Delete|Ins|Insert|Home|End|PgUp|PgDown|Space|" \
            r"Backspace|Up|Down|Left|Right|[A-Z0-9]|[^\w\s])"
SHORTCUT = re.compile(rf"^((Ctrl|Shift|Alt|Meta|Cmd)\+)*{_KEY_NAME}(, ?((Ctrl|Shift|Alt|Meta|Cmd)\+)*{_KEY_NAME})*$")
LETTER = re.compile(r"[^\W\d_]")
MARKUP = re.compile(r"<[^>]*>|&[#\w]+;")
# A file-dialog filter made only of format names, e.g. "CSV (*.csv)" or "PDF (*.pdf)": nothing to translate.
ACRONYM_FILTER = re.compile(r"^[A-Z0-9]{2,5}( [A-Z0-9]{2,5})* \((\*\.\w+ ?)+\)(;;[A-Z0-9]{2,5} \((\*\.\w+ ?)+\))*$")


def has_words(text: str) -> bool:
    if SHORTCUT.match(text.strip()) or ACRONYM_FILTER.match(text.strip()):
        return False
    return bool(LETTER.search(MARKUP.sub("", text)))


def untranslated_literals(node: ast.AST) -> list[str]:
    """Literal text with words in ``node`` that does not pass through a translation function."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if has_words(node.value) else []
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str) and has_words(part.value)]
    if isinstance(node, ast.BinOp):
        return untranslated_literals(node.left) + untranslated_literals(node.right)
    if isinstance(node, ast.BoolOp):
        return [found for value in node.values for found in untranslated_literals(value)]
    if isinstance(node, ast.IfExp):
        return untranslated_literals(node.body) + untranslated_literals(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [found for element in node.elts for found in untranslated_literals(element)]
    if isinstance(node, ast.Call):
        if _callee_name(node.func) in TRANSLATORS:
            return []
        # "Hello {name}".format(...) or "x".upper(): the literal itself is shown
        if isinstance(node.func, ast.Attribute):
            return untranslated_literals(node.func.value)
    return []


def _callee_name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _dotted(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return ""


def _text_positions(call: ast.Call) -> tuple[int, ...] | str | None:
    dotted = _dotted(call.func)
    if dotted in STATIC_DIALOGS:
        return STATIC_DIALOGS[dotted]
    if isinstance(call.func, ast.Name) and call.func.id in TEXT_CONSTRUCTORS:
        return TEXT_CONSTRUCTORS[call.func.id]
    if isinstance(call.func, ast.Attribute) and call.func.attr in TEXT_METHODS:
        return TEXT_METHODS[call.func.attr]
    return None


def scan_source(source: str, filename: str = "<source>") -> list[str]:
    """Problems as 'file:line: call(...) shows "text"'."""
    problems = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        positions = _text_positions(node)
        if positions is None:
            continue
        arguments = [arg for index, arg in enumerate(node.args) if positions == "all" or index in positions]
        arguments += [keyword.value for keyword in node.keywords if keyword.arg in TEXT_KEYWORDS]
        for argument in arguments:
            for text in untranslated_literals(argument):
                problems.append(f"{filename}:{node.lineno}: {_callee_name(node.func)}(...) shows {text!r}")
    return problems


def ui_modules() -> list[Path]:
    return sorted(UI_DIR.rglob("*.py"))


def test_there_are_ui_modules_to_scan():
    assert len(ui_modules()) > 5


@pytest.mark.parametrize("path", ui_modules(), ids=lambda path: str(path.relative_to(UI_DIR)))
def test_every_ui_string_goes_through_the_translation_function(path: Path):
    problems = scan_source(path.read_text(encoding="utf-8"), str(path.relative_to(UI_DIR.parent.parent)))
    assert not problems, "Wrap these in _() / ngettext():\n" + "\n".join(problems)


# -- the scanner itself ------------------------------------------------------------------------------------------

def test_scanner_catches_bare_literals_in_text_calls():
    source = '''
label = QLabel("Client name")
button.setText(f"Save {count}")
box = QMessageBox.warning(self, "Problem", _("Fine"))
combo.addItem("Light", "light")
self.tabs.addTab(widget, "Notes")
tree.setHeaderLabels([_("Keys"), "Action"])
status.showMessage("Saved" if ok else _("Not saved"))
path = QFileDialog.getSaveFileName(self, _("Export"), "", "CSV files (*.csv)")
label.setText("Hello {name}".format(name=name))
'''
    found = "\n".join(scan_source(source))
    for text in ("Client name", "Save ", "Problem", "Light", "Notes", "Action", "Saved", "Hello {name}",
                 "CSV files (*.csv)"):
        assert repr(text) in found
    assert "Fine" not in found and "'light'" not in found and "Not saved" not in found


def test_scanner_allows_translated_text_symbols_and_key_names():
    source = '''
label = QLabel(_("Client name"))
label.setText(ngettext("{n} day", "{n} days", n).format(n=n))
label.setText("")
label.setText("—")
label.setText(f"{first} — {second}")
action = QAction(_("&Lock"), self)
menu.addAction(_("Lock"), self.lock, "Ctrl+L")
label.setText("12 %")
label.setText("<br>")
label.setToolTip(N_("marked"))
path = QFileDialog.getSaveFileName(self, _("Export"), "", "CSV (*.csv)")
label.setText(self.name)
'''
    assert scan_source(source) == []

"""The one way Harbour asks for a file to save or open: the suffix is added when the worker leaves it out, and
Qt's file-dialog history does not keep the folder.

Qt remembers every file dialog's folder (its history, the last folder visited, the side bar's places) in
QSettings' "QtProject" file (~/.config/QtProject.conf on Linux, the registry on Windows), in plain text and shared
by every Qt program. A folder named after a client would stay there long after the export (issue 16, finding 12).
So each dialog here starts in a neutral folder, and once it is gone those keys are removed again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget
from shiboken6 import Shiboken

# Keys QFileDialog writes in QtProject's "FileDialog" group that hold folder names.
PATH_KEYS = ("history", "lastVisited", "shortcuts")
# Qt 6's file dialog asks its catalog for "&Look in:" and "Files of &type:", which the French and Spanish
# qtbase catalogs translate only without the Alt letter: a French Harbour showed them in English.
_LABELS_QT_LEAVES_IN_ENGLISH = {"lookInLabel": ("&Look in:", "Look in:"),
                                "fileTypeLabel": ("Files of &type:", "Files of type:")}


def neutral_folder() -> str:
    """Where every dialog opens: the documents folder, never the folder of the last export."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def forget_dialog_folders() -> None:
    """Removes the folders Qt's file dialogs wrote into QtProject's settings."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.beginGroup("FileDialog")
    for key in PATH_KEYS:
        settings.remove(key)
    settings.endGroup()
    settings.sync()


def _run(parent: QWidget | None, title: str, suggested_name: str, file_filter: str, *, save: bool,
         folder: bool = False) -> str:
    start = str(Path(neutral_folder()) / suggested_name) if suggested_name else neutral_folder()
    dialog = QFileDialog(parent, title, start, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    if folder:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    dialog.setHistory([])
    _labels_in_language(dialog)
    try:
        chosen = dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    finally:
        Shiboken.delete(dialog)  # now, not later: its destructor writes the settings removed right after
        forget_dialog_folders()
    return chosen[0] if chosen else ""


def _labels_in_language(dialog: QFileDialog) -> None:
    """Qt's own words for the labels its catalog misses with their Alt letter (Qt's own dialog; a desktop's native
    one is in the desktop's language already)."""
    for name, (with_key, plain) in _LABELS_QT_LEAVES_IN_ENGLISH.items():
        label = dialog.findChild(QLabel, name)
        if label is None or QCoreApplication.translate("QFileDialog", with_key) != with_key:
            continue
        translated = QCoreApplication.translate("QFileDialog", plain)
        if translated != plain:
            label.setText(translated)


def ask_save_path(parent: QWidget | None, title: str, suggested_name: str, file_filter: str,
                  suffix: str) -> Path | None:
    """The file to write, with ``suffix`` (".pdf") added when the worker typed a name without one; None if
    cancelled."""
    name = _run(parent, title, suggested_name, file_filter, save=True)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(suffix)


def ask_open_path(parent: QWidget | None, title: str, file_filter: str) -> Path | None:
    name = _run(parent, title, "", file_filter, save=False)
    return Path(name) if name else None


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    """A folder to read from (the organisation's updates); None if cancelled."""
    name = _run(parent, title, "", "", save=False, folder=True)
    return Path(name) if name else None

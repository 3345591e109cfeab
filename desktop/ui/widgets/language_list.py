"""Languages chosen by name, never typed as codes: one language with where it is spoken ("Spanish — español" and
"Mexico" make es-MX), and an ordered list of them for a client or an interpreter.

Whatever tag comes in (from the vault, a roster, a booking) is shown by its name ("Cantonese (Hong Kong SAR
China)"), so a worker never sees a bare code either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from desktop.core.common import languages
from desktop.core.common.language_tags import InvalidLanguageTag, normalise_tag, parse_tag
from desktop.i18n import _
from desktop.ui.widgets.flow_row import FlowLayout, together
from desktop.ui.widgets.guarded_text import guard_item_view
from desktop.ui.widgets.language_picker import LanguagePicker


class DialectPicker(QWidget):
    """A language picker and, beside it, where the language is spoken (optional): ``current_tag()`` is 'es-MX',
    or 'es' while "Any region" is chosen. ``tag_changed`` carries the tag."""

    tag_changed = Signal(str)

    def __init__(self, offered: list[languages.Language], parent: QWidget | None = None, *,
                 frequent: Sequence[str] = (), accessible_name: str = "") -> None:
        super().__init__(parent)
        self.language = LanguagePicker(offered, self, frequent=frequent)
        self.language.setAccessibleName(accessible_name or _("Language"))
        self.region = QComboBox(self)
        self.region.setAccessibleName(_("Where it is spoken (dialect)"))
        self.region.setToolTip(_("Choose a country or region when the dialect matters, as it does for an "
                                 "interpreter."))
        region_label = QLabel(_("Spoken in:"), self)  # on Linux a drop-down without a label is named by its value
        region_label.setBuddy(self.region)
        layout = FlowLayout(self)  # where it is spoken goes below the language when narrow
        self.language.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)  # the room left over
        layout.addWidget(self.language)
        layout.addWidget(together(region_label, self.region))
        self.setFocusProxy(self.language)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # a label's Alt key reaches it through the proxy
        self.language.language_chosen.connect(self._language_chosen)
        self.region.currentIndexChanged.connect(lambda _index: self.tag_changed.emit(self.current_tag()))
        self.language.lineEdit().setPlaceholderText(_("Type or choose a language"))
        self.set_tag("")          # nothing chosen until the worker chooses

    def current_tag(self) -> str:
        base = self.language.current_tag()
        region = self.region.currentData() or ""
        if not base or not region:
            return base
        return str(replace(parse_tag(base), region=region))

    def set_tag(self, tag: str) -> bool:
        """Shows ``tag`` (any valid tag: one the list lacks is added by its name). '' or a non-tag clears the
        choice (and returns False for a non-tag)."""
        try:
            parsed = parse_tag(tag)
        except InvalidLanguageTag:
            self.language.setCurrentIndex(-1)
            self._fill_regions("")
            return not tag
        base = str(replace(parsed, region="", variants=()))
        if not self.language.select_tag(base):
            self.language.add_tag(base, languages.tag_label(base))
            self.language.select_tag(base)
        self._fill_regions(base)
        self.region.setCurrentIndex(max(0, self.region.findData(parsed.region)))
        return True

    def _language_chosen(self, tag: str) -> None:
        self._fill_regions(tag)
        self.tag_changed.emit(self.current_tag())

    def _fill_regions(self, tag: str) -> None:
        self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem(_("Any region"), "")
        for code, name in languages.regions_for(tag) if tag else []:
            self.region.addItem(name, code)
        self.region.blockSignals(False)


class LanguageListEdit(QWidget):
    """The languages of a client (in order of preference) or of an interpreter, listed by name: pick one, add it,
    remove or move up the one chosen in the list. ``tags()`` gives them as BCP 47 tags."""

    changed = Signal()

    def __init__(self, offered: list[languages.Language], parent: QWidget | None = None, *,
                 frequent: Sequence[str] = (), add_text: str = "", list_name: str = "") -> None:
        super().__init__(parent)
        self.picker = DialectPicker(offered, self, frequent=frequent, accessible_name=_("Language to add"))
        self.add_button = QPushButton(add_text or _("Add language"), self)
        self.add_button.clicked.connect(self.add_current)
        self.list = guard_item_view(QListWidget(self))   # a client's languages are about the client
        self.list.setAccessibleName(list_name or _("Languages, in order of preference"))
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 4 + 12)
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setAccessibleName(_("Remove the chosen language"))
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button = QPushButton(_("Move up"), self)
        self.up_button.setAccessibleName(_("Move the chosen language up"))
        self.up_button.clicked.connect(self.move_current_up)
        self.list.currentRowChanged.connect(self._update_buttons)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.picker, 0, 0)
        grid.addWidget(self.add_button, 0, 1)
        grid.addWidget(self.list, 1, 0, 2, 1)
        grid.addWidget(self.up_button, 1, 1)
        grid.addWidget(self.remove_button, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        self.setFocusProxy(self.picker)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._update_buttons()

    def tags(self) -> list[str]:
        return [self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count())]

    def set_tags(self, tags: Sequence[str]) -> None:
        """Shows ``tags`` by name; one that is not a tag (from an old vault) is shown as it was written, marked."""
        self.list.clear()
        for tag in tags:
            self._append(tag)
        self._update_buttons()
        self.changed.emit()

    def add_current(self) -> None:
        tag = self.picker.current_tag()
        if tag and tag not in self.tags():
            self._append(tag)
            self.list.setCurrentRow(self.list.count() - 1)
            self.changed.emit()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._update_buttons()
            self.changed.emit()

    def move_current_up(self) -> None:
        row = self.list.currentRow()
        if row > 0:
            self.list.insertItem(row - 1, self.list.takeItem(row))
            self.list.setCurrentRow(row - 1)
            self.changed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Delete and self.list.hasFocus():
            self.remove_current()
            return
        super().keyPressEvent(event)

    def _append(self, tag: str) -> None:
        try:
            shown, label = normalise_tag(tag), languages.tag_label(tag)
        except InvalidLanguageTag:
            shown, label = tag, _("“{tag}” (not a language code)").format(tag=tag)
        item = QListWidgetItem(label, self.list)
        item.setData(Qt.ItemDataRole.UserRole, shown)

    def _update_buttons(self, *_args) -> None:
        row = self.list.currentRow()
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)

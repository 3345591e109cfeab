"""A searchable language picker: each entry reads "Punjabi — ਪੰਜਾਬੀ"; typing part of either name narrows it.

The languages the worker meets most (chosen on the first run, kept in the vault) come first, above a separator.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common.formatting import format_list
from desktop.core.common.language_search import matches, search_text
from desktop.core.common.languages import Language
from desktop.core.profile.work_profile import MAX_FREQUENT_LANGUAGES, frequent_first, too_many_languages_message
from desktop.i18n import _

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


def search_key(language: Language) -> str:
    """The folded words the filters match typed text against (language_search.search_text): "Tagalog" finds
    Filipino."""
    return search_text(language)


class LanguagePicker(QComboBox):
    """An editable combo box over Language records; ``language_chosen`` carries the BCP 47 tag.

    ``frequent`` (tags, e.g. from work_profile.frequent_languages) are listed first, in that order."""

    language_chosen = Signal(str)

    def __init__(self, languages: list[Language], parent=None, *, frequent: Sequence[str] = (), everything: str = ""):
        """``everything``: the label of a first choice meaning "any language" (a filter), whose tag is ''."""
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        # Typed text is matched the way language_search.search matches it (folded words: "francais" finds "French —
        # français", "K'iche'" with a plain apostrophe finds "Kʼicheʼ", "Tagalog" finds Filipino); Qt's own
        # completer filter only compares raw text, so a proxy filters and the completer shows what is left.
        self._search_model = QStandardItemModel(self)
        self._everything = everything
        self.set_languages(languages, frequent)
        self._matching = _MatchingLanguages(self)
        self._matching.setSourceModel(self._search_model)
        completer = QCompleter(self._matching, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[QModelIndex].connect(self._completed)
        self.lineEdit().setCompleter(completer)
        self.lineEdit().textEdited.connect(self._matching.set_query)
        self._completer = completer
        self.currentIndexChanged.connect(self._emit_choice)
        self.lineEdit().editingFinished.connect(self._restore_text_if_unknown)

    def set_languages(self, languages: list[Language], frequent: Sequence[str] = ()) -> None:
        """Offers ``languages`` (the frequent ones first, above a separator), choosing nothing new."""
        self.blockSignals(True)
        self.clear()
        self._search_model.clear()
        first, rest = frequent_first(list(languages), frequent, lambda language: language.tag)
        self._languages = first + rest
        self._by_tag = {language.tag: language for language in self._languages}
        if self._everything:
            self.addItem(self._everything, "")
            self._add_search_row("", self._everything, search_text_of("", self._everything))
        for language in first:
            self.addItem(language.label, language.tag)
        if first and rest:
            self.insertSeparator(self.count())
        for language in rest:
            self.addItem(language.label, language.tag)
        for language in self._languages:
            self._add_search_row(language.tag, language.label, search_key(language))
        self.blockSignals(False)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Enter chooses the language typed (see _restore_text_if_unknown); it must not also press the dialog's
        # default button, which saved a client before the language was even added.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def completer(self) -> QCompleter:  # noqa: D102 - the folded-key completer, not the combo's default
        return self._completer

    def matching_tags(self) -> list[str]:
        """The tags the completer offers for the text typed so far."""
        return [self._matching.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(self._matching.rowCount())]

    def add_tag(self, tag: str, label: str) -> None:
        """Offers a tag the list lacked (a client's or interpreter's language from an older record), by its name."""
        if self.findData(tag) < 0:
            self.addItem(label, tag)
            self._add_search_row(tag, label, search_text_of(tag, label))

    def _add_search_row(self, tag: str, label: str, key: str) -> None:
        item = QStandardItem(label)
        item.setData(key, SEARCH_ROLE)
        item.setData(tag, Qt.ItemDataRole.UserRole)
        self._search_model.appendRow(item)

    def _completed(self, index: QModelIndex) -> None:
        tag = index.data(Qt.ItemDataRole.UserRole)
        if not self.select_tag(tag):
            return
        # The completer writes its search key into the line edit right after this signal: put the label back after.
        QTimer.singleShot(0, self, self._show_current_label)

    def _show_current_label(self) -> None:
        self.setEditText(self.itemText(self.currentIndex()))

    def current_tag(self) -> str:
        # An empty combo has no data to hand back (see scripts_view.NO_SESSION for why None is avoided).
        return self.currentData() if self.currentIndex() >= 0 else ""

    def current_language(self) -> Language | None:
        return self._by_tag.get(self.current_tag())

    def offered_tags(self) -> list[str]:
        """The tags in the order the list shows them (the frequent ones first)."""
        return [language.tag for language in self._languages]

    def select_tag(self, tag: str) -> bool:
        """Selects ``tag`` if offered; returns False (selection unchanged) otherwise."""
        index = self.findData(tag)
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True

    def _emit_choice(self, index: int) -> None:
        if index >= 0:
            self.language_chosen.emit(self.itemData(index))

    def _restore_text_if_unknown(self) -> None:
        # Typed text that names a language ("Tagalog", then Enter) chooses the first that fits; text that names
        # none must not linger as if it were chosen.
        match = self.findText(self.currentText(), Qt.MatchFlag.MatchFixedString)
        if match >= 0 and self.itemData(match) is not None:  # never the separator
            self.setCurrentIndex(match)
            return
        self._matching.set_query(self.currentText())
        fitting = self.matching_tags()
        if self.currentText().strip() and fitting:
            self.select_tag(fitting[0])
        self._matching.set_query("")
        self.setEditText(self.itemText(self.currentIndex()))


def search_text_of(tag: str, label: str) -> str:
    """The search key of a tag added by hand: its label's words and the other names people use for it."""
    return search_text(Language(tag=tag, name=label, native="", right_to_left=False, catalog=None))


class _MatchingLanguages(QSortFilterProxyModel):
    """The rows of the picker's search model whose words start with the typed words (language_search.matches)."""

    _query = ""  # also on the class: Qt may filter before __init__ has set it (seen once, under load)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt API
        return matches(self._query, self.sourceModel().index(row, 0, parent).data(SEARCH_ROLE))


class FrequentLanguagesPicker(QWidget):
    """Tick the client languages met most often; a filter above the list narrows it as you type.

    ``chosen_tags()`` gives them in the order they were ticked, so the first one ticked is listed first."""

    changed = Signal()

    def __init__(self, languages: list[Language], parent: QWidget | None = None, *, visible_rows: int = 6):
        super().__init__(parent)
        self._order: list[str] = []
        self._labels = {language.tag: language.name for language in languages}
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_("Type to find a language"))
        self.filter_edit.setAccessibleName(_("Find a language"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("Languages you meet most"))
        self.list.setAccessibleDescription(_("Press Space to tick or untick a language."))
        for language in languages:
            item = QListWidgetItem(language.label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, language.tag)
            item.setData(SEARCH_ROLE, search_key(language))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        rows = min(visible_rows, max(1, self.list.count()))
        row_height = max(self.list.sizeHintForRow(0), self.list.fontMetrics().lineSpacing())
        self.list.setMinimumHeight(rows * row_height + 2 * self.list.frameWidth() + 4)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # names are short; wrap none
        self.list.itemChanged.connect(self._item_changed)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.filter_edit)
        # A label's Alt shortcut gives focus only to a buddy that accepts focus; the proxy then hands it on.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._show_summary()

    def chosen_tags(self) -> list[str]:
        return list(self._order)

    def within_limit(self) -> bool:
        """False while more are ticked than work_profile stores (the summary line then says so)."""
        return len(self._order) <= MAX_FREQUENT_LANGUAGES

    def set_chosen(self, tags: Sequence[str]) -> None:
        wanted = [tag for tag in dict.fromkeys(tags) if tag in self._labels]
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._order = wanted
        self._show_summary()
        self.changed.emit()

    def _item_changed(self, item: QListWidgetItem) -> None:
        tag = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked and tag not in self._order:
            self._order.append(tag)
        elif item.checkState() != Qt.CheckState.Checked and tag in self._order:
            self._order.remove(tag)
        self._show_summary()
        self.changed.emit()

    def _filter(self, text: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(not matches(text, item.data(SEARCH_ROLE)))
        # Space ticks the current row: it must never be one the filter hides (it once unticked an unseen Punjabi).
        current = self.list.currentItem()
        if current is None or current.isHidden():
            visible = [self.list.item(row) for row in range(self.list.count()) if not self.list.item(row).isHidden()]
            self.list.setCurrentItem(visible[0] if visible else None)

    def _show_summary(self) -> None:
        if not self.within_limit():  # the words work_profile.set_frequent_languages refuses the list with
            self.summary.setText(too_many_languages_message())
        elif self._order:
            self.summary.setText(_("Listed first: {languages}").format(
                languages=format_list(self._labels[tag] for tag in self._order)))
        else:
            self.summary.setText(_("None ticked yet. You can leave this empty and choose later."))

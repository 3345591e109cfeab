"""A searchable language picker: each entry reads "Punjabi — ਪੰਜਾਬੀ"; typing part of either name narrows it.

The languages the worker meets most (chosen on the first run, kept in the vault) come first, above a separator.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
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
from desktop.ui.widgets.search_combo import SEARCH_ROLE, SearchCombo


def search_key(language: Language) -> str:
    """The folded words the filters match typed text against (language_search.search_text): "Tagalog" finds
    Filipino."""
    return search_text(language)


class LanguagePicker(SearchCombo):
    """An editable combo box over Language records; ``language_chosen`` carries the BCP 47 tag.

    ``frequent`` (tags, e.g. from work_profile.frequent_languages) are listed first, in that order. Typed text is
    matched the way language_search.search matches it (folded words: "francais" finds "French — français",
    "K'iche'" with a plain apostrophe finds "Kʼicheʼ", "Tagalog" finds Filipino)."""

    language_chosen = Signal(str)

    def __init__(self, languages: list[Language], parent=None, *, frequent: Sequence[str] = (), everything: str = ""):
        """``everything``: the label of a first choice meaning "any language" (a filter), whose tag is ''."""
        super().__init__(parent)
        self._everything = everything
        self.set_languages(languages, frequent)
        self.currentIndexChanged.connect(self._emit_choice)

    def set_languages(self, languages: list[Language], frequent: Sequence[str] = ()) -> None:
        """Offers ``languages`` (the frequent ones first, above a separator), choosing nothing new."""
        self.blockSignals(True)
        self.clear_choices()
        first, rest = frequent_first(list(languages), frequent, lambda language: language.tag)
        self._languages = first + rest
        self._by_tag = {language.tag: language for language in self._languages}
        if self._everything:
            self.add_choice("", self._everything, search_text_of("", self._everything))
        for language in first:
            self.add_choice(language.tag, language.label, search_key(language))
        if first and rest:
            self.insertSeparator(self.count())
        for language in rest:
            self.add_choice(language.tag, language.label, search_key(language))
        self.blockSignals(False)

    def matching_tags(self) -> list[str]:
        """The tags the completer offers for the text typed so far."""
        return self.matching_values()

    def add_tag(self, tag: str, label: str) -> None:
        """Offers a tag the list lacked (a client's or interpreter's language from an older record), by its name."""
        if self.findData(tag) < 0:
            self.add_choice(tag, label, search_text_of(tag, label))

    def current_tag(self) -> str:
        return self.current_value()

    def current_language(self) -> Language | None:
        return self._by_tag.get(self.current_tag())

    def offered_tags(self) -> list[str]:
        """The tags in the order the list shows them (the frequent ones first)."""
        return [language.tag for language in self._languages]

    def select_tag(self, tag: str) -> bool:
        """Selects ``tag`` if offered; returns False (selection unchanged) otherwise."""
        return self.select_value(tag)

    def _emit_choice(self, index: int) -> None:
        if index >= 0:
            self.language_chosen.emit(self.itemData(index))


def search_text_of(tag: str, label: str) -> str:
    """The search key of a tag added by hand: its label's words and the other names people use for it."""
    return search_text(Language(tag=tag, name=label, native="", right_to_left=False, catalog=None))


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

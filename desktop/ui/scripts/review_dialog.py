"""Review mode: a qualified translator checks one language, paragraph by paragraph, the English source beside the
draft. They can mark a paragraph checked, correct its words, add a back-translation and a note; the reviewer is
picked from the interpreter directory (where credentials live) or typed. Everything is kept in the vault
(desktop/core/scripts/reviews.py). The reviewed catalog goes out and comes in as a .po file (review_files.py).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.common import languages
from desktop.core.common.formatting import format_date
from desktop.core.interpreters.directory import best_credential, list_interpreters
from desktop.core.scripts import catalogs, reviews
from desktop.core.scripts.reviews import Reviewer, ReviewInvalid
from desktop.core.vault.db import utc_now
from desktop.i18n import _
from desktop.ui.scripts.fonts import font_for
from desktop.ui.scripts.review_files import ReviewFiles
from desktop.ui.shell.context import AppContext, DataKind
from desktop.ui.widgets.fit_width import wrapping_rows
from desktop.ui.widgets.screen_fit import scrolling_body
from desktop.ui.widgets.speech import message_label, say


class ReviewDialog(QDialog):
    def __init__(self, context: AppContext, locale: str, *, script_id: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.locale = locale
        self.language = languages.describe(languages.locale_to_tag(locale)).name
        self.setWindowTitle(_("Review the {language} translation").format(language=self.language))
        self.sources = dict(catalogs.template())
        self.keys = list(self.sources)
        self.shipped: dict[str, tuple[str, bool]] = {}
        self.stored: dict[str, reviews.ParagraphReview] = {}
        self._build()
        self.files = ReviewFiles(context, locale, self, self.reviewer)
        self.files.imported.connect(self._refresh)
        self.export_button.clicked.connect(self.files.export)
        self.import_button.clicked.connect(self.files.import_file)
        context.events.about_to_lock.connect(self.reject)  # nothing of the vault stays on screen once locked
        self._refresh()
        first = next((i for i, key in enumerate(self.keys) if key.startswith(f"{script_id}.")), 0)
        self.paragraph_list.setCurrentRow(first)

    # -- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.reviewer_picker = QComboBox()
        self.reviewer_picker.setEditable(True)
        self.reviewer_picker.setAccessibleName(_("Reviewer"))
        self.reviewer_picker.lineEdit().setPlaceholderText(_("Pick from the interpreter directory, or type a name"))
        self.credential_edit = QLineEdit()
        self.credential_edit.setPlaceholderText(_("For example: certified translator, OTTIAQ"))
        self._fill_reviewers()
        self.reviewer_picker.activated.connect(self._reviewer_picked)
        who = QFormLayout()
        who.addRow(_("&Reviewer:"), self.reviewer_picker)
        who.addRow(_("Cre&dential:"), self.credential_edit)

        self.paragraph_list = wrapping_rows(QListWidget())
        self.paragraph_list.setAccessibleName(_("Paragraphs"))
        self.paragraph_list.currentRowChanged.connect(self._show_paragraph)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setTextFormat(Qt.TextFormat.PlainText)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.back_edit = QPlainTextEdit()
        self.note_edit = QPlainTextEdit()
        right_to_left = languages.is_right_to_left(self.locale)
        family = font_for(self.locale).family
        for edit in (self.text_edit, self.back_edit, self.note_edit):
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(110)
        self.text_edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft if right_to_left
                                          else Qt.LayoutDirection.LeftToRight)
        if family:
            font = self.text_edit.font()
            font.setFamily(family)
            self.text_edit.setFont(font)
        self.checked_box = QCheckBox(_("&Checked: this paragraph says what the English says, in plain words"))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        message_label(self.error_label, _("Problem"))
        form = QFormLayout()
        form.addRow(_("English source:"), self.source_label)
        form.addRow(_("&Translation:"), self.text_edit)
        form.addRow(_("&Back-translation:"), self.back_edit)
        form.addRow(_("&Note:"), self.note_edit)
        form.addRow("", self.checked_box)
        form.addRow("", self.status_label)
        self.save_button = QPushButton(_("&Save and go to the next"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_and_next)
        self.previous_button = QPushButton(_("&Previous"))
        self.previous_button.clicked.connect(lambda: self.paragraph_list.setCurrentRow(
            max(0, self.paragraph_list.currentRow() - 1)))
        self.export_button = QPushButton(_("E&xport reviewed catalog…"))
        self.import_button = QPushButton(_("&Import reviewed catalog…"))
        steps = QHBoxLayout()
        for button in (self.previous_button, self.save_button):
            steps.addWidget(button)
        steps.addStretch(1)
        for button in (self.import_button, self.export_button):
            steps.addWidget(button)
        editor = QVBoxLayout()
        editor.addLayout(form)
        editor.addWidget(self.error_label)
        editor.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.paragraph_list, 1)
        body.addLayout(editor, 3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(_("One paragraph at a time: read the English, then the translation. Correct it if needed, "
                         "write what it says back in English, and mark it checked. Your name, credential and the "
                         "date are kept with each paragraph you check."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(who)
        layout.addLayout(body, 1)
        layout.addLayout(steps)
        layout.addWidget(close)
        scrolling_body(self, QSize(980, 640))  # roomy where the screen allows; within it, the rest scrolls

    def _fill_reviewers(self) -> None:
        """Interpreters who work in this language first, then the others; each with their best valid credential."""
        today = utc_now().date()
        language = languages.locale_to_tag(self.locale).split("-")[0]
        people = [p for p in list_interpreters(self.context.db, active_only=True) if not p.is_agency]
        people.sort(key=lambda p: (not any(tag.split("-")[0] == language for tag in p.languages), p.name.casefold()))
        self.reviewer_picker.addItem("", "")
        for person in people:
            credential = best_credential(person, today)
            text = ", ".join(part for part in (credential.title, credential.body) if part) if credential else ""
            self.reviewer_picker.addItem(person.name, text)
        self.reviewer_picker.setCurrentIndex(0)

    def _reviewer_picked(self, index: int) -> None:
        self.credential_edit.setText(self.reviewer_picker.itemData(index) or "")

    def reviewer(self) -> Reviewer:
        return Reviewer(self.reviewer_picker.currentText().strip(), self.credential_edit.text().strip())

    # -- showing and saving ----------------------------------------------------------------------------------
    def _refresh(self) -> None:
        row = max(0, self.paragraph_list.currentRow())
        self.shipped = catalogs.translations(self.locale)
        self.stored = reviews.reviews_for(self.context.db, self.locale)
        self.paragraph_list.blockSignals(True)
        self.paragraph_list.clear()
        for key in self.keys:
            item = QListWidgetItem(_("{paragraph} · {status}").format(paragraph=key, status=self._status_word(key)))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.paragraph_list.addItem(item)
        self.paragraph_list.blockSignals(False)
        self.paragraph_list.setCurrentRow(min(row, len(self.keys) - 1))
        self._show_paragraph(self.paragraph_list.currentRow())

    def current_key(self) -> str:
        return self.keys[max(0, self.paragraph_list.currentRow())]

    def _status_word(self, key: str) -> str:
        review = self.stored.get(key)
        if review is not None and review.stale:
            return _("check again")
        if review is not None and review.checked:
            return _("checked")
        text = self.shipped.get(key, ("", True))[0]
        if text.strip() and catalogs.placeholder_problem(self.sources[key], text):
            return _("cannot be used")
        return _("draft") if text.strip() else _("not translated")

    def _show_paragraph(self, row: int) -> None:
        if not 0 <= row < len(self.keys):
            return
        key = self.keys[row]
        review = self.stored.get(key)
        self.source_label.setText(self.sources[key])
        shipped = self.shipped.get(key, ("", True))[0]
        self.text_edit.setPlainText(review.text if review is not None and review.text else shipped)
        self.back_edit.setPlainText(review.back_translation if review else "")
        self.note_edit.setPlainText(review.note if review else "")
        self.checked_box.setChecked(bool(review and review.checked and not review.stale))
        self.status_label.setText(self._status_sentence(key, review, shipped))
        self.error_label.setVisible(False)

    def _status_sentence(self, key: str, review: reviews.ParagraphReview | None, shipped: str) -> str:
        if review is not None:
            values = {"name": review.reviewer.name, "date": format_date(review.reviewed_on)}
            if review.stale:
                return _("{name} reviewed this on {date}, but the English has changed since. Check it again.").format(
                    **values)
            if review.checked:
                return _("Checked by {name} on {date}.").format(**values)
        problem = catalogs.placeholder_problem(self.sources[key], shipped) if shipped.strip() else ""
        if problem:
            return _("The shipped translation cannot be shown to a client: {problem}. Correct it here.").format(
                problem=problem)
        return _("Draft: not checked yet.")

    def save_and_next(self) -> bool:
        """Stores this paragraph's review; a refusal is said in a sentence and changes nothing."""
        key = self.current_key()
        shipped = self.shipped.get(key, ("", True))[0]
        text = self.text_edit.toPlainText().strip()
        back, note = self.back_edit.toPlainText(), self.note_edit.toPlainText()
        checked = self.checked_box.isChecked()
        try:
            if not checked and text == shipped and not back.strip() and not note.strip():
                reviews.clear_review(self.context.db, self.locale, key)  # nothing left to record
            else:
                reviews.save_review(self.context.db, self.locale, key, checked=checked, reviewer=self.reviewer(),
                                    text="" if text == shipped else text, back_translation=back, note=note)
        except ReviewInvalid as refused:
            say(self.error_label, str(refused), urgent=True)
            self.error_label.setVisible(True)
            return False
        self.context.events.changed(DataKind.SCRIPT_REVIEWS)
        row = self.paragraph_list.currentRow()
        self._refresh()
        self.paragraph_list.setCurrentRow(min(row + 1, len(self.keys) - 1))
        return True

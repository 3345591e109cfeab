"""The user guide's pictures (docs/USER_GUIDE.md and USER_GUIDE.fr.md), taken from the real app on the demo vault.

Each capture opens one screen or dialog the way the worker would reach it (through the same widgets and calls),
grabs it, and closes it again. Run through docs/take_screenshots.py; the test in tests/ui/test_take_screenshots.py
runs one capture so this file cannot quietly stop working.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from guide_first_run import damaged_vault, first_run, restore_dialog, unlock_screens
from guide_studio import Studio, close_demo, open_demo


# -- task 1: a client and a session note -----------------------------------------------------------------------------
def sections(studio: Studio) -> None:
    for key in ("today", "clients"):
        studio.window.navigate(key)
        studio.save(studio.window, f"section-{key}")


def add_client(studio: Studio) -> None:
    from desktop.ui.clients.client_editor import ClientEditor

    editor = ClientEditor(studio.context, None, studio.window)
    editor.first_name.setText(studio.text["first_name"])
    editor.languages_edit.set_tags([tag.strip() for tag in studio.text["languages"].split(",")])
    editor.show()
    studio.save(editor, "add-client")
    editor.save()
    studio.close(editor)


def session_note(studio: Studio) -> None:
    from datetime import date

    from desktop.core.records import promises, sessions

    client_id = studio.client_id(studio.text["first_name"])
    studio.window.navigate("clients", client_id)
    studio.save(studio.window, "client-page")
    session = sessions.create_session(studio.context.db, client_id, worker=studio.context.worker_name,
                                      language="es-MX", place=studio.text["place"])
    promises.add_promise(studio.context.db, client_id, studio.text["promise"], date.today() + timedelta(days=3),
                         session_id=session.id)
    studio.window.navigate("clients", {"session_id": session.id})
    editor = studio.window.section_widget("clients").session_editor
    editor.notes_edit.setPlainText(studio.text["notes"])
    editor.flush()
    editor.stop_reason.setCurrentIndex(editor.stop_reason.findData("time"))
    editor.stop_note.setText(studio.text["stop"])
    editor.save_stop()
    studio.save(studio.window, "session-note")
    studio.window.navigate("clients", client_id)


# -- task 2: scripts ----------------------------------------------------------------------------------------------
def scripts(studio: Studio) -> None:
    from desktop.core.records import sessions

    mei = studio.client_id("Mei")
    newest = sessions.sessions_for_client(studio.context.db, mei)[0]
    studio.window.navigate("scripts", {"session_id": newest.id, "language": "zh-Hant", "script": "role"})
    view = studio.window.section_widget("scripts")
    for _paragraph in range(2):
        view.mark_read()
    studio.save(studio.window, "scripts-side-by-side")
    view.present()
    view.presentation.resize(1024, 640)
    studio.save(view.presentation, "scripts-presentation")
    view.close_presentation()
    view.client_picker.select_tag("quc")  # K'iche': no written script, a live interpreter instead
    studio.save(studio.window, "scripts-live-interpreter")
    view.client_picker.select_tag("zh-Hant")


# -- task 3: interpreters and bookings ---------------------------------------------------------------------------------
def interpreters(studio: Studio) -> None:
    from desktop.core.interpreters import bookings

    studio.window.navigate("bookings", {"client_id": studio.client_id("Mei")})
    studio.save(studio.window, "find-interpreter")
    mei = studio.client_id("Mei")
    booking = max(bookings.bookings_for_client(studio.context.db, mei), key=lambda b: b.starts_at)  # clinic visit
    studio.window.navigate("bookings", {"booking_id": booking.id})
    studio.save(studio.window, "booking")
    editor = studio.window.section_widget("bookings").editor
    dialog = editor.request_message()
    studio.save(dialog, "booking-request")
    studio.close(dialog)
    studio.window.navigate("bookings")
    studio.window.section_widget("bookings").tabs.setCurrentIndex(0)
    studio.save(studio.window, "bookings-week")


# -- task 4: consent, sharing, duty to report, audit ------------------------------------------------------------------
def consent(studio: Studio) -> None:
    from desktop.ui.consent.share_dialogs import ShareDialog

    client_id = studio.client_id(studio.text["first_name"])
    studio.window.navigate("clients", client_id)
    page = studio.window.section_widget("clients").client_page
    page.tabs.setCurrentWidget(page.consents)
    dialog = page.consents.record_consent()
    dialog.recipient_edit.setText(studio.text["recipient"])
    dialog.next_step()
    dialog.purpose_edit.setText(studio.text["purpose"])
    dialog.next_step()
    for category in ("first_name", "language_needs"):
        dialog.category_boxes[category].setChecked(True)
    dialog.next_step()
    studio.save(dialog, "consent-help-not-conditional")
    dialog.help_box.setChecked(True)
    dialog.risks_box.setChecked(True)
    dialog.next_step()
    dialog.interpreter_edit.setText("Marisol")
    dialog.language_edit.set_tag("es")
    dialog.next_step()
    dialog.next_step()
    studio.save(dialog, "consent-read-back")
    dialog.next_step()  # saves
    studio.close(dialog)
    studio.save(studio.window, "consent-panel")

    share = ShareDialog(studio.context, client_id, studio.window, channel="clipboard")
    share.recipient_combo.setEditText(studio.text["other"])
    share.purpose_edit.setText(studio.text["purpose"])
    share.category_boxes["first_name"].setChecked(True)
    share.show()
    studio.save(share, "share")
    share.share()  # no consent names this recipient: refused, and logged
    studio.save(share.refusal_dialog, "share-refused")
    studio.close(share.refusal_dialog)
    duty = share.open_duty_to_report()
    duty.resize(760, 640)
    studio.save(duty, "duty-to-report")
    studio.close(duty, share)
    studio.window.navigate("audit")
    studio.save(studio.window, "audit-log")


# -- task 5 and the rest: lock, preferences, shortcuts ----------------------------------------------------------------
def settings_and_keys(studio: Studio) -> None:
    from desktop.ui.shell.preferences_dialog import PreferencesDialog
    from desktop.ui.shell.shortcuts_help import ShortcutsDialog

    studio.window.navigate("today")
    dialog = PreferencesDialog(studio.context, studio.window)
    dialog.resize(1040, 760)  # as on a laptop: its two upper groups side by side (the offscreen screen is smaller)
    dialog.show()
    studio.save(dialog, "preferences")
    studio.close(dialog)
    shortcuts = ShortcutsDialog(studio.window)
    shortcuts.resize(720, 760)
    shortcuts.show()
    studio.save(shortcuts, "shortcuts")
    studio.close(shortcuts)


def tour(studio: Studio) -> None:
    """The short tour (Help > Take the tour), one picture per step: the window with the tour panel on it."""
    start = getattr(studio.window, "start_tour", None)
    if start is None:  # a Harbour without the tour
        return
    studio.window.resize(1280, 800)
    panel = start()
    for number in range(1, 20):
        studio.settle()
        _save_window_with(studio, panel, f"tour-{number}")
        if panel.index >= panel.step_count - 1:
            break
        panel.next_step()
    panel.skip()
    studio.settle()


def _save_window_with(studio: Studio, panel, name: str) -> Path:
    """The main window with a separate top-level panel painted where it stands over it."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    picture = studio.window.grab()
    offset = panel.frameGeometry().topLeft() - studio.window.geometry().topLeft()
    right = picture.width() - panel.width() - 16
    bottom = picture.height() - panel.height() - 16
    place = QPoint(max(0, min(offset.x(), right)), max(0, min(offset.y(), bottom)))
    painter = QPainter(picture)
    painter.drawPixmap(place, panel.grab())
    painter.end()
    path = studio.out / f"{name}.png"
    picture.save(str(path))
    studio.saved.append(path)
    return path


# Order matters: the consent capture uses the client that add_client made.
CAPTURES: list[tuple[str, Callable[[Studio], None]]] = [
    ("first_run", first_run), ("unlock", unlock_screens), ("damaged_vault", damaged_vault),
    ("restore_dialog", restore_dialog),
    ("sections", sections), ("add_client", add_client), ("session_note", session_note), ("scripts", scripts),
    ("interpreters", interpreters), ("consent", consent), ("settings_and_keys", settings_and_keys), ("tour", tour),
]


def shoot_guide(app, locale: str, out: Path, work: Path, only: list[str] | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    studio = open_demo(app, locale, out, work)
    try:
        for name, capture in CAPTURES:
            if not only or name in only:
                capture(studio)
    finally:
        close_demo(studio)
    return studio.saved

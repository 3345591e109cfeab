"""The tour of the five main tasks: it opens by itself in the demo, walks the main window through the sections,
closes on Skip or Esc, never opens by itself on a real vault, and Help > Take the tour brings it back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop import i18n
from desktop.core.demo.demo_vault import DEMO_PASSPHRASE, create_demo_vault, remove_demo
from desktop.core.vault.keys import TEST_COST
from desktop.ui.shell import theme
from desktop.ui.shell.controller import HarbourController
from desktop.ui.shell.tour import STEPS, TourPanel
from desktop.ui.widgets.operations import wait_for_running
from tests.conftest import TEST_PASSPHRASE


@pytest.fixture
def demo_controller(qapp, preferences):
    vault, folder = create_demo_vault()
    made = HarbourController(qapp, preferences, vault.folder, demo_passphrase=DEMO_PASSPHRASE)
    made.start(vault)
    yield made
    made.shutdown()
    made.unlock_window.close()
    remove_demo(folder)


@pytest.fixture
def real_controller(qapp, preferences, vault):
    vault.lock()
    made = HarbourController(qapp, preferences, vault.folder, cost=TEST_COST)
    made.start()
    made.unlock_window.secret.setText(TEST_PASSPHRASE)
    made.unlock_window.unlock_button.click()
    wait_for_running()  # unlocking runs on a worker thread
    yield made
    made.shutdown()
    made.unlock_window.close()


def test_the_demo_opens_on_the_tour(demo_controller):
    tour = demo_controller.main_window.tour
    assert isinstance(tour, TourPanel) and tour.isVisible()
    assert not tour.isModal(), "the worker can try each control while the tour is open"
    assert tour.progress.text() == "Step 1 of 5"
    assert tour.heading.text() == "Add a client and write a session note"
    assert demo_controller.main_window.current_section() == "clients"


def test_each_step_shows_its_section_and_outlines_a_control_in_it(demo_controller):
    window = demo_controller.main_window
    tour = window.tour
    seen = []
    for number in range(1, tour.step_count + 1):
        assert tour.progress.text() == f"Step {number} of 5"
        step = tour.current_step()
        assert window.current_section() == step.section
        target = tour.highlighted()
        assert target is not None and target.isVisible(), step.key
        section = window.section_widget(step.section)
        assert section.isAncestorOf(target) or target.parentWidget() is window.toolbar
        assert 2 <= tour.body.text().count(". ") + 1 <= 4, "two or three plain sentences"
        seen.append(step.section)
        tour.next_button.click()
    assert seen == ["clients", "scripts", "bookings", "audit", "today"]
    assert not tour.isVisible(), "Finish on the last step closes the tour"


def test_the_five_main_tasks_in_order():
    assert [step.key for step in STEPS] == ["notes", "scripts", "interpreters", "consent", "lock"]


def test_back_returns_to_the_previous_step_and_is_off_on_the_first(demo_controller):
    tour = demo_controller.main_window.tour
    assert not tour.back_button.isEnabled()
    tour.next_button.click()
    tour.next_button.click()
    assert demo_controller.main_window.current_section() == "bookings"
    assert demo_controller.main_window.section_widget("bookings").tabs.currentWidget() is \
        demo_controller.main_window.section_widget("bookings").matching
    tour.back_button.click()
    assert tour.progress.text() == "Step 2 of 5"
    assert demo_controller.main_window.current_section() == "scripts"


def test_the_last_step_names_the_keys_and_the_idle_lock(demo_controller):
    tour = demo_controller.main_window.tour
    tour.show_step(tour.step_count - 1)
    assert "F12" in tour.body.text() and "Ctrl+L" in tour.body.text()
    minutes = demo_controller.preferences.get("idle_lock_minutes")
    assert f"{minutes} minutes" in tour.body.text()
    assert tour.next_button.text() == "&Finish"
    assert tour.highlighted() is demo_controller.main_window.toolbar.widgetForAction(
        demo_controller.main_window.lock_action)


def test_skip_closes_the_tour_and_removes_the_outline(demo_controller):
    window = demo_controller.main_window
    window.tour.skip_button.click()
    assert window.tour is None
    outlines = [child for child in window.findChildren(type(window.centralWidget())) if
                type(child).__name__ == "_Outline" and child.isVisible()]
    assert outlines == []


def test_escape_skips_the_tour(qtbot, demo_controller):
    tour = demo_controller.main_window.tour
    qtbot.keyClick(tour, Qt.Key.Key_Escape)
    assert not tour.isVisible()
    assert demo_controller.main_window.tour is None


def test_the_help_menu_opens_the_tour_again(demo_controller):
    window = demo_controller.main_window
    window.tour.skip()
    assert window.tour_action in window.menuBar().actions()[-1].menu().actions()
    window.tour_action.trigger()
    assert window.tour is not None and window.tour.isVisible()
    assert window.tour.progress.text() == "Step 1 of 5"


def test_the_demo_tour_opens_once_not_after_every_unlock(demo_controller):
    demo_controller.main_window.tour.skip()
    demo_controller.lock()
    demo_controller.unlock_window.secret.setText(DEMO_PASSPHRASE)
    demo_controller.unlock_window.unlock_button.click()
    wait_for_running()  # unlocking runs on a worker thread
    assert demo_controller.main_window is not None
    assert demo_controller.main_window.tour is None


def test_a_real_vault_never_opens_the_tour_by_itself(real_controller):
    window = real_controller.main_window
    assert window is not None and window.tour is None
    window.tour_action.trigger()  # but the worker can ask for it, and it works on an empty vault
    for _step in range(window.tour.step_count - 1):
        window.tour.next_step()
    assert window.current_section() == "today"


def test_the_tour_is_keyboard_driven_and_named(demo_controller):
    tour = demo_controller.main_window.tour
    assert tour.next_button.isDefault()
    assert tour.focusWidget() in (tour.next_button, None) or tour.next_button.hasFocus()
    letters = [button.text().split("&")[1][0].casefold() for button in tour.findChildren(QPushButton)]
    assert len(letters) == len(set(letters)), letters
    for label in (tour.progress, tour.heading, tour.body):
        # Heard as their words (a label's accessible name would replace its text), said for what they are after.
        assert label.text() and not label.accessibleName() and label.accessibleDescription()
    assert "step 1 of 5" in tour.accessibleName().casefold()
    assert all(label.wordWrap() for label in (tour.heading, tour.body))


@pytest.mark.parametrize("locale", ["en", "fr_CA", "es"])
def test_the_tour_fits_beside_the_window_at_200_percent(qapp, demo_controller, locale):
    theme.apply_theme(qapp, "light", 200)
    i18n.setup_i18n(locale)
    try:
        tour = TourPanel(demo_controller.main_window, idle_minutes=5)
        worst = 0
        for index in range(tour.step_count):
            tour.show_step(index)
            needed = tour.sizeHint()
            worst = max(worst, needed.height())
            assert needed.width() <= 1000, f"step {index + 1} needs {needed.width()} px wide"
        assert worst <= 700, f"the tallest step needs {worst} px"
        assert all(isinstance(label, QLabel) for label in (tour.heading, tour.body))
        tour.close()
    finally:
        i18n.setup_i18n("en")
        theme.apply_theme(qapp, "light", 100)


@pytest.mark.parametrize("locale", ["en", "fr_CA", "es"])
def test_the_tour_buttons_have_their_own_alt_letters_in_each_language(qtbot, demo_controller, locale):
    from tests.ui.test_theme_and_accessibility import _visible_mnemonics_in, unlabelled

    i18n.setup_i18n(locale)
    try:
        tour = TourPanel(demo_controller.main_window, idle_minutes=5)
        qtbot.addWidget(tour)
        tour.start()
        for index in (0, tour.step_count - 1):  # Next, then Finish
            tour.show_step(index)
            assert unlabelled(tour) == []
            clashes = {letter: owners for letter, owners in _visible_mnemonics_in(tour).items() if len(owners) > 1}
            assert clashes == {}
        tour.skip()
    finally:
        i18n.setup_i18n("en")


@pytest.mark.parametrize("step", [0, 4])
def test_locking_with_the_tour_open_closes_it_with_the_window(qtbot, demo_controller, step):
    from PySide6.QtCore import QCoreApplication, QEvent

    demo_controller.main_window.tour.show_step(step)
    demo_controller.quick_hide()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert demo_controller.main_window is None
    assert not [w for w in qtbot_top_levels() if isinstance(w, TourPanel) and w.isVisible()]
    demo_controller.unlock_window.secret.setText(DEMO_PASSPHRASE)
    demo_controller.unlock_window.unlock_button.click()
    wait_for_running()  # unlocking runs on a worker thread
    assert demo_controller.main_window is not None and demo_controller.main_window.tour is None


def qtbot_top_levels():
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets()

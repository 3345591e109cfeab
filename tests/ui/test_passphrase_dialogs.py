"""Issue 15 findings 3 and 5 as a worker meets them: the change dialog asks for the current passphrase, the new
key route shows a new recovery key once, and the wizard explains a weak passphrase in the UI's language and asks
for an explicit "use it anyway"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop import i18n
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import Vault, WrongRecoveryKey
from desktop.ui.shell.controller import HarbourController
from desktop.ui.vault.passphrase import NewRecoveryKeyDialog, PassphrasePair
from tests.conftest import TEST_PASSPHRASE

NEW = "zebra lantern quietly 42"


@pytest.fixture
def unlocked(qapp, qtbot, preferences, tmp_path):
    vault, recovery_key = Vault.create(tmp_path / "vault", TEST_PASSPHRASE, cost=TEST_COST)
    controller = HarbourController(qapp, preferences, tmp_path / "vault", cost=TEST_COST)
    controller.start(vault)
    yield controller, recovery_key
    controller.shutdown()
    controller.unlock_window.close()


def _dialog(title):
    return next(w for w in QApplication.topLevelWidgets() if w.windowTitle() == title and w.isVisible())


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_a_wrong_current_passphrase_changes_nothing_and_says_so(qtbot, unlocked):
    controller, _recovery = unlocked
    key_before = (controller.folder / "key.json").read_bytes()
    controller.main_window.passphrase_action.trigger()
    dialog = _dialog("Change passphrase")
    qtbot.keyClicks(dialog.pair.first, NEW)
    qtbot.keyClicks(dialog.pair.second, NEW)
    assert not _ok(dialog).isEnabled()  # nothing happens without the current passphrase
    qtbot.keyClicks(dialog.current, "not my passphrase at all")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not your current passphrase" in dialog.message.text(), timeout=10000)
    assert (controller.folder / "key.json").read_bytes() == key_before
    dialog.current.wipe()
    qtbot.keyClicks(dialog.current, TEST_PASSPHRASE)
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    controller.lock()
    Vault.unlock(controller.folder, NEW).lock()


def test_i_think_someone_saw_my_passphrase_makes_a_new_key_and_shows_the_recovery_key_once(qtbot, unlocked):
    controller, old_recovery = unlocked
    controller.main_window.new_key_action.trigger()
    dialog = _dialog("Make a new key")
    qtbot.keyClicks(dialog.current, TEST_PASSPHRASE)
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(w, NewRecoveryKeyDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=20000)
    shown = next(w for w in QApplication.topLevelWidgets() if isinstance(w, NewRecoveryKeyDialog) and w.isVisible())
    new_recovery = shown.key_label.text()
    assert not shown.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    shown.stored.setChecked(True)
    qtbot.mouseClick(shown.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert shown.key_label.text() == ""  # shown once
    controller.lock()
    with pytest.raises(WrongRecoveryKey):
        Vault.unlock_with_recovery_key(controller.folder, old_recovery)
    Vault.unlock_with_recovery_key(controller.folder, new_recovery).lock()
    Vault.unlock(controller.folder, TEST_PASSPHRASE).lock()  # the passphrase was kept


@pytest.fixture
def french():
    i18n.setup_i18n("fr_CA")
    yield i18n.load_catalog("fr_CA")
    i18n.setup_i18n("en")


def test_a_weak_passphrase_is_explained_in_the_ui_language_and_needs_use_it_anyway(qtbot, french):
    pair = PassphrasePair()
    qtbot.addWidget(pair)
    qtbot.keyClicks(pair.first, "bluebird42x")
    qtbot.keyClicks(pair.second, "bluebird42x")
    assert "Add another word" not in pair.advice.text()  # zxcvbn's English never shows
    assert french.gettext("Add another word or two. Unusual words are better.") in pair.advice.text()
    assert pair.use_anyway.isVisibleTo(pair) and not pair.is_acceptable()
    pair.use_anyway.setChecked(True)
    assert pair.is_acceptable()


def test_the_weakest_passphrase_cannot_be_accepted_at_all(qtbot):
    pair = PassphrasePair()
    qtbot.addWidget(pair)
    qtbot.keyClicks(pair.first, "password12")
    qtbot.keyClicks(pair.second, "password12")
    assert not pair.use_anyway.isVisibleTo(pair) and not pair.is_acceptable()
    assert "common password" in pair.advice.text()

from PySide6.QtWidgets import QGroupBox

from desktop import i18n


def test_dbg(qtbot, context):
    from desktop.ui.shell.preferences_dialog import PreferencesDialog
    i18n.setup_i18n("fr_CA")
    d = PreferencesDialog(context)
    qtbot.addWidget(d)
    print("DBG", d.minimumSizeHint(), d.minimumSize(), d.sizeHint())
    for g in d.findChildren(QGroupBox):
        print("DBG", g.title(), g.minimumSizeHint(), g.sizeHint())
    i18n.setup_i18n("en")
    assert 0

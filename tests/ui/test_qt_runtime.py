"""The installed Qt binding must not leak references to None.

PySide6-Essentials 6.12.0 under Python 3.11 drops one reference to None on every call of a Qt method that returns
nothing (setText, setFocus, start ...). None's count starts near 5,000, so a working session would abort with
"Fatal Python error: none_dealloc" after a few thousand clicks or keystrokes. pyproject.toml excludes that version;
this test catches any other build with the same fault before a worker meets it.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLineEdit


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12; its count is not kept")
def test_void_qt_calls_keep_the_reference_count_of_none(qtbot):
    field = QLineEdit()
    qtbot.addWidget(field)
    before = sys.getrefcount(None)
    for _round in range(1000):
        field.setText("a")
        field.clear()
    assert abs(sys.getrefcount(None) - before) < 50

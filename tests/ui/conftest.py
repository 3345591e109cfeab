"""Fixtures shared by the UI tests."""

from __future__ import annotations

import pytest

from desktop.ui.shell import theme


@pytest.fixture
def themed(qapp):
    """The shared QApplication, left as it was found: other tests expect the default look and size."""
    font = qapp.font()
    style_name = qapp.style().name()
    yield qapp
    theme.apply_theme(qapp, "light", 100)
    qapp.setStyleSheet("")
    qapp.setFont(font)
    qapp.setStyle(style_name)

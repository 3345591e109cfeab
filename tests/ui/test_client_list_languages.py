"""The client list names languages in the worker's UI language, like every other screen."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.ui.models.clients_model import language_labels


@pytest.fixture
def french():
    i18n.setup_i18n("fr_CA")
    yield
    i18n.setup_i18n("en")


def test_client_list_language_names_follow_a_french_ui(french):
    assert language_labels(["es", "uk"], {}) == "espagnol, ukrainien"


def test_client_list_language_names_in_english_by_default():
    i18n.setup_i18n("en")
    assert language_labels(["es", "uk"], {}) == "Spanish, Ukrainian"

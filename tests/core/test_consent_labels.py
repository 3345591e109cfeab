"""The consent codes' words live in one place (core/consent/labels.py): every code the rules know has its label
there, and no label waits for a code that no longer exists."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.core.consent import audit, consents, gate, labels
from desktop.core.consent.matching import ConsentRequired


@pytest.mark.parametrize(("codes", "table"), [
    (consents.CATEGORIES, labels.CATEGORY_LABELS), (consents.PURPOSES, labels.PURPOSE_LABELS),
    (consents.METHODS, labels.METHOD_LABELS), (consents.STATUSES, labels.STATUS_LABELS),
    (gate.CHANNELS, labels.CHANNEL_LABELS), (gate.DUTY_REASONS, labels.DUTY_REASON_LABELS),
    (audit.OUTCOMES, labels.OUTCOME_LABELS), (audit.BASES, labels.BASIS_LABELS),
    (ConsentRequired.REASONS, labels.REFUSAL_LABELS),
], ids=lambda value: "" if isinstance(value, dict) else ",".join(value)[:30])
def test_every_code_has_exactly_one_label(codes, table):
    assert set(codes) == set(table)


def test_labels_are_translated_when_shown():
    try:
        i18n.setup_i18n("fr_CA")
        assert labels.channel_label("file_csv") != labels.CHANNEL_LABELS["file_csv"]
        assert labels.category_label("first_name") == "Prénom"
    finally:
        i18n.setup_i18n("en")
    assert labels.category_label("first_name") == "First name"


def test_a_refusal_reason_this_version_does_not_name_is_shown_as_recorded():
    assert labels.refusal_label("no_consent") == "no consent"
    assert labels.refusal_label("some_future_reason") == "some_future_reason"
    assert labels.refusal_label(None) == ""

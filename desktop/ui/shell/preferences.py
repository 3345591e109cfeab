"""UI preferences in QSettings. Only things that reveal nothing about clients may live here (DESIGN.md 2)."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QSettings

from desktop.i18n import available_ui_locales
from desktop.ui.shell.theme import MAX_ZOOM, MIN_ZOOM, THEMES

ORGANISATION = "Harbour"
APPLICATION = "Harbour"

_DEFAULTS = {
    "ui_locale": "en",
    "script_locale": "fr",
    "idle_lock_minutes": 5,
    "zoom_percent": 100,
    "theme": "light",          # light, dark, high-contrast
    "vault_folder": "",
    "presentation_font_pt": 36,
}

MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 1, 120
_LOCALE = re.compile(r"[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8}){0,3}")
_INVALID = object()
_WHOLE = re.compile(r"[+-]?[0-9]{1,9}")
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")


def _within(low: int, high: int) -> Callable[[int], bool]:
    return lambda value: low <= value <= high


_CHECKS: dict[str, Callable] = {
    "ui_locale": lambda value: value in available_ui_locales(),
    "script_locale": lambda value: bool(_LOCALE.fullmatch(value)),
    "idle_lock_minutes": _within(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES),
    "zoom_percent": _within(MIN_ZOOM, MAX_ZOOM),
    "theme": lambda value: value in THEMES,
    "vault_folder": lambda value: "\0" not in value and len(value) <= 4096,
    "presentation_font_pt": _within(12, 400),
}


def _as_kind_of(default, value):
    """``value`` as the kind of ``default`` (QSettings gives back text from an .ini file, a list for "a, b"),
    or _INVALID."""
    if isinstance(default, bool):
        text = str(value).strip().lower()
        return True if text in _TRUE else False if text in _FALSE else _INVALID
    if isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return int(value) if isinstance(value, str) and _WHOLE.fullmatch(value.strip()) else _INVALID
    if isinstance(default, str):
        return value if isinstance(value, str) else _INVALID
    return value


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings(ORGANISATION, APPLICATION)

    def get(self, key: str):
        """The stored value, or the default when none is stored or the stored one is not a value this preference
        can hold (a hand-edited or damaged settings file must not stop Harbour from starting)."""
        default = _DEFAULTS.get(key)
        value = _as_kind_of(default, self._settings.value(key, default))
        check = _CHECKS.get(key)
        if value is _INVALID or (check is not None and not check(value)):
            return default
        return value

    def is_set(self, key: str) -> bool:
        """True once a value was stored (the defaults above do not count): e.g. whether a UI language was chosen."""
        return self._settings.contains(key)

    def set(self, key: str, value) -> None:
        if key not in _DEFAULTS:
            raise KeyError(f"unknown preference {key!r}; add it to _DEFAULTS first")
        self._settings.setValue(key, value)
        self._settings.sync()

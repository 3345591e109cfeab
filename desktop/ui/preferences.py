"""UI preferences in QSettings. Only things that reveal nothing about clients may live here (DESIGN.md 2)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

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


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings(ORGANISATION, APPLICATION)

    def get(self, key: str):
        default = _DEFAULTS.get(key)
        value = self._settings.value(key, default)
        if isinstance(default, int) and not isinstance(value, int):
            try:
                return int(value)
            except (TypeError, ValueError):
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

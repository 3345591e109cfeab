"""A time-zone picker that shows names, never IANA IDs: "Pacific Time — Vancouver" in the UI language (CLDR through
Babel, core/common/time_zones.py), the zones a worker books in most listed first. Typing a city ("toronto"), a
zone's name ("Eastern") or its name in English narrows the list; the ID is kept underneath for storage.

Babel is imported with this module, which only the booking screens and Preferences load (never the first window).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal

from desktop.core.common import time_zones
from desktop.i18n import _
from desktop.ui.widgets.search_combo import SearchCombo


class ZonePicker(SearchCombo):
    """``zone_chosen`` carries the IANA ID. ``common`` zones come first, in that order, above a separator.

    Text that names no zone stays as typed (it is not put back silently): ``current_zone()`` is then '' and
    ``problem()`` says what is wrong, so the screen saves nothing and tells the worker why."""

    zone_chosen = Signal(str)

    def __init__(self, common: Sequence[str] = (), parent=None, *, accessible_name: str = "") -> None:
        super().__init__(parent, keep_unknown_text=True)
        self.setMinimumContentsLength(24)  # "Newfoundland Time — Saint John’s"
        self.setAccessibleName(accessible_name or _("Time zone"))
        self.setToolTip(_("Type a city or a zone's name, such as Toronto or Eastern Time."))
        everything = time_zones.zone_choices()
        first = [time_zones.choice(zone) for zone in dict.fromkeys(common)]
        listed = {each.zone for each in first}
        self.blockSignals(True)
        for each in first:
            self.add_choice(each.zone, each.name, each.search)
        if first:
            self.insertSeparator(self.count())
        for each in everything:
            self.add_choice(each.zone, each.name, each.search, listed=each.zone not in listed)
        self.blockSignals(False)
        self.currentIndexChanged.connect(self._emit_choice)

    def current_zone(self) -> str:
        """The chosen zone's ID, or '' while the field holds text that names no zone."""
        return "" if self.names_nothing() else self.current_value()

    def select_zone(self, zone: str) -> bool:
        """Shows ``zone`` by its name; a valid zone the list lacks (an older record's "US/Pacific") is added."""
        if self.findData(zone) < 0:
            named = time_zones.choice(zone)
            if named.name == zone:
                return False  # no zone Babel or the tz database knows: never shown as a bare ID
            self.add_choice(zone, named.name, named.search)
        if not self.select_value(zone):
            return False
        self._show_current_label()  # typed text left in the field goes, even when the zone was chosen already
        return True

    def problem(self) -> str:
        """A sentence for the worker when no zone is chosen (or the typed text names none), else ''."""
        if self.current_zone():
            return ""
        if self.currentText().strip():
            return time_zones.unknown_zone_message(self.currentText())
        return _("Choose a time zone from the list.")

    def _emit_choice(self, index: int) -> None:
        if index >= 0 and self.itemData(index):
            self.zone_chosen.emit(self.itemData(index))

"""Time zones by their names, never their IANA IDs (issue 18, "No codes"): "Pacific Time — Vancouver" in the UI
language, from CLDR through Babel, with the ID ("America/Vancouver") kept underneath for storage and for the .ics
file's TZID. A worker finds a zone by typing a city, the zone's name, or (in any UI language) its English name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import available_timezones

from babel.core import Locale, get_global
from babel.dates import get_timezone, get_timezone_location, get_timezone_name

from desktop.core.common.formatting import formatting_locale
from desktop.core.common.language_search import matches
from desktop.core.common.languages import fold
from desktop.i18n import _

# Zones named after a place people live; the rest of the tz database is legacy links ("US/Pacific", "EST5EDT").
_REGIONS = {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"}
_UNIVERSAL = {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Zulu", "Etc/Universal", "Etc/Zulu"}


@dataclass(frozen=True)
class ZoneChoice:
    zone: str          # the IANA ID, stored and written into calendar files
    name: str          # what the worker reads: "Pacific Time — Vancouver"
    search: str        # folded words typed text is matched against (time_zones.matching)


def zone_name(zone: str, locale: str | None = None) -> str:
    """'Pacific Time — Vancouver' ('heure du Pacifique — Vancouver' in French) for ``zone``; an ID Babel does not
    know is given back as it is (never raised: an old record still shows)."""
    return _zone_name(zone, str(formatting_locale(locale)))


@lru_cache(maxsize=4096)
def _zone_name(zone: str, locale: str) -> str:
    if zone in _UNIVERSAL:
        return _("Coordinated Universal Time (UTC)")
    try:
        tz = get_timezone(get_global("zone_aliases").get(zone, zone))
        city = get_timezone_location(tz, locale=locale, return_city=True)
        generic = get_timezone_name(tz, "long", "generic", locale=locale)
        if generic == get_timezone_location(tz, locale=locale):
            # No shared name in CLDR ("India Time", "Canada (Whitehorse) Time"): the country says where it is.
            territory = get_global("zone_territories").get(getattr(tz, "key", zone), "")
            generic = Locale.parse(locale).territories.get(territory, "")
    except (LookupError, ValueError, AttributeError):
        return zone
    if not generic or fold(generic) == fold(city):
        return city or zone
    return _("{zone_name} — {city}").format(zone_name=generic, city=city)


def zone_choices(locale: str | None = None) -> tuple[ZoneChoice, ...]:
    """Every zone named after a place, by name in the UI language (worked out once per language)."""
    return _choices(str(formatting_locale(locale)))


@lru_cache(maxsize=8)
def _choices(locale: str) -> tuple[ZoneChoice, ...]:
    aliases = get_global("zone_aliases")
    zones = [zone for zone in available_timezones() if zone.split("/")[0] in _REGIONS and zone not in aliases]
    choices = [choice(zone, locale) for zone in zones]
    return tuple(sorted(choices, key=lambda each: (fold(each.name), each.zone)))


def choice(zone: str, locale: str | None = None) -> ZoneChoice:
    """One zone as the pickers offer it: its name, and what finds it (the name, its English name, the ID's
    words, so "Eastern", "toronto" and "America/Toronto" all find it)."""
    locale = str(formatting_locale(locale))
    terms = (_zone_name(zone, locale), _zone_name(zone, "en"), zone.replace("_", " "))
    return ZoneChoice(zone, _zone_name(zone, locale), " " + " ".join(_folded_words(term) for term in terms) + " ")


def matching(typed: str, choices: tuple[ZoneChoice, ...] | list[ZoneChoice]) -> list[ZoneChoice]:
    """The choices whose words start with the typed words, in order ("mexico city", "eastern", "manila")."""
    return [each for each in choices if matches(typed, each.search)]


def _folded_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def unknown_zone_message(typed: str) -> str:
    """What a worker reads when the typed text names no zone (nothing is saved)."""
    return _("No time zone is called “{typed}”. Type a city or a zone's name, such as Toronto or Eastern Time, "
             "and choose it from the list.").format(typed=typed.strip())

"""What Harbour asks on the first run about the worker's work, and reads back everywhere it helps.

The province decides the duty-to-report rules (desktop/core/consent/duty_to_report.py); the languages the worker
meets most come first in the language pickers and fill the interpreter search; the organisation's services fill
the "Who I am" script. They live in the vault settings, because which languages a worker meets says something
about the people they meet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from desktop.core.common.language_tags import (
    InvalidLanguageTag,
    checked_tags,
    is_language_tag,
    normalise_tag,
    not_a_tag_message,
)
from desktop.core.common.plain_text import control_characters_message, has_control_characters, one_line
from desktop.core.consent import duty_to_report as reporting
from desktop.core.profile import settings
from desktop.i18n import _

FREQUENT_LANGUAGES_KEY = "frequent_languages"
SERVICES_KEY = "services"
MAX_SERVICES_LENGTH = 200       # one sentence's worth: it is read aloud in "Who I am"
MAX_FREQUENT_LANGUAGES = 12     # more than this is not "most often" any more, and crowds the top of every picker


class ProfileInvalid(ValueError):
    """A value that cannot be stored; the message is a sentence for the worker."""


def frequent_languages(db) -> list[str]:
    """The worker's most met client languages (BCP 47 tags), most frequent first; [] when none were chosen.

    Whatever is stored, the answer is a clean list: settings.get reads anything but a list of texts as no choice,
    and a text that is not a language tag is left out."""
    stored = settings.get(db, FREQUENT_LANGUAGES_KEY)
    tags = [normalise_tag(tag) for tag in stored if is_language_tag(tag)]
    return list(dict.fromkeys(tags))[:MAX_FREQUENT_LANGUAGES]


def too_many_languages_message() -> str:
    return _("Choose at most {count} languages: the ones you meet most often.").format(count=MAX_FREQUENT_LANGUAGES)


def set_frequent_languages(db, tags: Iterable[str]) -> list[str]:
    try:
        cleaned = checked_tags(tags)
    except InvalidLanguageTag as wrong:
        raise ProfileInvalid(not_a_tag_message(wrong.args[0])) from None
    if len(cleaned) > MAX_FREQUENT_LANGUAGES:
        raise ProfileInvalid(too_many_languages_message())
    settings.put(db, FREQUENT_LANGUAGES_KEY, cleaned)
    return cleaned


def services(db) -> str:
    """What the organisation offers, as the worker would say it ("a safe place to stay, food and legal advice");
    "" when not written, and then the "Who I am" script says, hedged, what an organisation may help with."""
    return one_line(settings.get(db, SERVICES_KEY))


def checked_services(text: str) -> str:
    """The list as it will be stored, or ProfileInvalid with a sentence for the worker."""
    cleaned = (text or "").strip().rstrip(".").strip()  # the script adds its own full stop
    if has_control_characters(cleaned):
        raise ProfileInvalid(control_characters_message())
    if len(cleaned) > MAX_SERVICES_LENGTH:
        raise ProfileInvalid(_("Keep the list of services to {count} characters: it is read aloud.").format(
            count=MAX_SERVICES_LENGTH))
    return cleaned


def set_services(db, text: str) -> str:
    cleaned = checked_services(text)
    settings.put(db, SERVICES_KEY, cleaned)
    return cleaned


def province(db) -> str:
    return reporting.get_protocol(db).province


def set_province(db, code: str) -> reporting.Protocol:
    """Makes ``code``'s shipped duty-to-report rules the vault's protocol. Choosing the province the protocol
    already follows keeps it as it is, so an organisation's own contacts and steps survive a second save, and the
    shipped default (British Columbia) still says its contacts need checking."""
    if code not in reporting.PROVINCE_NAMES:
        raise ProfileInvalid(_("Choose a province from the list."))
    current = reporting.get_protocol(db)
    if current.province == code:
        # Same province: nothing to store, and an organisation's own edits stay as they are.
        return current
    return reporting.reset_to_province(db, code)


_Item = TypeVar("_Item")


def frequent_first(items: Sequence[_Item], frequent: Sequence[str], tag_of) -> tuple[list[_Item], list[_Item]]:
    """Splits ``items`` into (the frequent ones in the worker's order, the rest in their own order)."""
    by_tag = {tag_of(item): item for item in items}
    first = [by_tag[tag] for tag in frequent if tag in by_tag]
    chosen = {id(item) for item in first}
    return first, [item for item in items if id(item) not in chosen]

"""What the client reads about each paragraph, in the client's own language: a draft not yet checked by a
qualified translator, a part shown in English because its translation could not be used, or who checked it and
when. The sentences are script catalog entries ('notice.*'), so they are translated like the scripts.

Also the catalog check: which paragraph of a catalog cannot be used, and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from desktop.core.common.formatting import format_date
from desktop.core.scripts import catalogs
from desktop.core.scripts.catalogs import Paragraph, ReviewStatus, Script
from desktop.i18n import _, ngettext


@dataclass(frozen=True)
class CatalogProblem:
    key: str                 # msgctxt of the paragraph that cannot be used
    reason: str              # why, as a phrase for the worker ('it leaves out {organisation}')

    def sentence(self) -> str:
        return _("Paragraph “{paragraph}”: {reason}. The English is shown in its place.").format(
            paragraph=self.key, reason=self.reason)


def client_notice(paragraph: Paragraph, locale: str, corrected: Mapping[str, str] | None = None) -> str:
    """The note under ``paragraph`` for a client reading ``locale``; '' for the English source. ``corrected``
    holds a reviewer's wording of the notices in this vault (Script.notices), which wins over the shipped one."""
    def said(key: str) -> str:
        return (corrected or {}).get(key) or catalogs.notice(key, locale).text

    if locale == catalogs.SOURCE_LOCALE:
        return ""
    if paragraph.status in (ReviewStatus.MISSING, ReviewStatus.UNUSABLE):
        return said("notice.fallback")
    if paragraph.status is ReviewStatus.DRAFT:
        return said("notice.draft")
    if paragraph.checked_by is not None:
        by = paragraph.checked_by
        return _checked(said("notice.checked"), f"{by.name} ({by.credential})" if by.credential else by.name,
                        format_date(by.on, "long", locale=locale))
    header = catalogs.review(locale)  # a catalog shipped as checked says who checked it in its header
    if header.reviewer:
        return _checked(said("notice.checked"), header.reviewer, header.date or "—")
    return said("notice.draft")


def client_notices(script: Script) -> list[str]:
    """One note per shown text, the title first, for the presentation window."""
    corrected = dict(script.notices)
    return [client_notice(paragraph, script.locale, corrected) for paragraph in (script.title, *script.paragraphs)]


def script_notice(script: Script) -> str:
    """One note for the whole script when every paragraph has the same one (a handout need not repeat it), else ''."""
    notes = set(client_notices(script))
    return notes.pop() if len(notes) == 1 else ""


def catalog_problems(locale: str) -> list[CatalogProblem]:
    """Every paragraph of ``locale``'s shipped catalog whose placeholders are broken, left out or added."""
    shipped = catalogs.translations(locale)
    found = []
    for key, source in catalogs.template():
        text = shipped.get(key, ("", True))[0]
        reason = catalogs.placeholder_problem(source, text) if text.strip() else ""
        if reason:
            found.append(CatalogProblem(key, reason))
    return found


def _checked(sentence: str, reviewer: str, day: str) -> str:
    return catalogs.fill_placeholders(sentence, {"reviewer": reviewer, "date": day})


def review_sentence(script: Script) -> str:
    """What the worker's side says about how far a translation was checked."""
    if script.locale == catalogs.SOURCE_LOCALE:
        return _("This is the English source text.")
    review = catalogs.review(script.locale)
    if review.reviewer:
        return _("This translation was checked by {name} ({date}).").format(
            name=review.reviewer, date=review.date or _("date not given"))
    total = len(script.paragraphs)
    checked = total - script.unchecked_count
    if checked:
        return ngettext("{checked} of {total} paragraph was checked by a qualified translator. Read the "
                        "others together with an interpreter.",
                        "{checked} of {total} paragraphs were checked by a qualified translator. Read the "
                        "others together with an interpreter.", total).format(checked=checked, total=total)
    return _("No qualified translator has checked this translation yet. Read it together with an interpreter.")

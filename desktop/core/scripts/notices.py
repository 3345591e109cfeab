"""What the client reads about each paragraph, in the client's own language: a draft not yet checked by a
qualified translator, a part shown in English because its translation could not be used, or who checked it and
when. The sentences are script catalog entries ('notice.*'), so they are translated like the scripts.

Also the catalog check: which paragraph of a catalog cannot be used, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.common.formatting import format_date
from desktop.core.scripts import catalogs
from desktop.core.scripts.catalogs import Paragraph, ReviewStatus, Script
from desktop.i18n import _


@dataclass(frozen=True)
class CatalogProblem:
    key: str                 # msgctxt of the paragraph that cannot be used
    reason: str              # why, as a phrase for the worker ('it leaves out {organisation}')

    def sentence(self) -> str:
        return _("Paragraph “{paragraph}”: {reason}. The English is shown in its place.").format(
            paragraph=self.key, reason=self.reason)


def client_notice(paragraph: Paragraph, locale: str) -> str:
    """The note under ``paragraph`` for a client reading ``locale``; '' for the English source."""
    if locale == catalogs.SOURCE_LOCALE:
        return ""
    if paragraph.status in (ReviewStatus.MISSING, ReviewStatus.UNUSABLE):
        return catalogs.notice("notice.fallback", locale).text
    if paragraph.status is ReviewStatus.DRAFT:
        return catalogs.notice("notice.draft", locale).text
    if paragraph.checked_by is not None:
        by = paragraph.checked_by
        return _checked(locale, f"{by.name} ({by.credential})" if by.credential else by.name,
                        format_date(by.on, "long", locale=locale))
    header = catalogs.review(locale)  # a catalog shipped as checked says who checked it in its header
    if header.reviewer:
        return _checked(locale, header.reviewer, header.date or "—")
    return catalogs.notice("notice.draft", locale).text


def client_notices(script: Script) -> list[str]:
    """One note per shown text, the title first, for the presentation window."""
    return [client_notice(paragraph, script.locale) for paragraph in (script.title, *script.paragraphs)]


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


def _checked(locale: str, reviewer: str, day: str) -> str:
    return catalogs.fill_placeholders(catalogs.notice("notice.checked", locale).text,
                                      {"reviewer": reviewer, "date": day})

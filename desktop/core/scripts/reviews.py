"""The review store: a qualified translator's check of each script paragraph, one language at a time, kept in the
vault (table script_reviews, migration 0009).

Per (locale, msgctxt): checked or not, the corrected text ('' = the shipped draft's words stand), a
back-translation, a note, the reviewer's name and credential, the date, and the revision of the English paragraph
it was checked against. When the English changes, the review is *stale*: the paragraph is a draft again until
someone checks it anew. ``import_po``/``export_po`` read and write standard gettext files (Poedit, Weblate), so an
organisation can share its reviewed catalogs or send them upstream. Stable API (organisation updates use it):
Reviewer, ParagraphReview, ReviewInvalid, ImportSummary, source_revision, reviews_for, save_review, clear_review,
apply_reviews, load_reviewed_script, import_po, export_po.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date

from babel.messages.catalog import Catalog
from babel.messages.pofile import escape, read_po, unescape, write_po

from desktop.core.common.plain_text import clean_notes, one_line
from desktop.core.scripts import catalogs
from desktop.core.scripts.catalogs import CheckedBy, ReviewStatus, Script
from desktop.core.vault.db import transaction, utc_now
from desktop.i18n import _, po_read_errors

MAX_TEXT = 4000
MAX_PO_BYTES = 2 * 1024 * 1024   # a shipped catalog is about 20 kB; anything far bigger is not one
# Translator comments export_po writes per paragraph and import_po reads back ('# Reviewer: ...').
_FIELDS = ("Reviewer", "Credential", "Checked", "Back-translation", "Note")
_FIELD_LINE = re.compile(r"^(" + "|".join(_FIELDS) + r"):\s?(.*)$")
_HEADER = re.compile(
    r'^"(X-Reviewed-By|X-Reviewer-Credential|X-Reviewed-Date|Last-Translator):[ \t]*(.*?)(?:\\n)?"\s*$', re.MULTILINE)
# For translators and their tools, so in English like the rest of the file's machinery.
_EXPORT_HEADER = ("# Harbour script catalog, exported with this organisation's reviews.\n"
                  "# A paragraph not marked fuzzy was checked by the qualified translator named in its comments.")
_NOBODY = ("", "nobody yet", "nobody", "full name <email@address>")


class ReviewInvalid(ValueError):
    """A review or a .po file that cannot be stored; str() is a sentence for the worker. Nothing was changed."""


@dataclass(frozen=True)
class Reviewer:
    name: str
    credential: str = ""


@dataclass(frozen=True)
class ParagraphReview:
    locale: str
    key: str                    # msgctxt, e.g. 'consent.2'
    checked: bool
    text: str                   # the reviewer's corrected words; '' = the shipped draft's words stand
    back_translation: str
    note: str
    reviewer: Reviewer
    reviewed_on: date
    source_revision: str        # source_revision() of the English it was checked against
    stale: bool = False         # the English has changed since: the paragraph is a draft again

    @property
    def current(self) -> bool:
        return not self.stale


@dataclass(frozen=True)
class ImportSummary:
    checked: int                # paragraphs the file marks checked
    corrected: int              # paragraphs stored with words other than the shipped draft
    stale: int                  # paragraphs translated from an older English (stored, but a draft until re-checked)


def source_revision(source: str) -> str:
    """A short SHA-256 of one English paragraph: a review made against other words no longer counts."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def reviews_for(db, locale: str) -> dict[str, ParagraphReview]:
    """Every stored review of ``locale`` by msgctxt, each marked stale when the English has changed since."""
    sources = dict(catalogs.template())
    rows = db.execute(
        "SELECT context, checked, corrected_text, back_translation, note, reviewer_name, reviewer_credential, "
        "reviewed_on, source_revision FROM script_reviews WHERE locale = ? ORDER BY context", [locale]).fetchall()
    found = {}
    for key, checked, text, back, note, name, credential, on, revision in rows:
        stale = key not in sources or source_revision(sources[key]) != revision
        found[key] = ParagraphReview(locale, key, bool(checked), text, back, note, Reviewer(name, credential),
                                     date.fromisoformat(on), revision, stale)
    return found


def save_review(db, locale: str, key: str, *, checked: bool, reviewer: Reviewer, text: str = "",
                back_translation: str = "", note: str = "", on: date | None = None) -> ParagraphReview:
    """Stores (or replaces) the review of one paragraph against today's English. Raises ReviewInvalid."""
    review = _validated(locale, key, checked=checked, reviewer=reviewer, text=text, back_translation=back_translation,
                        note=note, on=on or utc_now().date())
    _write(db, review)
    return review


def clear_review(db, locale: str, key: str) -> None:
    """Forgets the review of one paragraph: it is the shipped draft again."""
    db.execute("DELETE FROM script_reviews WHERE locale = ? AND context = ?", [locale, key])


def apply_reviews(script: Script, reviews: dict[str, ParagraphReview]) -> Script:
    """The script with the vault's current (not stale) reviews laid over it: corrected words, and a checked mark
    naming who checked and when. A stale review changes nothing: the paragraph shows as the draft it is."""
    def overlay(paragraph):
        review = reviews.get(paragraph.key)
        if review is None or review.stale:
            return paragraph
        if review.text:
            paragraph = replace(paragraph, text=review.text, locale=script.locale, problem="",
                                status=ReviewStatus.DRAFT)
        if review.checked and paragraph.status is not ReviewStatus.UNUSABLE:
            by = CheckedBy(review.reviewer.name, review.reviewer.credential, review.reviewed_on)
            paragraph = replace(paragraph, status=ReviewStatus.CHECKED, checked_by=by)
        return paragraph

    notices = tuple((key, review.text) for key, review in sorted(reviews.items())
                    if key.startswith(catalogs.NOTICE_PREFIX) and review.current and review.text)
    return replace(script, title=overlay(script.title), paragraphs=tuple(overlay(p) for p in script.paragraphs),
                   notices=notices)


def load_reviewed_script(db, script_id: str, locale: str, filled: Collection[str] = ()) -> Script:
    """``catalogs.load_script`` (with the variants ``filled`` placeholders call for) and this vault's reviews
    applied (the source language has none)."""
    script = catalogs.load_script(script_id, locale, filled)
    return script if locale == catalogs.SOURCE_LOCALE else apply_reviews(script, reviews_for(db, locale))


def import_po(db, locale: str, po_bytes: bytes, *, reviewer: Reviewer | None = None,
              on: date | None = None) -> ImportSummary:
    """Reads a reviewed catalog (from export_po, Poedit or Weblate) into the store, all or nothing. A paragraph
    not marked fuzzy counts as checked; words that differ from the shipped draft are kept as a correction. The
    reviewer is the per-paragraph comment, else ``reviewer``, else the file's header. Refused, with a sentence
    naming the paragraph, when a placeholder is broken, left out or added, or the file is for another language."""
    _check_locale(locale)
    if len(po_bytes) > MAX_PO_BYTES:
        raise ReviewInvalid(_("This file is too large to be a script catalog. Nothing was imported."))
    try:
        catalog = read_po(io.BytesIO(po_bytes), abort_invalid=True)
    except po_read_errors() as error:
        raise ReviewInvalid(_("This file cannot be read as a translation catalog ({reason}). Nothing was "
                              "imported.").format(reason=str(error)[:200] or type(error).__name__)) from None
    if catalog.locale_identifier and catalog.locale_identifier != locale:
        raise ReviewInvalid(_("This file is a catalog for “{found}”, not for “{wanted}”. Nothing was imported.")
                            .format(found=catalog.locale_identifier, wanted=locale))
    header = _header_fields(po_bytes)
    shipped, sources = catalogs.translations(locale), dict(catalogs.template())
    reviews, problems = [], []
    for message in catalog:
        key, text = message.context, message.string if isinstance(message.string, str) else ""
        if not message.id or key not in sources or not text.strip():
            continue
        against = message.id if isinstance(message.id, str) else sources[key]  # an older English stays stale
        problem = catalogs.placeholder_problem(against, text)
        if problem:
            problems.append(_("“{paragraph}”: {problem}").format(paragraph=key, problem=problem))
            continue
        corrected = "" if text == shipped.get(key, ("", True))[0] else text
        if message.fuzzy and not corrected:
            continue  # still the shipped draft: nothing to record
        fields = _comment_fields(message.user_comments)
        who = _reviewer(fields, reviewer, header)
        if who is None:
            raise ReviewInvalid(_("The file does not say who checked paragraph “{paragraph}”. Type the reviewer's "
                                  "name, then import again. Nothing was imported.").format(paragraph=key))
        reviews.append(_validated(
            locale, key, checked=not message.fuzzy, reviewer=who, text=corrected,
            back_translation=fields.get("Back-translation", ""), note=fields.get("Note", ""),
            on=_date(fields.get("Checked")) or on or _date(header.get("X-Reviewed-Date")) or utc_now().date(),
            source=against))
    if problems:
        raise ReviewInvalid(_("Nothing was imported: some paragraphs would show the client a broken or missing "
                              "name. {problems}").format(problems="; ".join(problems) + "."))
    with transaction(db):
        for review in reviews:
            _write(db, review)
    stale = sum(1 for r in reviews if r.source_revision != source_revision(sources[r.key]))
    return ImportSummary(sum(1 for r in reviews if r.checked), sum(1 for r in reviews if r.text), stale)


def export_po(db, locale: str) -> bytes:
    """``locale``'s catalog with this vault's reviews, as a standard .po: every template paragraph, fuzzy cleared
    only on paragraphs checked against today's English, who checked each one in its translator comments, and the
    reviewers in the header (X-Reviewed-By, X-Reviewer-Credential, X-Reviewed-Date)."""
    _check_locale(locale)
    shipped, reviews = catalogs.translations(locale), reviews_for(db, locale)
    current = [r for r in reviews.values() if r.current and r.checked]
    latest = max(current, key=lambda r: r.reviewed_on, default=None)
    catalog = Catalog(locale=locale, project="Harbour scripts", version="1", charset="utf-8", fuzzy=False,
                      revision_date=utc_now(), language_team=locale,
                      last_translator=latest.reviewer.name if latest else "",
                      header_comment=_EXPORT_HEADER)
    for key, source in catalogs.template():
        text, _fuzzy = shipped.get(key, ("", True))
        review = reviews.get(key)
        if review is not None and review.current and review.text:
            text = review.text
        checked = review is not None and review.current and review.checked
        flags = ({"python-brace-format"} if catalogs.placeholders(source) else set()) | (set() if checked
                                                                                          else {"fuzzy"})
        catalog.add(source, string=text, context=key, flags=flags, user_comments=_comments(review))
    output = io.BytesIO()
    write_po(output, catalog, width=0, omit_header=False)
    names = sorted({r.reviewer.name for r in current}) or ["nobody yet"]
    credentials = sorted({r.reviewer.credential for r in current if r.reviewer.credential})
    extra = {"X-Reviewed-By": "; ".join(names), "X-Reviewer-Credential": "; ".join(credentials),
             "X-Reviewed-Date": latest.reviewed_on.isoformat() if latest else ""}
    return _with_headers(output.getvalue(), extra)


def _check_locale(locale: str) -> None:
    if locale == catalogs.SOURCE_LOCALE:
        raise ReviewInvalid(_("The English source is the text every translation is checked against; it is not "
                              "reviewed here."))
    if locale not in catalogs.shipped_locales():
        raise ReviewInvalid(_("No scripts are available in this language yet."))


def _validated(locale: str, key: str, *, checked: bool, reviewer: Reviewer, text: str, back_translation: str,
               note: str, on: date, source: str | None = None) -> ParagraphReview:
    """``source`` is the English the review was made against: today's unless an imported file says otherwise."""
    _check_locale(locale)
    sources = dict(catalogs.template())
    if key not in sources:
        raise ReviewInvalid(_("There is no paragraph “{paragraph}” in the scripts.").format(paragraph=key))
    source = sources[key] if source is None else source
    name, credential = one_line(reviewer.name).strip(), one_line(reviewer.credential).strip()
    if not name:
        raise ReviewInvalid(_("Say who reviewed paragraph “{paragraph}”: a name is needed.").format(paragraph=key))
    # A script paragraph is one line: a line break typed in the editor becomes a space.
    text, back, note = one_line(text), clean_notes(back_translation).strip(), clean_notes(note).strip()
    if any(len(value) > MAX_TEXT for value in (text, back, note)):
        raise ReviewInvalid(_("Paragraph “{paragraph}”: keep each text under {count} characters.").format(
            paragraph=key, count=MAX_TEXT))
    problem = catalogs.placeholder_problem(source, text) if text else ""
    if problem:
        raise ReviewInvalid(_("Paragraph “{paragraph}” was not saved: {problem}. Keep every {{name}} exactly as "
                              "in the English.").format(paragraph=key, problem=problem))
    return ParagraphReview(locale, key, checked, text, back, note, Reviewer(name[:200], credential[:200]), on,
                           source_revision(source), stale=source != sources[key])


def _write(db, review: ParagraphReview) -> None:
    db.execute(
        "INSERT OR REPLACE INTO script_reviews (locale, context, checked, corrected_text, back_translation, note, "
        "reviewer_name, reviewer_credential, reviewed_on, source_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [review.locale, review.key, int(review.checked), review.text, review.back_translation, review.note,
         review.reviewer.name, review.reviewer.credential, review.reviewed_on.isoformat(), review.source_revision])


def _comments(review: ParagraphReview | None) -> list[str]:
    if review is None:
        return []
    lines = [f"Reviewer: {review.reviewer.name}"]
    if review.reviewer.credential:
        lines.append(f"Credential: {review.reviewer.credential}")
    if review.checked and review.current:
        lines.append(f"Checked: {review.reviewed_on.isoformat()}")
    for field, value in (("Back-translation", review.back_translation), ("Note", review.note)):
        if value:
            first, *rest = value.splitlines()
            lines += [f"{field}: {first}", *(f"  {line}" for line in rest)]
    return lines


def _comment_fields(comments: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    last = None
    for comment in comments:
        match = _FIELD_LINE.match(comment.strip())
        if match:
            last = match.group(1)
            fields[last] = match.group(2).strip()
        elif last in ("Back-translation", "Note") and comment.strip():
            fields[last] += "\n" + comment.strip()
    return fields


def _reviewer(fields: dict[str, str], given: Reviewer | None, header: dict[str, str]) -> Reviewer | None:
    if fields.get("Reviewer", "").strip():
        return Reviewer(fields["Reviewer"], fields.get("Credential", ""))
    if given is not None and given.name.strip():
        return given
    for name_field in ("X-Reviewed-By", "Last-Translator"):
        name = header.get(name_field, "").strip()
        if name.casefold() not in _NOBODY and ";" not in name:
            return Reviewer(name, header.get("X-Reviewer-Credential", "") if name_field == "X-Reviewed-By" else "")
    return None


def _header_fields(po_bytes: bytes) -> dict[str, str]:
    """The header fields Babel drops (X-Reviewed-By ...), read from the file's first block."""
    head = po_bytes.decode("utf-8", errors="replace").split("\n\n", 1)[0]
    return {name: unescape(f'"{value}"') for name, value in _HEADER.findall(head)}


def _with_headers(po: bytes, fields: dict[str, str]) -> bytes:
    text = po.decode("utf-8")
    head, rest = text.split("\n\n", 1)
    lines = "".join(f'\n"{name}: ' + escape(one_line(value))[1:-1] + '\\n"' for name, value in fields.items())
    return (head + lines + "\n\n" + rest).encode("utf-8")


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10]) if text and text.strip() else None
    except ValueError:
        return None

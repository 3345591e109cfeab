"""Script catalogs: the client-facing texts a worker reads aloud, in gettext files under resources/scripts/.

``msgctxt`` is '<script>.title' or '<script>.<n>', ``msgid`` the English paragraph. A ``fuzzy`` flag means no
qualified translator has checked that paragraph yet: such paragraphs are still shown (a draft read along with an
interpreter helps more than nothing) but each carries a plain marker. A missing paragraph falls back to the
English source, never to a blank. A damaged catalog counts as missing (every paragraph shows the English with
the "not translated yet" marker); a damaged template, which every language depends on, is a ScriptCatalogDamaged.

A paragraph may have a variant, '<script>.<n>.<placeholder>' (e.g. 'role.2.services'), read in its place when that
placeholder has a value: the organisation's own list of services replaces a hedged "we may be able to help".
"""

from __future__ import annotations

import enum
import hashlib
import logging
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from desktop.i18n import N_, _, po_read_errors
from desktop.paths import resources_dir

SOURCE_LOCALE = "en"
NOTICE_PREFIX = "notice."    # catalog entries that are not a script: the client-side draft and fallback notices

# What an unfilled placeholder shows, so the reader sees a gap to fill aloud instead of a blank or a brace.
PLACEHOLDER_LABELS: dict[str, str] = {
    "worker_name": N_("worker's name"),
    "organisation": N_("organisation"),
    "interpreter_name": N_("interpreter's name"),
    "shared_items": N_("what would be shared"),
    "recipient": N_("who would receive it"),
    "purpose": N_("the reason"),
    "valid_until": N_("after this one time, or on the end date"),
    "child_age": N_("the age in your duty-to-report protocol"),
    "services": N_("the services your organisation offers"),
}

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_HEADER_FIELD = re.compile(r'^"(X-Reviewed-By|X-Reviewed-Date):[ \t]*(.*?)(?:\\n)?"\s*$', re.MULTILINE)
log = logging.getLogger(__name__)


class ScriptNotFound(LookupError):
    """Asked for a script id or a language that is not shipped."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ScriptCatalogDamaged(ScriptNotFound):
    """The script template (scripts.pot) cannot be read: no script can be shown until Harbour is reinstalled."""


class ReviewStatus(enum.Enum):
    CHECKED = "checked"      # a qualified translator checked it (or it is the source text)
    DRAFT = "draft"          # translated but flagged fuzzy: not checked yet
    MISSING = "missing"      # no translation: the source is shown instead
    UNUSABLE = "unusable"    # translated, but its placeholders are wrong: the source is shown, with a note


@dataclass(frozen=True)
class CheckedBy:
    """Who checked one paragraph in the vault's review store (desktop/core/scripts/reviews.py), and when."""

    name: str
    credential: str
    on: date


@dataclass(frozen=True)
class Paragraph:
    key: str                 # msgctxt, e.g. "role.3"
    source: str              # the English paragraph (msgid)
    text: str                # what to show: the translation, or the source when missing
    status: ReviewStatus
    locale: str              # the catalog the text came from ("en" when the source is shown as a fallback)
    checked_by: CheckedBy | None = None   # set when a reviewer checked it in this vault
    problem: str = ""        # why the translation could not be used (UNUSABLE), a sentence for the worker

    @property
    def number(self) -> int:
        """1-based position in its script (a variant's too: 'role.2.services' is 2); 0 for the title."""
        parts = self.key.split(".")
        return int(parts[1]) if len(parts) > 1 and parts[1].isascii() and parts[1].isdecimal() else 0

    def filled(self, values: Mapping[str, str]) -> str:
        return fill_placeholders(self.text, values)


@dataclass(frozen=True)
class Script:
    id: str
    locale: str
    title: Paragraph
    paragraphs: tuple[Paragraph, ...]
    notices: tuple[tuple[str, str], ...] = ()   # a reviewer's wording of 'notice.*' in this vault, by msgctxt

    @property
    def unchecked_count(self) -> int:
        return sum(1 for p in self.paragraphs if p.status is not ReviewStatus.CHECKED)


@dataclass(frozen=True)
class Review:
    """Who checked a catalog and when, from its header; ``reviewer`` is None when nobody has yet."""

    reviewer: str | None
    date: str | None


@dataclass(frozen=True)
class AlignedRow:
    number: int
    left: Paragraph
    right: Paragraph


def scripts_dir() -> Path:
    return resources_dir() / "scripts"


def shipped_locales() -> list[str]:
    """Babel locale ids of every shipped catalog, the source first ('en', then 'ar', 'es', ...)."""
    found = sorted(path.stem for path in scripts_dir().glob("*.po"))
    return [SOURCE_LOCALE] + [locale for locale in found if locale != SOURCE_LOCALE]


def script_ids() -> list[str]:
    """Script ids in the template's order: role, confidentiality, interpreter, consent, stop."""
    return list(dict.fromkeys(context.split(".")[0] for context, _source in _template()
                              if context.count(".") == 1 and not context.startswith(NOTICE_PREFIX)))


def template() -> tuple[tuple[str, str], ...]:
    """Every (msgctxt, English source) of the template, in order, notices included."""
    return _template()


def translations(locale: str) -> dict[str, tuple[str, bool]]:
    """msgctxt -> (translated text, fuzzy) as shipped in ``locale``'s catalog; {} when the catalog is damaged."""
    return dict(_messages(locale))


def notice(key: str, locale: str) -> Paragraph:
    """A client-side notice ('notice.draft', 'notice.fallback') in ``locale``, the English when it is missing."""
    source = dict(_template()).get(key)
    if source is None:
        raise ScriptNotFound(_("There is no script called “{name}”.").format(name=key))
    return _paragraph(key, source, _messages(locale).get(key), locale)


def load_script(script_id: str, locale: str, filled: Collection[str] = ()) -> Script:
    """One script in one language, every paragraph present (translation, draft, or source fallback). ``filled``
    names the placeholders that have a value: a paragraph's variant for one of them is read in its place."""
    template = _with_variants([(context, source) for context, source in _template()
                               if context.split(".")[0] == script_id and not context.startswith(NOTICE_PREFIX)],
                              set(filled))
    if not template:
        raise ScriptNotFound(_("There is no script called “{name}”.").format(name=script_id))
    messages = _messages(locale)
    shown = [_paragraph(context, source, messages.get(context), locale) for context, source in template]
    title = next((p for p in shown if p.key.endswith(".title")), None)
    if title is None:
        title = Paragraph(f"{script_id}.title", script_id, script_id, ReviewStatus.MISSING, SOURCE_LOCALE)
    body = tuple(p for p in shown if not p.key.endswith(".title"))
    return Script(script_id, locale, title, body)


def _with_variants(template: list[tuple[str, str]], filled: set[str]) -> list[tuple[str, str]]:
    """Each paragraph once, in order: its first variant whose placeholder is filled, else the paragraph itself."""
    variants = {context: source for context, source in template if context.count(".") == 2}
    chosen = []
    for context, source in template:
        if context.count(".") != 1:
            continue
        prefix = context + "."
        chosen.append(next(((key, text) for key, text in variants.items()
                            if key.startswith(prefix) and key[len(prefix):] in filled), (context, source)))
    return chosen


def review(locale: str) -> Review:
    """The catalog header's X-Reviewed-By / X-Reviewed-Date, 'nobody yet' read as nobody."""
    path = _catalog_path(locale)
    header = path.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
    fields = dict(_HEADER_FIELD.findall(header))
    reviewer = fields.get("X-Reviewed-By", "").strip()
    if reviewer.casefold() in ("", "nobody yet", "nobody"):
        reviewer = None
    return Review(reviewer, fields.get("X-Reviewed-Date", "").strip() or None)


def align(left: Script, right: Script) -> list[AlignedRow]:
    """Pairs paragraphs by their key, in the source order, so row n on the left is row n on the right."""
    if left.id != right.id:
        raise ValueError("cannot align two different scripts")
    by_key = {p.key: p for p in right.paragraphs}
    rows = []
    for paragraph in left.paragraphs:
        partner = by_key.get(paragraph.key) or _fallback(paragraph)
        rows.append(AlignedRow(paragraph.number, paragraph, partner))
    return rows


class _VisibleGaps(dict):
    """Unknown placeholders stay visible: a known name shows its label, anything else keeps its braces."""

    def __missing__(self, key: str) -> str:
        label = PLACEHOLDER_LABELS.get(key)
        return f"[{_(label)}]" if label else "{" + key + "}"


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """Fills {worker_name} etc. Empty values count as unfilled. Never raises, whatever the text holds."""
    mapping = _VisibleGaps({key: str(value) for key, value in values.items() if value})
    try:
        return text.format_map(mapping)
    except (ValueError, AttributeError, IndexError, KeyError, TypeError):
        # A stray brace or '{x.y}' in a translation: substitute the plain names only, leave the rest as written.
        return _PLACEHOLDER.sub(lambda match: mapping[match.group(1)], text)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def placeholder_problem(source: str, text: str) -> str:
    """Why ``text`` cannot stand for ``source`` ('' when it can): a broken brace, or a placeholder left out or
    added. Shown to the worker and the reviewer, so a client never sees a literal '{client_name}' or a gap."""
    stray = _PLACEHOLDER.sub(lambda match: " " * len(match.group(0)), text)  # same length, so positions hold
    brace = next((i for i, char in enumerate(stray) if char in "{}"), -1)
    if brace >= 0:
        start, end = text.rfind(" ", 0, brace) + 1, text.find(" ", brace)
        fragment = text[start:end if end >= 0 else len(text)]
        return _("it has a broken placeholder: {fragment}").format(fragment=fragment[:60])
    wanted, found = placeholders(source), placeholders(text)
    if wanted - found:
        return _("it leaves out {names}").format(names=", ".join("{" + n + "}" for n in sorted(wanted - found)))
    if found - wanted:
        return _("it adds {names}, which the English does not have").format(
            names=", ".join("{" + n + "}" for n in sorted(found - wanted)))
    return ""


def revision(paragraphs: Sequence[Paragraph | str]) -> str:
    """A short SHA-256 of exactly what was shown, so a record can say which version of the words was read."""
    digest = hashlib.sha256()
    for paragraph in paragraphs:
        text = paragraph if isinstance(paragraph, str) else paragraph.text
        digest.update(text.encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]


def _paragraph(context: str, source: str, found: tuple[str, bool] | None, locale: str) -> Paragraph:
    if found is None or not found[0].strip():
        return Paragraph(context, source, source, ReviewStatus.MISSING, SOURCE_LOCALE)
    text, fuzzy = found
    problem = placeholder_problem(source, text)
    if problem:
        return Paragraph(context, source, source, ReviewStatus.UNUSABLE, SOURCE_LOCALE, problem=problem)
    return Paragraph(context, source, text, ReviewStatus.DRAFT if fuzzy else ReviewStatus.CHECKED, locale)


def _fallback(paragraph: Paragraph) -> Paragraph:
    return Paragraph(paragraph.key, paragraph.source, paragraph.source, ReviewStatus.MISSING, SOURCE_LOCALE)



def _catalog_path(locale: str) -> Path:
    path = scripts_dir() / f"{locale}.po"
    if locale not in shipped_locales() or not path.is_file():
        raise ScriptNotFound(_("No scripts are available in this language yet."))
    return path


@lru_cache(maxsize=64)
def _messages_cached(path: str, mtime_ns: int) -> dict[str, tuple[str, bool]]:
    try:
        catalog = _read_catalog(path)
    except ScriptCatalogDamaged as damaged:
        log.warning("%s", damaged)
        return {}  # every paragraph shows the English source, marked as not translated
    return {
        message.context: (message.string or "", message.fuzzy)
        for message in catalog
        if isinstance(message.id, str) and message.id and message.context and isinstance(message.string, str)
    }


def _read_catalog(path: str):
    try:
        with open(path, "rb") as source:
            return read_po(source, abort_invalid=True)  # keeps fuzzy entries; only .mo compilation drops them
    except po_read_errors() as error:
        reason = str(error)[:200] or type(error).__name__
        raise ScriptCatalogDamaged(_("The script catalog {name} cannot be read ({reason}). Reinstall Harbour to "
                                     "repair it.").format(name=Path(path).name, reason=reason)) from None


def _messages(locale: str) -> dict[str, tuple[str, bool]]:
    path = _catalog_path(locale)
    return _messages_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _template_cached(path: str, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    catalog = _read_catalog(path)
    return tuple((message.context, message.id) for message in catalog
                 if isinstance(message.id, str) and message.id and message.context)


def _template() -> tuple[tuple[str, str], ...]:
    path = scripts_dir() / "scripts.pot"
    try:
        mtime_ns = path.stat().st_mtime_ns
    except OSError:
        raise ScriptCatalogDamaged(_("The script catalog {name} is missing. Reinstall Harbour to repair it.").format(
            name=path.name)) from None
    return _template_cached(str(path), mtime_ns)

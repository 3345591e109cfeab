"""Applying a verified organisation update to the vault, and saying what it changes.

- Roster: the organisation's interpreters are kept apart from the worker's own: their roster key starts with
  ``org:``, ``origin`` names the organisation, and ``published`` holds the organisation's version as last applied.
  A field the worker changed since is the worker's and stays; the organisation's change to it is noted instead.
  An interpreter the organisation no longer lists is made inactive, not deleted (bookings keep their name).
- Protocol, services and the organisation's name prefill the worker's settings: written when the worker has not
  set their own (or still has what the organisation gave last time), kept otherwise.
- Reviewed scripts: handed to the scripts' review store (desktop/core/scripts/reviews.py).
Everything is written in one transaction: an update lands whole or not at all.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass, field
from datetime import date

from babel.messages.pofile import read_po

from desktop.core.common.formatting import format_list, format_number
from desktop.core.common.languages import language_name, locale_to_tag
from desktop.core.consent import duty_to_report as reporting
from desktop.core.interpreters import roster_io
from desktop.core.interpreters.directory import (
    Credential,
    Interpreter,
    list_interpreters,
    normalise,
    save_interpreter,
)
from desktop.core.organisation.content import ROSTER, SCRIPTS, OrganisationInfo
from desktop.core.organisation.reader import Published
from desktop.core.profile import settings, work_profile
from desktop.core.scripts import catalogs, reviews
from desktop.core.vault.db import transaction
from desktop.i18n import _, ngettext, po_read_errors

APPLIED_KEY = "organisation_applied"   # what the last applied update gave: name, protocol, services, version
KEY_PREFIX = "org:"
MAX_NAMES_SHOWN = 8
_NOT_COMPARED = ("id", "roster_key", "origin")


@dataclass
class Changes:
    organisation: str = ""
    version: int = 0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)
    protocol: bool = False            # the vault's protocol becomes the organisation's
    protocol_kept: bool = False       # the organisation's protocol differs, the worker's own is kept
    services: bool = False
    name: bool = False
    paragraphs: dict[str, int] = field(default_factory=dict)   # locale -> paragraphs newly checked
    problems: list[str] = field(default_factory=list)          # parts left out, each a sentence

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.protocol or self.protocol_kept
                    or self.services or self.name or any(self.paragraphs.values()) or self.problems)

    def lines(self) -> list[str]:
        """What the update changes, one sentence each."""
        lines = []
        if self.added:
            lines.append(ngettext("{count} interpreter added: {names}.", "{count} interpreters added: {names}.",
                                  len(self.added)).format(count=format_number(len(self.added)),
                                                          names=_names(self.added)))
        if self.changed:
            lines.append(ngettext("{count} interpreter changed: {names}.", "{count} interpreters changed: {names}.",
                                  len(self.changed)).format(count=format_number(len(self.changed)),
                                                            names=_names(self.changed)))
        if self.removed:
            lines.append(ngettext("{count} interpreter no longer listed (made inactive): {names}.",
                                  "{count} interpreters no longer listed (made inactive): {names}.",
                                  len(self.removed)).format(count=format_number(len(self.removed)),
                                                            names=_names(self.removed)))
        if self.kept_edits:
            lines.append(_("Your own changes were kept for: {names}.").format(names=_names(self.kept_edits)))
        for locale, count in sorted(self.paragraphs.items()):
            if count:
                lines.append(ngettext("{count} paragraph newly checked in {language}.",
                                      "{count} paragraphs newly checked in {language}.", count).format(
                    count=format_number(count), language=language_name(locale_to_tag(locale))))
        if self.protocol:
            lines.append(_("The duty-to-report protocol and contacts become the organisation's."))
        if self.protocol_kept:
            lines.append(_("The organisation's duty-to-report protocol differs from yours; yours was kept (see "
                           "Preferences)."))
        if self.services:
            lines.append(_("The list of services becomes the organisation's."))
        if self.name:
            lines.append(_("Your organisation's name becomes “{name}”.").format(name=self.organisation))
        lines += self.problems
        return lines or [_("Nothing has changed since the last update.")]


def _names(names: list[str]) -> str:
    shown = names[:MAX_NAMES_SHOWN]
    if len(names) > MAX_NAMES_SHOWN:
        shown.append(ngettext("{count} more", "{count} more", len(names) - MAX_NAMES_SHOWN).format(
            count=format_number(len(names) - MAX_NAMES_SHOWN)))
    return format_list(shown)


def compare(db, published: Published) -> Changes:
    """What ``apply`` would change, without writing anything."""
    return _run(db, published, write=False)


def apply(db, published: Published) -> Changes:
    with transaction(db):
        return _run(db, published, write=True)


def _run(db, published: Published, *, write: bool) -> Changes:
    info = published.content.info()
    applied = settings.get(db, APPLIED_KEY)
    applied = applied if isinstance(applied, dict) else {}
    name = info.name if info is not None else (applied.get("name") or _("your organisation"))
    changes = Changes(organisation=name, version=published.version)
    if ROSTER in published.content.files:
        _roster(db, published.content.files[ROSTER], name, changes, write)
    if info is not None:
        _settings(db, info, applied, changes, write)
    _scripts(db, published, changes, write)
    if write:
        settings.put(db, APPLIED_KEY, {
            "version": published.version, "name": name,
            "protocol": _protocol_dict(info.protocol) if info and info.protocol else applied.get("protocol"),
            "services": _services_sentence(info) if info else applied.get("services", ""),
        })
    return changes


# -- roster ---------------------------------------------------------------------------------------------------------
def _roster(db, data: bytes, organisation: str, changes: Changes, write: bool) -> None:
    entries, _report = roster_io.parse_csv(data)   # checked at publishing; a bad row is left out, never guessed
    ours = {entry.roster_key: entry for entry in list_interpreters(db) if entry.roster_key.startswith(KEY_PREFIX)}
    published = _published_versions(db)
    seen = set()
    for _line, entry in entries:
        key = KEY_PREFIX + entry.roster_key
        seen.add(key)
        new = _fields(normalise(entry))
        stored = ours.get(key)
        if stored is None:
            changes.added.append(entry.name)
            if write:
                _save(db, _entry(new, key), organisation, new)
            continue
        old, mine = published.get(stored.id) or {}, _fields(stored)
        if new == old and stored.origin == organisation:
            continue
        merged = {f: (new[f] if mine.get(f) == old.get(f) else mine[f]) for f in new}
        if new != old:
            changes.changed.append(entry.name)
        if any(mine.get(f) != old.get(f) and new[f] != old.get(f) for f in new):
            changes.kept_edits.append(entry.name)
        if write:
            _save(db, _entry(merged, key, stored.id), organisation, new)
    for key, stored in ours.items():
        if key not in seen and stored.active and stored.origin:
            changes.removed.append(stored.name)
            if write:
                gone = {**(published.get(stored.id) or _fields(stored)), "active": False}
                merged = {**_fields(stored), "active": False}
                _save(db, _entry(merged, key, stored.id), stored.origin, gone)


def _published_versions(db) -> dict[int, dict]:
    found = {}
    for interpreter_id, text in db.execute("SELECT id, published FROM interpreters WHERE published IS NOT NULL"):
        try:
            found[interpreter_id] = json.loads(text)
        except ValueError:
            continue
    return found


def _fields(entry: Interpreter) -> dict:
    """An entry as plain JSON values, for comparing and for the ``published`` column."""
    values = {k: v for k, v in asdict(entry).items() if k not in _NOT_COMPARED}
    for name in ("conflict_checked_on",):
        values[name] = values[name].isoformat() if values[name] else None
    values["credentials"] = [
        {**c, "expires_on": c["expires_on"].isoformat() if c["expires_on"] else None,
         "last_checked_on": c["last_checked_on"].isoformat() if c["last_checked_on"] else None}
        for c in values["credentials"]]
    return json.loads(json.dumps(values))


def _entry(values: dict, key: str, entry_id: int | None = None) -> Interpreter:
    values = dict(values)
    values["conflict_checked_on"] = _day(values.get("conflict_checked_on"))
    values["credentials"] = [Credential(**{**c, "expires_on": _day(c.get("expires_on")),
                                           "last_checked_on": _day(c.get("last_checked_on"))})
                             for c in values.get("credentials", [])]
    return Interpreter(**values, roster_key=key, id=entry_id)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _save(db, entry: Interpreter, organisation: str, published: dict) -> None:
    save_interpreter(db, entry)
    db.execute("UPDATE interpreters SET origin = ?, published = ? WHERE id = ?",
               [organisation, json.dumps(published, ensure_ascii=False), entry.id])


# -- settings -------------------------------------------------------------------------------------------------------
def _protocol_dict(protocol: reporting.Protocol) -> dict:
    return {"province": protocol.province, "must_report_under": protocol.must_report_under,
            "may_report_under": protocol.may_report_under, "steps": protocol.steps,
            "contacts": [{"label": c.label, "phone": c.phone} for c in protocol.contacts]}


def _settings(db, info: OrganisationInfo, applied: dict, changes: Changes, write: bool) -> None:
    if info.protocol is not None:
        current = reporting.get_protocol(db)
        theirs, mine = _protocol_dict(info.protocol), _protocol_dict(current)
        own = current.edited and mine != applied.get("protocol")
        if own and mine != theirs:
            changes.protocol_kept = theirs != applied.get("protocol")
        elif mine != theirs or not current.edited:
            changes.protocol = True
            if write:
                reporting.save_protocol(db, info.protocol)
    elif info.province and not reporting.get_protocol(db).edited \
            and reporting.get_protocol(db).province != info.province:
        changes.protocol = True
        if write:
            reporting.reset_to_province(db, info.province)
    try:
        services = _services_sentence(info)
    except work_profile.ProfileInvalid as error:
        changes.problems.append(_("The organisation's list of services was not used: {reason}").format(
            reason=str(error)))
        services = ""
    stored = work_profile.services(db)
    if services and services != stored and (not stored or stored == applied.get("services")):
        changes.services = True
        if write:
            work_profile.set_services(db, services)
    name = settings.get(db, "organisation") or ""
    if info.name != name and (not name or name == applied.get("name")):
        changes.name = True
        if write:
            settings.put(db, "organisation", info.name)


# -- reviewed scripts -----------------------------------------------------------------------------------------------
def _scripts(db, published: Published, changes: Changes, write: bool) -> None:
    """Each reviewed catalog goes to the review store: its checked paragraphs replace the drafts, "checked by" the
    reviewer the file names (else the organisation). Comparing only reads the file (it runs beside the worker's
    autosaves, so it must not open a transaction). A catalog the store refuses (a broken placeholder) is left out
    and said so; the rest of the update still lands."""
    for locale in published.content.script_locales:
        data = published.content.files[f"{SCRIPTS}/{locale}.po"]
        before = _checked(db, locale)
        try:
            if write:
                reviews.import_po(db, locale, data, reviewer=reviews.Reviewer(changes.organisation))
                after = _checked(db, locale)
            else:
                after = before | _checked_in_file(locale, data)
        except reviews.ReviewInvalid as problem:
            changes.problems.append(_("The organisation's scripts in {language} were not used: {reason}").format(
                language=language_name(locale_to_tag(locale)), reason=problem))
            continue
        changes.paragraphs[locale] = len(after - before)


def _checked_in_file(locale: str, data: bytes) -> set[str]:
    """The paragraphs a catalog marks checked against today's English, refused as import_po would refuse them."""
    if locale not in catalogs.shipped_locales() or locale == catalogs.SOURCE_LOCALE:
        raise reviews.ReviewInvalid(_("No scripts are available in this language yet."))
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except po_read_errors() as error:
        raise reviews.ReviewInvalid(str(error)[:200] or type(error).__name__) from None
    sources, checked = dict(catalogs.template()), set()
    for message in catalog:
        text = message.string if isinstance(message.string, str) else ""
        if not message.id or message.context not in sources or not text.strip():
            continue
        problem = catalogs.placeholder_problem(message.id, text)
        if problem:
            raise reviews.ReviewInvalid(_("“{paragraph}”: {problem}").format(paragraph=message.context,
                                                                              problem=problem))
        if not message.fuzzy and message.id == sources[message.context]:
            checked.add(message.context)
    return checked


def _checked(db, locale: str) -> set[str]:
    return {key for key, review in reviews.reviews_for(db, locale).items() if review.checked and review.current}


def _services_sentence(info: OrganisationInfo) -> str:
    """The organisation's list as the one line the "Who I am" script reads aloud ("food, housing and legal
    advice"), checked like a worker's own; "" when the organisation lists none."""
    return work_profile.checked_services(format_list(list(info.services))) if info.services else ""

"""Matching interpreters to a client's needs: safety filters first, then a ranking, each with plain reasons.

Hard filters (language, active, a credential valid on the appointment date, no conflict with this client) never
drop anyone silently: everyone who does not pass is returned with every reason why, because a worker who cannot
see why a familiar interpreter is missing may call them anyway. Conflicts are never "relaxed" in the advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from desktop.core.common.formatting import format_date
from desktop.core.common.language_tags import InvalidLanguageTag, LanguageTag, parse_tag
from desktop.core.common.languages import language_name
from desktop.core.interpreters.directory import (
    Interpreter,
    best_credential,
    gender_label,
    incident_client_ids,
    list_interpreters,
    modality_label,
)
from desktop.core.vault.db import not_leaving
from desktop.i18n import _, ngettext

# Codes that name the same spoken language for matching purposes (Mandarin is "cmn" or "zh"; Filipino/Tagalog).
_SAME_LANGUAGE = {"cmn": "zh", "tl": "fil", "iw": "he", "in": "id", "pes": "fa", "prs": "fa"}
_LEVEL_POINTS = {"certified": 3, "registered": 2, "trained": 1}
STALE_CHECK_DAYS = 365


@dataclass
class Needs:
    language: str                         # BCP 47, dialect as region/script/variant
    when: datetime | date
    gender: str = "any"                   # any | female | male | nonbinary
    modality: str = "any"                 # any | in_person | phone | video
    avoid: list[str] = field(default_factory=list)
    client_id: int | None = None
    working_language: str | None = None   # the worker's language the interpreter must also work in, if set

    @property
    def day(self) -> date:
        return self.when.date() if isinstance(self.when, datetime) else self.when


@dataclass
class Candidate:
    interpreter: Interpreter
    score: int
    reasons: list[str]

    @property
    def summary(self) -> str:
        return _(", ").join(self.reasons)


@dataclass
class Excluded:
    interpreter: Interpreter
    reasons: list[str]
    kinds: set[str]                       # language, inactive, credential, conflict

    @property
    def summary(self) -> str:
        return _("; ").join(self.reasons)


@dataclass
class MatchResult:
    candidates: list[Candidate]
    excluded: list[Excluded]
    advice: list[str]
    agency_suggestions: list[Interpreter]


def needs_for_client(client, when: datetime | date, language: str | None = None) -> Needs:
    """Needs taken from a client record (clients.Client): first language unless another is chosen."""
    return Needs(language=language or (client.languages[0] if client.languages else ""), when=when,
                 gender=client.interpreter_gender, modality=client.interpreter_modality, avoid=list(client.avoid),
                 client_id=client.id)


# -- language tags -------------------------------------------------------------------------------------------------
def _parse(tag: str) -> LanguageTag:
    """The tag's parts, the language folded onto the one it is the same as (tl -> fil); nothing for a non-tag."""
    try:
        parsed = parse_tag(tag)
    except InvalidLanguageTag:
        return LanguageTag("")
    return replace(parsed, language=_SAME_LANGUAGE.get(parsed.language, parsed.language))


def dialect_fit(wanted: str, offered: str) -> str | None:
    """None: a different language. 'match': every subtag the client gave matches. 'unspecified': one side gives
    no dialect. 'different': same language, another region, script or variant."""
    a, b = _parse(wanted), _parse(offered)
    if not a.language or a.language != b.language:
        return None
    given = [(x, y) for x, y in ((a.script, b.script), (a.region, b.region)) if x] + \
        [(v, v if v in b.variants else "") for v in a.variants]
    if not given:
        return "unspecified"
    if any(y and x != y for x, y in given):
        return "different"
    return "match" if all(y for _x, y in given) else "unspecified"


def _best_language(needs: Needs, entry: Interpreter) -> tuple[str, str] | None:
    order = {"match": 0, "unspecified": 1, "different": 2}
    fits = [(fit, tag) for tag in entry.languages if (fit := dialect_fit(needs.language, tag))]
    return min(fits, key=lambda f: order[f[0]]) if fits else None


# -- filters -------------------------------------------------------------------------------------------------------
def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.casefold()))


def _overlaps(avoid: frozenset[str], other: str) -> bool:
    """Whole words, so "Li" does not exclude "Oliver", while "Surrey farm-worker" still catches "Surrey
    farm-worker families"."""
    words = _words(other)
    return bool(avoid and words) and (avoid <= words or words <= avoid)


def _conflicts(needs: Needs, entry: Interpreter, incidents: dict[int, set[int]]) -> list[str]:
    reasons = []
    avoid = [_words(a) for a in needs.avoid if a.strip()]
    for community in entry.communities:
        if any(_overlaps(a, community) for a in avoid):
            reasons.append(_("serves or belongs to a community the client asked to avoid ({community})").format(
                community=community))
    if any(_overlaps(a, entry.name) for a in avoid):
        reasons.append(_("is someone the client asked to avoid"))
    if entry.agency and not entry.is_agency and any(_overlaps(a, entry.agency) for a in avoid):
        reasons.append(_("works for an agency the client asked to avoid"))
    if needs.client_id is not None and needs.client_id in incidents.get(entry.id, set()):
        reasons.append(_("an incident with this client was recorded"))
    if entry.conflict_result == "concern":
        reasons.append(_("the last conflict-of-interest check raised a concern"))
    return reasons


def _exclusion(needs: Needs, entry: Interpreter, incidents: dict[int, set[int]]) -> Excluded | None:
    reasons: list[str] = []
    kinds: set[str] = set()
    if _best_language(needs, entry) is None:
        kinds.add("language")
        reasons.append(_("does not interpret {language}").format(language=language_name(needs.language)))
    if needs.working_language and not any(dialect_fit(needs.working_language, t) for t in entry.languages):
        kinds.add("language")
        reasons.append(_("does not work in {language}").format(language=language_name(needs.working_language)))
    if not entry.active:
        kinds.add("inactive")
        reasons.append(_("marked inactive"))
    if not entry.is_agency and best_credential(entry, needs.day) is None:
        kinds.add("credential")
        if entry.credentials:
            latest = max(c.expires_on for c in entry.credentials if c.expires_on)
            reasons.append(_("credential expired on {date}").format(date=format_date(latest)))
        else:
            reasons.append(_("no credential on file"))
    conflict = _conflicts(needs, entry, incidents)
    if conflict:
        kinds.add("conflict")
        reasons.extend(conflict)
    return Excluded(entry, reasons, kinds) if reasons else None


# -- ranking -------------------------------------------------------------------------------------------------------
def _history(db, client_id: int | None) -> dict[int, dict[str, int]]:
    if client_id is None:
        return {}
    found: dict[int, dict[str, int]] = {}
    for interpreter_id, status, count in db.execute(
            "SELECT interpreter_id, status, COUNT(*) FROM bookings WHERE client_id = ? AND interpreter_id IS NOT NULL "
            f"AND {not_leaving('client_id')} "
            "GROUP BY interpreter_id, status", [client_id]):
        found.setdefault(interpreter_id, {})[status] = count
    return found


def _rank(needs: Needs, entry: Interpreter, history: dict[str, int]) -> Candidate:
    score, reasons = 0, []
    credential = best_credential(entry, needs.day)
    if entry.is_agency:
        reasons.append(_("agency line"))
    if credential is not None:
        score += _LEVEL_POINTS.get(credential.level, 0)
        reasons.append(credential.title.lower() if credential.title[:1].isupper() else credential.title)
        checked = credential.last_checked_on
        if checked is None or (needs.day - checked).days > STALE_CHECK_DAYS:
            score -= 1
            reasons.append(_("credential not checked in the last year"))
    if needs.modality != "any":
        if needs.modality in entry.modalities:
            score += 2
            reasons.append(modality_label(needs.modality))
        else:
            score -= 2
            reasons.append(_("does not offer {modality}").format(modality=modality_label(needs.modality)))
    elif entry.modalities:
        reasons.append(_(" or ").join(modality_label(m) for m in entry.modalities))
    if needs.gender != "any" and entry.gender == needs.gender:
        score += 3
        reasons.append(gender_label(entry.gender))
    elif needs.gender != "any" and entry.is_agency:
        reasons.append(_("ask the agency for a {gender} interpreter").format(gender=gender_label(needs.gender)))
    elif needs.gender != "any":
        score -= 3
        reasons.append(_("{gender}, not the client's preference").format(gender=gender_label(entry.gender)))
    elif entry.gender != "unknown":
        reasons.append(gender_label(entry.gender))
    fit, tag = _best_language(needs, entry)
    if fit == "match":
        score += 3
        reasons.append(_("dialect matches"))
    elif fit == "different":
        score -= 1
        reasons.append(_("different dialect: {language}").format(language=language_name(tag)))
    elif _parse(needs.language).region or _parse(needs.language).script:
        reasons.append(_("dialect not confirmed"))
    if entry.trauma_informed:
        score += 2
        reasons.append(_("trauma-informed training"))
    completed, missed = history.get("completed", 0), history.get("no_show", 0)
    if completed:
        score += 2
        reasons.append(ngettext("worked with this client once before", "worked with this client {count} times before",
                                completed).format(count=completed))
    if missed:
        score -= 2
        reasons.append(ngettext("missed a booking with this client", "missed {count} bookings with this client",
                                missed).format(count=missed))
    checked = entry.conflict_checked_on
    if not entry.is_agency and (checked is None or (needs.day - checked).days > STALE_CHECK_DAYS):
        score -= 1
        reasons.append(_("no conflict-of-interest check in the last year"))
    if not entry.confidentiality_signed:
        score -= 1
        reasons.append(_("no signed confidentiality agreement on file"))
    return Candidate(entry, score, reasons)


# -- advice --------------------------------------------------------------------------------------------------------
def _advice(needs: Needs, candidates: list[Candidate], excluded: list[Excluded]) -> list[str]:
    language = language_name(needs.language)
    advice = []
    if not candidates:
        speakers = [e for e in excluded if "language" not in e.kinds]
        if not speakers:
            advice.append(_("No one in the directory interprets {language}. Ask an interpreting agency, or add "
                            "an interpreter to the directory.").format(language=language))
        for kind, singular, plural in (
            ("credential", "{count} interpreter for {language} has no valid credential for that date: ask for proof "
                           "of renewal, then update the directory.",
             "{count} interpreters for {language} have no valid credential for that date: ask for proof of "
             "renewal, then update the directory."),
            ("inactive", "{count} inactive interpreter speaks {language}: check whether they work again.",
             "{count} inactive interpreters speak {language}: check whether they work again."),
        ):
            count = sum(1 for e in speakers if kind in e.kinds and "conflict" not in e.kinds)
            if count:
                advice.append(ngettext(singular, plural, count).format(count=count, language=language))
        if any("conflict" in e.kinds for e in speakers):
            advice.append(_("Interpreters excluded for a conflict must not be used, even if nobody else fits."))
        if _parse(needs.language).region or _parse(needs.language).script:
            advice.append(_("Ask the client whether {language} from another region would be understandable.").format(
                language=language_name(_parse(needs.language).language)))
        advice.append(_("Suggest a phone interpreter from an agency: they live far away and cannot see the client, "
                        "which can also protect the client's privacy."))
        return advice
    if needs.gender != "any" and not any(c.interpreter.gender == needs.gender or c.interpreter.is_agency
                                         for c in candidates):
        advice.append(_("No {gender} interpreter fits. Ask the client whether another gender, or a phone "
                        "interpreter, would be acceptable.").format(gender=gender_label(needs.gender)))
    if needs.modality != "any" and not any(needs.modality in c.interpreter.modalities for c in candidates):
        advice.append(_("No one offers {modality}. Ask the client whether another way would be acceptable.").format(
            modality=modality_label(needs.modality)))
    return advice


def match(db, needs: Needs) -> MatchResult:
    incidents = incident_client_ids(db)
    history = _history(db, needs.client_id)
    candidates, excluded = [], []
    for entry in list_interpreters(db):
        exclusion = _exclusion(needs, entry, incidents)
        if exclusion is None:
            candidates.append(_rank(needs, entry, history.get(entry.id, {})))
        else:
            excluded.append(exclusion)
    candidates.sort(key=lambda c: (-c.score, c.interpreter.is_agency, c.interpreter.name.casefold()))
    excluded.sort(key=lambda e: ("language" in e.kinds, len(e.reasons), e.interpreter.name.casefold()))
    # Nobody fits: offer the agencies' phone lines (they often cover more languages than the roster lists).
    agencies = [] if candidates else [
        e.interpreter for e in excluded
        if e.interpreter.is_agency and "phone" in e.interpreter.modalities and e.kinds <= {"language"}
    ]
    return MatchResult(candidates, excluded, _advice(needs, candidates, excluded), agencies)

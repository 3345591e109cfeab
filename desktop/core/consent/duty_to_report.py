"""The duty-to-report protocol: which province's rules apply, the age below which a child must be reported,
whom to call, and the organisation's own steps. Stored in the vault settings and editable by the organisation,
because the rules differ by province (DOMAIN.md) and an organisation may have its own procedure.

A default ships for each of the 13 provinces and territories, taken from its child-protection act (cited, with
the date checked, in docs/DUTY_TO_REPORT.md). The defaults are a starting point: until the organisation saves its
own, the protocol text asks to check the contacts. ``must_report_under`` is also the age the confidentiality
script tells the client ({child_age}).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from desktop.core.common.plain_text import clean_notes, control_characters_message, has_control_characters
from desktop.core.profile import settings
from desktop.i18n import N_, _

SETTING_KEY = "reporting_protocol"
DEFAULT_PROVINCE = "BC"
MIN_AGE, MAX_AGE = 1, 25             # the ages a protocol may name (the editor's range)


@dataclass(frozen=True)
class Contact:
    label: str
    phone: str


@dataclass(frozen=True)
class Protocol:
    province: str
    must_report_under: int           # a child under this age must be reported
    may_report_under: int | None     # 16-17 in Ontario: may report, need not
    contacts: tuple[Contact, ...] = field(default_factory=tuple)
    steps: str = ""                  # the organisation's own procedure, free text
    edited: bool = False             # False while it is the shipped default nobody has checked yet
    unreadable: bool = False         # the stored protocol was damaged, so this is the default in its place
    source: str = ""                 # the act the shipped default comes from ('' once the organisation edits it)


# West to east, then the territories, as Canada lists them.
PROVINCE_NAMES = {
    "BC": N_("British Columbia"),
    "AB": N_("Alberta"),
    "SK": N_("Saskatchewan"),
    "MB": N_("Manitoba"),
    "ON": N_("Ontario"),
    "QC": N_("Quebec"),
    "NB": N_("New Brunswick"),
    "NS": N_("Nova Scotia"),
    "PE": N_("Prince Edward Island"),
    "NL": N_("Newfoundland and Labrador"),
    "YT": N_("Yukon"),
    "NT": N_("Northwest Territories"),
    "NU": N_("Nunavut"),
}

# Per jurisdiction: the act (its official name, not translated), the age under which a child must be reported,
# and the age under which one may be (None where the act has no such band). docs/DUTY_TO_REPORT.md cites each.
_RULES: dict[str, tuple[str, int, int | None]] = {
    "BC": ("Child, Family and Community Service Act (RSBC 1996, c. 46), s. 13-14", 19, None),
    "AB": ("Child, Youth and Family Enhancement Act (RSA 2000, c. C-12), s. 4", 18, None),
    "SK": ("The Child and Family Services Act (SS 1989-90, c. C-7.2), s. 12", 16, None),
    "MB": ("The Child and Family Services Act (CCSM c. C80), s. 18", 18, None),
    "ON": ("Child, Youth and Family Services Act, 2017 (SO 2017, c. 14, Sch. 1), s. 125", 16, 18),
    "QC": ("Loi sur la protection de la jeunesse / Youth Protection Act (CQLR c. P-34.1), s. 39", 18, None),
    "NB": ("Family Services Act (SNB 1980, c. F-2.2), s. 30", 19, None),
    "NS": ("Children and Family Services Act (SNS 1990, c. 5), s. 23", 19, None),
    "PE": ("Child Protection Act (RSPEI 1988, c. C-5.1), s. 10", 18, None),
    "NL": ("Children, Youth and Families Act (SNL 2018, c. C-12.3), s. 11", 16, None),
    "YT": ("Child and Family Services Act (SY 2008, c. 1), s. 22", 19, None),
    "NT": ("Child and Family Services Act (SNWT 1997, c. 13), s. 8", 16, None),
    "NU": ("Child and Family Services Act (Nunavut, SNWT (Nu) 1997, c. 13), s. 8", 16, None),
}

_DEFAULT_STEPS = N_(
    "1. If someone is in immediate danger, call 911 first.\n"
    "2. Tell your supervisor as soon as it is safe to do so.\n"
    "3. If you can, tell the person before you call, and say what you will share. Share as little as possible.\n"
    "4. Call the child welfare line below. Write down the date, time and the name of the person you spoke to.\n"
    "5. Record the report in Harbour, with whether and when the person was told."
)


def _contacts(local: Contact) -> dict[str, tuple[Contact, ...]]:
    """Only numbers we could cite with confidence; elsewhere (see _defaults) a line asking for the local one."""
    return {
        "BC": (Contact(_("Helpline for Children (child welfare, 24 hours, no area code)"), "310-1234"),
               Contact(_("Child welfare after hours"), "1-800-663-9122")),
        "AB": (Contact(_("Child Abuse Hotline (24 hours)"), "1-800-387-5437"),),
        "ON": (Contact(_("Your local children's aid society (look up its number and write it here)"), ""),),
        "QC": (Contact(_("The youth protection director (DPJ) of your region (look up its number and write it "
                         "here)"), ""),),
        "NB": (local, Contact(_("After-hours emergency social services"), "1-800-442-9799")),
        "NS": (Contact(_("Child welfare line, Department of Community Services"), "1-877-424-1177"),),
    }


def _defaults() -> dict[str, Protocol]:
    emergency = Contact(_("Emergency services (police, ambulance, fire)"), "911")
    local = Contact(_("Your local child welfare office (look up its number and write it here)"), "")
    contacts = _contacts(local)
    return {code: Protocol(code, must, may, (emergency, *contacts.get(code, (local,))), _(_DEFAULT_STEPS),
                           source=act)
            for code, (act, must, may) in _RULES.items()}


def province_name(code: str) -> str:
    return _(PROVINCE_NAMES[code]) if code in PROVINCE_NAMES else code


def default_protocol(province: str = DEFAULT_PROVINCE) -> Protocol:
    return _defaults().get(province, _defaults()[DEFAULT_PROVINCE])


class ProtocolInvalid(ValueError):
    """A protocol that cannot be saved; the message is a sentence for the worker."""


def get_protocol(db) -> Protocol:
    """The vault's protocol; the shipped default when none is saved, or when the saved one is damaged (then
    marked ``unreadable``, and the protocol text says so)."""
    stored = settings.get(db, SETTING_KEY)
    if not stored:
        return default_protocol()
    if not _well_formed(stored):
        return replace(default_protocol(), unreadable=True)
    if stored.get("edited") is False and stored["province"] in PROVINCE_NAMES:
        # A province's shipped default that nobody has checked: shown fresh, in today's language, with its note.
        return default_protocol(stored["province"])
    return Protocol(
        province=stored["province"],
        must_report_under=stored["must_report_under"],
        may_report_under=stored.get("may_report_under"),
        contacts=tuple(Contact(c["label"], c["phone"]) for c in stored["contacts"]),
        steps=stored.get("steps", ""),
        edited=True,
    )


def _is_age(value) -> bool:
    return type(value) is int and MIN_AGE <= value <= MAX_AGE


def _well_formed(stored: dict) -> bool:
    """What save_protocol writes: a province, ages in range, at least one contact, text where text goes."""
    contacts, may = stored.get("contacts"), stored.get("may_report_under")
    return (isinstance(stored.get("province"), str) and bool(stored["province"])
            and _is_age(stored.get("must_report_under"))
            and (may is None or (_is_age(may) and may > stored["must_report_under"]))
            and isinstance(stored.get("steps", ""), str)
            and isinstance(contacts, list) and bool(contacts)
            and all(isinstance(c, dict) and isinstance(c.get("label"), str) and isinstance(c.get("phone"), str)
                    for c in contacts))


def save_protocol(db, protocol: Protocol) -> Protocol:
    """Stores the organisation's protocol. Saving from the editor is a check: from now on it counts as edited."""
    return _store(db, protocol, edited=True)


def _store(db, protocol: Protocol, *, edited: bool) -> Protocol:
    if not _is_age(protocol.must_report_under):
        raise ProtocolInvalid(_("The age must be between 1 and 25."))
    if protocol.may_report_under is not None and protocol.may_report_under <= protocol.must_report_under:
        raise ProtocolInvalid(_("The 'may report' age must be above the 'must report' age."))
    contacts = [c for c in protocol.contacts if c.label.strip() or c.phone.strip()]
    if not contacts:
        raise ProtocolInvalid(_("Keep at least one contact to call."))
    if any(has_control_characters(text.strip()) for c in contacts for text in (c.label, c.phone)):
        raise ProtocolInvalid(control_characters_message())
    settings.put(db, SETTING_KEY, {
        "province": protocol.province,
        "must_report_under": protocol.must_report_under,
        "may_report_under": protocol.may_report_under,
        "contacts": [{"label": c.label.strip(), "phone": c.phone.strip()} for c in contacts],
        "steps": clean_notes(protocol.steps).strip(),  # several lines: invisible controls are dropped
        "edited": edited,  # absent in vaults from before this flag: those count as edited, as they did then
    })
    return get_protocol(db)


def reset_to_province(db, province: str) -> Protocol:
    """Replaces the stored protocol with the shipped default for a province. Nobody has checked those contacts
    yet, so it stays unedited (and protocol_text keeps asking to check them) until the worker saves an edit."""
    return _store(db, default_protocol(province), edited=False)


def age_rule(protocol: Protocol) -> str:
    """One plain sentence about who must be reported."""
    rule = _("{province}: a child under {age} who may need protection must be reported.").format(
        province=province_name(protocol.province), age=protocol.must_report_under)
    if protocol.may_report_under:
        rule += " " + _("From {age} to {upper}, you may report.").format(
            age=protocol.must_report_under, upper=protocol.may_report_under - 1)
    return rule


def protocol_text(protocol: Protocol) -> str:
    """The whole protocol as text to show beside the duty-to-report form."""
    lines = [age_rule(protocol), ""]
    lines += [f"{c.label}: {c.phone}" if c.phone else c.label for c in protocol.contacts]
    if protocol.steps:
        lines += ["", protocol.steps]
    if protocol.source and not protocol.edited:
        lines += ["", _("Source: {act}.").format(act=protocol.source)]
    if protocol.unreadable:
        lines += ["", _("The protocol saved in this vault could not be read, so Harbour's default is shown. Set "
                        "your organisation's protocol again.")]
    if not protocol.edited:
        lines += ["", _("These are Harbour's default contacts. Ask your organisation to check them and set its own.")]
    return "\n".join(lines)

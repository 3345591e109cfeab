"""The words shown for the consent codes, in one place: what a consent covers (categories, purposes, how it was
given, its state), how data leaves (channels), the duty-to-report reasons, and the audit log's outcomes, bases and
refusal reasons. Tables are marked with N_() and translated when shown, through the functions below.

The codes themselves (CATEGORIES, CHANNELS, ...) stay with the rules that use them; tests hold every code to a label.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.i18n import N_, _

CATEGORY_LABELS = {
    "first_name": N_("First name"),
    "language_needs": N_("Language needs"),
    "contact_details": N_("Contact details"),
    "appointment_details": N_("Appointment details"),
    "session_summary": N_("Session summary"),
    "full_notes": N_("Full notes"),
}

PURPOSE_LABELS = {
    "referral": N_("A referral to a service"),
    "health": N_("Health care"),
    "housing": N_("Housing or shelter"),
    "legal": N_("Legal help"),
    "immigration": N_("Immigration help"),
    "work": N_("Work or income"),
    "safety": N_("Safety planning"),
    "interpreter_booking": N_("Booking an interpreter"),
    "other": N_("Something else (say what)"),
}

METHOD_LABELS = {
    "verbal_interpreter": N_("Spoken, through an interpreter"),
    "verbal_client_language": N_("Spoken, in the person's own language"),
    "written_signed": N_("Written and signed"),
}

STATUS_LABELS = {
    "active": N_("Active"),
    "not_yet": N_("Not yet valid"),
    "expired": N_("Expired"),
    "withdrawn": N_("Withdrawn"),
    "used": N_("Used (single use)"),
}

CHANNEL_LABELS = {
    "file_pdf": N_("PDF file"),
    "file_csv": N_("CSV file (spreadsheet)"),
    "file_text": N_("Text file"),
    "print": N_("Printer"),
    "email": N_("E-mail draft"),
    "clipboard": N_("Clipboard"),
    "calendar": N_("Calendar file"),
    "booking_request": N_("Booking request"),
}

DUTY_REASON_LABELS = {
    "minor": N_("A child or youth may need protection"),
    "danger_to_self": N_("Immediate danger to the person's own life"),
    "danger_to_others": N_("Immediate danger to someone else"),
}

OUTCOME_LABELS = {"released": N_("Shared"), "refused": N_("Refused"), "release_failed": N_("Not sent"),
                  "restored": N_("Restored from a backup")}

BASIS_LABELS = {"consent": N_("Consent"), "duty_to_report": N_("Duty to report"),
                "not_client_data": N_("Not about a client"), "vault": N_("The vault itself")}

REFUSAL_LABELS = {
    "no_consent": N_("no consent"), "expired": N_("consent expired"), "withdrawn": N_("consent withdrawn"),
    "used": N_("single-use consent already used"), "recipient_out_of_scope": N_("recipient not agreed"),
    "category_out_of_scope": N_("information not agreed"), "not_yet": N_("consent dated in the future"),
    "purpose_out_of_scope": N_("purpose not agreed"), "address_out_of_scope": N_("e-mail address not agreed"),
}


def _label(table: Mapping[str, str], code: str) -> str:
    return _(table[code])


def category_label(category: str) -> str:
    return _label(CATEGORY_LABELS, category)


def purpose_label(kind: str) -> str:
    return _label(PURPOSE_LABELS, kind)


def method_label(method: str) -> str:
    return _label(METHOD_LABELS, method)


def status_label(state: str) -> str:
    return _label(STATUS_LABELS, state)


def channel_label(channel: str) -> str:
    return _label(CHANNEL_LABELS, channel)


def duty_reason_label(reason: str) -> str:
    return _label(DUTY_REASON_LABELS, reason)


def outcome_label(outcome: str) -> str:
    return _label(OUTCOME_LABELS, outcome)


def basis_label(basis: str) -> str:
    return _label(BASIS_LABELS, basis)


def refusal_label(reason: str | None) -> str:
    """A reason an older version recorded and this one no longer names is shown as recorded."""
    return _(REFUSAL_LABELS[reason]) if reason in REFUSAL_LABELS else reason or ""

"""What the consent gate reads from the client's record before it checks what a consent allows.

Only gate.py calls this module. It reads from the records and interpreters rooms; they never import it back, so
the gate's helpers (the releasable text of each category) live here rather than in those rooms.
"""

from __future__ import annotations

from desktop.core.common.languages import language_name
from desktop.core.interpreters import bookings
from desktop.core.records import clients, promises, sessions
from desktop.i18n import _


class NotThisClientsBooking(ValueError):
    """The booking named for appointment details belongs to another client."""


def release_fields(db, client_id: int) -> dict[str, str]:
    """The releasable categories as text. Only the consent gate calls this; it picks what a consent allows."""
    client = clients.get_client(db, client_id)
    history = sessions.sessions_for_client(db, client_id)
    latest = history[0] if history else None
    summary = summary_text(db, latest) if latest else _("No sessions recorded.")
    full_notes = "\n\n".join(f"{s.started_at.date().isoformat()}\n{s.notes}" for s in reversed(history) if s.notes)
    return {
        "first_name": client.first_name,
        "language_needs": clients.language_needs_text(client),
        "contact_details": client.safe_contact,
        "session_summary": summary,
        "full_notes": full_notes,
    }


def summary_text(db, session: sessions.Session) -> str:
    """Date, language and open follow-ups of a session, never its notes: what a 'session summary' release holds."""
    language = f"{language_name(session.language)} ({session.language})" if session.language else _("not recorded")
    lines = [_("Session on {date}; language: {language}").format(
        date=session.started_at.date().isoformat(), language=language)]
    for item in promises.promises_for_session(db, session.id):
        if item.status == "open":
            lines.append(_("{kind} by {date}: {text}").format(
                kind=promises.kind_label(item.kind), date=item.due_on.isoformat(), text=item.text))
    return "\n".join(lines)


def gather(db, client_id: int, wanted, booking_id: int | None) -> dict[str, str]:
    """Reads the client's data from its owners, keeping only the wanted categories."""
    available = release_fields(db, client_id)
    fields = {category: str(available.get(category, "")) for category in wanted if category != "appointment_details"}
    if "appointment_details" in wanted:
        fields["appointment_details"] = appointment_text(db, client_id, booking_id)
    return {category: fields[category] for category in wanted}


def appointment_text(db, client_id: int, booking_id: int) -> str:
    details = dict(bookings.appointment_fields(db, booking_id))
    owner = details.pop("client_id", client_id)
    if owner != client_id:
        raise NotThisClientsBooking(_("This booking belongs to another client."))
    if "appointment_details" in details:
        return str(details["appointment_details"])
    return "\n".join(f"{key}: {value}" for key, value in details.items() if value not in (None, ""))

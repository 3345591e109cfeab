"""Fictional clients for the demo vault, with the history a newcomer needs to see every screen at work.

Seven made-up people, each with a few sessions over the past weeks, promises (done, open, overdue, due today),
consents in every state, bookings in several states (three this week), scripts shown, and an audit log made by
the real gate: releases under a consent, a refusal, a calendar file without client data, and one duty to report.
Everything goes through the public core functions, so the demo obeys the same rules as real work, and
everything is placed relative to ``today`` with fixed clock times, so screenshots come out the same every run.
Notes are written the way a careful worker writes: first names, calm, short, no graphic detail.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError

from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.interpreters import booking_sharing, bookings
from desktop.core.interpreters import directory as interpreters
from desktop.core.profile import settings
from desktop.core.records import clients, promises, sessions
from desktop.core.scripts import catalogs as scripts
from desktop.core.scripts import script_log
from desktop.i18n import current_locale

ZONE = "America/Vancouver"
CLINIC = "Riverside Community Clinic"
HOUSING = "Cedar Lane Housing Society"
LEGAL_AID = "Eastside Legal Aid Clinic"
SETTLEMENT = "Maple Settlement Services"

# Names as they appear in the demo roster (resources/demo/interpreters.csv).
WING = "Wing Example (demo)"
MARISOL = "Marisol Ejemplo (demo)"
TOMAS = "Tomás Ficticio (demo)"
ROSA = "Rosa Halimbawa (demo)"
SAMIR = "Samir Mithal (demo)"
OKSANA = "Oksana Zrazok (demo)"
AGENCY = "Pretend Language Services phone line (demo)"


@dataclass(frozen=True)
class Visit:
    days_ago: int
    at: time
    place: str
    language: str
    interpreter: str          # a demo roster name, or "" for none
    notes: str


class _Seeder:
    """Holds what every step needs: the vault, today, the worker's name and the roster looked up by name."""

    def __init__(self, db, today: date) -> None:
        self.db = db
        self.today = today
        self.worker = settings.get(db, "worker_name") or "Alex"
        self.roster = {entry.name: entry for entry in interpreters.list_interpreters(db)}

    def local(self, days: int, at: time) -> datetime:
        """A wall-clock time on this machine ``days`` from today, as aware UTC: sessions show at the hour written
        here wherever the demo runs, since the screens show them in the machine's zone."""
        return datetime.combine(self.today + timedelta(days=days), at).astimezone().astimezone(UTC)

    def vancouver(self, days: int, at: time) -> datetime:
        """A wall-clock time in the bookings' zone ``days`` from today, as aware UTC."""
        return datetime.combine(self.today + timedelta(days=days), at, tzinfo=ZoneInfo(ZONE)).astimezone(UTC)

    def interpreter_id(self, name: str) -> int | None:
        entry = self.roster.get(name)
        return entry.id if entry else None

    def visits(self, client: clients.Client, plan: list[Visit]) -> list[sessions.Session]:
        made = []
        for visit in plan:
            made_session = sessions.create_session(
                self.db, client.id, started_at=self.local(-visit.days_ago, visit.at), place=visit.place,
                language=visit.language, worker=self.worker, interpreter_id=self.interpreter_id(visit.interpreter),
                interpreter_name=visit.interpreter)
            sessions.save_notes(self.db, made_session.id, visit.notes)
            made.append(made_session)
        return made

    def promise(self, client: clients.Client, text: str, due_in: int, *, session: sessions.Session | None = None,
                kind: str = "promise", done: str | None = None) -> promises.Promise:
        item = promises.add_promise(self.db, client.id, text, self.today + timedelta(days=due_in),
                                    session_id=session.id if session else None, kind=kind)
        return promises.mark_done(self.db, item.id, done) if done is not None else item

    def shown(self, session: sessions.Session, script_id: str, locale: str,
              minutes_in: int) -> script_log.ShownScript:
        script = scripts.load_script(script_id, locale)
        return script_log.record_shown(self.db, session.id, script_id, locale,
                                scripts.revision((script.title, *script.paragraphs)),
                                at=session.started_at + timedelta(minutes=minutes_in))

    def booking(self, client: clients.Client, interpreter: str, starts_at: datetime, minutes: int,
                steps: tuple[str, ...], **fields) -> bookings.Booking:
        made = bookings.create_booking(
            self.db, client_id=client.id, interpreter_id=self.interpreter_id(interpreter) if interpreter else None,
            starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes), timezone=ZONE,
            worker=self.worker, **fields)
        for step in steps:
            made = bookings.transition(self.db, made.id, step, worker=self.worker)
        return made

    def this_week(self, preferred: int) -> int:
        """Days from today to a day ``preferred`` days ahead, pulled back to stay in the week the Bookings screen
        opens on (the locale's first day of the week starts it)."""
        try:
            first = Locale.parse(current_locale().replace("-", "_")).first_week_day
        except (UnknownLocaleError, ValueError):
            first = 0
        left_in_week = 6 - (self.today.weekday() - first) % 7
        return min(preferred, left_in_week)


def seed_people(db, today: date | None = None) -> None:
    """Adds the fictional clients and their history. Call after the demo roster is loaded."""
    seeder = _Seeder(db, today or date.today())
    _mei(seeder)
    _harpreet(seeder)
    _lucia(seeder)
    _joy(seeder)
    _yusuf(seeder)
    _daryna(seeder)
    _mateo(seeder)


def _mei(s: _Seeder) -> None:
    mei = clients.create_client(
        s.db, "Mei", pronouns="she/her", languages=["yue", "en"], interpreter_gender="female",
        interpreter_modality="in_person", avoid=["her former employer's family"], age_group="adult",
        safe_contact="Text only, after 6 pm. No voice messages.", tags=["housing", "health"])
    first, second, third = s.visits(mei, [
        Visit(44, time(10, 30), "Drop-in centre", "yue", WING,
              "First meeting. Mei came with a friend from the drop-in centre; Wing interpreted in Cantonese.\n"
              "I explained my role and what stays confidential. Mei said she wanted to think before deciding "
              "anything.\nHer main worry is a place to stay. She is sleeping on a friend's sofa and can stay "
              "there for now. She agreed that I share her first name and language needs with Cedar Lane Housing "
              "Society for 30 days, so they can put her on the list."),
        Visit(30, time(14, 0), "Drop-in centre", "yue", WING,
              "Mei looked more rested. We went through the housing options one by one; she prefers a shared "
              "flat to the shelter.\nShe asked about a doctor for her back. I said I would find the clinic's "
              "walk-in hours and let her know by text."),
        Visit(3, time(11, 0), "Phone", "yue", AGENCY,
              "Short call with a phone interpreter from the agency line.\nMei would like Wing at her clinic "
              "visit, so I booked Wing for it. She asked about the housing list; I have not heard back yet and "
              "told her so. Her consent for Cedar Lane has ended: I will ask her whether she wants to give it "
              "again."),
    ])
    s.shown(first, "role", "zh_Hant", 5)
    s.shown(first, "confidentiality", "zh_Hant", 12)
    words = s.shown(first, "consent", "zh_Hant", 25)
    consent.record_consent(
        s.db, client_id=mei.id, purpose="Housing waiting list", purpose_kind="housing", recipient=HOUSING,
        categories=["first_name", "language_needs"], method="verbal_interpreter", recorded_by=s.worker,
        interpreter_name=WING, explained_script=f"consent / zh_Hant / rev {words.revision}",
        explained_language="zh_Hant",
        given_at=first.started_at + timedelta(minutes=30), valid_until=first.started_at + timedelta(days=30),
        help_not_conditional_explained=True, risks_discussed=True)
    s.promise(mei, "Find the clinic's walk-in hours", -28, session=second,
              done="Texted Mei: Tuesdays and Thursdays, 9 to 12.")
    s.promise(mei, "Ask whether she wants to give her consent for Cedar Lane Housing Society again", -2,
              session=third)
    visit = s.this_week(1)
    clinic_visit = s.booking(mei, WING, s.vancouver(visit, time(10, 0)), 60, ("requested", "confirmed"),
                             modality="in_person", place=f"{CLINIC}, second floor", language="yue",
                             gender_preference="female", notes="Back pain follow-up. Wing meets us at reception.")
    for item in ("brief_first", "arrive_separately"):  # the third box is left for the newcomer to tick
        bookings.set_checklist(s.db, clinic_visit.id, item, True)
    # The calendar file for Wing holds the time and place only: no consent needed, but it is logged.
    booking_sharing.share_booking(s.db, clinic_visit.id, channel="calendar", worker=s.worker,
                                  organisation=settings.get(s.db, "organisation") or "")


def _harpreet(s: _Seeder) -> None:
    harpreet = clients.create_client(
        s.db, "Harpreet", pronouns="she/her", languages=["pa-Guru", "en"], interpreter_gender="female",
        interpreter_modality="in_person", avoid=["Surrey farm-worker families"], age_group="adult",
        safe_contact="Call on weekdays before 3 pm. If someone else answers, ask for the library.",
        tags=["farm work"])
    first, second = s.visits(harpreet, [
        Visit(20, time(13, 0), "Community kitchen", "pa-Guru", AGENCY,
              "Met Harpreet at the community kitchen. She asked that the interpreter not know the farm-worker "
              "families in Surrey, so we used the agency phone line.\nI explained my role, confidentiality, and "
              "that she decides what happens next. She wants to understand her rights about pay that was held "
              "back."),
        Visit(9, time(10, 0), "Community kitchen", "pa-Guru", AGENCY,
              "Went through what legal aid can and cannot do. She will decide about legal aid later.\nShowed the "
              "consent script in Punjabi. She agreed to share her first name and language needs with Riverside "
              "Community Clinic, so they can book an interpreter for her check-up. She asked for a female "
              "doctor."),
    ])
    s.shown(first, "role", "pa_Guru", 4)
    s.shown(second, "consent", "pa_Guru", 15)
    cited = consent.last_explained_script(s.db, harpreet.id)
    consent.record_consent(
        s.db, client_id=harpreet.id, purpose="Booking an interpreter for a check-up", purpose_kind="health",
        recipient=CLINIC, recipient_contacts=["intake@riverside-clinic.example"],
        categories=["first_name", "language_needs"], method="verbal_interpreter", recorded_by=s.worker,
        interpreter_name="Phone interpreter, Pretend Language Services (demo)",
        explained_script=cited[0] if cited else "", explained_language=cited[1] if cited else "",
        given_at=second.started_at + timedelta(minutes=20), help_not_conditional_explained=True,
        risks_discussed=True)
    # Her first name and language needs go to the clinic under that consent: a release in the audit log. (The
    # gate reads the real clock, so a demo seeded for a day long past finds the consent expired: then a refusal.)
    with contextlib.suppress(egress.ConsentRequired):
        egress.release(s.db, client_id=harpreet.id, recipient=CLINIC, purpose="Booking an interpreter for a "
                       "check-up", purpose_kind="health", categories=["first_name", "language_needs"],
                       channel="email", address="intake@riverside-clinic.example", worker=s.worker)
    s.promise(harpreet, "Ask the clinic whether a female doctor is available", -6, session=second,
              done="Yes, on Wednesdays. Told Harpreet.")
    s.promise(harpreet, "Bring the legal aid leaflet in Punjabi", 0, session=second)


def _lucia(s: _Seeder) -> None:
    lucia = clients.create_client(
        s.db, "Lucía", pronouns="she/her", languages=["es"], interpreter_modality="phone", age_group="adult",
        safe_contact="WhatsApp message only.", tags=["cleaning work"])
    first, second = s.visits(lucia, [
        Visit(33, time(15, 0), "Library meeting room", "es", MARISOL,
              "Lucía asked to meet at the library. Marisol interpreted in person.\nShe cleans offices at night "
              "and has not been paid for the last month. She wants to talk to a lawyer. She agreed that I share "
              "her first name, language needs and how to reach her with Eastside Legal Aid Clinic."),
        Visit(10, time(10, 0), "Phone", "es", MARISOL,
              "Phone call, Marisol interpreting.\nLucía has decided to contact the legal aid clinic herself and "
              "asked me not to share anything more with them. I withdrew the consent with her on the call. She "
              "is sleeping better and found a second cleaning job."),
    ])
    given = consent.record_consent(
        s.db, client_id=lucia.id, purpose="Referral for advice about unpaid wages", purpose_kind="legal",
        recipient=LEGAL_AID,
        categories=["first_name", "language_needs", "contact_details"], method="verbal_interpreter",
        recorded_by=s.worker, interpreter_name=MARISOL, given_at=first.started_at + timedelta(minutes=40),
        help_not_conditional_explained=True, risks_discussed=True)
    consent.withdraw(s.db, given.id, "Lucía will contact the clinic herself.",
                     at=second.started_at + timedelta(minutes=15))
    s.promise(lucia, "Find a Spanish-speaking advisor at legal aid", -26, session=first,
              done="Found one; Lucía chose to call them herself.")
    s.promise(lucia, "Check in by WhatsApp after her legal aid appointment", 3, session=second, kind="follow_up")
    s.booking(lucia, MARISOL, s.vancouver(-10, time(10, 0)), 60, ("requested", "confirmed", "completed"),
              modality="phone", language="es",
              call_details="Marisol calls the outreach office line; Lucía joins the call from there.")
    # The worker tries the old referral route once: the gate refuses, and the refusal is logged.
    with contextlib.suppress(egress.ConsentRequired):
        egress.release(s.db, client_id=lucia.id, recipient=LEGAL_AID, purpose="Update the referral",
                       purpose_kind="legal",
                       categories=["first_name", "contact_details"], channel="print", worker=s.worker)


def _joy(s: _Seeder) -> None:
    joy = clients.create_client(
        s.db, "Joy", pronouns="she/her", languages=["fil", "en"], interpreter_gender="female",
        interpreter_modality="phone", age_group="adult",
        safe_contact="Texts in English are fine. She reads messages at night.", tags=["caregiving"])
    first, second = s.visits(joy, [
        Visit(18, time(19, 0), "Phone", "fil", ROSA,
              "Evening call with Rosa interpreting in Tagalog. Joy works as a live-in caregiver and can only "
              "talk after 7 pm.\nShe wants English classes and to know more about her work permit. I explained "
              "what I can help with and what I cannot."),
        Visit(6, time(19, 30), "Video call", "fil", ROSA,
              "Video call with Rosa. We looked at English classes together; Joy chose the Saturday class at "
              "Maple Settlement Services.\nShe agreed, this once, that I send her first name, language needs "
              "and phone number to them for the referral."),
    ])
    s.shown(second, "consent", "fil", 10)
    single = consent.record_consent(
        s.db, client_id=joy.id, purpose="Referral to English classes", purpose_kind="referral", recipient=SETTLEMENT,
        recipient_contacts=["classes@maple-settlement.example"],
        categories=["first_name", "language_needs", "contact_details"], method="verbal_interpreter",
        recorded_by=s.worker, interpreter_name=ROSA, given_at=second.started_at + timedelta(minutes=15),
        single_use=True, help_not_conditional_explained=True, risks_discussed=True)
    egress.release(s.db, client_id=joy.id, recipient=single.recipient, purpose="Referral to English classes",
                   purpose_kind="referral", categories=["first_name", "language_needs", "contact_details"],
                   channel="email", address="classes@maple-settlement.example", worker=s.worker)
    s.promise(joy, "Send the referral for the Saturday English class", -5, session=second,
              done="Sent by e-mail with her consent (single use).")
    s.promise(joy, "Find out who can answer questions about her work permit", 5, session=first)


def _yusuf(s: _Seeder) -> None:
    yusuf = clients.create_client(
        s.db, "Yusuf", pronouns="he/him", languages=["ar"], interpreter_gender="male",
        interpreter_modality="in_person", avoid=["Karim (former supervisor)"], age_group="adult",
        safe_contact="Meet at the drop-in centre on Thursdays.", tags=["construction"])
    first, second = s.visits(yusuf, [
        Visit(15, time(11, 0), "Drop-in centre", "ar", SAMIR,
              "Samir interpreted in Arabic. Yusuf worked on a building site until last month. He asked that we "
              "never use an interpreter who knows Karim, his former supervisor.\nHe wants to know whether he "
              "can still get the pay he is owed."),
        Visit(5, time(11, 0), "Drop-in centre", "ar", SAMIR,
              "Yusuf talked about the building site and the other men who worked there. When we came to the "
              "place where they slept, he said he wanted to leave it for another day. We stopped there and "
              "talked about the weekend instead."),
    ])
    sessions.stop_here(s.db, second.id, "client_asked",
                       "Stopped at where the men slept. Next time he chooses where we start.")
    union = s.promise(yusuf, "Ask the union office about owed pay", -3, session=first)
    promises.mark_cancelled(s.db, union.id, "The union office only helps members. Told Yusuf and gave him the "
                                            "legal aid number instead.")
    s.promise(yusuf, "Check in at the drop-in", 2, session=second, kind="follow_up")
    s.booking(yusuf, SAMIR, s.vancouver(s.this_week(4), time(11, 0)), 90, ("requested",), modality="in_person",
              place="Drop-in centre, side room", language="ar", gender_preference="male")


def _daryna(s: _Seeder) -> None:
    daryna = clients.create_client(
        s.db, "Daryna", pronouns="she/her", languages=["uk"], interpreter_gender="female",
        interpreter_modality="video", age_group="minor",
        safe_contact="Only through her school counsellor.", tags=["youth", "school"])
    first, second = s.visits(daryna, [
        Visit(16, time(15, 30), "Youth centre", "uk", OKSANA,
              "Met Daryna, 16, at the youth centre with her school counsellor present. Oksana interpreted by "
              "video.\nBecause Daryna is under 19, I explained in simple words what I would have to pass on and "
              "what stays between us. She said she understood. She likes her English class and wants to keep "
              "going to school."),
        Visit(7, time(15, 30), "Youth centre", "uk", OKSANA,
              "Daryna talked about the flat where she stays with an older cousin. When we came to who else "
              "stays there she went quiet, so we stopped and she chose to draw instead. I reminded her she can "
              "stop any time. Talked with the counsellor afterwards about next steps."),
    ])
    sessions.stop_here(s.db, second.id, "distress",
                       "At the question of who else stays at the flat. Counsellor present next time.")
    s.shown(first, "role", "uk", 3)
    s.shown(first, "confidentiality", "uk", 10)
    s.promise(daryna, "Ask the counsellor for a quiet room for our next meeting", -8, session=first,
              done="Room 12 on Tuesdays after school.")
    s.promise(daryna, "Talk with my supervisor about what must be reported", -1, session=second,
              done="We agreed a report was needed. I told Daryna first, then made it.")
    # The duty to report: no consent asked, a written reason, logged as such (never as consent).
    egress.release_duty_to_report(
        s.db, client_id=daryna.id, reason="minor", recipient="Helpline for Children (demo)",
        justification="Daryna is 16 and may not be safe where she stays. She is under 19, so in British "
                      "Columbia a report is required. My supervisor agreed.",
        categories=["first_name", "language_needs"], channel="print", worker=s.worker,
        client_told="Yes, before the call, with her counsellor present. She chose to stay in the room.")
    s.promise(daryna, "Next meeting, with the counsellor present", 2, session=second, kind="follow_up")


def _mateo(s: _Seeder) -> None:
    mateo = clients.create_client(
        s.db, "Mateo", pronouns="he/him", languages=["quc", "es"], reads_language=False, interpreter_gender="male",
        interpreter_modality="in_person", avoid=["Don Beto's crew"], age_group="adult",
        safe_contact="Through the farm-worker support office.", tags=["farm work", "health"])
    first, second = s.visits(mateo, [
        Visit(22, time(9, 30), "Farm-worker support office", "quc", TOMAS,
              "Tomás interpreted in K'iche'. Harbour has no written K'iche' scripts, so Tomás interpreted the "
              "role script from Spanish, one paragraph at a time.\nMateo prefers spoken information. He hurt his "
              "hand at work and would like to see a doctor."),
        Visit(8, time(9, 30), "Farm-worker support office", "quc", TOMAS,
              "The hand is healing but still stiff. Mateo would like a clinic visit with Tomás interpreting. "
              "Tomás's credential needs checking before I book him; the visit is a draft until then."),
    ])
    s.shown(first, "role", "es", 5)
    s.promise(mateo, "Find a clinic that works with K'iche' interpreters", -15, session=first,
              done="Riverside Community Clinic can book one.")
    s.promise(mateo, "Check Tomás's credential and confirm the clinic visit", 1, session=second)
    s.booking(mateo, "", s.vancouver(s.this_week(2), time(9, 30)), 60, (), modality="in_person", place=CLINIC,
              language="quc", gender_preference="male",
              notes="Hand injury follow-up. Interpreter still to be confirmed.")

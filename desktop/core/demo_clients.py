"""Fictional clients, sessions and promises for the demo vault, so the Today and Clients screens have something
to show. Every person here is invented; dates are relative to today so the demo always has something overdue,
something due today and something coming up.

    seed_clients(db)          # called by the demo seeding, after the worker's name is set
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from desktop.core import clients, promises, sessions
from desktop.core.db import transaction

_PEOPLE = [
    {"first_name": "Mei", "pronouns": "she/her", "languages": ["yue", "en"], "reads_language": False,
     "interpreter_gender": "female", "interpreter_modality": "phone", "avoid": ["Staff of the restaurant she left"],
     "age_group": "adult", "safe_contact": "Text first, only after 6 pm. Her roommate may answer calls.",
     "tags": ["restaurant", "Richmond"]},
    {"first_name": "Rosa", "pronouns": "she/her", "languages": ["es-MX"], "reads_language": True,
     "interpreter_gender": "any", "interpreter_modality": "in_person", "age_group": "adult",
     "safe_contact": "Calls on Sundays only.", "tags": ["farm", "Abbotsford"]},
    {"first_name": "Harpreet", "pronouns": "he/him", "languages": ["pa-Guru", "en"], "reads_language": True,
     "interpreter_gender": "male", "interpreter_modality": "video", "age_group": "adult",
     "safe_contact": "Safe to call his own phone any time.", "tags": ["construction", "Surrey"]},
    {"first_name": "Joy", "pronouns": "she/her", "languages": ["en"], "age_group": "minor",
     "safe_contact": "Through the youth drop-in only.", "tags": ["downtown"]},
]

_SESSIONS = {
    "Mei": [(-21, "Drop-in centre", "yue", "Lin (agency, phone)",
             "First meeting. Explained who I am and that she can stop at any time. She wanted to talk about "
             "her hours first: very long shifts, no days off. Asked about a clinic for a wrist injury.", None),
            (-7, "Library meeting room", "yue", "Lin (agency, phone)",
             "She brought the pay slips. Deductions for rent and 'fees' she does not understand. She asked us "
             "to slow down when we talked about the manager.", ("distress", "Stopped before talking about the "
                                                                "manager; she wants to come back to it.")),
            ],
    "Rosa": [(-10, "Farm workers' centre", "es-MX", "",
              "Talked about the housing on the farm and her passport, which the employer keeps. She wants to know "
              "her options before deciding anything.", ("time", "The bus back was leaving."))],
    "Harpreet": [(-3, "Video call", "pa-Guru", "Gurpreet (agency, video)",
                  "Wage questions: paid less than the contract said. Wants information about making a complaint "
                  "without losing his work permit.", None)],
    "Joy": [(-2, "Youth drop-in", "en", "",
             "Met with the youth worker present. Talked about school and a safe place to stay. Followed the "
             "duty-to-report protocol with my supervisor the same day.", None)],
}

_PROMISES = {
    "Mei": [("promise", "Call back with the address of a walk-in clinic", -2),
            ("follow_up", "Book a female Cantonese interpreter for next week", 0)],
    "Rosa": [("promise", "Find out who can help with a kept passport, and tell her on Sunday", 4)],
    "Harpreet": [("promise", "Send the plain-language page about wage complaints", 1)],
    "Joy": [("follow_up", "Check in with the youth worker", 0)],
}


def seed_clients(db, today: date | None = None) -> None:
    today = today or date.today()
    with transaction(db):
        for person in _PEOPLE:
            fields = dict(person)
            client = clients.create_client(db, fields.pop("first_name"), **fields)
            for days, place, language, interpreter, notes, stopped in _SESSIONS.get(client.first_name, []):
                moment = datetime.combine(today + timedelta(days=days), time(14, 0)).astimezone()
                session = sessions.create_session(db, client.id, started_at=moment, place=place, language=language,
                                                  interpreter_name=interpreter, worker="Alex", notes=notes)
                if stopped:
                    sessions.stop_here(db, session.id, *stopped)
            for kind, text, days in _PROMISES.get(client.first_name, []):
                promises.add_promise(db, client.id, text, today + timedelta(days=days), kind=kind)

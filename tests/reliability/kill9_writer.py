"""Child process for test_kill9.py: writes notes, consents, bookings and audit entries through the real core
functions as fast as it can, and prints one acknowledgement line after each write has returned (= committed):

    client <id> | session <id> | note <session id> <version> | consent <id> | booking <id> | audit <seq>

    python -m tests.reliability.kill9_writer VAULT PASSPHRASE SEED WAL_AUTOCHECKPOINT_PAGES
"""

from __future__ import annotations

import random
import sys
from datetime import timedelta

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.interpreters import bookings
from desktop.core.records import clients, sessions
from desktop.core.vault.db import utc_now
from desktop.core.vault.vault import Vault

WORKER = "Sam"


def ack(*parts) -> None:
    print(*parts, flush=True)


def main(folder: str, passphrase: str, seed: int, autocheckpoint: int) -> None:
    chooser = random.Random(seed)
    vault = Vault.unlock(folder, passphrase)
    db = vault.db
    # Small values make SQLite fold the WAL back into notes.db often, so some kills land mid-checkpoint.
    db.execute(f"PRAGMA wal_autocheckpoint = {int(autocheckpoint)}")
    client = clients.create_client(db, f"Kim {seed}", languages=["es"])
    ack("client", client.id)
    session, version = sessions.create_session(db, client.id), 0
    ack("session", session.id)
    ack("ready")
    while True:
        kind = chooser.choice(("note", "note", "note", "consent", "booking", "audit", "session"))
        if kind == "note":
            version += 1
            sessions.save_notes(db, session.id, f"v{version} " + "she said " * chooser.randint(1, 600))
            ack("note", session.id, version)
        elif kind == "session":
            session, version = sessions.create_session(db, client.id), 0
            ack("session", session.id)
        elif kind == "consent":
            given = consent.record_consent(db, client_id=client.id, purpose="Shelter place", recipient="Safe Haven",
                                           categories=("first_name",), method="written_signed", recorded_by=WORKER)
            ack("consent", given.id)
        elif kind == "booking":
            starts = utc_now() + timedelta(days=chooser.randint(1, 60))
            booking = bookings.create_booking(db, starts_at=starts, ends_at=starts + timedelta(hours=1),
                                              timezone="America/Toronto", client_id=client.id, worker=WORKER)
            ack("booking", booking.id)
        else:
            entry = audit.append(db, worker=WORKER, client_id=client.id, channel="file_text", recipient="Safe Haven",
                                 purpose="Shelter place", categories=["first_name"], basis="consent",
                                 outcome="refused", refusal_reason="no consent for this recipient")
            ack("audit", entry.seq)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))

"""Makes tests/data/fixture_vault_v1/ once: a tiny vault with one known row of each kind, committed to the repository.

    .venv/bin/python -m tests.data.make_fixture_vault            # refuses to replace the committed files
    .venv/bin/python -m tests.data.make_fixture_vault --force    # only when a new fixture version is really meant

tests/reliability/test_fixture_vault.py opens a copy of the committed key.json + notes.db on every build with the
passphrase and the recovery key below and reads back KNOWN, so a change in SQLCipher's defaults, the key file
format, the audit hash or a migration that can no longer read an old vault fails there. Never regenerate it to
make that test pass: a vault a worker made last year must still open. Make fixture_vault_v2 beside it instead.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.interpreters import bookings
from desktop.core.records import clients, sessions
from desktop.core.vault import keys
from desktop.core.vault.keys import TEST_COST
from desktop.core.vault.vault import DB_NAME, KEY_NAME, Vault

FIXTURE = Path(__file__).resolve().parent / "fixture_vault_v1"
PASSPHRASE = "fixture vault passphrase v1"  # test data only: this vault holds fictional people
RECOVERY_KEY = "HARB-OURF-IXTU-REVA-ULTV-ONEA-AAAA-AAAA"
WORKER = "Sam Fixture"
GIVEN_AT = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)

KNOWN = {
    "schema_version": 5,
    "client": {"first_name": "Amina", "languages": ["ar"], "pronouns": "she/her"},
    "session": {"started_at": datetime(2026, 1, 15, 10, 0, tzinfo=UTC), "language": "ar", "place": "Drop-in",
                "notes": "Fixture note: met at the drop-in. Wants to talk again on Friday, with an interpreter."},
    "consent": {"purpose": "Shelter referral", "recipient": "Fixture Shelter", "method": "written_signed",
                "categories": ("first_name", "language_needs"), "given_at": GIVEN_AT,
                "valid_until": GIVEN_AT + timedelta(days=90)},
    "audit": {"seq": 1, "channel": "file_text", "recipient": "Fixture Shelter", "outcome": "released",
              "entry_hash": "24fd961a7d58e58c169ee97286e268300e39fbaa76850234066b3735ffaa823a"},
    "booking": {"starts_at": datetime(2026, 1, 20, 19, 0, tzinfo=UTC), "ends_at": datetime(2026, 1, 20, 20, 0,
                tzinfo=UTC), "timezone": "America/Toronto", "place": "Drop-in centre, room 2", "language": "ar"},
}


def write_known_rows(db) -> dict[str, int]:
    """One client, session note, consent, audit entry and booking with fixed values. Returns their ids."""
    client = clients.create_client(db, KNOWN["client"]["first_name"], languages=KNOWN["client"]["languages"],
                                   pronouns=KNOWN["client"]["pronouns"])
    known_session = KNOWN["session"]
    session = sessions.create_session(db, client.id, started_at=known_session["started_at"],
                                      language=known_session["language"], place=known_session["place"],
                                      worker=WORKER)
    sessions.save_notes(db, session.id, known_session["notes"])
    known_consent = KNOWN["consent"]
    given = consent.record_consent(db, client_id=client.id, purpose=known_consent["purpose"],
                                   recipient=known_consent["recipient"], categories=known_consent["categories"],
                                   method=known_consent["method"], recorded_by=WORKER,
                                   given_at=known_consent["given_at"], valid_until=known_consent["valid_until"])
    entry = audit.append(db, worker=WORKER, client_id=client.id, channel=KNOWN["audit"]["channel"],
                         recipient=KNOWN["audit"]["recipient"], purpose=known_consent["purpose"],
                         categories=known_consent["categories"], basis="consent", consent_id=given.id,
                         outcome=KNOWN["audit"]["outcome"], at=GIVEN_AT + timedelta(minutes=5),
                         payload_sha256=audit.payload_hash(db, {"first_name": KNOWN["client"]["first_name"]}))
    known_booking = KNOWN["booking"]
    booking = bookings.create_booking(db, starts_at=known_booking["starts_at"], ends_at=known_booking["ends_at"],
                                      timezone=known_booking["timezone"], client_id=client.id,
                                      place=known_booking["place"], language=known_booking["language"],
                                      worker=WORKER)
    return {"client": client.id, "session": session.id, "consent": given.id, "audit": entry.seq,
            "booking": booking.id, "entry_hash": entry.entry_hash}


def make(target: Path) -> dict[str, int]:
    """Builds the vault in a temp folder and copies only key.json, notes.db and the audit head (no backups, no attempt
    counter)."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "vault"
        with mock.patch.object(keys, "new_recovery_key", lambda: RECOVERY_KEY):
            vault, _recovery = Vault.create(folder, PASSPHRASE, cost=TEST_COST)
        try:
            ids = write_known_rows(vault.db)
        finally:
            vault.lock()  # the last connection closing folds the WAL into notes.db and removes it
        target.mkdir(parents=True, exist_ok=True)
        for name in (KEY_NAME, DB_NAME, "audit-head.json"):  # the audit head belongs with the log (issue 16)
            if (folder / name).exists():
                shutil.copyfile(folder / name, target / name)
    return ids


def main(argv: list[str]) -> int:
    if FIXTURE.exists() and "--force" not in argv:
        print(f"{FIXTURE} exists; it must stay as committed. Pass --force only for a deliberate new version.")
        return 1
    ids = make(FIXTURE)
    print(f"Wrote {FIXTURE}: {ids}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

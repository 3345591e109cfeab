"""Changing the passphrase, and re-keying: both ask for the current passphrase (or the recovery key) here, in core,
so no route (a menu, a dialog, a script) can change either for someone who merely finds the laptop unlocked.

- ``change_passphrase`` re-wraps the same data key under the new passphrase, with the Argon2id cost authenticated
  at unlock (never what key.json on disk says now) and never below the floor.
- ``rekey`` makes a new random data key, re-encrypts notes.db with it (SQLCipher's rekey), re-encrypts every
  backup and set-aside copy with it, and wraps it under the passphrase and a NEW recovery key. An old key.json and
  an old passphrase then open nothing written after. Order, for power cuts: key.json.next is written first, then
  the database is re-keyed, then the copies, then key.json.next replaces key.json (header.py explains the unlock
  side).
"""

from __future__ import annotations

import copy
import hmac
import os

from desktop.core.common.files import fsync_folder, write_json_atomically
from desktop.core.vault import backups, connection, header, keys, passphrase_strength
from desktop.core.vault.attempts import AttemptLog
from desktop.core.vault.errors import TooManyAttempts, VaultError, VaultWriteFailed, WrongCurrentPassphrase
from desktop.i18n import _

PASSPHRASE, RECOVERY = "passphrase", "recovery"


def verify_current(vault, current: str) -> str:
    """Which secret ``current`` is (PASSPHRASE or RECOVERY), if it unwraps to this vault's open data key.
    Wrong guesses count toward the same growing delay as at the unlock screen."""
    data_key = vault.data_key()
    attempts = AttemptLog(vault.folder)
    wait = attempts.seconds_to_wait()
    if wait > 0:
        raise TooManyAttempts(wait)
    for kind, unwrap in ((PASSPHRASE, header.unwrap_passphrase), (RECOVERY, header.unwrap_recovery)):
        try:
            candidate = unwrap(vault.header, current)
        except (keys.UnwrapFailed, ValueError):
            continue
        same = hmac.compare_digest(candidate, data_key)
        keys.wipe(candidate)
        if same:
            attempts.record_success()
            return kind
    attempts.record_failure()
    raise WrongCurrentPassphrase()


def change_passphrase(vault, current: str, new_passphrase: str, cost: keys.KdfCost | None = None) -> None:
    passphrase_strength.refuse_weakest(new_passphrase)
    verify_current(vault, current)
    updated = copy.deepcopy(vault.header)
    updated["kdf"] = header.new_kdf(cost or _authenticated_cost(vault.header))
    header.wrap_passphrase(updated, new_passphrase, vault.data_key())
    try:
        write_json_atomically(vault.folder / header.KEY_NAME, updated)
    except OSError as error:
        raise VaultWriteFailed(_("The new passphrase could not be saved: {reason}. The old passphrase still opens "
                                 "the vault.").format(reason=error.strerror or error)) from error
    vault.header = updated
    backups.keep_key_copy(vault.folder)


def rekey(vault, current: str, new_passphrase: str | None = None, cost: keys.KdfCost | None = None,
          progress=None) -> str:
    """Returns the new recovery key (show it once). ``new_passphrase`` None keeps the current passphrase, which
    then must be what ``current`` is."""
    if new_passphrase is not None:
        passphrase_strength.refuse_weakest(new_passphrase)
    kind = verify_current(vault, current)
    if new_passphrase is None and kind != PASSPHRASE:
        raise VaultError(_("Type your current passphrase, or choose a new one, to make a new key."))
    passphrase = new_passphrase if new_passphrase is not None else current
    old_key = vault.data_key()
    new_key = keys.new_data_key()
    recovery_key = keys.new_recovery_key()
    folder = vault.folder
    try:
        updated = header.new_header(passphrase, recovery_key, new_key, cost or _authenticated_cost(vault.header))
        write_json_atomically(folder / header.NEXT_KEY_NAME, updated)
    except OSError as error:
        keys.wipe(new_key)
        (folder / header.NEXT_KEY_NAME).unlink(missing_ok=True)
        raise VaultWriteFailed(_("A new key could not be made: {reason}. Nothing was changed.").format(
            reason=error.strerror or error)) from error
    _report(progress, _("Re-encrypting your notes…"))
    try:
        vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.rekey(vault.db.conn, new_key)
        vault.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no page under the old key stays in notes.db or -wal
    except BaseException:
        keys.wipe(new_key)
        (folder / header.NEXT_KEY_NAME).unlink(missing_ok=True)  # SQLCipher's rekey is one transaction: undone
        raise
    _report(progress, _("Re-encrypting your backups…"))
    backups.rekey_copies(folder, old_key, new_key)
    vault.replace_key(new_key, updated)  # what the open connection now uses, even if the rename below fails
    _promote_next_key(folder)
    backups.keep_key_copy(folder)
    return recovery_key


def _promote_next_key(folder) -> None:
    os.replace(folder / header.NEXT_KEY_NAME, folder / header.KEY_NAME)
    fsync_folder(folder)


def _authenticated_cost(authenticated: dict) -> keys.KdfCost:
    """The cost of the header that opened this vault (its AES-GCM tag covered it); the default if it is below the
    floor, so a change can only keep or raise the cost."""
    try:
        return keys.cost_from_dict(authenticated["kdf"])
    except ValueError:
        return keys.DEFAULT_COST


def _report(progress, text: str) -> None:
    if progress is not None:
        progress(text)

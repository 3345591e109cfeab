"""What can go wrong opening or changing a vault, each as a sentence a worker can read (str(error)).

Kept apart from vault.py so that file stays about keys and files; import them from either module.
"""

from __future__ import annotations

from pathlib import Path

from desktop.i18n import _, ngettext

MIN_PASSPHRASE_LENGTH = 10


class VaultError(Exception):
    """Base class; str(error) is a sentence a worker can read."""


class WrongPassphrase(VaultError):
    def __init__(self) -> None:
        super().__init__(_("That passphrase did not open this vault. Check the keyboard layout and Caps Lock."))


class WrongCurrentPassphrase(WrongPassphrase):
    def __init__(self) -> None:
        VaultError.__init__(self, _("That is not your current passphrase (or recovery key). Nothing was changed."))


class WrongRecoveryKey(WrongPassphrase):
    def __init__(self) -> None:
        VaultError.__init__(self, _("That recovery key did not open this vault. Check each group of four characters."))


class VaultExists(VaultError, FileExistsError):
    def __init__(self, folder: Path) -> None:
        super().__init__(_("There is already a folder at {path}. Choose a new, empty place for the vault.").format(
            path=str(folder)))


class VaultTooNew(VaultError):
    def __init__(self) -> None:
        super().__init__(_("This vault was last opened by a newer version of Harbour. Install that version to "
                           "open it; nothing was changed."))


class VaultCorrupted(VaultError):
    """``damaged_file`` is "notes.db" (the passphrase was right; a backup can replace it) or "key.json".
    ``kept_copy`` is the quarantine folder holding a copy of the damaged file(s), once one was made."""

    def __init__(self, detail: str = "", damaged_file: str = "notes.db") -> None:
        message = _("This vault's files are damaged or were changed outside Harbour. Nothing was changed on disk. "
                    "You can restore a backup from the vault's backups folder.")
        super().__init__(message)
        self.detail = detail
        self.damaged_file = damaged_file
        self.kept_copy: Path | None = None

    def note_kept_copy(self, folder: Path) -> None:
        self.kept_copy = folder
        self.args = (_("This vault's files are damaged or were changed outside Harbour. They were left as they are "
                       "and a copy is kept in {path}. You can restore a backup from the vault's backups folder.")
                     .format(path=str(folder)),)

    def note_key_copy(self, copy: Path | None) -> None:
        """key.json itself is missing or damaged: say what can still help (the copy kept with the backups)."""
        sentences = [_("The vault's key file (key.json) is missing or damaged, so neither the passphrase nor the "
                       "recovery key can open the notes."), _key_copy_sentence(copy)]
        if self.kept_copy is not None:
            sentences.append(_("The damaged file was left as it is and a copy is kept in {path}.").format(
                path=str(self.kept_copy)))
        self.args = (" ".join(sentences),)


def _key_copy_sentence(copy: Path | None) -> str:
    if copy is not None:
        return _("A copy of the key file is kept at {path}: put it back in the vault folder as key.json and try "
                 "again.").format(path=str(copy))
    return _("Without the key file only a copy of it can help: look for key.json in a copy of the vault folder.")


class VaultUnavailable(VaultError):
    """The disk, not the vault, is the problem: full, read-only, unplugged or refusing access."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(_("Harbour could not read or write the vault's folder: the disk may be full, read-only or "
                           "unplugged. Nothing was changed. Free some space or check the disk, then try again."))
        self.detail = detail


class VaultWriteFailed(VaultError, OSError):
    """A write to the vault folder failed (a full disk); the file it was replacing is still whole."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def wait_sentence(seconds: float) -> str:
    """The one wording of the wait after repeated wrong passphrases, for the refusal and the countdown alike."""
    whole = max(1, int(seconds + 0.999))
    return ngettext("Too many wrong attempts. Please wait {seconds} second and try again.",
                    "Too many wrong attempts. Please wait {seconds} seconds and try again.",
                    whole).format(seconds=whole)


class TooManyAttempts(VaultError):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(wait_sentence(seconds))


class PassphraseTooShort(VaultError):
    def __init__(self) -> None:
        super().__init__(_("A passphrase needs at least {count} characters.").format(count=MIN_PASSPHRASE_LENGTH))


class PassphraseTooWeak(VaultError):
    """Refused by passphrase_strength.refuse_weakest: guessable in moments (a common password, a keyboard row, one
    character repeated). ``reasons`` are translated sentences that say why and what helps."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__(" ".join([_("This passphrase would be guessed in moments. Choose another."), *reasons]))

"""What can go wrong with an organisation's repository, in sentences a coordinator or a worker can act on.

Every failure reaching the command line or the Preferences page is an OrganisationProblem whose text is that
sentence; ``explain`` turns The Update Framework's own errors (wrong signature, expired, rolled back, tampered
file, unreachable) into one.
"""

from __future__ import annotations

from tuf.api import exceptions as tuf_errors

from desktop.i18n import _


class OrganisationProblem(Exception):
    """The message is a sentence for a person; nothing was changed when it is raised."""


class OrganisationUnreachable(OrganisationProblem):
    """The files could not be read at all (offline, a folder not synced or a USB stick not plugged in): nothing
    was verified, and nothing is wrong with them as far as Harbour knows."""


def explain(error: BaseException) -> str:
    """A plain sentence for an error raised while reading or verifying a repository."""
    if isinstance(error, OrganisationProblem):
        return str(error)
    if isinstance(error, tuf_errors.ExpiredMetadataError):
        return _("The organisation's update has expired: its coordinator has not signed it again in time. Ask them "
                 "to publish it again. Nothing was changed.")
    if isinstance(error, tuf_errors.BadVersionNumberError):
        return _("The organisation's files are older than ones Harbour already verified (rolled back). Someone may "
                 "be replaying an old version. Nothing was changed.")
    if isinstance(error, tuf_errors.LengthOrHashMismatchError):
        return _("A file in the organisation's update was changed after it was signed (tampered). Nothing was "
                 "changed.")
    if isinstance(error, tuf_errors.UnsignedMetadataError):
        return _("The organisation's files are not signed by the keys Harbour trusts for it. Nothing was changed.")
    if isinstance(error, tuf_errors.DownloadError):
        return _("Harbour could not read the organisation's files at that location. Check the address or the "
                 "folder, and the connection. Nothing was changed.")
    if isinstance(error, tuf_errors.RepositoryError):
        return _("The organisation's files could not be verified ({reason}). Nothing was changed.").format(
            reason=str(error) or type(error).__name__)
    if isinstance(error, OSError):
        return _("Harbour could not read or write the organisation's files ({reason}). Nothing was changed.").format(
            reason=error.strerror or type(error).__name__)
    return _("The organisation's files could not be verified ({reason}). Nothing was changed.").format(
        reason=type(error).__name__)

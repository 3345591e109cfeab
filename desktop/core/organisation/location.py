"""Where a worker's Harbour reads the organisation's public files: a folder (kept in step by the organisation's
file sync, or a USB stick) read by FolderFetcher, or an https:// address read by tuf's own fetcher. Plain http is
accepted only on this computer (127.0.0.1), for testing: over a network it would tell an onlooker what is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from tuf.api.exceptions import DownloadHTTPError
from tuf.ngclient.fetcher import FetcherInterface

from desktop.core.organisation.problems import OrganisationProblem, OrganisationUnreachable
from desktop.i18n import _

_CHUNK = 64 * 1024
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class FolderFetcher(FetcherInterface):
    """tuf's downloads, from files: a missing file answers as a web server would (404), so the updater knows the
    newest root was reached."""

    def _fetch(self, url: str) -> Iterator[bytes]:
        path = Path(url2pathname(unquote(urlparse(url).path)))
        try:
            source = open(path, "rb")  # noqa: SIM115 - closed by the generator below
        except (FileNotFoundError, NotADirectoryError):
            raise DownloadHTTPError(f"{path.name} not found", 404) from None
        return _chunks(source)


def _chunks(source) -> Iterator[bytes]:
    with source:
        while chunk := source.read(_CHUNK):
            yield chunk


@dataclass(frozen=True)
class Location:
    text: str                      # as the worker wrote it
    metadata_url: str
    targets_url: str
    is_folder: bool

    def fetcher(self) -> FetcherInterface | None:
        """None means tuf's default (urllib3, the system's certificates) for web addresses."""
        return FolderFetcher() if self.is_folder else None


def parse_location(text: str) -> Location:
    """A folder path or an https:// address, or an OrganisationProblem saying what is wrong with it."""
    text = text.strip()
    if not text:
        raise OrganisationProblem(_("Write the folder or the https:// address your organisation gave you."))
    parsed = urlparse(text)
    if parsed.scheme in ("https", "http"):
        if parsed.scheme == "http" and parsed.hostname not in _LOOPBACK:
            raise OrganisationProblem(_("Harbour reads an organisation only over https:// (or from a folder). Ask "
                                        "your coordinator for the https:// address."))
        if not parsed.hostname:
            raise OrganisationProblem(_("“{text}” is not a web address.").format(text=text))
        base = text.rstrip("/")
        return Location(text, base + "/metadata/", base + "/targets/", False)
    if "://" in text and parsed.scheme != "file":
        raise OrganisationProblem(_("Harbour reads an organisation only over https:// (or from a folder)."))
    folder = Path(url2pathname(parsed.path) if parsed.scheme == "file" else text).expanduser()
    if (folder / "public" / "metadata").is_dir():   # the coordinator's own repository folder
        folder = folder / "public"
    if not (folder / "metadata" / "1.root.json").is_file():
        raise OrganisationUnreachable(_("There is no organisation repository in “{folder}”: it should hold a metadata "
                                    "folder.").format(folder=folder))
    folder = folder.resolve()
    return Location(text, folder.as_uri() + "/metadata/", folder.as_uri() + "/targets/", True)

"""Plain text: the form used for text files, the clipboard and e-mail bodies."""

from __future__ import annotations

from pathlib import Path

from desktop.core.common.files import write_atomically
from desktop.core.consent.gate import Release
from desktop.exports.common import heading, require_channel, sections


def fields_text(release: Release) -> str:
    """Only the released fields, each under its label."""
    blocks = []
    for label, text in sections(release):
        blocks.append(f"{label}:\n{text}" if label else text)
    return "\n\n".join(blocks)


def document_text(release: Release) -> str:
    """A whole document: who it is for and why, then the fields."""
    if release.basis == "not_client_data":
        return fields_text(release)
    return "\n".join(heading(release)) + "\n\n" + fields_text(release) + "\n"


def write_text(release: Release, path: Path) -> Path:
    require_channel(release, "file_text")
    write_atomically(Path(path), document_text(release).encode("utf-8"))
    return Path(path)

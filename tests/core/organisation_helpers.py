"""A coordinator's repository on tmp_path, for the organisation tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.core.organisation import repository
from desktop.paths import resources_dir

PASSPHRASE = "a long coordinator passphrase"
TOML = """name = "Example Outreach Society"
province = "BC"
services = ["Safe housing referrals", "Legal information clinic"]

[protocol]
must_report_under = 19
steps = "Call your supervisor first."
contacts = [
  { label = "Helpline for Children", phone = "310-1234" },
  { label = "Emergency", phone = "911" },
]
"""
ROSTER_HEADER = "key,name,agency,languages,gender,modalities,phone\n"


def content_folder(root: Path, *, roster_rows: str | None = None, toml: str = TOML, scripts: bool = True) -> Path:
    folder = root / "content"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "scripts").mkdir(parents=True)
    rows = roster_rows if roster_rows is not None else (
        "ana,Ana Example,Pretend Agency,es-MX,female,phone,555-0101\n"
        "bo,Bo Example,,ko,male,in_person;video,555-0102\n")
    (folder / "interpreters.csv").write_text(ROSTER_HEADER + rows, encoding="utf-8")
    (folder / "organisation.toml").write_text(toml, encoding="utf-8")
    if scripts:
        shutil.copy(resources_dir() / "scripts" / "fr.po", folder / "scripts" / "fr.po")
    else:
        shutil.rmtree(folder / "scripts")
    return folder


def make_repository(root: Path, **content) -> tuple[Path, str]:
    repo = root / "repo"
    fingerprint = repository.init(repo, PASSPHRASE)
    repository.publish(repo, content_folder(root, **content), PASSPHRASE)
    return repo, fingerprint

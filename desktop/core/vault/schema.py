"""Schema migrations: numbered SQL files in desktop/core/vault/migrations, applied in order; user_version holds
the number of the last one applied.

Each feature owns its own file (NNNN_name.sql). A file runs inside one transaction; a failure rolls it back
and leaves user_version where it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    found = []
    for path in sorted(_MIGRATIONS_DIR.glob("*.sql")):
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path.stem, path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a number: {versions}")
    return found


def latest_version() -> int:
    return max((m.version for m in migrations()), default=0)


def current_version(connection) -> int:
    return connection.execute("PRAGMA user_version").fetchone()[0]


def pending(connection) -> list[Migration]:
    version = current_version(connection)
    return [m for m in migrations() if m.version > version]


def migrate(connection) -> int:
    """Applies every pending migration; returns how many ran."""
    steps = pending(connection)
    for step in steps:
        try:
            # The lone ";" ends a last statement written without one, so it can't swallow the PRAGMA.
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{step.sql}\n;\nPRAGMA user_version = {step.version};\nCOMMIT;")
        except Exception:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return len(steps)

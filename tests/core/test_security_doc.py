"""docs/SECURITY.md names the tests behind each promise; a renamed or deleted test must not leave it lying."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECURITY = ROOT / "docs" / "SECURITY.md"


def _defined_tests() -> set[str]:
    names = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        names.update(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), flags=re.MULTILINE))
    return names


def test_every_test_file_named_in_the_security_notes_exists() -> None:
    text = SECURITY.read_text(encoding="utf-8")
    named = set(re.findall(r"tests/[\w/]+\.py", text))
    assert named, "the security notes should name their tests"
    missing = sorted(path for path in named if not (ROOT / path).is_file())
    assert not missing


def test_every_test_function_named_in_the_security_notes_exists() -> None:
    text = SECURITY.read_text(encoding="utf-8")
    named = set(re.findall(r"\b(test_\w+)(?!\.py)\b", text)) - {
        name for name in re.findall(r"\b(test_\w+)\.py", text)}
    assert named
    missing = sorted(named - _defined_tests())
    assert not missing

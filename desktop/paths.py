"""Where the shipped resources and catalogs are, installed (inside the package) or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name  # a wheel maps resources/ and i18n/ into the package
    return inside if inside.is_dir() else _PACKAGE.parent / name


def resources_dir() -> Path:
    return _shipped("resources")


def i18n_dir() -> Path:
    return _shipped("i18n")

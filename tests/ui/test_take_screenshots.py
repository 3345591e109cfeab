"""docs/take_screenshots.py still drives the real app: a guide picture is taken from the real dialog.

The full run takes all the pictures (a few seconds per language); here one capture is enough to notice when a
screen the script opens has changed under it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from PySide6.QtGui import QImage

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _load(name: str):
    """A docs/ script as a module; docs/ goes on the path, as when the script runs, for the helpers it imports."""
    if str(DOCS) not in sys.path:
        sys.path.insert(0, str(DOCS))
    spec = importlib.util.spec_from_file_location(f"harbour_docs_{name}", DOCS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_guide_capture_saves_a_picture_of_the_new_client_dialog(qapp, tmp_path):
    take_screenshots = _load("take_screenshots")  # puts docs/ on the path, as running the script does
    assert str(DOCS) in sys.path and callable(take_screenshots.main)
    guide = _load("guide_screens")

    saved = guide.shoot_guide(qapp, "en", tmp_path / "en", tmp_path, only=["add_client"])

    assert [path.name for path in saved] == ["add-client.png"]
    picture = QImage(str(saved[0]))
    assert not picture.isNull()
    assert picture.width() > 300 and picture.height() > 300


def test_every_capture_is_listed_once_and_the_guide_names_pictures_that_exist():
    guide = _load("guide_screens")
    names = [name for name, _capture in guide.CAPTURES]
    assert len(names) == len(set(names))
    for language, page in (("en", "USER_GUIDE.md"), ("fr", "USER_GUIDE.fr.md")):
        text = (DOCS / page).read_text(encoding="utf-8")
        for picture in sorted(set(_pictures(text, language))):
            assert (DOCS / "guide" / language / picture).is_file(), f"{page} shows a missing {picture}"


def _pictures(text: str, language: str) -> list[str]:
    marker = f"guide/{language}/"
    return [part.split(")")[0] for part in text.split(marker)[1:]]

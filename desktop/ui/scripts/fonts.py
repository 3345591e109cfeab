"""Fonts for the client's script: load the bundled Noto fonts, find an installed font that really covers a
language's letters, and when none does, say which font to install instead of drawing empty boxes.

Bundled (resources/fonts, SIL OFL): Gurmukhi, Devanagari, Naskh Arabic, Thai. Chinese, Japanese and Korean fonts
are too large to bundle; the message names the package to install.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication

from desktop.i18n import _
from desktop.paths import resources_dir

WS = QFontDatabase.WritingSystem

# Per catalog locale: the writing system, sample letters that must all be drawable, preferred families, and what
# to install when nothing covers them.
_SCRIPTS: dict[str, tuple[QFontDatabase.WritingSystem, str, tuple[str, ...], str]] = {
    "pa_Guru": (WS.Gurmukhi, "ਪੰਜਾਬੀਸਤਸ੍ਰੀਅਕਾਲ", ("Noto Sans Gurmukhi",), "Noto Sans Gurmukhi (fonts-noto-core)"),
    "hi": (WS.Devanagari, "हिन्दीनमस्ते", ("Noto Sans Devanagari",), "Noto Sans Devanagari (fonts-noto-core)"),
    "ar": (WS.Arabic, "العربيةمرحبا", ("Noto Naskh Arabic", "Noto Sans Arabic"), "Noto Naskh Arabic (fonts-noto-core)"),
    "fa": (WS.Arabic, "فارسیگچپژ", ("Noto Naskh Arabic", "Noto Sans Arabic"), "Noto Naskh Arabic (fonts-noto-core)"),
    "th": (WS.Thai, "ภาษาไทยสวัสดี", ("Noto Sans Thai",), "Noto Sans Thai (fonts-noto-core)"),
    "zh_Hans": (WS.SimplifiedChinese, "中文简体们说话", ("Noto Sans CJK SC",), "Noto Sans CJK (fonts-noto-cjk)"),
    "zh_Hant": (WS.TraditionalChinese, "中文繁體們說話", ("Noto Sans CJK TC",), "Noto Sans CJK (fonts-noto-cjk)"),
    "ko": (WS.Korean, "한국어안녕하세요", ("Noto Sans CJK KR",), "Noto Sans CJK (fonts-noto-cjk)"),
    "ru": (WS.Cyrillic, "РусскийЖЩЫ", (), "Noto Sans (fonts-noto-core)"),
    "uk": (WS.Cyrillic, "УкраїнськаЇЄҐ", (), "Noto Sans (fonts-noto-core)"),
    "vi": (WS.Vietnamese, "Tiếng Việtđượcủ", (), "Noto Sans (fonts-noto-core)"),
}
_LATIN = (WS.Latin, "éèçñáíóúőűãõ", (), "Noto Sans (fonts-noto-core)")
_LOADED_FLAG = "harbour_bundled_fonts"
# Naskh, Gurmukhi and Devanagari look small for their point size beside Latin text; scale them to match.
_SIZE_FACTORS = {"ar": 1.25, "fa": 1.25, "pa_Guru": 1.1, "hi": 1.1}


@dataclass(frozen=True)
class FontChoice:
    family: str | None           # a family that covers the script, or None
    install_hint: str            # the font (and package) to install if family is None

    @property
    def missing_message(self) -> str:
        if self.family:
            return ""
        return _("This computer has no font for this language, so its letters would show as empty boxes. "
                 "Please install {font}.").format(font=self.install_hint)


def size_factor(locale: str) -> float:
    """How much larger than Latin text this locale's script should be set to look the same size."""
    return _SIZE_FACTORS.get(locale, 1.0)


def load_bundled_fonts() -> list[str]:
    """Registers the fonts in resources/fonts once per application; returns the families now available."""
    app = QApplication.instance()
    # Look before reading, so an unset property never round-trips through QVariant as None.
    if app is not None and _LOADED_FLAG.encode() in [bytes(name) for name in app.dynamicPropertyNames()]:
        return list(app.property(_LOADED_FLAG))
    families: list[str] = []
    for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    families = list(dict.fromkeys(families))
    if app is not None:
        app.setProperty(_LOADED_FLAG, families)
    return families


def covers(family: str, text: str) -> bool:
    """True when ``family`` has a glyph for every letter of ``text`` (spaces and punctuation aside)."""
    # QRawFont is the one font file, without Qt's fallback fonts (QFontMetrics.inFontUcs4 counts those too).
    raw = QRawFont.fromFont(QFont(family))
    if not raw.isValid() or raw.familyName().casefold() != family.casefold():
        return False
    return all(raw.supportsCharacter(ord(char)) for char in text if char.isalpha() or char.isdigit())


def font_for(locale: str, sample: str = "") -> FontChoice:
    """A family that draws ``locale``'s letters (and ``sample``), preferring Noto; None with a hint otherwise."""
    load_bundled_fonts()
    writing_system, letters, preferred, hint = _SCRIPTS.get(locale, _LATIN)
    text = letters + "".join(char for char in sample if ord(char) > 0x2FF)
    installed = set(QFontDatabase.families())
    candidates = [family for family in preferred if family in installed]
    candidates += [QApplication.font().family()] if QApplication.instance() else []
    candidates += [family for family in QFontDatabase.families(writing_system) if family not in candidates]
    for family in candidates:
        if covers(family, text):
            return FontChoice(family, hint)
    return FontChoice(None, hint)

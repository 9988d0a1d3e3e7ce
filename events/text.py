"""Text as people type it, made safe for what reads it: control characters pasted from Word
left out (calendar feeds, PDFs, CSV files), the script of a name told to the PDF engine."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. RFC 5545 forbids them
# in calendar text, XML (and so PDF tags) cannot carry them, spreadsheets show them as boxes.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Word writes a line break inside a paragraph as a vertical tab, a page break as a form feed.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def strip_control_characters(text: str) -> str:
    """`text` without control characters; Word's manual line and page breaks become line
    breaks."""
    return _CONTROL.sub("", text.translate(_BREAKS))


def one_line(text: str) -> str:
    """`text` on one line (titles, names): control characters out, line breaks as spaces."""
    return " ".join(strip_control_characters(text).split())


@dataclass(frozen=True)
class Writing:
    """How a name is written: its language tag (BCP 47) for the PDF, and right to left."""

    lang: str | None
    rtl: bool = False


# The first word of a letter's Unicode name -> (language tag, right to left). Scripts most of
# whose writers share one language name it (Greek, Hebrew, Thai, Korean); others get a script
# tag (und-Cyrl: Russian, Bulgarian, Kazakh… all write Cyrillic). Han characters alone are
# taken as Chinese, with kana as Japanese.
_SCRIPTS: dict[str, tuple[str, bool]] = {
    "CYRILLIC": ("und-Cyrl", False), "GREEK": ("el", False), "ARABIC": ("und-Arab", True),
    "HEBREW": ("he", True), "THAI": ("th", False), "DEVANAGARI": ("und-Deva", False),
    "HANGUL": ("ko", False), "HIRAGANA": ("ja", False), "KATAKANA": ("ja", False),
    "CJK": ("zh", False),
}


def writing_of(text: str) -> Writing:
    """The script `text` is written in (None for Latin, digits and punctuation)."""
    found: set[str] = set()
    for char in text:
        if char.isalpha():
            word = unicodedata.name(char, "").split(" ")[0]
            if word in _SCRIPTS:
                found.add(word)
    if not found:
        return Writing(None)
    if found & {"HIRAGANA", "KATAKANA"}:
        return Writing("ja")
    lang, rtl = _SCRIPTS[sorted(found)[0]]
    return Writing(lang, rtl)


def script_attributes(text: str | None) -> Markup:
    """` lang="…" dir="rtl"` for an HTML element holding a name, or nothing for Latin."""
    writing = writing_of(text or "")
    if writing.lang is None:
        return Markup("")
    attributes = Markup(' lang="{}"').format(writing.lang)
    return attributes + Markup(' dir="rtl"') if writing.rtl else attributes


_FAMILY_FIRST = {"zh", "ja", "ko"}


def person_name(given: str, family: str) -> str:
    """A name in the order its script writes it: 'Ana Pérez', but 王伟 and 김민준 (family name
    first, no space) when both parts are written in Chinese, Japanese or Korean."""
    given, family = given.strip(), family.strip()
    if given and family and {writing_of(given).lang, writing_of(family).lang} <= _FAMILY_FIRST:
        return f"{family}{given}"
    return f"{given} {family}".strip()

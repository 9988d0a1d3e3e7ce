"""Text folded for comparing and sorting (case and accents ignored), shared by the models
(which store a folded copy of names for the database to search and sort) and the pages."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Text for comparing and sorting: case and accents ignored (Pérez = perez)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

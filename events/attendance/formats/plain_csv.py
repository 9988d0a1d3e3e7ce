"""A plain CSV typed by an organiser: `name,email,organisation` (organisation: an acronym of
the directory), in English, Spanish, French or Portuguese."""

from __future__ import annotations

from events.models import ExportFormat

FORMAT = ExportFormat.CSV

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "participant name", "attendee name", "nombre", "nom", "nome"),
    "email": ("email", "email address", "participant email", "e-mail", "correo",
              "correo electrónico", "courriel"),
    "organisation": ("organisation", "organization", "company", "company name", "nsb",
                     "institution", "organismo", "organización", "organisme", "organização"),
    "joined": ("joined", "join date/time", "start time"),
    "left": ("left", "leave date/time", "end time"),
    "duration": ("duration", "duration (mins)", "attendance duration (minutes)", "minutes"),
}

REQUIRED = ("name", "email", "organisation")
EXPECTED = "name, email, organisation"


def recognises(keys: set[str], columns: dict[str, int]) -> bool:
    return {"name", "email", "organisation"} <= columns.keys()

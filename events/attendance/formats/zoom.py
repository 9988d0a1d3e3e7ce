"""Zoom: the meeting's participant report (with or without the meeting preamble) and the
account's Usage report with its participants.

The Usage report writes everything on one header line: the meeting first (`Topic, Meeting
ID, User Name, User Email, …, Start Time, End Time, Duration (Minutes), Participants`, the
host's), then each participant (`Name (Original Name), User Email, Join Time, Leave Time,
Duration (Minutes), Guest, Recording Consent, In Waiting Room`). The participant's columns
are those to the right of `Name (Original Name)` (`Nombre (nombre original)`, `Nome (nome
original)` from Spanish and Portuguese accounts). Rows of people held in the waiting room are
not attendance.
"""

from __future__ import annotations

from flask_babel import gettext as _

from events.models import ExportFormat

FORMAT = ExportFormat.ZOOM
# Zoom writes its headers in the account's language too (COPANT members: Spanish, Portuguese).
PARTICIPANT_NAMES = ("name (original name)", "nombre (nombre original)",
                     "nome (nome original)")

ALIASES: dict[str, tuple[str, ...]] = {
    "name": PARTICIPANT_NAMES,
    "email": ("user email", "e-mail del usuario", "correo electrónico del usuario",
              "e-mail do usuário"),
    "joined": ("join time", "hora para unirse", "ingressar na hora", "horário de entrada"),
    "left": ("leave time", "hora para salir", "hora de saída", "horário de saída"),
    "duration": ("duration (minutes)", "duración (minutos)", "duração (minutos)",
                 "permanência (minutos)"),
    "waiting": ("in waiting room", "en sala de espera", "en la sala de espera",
                "na sala de espera"),
    "total": ("total duration (minutes)", "duración total (minutos)",
              "duração total (minutos)"),
}

REQUIRED = ("name", "email", "joined", "left")
EXPECTED = "Name (Original Name), User Email, Join Time, Leave Time, Duration (Minutes)"


def recognises(keys: set[str], columns: dict[str, int]) -> bool:
    return bool(keys & set(PARTICIPANT_NAMES)) or ("user email" in keys and "join time" in keys)


def participant_start(keys: list[str]) -> int:
    """Where the participant's columns begin (after the host's in a Usage report)."""
    return next((i for i, key in enumerate(keys) if key in PARTICIPANT_NAMES), 0)


def unusable(keys: set[str], columns: dict[str, int]) -> str | None:
    """What to export instead, for the Zoom views that say who came but not when."""
    if "total" in columns and "joined" not in columns:
        return _("This is Zoom's list of unique users: it gives each person's total time but "
                 "not when they joined and left. In Zoom's participant report, untick \"Show "
                 "unique users\" and export again.")
    if {"participants", "topic"} <= keys and "join time" not in keys:
        return _("This Zoom report lists meetings, not the people in them. In Zoom's Usage "
                 "report, open the meeting's participants (the number in the Participants "
                 "column), tick \"Export with meeting data\" and export again.")
    return None

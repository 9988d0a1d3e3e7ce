"""Webex: the attendee report of Webex Meetings and the Control Hub export.

Webex writes its column headers in the language of the account that downloads the report: a
COPANT member's report in Portuguese reads `Nome de exibição, Nome, Sobrenome, E-mail do
convidado, Hora da entrada, Hora da saída, Duração da presença`. Control Hub exports are
UTF-16LE, tab-separated, with times Excel-quoted (`="03/29/2019 09:56:18 AM"`).
"""

from __future__ import annotations

from events.models import ExportFormat

FORMAT = ExportFormat.WEBEX

ALIASES: dict[str, tuple[str, ...]] = {
    "display": ("display name", "nome de exibição", "nombre para mostrar",
                "nombre de visualización", "nom d'affichage", "nom affiché"),
    "email": ("attendee email", "e-mail do convidado", "e-mail do participante",
              "correo electrónico del invitado", "correo electrónico del asistente",
              "e-mail de l'invité", "adresse e-mail de l'invité", "e-mail du participant"),
    "joined": ("join time", "hora da entrada", "hora de entrada", "hora de ingreso",
               "heure d'arrivée", "heure de connexion"),
    "left": ("leave time", "hora da saída", "hora de salida", "heure de départ",
             "heure de déconnexion"),
    "duration": ("attendance duration", "duração da presença", "duración de la asistencia",
                 "durée de présence", "durée de participation"),
}

# Given name and family name in two columns, as each language writes them. "Nome" alone is a
# Portuguese given name beside "Sobrenome", and French "Nom" is the family name beside
# "Prénom": the pair decides, never the word alone.
NAME_PAIRS: tuple[tuple[str, str], ...] = (
    ("first name", "last name"), ("nome", "sobrenome"), ("nombre", "apellido"),
    ("nombre", "apellidos"), ("prénom", "nom"), ("prénom", "nom de famille"),
)

REQUIRED = ("name", "email", "joined", "left")
EXPECTED = "Name, Attendee Email, Join Time, Leave Time, Attendance Duration"


def recognises(keys: set[str], columns: dict[str, int]) -> bool:
    """A Webex attendee list: a name, join and leave times (in any language Webex writes)."""
    return {"name", "joined", "left"} <= columns.keys()

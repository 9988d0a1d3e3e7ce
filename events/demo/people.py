"""Invented delegates for the demo: deterministic names in each delegation's languages."""

from __future__ import annotations

from slugify import slugify

_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "es": (
        ("María", "José", "Ana", "Carlos", "Lucía", "Jorge", "Valeria", "Andrés", "Camila",
         "Diego", "Sofía", "Fernando", "Gabriela", "Ricardo", "Paula", "Martín", "Daniela",
         "Alejandro", "Natalia", "Héctor", "Verónica", "Sebastián", "Mónica", "Raúl"),
        ("González", "Rodríguez", "Pérez", "Fernández", "López", "Martínez", "Sánchez",
         "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Castillo", "Morales",
         "Ortiz", "Núñez", "Herrera", "Medina", "Rojas", "Vargas", "Castro", "Suárez", "Ibáñez",
         "Peña", "Ávila"),
    ),
    "pt": (
        ("João", "Maria", "Ana", "Luís", "Beatriz", "Paulo", "Fernanda", "Rafael", "Juliana",
         "Thiago", "Patrícia", "Gustavo"),
        ("Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Carvalho", "Ribeiro",
         "Almeida", "Gonçalves", "Araújo", "Conceição"),
    ),
    "en": (
        ("James", "Sarah", "Michael", "Emily", "David", "Grace", "Robert", "Olivia", "Daniel",
         "Hannah", "Peter", "Rachel", "Andrew", "Karen", "Mark", "Alison"),
        ("Smith", "Johnson", "Brown", "Taylor", "Campbell", "Thompson", "Clarke", "Walker",
         "Bennett", "Hughes", "Mitchell", "Graham", "Richards", "Stewart", "Charles", "Francis"),
    ),
    "fr": (
        ("Jean", "Marie", "Pierre", "Sophie", "Luc", "Claire", "Étienne", "Hélène", "François",
         "Nathalie", "Gaëlle", "Joël"),
        ("Dupont", "Lefèvre", "Moreau", "Laurent", "Girard", "Joseph", "Pierre-Louis",
         "Jean-Baptiste", "Durand", "Bélizaire", "Célestin", "Thévenin"),
    ),
    "sw": (
        ("Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Mwangi", "Akinyi", "Kiprop",
         "Chebet", "Odhiambo", "Wambui", "Mutua"),
        ("Kamau", "Otieno", "Mwangi", "Njoroge", "Ochieng", "Wanjala", "Kiptoo", "Mutiso",
         "Chege", "Onyango", "Barasa", "Kariuki"),
    ),
    "af": (
        ("Adaeze", "Kwame", "Amina", "Tendai", "Chipo", "Emeka", "Abena", "Yohannes", "Neema",
         "Thabo", "Zanele", "Joseph"),
        ("Okafor", "Mensah", "Mushi", "Nakato", "Mugisha", "Banda", "Tesfaye", "Nkosi",
         "Dlamini", "Mwale", "Asante", "Adebayo"),
    ),
    # Names in the script their owners write them in: the PDFs must print every one.
    "ar": (
        ("أحمد", "فاطمة", "يوسف", "أمينة", "عمر", "سلمى", "كريم", "نادية"),
        ("حسن", "السيد", "بن علي", "منصور", "حداد", "العلوي", "فاروق", "الإدريسي"),
    ),
    "de": (
        ("Anna", "Thomas", "Katrin", "Stefan", "Julia", "Markus", "Jürgen", "Sabine"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Köhler", "Wagner"),
    ),
    "nordic": (
        ("Erik", "Ingrid", "Lars", "Astrid", "Pieter", "Sanne", "Søren", "Märta"),
        ("Johansson", "Andersson", "Nielsen", "Larsen", "de Vries", "Jansen", "Bakker", "Holm"),
    ),
    "it": (("Giulia", "Marco", "Francesca", "Luca"), ("Rossi", "Bianchi", "Romano", "Greco")),
    "ja": (("Haruto", "Yui", "Kenji", "Aiko"), ("Sato", "Suzuki", "Takahashi", "Tanaka")),
    "zh": (("伟", "芳", "军", "秀英"), ("王", "张", "刘", "陈")),
    "ko": (("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun"), ("Kim", "Lee", "Park", "Choi")),
    "hi": (("Priya", "Rahul", "Anjali", "Vikram"), ("Sharma", "Patel", "Iyer", "Gupta")),
}

_LANGUAGE_OF_COUNTRY = {
    "AR": "es", "BO": "es", "CL": "es", "CO": "es", "CR": "es", "CU": "es", "DO": "es",
    "EC": "es", "SV": "es", "GT": "es", "HN": "es", "MX": "es", "PY": "es", "PE": "es",
    "UY": "es", "VE": "es", "ES": "es", "BR": "pt", "PT": "pt", "HT": "fr", "FR": "fr",
    "CH": "fr", "MA": "ar", "EG": "ar", "KE": "sw", "TZ": "sw", "UG": "af", "RW": "af",
    "NG": "af", "GH": "af", "ET": "af", "ZM": "af", "ZA": "af", "DE": "de", "SE": "nordic",
    "DK": "nordic", "NL": "nordic", "IT": "it", "JP": "ja", "CN": "zh", "KR": "ko",
    "IN": "hi",
}


def invented_names(acronym: str, country: str | None, count: int,
                   taken: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """`count` (given, family) names for a delegation, stable from run to run and never
    repeating a name already in `taken` (which is updated)."""
    given_pool, family_pool = _POOLS[_LANGUAGE_OF_COUNTRY.get(country or "", "en")]
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(acronym))
    names: list[tuple[str, str]] = []
    step = 0
    while len(names) < count:
        given = given_pool[(seed + 5 * step) % len(given_pool)]
        family = family_pool[(seed * 3 + 7 * step + step // len(family_pool)) % len(family_pool)]
        step += 1
        if (given, family) in taken:
            continue
        taken.add((given, family))
        names.append((given, family))
    return names


def invented_email(given: str, family: str, domain: str | None) -> str:
    """given.family@domain in ASCII letters: 'Óscar Peña' -> oscar.pena, 王伟 -> wei.wang."""
    local = f"{slugify(given)}.{slugify(family)}"
    # Delegations without a known mail domain write from personal addresses (.example: RFC 2606).
    return f"{local}@{domain or 'correo.example'}"

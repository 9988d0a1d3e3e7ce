from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from events.geo import country_choices
from events.models import IsoCategory, OrganisationKind


class OrganisationForm(FlaskForm):
    acronym = StringField(_l("Acronym"), validators=[InputRequired(_l("Enter the acronym.")),
                                                     Length(max=40)],
                          description=_l("As the organisation writes it, e.g. KEBS, ICONTEC."))
    name = StringField(_l("Name"), validators=[InputRequired(_l("Enter the name.")),
                                               Length(max=255)])
    kind = SelectField(_l("Kind"), validators=[InputRequired()])
    country = SelectField(_l("Country"), validators=[Optional()])
    iso_category = SelectField(_l("ISO membership category"), validators=[Optional()],
                               description=_l("National standards bodies only."))
    website = StringField(_l("Website"), validators=[Optional(), Length(max=255)],
                          description=_l("Starting with https://"))
    email_domains = StringField(
        _l("Email domains"), validators=[Optional(), Length(max=1000)],
        description=_l("Separated by semicolons, e.g. kebs.org; kebs.go.ke. Used to recognise "
                       "the organisation's people in attendance lists."),
    )
    memberships = TextAreaField(
        _l("Memberships"), validators=[Optional(), Length(max=2000)],
        description=_l("Separated by semicolons: ISO/CASCO:P, ISO/CASCO:O, ISO/CASCO:A (liaison "
                       "category), COPANT:active, COPANT:adherent."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = OrganisationKind.choices()
        self.country.choices = [("", _l("— none —")), *country_choices()]
        self.iso_category.choices = [("", _l("— none —")), *IsoCategory.choices()]

    def values(self) -> dict[str, str]:
        """The form as a directory record, so it is checked exactly like an imported line.

        The lists (mail domains, memberships) count only when they were sent: a post without
        them leaves the organisation's as they are, as an import file without the column
        does. (Unsent, the field would hold the organisation's own list objects.)"""
        values = {
            "acronym": self.acronym.data or "",
            "name": self.name.data or "",
            "kind": self.kind.data or "",
            "country": self.country.data or "",
            "iso_category": self.iso_category.data or "",
            "website": self.website.data or "",
        }
        for field in (self.email_domains, self.memberships):
            if field.raw_data:
                values[field.name] = field.raw_data[0] or ""
        return values


class DirectoryImportForm(FlaskForm):
    file = FileField(
        _l("Directory file (CSV)"),
        validators=[FileRequired(_l("Choose a CSV file.")),
                    FileAllowed(["csv", "txt"], _l("Choose a .csv file."))],
        description=_l("UTF-8 CSV with the columns acronym, name, kind, country, iso_category, "
                       "email_domains, memberships."),
    )

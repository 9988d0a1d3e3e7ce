"""The directory: browse organisations; the secretariat creates, edits and imports."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from events.auth.permissions import requires
from events.directory import queries
from events.directory.forms import DirectoryImportForm, OrganisationForm
from events.directory.importer import DirectoryError, import_csv, save_record
from events.directory.records import parse_record
from events.extensions import db
from events.geo import REGION_LABELS, country_name
from events.listing import fold, listing_from_request
from events.models import CommitteeStatus, Organisation, OrganisationKind, RegionalStatus

bp = Blueprint("directory", __name__, url_prefix="/orgs")


_COLUMNS = {
    "acronym": lambda o: fold(o.acronym),
    "name": lambda o: fold(o.name),
    "country": lambda o: (fold(country_name(o.country)), fold(o.acronym)),
    "kind": lambda o: (o.kind.label, fold(o.acronym)),
}


@bp.get("/")
def index() -> str:
    filters = queries.DirectoryFilter(
        **{name: request.args.get(name, "").strip()
           for name in queries.DirectoryFilter.__dataclass_fields__}
    )
    organisations = queries.browse(filters)
    return render_template(
        "directory/index.html",
        organisations=organisations,
        listing=listing_from_request(organisations, _COLUMNS),
        filters=filters,
        options=queries.filter_options(),
        kinds=list(OrganisationKind),
        statuses=list(CommitteeStatus),
        regions=REGION_LABELS,
    )


@bp.get("/<organisation:organisation>")
def organisation(organisation: Organisation) -> str:
    queries.load_organisation(organisation)
    return render_template(
        "directory/organisation.html",
        org=organisation,
        events=queries.organisation_events(organisation),
        regional_statuses=RegionalStatus,
    )


def _memberships_text(org: Organisation) -> str:
    claims = [f"{m.committee.code}:{m.status.value}" for m in org.committee_memberships]
    claims += [f"{m.regional_body.acronym}:{m.status.value}" for m in org.regional_memberships]
    return "; ".join(sorted(claims))


def _save(form: OrganisationForm, org: Organisation | None) -> Organisation | None:
    """Check the form like an imported line; on any problem show it and store nothing."""
    record = parse_record(form.values())
    for field_name, message in record.errors:
        form[field_name].errors.append(message[:1].upper() + message[1:] + ".")
    if record.errors:
        return None
    try:
        saved = save_record(record, org)
        db.session.commit()
    except DirectoryError as error:
        db.session.rollback()
        for problem in error.problems:
            form.form_errors.append(problem.split(": ", 1)[-1])
        return None
    return saved


@bp.route("/new", methods=["GET", "POST"])
@requires("directory.manage")
def create() -> str | Response:
    form = OrganisationForm()
    if form.validate_on_submit():
        org = _save(form, None)
        if org is not None:
            flash(_("%(acronym)s was added to the directory.", acronym=org.acronym), "success")
            return redirect(url_for("directory.organisation", organisation=org))
    return render_template("directory/edit.html", form=form, org=None)


@bp.route("/<organisation:organisation>/edit", methods=["GET", "POST"])
@requires("directory.manage")
def edit(organisation: Organisation) -> str | Response:
    form = OrganisationForm(obj=organisation)
    if request.method == "GET":
        form.country.data = organisation.country or ""
        category = organisation.iso_category
        form.iso_category.data = category.value if category else ""
        form.kind.data = organisation.kind.value
        form.email_domains.data = "; ".join(d.domain for d in organisation.email_domains)
        form.memberships.data = _memberships_text(organisation)
    if form.validate_on_submit():
        org = _save(form, organisation)
        if org is not None:
            flash(_("Changes to %(acronym)s were saved.", acronym=org.acronym), "success")
            return redirect(url_for("directory.organisation", organisation=org))
    return render_template("directory/edit.html", form=form, org=organisation)


@bp.route("/import", methods=["GET", "POST"])
@requires("directory.manage")
def import_file() -> str | Response:
    form = DirectoryImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            report = import_csv(form.file.data.read())
            db.session.commit()
        except DirectoryError as error:
            db.session.rollback()
            problems = error.problems
        else:
            flash(_("Directory imported: %(summary)s", summary=report.summary()), "success")
            return redirect(url_for("directory.index"))
    return render_template("directory/import.html", form=form, problems=problems)

"""Reading documents: the list, a document, a version, the comparison, and the Word files."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from documents.docx_comparison import build_comparison_docx
from documents.docx_version import build_version_docx
from documents.forms import DocumentForm, DraftForm, ImportForm
from documents.services import documents, exports, importing, review, versions
from documents.services.attachments import DOCUMENT_ATTACHMENTS
from documents.views import bp
from portal.errors import InvalidInput, PermissionDenied
from portal.extensions import db
from portal.filetypes import DOCX, content_disposition
from portal.forms import PortalForm, select_choices
from portal.models import Body
from portal.permissions import Action, can, manageable_bodies
from portal.services import attachment_lists
from portal.statistics.models import TargetKind
from portal.statistics.services.snapshots import links_to
from portal.views.helpers import submit_form


def _actor():
    return current_user._get_current_object()


def _docx(data: bytes, filename: str) -> Response:
    response = Response(data, content_type=DOCX)
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


@bp.route("/")
def index():
    """The documents the reader may see, each with the version in force and the open draft."""
    return render_template(
        "documents/index.html",
        documents=documents.list_documents(current_user),
        may_create=can(current_user, Action.DOCUMENT_CREATE, None),
    )


def _owner_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Body.id, Body.name).where(manageable_bodies(current_user)).order_by(Body.name)
    )
    return [(row.id, row.name) for row in rows]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Create a document; its first version is then started empty or from a Word file."""
    if not can(current_user, Action.DOCUMENT_CREATE, None):
        raise PermissionDenied()
    form = DocumentForm()
    choices = _owner_choices()
    form.body.choices = select_choices([(None, _("bitte wählen")), *choices])
    created = {}

    def action():
        body = db.session.get(Body, form.body.data) if form.body.data else None
        if body is None or body.id not in dict(choices):
            raise InvalidInput([("body", _("Bitte wählen Sie ein Gremium."))])
        created["document"] = documents.create_document(
            _actor(),
            body,
            title=form.title.data,
            slug=form.slug.data,
            description=form.description.data or "",
            is_public=form.is_public.data,
        )

    status = submit_form(form, action)
    if status is None:
        flash(_("Das Dokument wurde angelegt."), "success")
        return redirect(url_for("documents.show", slug=created["document"].slug))
    return render_template("documents/form.html", form=form, document=None), status


@bp.route("/<slug>/")
def show(slug: str):
    """The document: the version in force, the open draft, the version history."""
    document = documents.get_document(current_user, slug)
    visible = exports.comparable_versions(current_user, document)
    return render_template(
        "documents/show.html",
        document=document,
        versions=list(reversed(visible)),
        in_force=documents.version_in_force(document),
        draft=documents.open_draft(document),
        may_manage=can(current_user, Action.DOCUMENT_MANAGE, document),
        draft_form=DraftForm(),
        attachments=attachment_lists.list_files(current_user, DOCUMENT_ATTACHMENTS, document),
    )


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Change the document's title, address, description and publicity."""
    document = documents.get_document(current_user, slug)
    if not can(current_user, Action.DOCUMENT_MANAGE, document):
        raise PermissionDenied()
    form = DocumentForm(obj=document)
    del form.body
    status = submit_form(
        form,
        lambda: documents.update_document(
            _actor(),
            document,
            title=form.title.data,
            slug=form.slug.data,
            description=form.description.data or "",
            is_public=form.is_public.data,
        ),
    )
    if status is None:
        flash(_("Das Dokument wurde gespeichert."), "success")
        return redirect(url_for("documents.show", slug=document.slug))
    return render_template("documents/form.html", form=form, document=document), status


@bp.route("/<slug>/drafts", methods=["POST"])
@login_required
def start_draft(slug: str):
    """Start the next version as a copy of the version in force."""
    document = documents.get_document(current_user, slug)
    if not can(current_user, Action.DOCUMENT_MANAGE, document):
        raise PermissionDenied()
    form = DraftForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        version = versions.start_draft(
            _actor(), document, major=form.major.data, change_note=form.change_note.data or ""
        )
    except InvalidInput as error:
        for _field, message in error.errors:
            flash(message, "error")
        return redirect(url_for("documents.show", slug=slug)), 303
    flash(_("Version %(number)s wurde als Entwurf angelegt.", number=version.number), "success")
    return redirect(url_for("documents.version", slug=slug, number=version.number))


@bp.route("/<slug>/import", methods=["GET", "POST"])
@login_required
def import_docx(slug: str):
    """Start a draft from a Word file: Heading 1–3 become sections."""
    document = documents.get_document(current_user, slug)
    if not can(current_user, Action.DOCUMENT_MANAGE, document):
        raise PermissionDenied()
    form = ImportForm()
    result = {}

    def action():
        result["version"], result["problems"] = importing.import_draft(
            _actor(), document, form.file.data, change_note=form.change_note.data or ""
        )

    status = submit_form(form, action)
    if status is None:
        version = result["version"]
        flash(
            _(
                "Version %(number)s wurde aus der Word-Datei angelegt (%(count)d Abschnitte).",
                number=version.number,
                count=len(version.sections),
            ),
            "success",
        )
        if result["problems"]:
            flash(_("Nicht alles ließ sich übernehmen; die Liste steht über dem Text."), "info")
        return redirect(url_for("documents.version", slug=slug, number=version.number))
    return render_template("documents/import.html", form=form, document=document), status


@bp.route("/<slug>/versions/<number>")
def version(slug: str, number: str):
    """One version with all its sections; for a draft the editing and review actions."""
    document = documents.get_document(current_user, slug)
    shown = versions.get_version(current_user, document, number)
    sections = versions.load_sections(shown)
    comments = review.version_comments(shown) if not shown.is_frozen else []
    by_section: dict[int, list] = {}
    for comment in comments:
        by_section.setdefault(comment.section_id, []).append(comment)
    return render_template(
        "documents/version.html",
        document=document,
        version=shown,
        sections=sections,
        comments=by_section,
        round=review.current_round(shown),
        may_edit=can(current_user, Action.VERSION_EDIT, shown) and not versions.is_locked(shown),
        may_manage=can(current_user, Action.DOCUMENT_MANAGE, document),
        may_comment=can(current_user, Action.VERSION_COMMENT, shown),
        locked=versions.is_locked(shown),
        stand=versions.stand_text(shown),
        move_form=PortalForm(),
        statistics=links_to(TargetKind.DOCUMENT_SECTION, [section.id for section in sections]),
    )


@bp.route("/<slug>/versions/<number>.docx")
def version_docx(slug: str, number: str):
    """The version as a Word file: title page, contents, sections, history, page numbers."""
    document = documents.get_document(current_user, slug)
    shown = versions.get_version(current_user, document, number)
    data = build_version_docx(exports.version_export(current_user, shown))
    return _docx(data, f"{document.slug}-{shown.number}.docx")


def _pair(document):
    return exports.choose_pair(
        current_user, document, request.args.get("from"), request.args.get("to")
    )


@bp.route("/<slug>/compare")
def compare(slug: str):
    """Compare two versions: a summary, then each changed section word by word."""
    document = documents.get_document(current_user, slug)
    choices = exports.comparable_versions(current_user, document)
    try:
        old, new = _pair(document)
    except InvalidInput as error:
        return render_template(
            "documents/compare.html",
            document=document,
            choices=choices,
            errors=dict(error.errors),
            comparison=None,
        ), 422 if request.args else 200
    comparison = exports.compare(old, new)
    return render_template(
        "documents/compare.html",
        document=document,
        choices=choices,
        errors={},
        old=old,
        new=new,
        comparison=comparison,
        summary=exports.summary_rows(comparison),
    )


@bp.route("/<slug>/compare.docx")
def compare_docx(slug: str):
    """The comparison as a Word file with the changes marked as tracked changes."""
    document = documents.get_document(current_user, slug)
    try:
        old, new = _pair(document)
    except InvalidInput:
        abort(404)
    comparison = exports.compare(old, new)
    data = build_comparison_docx(exports.comparison_export(old, new, comparison))
    return _docx(data, f"{document.slug}-vergleich-{old.number}-{new.number}.docx")

"""Editing a draft: its sections one by one, its change note; discarding it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from documents.forms import ChangeNoteForm, NewSectionForm, SectionForm
from documents.services import documents, sections, versions
from documents.views import bp
from portal.errors import Conflict, InvalidInput, PermissionDenied
from portal.forms import PortalForm, select_choices
from portal.permissions import Action, can
from portal.views.helpers import submit_form


def _actor():
    return current_user._get_current_object()


def _editable(slug: str, number: str):
    """Return the document and its version, if the reader may edit that version's text."""
    document = documents.get_document(current_user, slug)
    version = versions.get_version(current_user, document, number)
    if not can(current_user, Action.VERSION_EDIT, version):
        raise PermissionDenied()
    return document, version


def _version_url(version, anchor: str | None = None) -> str:
    return url_for(
        "documents.version",
        slug=version.document.slug,
        number=version.number,
        _anchor=anchor,
    )


@bp.route("/<slug>/versions/<number>/sections/<int:section_id>/edit", methods=["GET", "POST"])
@login_required
def edit_section(slug: str, number: str, section_id: int):
    """Edit one section; a save based on an older revision is refused, the text kept."""
    _document, version = _editable(slug, number)
    section = sections.get_section(version, section_id)
    form = SectionForm(obj=section if request.method == "GET" else None)
    if request.method == "GET":
        form.revision.data = str(section.revision)
    stale = None

    def action():
        try:
            revision = int(form.revision.data or 0)
        except ValueError:
            revision = 0
        sections.save_section(
            _actor(),
            section,
            heading=form.heading.data,
            level=form.level.data,
            body=form.body.data or "",
            revision=revision,
        )

    status = submit_form(form, action)
    if status is None:
        flash(
            _("Der Abschnitt „%(heading)s“ wurde gespeichert.", heading=section.heading), "success"
        )
        return redirect(_version_url(version, f"section-{section_id}"))
    if status == 409:
        section = sections.get_section(version, section_id)
        stale = section
        form.revision.data = str(section.revision)
    return render_template(
        "documents/section_form.html",
        form=form,
        version=version,
        section=section,
        stale=stale,
    ), status


@bp.route("/<slug>/versions/<number>/sections/new", methods=["GET", "POST"])
@login_required
def new_section(slug: str, number: str):
    """Add a section at a chosen place."""
    _document, version = _editable(slug, number)
    form = NewSectionForm()
    form.after.choices = select_choices(
        [
            (0, _("am Anfang")),
            *((s.section_id, s.heading) for s in version.sections),
        ]
    )
    if request.method == "GET":
        form.level.data = 1
        form.after.data = version.sections[-1].section_id if version.sections else 0
    created = {}

    def action():
        created["section"] = sections.add_section(
            _actor(),
            version,
            heading=form.heading.data,
            level=form.level.data,
            body=form.body.data or "",
            after_section_id=form.after.data or 0,
        )

    status = submit_form(form, action)
    if status is None:
        flash(_("Der Abschnitt wurde hinzugefügt."), "success")
        return redirect(_version_url(version, f"section-{created['section'].section_id}"))
    return render_template(
        "documents/section_form.html", form=form, version=version, section=None, stale=None
    ), status


@bp.route("/<slug>/versions/<number>/sections/<int:section_id>/move", methods=["POST"])
@login_required
def move_section(slug: str, number: str, section_id: int):
    """Move a section one place up or down (buttons on the version page)."""
    _document, version = _editable(slug, number)
    section = sections.get_section(version, section_id)
    form = PortalForm()
    if not form.validate_on_submit():
        return redirect(_version_url(version)), 303
    try:
        sections.move_section(_actor(), section, request.form.get("direction", ""))
    except (InvalidInput, Conflict) as error:
        messages = (
            [m for _f, m in error.errors] if isinstance(error, InvalidInput) else [str(error)]
        )
        for message in messages:
            flash(message, "error")
    return redirect(_version_url(version, f"section-{section_id}"))


@bp.route("/<slug>/versions/<number>/sections/<int:section_id>/delete", methods=["GET", "POST"])
@login_required
def delete_section(slug: str, number: str, section_id: int):
    """Ask, then remove the section from the draft (earlier versions keep it)."""
    _document, version = _editable(slug, number)
    section = sections.get_section(version, section_id)
    form = PortalForm()
    status = submit_form(form, lambda: sections.delete_section(_actor(), section))
    if status is None:
        flash(_("Der Abschnitt „%(heading)s“ wurde entfernt.", heading=section.heading), "success")
        return redirect(_version_url(version))
    return render_template(
        "documents/section_delete.html", form=form, version=version, section=section
    ), status


@bp.route("/<slug>/versions/<number>/note", methods=["GET", "POST"])
@login_required
def change_note(slug: str, number: str):
    """Edit what the draft says it changes (shown in the history and the proposal)."""
    _document, version = _editable(slug, number)
    form = ChangeNoteForm(obj=version if request.method == "GET" else None)
    status = submit_form(
        form,
        lambda: versions.update_change_note(_actor(), version, form.change_note.data or ""),
    )
    if status is None:
        flash(_("Der Änderungsvermerk wurde gespeichert."), "success")
        return redirect(_version_url(version))
    return render_template("documents/note_form.html", form=form, version=version), status


@bp.route("/<slug>/versions/<number>/discard", methods=["GET", "POST"])
@login_required
def discard(slug: str, number: str):
    """Ask, then discard the draft."""
    document, version = _editable(slug, number)
    if not can(current_user, Action.DOCUMENT_MANAGE, document):
        raise PermissionDenied()
    form = PortalForm()
    status = submit_form(form, lambda: versions.discard_draft(_actor(), version))
    if status is None:
        flash(_("Der Entwurf wurde verworfen."), "success")
        return redirect(url_for("documents.show", slug=document.slug))
    return render_template("documents/discard.html", form=form, version=version), status

"""Putting a version before the steering group, and naming the people who edit the drafts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from documents.forms import EditorForm, SubmitForm
from documents.services import adoption, documents, versions
from documents.views import bp
from meetings.services.proposal_steps import proposal_reference
from portal.errors import InvalidInput, PermissionDenied
from portal.forms import PortalForm, select_choices
from portal.permissions import Action, can
from portal.views.helpers import submit_form


def _actor():
    return current_user._get_current_object()


def _managed_document(slug: str):
    document = documents.get_document(current_user, slug)
    if not can(current_user, Action.DOCUMENT_MANAGE, document):
        raise PermissionDenied()
    return document


@bp.route("/<slug>/versions/<number>/decision", methods=["GET", "POST"])
@login_required
def submit_for_decision(slug: str, number: str):
    """Put the version before the steering group: a new proposal, or an open one."""
    document = _managed_document(slug)
    version = versions.get_version(current_user, document, number)
    if not can(current_user, Action.VERSION_EDIT, version):
        raise PermissionDenied()
    offered = adoption.open_proposals(current_user, version)
    form = SubmitForm()
    form.proposal.choices = select_choices(
        [
            (None, _("neue Vorlage anlegen")),
            *((p.id, f"{proposal_reference(p)}: {p.title}") for p in offered),
        ]
    )
    result = {}

    def action():
        chosen = form.proposal.data
        proposal = next((p for p in offered if p.id == chosen), None)
        if chosen is not None and proposal is None:
            raise InvalidInput([("proposal", _("Bitte wählen Sie eine der angebotenen Vorlagen."))])
        result["proposal"] = adoption.submit_for_decision(_actor(), version, proposal=proposal)

    status = submit_form(form, action)
    if status is None:
        flash(
            _("Version %(number)s liegt der Lenkungsgruppe zur Entscheidung vor.", number=number),
            "success",
        )
        return redirect(url_for("proposals.show", proposal_id=result["proposal"].id))
    return render_template(
        "documents/decision_form.html",
        form=form,
        document=document,
        version=version,
        locked=versions.is_locked(version),
        reference=proposal_reference(version.proposal) if version.proposal else None,
    ), status


@bp.route("/<slug>/editors", methods=["GET", "POST"])
@login_required
def editors(slug: str):
    """Name the people who edit the drafts with the secretariat; list them to remove them."""
    document = _managed_document(slug)
    form = EditorForm()
    form.user.choices = select_choices(
        [(None, _("bitte wählen")), *documents.editor_candidates(document)]
    )
    status = submit_form(form, lambda: documents.name_editor(_actor(), document, form.user.data))
    if status is None:
        flash(_("Die Person bearbeitet die Entwürfe nun mit."), "success")
        return redirect(url_for("documents.editors", slug=document.slug))
    return render_template(
        "documents/editors.html", form=form, document=document, remove_form=PortalForm()
    ), status


@bp.route("/<slug>/editors/<int:editor_id>/remove", methods=["POST"])
@login_required
def remove_editor(slug: str, editor_id: int):
    """Take back someone's right to edit the drafts."""
    document = _managed_document(slug)
    if not PortalForm().validate_on_submit():
        abort(400)
    removed = documents.remove_editor(_actor(), document, editor_id)
    flash(_("%(name)s bearbeitet die Entwürfe nicht mehr mit.", name=removed.name), "success")
    return redirect(url_for("documents.editors", slug=document.slug))

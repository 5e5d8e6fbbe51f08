"""Putting a version before the steering group, and naming the people who edit the drafts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from documents.forms import EditorForm, SubmitForm
from documents.services import adoption, documents, versions
from documents.views import bp
from meetings.services.proposal_steps import proposal_reference
from portal.errors import InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.forms import PortalForm, select_choices
from portal.models import User
from portal.permissions import Action, can
from portal.services.accounts import user_choices
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


def _candidates(document) -> list[tuple[int, str]]:
    taken = {editor.user_id for editor in document.editors}
    return [(user_id, label) for user_id, label in user_choices() if user_id not in taken]


def _user(user_id: int | None, candidates: list[tuple[int, str]]) -> User:
    """Return the chosen person, if the form offered them."""
    if user_id is None or user_id not in dict(candidates):
        raise InvalidInput([("user", _("Bitte wählen Sie eine Person aus der Liste."))])
    return db.session.get(User, user_id)


@bp.route("/<slug>/editors", methods=["GET", "POST"])
@login_required
def editors(slug: str):
    """Name the people who edit the drafts with the secretariat; list them to remove them."""
    document = _managed_document(slug)
    candidates = _candidates(document)
    form = EditorForm()
    form.user.choices = select_choices([(None, _("bitte wählen")), *candidates])
    status = submit_form(
        form,
        lambda: documents.name_editor(_actor(), document, _user(form.user.data, candidates)),
    )
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
    editor = next((e for e in document.editors if e.id == editor_id), None)
    if editor is None:
        raise NotFound()
    name = editor.user.name
    documents.remove_editor(_actor(), document, editor_id)
    flash(_("%(name)s bearbeitet die Entwürfe nicht mehr mit.", name=name), "success")
    return redirect(url_for("documents.editors", slug=document.slug))

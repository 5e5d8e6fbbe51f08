"""The ``proposals`` blueprint: ``/proposals/`` and everything below it.

====================================================  ==============================
``GET /proposals/``                                   lists: all, mine, overdue; by body, status
``GET|POST /proposals/new?body=<slug>``               write a proposal (a draft)
``GET /proposals/<id>``                               the proposal with its consultation path
``GET|POST /proposals/<id>/edit``                     change its text while the lifecycle allows
``GET|POST /proposals/<id>/steps/<step>``             take a lifecycle step (one form per step)
``GET|POST /proposals/<id>/group-agenda``             put it on a working group meeting's agenda
``GET|POST /proposals/<id>/amendments/new``           table an amendment
``POST /proposals/<id>/amendments/<a>/withdraw``      withdraw one's amendment
``GET|POST /proposals/<id>/attachments``              its attachments; upload one
``GET /proposals/<id>/attachments/<att>/<filename>``  download an attachment
``POST /proposals/<id>/attachments/<att>/delete``     remove an attachment
====================================================  ==============================
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from meetings import proposal_labels
from meetings.forms.proposals import ProposalFilterForm, ProposalForm
from meetings.proposal_flow import ProposalStatus
from meetings.services import proposal_lists, proposal_queries, proposals
from portal.errors import Conflict, InvalidInput
from portal.page_cache import cached_page
from portal.permissions import Action, can
from portal.services import bodies
from portal.views.helpers import page_arg, populate_errors

bp = Blueprint("proposals", __name__, url_prefix="/proposals")


@bp.record_once
def _template_helpers(state) -> None:
    state.app.jinja_env.globals["proposal_labels"] = proposal_labels


@bp.route("/")
@cached_page
def index():
    """List the proposals the visitor may see: all, their own, or overdue; by body and status."""
    choices = proposal_lists.filter_bodies(current_user)
    form = ProposalFilterForm(request.args, bodies=[(b.slug, b.name) for b in choices])
    view = request.args.get("view", proposal_lists.ALL)
    view = view if view in proposal_lists.VIEWS else proposal_lists.ALL
    listing, status = None, 200
    if request.args and not form.validate():
        status = 422
    else:
        listing = proposal_lists.list_proposals(
            current_user,
            view=view,
            body=next((b for b in choices if b.slug == form.body.data), None),
            status=ProposalStatus(form.status.data) if form.status.data else None,
            page=page_arg(),
        )
    filter_args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "proposals/index.html",
        form=form,
        listing=listing,
        view=view,
        filter_args=filter_args,
        creatable=proposal_lists.creatable_bodies(current_user),
        schedule_days=proposal_queries.schedule_days(),
    ), status


def _fields(form: ProposalForm) -> dict:
    return {
        "title": form.title.data or "",
        "resolution_text": form.resolution_text.data or "",
        "rationale": form.rationale.data or "",
        "costs": form.costs.data or "",
        "affected_organisations": form.affected_organisations.data or "",
        "is_public": bool(form.is_public.data),
    }


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Write a proposal of a body the user may propose in (``?body=<slug>``)."""
    choices = proposal_lists.creatable_bodies(current_user)
    if not choices:
        abort(403)
    slug = request.args.get("body") or ""
    body = next((b for b in choices if b.slug == slug), None)
    if body is None:
        if slug:
            bodies.get_body(current_user, slug)  # 404 for a body one may not see
            abort(403)
        return render_template("proposals/choose_body.html", choices=choices)
    form = ProposalForm()
    if form.validate_on_submit():
        try:
            proposal = proposals.create_proposal(current_user, body, **_fields(form))
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(_("Die Vorlage wurde als Entwurf angelegt."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "proposals/form.html", form=form, body=body, proposal=None, reference=None
    ), status


@bp.route("/<int:proposal_id>")
@cached_page
def show(proposal_id: int):
    """Show a proposal: text, effects, consultation path, amendments, ballots, decisions."""
    page = proposal_queries.proposal_page(current_user, proposal_id)
    return render_template("proposals/show.html", page=page, proposal=page.proposal)


def _lock_version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    """Change a proposal's text; a save over someone else's is refused with the text kept."""
    proposal = proposal_queries.get_proposal(current_user, proposal_id)
    if not can(current_user, Action.PROPOSAL_EDIT, proposal):
        abort(403)
    form = ProposalForm(obj=proposal if request.method == "GET" else None)
    if request.method == "GET":
        form.lock_version.data = proposal.lock_version
    status, stored = 200, None
    if form.validate_on_submit():
        try:
            proposals.update_proposal(
                current_user,
                proposal,
                lock_version=_lock_version(form.lock_version.data),
                **_fields(form),
            )
        except InvalidInput as error:
            populate_errors(form, error)
        except Conflict as error:
            form.form_errors.append(str(error))
            # The stored state is shown next to the kept text; saving again replaces it.
            stored = proposal
            form.lock_version.data = proposal.lock_version
            status = 409
        else:
            flash(_("Die Änderungen wurden gespeichert."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    if form.is_submitted() and status == 200:
        status = 422
    return render_template(
        "proposals/form.html",
        form=form,
        body=proposal.body,
        proposal=proposal,
        reference=proposals.proposal_reference(proposal),
        stored=stored,
    ), status


from meetings.views import proposal_amendments, proposal_steps  # noqa: E402,F401  (routes on bp)

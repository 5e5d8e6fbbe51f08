"""Review of a draft by the bodies: opening and ending it, comments, their handling, the report."""

from __future__ import annotations

from datetime import time, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from documents.forms import CommentForm, HandleCommentForm, ReviewForm
from documents.services import documents, review, sections, versions
from documents.views import bp
from meetings.services.proposal_lists import filter_bodies
from meetings.textdiff import diff_words
from portal.db import utcnow
from portal.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from portal.forms import PortalForm, select_choices
from portal.permissions import Action, can
from portal.timeutil import NonexistentLocalTime, from_local, today_local
from portal.views.helpers import submit_form

#: Without a time the deadline is the end of the chosen day.
DEFAULT_DEADLINE_TIME = time(23, 59)
#: The date the form proposes: two weeks give the bodies a meeting cycle to answer.
DEFAULT_REVIEW_DAYS = 14
#: The service names the whole deadline; the form asks for its date and time separately.
_DEADLINE_FIELDS = {"deadline": "deadline_date"}


def _actor():
    return current_user._get_current_object()


def _load(slug: str, number: str):
    """Return the document and the version, if the reader may see that version."""
    document = documents.get_document(current_user, slug)
    return document, versions.get_version(current_user, document, number)


def _managed(slug: str, number: str):
    """Return the document and the version, if the reader runs the document (else 403)."""
    document, version = _load(slug, number)
    if not can(current_user, Action.DOCUMENT_MANAGE, document):
        raise PermissionDenied()
    return document, version


def _version_url(version, anchor: str | None = None) -> str:
    return url_for(
        "documents.version", slug=version.document.slug, number=version.number, _anchor=anchor
    )


def _review_bodies() -> list:
    """The bodies the secretariat can ask: working groups first, then by name."""
    return sorted(filter_bodies(current_user), key=lambda b: (b.kind != "working_group", b.name))


def _deadline(form: ReviewForm):
    try:
        return from_local(form.deadline_date.data, form.deadline_time.data or DEFAULT_DEADLINE_TIME)
    except NonexistentLocalTime:
        message = _("Diese Uhrzeit gibt es an diesem Tag wegen der Zeitumstellung nicht.")
        raise InvalidInput([("deadline_time", message)]) from None


@bp.route("/<slug>/versions/<number>/review", methods=["GET", "POST"])
@login_required
def start_review(slug: str, number: str):
    """Put the draft in review: which bodies comment, until when, with what note."""
    document, version = _managed(slug, number)
    if not can(current_user, Action.VERSION_EDIT, version):
        raise PermissionDenied()
    offered = _review_bodies()
    form = ReviewForm()
    form.bodies.choices = select_choices((body.id, body.name) for body in offered)
    if request.method == "GET":
        form.bodies.data = [document.owner_body_id]
        form.deadline_date.data = today_local() + timedelta(days=DEFAULT_REVIEW_DAYS)

    def action():
        by_id = {body.id: body for body in offered}
        chosen = form.bodies.data or []
        if any(body_id not in by_id for body_id in chosen):
            raise InvalidInput([("bodies", _("Bitte wählen Sie nur angebotene Gremien."))])
        try:
            review.start_review(
                _actor(),
                version,
                [by_id[body_id] for body_id in chosen],
                _deadline(form),
                note=form.note.data or "",
            )
        except InvalidInput as error:
            raise InvalidInput(
                [(_DEADLINE_FIELDS.get(field, field), message) for field, message in error.errors]
            ) from None

    status = submit_form(form, action)
    if status is None:
        flash(_("Die Abstimmung mit den Gremien hat begonnen."), "success")
        return redirect(_version_url(version))
    return render_template(
        "documents/review_form.html", form=form, document=document, version=version
    ), status


@bp.route("/<slug>/versions/<number>/review/end", methods=["POST"])
@login_required
def end_review(slug: str, number: str):
    """End the review: the version is a draft again; its comments stay."""
    _document, version = _managed(slug, number)
    if not PortalForm().validate_on_submit():
        abort(400)
    try:
        review.end_review(_actor(), version)
    except Conflict as error:
        flash(str(error), "error")
        return redirect(_version_url(version)), 303
    flash(_("Die Abstimmung mit den Gremien ist beendet."), "success")
    return redirect(_version_url(version))


def _deadline_passed(round_) -> bool:
    return round_ is None or round_.deadline <= utcnow()


@bp.route("/<slug>/versions/<number>/sections/<int:section_id>/comment", methods=["GET", "POST"])
@login_required
def comment(slug: str, number: str, section_id: int):
    """A reviewing body's member comments on a section, optionally with a new text."""
    document, version = _load(slug, number)
    if not can(current_user, Action.VERSION_COMMENT, version):
        raise PermissionDenied()
    section = sections.get_section(version, section_id)
    round_ = review.current_round(version)
    allowed = review.commenting_bodies(current_user, round_) if round_ else []
    if not allowed:
        raise PermissionDenied()
    form = CommentForm()
    if len(allowed) > 1:
        form.body.choices = select_choices(
            [(None, _("bitte wählen")), *((body.id, body.name) for body in allowed)]
        )
    else:
        del form.body
    page = {"document": document, "version": version, "section": section, "round": round_}
    if request.method == "GET" and _deadline_passed(round_):
        closed = _("Die Frist für Anmerkungen ist abgelaufen.")
        return render_template("documents/comment_form.html", form=None, closed=closed, **page), 409

    def action():
        chosen = form.body.data if "body" in form else None
        review.add_comment(
            _actor(),
            version,
            section,
            text=form.text.data,
            proposed_text=form.proposed_text.data,
            body=next((body for body in allowed if body.id == chosen), None),
        )

    status = submit_form(form, action)
    if status is None:
        flash(_("Ihre Anmerkung wurde gespeichert."), "success")
        return redirect(_version_url(version, f"section-{section_id}"))
    return render_template("documents/comment_form.html", form=form, closed=None, **page), status


def _section_or_none(version, section_id: int):
    try:
        return sections.get_section(version, section_id)
    except NotFound:
        return None


@bp.route("/<slug>/versions/<number>/comments/<int:comment_id>", methods=["GET", "POST"])
@login_required
def handle_comment(slug: str, number: str, comment_id: int):
    """The secretariat accepts, declines or answers a comment; accepting applies its text."""
    document, version = _managed(slug, number)
    comment = review.get_comment(version, comment_id)
    form = HandleCommentForm()

    def action():
        review.handle_comment(
            _actor(),
            version,
            comment,
            decision=form.decision.data or "",
            response=form.response.data or "",
        )

    status = submit_form(form, action)
    if status is None:
        flash(_("Die Anmerkung wurde behandelt."), "success")
        return redirect(
            url_for(
                "documents.review_report",
                slug=document.slug,
                number=version.number,
                _anchor=f"comment-{comment.id}",
            )
        )
    section = _section_or_none(version, comment.section_id)
    changes = None
    if section is not None and comment.proposed_text is not None:
        changes = diff_words(section.body, comment.proposed_text)
    return render_template(
        "documents/handle_comment.html",
        form=form,
        document=document,
        version=version,
        comment=comment,
        section=section,
        changes=changes,
    ), status


def _by_section(version, comments) -> list[tuple[object, list]]:
    """Group the comments under the version's sections, in their order; orphans last."""
    grouped: dict[int, list] = {}
    for item in comments:
        grouped.setdefault(item.section_id, []).append(item)
    groups = [
        (section, grouped.pop(section.section_id))
        for section in versions.load_sections(version)
        if section.section_id in grouped
    ]
    orphans = [item for items in grouped.values() for item in items]
    if orphans:
        groups.append((None, orphans))
    return groups


@bp.route("/<slug>/versions/<number>/review-report")
def review_report(slug: str, number: str):
    """Every comment of every round, by section, with what became of it (printable)."""
    document, version = _load(slug, number)
    comments = review.version_comments(version)
    return render_template(
        "documents/review_report.html",
        document=document,
        version=version,
        rounds=version.review_rounds,
        groups=_by_section(version, comments),
        count=len(comments),
        may_manage=can(current_user, Action.DOCUMENT_MANAGE, document),
        now=utcnow(),
    )

"""The meeting list, the meeting page, and planning, changing, cancelling and inviting."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from meetings.forms import CancelForm, InvitationForm, MeetingForm, SeriesForm
from meetings.series import SeriesError, every_months, parse_dates
from meetings.services import queries, scheduling
from meetings.services.meeting_attachments import page_files
from meetings.views import bp
from portal.errors import Conflict, InvalidInput
from portal.page_cache import cached_page
from portal.permissions import Action, require
from portal.services import bodies
from portal.timeutil import NonexistentLocalTime, from_local, to_local
from portal.views.helpers import page_arg, populate_errors, submit_form


@bp.route("/")
@cached_page
def index():
    """List the meetings the visitor may see: upcoming or past, of all bodies or one."""
    body = bodies.get_body(current_user, request.args["body"]) if request.args.get("body") else None
    past = request.args.get("when") == "past"
    rows = queries.list_meetings(current_user, body=body, past=past, page=page_arg())
    filter_args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "meetings/index.html",
        rows=rows,
        body=body,
        past=past,
        filter_args=filter_args,
        plannable=scheduling.plannable_bodies(current_user),
    )


@bp.route("/<int:meeting_id>")
@cached_page
def show(meeting_id: int):
    """Show a meeting with its agenda (the public part only to outsiders) and its changes."""
    return render_meeting(queries.get_meeting(current_user, meeting_id, with_files=True))


def render_meeting(meeting, status: int = 200):
    """Render the meeting page (also with a 4xx status after a refused agenda action)."""
    page = queries.meeting_page(current_user, meeting)
    html = render_template(
        "meetings/show.html",
        page=page,
        meeting=meeting,
        late_now=page.may_manage and scheduling.invitation_is_late(meeting),
        attendance=page.attendance,
        meeting_attachments=page_files(meeting),
    )
    return html, status


def _times(form: MeetingForm) -> dict | None:
    """Turn the form's Berlin day and clock times into UTC, or put an error next to the field."""
    try:
        starts_at = from_local(form.day.data, form.starts_time.data)
    except NonexistentLocalTime:
        form.starts_time.errors = [_("Diese Uhrzeit gibt es wegen der Zeitumstellung nicht.")]
        return None
    try:
        ends_at = from_local(form.day.data, form.ends_time.data)
    except NonexistentLocalTime:
        form.ends_time.errors = [_("Diese Uhrzeit gibt es wegen der Zeitumstellung nicht.")]
        return None
    return {"starts_at": starts_at, "ends_at": ends_at}


def _fields(form: MeetingForm) -> dict:
    return {
        "title": form.title.data or "",
        "location": form.location.data or "",
        "online_url": form.online_url.data or "",
        "is_public": form.is_public.data,
    }


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Plan a meeting of one of the bodies the user runs meetings for."""
    choices = scheduling.plannable_bodies(current_user)
    if not choices:
        abort(403)
    form = MeetingForm(body_choices=[(body.id, body.name) for body in choices])
    if request.method == "GET" and request.args.get("body"):
        form.body_id.data = next(
            (body.id for body in choices if body.slug == request.args["body"]), None
        )
    if form.validate_on_submit() and (times := _times(form)):
        body = next((body for body in choices if body.id == form.body_id.data), None)
        if body is None:
            form.body_id.errors = [_("Bitte wählen Sie ein Gremium aus der Liste.")]
        else:
            try:
                meeting = scheduling.schedule_meeting(current_user, body, **_fields(form), **times)
            except InvalidInput as error:
                populate_errors(form, error)
            else:
                flash(
                    _(
                        "Die Sitzung wurde angelegt. Die Tagesordnung beginnt mit der Vorlage "
                        "des Gremiums."
                    ),
                    "success",
                )
                return redirect(url_for("meetings.show", meeting_id=meeting.id))
    status = 422 if form.is_submitted() else 200
    return render_template("meetings/form.html", form=form, meeting=None), status


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id: int):
    """Change a meeting; after the invitation the members are told what changed."""
    meeting = queries.get_meeting(current_user, meeting_id)
    require(current_user, Action.MEETING_MANAGE, meeting)
    form = MeetingForm()
    if request.method == "GET":
        starts, ends = to_local(meeting.starts_at), to_local(meeting.ends_at)
        form.process(
            obj=meeting,
            day=starts.date(),
            starts_time=starts.time(),
            ends_time=ends.time(),
            lock_version=meeting.lock_version,
        )
    status = 200
    if form.validate_on_submit() and (times := _times(form)):
        try:
            scheduling.update_meeting(
                current_user,
                meeting,
                lock_version=_int(form.lock_version.data),
                **_fields(form),
                **times,
            )
        except InvalidInput as error:
            populate_errors(form, error)
        except Conflict as error:
            form.form_errors.append(str(error))
            status = 409
        else:
            flash(_("Die Änderungen wurden gespeichert."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    if form.is_submitted() and status == 200:
        status = 422
    return render_template("meetings/form.html", form=form, meeting=meeting), status


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@bp.route("/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(meeting_id: int):
    """Call a meeting off, with a reason for the members."""
    meeting = queries.get_meeting(current_user, meeting_id)
    require(current_user, Action.MEETING_MANAGE, meeting)
    form = CancelForm()
    status = submit_form(
        form, lambda: scheduling.cancel_meeting(current_user, meeting, reason=form.reason.data)
    )
    if status is None:
        flash(_("Die Sitzung wurde abgesagt."), "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/cancel.html", form=form, meeting=meeting), status


@bp.route("/<int:meeting_id>/invite", methods=["GET", "POST"])
@login_required
def invite(meeting_id: int):
    """Send the invitation; past the notice period only with an explicit confirmation."""
    meeting = queries.get_meeting(current_user, meeting_id)
    require(current_user, Action.MEETING_MANAGE, meeting)
    form = InvitationForm()
    status = submit_form(
        form,
        lambda: scheduling.send_invitation(
            current_user, meeting, confirm_late=bool(form.confirm_late.data)
        ),
    )
    if status is None:
        flash(_("Die Einladung wurde an die Mitglieder versandt."), "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template(
        "meetings/invite.html",
        form=form,
        meeting=meeting,
        late=scheduling.invitation_is_late(meeting),
        recipients=scheduling.invitation_recipients(current_user, meeting),
    ), status


@bp.route("/<int:meeting_id>/series", methods=["GET", "POST"])
@login_required
def series(meeting_id: int):
    """Plan copies of this meeting, with its agenda, on further dates."""
    meeting = queries.get_meeting(current_user, meeting_id)
    require(current_user, Action.MEETING_MANAGE, meeting)
    form = SeriesForm()
    if form.validate_on_submit():
        try:
            copies = scheduling.plan_series(
                current_user, meeting, starts=_series_starts(form, meeting)
            )
        except SeriesError as error:
            form.dates.errors = [_series_message(error)]
        except InvalidInput as error:
            populate_errors(form, error)
        else:
            flash(
                ngettext(
                    "%(num)d weitere Sitzung wurde geplant.",
                    "%(num)d weitere Sitzungen wurden geplant.",
                    len(copies),
                ),
                "success",
            )
            return redirect(url_for("meetings.index", body=meeting.body.slug))
    status = 422 if form.is_submitted() else 200
    return render_template("meetings/series.html", form=form, meeting=meeting), status


def _series_starts(form: SeriesForm, meeting) -> list:
    if (form.dates.data or "").strip():
        return parse_dates(form.dates.data, default_time=to_local(meeting.starts_at).time())
    return every_months(meeting.starts_at, months=form.every_months.data, count=form.count.data)


def _series_message(error: SeriesError) -> str:
    if error.problem == "clock":
        return _(
            "Zeile %(line)d: Diese Uhrzeit gibt es wegen der Zeitumstellung nicht.", line=error.line
        )
    if error.problem == "date":
        return _("Zeile %(line)d: Dieses Datum gibt es nicht.", line=error.line)
    return _(
        "Zeile %(line)d: Bitte schreiben Sie das Datum als TT.MM.JJJJ, optional mit Uhrzeit HH:MM.",
        line=error.line,
    )


from meetings.views import meeting_attachments  # noqa: E402,F401  (routes register on bp)

"""Calendar feeds over HTTP: ``/calendar/<token>.ics``, ``/bodies/<slug>/calendar.ics`` and
``/meetings/<id>.ics``.

The views choose the feed and answer HTTP; which meetings, the validators and the bytes come from
``meetings.services.calendar_feeds``. Calendar programs poll without a session, so the personal
feed never touches ``current_user``: the token is the only credential, and it never reaches a
log (``portal.logredact``).
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask_babel import get_locale
from flask_login import current_user

from meetings.services import calendar_feeds
from meetings.services.calendar_feeds import Conditions, FeedAnswer
from meetings.views import bp as meetings_bp
from portal.errors import NotFound

bp = Blueprint("calendars", __name__)

#: Tokens are base64url; a path with other characters is not worth a query.
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _conditions() -> Conditions:
    return Conditions(request.if_none_match, request.if_modified_since)


def _not_found() -> Response:
    """A short 404: calendar programs show no pages, and an unknown token learns nothing."""
    return Response("404 Not Found\n", status=404, mimetype="text/plain")


def _respond(answer: FeedAnswer, filename: str) -> Response:
    if answer.content is None:
        response = Response(status=304)
    else:
        response = Response(answer.content, mimetype="text/calendar")
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(answer.etag)
    response.last_modified = answer.last_modified
    if answer.private:
        response.headers["Cache-Control"] = "private, no-cache"
        response.headers["X-Robots-Tag"] = "noindex"
    else:
        response.headers["Cache-Control"] = "public, no-cache"
    return response


@bp.route("/calendar/<token>.ics")
def personal(token: str):
    """The personal feed: every meeting the token's owner is invited to."""
    if len(token) > 100 or not set(token) <= _TOKEN_CHARS:
        return _not_found()
    try:
        answer = calendar_feeds.personal_feed(token, _conditions())
    except NotFound:
        return _not_found()
    return _respond(answer, "kim-portal.ics")


@bp.route("/bodies/<slug>/calendar.ics")
def body(slug: str):
    """The public feed of a public body: its public meetings."""
    try:
        answer = calendar_feeds.body_feed(slug, str(get_locale()), _conditions())
    except NotFound:
        return _not_found()
    return _respond(answer, f"{slug}.ics")


@meetings_bp.route("/<int:meeting_id>.ics")
def meeting_ics(meeting_id: int):
    """One meeting as a calendar file, for whoever may see it."""
    answer = calendar_feeds.meeting_feed(current_user, meeting_id, str(get_locale()), _conditions())
    return _respond(answer, f"sitzung-{meeting_id}.ics")

"""Every route × every kind of visitor → the expected status.

The routes come from the app's URL map, so a new route without a row here fails
``test_every_route_has_a_row``. Rows name the status for: anonymous, a guest of the body, a
member of another body, a member, the chair, the body's secretariat (KI) and an admin. The body
under test is not public, so outsiders must get 404 for it, not 403.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from documents.services import documents as documents_service
from documents.services import review
from documents.services.attachments import DOCUMENT_ATTACHMENTS
from meetings.demo_papers import one_page_pdf
from meetings.models import Decision
from meetings.proposal_flow import Outcome, ProposalStatus
from meetings.services import (
    amendments,
    ballots,
    decisions,
    follow_up,
    proposal_attachments,
    proposals,
)
from meetings.services.decision_attachments import DECISION_ATTACHMENTS
from meetings.services.meeting_attachments import MEETING_ATTACHMENTS
from portal.extensions import db
from portal.models import Membership
from portal.permissions import Action, can
from portal.services import attachment_lists
from portal.statistics.periods import Period
from portal.statistics.services import (
    figures,
    links,
    observations,
    publishing,
    reading,
    snapshots,
    staffing,
)
from tests.fixtures.meetings import in_days
from tests.fixtures.statistics import as_form, counts_for

PERSONAS = ["anonymous", "guest", "other_member", "member", "chair", "secretariat", "admin"]


def row(anonymous, guest, other_member, member, chair, secretariat, admin):
    return dict(
        zip(
            PERSONAS,
            (anonymous, guest, other_member, member, chair, secretariat, admin),
            strict=True,
        )
    )


EVERYONE_200 = row(200, 200, 200, 200, 200, 200, 200)
LOGGED_IN_200 = row(302, 200, 200, 200, 200, 200, 200)
ADMIN_ONLY = row(302, 403, 403, 403, 403, 403, 200)
KI_AND_ADMIN = row(302, 403, 403, 403, 403, 200, 200)
#: The steering group's meetings are run by its secretariat; outsiders must not learn of them.
MEETING_MANAGERS = row(302, 403, 404, 403, 403, 200, 403)
#: Circulated minutes: the body's inner circle reads them, outsiders learn nothing of them.
MINUTES_READERS = row(404, 200, 404, 200, 200, 200, 200)

#: A non-public document of the body: its inner circle reads it, outsiders learn nothing.
DOCUMENT_READERS = row(404, 200, 404, 200, 200, 200, 200)
#: Drafts and document settings are the secretariat's (admins run accounts, not content).
DOCUMENT_MANAGERS = row(302, 403, 404, 403, 403, 200, 403)
DOCUMENT_KI = row(302, 403, 403, 403, 403, 200, 403)
#: Raw case figures and publishing: the KI (Fachaufsicht) only; admins run accounts.
STATISTICS_KI = row(302, 403, 403, 403, 403, 200, 403)
#: Interface observations: the triage body's participants read them (guests do not).
OBSERVATION_READERS = row(302, 403, 403, 200, 200, 200, 403)
#: A form the KI sends empty: refused beside the field.
STATISTICS_KI_FORM = row(302, 403, 403, 403, 403, 422, 403)

# endpoint -> (method, url template, expected statuses). Templates use {body}, {slug},
# {user}, {organisation}, {membership} from the fixtures below.
MATRIX = {
    "health.index": ("GET", "/healthz", EVERYONE_200),
    "auth.login": ("GET", "/login", row(200, 302, 302, 302, 302, 302, 302)),
    "auth.logout": ("POST", "/logout", row(302, 302, 302, 302, 302, 302, 302)),
    "auth.reset_request": ("GET", "/password-reset", EVERYONE_200),
    "auth.reset_password": ("GET", "/password-reset/not-a-token", row(*[404] * 7)),
    "auth.set_language": ("POST", "/language", row(*[400] * 7)),
    "dashboard.index": ("GET", "/", LOGGED_IN_200),
    "bodies.index": ("GET", "/bodies/", EVERYONE_200),
    "bodies.show": ("GET", "/bodies/{slug}/", row(404, 200, 404, 200, 200, 200, 200)),
    "profile.show": ("GET", "/profile", LOGGED_IN_200),
    "profile.change_password": (
        "POST",
        "/profile/password",
        row(302, 422, 422, 422, 422, 422, 422),
    ),
    "profile.change_language": (
        "POST",
        "/profile/language",
        row(302, 422, 422, 422, 422, 422, 422),
    ),
    # An empty form is valid here: every box unticked.
    "profile.change_notifications": (
        "POST",
        "/profile/notifications",
        row(302, 302, 302, 302, 302, 302, 302),
    ),
    # Making a feed address answers with the page that shows it (CSRF is off in tests).
    "profile.issue_calendar_address": (
        "POST",
        "/profile/calendar",
        row(302, 200, 200, 200, 200, 200, 200),
    ),
    "profile.revoke_calendar_address": (
        "POST",
        "/profile/calendar/revoke",
        row(302, 302, 302, 302, 302, 302, 302),
    ),
    # The personal feed knows no session: only a valid token opens it.
    "calendars.personal": ("GET", "/calendar/kein-gueltiges-token.ics", row(*[404] * 7)),
    # The body under test is not public: it has no public feed, for anyone.
    "calendars.body": ("GET", "/bodies/{slug}/calendar.ics", row(*[404] * 7)),
    "meetings.meeting_ics": (
        "GET",
        "/meetings/{meeting}.ics",
        row(404, 200, 404, 200, 200, 200, 200),
    ),
    "legal.imprint": ("GET", "/impressum", EVERYONE_200),
    "legal.privacy": ("GET", "/datenschutz", EVERYONE_200),
    "legal.accessibility": ("GET", "/barrierefreiheit", EVERYONE_200),
    "audit.index": ("GET", "/audit/", KI_AND_ADMIN),
    "admin.users": ("GET", "/admin/users/", ADMIN_ONLY),
    "admin.create_user": ("GET", "/admin/users/new", ADMIN_ONLY),
    "admin.edit_user": ("GET", "/admin/users/{user}", ADMIN_ONLY),
    "admin.organisations_index": ("GET", "/admin/organisations/", ADMIN_ONLY),
    "admin.create_organisation": ("GET", "/admin/organisations/new", ADMIN_ONLY),
    "admin.edit_organisation": ("GET", "/admin/organisations/{organisation}", ADMIN_ONLY),
    "admin.bodies_index": ("GET", "/admin/bodies/", KI_AND_ADMIN),
    "admin.create_body": ("GET", "/admin/bodies/new", ADMIN_ONLY),
    "admin.edit_body": ("GET", "/admin/bodies/{body}", ADMIN_ONLY),
    "admin.memberships_index": ("GET", "/admin/bodies/{body}/memberships/", KI_AND_ADMIN),
    "admin.create_membership": ("GET", "/admin/bodies/{body}/memberships/new", KI_AND_ADMIN),
    "admin.edit_membership": ("GET", "/admin/memberships/{membership}", KI_AND_ADMIN),
    "admin.end_membership": ("GET", "/admin/memberships/{membership}/end", KI_AND_ADMIN),
    "admin.feedback": ("GET", "/admin/feedback/", ADMIN_ONLY),
    "meetings.index": ("GET", "/meetings/", EVERYONE_200),
    "meetings.show": ("GET", "/meetings/{meeting}", row(404, 200, 404, 200, 200, 200, 200)),
    "meetings.create": ("GET", "/meetings/new", row(302, 403, 403, 403, 403, 200, 403)),
    "meetings.edit": ("GET", "/meetings/{meeting}/edit", MEETING_MANAGERS),
    "meetings.cancel": ("GET", "/meetings/{meeting}/cancel", MEETING_MANAGERS),
    "meetings.invite": ("GET", "/meetings/{meeting}/invite", MEETING_MANAGERS),
    "meetings.series": ("GET", "/meetings/{meeting}/series", MEETING_MANAGERS),
    "meetings.create_item": ("GET", "/meetings/{meeting}/items/new", MEETING_MANAGERS),
    "meetings.edit_item": ("GET", "/meetings/{meeting}/items/{item}/edit", MEETING_MANAGERS),
    "meetings.delete_item": ("GET", "/meetings/{meeting}/items/{item}/delete", MEETING_MANAGERS),
    "meetings.move_item": (
        "POST",
        "/meetings/{meeting}/items/{item}/move",
        row(302, 403, 404, 403, 403, 400, 403),
    ),
    "meetings.papers": ("GET", "/meetings/{meeting}/items/{item}/papers", MEETING_MANAGERS),
    "meetings.delete_paper": (
        "GET",
        "/meetings/{meeting}/items/{item}/papers/{paper}/delete",
        MEETING_MANAGERS,
    ),
    # A paper is as visible as its agenda item (here a public item of a non-public meeting).
    # An empty upload: the secretariat gets the field error, everyone else never gets that far.
    "meetings.new_paper_version": (
        "POST",
        "/meetings/{meeting}/items/{item}/papers/{paper}/versions",
        row(302, 403, 404, 403, 403, 422, 403),
    ),
    "meetings.download_paper_version": (
        "GET",
        "/meetings/{meeting}/papers/{paper}/versions/1/Bericht.pdf",
        row(404, 200, 404, 200, 200, 200, 200),
    ),
    "meetings.download_paper": (
        "GET",
        "/meetings/{meeting}/papers/{paper}/Bericht.pdf",
        row(404, 200, 404, 200, 200, 200, 200),
    ),
    "meetings.agenda_docx": (
        "GET",
        "/meetings/{meeting}/agenda.docx",
        row(404, 200, 404, 200, 200, 200, 200),
    ),
    # Everyone holding a seat or role answers for it; the admin holds none in this body.
    "meetings.answer": (
        "GET",
        "/meetings/{meeting}/answer",
        row(302, 200, 404, 200, 200, 200, 404),
    ),
    # The list for the body's inner circle; the form in it for the secretariat only.
    "meetings.attendance": (
        "GET",
        "/meetings/{meeting}/attendance",
        row(302, 200, 404, 200, 200, 200, 200),
    ),
    "meetings.quorum": (
        "GET",
        "/meetings/{meeting}/quorum",
        row(404, 200, 404, 200, 200, 200, 200),
    ),
    # Members, deputies, advisers and the KI suggest items (guests do not); the KI decides.
    "meetings.create_suggestion": (
        "GET",
        "/meetings/{meeting}/suggestions/new",
        row(302, 403, 404, 200, 200, 200, 403),
    ),
    "meetings.accept_suggestion": (
        "POST",
        "/meetings/{meeting}/suggestions/{suggestion}/accept",
        row(302, 403, 404, 403, 403, 302, 403),
    ),
    "meetings.decline_suggestion": (
        "GET",
        "/meetings/{meeting}/suggestions/{suggestion}/decline",
        MEETING_MANAGERS,
    ),
    "meetings.agenda_templates_index": (
        "GET",
        "/meetings/agenda-templates/",
        row(302, 403, 403, 403, 403, 200, 403),
    ),
    "meetings.agenda_template": ("GET", "/meetings/agenda-templates/{slug}", MEETING_MANAGERS),
    "meetings.adopt_template": (
        "POST",
        "/meetings/agenda-templates/{slug}/adopt",
        row(302, 403, 404, 403, 403, 302, 403),
    ),
    "meetings.reset_template": (
        "GET",
        "/meetings/agenda-templates/{slug}/reset",
        MEETING_MANAGERS,
    ),
    "meetings.edit_template_item": (
        "GET",
        "/meetings/agenda-templates/{slug}/items/{template_item}/edit",
        MEETING_MANAGERS,
    ),
    "meetings.delete_template_item": (
        "GET",
        "/meetings/agenda-templates/{slug}/items/{template_item}/delete",
        MEETING_MANAGERS,
    ),
    "meetings.move_template_item": (
        "POST",
        "/meetings/agenda-templates/{slug}/items/{template_item}/move",
        row(302, 403, 404, 403, 403, 400, 403),
    ),
    # Minutes: {held} is a past meeting whose minutes are circulated for comments.
    "meetings.minutes": ("GET", "/meetings/{held}/minutes", MINUTES_READERS),
    "meetings.minutes_print": ("GET", "/meetings/{held}/minutes/print", MINUTES_READERS),
    "meetings.minutes_docx": ("GET", "/meetings/{held}/minutes.docx", MINUTES_READERS),
    "meetings.minutes_revisions": ("GET", "/meetings/{held}/minutes/revisions", MINUTES_READERS),
    "meetings.compare_minutes": ("GET", "/meetings/{held}/minutes/compare", MINUTES_READERS),
    "meetings.start_minutes": (
        "POST",
        "/meetings/{held}/minutes/start",
        row(302, 403, 404, 403, 403, 422, 403),
    ),
    "meetings.edit_minutes_header": ("GET", "/meetings/{held}/minutes/header", MEETING_MANAGERS),
    "meetings.edit_minutes_entry": (
        "GET",
        "/meetings/{held}/minutes/items/{held_item}/edit",
        MEETING_MANAGERS,
    ),
    "meetings.circulate_minutes": ("GET", "/meetings/{held}/minutes/circulate", MEETING_MANAGERS),
    "meetings.comment_minutes": (
        "POST",
        "/meetings/{held}/minutes/comments",
        row(302, 403, 404, 422, 422, 422, 403),
    ),
    "meetings.approve_minutes": (
        "GET",
        "/meetings/{held}/minutes/approve",
        row(302, 403, 404, 403, 200, 200, 403),
    ),
    "meetings.lock_minutes": (
        "POST",
        "/meetings/{held}/minutes/lock",
        row(302, 403, 404, 403, 403, 422, 403),
    ),
    "meetings.amend_minutes": ("GET", "/meetings/{held}/minutes/amend", MEETING_MANAGERS),
    # Proposals of the (non-public) steering group: {proposal} accepted, {draft} a draft, both
    # submitted by the member; {amendment} tabled by the member.
    "documents.index": ("GET", "/documents/", EVERYONE_200),
    "documents.create": ("GET", "/documents/new", DOCUMENT_KI),
    "documents.show": ("GET", "/documents/{document}/", DOCUMENT_READERS),
    "documents.edit": ("GET", "/documents/{document}/edit", DOCUMENT_MANAGERS),
    # The secretariat is sent back: a draft is already in the works.
    "documents.start_draft": (
        "POST",
        "/documents/{document}/drafts",
        row(302, 403, 404, 403, 403, 303, 403),
    ),
    "documents.import_docx": ("GET", "/documents/{document}/import", DOCUMENT_MANAGERS),
    "documents.compare": (
        "GET",
        "/documents/{document}/compare?from=1.0&to=1.1",
        DOCUMENT_READERS,
    ),
    "documents.compare_docx": (
        "GET",
        "/documents/{document}/compare.docx?from=1.0&to=1.1",
        DOCUMENT_READERS,
    ),
    "documents.version": ("GET", "/documents/{document}/versions/1.1", DOCUMENT_READERS),
    "documents.version_docx": (
        "GET",
        "/documents/{document}/versions/1.1.docx",
        DOCUMENT_READERS,
    ),
    "documents.change_note": (
        "GET",
        "/documents/{document}/versions/1.1/note",
        DOCUMENT_MANAGERS,
    ),
    "documents.discard": ("GET", "/documents/{document}/versions/1.1/discard", DOCUMENT_MANAGERS),
    "documents.new_section": (
        "GET",
        "/documents/{document}/versions/1.1/sections/new",
        DOCUMENT_MANAGERS,
    ),
    "documents.edit_section": (
        "GET",
        "/documents/{document}/versions/1.1/sections/{section}/edit",
        DOCUMENT_MANAGERS,
    ),
    "documents.move_section": (
        "POST",
        "/documents/{document}/versions/1.1/sections/{section}/move",
        row(302, 403, 404, 403, 403, 302, 403),
    ),
    "documents.delete_section": (
        "GET",
        "/documents/{document}/versions/1.1/sections/{section}/delete",
        DOCUMENT_MANAGERS,
    ),
    "documents.start_review": (
        "GET",
        "/documents/{document}/versions/1.1/review",
        DOCUMENT_MANAGERS,
    ),
    # {reviewed}: a document whose draft 1.1 is in review for the body, with {comment} on it.
    "documents.end_review": (
        "POST",
        "/documents/{reviewed}/versions/1.1/review/end",
        row(302, 403, 404, 403, 403, 302, 403),
    ),
    "documents.comment": (
        "GET",
        "/documents/{reviewed}/versions/1.1/sections/{reviewed_section}/comment",
        row(302, 403, 404, 200, 200, 200, 403),
    ),
    "documents.handle_comment": (
        "GET",
        "/documents/{reviewed}/versions/1.1/comments/{comment}",
        DOCUMENT_MANAGERS,
    ),
    "documents.review_report": (
        "GET",
        "/documents/{reviewed}/versions/1.1/review-report",
        DOCUMENT_READERS,
    ),
    "documents.submit_for_decision": (
        "GET",
        "/documents/{document}/versions/1.1/decision",
        DOCUMENT_MANAGERS,
    ),
    "documents.editors": ("GET", "/documents/{document}/editors", DOCUMENT_MANAGERS),
    "documents.remove_editor": (
        "POST",
        "/documents/{document}/editors/{editor}/remove",
        row(302, 403, 404, 403, 403, 302, 403),
    ),
    "meetings.attachments": ("GET", "/meetings/{meeting}/attachments", MEETING_MANAGERS),
    "meetings.new_attachment_version": (
        "POST",
        "/meetings/{meeting}/attachments/{meeting_attachment}/versions",
        row(302, 403, 404, 403, 403, 422, 403),
    ),
    "meetings.delete_attachment": (
        "GET",
        "/meetings/{meeting}/attachments/{meeting_attachment}/delete",
        MEETING_MANAGERS,
    ),
    "meetings.download_attachment": (
        "GET",
        "/meetings/{meeting}/attachments/{meeting_attachment}/Einladung.pdf",
        MINUTES_READERS,
    ),
    "meetings.download_attachment_version": (
        "GET",
        "/meetings/{meeting}/attachments/{meeting_attachment}/versions/1/Einladung.pdf",
        MINUTES_READERS,
    ),
    "decisions.attachments": ("GET", "/decisions/{decision}/attachments", MEETING_MANAGERS),
    "decisions.new_attachment_version": (
        "POST",
        "/decisions/{decision}/attachments/{decision_attachment}/versions",
        row(302, 403, 404, 403, 403, 422, 403),
    ),
    "decisions.delete_attachment": (
        "GET",
        "/decisions/{decision}/attachments/{decision_attachment}/delete",
        MEETING_MANAGERS,
    ),
    "decisions.download_attachment": (
        "GET",
        "/decisions/{decision}/attachments/{decision_attachment}/Anlage.pdf",
        MINUTES_READERS,
    ),
    "decisions.download_attachment_version": (
        "GET",
        "/decisions/{decision}/attachments/{decision_attachment}/versions/1/Anlage.pdf",
        MINUTES_READERS,
    ),
    "documents.attachments": ("GET", "/documents/{document}/attachments", DOCUMENT_MANAGERS),
    "documents.new_attachment_version": (
        "POST",
        "/documents/{document}/attachments/{document_attachment}/versions",
        row(302, 403, 404, 403, 403, 422, 403),
    ),
    "documents.delete_attachment": (
        "GET",
        "/documents/{document}/attachments/{document_attachment}/delete",
        DOCUMENT_MANAGERS,
    ),
    "documents.download_attachment": (
        "GET",
        "/documents/{document}/attachments/{document_attachment}/Karte.pdf",
        DOCUMENT_READERS,
    ),
    "documents.download_attachment_version": (
        "GET",
        "/documents/{document}/attachments/{document_attachment}/versions/1/Karte.pdf",
        DOCUMENT_READERS,
    ),
    # Published statistics are for every account; raw figures and publishing for the KI (the
    # personas hold no case manager: their rows are in tests/integration/statistics/).
    "statistics.index": ("GET", "/statistics/", LOGGED_IN_200),
    "statistics.export": ("GET", "/statistics/export.xlsx", LOGGED_IN_200),
    "statistics.snapshot_create": ("POST", "/statistics/snapshots", STATISTICS_KI_FORM),
    "statistics.snapshot": ("GET", "/statistics/snapshots/{snapshot}", LOGGED_IN_200),
    "statistics.report_overview": ("GET", "/statistics/report", STATISTICS_KI),
    "statistics.report": ("GET", "/statistics/report/{organisation}/2026-Q3", STATISTICS_KI),
    "statistics.report_history": (
        "GET",
        "/statistics/report/{organisation}/2026-Q3/history",
        STATISTICS_KI,
    ),
    "statistics.upload": ("GET", "/statistics/upload", STATISTICS_KI),
    "statistics.upload_template": ("GET", "/statistics/upload/template.csv", STATISTICS_KI),
    "statistics.publish_overview": ("GET", "/statistics/publish", STATISTICS_KI),
    # Published already with these figures: the KI is told so and sent back to the overview.
    "statistics.publish": ("POST", "/statistics/publish/2026-Q3", row(302, *[403] * 4, 303, 403)),
    # The body under test triages interface observations here (see ``app_config`` below).
    "statistics.observations": ("GET", "/statistics/observations/", OBSERVATION_READERS),
    "statistics.observation_new": ("GET", "/statistics/observations/new", STATISTICS_KI),
    "statistics.observation": (
        "GET",
        "/statistics/observations/{observation}",
        OBSERVATION_READERS,
    ),
    "statistics.observation_triage": (
        "GET",
        "/statistics/observations/{observation}/triage",
        row(302, 403, 403, 403, 200, 200, 403),
    ),
    "statistics.snapshot_link": (
        "POST",
        "/statistics/snapshots/{snapshot}/links",
        STATISTICS_KI_FORM,
    ),
    "statistics.staffing_link": (
        "POST",
        "/statistics/staffing/{staffing}/links",
        STATISTICS_KI_FORM,
    ),
    "statistics.link_delete": (
        "POST",
        "/statistics/links/{statistics_link}/delete",
        row(302, *[403] * 4, 303, 403),
    ),
    "statistics.staffing": ("GET", "/statistics/staffing", LOGGED_IN_200),
    "statistics.staffing_show": ("GET", "/statistics/staffing/{staffing}", LOGGED_IN_200),
    "proposals.index": ("GET", "/proposals/", EVERYONE_200),
    "proposals.create": (
        "GET",
        "/proposals/new?body={slug}",
        row(302, 403, 404, 200, 200, 200, 403),
    ),
    "proposals.show": ("GET", "/proposals/{proposal}", row(404, 200, 404, 200, 200, 200, 200)),
    # A draft is its submitter's: the KI sees it (it runs the body) but may not edit it.
    "proposals.edit": ("GET", "/proposals/{draft}/edit", row(302, 404, 404, 200, 404, 403, 404)),
    "proposals.step": (
        "GET",
        "/proposals/{proposal}/steps/return",
        row(302, 403, 404, 403, 403, 200, 403),
    ),
    "proposals.group_agenda": (
        "GET",
        "/proposals/{proposal}/group-agenda",
        row(302, 403, 404, 403, 403, 200, 403),
    ),
    "proposals.create_amendment": (
        "GET",
        "/proposals/{proposal}/amendments/new",
        row(302, 403, 404, 200, 200, 200, 403),
    ),
    "proposals.withdraw_amendment": (
        "POST",
        "/proposals/{proposal}/amendments/{amendment}/withdraw",
        row(302, 403, 404, 302, 403, 403, 403),
    ),
    "proposals.attachments": (
        "GET",
        "/proposals/{draft}/attachments",
        row(302, 404, 404, 200, 404, 403, 404),
    ),
    "proposals.new_attachment_version": (
        "POST",
        "/proposals/{draft}/attachments/{attachment}/versions",
        row(302, 404, 404, 422, 404, 403, 404),
    ),
    "proposals.download_attachment_version": (
        "GET",
        "/proposals/{draft}/attachments/{attachment}/versions/1/Anlage.pdf",
        row(404, 404, 404, 200, 404, 200, 404),
    ),
    "proposals.download_attachment": (
        "GET",
        "/proposals/{draft}/attachments/{attachment}/Anlage.pdf",
        row(404, 404, 404, 200, 404, 200, 404),
    ),
    "proposals.delete_attachment": (
        "POST",
        "/proposals/{draft}/attachments/{attachment}/delete",
        row(302, 404, 404, 302, 404, 403, 404),
    ),
    # {ballot}: an open written procedure of the steering group; member and chair hold seats.
    "ballots.show": ("GET", "/ballots/{ballot}", row(302, 200, 404, 200, 200, 200, 200)),
    "ballots.vote": ("POST", "/ballots/{ballot}/vote", row(302, 403, 404, 422, 422, 403, 403)),
    "ballots.conflict": (
        "POST",
        "/ballots/{ballot}/conflict",
        row(302, 403, 404, 302, 302, 403, 403),
    ),
    "ballots.deputy": ("POST", "/ballots/{ballot}/deputy", row(302, 403, 404, 302, 302, 403, 403)),
    "ballots.object": ("GET", "/ballots/{ballot}/object", row(302, 403, 404, 200, 200, 403, 403)),
    "ballots.create": ("GET", "/ballots/new?item={item}", row(302, 403, 404, 403, 200, 200, 403)),
    # Counts are entered for ballots recorded in a meeting; a written procedure has none.
    "ballots.counts": ("GET", "/ballots/{ballot}/counts", row(302, 403, 404, 403, 404, 404, 403)),
    "ballots.close": ("POST", "/ballots/{ballot}/close", row(302, 403, 404, 403, 302, 302, 403)),
    "ballots.cancel": ("GET", "/ballots/{ballot}/cancel", row(302, 403, 404, 403, 200, 200, 403)),
    # {decision}: a non-public decision of the steering group with {action}, nobody responsible.
    "decisions.index": ("GET", "/decisions/", EVERYONE_200),
    "decisions.export_csv": ("GET", "/decisions/export.csv", EVERYONE_200),
    "decisions.export_docx": ("GET", "/decisions/export.docx", EVERYONE_200),
    "decisions.implementation": ("GET", "/decisions/implementation", EVERYONE_200),
    "decisions.implementation_docx": ("GET", "/decisions/implementation.docx", EVERYONE_200),
    "decisions.show": ("GET", "/decisions/{decision}", row(404, 200, 404, 200, 200, 200, 200)),
    "decisions.action": (
        "GET",
        "/decisions/actions/{action}",
        row(404, 200, 404, 200, 200, 200, 200),
    ),
    "decisions.report": (
        "POST",
        "/decisions/actions/{action}",
        row(302, 403, 404, 403, 403, 422, 403),
    ),
    "decisions.new_action": ("GET", "/decisions/{decision}/actions/new", MEETING_MANAGERS),
    "decisions.edit_action": ("GET", "/decisions/actions/{action}/edit", MEETING_MANAGERS),
    "decisions.review": ("GET", "/decisions/{decision}/review", MEETING_MANAGERS),
    "decisions.review_agenda": (
        "POST",
        "/decisions/{decision}/review/agenda",
        row(302, 403, 404, 403, 403, 422, 403),
    ),
    "decisions.correct": ("GET", "/decisions/{decision}/correct", MEETING_MANAGERS),
    "decisions.report_item": (
        "POST",
        "/decisions/report-item",
        row(302, 403, 403, 403, 403, 422, 403),
    ),
}
NOT_IN_MATRIX = {"static"}


def test_every_route_has_a_row(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - NOT_IN_MATRIX

    assert endpoints - MATRIX.keys() == set(), "new routes need a row in the permission matrix"
    assert MATRIX.keys() - endpoints == set(), "the matrix lists routes that no longer exist"


@pytest.fixture
def app_config() -> dict:
    """The body under test is also the one that triages interface observations."""
    return {"STATISTICS_TRIAGE_BODY": "lenkungsgruppe"}


@pytest.fixture
def targets(
    request,
    body,
    personas,
    create_organisation,
    create_meeting,
    create_suggestion,
    create_template_item,
    create_paper,
    create_minutes,
    create_document,
    create_version,
    create_user,
):
    organisation = create_organisation("Stadt Grevenbroich")
    meeting = create_meeting(body, items=2)
    held = create_meeting(body, starts_at=in_days(-2), items=2)
    create_minutes(personas["secretariat"], held, status="circulated")
    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == personas["member"].id)
    )
    governance = _governance_targets(body, personas, meeting)
    document = create_document(body, slug="handlungskonzept")
    adopted = create_version(document, "1.0", status="adopted")
    draft = create_version(document, "1.1", based_on=adopted)
    reviewed = _reviewed_document(body, personas, create_document, create_version)
    editor = documents_service.name_editor(personas["secretariat"], document, create_user().id)
    files = _attachment_targets(personas["secretariat"], meeting, governance["decision"], document)
    # Publishing runs the disclosure control's linear programs: only the statistics rows pay.
    endpoint = request.node.callspec.params.get("endpoint", "")
    statistics = (
        _statistics_targets(personas["secretariat"], organisation, meeting.items[0].id)
        if endpoint.startswith("statistics.")
        else {}
    )
    return {
        **governance,
        **statistics,
        **reviewed,
        **files,
        "document": document.slug,
        "section": draft.sections[0].section_id,
        "editor": editor.id,
        "body": body.id,
        "slug": body.slug,
        "user": personas["member"].id,
        "organisation": organisation.id,
        "membership": membership.id,
        "meeting": meeting.id,
        "item": meeting.items[0].id,
        "paper": create_paper(meeting.items[0]).id,
        "suggestion": create_suggestion(meeting, personas["member"]).id,
        "template_item": create_template_item(body).id,
        "held": held.id,
        "held_item": held.items[0].id,
    }


def _statistics_targets(ki, organisation, item_id: int) -> dict[str, int]:
    """Published Q3 figures of one municipality, a snapshot of them linked to an agenda item,
    a staffing calculation and an interface observation."""
    period = Period(2026, 3)
    figures.report_figures(ki, organisation, period, as_form(counts_for(30)))
    publishing.publish_period(ki, period)
    selection = reading.Selection(first=period, last=period)
    calculation = staffing.save_staffing(
        ki,
        title="Stellenverteilung",
        basis="",
        total="6,0",
        step="0,5",
        minimum="",
        method="largest_remainder",
        weights={town.name: "100" for town in figures.municipalities()},
    )
    observation = observations.report_observation(
        ki,
        authorities=["jobcenter", "auslaenderbehoerde"],
        topic="aufenthalt",
        assessment="bad",
        description="Termine bei der Ausländerbehörde dauern drei Monate.",
        has_no_personal_data=True,
    )
    snapshot = snapshots.freeze_view(ki, selection, title="Stand")
    link = links.link_statistics(ki, target=f"agenda_item:{item_id}", snapshot_id=snapshot.id)
    return {
        "snapshot": snapshot.id,
        "statistics_link": link.id,
        "staffing": calculation.id,
        "observation": observation.id,
    }


def _pdf(name: str) -> FileStorage:
    return FileStorage(io.BytesIO(one_page_pdf((name,))), filename=name)


def _attachment_targets(ki, meeting, decision_id: int, document) -> dict[str, int]:
    """A file of the meeting, of the decision and of the document, each attached by the KI."""
    decision = db.session.get(Decision, decision_id)
    owners = (
        ("meeting_attachment", MEETING_ATTACHMENTS, meeting, "Einladung.pdf"),
        ("decision_attachment", DECISION_ATTACHMENTS, decision, "Anlage.pdf"),
        ("document_attachment", DOCUMENT_ATTACHMENTS, document, "Karte.pdf"),
    )
    return {
        key: attachment_lists.attach_file(ki, spec, owner, _pdf(name)).id
        for key, spec, owner, name in owners
    }


def _reviewed_document(body, personas, create_document, create_version) -> dict:
    """A document of body whose draft 1.1 is in review for body, with the member's comment."""
    document = create_document(body, slug="leitbild")
    adopted = create_version(document, "1.0", status="adopted")
    draft = create_version(document, "1.1", based_on=adopted)
    review.start_review(personas["secretariat"], draft, [body], in_days(14))
    section = draft.sections[0]
    comment = review.add_comment(personas["member"], draft, section, text="Bitte ergänzen.")
    return {
        "reviewed": document.slug,
        "reviewed_section": section.section_id,
        "comment": comment.id,
    }


def _governance_targets(body, personas, meeting) -> dict[str, int]:
    """A proposal, a draft with an attachment, an amendment, a ballot and a decision of body."""
    member, ki = personas["member"], personas["secretariat"]
    draft = proposals.create_proposal(member, body, title="Entwurf", resolution_text="Text")
    upload = FileStorage(io.BytesIO(one_page_pdf(("Anlage",))), filename="Anlage.pdf")
    attachment = proposal_attachments.attach_file(member, draft, upload)
    proposal = proposals.create_proposal(member, body, title="Vorlage", resolution_text="Text")
    proposal.status = ProposalStatus.ACCEPTED
    db.session.commit()
    amendment = amendments.table_amendment(member, proposal, resolution_text="Neuer Text")
    ballot = ballots.open_ballot(
        ki,
        body=body,
        kind="written",
        secrecy="named",
        title="Umlaufverfahren",
        agenda_item=meeting.items[1],
        closes_at=in_days(7),
    )
    decision = decisions.record_decision(
        ki,
        body=body,
        outcome=Outcome.ADOPTED,
        resolution_text="Beschlossen.",
        decided_on=date(2026, 11, 2),
    )
    db.session.commit()
    action = follow_up.add_action(ki, decision, description="Umsetzen", due_on=date(2026, 12, 1))
    return {
        "proposal": proposal.id,
        "draft": draft.id,
        "attachment": attachment.id,
        "amendment": amendment.id,
        "ballot": ballot.id,
        "decision": decision.id,
        "action": action.id,
    }


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_route_answers_each_persona_as_the_matrix_says(
    client, auth, personas, targets, endpoint, persona
):
    method, template, expected = MATRIX[endpoint]
    if personas[persona] is not None:
        auth.login_as(personas[persona])

    response = client.open(template.format(**targets), method=method)

    assert response.status_code == expected[persona], f"{method} {template} as {persona}"


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anonymous", False),
        ("guest", False),
        ("member", False),
        ("chair", False),
        ("secretariat", True),
        ("admin", True),
    ],
)
def test_templates_hide_admin_links_by_the_same_rule(client, auth, personas, persona, allowed):
    if personas[persona] is not None:
        auth.login_as(personas[persona])

    page = client.get("/bodies/").get_data(as_text=True)

    assert ('href="/admin/bodies/"' in page) is allowed
    assert can(personas[persona], Action.ADMIN_MEMBERSHIPS) is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_clauses_agree_with_the_per_object_rules(personas, persona, body, create_body):
    """The SQL clauses for lists decide exactly as can() does for one object."""
    from portal.models import Body
    from portal.permissions import manageable_bodies, visible_bodies

    create_body(is_public=True, slug="offen")
    user = personas[persona]
    for clause, action in (
        (visible_bodies, Action.BODY_VIEW),
        (manageable_bodies, Action.BODY_MANAGE_MEMBERS),
    ):
        selected = set(db.session.scalars(select(Body.id).where(clause(user))))
        allowed = {b.id for b in db.session.scalars(select(Body)) if can(user, action, b)}
        assert selected == allowed, f"{clause.__name__} for {persona}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_meeting_list_clause_agrees_with_the_per_meeting_rule(
    personas, persona, body, create_body, create_meeting
):
    """visible_meetings() selects exactly the meetings can(meeting.view) allows."""
    from meetings.models import Meeting
    from portal.permissions import visible_meetings

    public_body = create_body(is_public=True, slug="offen")
    for owner in (body, public_body):
        for is_public in (True, False):
            create_meeting(owner, is_public=is_public)
    user = personas[persona]
    selected = set(
        db.session.scalars(
            select(Meeting.id).join(Meeting.body).where(visible_meetings(user, Meeting))
        )
    )
    allowed = {
        m.id for m in db.session.scalars(select(Meeting)) if can(user, Action.MEETING_VIEW, m)
    }
    assert selected == allowed

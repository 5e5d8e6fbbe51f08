"""The tour: every page of the portal, as a person who may see it, and every form sent empty.

The accessibility and page-structure tests walk the same tour, one test per stop.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    ADMIN,
    AG_LEAD,
    CASE_MANAGER,
    CHAIR,
    DEPUTY,
    GUEST,
    MEMBER,
    SECRETARIAT,
    goto,
    submit_empty,
)

#: The main form of a page (pages may have more forms: logout, search, language).
MAIN_FORM = "main form.portal-form"
#: The tour's documents (tests/browser/documents_data.py).
CONCEPT = "/documents/sprachfoerderung"
RULES = "/documents/geschaeftsordnung-lg"
MISSION = "/documents/leitbild-integration"


@dataclass(frozen=True)
class Stop:
    """One page of the tour: who opens which path, and whether a form is then sent empty."""

    id: str
    path: str
    user: str | None = None
    #: Status of the GET (404 for the page that does not exist).
    status: int = 200
    #: CSS selector of a form to send with every text field empty (the page then shows errors).
    submit_empty: str | None = None
    #: CSS selector of a form without fields to send as it is (the page then shows its answer).
    press: str | None = None


TOUR = [
    # Anonymous visitors
    Stop("login", "/login"),
    Stop("login-empty", "/login", submit_empty=MAIN_FORM),
    Stop("password-reset", "/password-reset"),
    Stop("password-reset-empty", "/password-reset", submit_empty=MAIN_FORM),
    Stop("impressum", "/impressum"),
    Stop("datenschutz", "/datenschutz"),
    Stop("barrierefreiheit", "/barrierefreiheit"),
    Stop("barrierefreiheit-feedback-empty", "/barrierefreiheit", submit_empty=MAIN_FORM),
    Stop("bodies-anonymous", "/bodies/"),
    Stop("body-public-anonymous", "/bodies/lenkungsgruppe/"),
    Stop("not-found-anonymous", "/gibt-es-nicht", status=404),
    # Logged in: legal pages, dashboards of every kind of person, bodies, profile
    Stop("impressum-logged-in", "/impressum", MEMBER),
    Stop("datenschutz-logged-in", "/datenschutz", MEMBER),
    Stop("barrierefreiheit-logged-in", "/barrierefreiheit", MEMBER),
    Stop("dashboard-member", "/", MEMBER),
    Stop("dashboard-chair", "/", CHAIR),
    Stop("dashboard-deputy", "/", DEPUTY),
    Stop("dashboard-ag-lead", "/", AG_LEAD),
    Stop("dashboard-case-manager", "/", CASE_MANAGER),
    Stop("dashboard-guest", "/", GUEST),
    Stop("dashboard-secretariat", "/", SECRETARIAT),
    Stop("dashboard-admin", "/", ADMIN),
    Stop("bodies", "/bodies/", MEMBER),
    Stop("body-steering", "/bodies/lenkungsgruppe/", MEMBER),
    Stop("body-working-group", "/bodies/ag-verfahrensebene/", AG_LEAD),
    Stop("profile", "/profile", MEMBER),
    Stop(
        "profile-password-empty",
        "/profile",
        MEMBER,
        submit_empty="main form[action$='/profile/password']",
    ),
    # Sending the calendar form shows the new feed address (with copy button and instructions).
    Stop(
        "profile-calendar-address",
        "/profile",
        MEMBER,
        press="main form[action$='/profile/calendar']",
    ),
    Stop("not-found-logged-in", "/gibt-es-nicht", MEMBER, status=404),
    # Secretariat and admin
    Stop("audit", "/audit/", SECRETARIAT),
    Stop("admin-users", "/admin/users/", ADMIN),
    Stop("admin-user-new", "/admin/users/new", ADMIN),
    Stop("admin-user-new-empty", "/admin/users/new", ADMIN, submit_empty=MAIN_FORM),
    Stop("admin-user-edit", "/admin/users/{user}", ADMIN),
    Stop("admin-organisations", "/admin/organisations/", ADMIN),
    Stop("admin-organisation-new", "/admin/organisations/new", ADMIN),
    Stop("admin-organisation-new-empty", "/admin/organisations/new", ADMIN, submit_empty=MAIN_FORM),
    Stop("admin-organisation-edit", "/admin/organisations/{organisation}", ADMIN),
    Stop("admin-bodies", "/admin/bodies/", ADMIN),
    Stop("admin-body-new", "/admin/bodies/new", ADMIN),
    Stop("admin-body-new-empty", "/admin/bodies/new", ADMIN, submit_empty=MAIN_FORM),
    Stop("admin-body-edit", "/admin/bodies/{body}", ADMIN),
    Stop("admin-memberships", "/admin/bodies/{body}/memberships/", SECRETARIAT),
    Stop("admin-membership-new", "/admin/bodies/{body}/memberships/new", SECRETARIAT),
    Stop(
        "admin-membership-new-empty",
        "/admin/bodies/{body}/memberships/new",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("admin-membership-edit", "/admin/memberships/{membership}", SECRETARIAT),
    Stop("admin-membership-end", "/admin/memberships/{membership}/end", SECRETARIAT),
    Stop(
        "admin-membership-end-empty",
        "/admin/memberships/{membership}/end",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("admin-feedback", "/admin/feedback/", ADMIN),
    # Meetings: the public, members, and the secretariat's forms
    Stop("meetings-anonymous", "/meetings/"),
    Stop("meeting-public-anonymous", "/meetings/{meeting}"),
    Stop("meetings", "/meetings/", MEMBER),
    Stop("meetings-past", "/meetings/?when=past", MEMBER),
    Stop("meeting-member", "/meetings/{meeting}", MEMBER),
    Stop("meetings-secretariat", "/meetings/", SECRETARIAT),
    Stop("meeting-secretariat", "/meetings/{meeting}", SECRETARIAT),
    Stop("meeting-new", "/meetings/new", SECRETARIAT),
    Stop("meeting-new-empty", "/meetings/new", SECRETARIAT, submit_empty=MAIN_FORM),
    Stop("meeting-edit", "/meetings/{meeting}/edit", SECRETARIAT),
    Stop("meeting-cancel", "/meetings/{meeting}/cancel", SECRETARIAT),
    Stop("meeting-cancel-empty", "/meetings/{meeting}/cancel", SECRETARIAT, submit_empty=MAIN_FORM),
    Stop("meeting-invite", "/meetings/{meeting}/invite", SECRETARIAT),
    Stop("meeting-series", "/meetings/{meeting}/series", SECRETARIAT),
    Stop("meeting-series-empty", "/meetings/{meeting}/series", SECRETARIAT, submit_empty=MAIN_FORM),
    Stop("agenda-item-new", "/meetings/{meeting}/items/new", SECRETARIAT),
    Stop(
        "agenda-item-new-empty",
        "/meetings/{meeting}/items/new",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("agenda-item-edit", "/meetings/{meeting}/items/{item}/edit", SECRETARIAT),
    Stop("agenda-item-delete", "/meetings/{meeting}/items/{item}/delete", SECRETARIAT),
    # Agenda suggestions: a member suggests, the secretariat declines with a reason
    Stop("suggestion-new", "/meetings/{meeting}/suggestions/new", MEMBER),
    Stop(
        "suggestion-new-empty",
        "/meetings/{meeting}/suggestions/new",
        MEMBER,
        submit_empty=MAIN_FORM,
    ),
    Stop("suggestion-decline", "/meetings/{meeting}/suggestions/{suggestion}/decline", SECRETARIAT),
    Stop(
        "suggestion-decline-empty",
        "/meetings/{meeting}/suggestions/{suggestion}/decline",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    # Agenda templates: the list, the default (steering group), a working group's own
    Stop("agenda-templates", "/meetings/agenda-templates/", SECRETARIAT),
    Stop("agenda-template-default", "/meetings/agenda-templates/lenkungsgruppe", SECRETARIAT),
    Stop("agenda-template", "/meetings/agenda-templates/ag-verfahrensebene", AG_LEAD),
    Stop(
        "agenda-template-empty",
        "/meetings/agenda-templates/ag-verfahrensebene",
        AG_LEAD,
        submit_empty=MAIN_FORM,
    ),
    Stop(
        "agenda-template-item-edit",
        "/meetings/agenda-templates/ag-verfahrensebene/items/{template_item}/edit",
        AG_LEAD,
    ),
    Stop(
        "agenda-template-item-edit-empty",
        "/meetings/agenda-templates/ag-verfahrensebene/items/{template_item}/edit",
        AG_LEAD,
        submit_empty=MAIN_FORM,
    ),
    Stop(
        "agenda-template-item-delete",
        "/meetings/agenda-templates/ag-verfahrensebene/items/{template_item}/delete",
        AG_LEAD,
    ),
    Stop("agenda-template-reset", "/meetings/agenda-templates/ag-verfahrensebene/reset", AG_LEAD),
    Stop("agenda-papers", "/meetings/{meeting}/items/{paper_item}/papers", SECRETARIAT),
    Stop(
        "agenda-papers-empty",
        "/meetings/{meeting}/items/{paper_item}/papers",
        SECRETARIAT,
        submit_empty="main form[aria-labelledby=upload]",
    ),
    Stop(
        "agenda-paper-delete",
        "/meetings/{meeting}/items/{paper_item}/papers/{paper}/delete",
        SECRETARIAT,
    ),
    Stop("meeting-answer", "/meetings/{meeting}/answer", MEMBER),
    Stop("meeting-answer-empty", "/meetings/{meeting}/answer", MEMBER, submit_empty=MAIN_FORM),
    Stop("meeting-attendance-upcoming", "/meetings/{meeting}/attendance", SECRETARIAT),
    Stop("meeting-attendance", "/meetings/{draft_meeting}/attendance", SECRETARIAT),
    Stop("meeting-held-member", "/meetings/{minutes_meeting}", MEMBER),
    Stop("meeting-held-secretariat", "/meetings/{draft_meeting}", SECRETARIAT),
    # Minutes: approved ones of the past steering group meeting, a working group's draft
    Stop("minutes-public-anonymous", "/meetings/{minutes_meeting}/minutes"),
    Stop("minutes-member", "/meetings/{minutes_meeting}/minutes", MEMBER),
    Stop("minutes-print", "/meetings/{minutes_meeting}/minutes/print", MEMBER),
    Stop("minutes-revisions", "/meetings/{minutes_meeting}/minutes/revisions", SECRETARIAT),
    Stop("minutes-compare", "/meetings/{minutes_meeting}/minutes/compare?from=1&to=2", SECRETARIAT),
    Stop("minutes-compare-member", "/meetings/{minutes_meeting}/minutes/compare", MEMBER),
    Stop("minutes-amend", "/meetings/{minutes_meeting}/minutes/amend", SECRETARIAT),
    Stop(
        "minutes-amend-empty",
        "/meetings/{minutes_meeting}/minutes/amend",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("minutes-draft", "/meetings/{draft_meeting}/minutes", SECRETARIAT),
    Stop("minutes-header", "/meetings/{draft_meeting}/minutes/header", SECRETARIAT),
    Stop(
        "minutes-header-empty",
        "/meetings/{draft_meeting}/minutes/header",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop(
        "minutes-entry",
        "/meetings/{draft_meeting}/minutes/items/{draft_item}/edit",
        SECRETARIAT,
    ),
    Stop("minutes-circulate", "/meetings/{draft_meeting}/minutes/circulate", SECRETARIAT),
    Stop(
        "minutes-circulate-empty",
        "/meetings/{draft_meeting}/minutes/circulate",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("minutes-approve-not-yet", "/meetings/{draft_meeting}/minutes/approve", SECRETARIAT),
    # Proposals, ballots and the decision register (meetings/demo_governance.py)
    Stop("proposals-anonymous", "/proposals/"),
    Stop("proposal-public-anonymous", "/proposals/{proposal_decided}"),
    Stop("decisions-anonymous", "/decisions/"),
    Stop("decision-public-anonymous", "/decisions/{decision}"),
    Stop("implementation-anonymous", "/decisions/implementation"),
    Stop("proposals-member", "/proposals/", MEMBER),
    Stop("proposal-scheduled-member", "/proposals/{proposal_scheduled}", MEMBER),
    Stop("amendment-new", "/proposals/{proposal_scheduled}/amendments/new", MEMBER),
    Stop(
        "amendment-new-empty",
        "/proposals/{proposal_scheduled}/amendments/new",
        MEMBER,
        submit_empty=MAIN_FORM,
    ),
    Stop("ballot-written-member", "/ballots/{written_ballot}", MEMBER),
    Stop("ballot-object", "/ballots/{written_ballot}/object", MEMBER),
    Stop("ballot-object-empty", "/ballots/{written_ballot}/object", MEMBER, submit_empty=MAIN_FORM),
    Stop("decisions-member", "/decisions/", MEMBER),
    Stop("decision-member", "/decisions/{decision}", MEMBER),
    Stop("action-member", "/decisions/actions/{overdue_action}", MEMBER),
    Stop("proposal-new", "/proposals/new?body=ag-verfahrensebene", AG_LEAD),
    Stop(
        "proposal-new-empty",
        "/proposals/new?body=ag-verfahrensebene",
        AG_LEAD,
        submit_empty=MAIN_FORM,
    ),
    Stop("proposal-draft-edit", "/proposals/{proposal_draft}/edit", AG_LEAD),
    Stop("proposal-draft-attachments", "/proposals/{proposal_draft}/attachments", AG_LEAD),
    Stop("proposal-forward", "/proposals/{proposal_deliberating}/steps/forward", AG_LEAD),
    Stop(
        "proposal-forward-empty",
        "/proposals/{proposal_deliberating}/steps/forward",
        AG_LEAD,
        submit_empty=MAIN_FORM,
    ),
    Stop("proposals-overdue", "/proposals/?view=overdue", SECRETARIAT),
    Stop("proposal-decided-secretariat", "/proposals/{proposal_decided}", SECRETARIAT),
    Stop("proposal-return", "/proposals/{proposal_forwarded}/steps/return", SECRETARIAT),
    Stop(
        "proposal-return-empty",
        "/proposals/{proposal_forwarded}/steps/return",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("proposal-decide", "/proposals/{proposal_scheduled}/steps/decide", SECRETARIAT),
    Stop("ballot-new", "/ballots/new?item={scheduled_item}", SECRETARIAT),
    Stop("ballot-written-secretariat", "/ballots/{written_ballot}", SECRETARIAT),
    Stop("ballot-cancel", "/ballots/{written_ballot}/cancel", SECRETARIAT),
    Stop(
        "ballot-cancel-empty",
        "/ballots/{written_ballot}/cancel",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("decision-secretariat", "/decisions/{decision}", SECRETARIAT),
    Stop("action-new", "/decisions/{decision}/actions/new", SECRETARIAT),
    Stop(
        "action-new-empty",
        "/decisions/{decision}/actions/new",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("action-edit", "/decisions/actions/{overdue_action}/edit", SECRETARIAT),
    Stop("decision-review", "/decisions/{decision}/review", SECRETARIAT),
    Stop("decision-correct", "/decisions/{decision}/correct", SECRETARIAT),
    Stop(
        "decision-correct-empty",
        "/decisions/{decision}/correct",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("implementation-secretariat", "/decisions/implementation", SECRETARIAT),
    # Statistics (portal/statistics/demo_data.py): published figures for every account, the
    # reporting pages for the case manager, publishing and snapshots for the KI.
    Stop("statistics-member", "/statistics/", MEMBER),
    Stop("statistics-gender", "/statistics/?ansicht=gender", MEMBER),
    Stop("statistics-municipality", "/statistics/?kommune={organisation}&ansicht=need", MEMBER),
    Stop("statistics-bad-filter", "/statistics/?ansicht=unbekannt", MEMBER, status=422),
    Stop("statistics-secretariat", "/statistics/", SECRETARIAT),
    Stop(
        "snapshot-empty",
        "/statistics/",
        SECRETARIAT,
        submit_empty="main form[aria-labelledby=snapshot-heading]",
    ),
    Stop("snapshot", "/statistics/snapshots/{snapshot}", MEMBER),
    Stop("snapshot-secretariat", "/statistics/snapshots/{snapshot}", SECRETARIAT),
    Stop("report-overview", "/statistics/report", CASE_MANAGER),
    Stop("report-form", "/statistics/report/{organisation}/{statistics_period}", CASE_MANAGER),
    Stop(
        "report-form-empty",
        "/statistics/report/{organisation}/{statistics_period}",
        CASE_MANAGER,
        submit_empty=MAIN_FORM,
    ),
    Stop(
        "report-history",
        "/statistics/report/{organisation}/{statistics_period}/history",
        CASE_MANAGER,
    ),
    Stop("upload", "/statistics/upload", CASE_MANAGER),
    Stop("upload-empty", "/statistics/upload", CASE_MANAGER, submit_empty=MAIN_FORM),
    Stop("publish", "/statistics/publish", SECRETARIAT),
    # Interface observations: case management reports, the AG Verfahrensebene triages
    Stop("observations-case-manager", "/statistics/observations/", CASE_MANAGER),
    Stop(
        "observations-filtered",
        "/statistics/observations/?status=new&authority=jobcenter",
        SECRETARIAT,
    ),
    Stop(
        "observations-bad-filter",
        "/statistics/observations/?status=unbekannt",
        SECRETARIAT,
        status=422,
    ),
    Stop("observations-forbidden", "/statistics/observations/", GUEST, status=403),
    Stop("observation-new", "/statistics/observations/new", CASE_MANAGER),
    Stop(
        "observation-new-empty",
        "/statistics/observations/new",
        CASE_MANAGER,
        submit_empty=MAIN_FORM,
    ),
    Stop("observation-case-manager", "/statistics/observations/{observation}", CASE_MANAGER),
    Stop("observation-ag-lead", "/statistics/observations/{observation}", AG_LEAD),
    Stop("observation-triage", "/statistics/observations/{observation}/triage", AG_LEAD),
    Stop(
        "observation-triage-empty",
        "/statistics/observations/{observation}/triage",
        AG_LEAD,
        submit_empty=MAIN_FORM,
    ),
    Stop("staffing", "/statistics/staffing", MEMBER),
    Stop("staffing-empty", "/statistics/staffing", MEMBER, submit_empty="#staffing-form"),
    Stop("staffing-secretariat", "/statistics/staffing", SECRETARIAT),
    Stop("staffing-show", "/statistics/staffing/{staffing}", MEMBER),
    # Documents (tests/browser/documents_data.py): the public's, the members' and the
    # secretariat's pages, every form of drafting and review
    Stop("documents-anonymous", "/documents/"),
    Stop("document-public-anonymous", f"{MISSION}/"),
    Stop("version-public-anonymous", f"{MISSION}/versions/1.0"),
    Stop("documents-member", "/documents/", MEMBER),
    Stop("document-member", f"{CONCEPT}/", MEMBER),
    Stop("version-adopted-member", f"{CONCEPT}/versions/1.0", MEMBER),
    Stop("version-in-review-member", f"{CONCEPT}/versions/1.1", MEMBER),
    Stop(
        "document-comment", f"{CONCEPT}/versions/1.1/sections/{{concept_section}}/comment", MEMBER
    ),
    Stop(
        "document-comment-empty",
        f"{CONCEPT}/versions/1.1/sections/{{concept_section}}/comment",
        MEMBER,
        submit_empty=MAIN_FORM,
    ),
    Stop("review-report-member", f"{CONCEPT}/versions/1.1/review-report", MEMBER),
    Stop("compare-choose", f"{CONCEPT}/compare", MEMBER),
    Stop("compare", f"{CONCEPT}/compare?from=1.0&to=1.1", MEMBER),
    Stop("compare-missing-version", f"{CONCEPT}/compare?from=&to=1.1", MEMBER, status=422),
    Stop("documents-secretariat", "/documents/", SECRETARIAT),
    Stop("document-new", "/documents/new", SECRETARIAT),
    Stop("document-new-empty", "/documents/new", SECRETARIAT, submit_empty=MAIN_FORM),
    Stop("document-secretariat", f"{CONCEPT}/", SECRETARIAT),
    Stop("document-without-draft", f"{MISSION}/", SECRETARIAT),
    Stop("document-edit", f"{CONCEPT}/edit", SECRETARIAT),
    Stop("document-edit-empty", f"{CONCEPT}/edit", SECRETARIAT, submit_empty=MAIN_FORM),
    Stop("document-import", f"{MISSION}/import", SECRETARIAT),
    Stop(
        "document-import-empty",
        f"{MISSION}/import",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("version-adopted-secretariat", f"{MISSION}/versions/1.0", SECRETARIAT),
    Stop("version-in-review-secretariat", f"{CONCEPT}/versions/1.1", SECRETARIAT),
    Stop("handle-comment", f"{CONCEPT}/versions/1.1/comments/{{concept_comment}}", SECRETARIAT),
    Stop(
        "handle-comment-empty",
        f"{CONCEPT}/versions/1.1/comments/{{concept_comment}}",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("handled-comment", f"{CONCEPT}/versions/1.1/comments/{{concept_answered}}", SECRETARIAT),
    Stop("review-report-secretariat", f"{CONCEPT}/versions/1.1/review-report", SECRETARIAT),
    Stop("document-rules-secretariat", f"{RULES}/", SECRETARIAT),
    Stop("version-draft", f"{RULES}/versions/1.0", SECRETARIAT),
    Stop("version-draft-editor", f"{RULES}/versions/1.0", AG_LEAD),
    Stop("start-review", f"{RULES}/versions/1.0/review", SECRETARIAT),
    Stop("start-review-empty", f"{RULES}/versions/1.0/review", SECRETARIAT, submit_empty=MAIN_FORM),
    Stop("submit-for-decision", f"{RULES}/versions/1.0/decision", SECRETARIAT),
    Stop("document-editors", f"{RULES}/editors", SECRETARIAT),
    Stop("document-editors-empty", f"{RULES}/editors", SECRETARIAT, submit_empty=MAIN_FORM),
    Stop("section-new", f"{RULES}/versions/1.0/sections/new", SECRETARIAT),
    Stop(
        "section-new-empty",
        f"{RULES}/versions/1.0/sections/new",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("section-edit", f"{RULES}/versions/1.0/sections/{{rules_section}}/edit", SECRETARIAT),
    Stop(
        "section-edit-empty",
        f"{RULES}/versions/1.0/sections/{{rules_section}}/edit",
        SECRETARIAT,
        submit_empty=MAIN_FORM,
    ),
    Stop("section-delete", f"{RULES}/versions/1.0/sections/{{rules_section}}/delete", SECRETARIAT),
    Stop("change-note", f"{RULES}/versions/1.0/note", SECRETARIAT),
    Stop("discard-draft", f"{RULES}/versions/1.0/discard", SECRETARIAT),
]


def visit(tour_page, stop: Stop, url_for_tour) -> Page:
    """Open the stop's page as its person; send its form empty and check the errors shown.

    A form sent empty comes back with status 422, the same form, an error summary and a German
    message next to each field in error, tied to it by ``aria-describedby``.
    """
    path = url_for_tour(stop.path)
    page = tour_page(stop.user)
    goto(page, path, status=stop.status)
    if stop.press is not None:
        with page.expect_navigation() as navigation:
            page.locator(stop.press).locator("button[type=submit]").click()
        assert navigation.value is not None and navigation.value.status == 200
        return page
    if stop.submit_empty is None:
        return page
    response = submit_empty(page, stop.submit_empty)
    assert response.status == 422, f"empty form on {path}: status {response.status}"
    assert response.request.method == "POST"
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    invalid = page.locator("main [aria-invalid=true]")
    assert invalid.count() >= 1, f"no field is marked invalid on {path}"
    for index in range(invalid.count()):
        field = invalid.nth(index)
        described_by = (field.get_attribute("aria-describedby") or "").split()
        messages = [page.locator(f"[id='{id_}'].kern-error") for id_ in described_by]
        texts = [message.inner_text().strip() for message in messages if message.count()]
        assert texts and all(texts), f"field {field.get_attribute('id')} has no error message"
    return page


def switch_language(page: Page, locale: str) -> None:
    """Switch the portal's language with the form in the footer."""
    footer_form = page.locator("form.portal-language")
    footer_form.locator("select[name=locale]").select_option(locale)
    with page.expect_navigation():
        footer_form.locator("button[type=submit]").click()

"""The proposal pages as people use them: writing, editing, each step's form, attachments,
and bad input (empty, huge, script tags, Unicode) answered next to the field, changing nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from meetings.models import AgendaItem, Decision, Proposal, ProposalAttachment
from meetings.proposal_flow import Step
from meetings.services import proposals
from portal.extensions import db
from portal.models import StoredFile
from tests.fixtures.meetings import PDF_BYTES, in_days
from tests.integration.test_bad_input import snapshot


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _error(response, field: str) -> str:
    found = re.search(
        rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', _text(response), re.S
    )
    assert found, f"no error next to {field}"
    return found.group(1)


def proposal_form(**overrides) -> dict[str, str]:
    data = {
        "title": "Lotsenstelle für Neuzugewanderte",
        "resolution_text": "Die Lenkungsgruppe beschließt eine Lotsenstelle.",
        "rationale": "In **Neuss** fehlt eine Anlaufstelle.",
        "costs": "50.000 € jährlich",
        "affected_organisations": "Jobcenter",
    }
    data.update(overrides)
    return data


# --- writing ----------------------------------------------------------------------------------


def test_a_member_writes_a_proposal_and_sees_its_page(client, auth, people, ag):
    auth.login_as(people["submitter"])
    index = _text(client.get("/proposals/"))
    assert 'href="/proposals/new?body=ag-verfahrensebene"' in index

    form = client.get("/proposals/new?body=ag-verfahrensebene")
    assert form.status_code == 200 and 'name="resolution_text"' in _text(form)
    response = client.post("/proposals/new?body=ag-verfahrensebene", data=proposal_form())

    proposal = db.session.scalar(select(Proposal))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    page = _text(client.get(f"/proposals/{proposal.id}"))
    reference = proposals.proposal_reference(proposal)
    assert f"Beschlussvorlage {reference}" in page
    assert "<strong>Neuss</strong>" in page and "50.000 € jährlich" in page
    assert "Entwurf" in page and "Die Vorlage wurde als Entwurf angelegt." in page
    assert f'href="/proposals/{proposal.id}/edit"' in page
    assert f"/proposals/{proposal.id}/steps/withdraw" in page
    assert "steps/submit_for_deliberation" not in page  # the AG lead's step, not the submitter's


def test_someone_proposing_in_several_bodies_chooses_one(client, auth, people, body, ag):
    auth.login_as(people["ki"])

    page = _text(client.get("/proposals/new"))

    assert 'href="/proposals/new?body=ag-verfahrensebene"' in page
    assert 'href="/proposals/new?body=lenkungsgruppe"' in page


@pytest.mark.parametrize(
    ("who", "slug", "status"),
    [
        ("lg_guest", "lenkungsgruppe", 403),
        ("lg_deputy", "lenkungsgruppe", 403),
        ("ag_member", "lenkungsgruppe", 404),
        ("lg_member", "ag-verfahrensebene", 404),
        ("outsider", "ag-verfahrensebene", 404),
        ("submitter", "gibt-es-nicht", 404),
    ],
)
def test_people_without_a_proposing_seat_get_no_form(client, auth, people, who, slug, status):
    auth.login_as(people[who])
    response = client.get(f"/proposals/new?body={slug}")
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_the_login(client, ag):
    response = client.get("/proposals/new?body=ag-verfahrensebene")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


HUGE = "x" * 20_001


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Bitte geben Sie einen Titel an."),
        ("title", "   ", "Bitte geben Sie einen Titel an."),
        ("title", "ä" * 201, "Höchstens 200 Zeichen."),
        ("resolution_text", "", "Bitte geben Sie den Beschlussvorschlag an."),
        ("resolution_text", HUGE, "Höchstens 20000 Zeichen."),
        ("rationale", HUGE, "Höchstens 20000 Zeichen."),
        ("costs", "🎉" * 5_001, "Höchstens 5000 Zeichen."),
    ],
)
def test_bad_proposals_get_a_german_message_next_to_the_field(
    client, auth, people, ag, field, value, message
):
    auth.login_as(people["submitter"])
    before = snapshot()

    response = client.post(
        "/proposals/new?body=ag-verfahrensebene", data=proposal_form(**{field: value})
    )

    assert response.status_code == 422
    assert message in _error(response, field)
    assert snapshot() == before


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "Übergänge für Schülerinnen ß", "Willkommen 👋🏽", "מרכז קליטה"],
    ids=["script", "umlauts", "emoji", "rtl"],
)
def test_any_text_is_kept_and_shown_escaped(client, auth, people, ag, text):
    auth.login_as(people["submitter"])

    client.post(
        "/proposals/new?body=ag-verfahrensebene",
        data=proposal_form(title=text, resolution_text=text, rationale=text + " *kursiv*"),
    )

    proposal = db.session.scalar(select(Proposal))
    assert proposal.title == text
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert "<script>alert" not in page and "<em>kursiv</em>" in page
    if text.startswith("<"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    else:
        assert text in page


def test_forms_without_a_csrf_token_are_refused(app, client, auth, people, ag):
    app.config["WTF_CSRF_ENABLED"] = True
    auth.login_as(people["submitter"])

    response = client.post("/proposals/new?body=ag-verfahrensebene", data=proposal_form())

    assert response.status_code == 400
    assert _count(Proposal) == 0


# --- editing ----------------------------------------------------------------------------------


def test_the_submitter_edits_the_draft(client, auth, people, create_proposal):
    proposal = create_proposal()
    auth.login_as(people["submitter"])
    form = _text(client.get(f"/proposals/{proposal.id}/edit"))
    assert 'name="lock_version" type="hidden" value="1"' in form or 'value="1"' in form

    response = client.post(
        f"/proposals/{proposal.id}/edit", data=proposal_form(title="Neu", lock_version="1")
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert proposal.title == "Neu"


def test_a_save_over_someone_elses_keeps_the_text_and_shows_the_stored_one(
    client, auth, people, create_proposal
):
    proposal = create_proposal(status="in_deliberation", title="Gespeicherter Titel")
    proposal.title = "Fassung des Sekretariats"
    db.session.commit()  # lock_version is now 2
    auth.login_as(people["lead"])

    response = client.post(
        f"/proposals/{proposal.id}/edit",
        data=proposal_form(title="Meine Fassung", lock_version="1"),
    )

    page = _text(response)
    assert response.status_code == 409
    assert "inzwischen von jemand anderem geändert" in page
    assert 'value="Meine Fassung"' in page  # the kept text
    assert "Fassung des Sekretariats" in page  # the stored one, for comparison
    db.session.expire_all()
    assert proposal.title == "Fassung des Sekretariats"

    again = client.post(
        f"/proposals/{proposal.id}/edit",
        data=proposal_form(title="Meine Fassung", lock_version="2"),
    )
    assert again.status_code == 302


@pytest.mark.parametrize(("who", "status"), [("lead", 403), ("ag_member", 404)])
def test_others_may_not_edit_a_draft(client, auth, people, create_proposal, who, status):
    proposal = create_proposal()
    auth.login_as(people[who])
    assert client.get(f"/proposals/{proposal.id}/edit").status_code == status
    assert client.post(f"/proposals/{proposal.id}/edit", data=proposal_form()).status_code == status


# --- steps ------------------------------------------------------------------------------------


def test_the_lead_forwards_with_recommendation_and_vote(client, auth, people, create_proposal):
    proposal = create_proposal(status="in_deliberation")
    auth.login_as(people["lead"])
    url = f"/proposals/{proposal.id}/steps/forward"
    form = _text(client.get(url))
    for name in ("recommendation", "votes_yes", "votes_no", "votes_abstain"):
        assert f'name="{name}"' in form

    response = client.post(
        url,
        data={
            "recommendation": "Annahme empfohlen",
            "votes_yes": "5",
            "votes_no": "0",
            "votes_abstain": "1",
        },
    )

    assert response.status_code == 302
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert "Die Vorlage wurde an die Lenkungsgruppe weitergeleitet." in page
    assert "Annahme empfohlen (Abstimmung der AG: 5 Ja, 0 Nein, 1 Enthaltung)" in page
    assert "<caption" in page and "Beratungsfolge" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"recommendation": ""}, "recommendation", "Empfehlung der Arbeitsgruppe"),
        ({"votes_yes": ""}, "votes_yes", "Zahl der Ja-Stimmen"),
        ({"votes_no": "viele"}, "votes_no", ""),
        ({"votes_abstain": "-1"}, "votes_abstain", "0 bis 999"),
        ({"votes_yes": "0", "votes_no": "0", "votes_abstain": "0"}, "votes_yes", "Abstimmungs"),
        ({"recommendation": "<script>x</script>" * 200}, "recommendation", "2000 Zeichen"),
    ],
)
def test_bad_forwarding_gets_messages_next_to_the_fields(
    client, auth, people, create_proposal, data, field, message
):
    proposal = create_proposal(status="in_deliberation")
    auth.login_as(people["lead"])
    values = {"recommendation": "Annahme", "votes_yes": "3", "votes_no": "1", "votes_abstain": "0"}

    response = client.post(f"/proposals/{proposal.id}/steps/forward", data={**values, **data})

    assert response.status_code == 422
    assert message in _error(response, field)
    db.session.expire_all()
    assert proposal.status == "in_deliberation" and proposal.events == []


@pytest.mark.parametrize(
    ("step", "status", "who", "data"),
    [
        ("submit_for_deliberation", "draft", "lead", {"meeting": ""}),
        ("accept", "forwarded", "ki", {}),
        ("return", "forwarded", "ki", {"reason": "Kosten fehlen"}),
        ("revise", "returned", "lead", {}),
        ("unschedule", "scheduled", "ki", {}),
        ("withdraw", "forwarded", "submitter", {"reason": ""}),
        ("decide", "scheduled", "ki", {"outcome": "deferred", "mandate": "", "meeting": ""}),
    ],
)
def test_each_step_has_a_small_form(client, auth, people, create_proposal, step, status, who, data):
    proposal = create_proposal(status=status)
    auth.login_as(people[who])
    url = f"/proposals/{proposal.id}/steps/{step}"

    form = client.get(url)
    response = client.post(url, data=data)

    assert form.status_code == 200 and "<form" in _text(form)
    assert response.status_code == 302, _text(response)
    db.session.expire_all()
    assert proposal.events[-1].step == step


@pytest.mark.parametrize(
    ("step", "status", "who", "code", "message"),
    [
        (
            "accept",
            "forwarded",
            "lead",
            403,
            "Nur das Sekretariat kann eine Vorlage als vollständig",
        ),
        ("withdraw", "forwarded", "ki", 403, "Nur wer die Vorlage eingereicht hat"),
        ("forward", "draft", "lead", 409, "im aktuellen Status der Vorlage nicht möglich"),
        ("decide", "decided", "ki", 409, "Über diese Vorlage ist bereits entschieden."),
    ],
)
def test_a_step_one_may_not_take_says_why(
    client, auth, people, create_proposal, step, status, who, code, message
):
    proposal = create_proposal(status=status)
    auth.login_as(people[who])
    url = f"/proposals/{proposal.id}/steps/{step}"

    page = client.get(url)
    sent = client.post(url, data={"reason": "x", "outcome": "adopted"})

    assert page.status_code == sent.status_code == code
    assert message in _text(page) and message in _text(sent)
    assert 'name="reason"' not in _text(page)
    db.session.expire_all()
    assert proposal.events == []


def test_an_unknown_step_is_not_found(client, auth, people, create_proposal):
    proposal = create_proposal(status="forwarded")
    auth.login_as(people["ki"])
    assert client.get(f"/proposals/{proposal.id}/steps/publish").status_code == 404


def test_scheduling_offers_the_steering_groups_coming_meetings(
    client, auth, people, body, create_proposal, create_meeting, lg_meeting, ag_meeting
):
    create_meeting(body, title="Vergangene Sitzung", starts_at=in_days(-10), status="held")
    proposal = create_proposal(status="accepted")
    auth.login_as(people["ki"])
    url = f"/proposals/{proposal.id}/steps/schedule"

    form = _text(client.get(url))
    bogus = client.post(url, data={"meeting": str(ag_meeting.id)})
    response = client.post(url, data={"meeting": str(lg_meeting.id)})

    assert "2. Sitzung der Lenkungsgruppe" in form
    assert "Vergangene Sitzung" not in form and "AG Verfahrensebene" not in form
    assert bogus.status_code == 422
    assert "Sitzung aus der Liste" in _error(bogus, "meeting")
    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.proposal_id == proposal.id))
    assert item.meeting_id == lg_meeting.id
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert f'href="/meetings/{lg_meeting.id}"' in page


def test_without_a_coming_meeting_scheduling_says_so(client, auth, people, create_proposal):
    proposal = create_proposal(status="accepted")
    auth.login_as(people["ki"])

    page = _text(client.get(f"/proposals/{proposal.id}/steps/schedule"))

    assert "Es gibt keine kommende Sitzung" in page and 'name="meeting"' not in page


def test_referring_back_without_a_mandate_is_refused_next_to_the_field(
    client, auth, people, create_proposal
):
    proposal = create_proposal(status="scheduled")
    auth.login_as(people["ki"])

    response = client.post(
        f"/proposals/{proposal.id}/steps/decide",
        data={"outcome": "referred_back", "mandate": "", "meeting": ""},
    )

    assert response.status_code == 422
    assert "Auftrag an die Arbeitsgruppe" in _error(response, "mandate")
    assert _count(Decision) == 0


def test_a_decision_entered_on_the_page_links_the_register(
    client, auth, people, create_proposal, advance, lg_meeting
):
    proposal = advance(create_proposal(), "scheduled")
    auth.login_as(people["ki"])
    coming = _text(client.get(f"/proposals/{proposal.id}/steps/decide"))
    lg_meeting.starts_at, lg_meeting.ends_at = in_days(-1, 13), in_days(-1, 15)
    lg_meeting.status = "held"
    form = _text(client.get(f"/proposals/{proposal.id}/steps/decide"))
    assert "2. Sitzung der Lenkungsgruppe" not in coming  # it has not taken place yet
    assert "2. Sitzung der Lenkungsgruppe" in form  # the meeting it was on the agenda of

    response = client.post(
        f"/proposals/{proposal.id}/steps/decide",
        data={"outcome": "adopted", "mandate": "", "meeting": str(lg_meeting.id)},
    )

    assert response.status_code == 302
    decision = db.session.scalar(select(Decision))
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert f'href="/decisions/{decision.id}"' in page
    assert "entschieden" in page and "beschlossen" in page


def test_the_lead_puts_a_draft_on_the_groups_agenda(
    client, auth, people, create_proposal, ag_meeting
):
    proposal = create_proposal()
    auth.login_as(people["lead"])
    url = f"/proposals/{proposal.id}/steps/submit_for_deliberation"
    assert "Sitzung der AG Verfahrensebene" in _text(client.get(url))

    response = client.post(url, data={"meeting": str(ag_meeting.id)})

    assert response.status_code == 302
    db.session.expire_all()
    assert proposal.status == "in_deliberation"
    assert proposal.events[0].meeting_id == ag_meeting.id


def test_a_further_reading_in_the_group(client, auth, people, create_proposal, ag_meeting):
    proposal = create_proposal(status="in_deliberation")
    auth.login_as(people["lead"])
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert f'href="/proposals/{proposal.id}/group-agenda"' in page

    empty = client.post(f"/proposals/{proposal.id}/group-agenda", data={"meeting": ""})
    response = client.post(
        f"/proposals/{proposal.id}/group-agenda", data={"meeting": str(ag_meeting.id)}
    )

    assert empty.status_code == 422 and "Bitte wählen Sie eine Sitzung aus." in _text(empty)
    assert response.status_code == 302
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert "auf der Tagesordnung" in page and "Sitzung der AG Verfahrensebene" in page


def test_members_of_the_group_may_not_use_the_group_agenda_page(
    client, auth, people, create_proposal
):
    proposal = create_proposal(status="in_deliberation")
    auth.login_as(people["ag_member"])
    assert client.get(f"/proposals/{proposal.id}/group-agenda").status_code == 403


# --- attachments ------------------------------------------------------------------------------


def _upload(client, proposal, data=PDF_BYTES, name="Kostenschätzung.pdf", title="Anlage 1"):
    from io import BytesIO

    return client.post(
        f"/proposals/{proposal.id}/attachments",
        data={"file": (BytesIO(data), name), "title": title},
        content_type="multipart/form-data",
    )


def test_the_submitter_attaches_downloads_and_removes_a_file(client, auth, people, create_proposal):
    proposal = create_proposal()
    auth.login_as(people["submitter"])

    response = _upload(client, proposal)

    assert response.status_code == 302
    attachment = db.session.scalar(select(ProposalAttachment))
    page = _text(client.get(f"/proposals/{proposal.id}"))
    link = f"/proposals/{proposal.id}/attachments/{attachment.id}/Kostensch%C3%A4tzung.pdf"
    assert link in page and "Anlage 1" in page
    download = client.get(link)
    assert download.status_code == 200 and download.data == PDF_BYTES
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    removed = client.post(f"/proposals/{proposal.id}/attachments/{attachment.id}/delete")

    assert removed.status_code == 302
    assert _count(ProposalAttachment) == 0 and _count(StoredFile) == 0


@pytest.mark.parametrize(
    ("data", "name", "title", "field", "message"),
    [
        (b"", "leer.pdf", "", "file", "Die Datei ist leer."),
        (b"MZ\x90\x00", "programm.exe", "", "file", "Dateien dieser Art"),
        (b"<html><script>", "getarnt.pdf", "", "file", "passt nicht zu ihrer Endung"),
        (PDF_BYTES, "ok.pdf", "x" * 301, "title", "Höchstens 300 Zeichen."),
    ],
    ids=["empty", "type", "content", "title"],
)
def test_bad_uploads_are_refused_next_to_the_field(
    client, auth, people, create_proposal, data, name, title, field, message
):
    proposal = create_proposal()
    auth.login_as(people["submitter"])

    response = _upload(client, proposal, data=data, name=name, title=title)

    assert response.status_code == 422
    assert message in _error(response, field)
    assert _count(StoredFile) == 0


def test_once_forwarded_nobody_changes_the_attachments(client, auth, people, create_proposal):
    proposal = create_proposal(status="forwarded")
    auth.login_as(people["submitter"])

    response = _upload(client, proposal)

    assert response.status_code == 403
    assert "Anlagen ändert, wer den Text der Vorlage bearbeiten darf" in _text(response)
    assert _count(StoredFile) == 0


def test_an_attachment_of_another_proposal_is_not_found(client, auth, people, create_proposal):
    first, second = create_proposal(), create_proposal()
    auth.login_as(people["submitter"])
    _upload(client, first)
    attachment = db.session.scalar(select(ProposalAttachment))

    assert (
        client.get(f"/proposals/{second.id}/attachments/{attachment.id}/x.pdf").status_code == 404
    )
    assert (
        client.post(f"/proposals/{second.id}/attachments/{attachment.id}/delete").status_code == 404
    )
    assert _count(ProposalAttachment) == 1


def test_the_step_buttons_follow_the_persons_capacities(client, auth, people, create_proposal):
    proposal = create_proposal(status="forwarded")
    urls = {step: f"/proposals/{proposal.id}/steps/{step.value}" for step in Step}

    auth.login_as(people["ki"])
    secretariat = _text(client.get(f"/proposals/{proposal.id}"))
    auth.login_as(people["lg_member"])
    member = _text(client.get(f"/proposals/{proposal.id}"))

    assert urls[Step.ACCEPT] in secretariat and urls[Step.RETURN] in secretariat
    assert urls[Step.WITHDRAW] not in secretariat
    assert not any(url in member for url in urls.values())


def test_the_page_lists_the_ballots_on_the_proposal_and_its_amendments(
    client, auth, people, body, create_proposal, create_amendment, lg_meeting
):
    from meetings.models import Ballot

    proposal = create_proposal(status="scheduled")
    amendment = create_amendment(proposal, people["lg_member"])
    for title, subject in (
        ("Abstimmung über die Vorlage", {"proposal_id": proposal.id}),
        ("Abstimmung über den Änderungsantrag", {"amendment_id": amendment.id}),
    ):
        db.session.add(
            Ballot(
                body_id=body.id,
                meeting_id=lg_meeting.id,
                title=title,
                kind="recorded",
                rule="simple",
                quorum_rule="none",
                opened_by_id=people["ki"].id,
                status="closed",
                votes_yes=7,
                votes_no=2,
                votes_abstain=1,
                result="adopted",
                **subject,
            )
        )
    db.session.commit()
    ballots = db.session.scalars(select(Ballot).order_by(Ballot.id)).all()

    auth.login_as(people["lg_member"])
    member = _text(client.get(f"/proposals/{proposal.id}"))
    auth.login_as(people["ag_member"])
    group = _text(client.get(f"/proposals/{proposal.id}"))

    for ballot in ballots:
        assert f'href="/ballots/{ballot.id}"' in member
        assert f'href="/ballots/{ballot.id}"' not in group  # not in the steering group
    assert "angenommen (7 Ja, 2 Nein, 1 Enthaltung)" in member

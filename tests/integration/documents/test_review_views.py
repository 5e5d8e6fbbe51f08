"""Review of a draft through its pages: the secretariat asks bodies until a deadline, their
members comment on sections, the secretariat handles each comment, the report lists them all.
Bad input (empty, too long, script tags, Unicode) is answered next to the field, changing
nothing."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from documents.models import CommentStatus, ReviewComment, ReviewRound, VersionStatus
from documents.services import review
from portal.db import utcnow
from portal.errors import PermissionDenied
from portal.extensions import db
from portal.models import Body
from portal.timeutil import from_local, today_local
from tests.integration.test_bad_input import snapshot

SCRIPT = "<script>alert('x')</script>"
UNICODE = "Größe ändern: Übergänge für Geflüchtete 🎉 — مرحبا بالعالم"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _error(response, field: str) -> str:
    found = re.search(
        rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', _text(response), re.S
    )
    assert found, f"no error next to {field}"
    return found.group(1)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def other_body():
    """The working group of the ``other_member`` persona."""
    return db.session.scalar(select(Body).where(Body.slug == "andere-ag"))


@pytest.fixture
def draft(body, personas, create_document, create_version):
    """Version 1.1, a draft of the steering group's document; 1.0 is in force."""
    document = create_document(body, title="Handlungskonzept KIM", slug="hk")
    adopted = create_version(document, "1.0", status=VersionStatus.ADOPTED)
    return create_version(document, "1.1", based_on=adopted)


@pytest.fixture
def in_review(draft, body, personas):
    """The draft in review for the steering group itself, for a week."""
    review.start_review(
        personas["secretariat"], draft, [body], utcnow() + timedelta(days=7), note="Bitte prüfen"
    )
    return draft


def _base(version) -> str:
    return f"/documents/{version.document.slug}/versions/{version.number}"


def _first(version):
    return version.sections[0]


def _comment(version, author, text="Bitte genauer fassen.", proposed=None):
    return review.add_comment(author, version, _first(version), text=text, proposed_text=proposed)


def review_form(*bodies, day: date | None = None, clock: str = "", note: str = "") -> dict:
    return {
        "bodies": [str(body.id) for body in bodies],
        "deadline_date": (day or today_local() + timedelta(days=10)).isoformat(),
        "deadline_time": clock,
        "note": note,
    }


# --- starting and ending the review -----------------------------------------------------------


def test_the_form_offers_every_visible_body_with_the_owner_ticked(
    client, auth, personas, draft, body, other_body
):
    auth.login_as(personas["secretariat"])

    page = _text(client.get(f"{_base(draft)}/review"))

    assert f'value="{body.id}"' in page and f'value="{other_body.id}"' in page
    ticked = re.search(rf'<input[^>]*value="{body.id}"[^>]*>', page).group(0)
    assert "checked" in ticked
    assert page.index("Andere AG") < page.index("Lenkungsgruppe KIM Testkreis")
    assert '<label class="kern-label" for="deadline_date">' in page


def test_starting_a_review_asks_the_bodies_until_the_end_of_the_chosen_day(
    client, auth, personas, draft, body, other_body
):
    auth.login_as(personas["secretariat"])
    day = today_local() + timedelta(days=10)

    response = client.post(
        f"{_base(draft)}/review", data=review_form(body, other_body, day=day, note=UNICODE)
    )

    assert response.status_code == 302
    round_ = db.session.scalar(select(ReviewRound))
    assert {b.id for b in round_.bodies} == {body.id, other_body.id}
    assert round_.deadline == from_local(day, time(23, 59))
    assert round_.note == UNICODE
    assert draft.status == VersionStatus.IN_REVIEW


def test_a_deadline_time_is_taken_as_berlin_time(client, auth, personas, draft, body):
    auth.login_as(personas["secretariat"])
    day = date(today_local().year + 1, 7, 1)

    client.post(f"{_base(draft)}/review", data=review_form(body, day=day, clock="12:00"))

    deadline = db.session.scalar(select(ReviewRound.deadline))
    assert (deadline.hour, deadline.minute) == (10, 0)  # summer time: UTC+2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"day": today_local() - timedelta(days=1)},
            "deadline_date",
            "Die Frist muss in der Zukunft liegen.",
        ),
        ({"bodies": ()}, "bodies", "Bitte wählen Sie mindestens ein Gremium."),
        ({"note": "x" * 5001}, "note", "Höchstens 5000 Zeichen."),
    ],
)
def test_a_refused_review_form_says_why_next_to_the_field_and_changes_nothing(
    client, auth, personas, draft, body, data, field, message
):
    auth.login_as(personas["secretariat"])
    bodies = data.pop("bodies", (body,))
    before = snapshot()

    response = client.post(f"{_base(draft)}/review", data=review_form(*bodies, **data))

    assert response.status_code == 422
    assert _error(response, field).count(message) == 1
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"deadline_date": ""}, "deadline_date"),
        ({"deadline_date": "31.02.2027"}, "deadline_date"),
        ({"deadline_time": "25:99"}, "deadline_time"),
        ({"bodies": ["999999"]}, "bodies"),
        ({"bodies": ["kein Gremium"]}, "bodies"),
    ],
)
def test_malformed_review_input_is_refused(client, auth, personas, draft, body, data, field):
    auth.login_as(personas["secretariat"])
    before = snapshot()

    response = client.post(f"{_base(draft)}/review", data={**review_form(body), **data})

    assert response.status_code == 422
    assert _error(response, field)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("guest", 403), ("other_member", 404), ("member", 403), ("chair", 403)],
)
def test_only_the_secretariat_starts_a_review(client, auth, personas, draft, body, persona, status):
    if personas[persona]:
        auth.login_as(personas[persona])

    response = client.post(f"{_base(draft)}/review", data=review_form(body))

    assert response.status_code == status
    assert _count(ReviewRound) == 0


def test_a_version_in_force_cannot_be_put_in_review(client, auth, personas, draft, body):
    auth.login_as(personas["secretariat"])
    adopted = draft.based_on

    assert client.get(f"{_base(adopted)}/review").status_code == 403
    assert client.post(f"{_base(adopted)}/review", data=review_form(body)).status_code == 403


def test_ending_the_review_makes_the_version_a_draft_again(client, auth, personas, in_review):
    auth.login_as(personas["member"])
    assert client.post(f"{_base(in_review)}/review/end").status_code == 403

    auth.login_as(personas["secretariat"])
    response = client.post(f"{_base(in_review)}/review/end")

    assert response.status_code == 302
    assert in_review.status == VersionStatus.DRAFT
    assert in_review.review_rounds[0].closed_at is not None


def test_ending_a_review_that_is_not_running_changes_nothing(client, auth, personas, draft):
    auth.login_as(personas["secretariat"])
    before = snapshot()

    response = client.post(f"{_base(draft)}/review/end")

    assert response.status_code == 303
    assert snapshot() == before


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_ending_a_review_needs_the_form_token(client, auth, personas, in_review, app_config):
    auth.login_as(personas["secretariat"])

    assert client.post(f"{_base(in_review)}/review/end").status_code == 400
    assert in_review.status == VersionStatus.IN_REVIEW


# --- comments ---------------------------------------------------------------------------------


def test_a_member_of_a_reviewing_body_comments_on_a_section(
    client, auth, personas, in_review, body
):
    auth.login_as(personas["member"])
    section = _first(in_review)
    url = f"{_base(in_review)}/sections/{section.section_id}/comment"

    page = client.get(url)
    response = client.post(url, data={"text": UNICODE, "proposed_text": "Neuer Text.\r\n"})

    assert page.status_code == 200
    assert "Teilhabe und Integration <strong>verbessern</strong>" in _text(page)
    assert 'name="body"' not in _text(page)
    assert response.status_code == 302
    comment = db.session.scalar(select(ReviewComment))
    assert (comment.text, comment.proposed_text) == (UNICODE, "Neuer Text.")
    assert (comment.body_id, comment.section_id) == (body.id, section.section_id)
    assert comment.status == CommentStatus.OPEN


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("guest", 403), ("other_member", 404)]
)
def test_people_outside_the_reviewing_bodies_cannot_comment(
    client, auth, personas, in_review, persona, status
):
    if personas[persona]:
        auth.login_as(personas[persona])
    url = f"{_base(in_review)}/sections/{_first(in_review).section_id}/comment"

    assert client.get(url).status_code == status
    assert client.post(url, data={"text": "Hallo"}).status_code == status
    assert _count(ReviewComment) == 0


def test_a_body_asked_in_an_earlier_round_only_no_longer_comments(
    client, auth, personas, draft, body, other_body
):
    ki = personas["secretariat"]
    review.start_review(ki, draft, [other_body], utcnow() + timedelta(days=3))
    review.end_review(ki, draft)
    review.start_review(ki, draft, [body], utcnow() + timedelta(days=3))
    auth.login_as(personas["other_member"])
    url = f"{_base(draft)}/sections/{_first(draft).section_id}/comment"

    assert client.post(url, data={"text": "Noch etwas"}).status_code == 403
    with pytest.raises(PermissionDenied):
        _comment(draft, personas["other_member"])
    assert _count(ReviewComment) == 0


def test_a_draft_not_in_review_takes_no_comments(client, auth, personas, draft):
    auth.login_as(personas["member"])

    response = client.get(f"{_base(draft)}/sections/{_first(draft).section_id}/comment")

    assert response.status_code == 403


def test_a_comment_after_the_deadline_is_refused_with_the_reason(client, auth, personas, in_review):
    in_review.review_rounds[0].deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.login_as(personas["member"])
    url = f"{_base(in_review)}/sections/{_first(in_review).section_id}/comment"

    page = client.get(url)
    response = client.post(url, data={"text": "Zu spät, aber wichtig"})

    assert page.status_code == 409
    assert "Die Frist für Anmerkungen ist abgelaufen." in _text(page)
    assert response.status_code == 409
    assert "Die Frist für Anmerkungen ist abgelaufen." in _text(response)
    assert "Zu spät, aber wichtig" in _text(response)
    assert _count(ReviewComment) == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": ""}, "text", "Bitte schreiben Sie Ihre Anmerkung."),
        ({"text": "   "}, "text", "Bitte schreiben Sie Ihre Anmerkung."),
        ({"text": "x" * 20_001}, "text", "Höchstens 20000 Zeichen."),
        ({"text": "ok", "proposed_text": "x" * 200_001}, "proposed_text", "Höchstens 200000"),
    ],
)
def test_a_refused_comment_says_why_next_to_the_field(
    client, auth, personas, in_review, data, field, message
):
    auth.login_as(personas["member"])
    before = snapshot()

    response = client.post(
        f"{_base(in_review)}/sections/{_first(in_review).section_id}/comment", data=data
    )

    assert response.status_code == 422
    assert message in _error(response, field)
    assert snapshot() == before


def test_a_proposed_text_of_blank_lines_is_no_proposal(client, auth, personas, in_review):
    auth.login_as(personas["member"])

    client.post(
        f"{_base(in_review)}/sections/{_first(in_review).section_id}/comment",
        data={"text": "Nur eine Anmerkung", "proposed_text": "  \r\n \r\n"},
    )

    assert db.session.scalar(select(ReviewComment.proposed_text)) is None


def test_someone_in_two_reviewing_bodies_chooses_which_one_speaks(
    client, auth, personas, draft, body, other_body, create_membership
):
    member = personas["member"]
    create_membership(member, other_body)
    review.start_review(personas["secretariat"], draft, [body, other_body], utcnow() + timedelta(1))
    auth.login_as(member)
    url = f"{_base(draft)}/sections/{_first(draft).section_id}/comment"

    page = _text(client.get(url))
    unchosen = client.post(url, data={"text": "Für wen?", "body": ""})
    chosen = client.post(url, data={"text": "Für die AG", "body": str(other_body.id)})

    assert "<select" in page and 'name="body"' in page
    assert unchosen.status_code == 422
    assert "Bitte wählen Sie das Gremium" in _error(unchosen, "body")
    assert chosen.status_code == 302
    assert db.session.scalar(select(ReviewComment.body_id)) == other_body.id


def test_a_body_the_author_does_not_belong_to_cannot_be_named(
    client, auth, personas, in_review, other_body
):
    auth.login_as(personas["member"])
    url = f"{_base(in_review)}/sections/{_first(in_review).section_id}/comment"

    response = client.post(url, data={"text": "Ok", "body": str(other_body.id)})

    assert response.status_code == 302
    assert db.session.scalar(select(ReviewComment.body_id)) != other_body.id


# --- handling comments ------------------------------------------------------------------------


def test_accepting_a_comment_puts_its_text_into_the_draft(client, auth, personas, in_review):
    comment = _comment(in_review, personas["member"], proposed="Teilhabe **stärken**.")
    auth.login_as(personas["secretariat"])
    url = f"{_base(in_review)}/comments/{comment.id}"

    page = _text(client.get(url))
    response = client.post(url, data={"decision": "accepted", "response": ""})

    assert "<del>" in page and "<ins>" in page and "stärken" in page
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/review-report#comment-{comment.id}")
    db.session.expire_all()
    assert _first(in_review).body == "Teilhabe **stärken**."
    assert comment.status == CommentStatus.ACCEPTED
    assert comment.handled_by_id == personas["secretariat"].id
    assert in_review.based_on.sections[0].body == "Teilhabe und Integration **verbessern**."


def test_declining_needs_a_reason(client, auth, personas, in_review):
    comment = _comment(in_review, personas["member"], proposed="Anders.")
    auth.login_as(personas["secretariat"])
    before = snapshot()

    response = client.post(
        f"{_base(in_review)}/comments/{comment.id}", data={"decision": "declined", "response": " "}
    )

    assert response.status_code == 422
    assert "Bitte begründen Sie die Ablehnung." in _error(response, "response")
    assert snapshot() == before


def test_answering_keeps_the_text_and_records_the_answer(client, auth, personas, in_review):
    comment = _comment(in_review, personas["member"], proposed="Anders.")
    auth.login_as(personas["secretariat"])

    response = client.post(
        f"{_base(in_review)}/comments/{comment.id}",
        data={"decision": "answered", "response": f"Danke {SCRIPT} {UNICODE}"},
    )

    assert response.status_code == 302
    assert comment.status == CommentStatus.ANSWERED
    assert comment.response == f"Danke {SCRIPT} {UNICODE}"
    assert _first(in_review).body == "Teilhabe und Integration **verbessern**."


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": ""}, "decision"),
        ({"decision": "vielleicht"}, "decision"),
        ({"decision": "answered", "response": "x" * 20_001}, "response"),
    ],
)
def test_a_refused_handling_says_why_and_changes_nothing(
    client, auth, personas, in_review, data, field
):
    comment = _comment(in_review, personas["member"])
    auth.login_as(personas["secretariat"])
    before = snapshot()

    response = client.post(f"{_base(in_review)}/comments/{comment.id}", data=data)

    assert response.status_code == 422
    assert _error(response, field)
    assert snapshot() == before


def test_a_comment_is_handled_once(client, auth, personas, in_review):
    comment = _comment(in_review, personas["member"])
    auth.login_as(personas["secretariat"])
    url = f"{_base(in_review)}/comments/{comment.id}"
    client.post(url, data={"decision": "answered", "response": "Erledigt."})

    again = client.post(url, data={"decision": "declined", "response": "Doch nicht."})

    assert again.status_code == 409
    assert "Diese Anmerkung ist bereits behandelt." in _text(again)
    assert (comment.status, comment.response) == (CommentStatus.ANSWERED, "Erledigt.")


@pytest.mark.parametrize(
    ("persona", "status"), [("guest", 403), ("other_member", 404), ("member", 403), ("chair", 403)]
)
def test_only_the_secretariat_handles_comments(client, auth, personas, in_review, persona, status):
    comment = _comment(in_review, personas["member"])
    auth.login_as(personas[persona])
    url = f"{_base(in_review)}/comments/{comment.id}"

    assert client.get(url).status_code == status
    assert client.post(url, data={"decision": "answered", "response": "x"}).status_code == status
    assert comment.status == CommentStatus.OPEN


def test_a_comment_of_another_version_is_not_found(client, auth, personas, in_review):
    comment = _comment(in_review, personas["member"])
    auth.login_as(personas["secretariat"])

    assert client.get(f"{_base(in_review.based_on)}/comments/{comment.id}").status_code == 404
    assert client.get(f"{_base(in_review)}/comments/999999").status_code == 404


# --- the report -------------------------------------------------------------------------------


def test_the_report_lists_every_comment_of_every_round_with_its_handling(
    client, auth, personas, draft, body, other_body, create_membership
):
    ki, member = personas["secretariat"], personas["member"]
    review.start_review(ki, draft, [body], utcnow() + timedelta(days=3))
    first = _comment(draft, member, text=f"Erste {SCRIPT}", proposed="Neu")
    review.handle_comment(ki, draft, first, decision="accepted")
    review.end_review(ki, draft)
    review.start_review(ki, draft, [body, other_body], utcnow() + timedelta(days=3))
    second = review.add_comment(member, draft, draft.sections[2], text="Zweite")
    third = _comment(draft, member, text=UNICODE)
    review.handle_comment(ki, draft, third, decision="declined", response="Passt nicht.")
    auth.login_as(member)

    response = client.get(f"{_base(draft)}/review-report")

    page = _text(response)
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert SCRIPT not in page and "Erste &lt;script&gt;" in page
    for comment, label in ((first, "übernommen"), (second, "offen"), (third, "abgelehnt")):
        article = re.search(rf'<article id="comment-{comment.id}".*?</article>', page, re.S)
        assert label in article.group(0)
    assert UNICODE in page and "Passt nicht." in page and "KI am" in page
    assert page.index("Ziele") < page.index(f"comment-{first.id}") < page.index("Case-Management")
    assert page.index(f"comment-{third.id}") < page.index("Case-Management")
    assert "Runde 1" in page and "Runde 2" in page and "Andere AG" in page
    assert "beendet am" in page and "offen für Anmerkungen" in page
    assert "Anmerkung behandeln" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 404),
        ("guest", 200),
        ("other_member", 404),
        ("chair", 200),
        ("secretariat", 200),
        ("admin", 200),
    ],
)
def test_the_report_is_for_whoever_may_read_the_version(
    client, auth, personas, in_review, persona, status
):
    if personas[persona]:
        auth.login_as(personas[persona])

    assert client.get(f"{_base(in_review)}/review-report").status_code == status


def test_the_secretariat_finds_the_open_comments_in_the_report(client, auth, personas, in_review):
    comment = _comment(in_review, personas["member"])
    auth.login_as(personas["secretariat"])

    page = _text(client.get(f"{_base(in_review)}/review-report"))

    assert f"/comments/{comment.id}" in page


def test_a_frozen_versions_comments_stay_as_they_are(personas, in_review):
    comment = _comment(in_review, personas["member"])
    review.end_review(personas["secretariat"], in_review)
    previous = in_review.based_on
    previous.status = VersionStatus.SUPERSEDED
    db.session.flush()
    in_review.status = VersionStatus.ADOPTED
    db.session.commit()

    with pytest.raises(Exception, match="beschlossen"):
        review.handle_comment(
            personas["secretariat"], in_review, comment, decision="answered", response="Spät"
        )
    assert comment.status == CommentStatus.OPEN

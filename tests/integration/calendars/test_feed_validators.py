"""Calendar programs poll often: 304 without building the feed, validators that never lie.

The validators must change whenever anything the feed shows changes, deletions and a meeting
leaving the window included, and ``Last-Modified`` must never go backwards. A change within the
same second as the last one still moves ``Last-Modified`` by a second, so no test waits.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.http import http_date, parse_date

from benchmarks.sqlcount import StatementCounter
from meetings.services import answers, calendar_feeds, scheduling
from portal.extensions import db
from portal.models import GlobalRole, MembershipRole
from portal.timeutil import today_local


@pytest.fixture
def feed(
    client,
    body,
    member,
    subscribe,
    create_user,
    create_membership,
    create_meeting,
    create_agenda_item,
):
    """The member's feed path with one meeting of two items, fetched once; the KI who runs it."""
    ki = create_user(GlobalRole.SECRETARIAT, name="KI")
    create_membership(ki, body, MembershipRole.SECRETARIAT)
    meeting = create_meeting(body, title="Sitzung")
    create_agenda_item(meeting, title="Erster Punkt")
    create_agenda_item(meeting, title="Zweiter Punkt")
    path = subscribe(member)
    first = client.get(path)
    assert first.status_code == 200
    return {"path": path, "meeting": meeting, "first": first, "ki": ki}


def _poll(client, feed, **headers):
    return client.get(feed["path"], headers=headers)


def test_a_matching_etag_answers_304_without_a_body(client, feed):
    answer = _poll(client, feed, **{"If-None-Match": feed["first"].headers["ETag"]})

    assert answer.status_code == 304
    assert answer.data == b""
    assert answer.headers["ETag"] == feed["first"].headers["ETag"]
    assert answer.headers["Cache-Control"].startswith("private")


def test_if_modified_since_is_compared_not_just_present(client, feed):
    modified = parse_date(feed["first"].headers["Last-Modified"])

    same = _poll(client, feed, **{"If-Modified-Since": http_date(modified)})
    later = _poll(client, feed, **{"If-Modified-Since": http_date(modified + timedelta(days=1))})
    earlier = _poll(client, feed, **{"If-Modified-Since": http_date(modified - timedelta(1))})
    garbage = _poll(client, feed, **{"If-Modified-Since": "gestern um drei"})

    assert (same.status_code, later.status_code) == (304, 304)
    assert earlier.status_code == 200 and earlier.data == feed["first"].data
    assert garbage.status_code == 200


def test_if_none_match_wins_over_if_modified_since(client, feed):
    answer = _poll(
        client,
        feed,
        **{
            "If-None-Match": '"something-else"',
            "If-Modified-Since": feed["first"].headers["Last-Modified"],
        },
    )

    assert answer.status_code == 200


def test_an_unconditional_poll_gets_the_same_bytes_and_validators(client, feed):
    again = _poll(client, feed)

    assert again.data == feed["first"].data
    assert again.headers["ETag"] == feed["first"].headers["ETag"]
    assert again.headers["Last-Modified"] == feed["first"].headers["Last-Modified"]


def test_the_304_answer_costs_at_most_two_statements(client, feed):
    """The issue allows two; finding the feed and its fingerprint's parts takes one."""
    etag = feed["first"].headers["ETag"]
    with StatementCounter(db.engine) as counter:
        assert _poll(client, feed, **{"If-None-Match": etag}).status_code == 304

    assert len(counter.statements) <= 2, counter.statements


def _changes(client, feed, change) -> None:
    """Apply the change; assert both validators moved and Last-Modified went forward."""
    before = feed["first"]
    change()
    db.session.commit()
    after = _poll(client, feed, **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert parse_date(after.headers["Last-Modified"]) > parse_date(before.headers["Last-Modified"])
    stale = _poll(client, feed, **{"If-Modified-Since": before.headers["Last-Modified"]})
    assert stale.status_code == 200


def test_validators_move_when_the_meeting_changes(client, feed):
    _changes(client, feed, lambda: setattr(feed["meeting"], "location", "Kreishaus, Raum 1"))


def test_validators_move_when_an_agenda_item_is_renamed(client, feed):
    _changes(client, feed, lambda: setattr(feed["meeting"].items[0], "title", "Neuer Titel"))


def test_validators_move_when_an_agenda_item_is_deleted(client, feed):
    _changes(client, feed, lambda: db.session.delete(feed["meeting"].items[1]))


def test_validators_move_when_the_body_is_renamed(client, feed, body):
    _changes(client, feed, lambda: setattr(body, "name", "Lenkungsgruppe (neu)"))


def test_validators_move_when_the_newest_meeting_is_deleted(client, feed, body, create_meeting):
    newest = create_meeting(body, title="Wird gelöscht")
    feed["first"] = _poll(client, feed)
    _changes(client, feed, lambda: db.session.delete(newest))


def _travel(monkeypatch, days: int) -> None:
    """Let the feeds believe it is ``days`` days later (the window moves by whole days)."""
    later = today_local() + timedelta(days=days)
    monkeypatch.setattr(calendar_feeds, "today_local", lambda: later)


def test_validators_move_when_a_meeting_leaves_the_window(client, feed, monkeypatch):
    """Time passes, nothing is edited: a year and a bit later the meeting is gone."""
    _changes(client, feed, lambda: _travel(monkeypatch, 400))

    assert b"BEGIN:VEVENT" not in _poll(client, feed).data


def test_a_cancelled_meeting_leaves_the_feed_after_thirty_days(client, feed, monkeypatch):
    scheduling.cancel_meeting(feed["ki"], feed["meeting"], reason="Erkrankung")
    _travel(monkeypatch, 30)
    assert b"STATUS:CANCELLED" in _poll(client, feed).data

    _travel(monkeypatch, 31)

    assert b"BEGIN:VEVENT" not in _poll(client, feed).data


def test_validators_move_when_a_deputy_is_sent(
    client, feed, body, member, create_user, create_membership, subscribe
):
    deputy = create_user(name="Stellvertretung")
    seat = create_membership(
        deputy, body, MembershipRole.DEPUTY, deputy_of_id=member.memberships[0].id
    )
    path = subscribe(deputy)
    before = client.get(path)
    assert b"BEGIN:VEVENT" not in before.data

    answers.answer_invitation(
        member, feed["meeting"], answer="deputy", deputy_membership_id=seat.id
    )
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})

    assert after.status_code == 200
    assert b"BEGIN:VEVENT" in after.data

"""When a conditional GET is answered 304 (RFC 9110, section 13.2.2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from werkzeug.http import parse_date, parse_etags

from portal.conditional import is_not_modified

MODIFIED = datetime(2026, 11, 24, 13, 0, 0, 400_000, tzinfo=UTC)


def ask(if_none_match: str | None = None, if_modified_since: str | None = None) -> bool:
    return is_not_modified(
        etag="abc",
        last_modified=MODIFIED,
        if_none_match=parse_etags(if_none_match),
        if_modified_since=parse_date(if_modified_since),
    )


def test_no_conditions_means_send_the_body():
    assert ask() is False


def test_a_matching_tag_or_star_is_not_modified():
    assert ask('"abc"') is True
    assert ask('"old", "abc"') is True
    assert ask("*") is True


def test_a_weak_form_of_the_tag_matches_too():
    assert ask('W/"abc"') is True


def test_another_tag_is_modified():
    assert ask('"old"') is False


def test_if_modified_since_compares_whole_seconds():
    assert ask(if_modified_since="Tue, 24 Nov 2026 13:00:00 GMT") is True
    assert ask(if_modified_since="Tue, 24 Nov 2026 12:59:59 GMT") is False
    assert ask(if_modified_since="Wed, 25 Nov 2026 13:00:00 GMT") is True


def test_an_unreadable_date_is_ignored():
    assert ask(if_modified_since="gestern") is False


def test_if_none_match_wins_over_if_modified_since():
    later = (MODIFIED + timedelta(days=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")

    assert ask('"old"', later) is False
    assert ask('"abc"', "Mon, 01 Jan 2001 00:00:00 GMT") is True

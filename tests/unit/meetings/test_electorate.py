"""Who may cast a seat's vote: every small case, checked against the rules written out plainly."""

from itertools import product

import pytest

from meetings.electorate import (
    ADVISORY,
    DEPUTY_OF_NO_SEAT,
    ELECTRONIC,
    GUEST,
    NOT_A_MEMBER,
    NOT_IN_ELECTORATE,
    OTHER_BODY_MEMBER,
    RECORDED,
    SECRETARIAT,
    WRITTEN,
    Deputy,
    HolderStatus,
    Refusal,
    SeatState,
    holder_status,
    may_cast,
    outsider_message,
)

HOLDER, D1, D2, STRANGER = 1, 2, 3, 4
#: Deputy memberships of the seat (the holder may name one of them as sent).
M1, M2 = 21, 22


def _states():
    """Every seat of one holder and two deputies: presence, what was sent, votes, exclusion."""
    for holder, sent, d1_present, d2_present, excluded, voted_by in product(
        HolderStatus,
        (None, M1, M2),
        (False, True),
        (False, True),
        (False, True),
        (None, HOLDER, D1, D2),
    ):
        if sent is not None and holder != HolderStatus.SENT_DEPUTY:
            continue
        yield SeatState(
            holder_user_id=HOLDER,
            holder=holder,
            sent_deputy=sent,
            deputies=(Deputy(M1, D1, d1_present), Deputy(M2, D2, d2_present)),
            is_excluded=excluded,
            voted_by=voted_by,
        )


CASES = [
    (kind, seat, user, changes)
    for kind in (ELECTRONIC, WRITTEN, RECORDED)
    for seat in _states()
    for user in (HOLDER, D1, D2, STRANGER)
    for changes in (False, True)
]


def _deputy(seat: SeatState, user: int) -> Deputy | None:
    return next((d for d in seat.deputies if d.user_id == user), None)


def _spec_may_sit(kind: str, seat: SeatState, user: int) -> bool:
    """The issue's rule: the holder, or a deputy when the holder is absent or sent them."""
    deputy = _deputy(seat, user)
    if kind == ELECTRONIC:
        if user == HOLDER:
            return seat.holder == HolderStatus.PRESENT
        sent_other = seat.holder == HolderStatus.SENT_DEPUTY and seat.sent_deputy not in (
            None,
            deputy.membership_id,
        )
        return deputy.present and seat.holder != HolderStatus.PRESENT and not sent_other
    if user == HOLDER:
        return True
    if seat.holder == HolderStatus.ABSENT:
        return True
    return seat.holder == HolderStatus.SENT_DEPUTY and seat.sent_deputy in (
        None,
        deputy.membership_id,
    )


def _spec_allowed(kind: str, seat: SeatState, user: int, changes: bool) -> bool:
    if kind == RECORDED or user == STRANGER or seat.is_excluded:
        return False
    if seat.voted_by is not None and seat.voted_by != user:
        return False
    if not _spec_may_sit(kind, seat, user):
        return False
    return seat.voted_by is None or changes


@pytest.mark.parametrize("kind", [ELECTRONIC, WRITTEN, RECORDED])
def test_every_small_case_follows_the_rules(kind):
    cases = [case for case in CASES if case[0] == kind]
    assert len(cases) > 1000
    for _kind, seat, user, changes in cases:
        verdict = may_cast(kind, seat, user, changes_allowed=changes)
        assert verdict.allowed == _spec_allowed(kind, seat, user, changes), (seat, user, changes)
        assert verdict.allowed == (verdict.message == "")
        if verdict.allowed:
            assert verdict.is_change == (seat.voted_by == user)
            assert verdict.as_deputy == (user != HOLDER)


def test_a_seat_that_voted_takes_no_second_vote_from_anyone_else():
    for kind, seat, user, changes in CASES:
        if seat.voted_by is not None and seat.voted_by != user:
            assert not may_cast(kind, seat, user, changes_allowed=changes).allowed


def test_in_the_meeting_at_most_the_holder_or_present_deputies_vote():
    for kind, seat, user, changes in CASES:
        if kind != ELECTRONIC or not may_cast(kind, seat, user, changes_allowed=changes).allowed:
            continue
        if user == HOLDER:
            assert seat.holder == HolderStatus.PRESENT
        else:
            assert _deputy(seat, user).present
            assert seat.holder != HolderStatus.PRESENT


def test_in_a_written_procedure_the_holder_always_votes_for_a_free_seat():
    for kind, seat, user, changes in CASES:
        if kind == WRITTEN and user == HOLDER and seat.voted_by is None and not seat.is_excluded:
            assert may_cast(kind, seat, user, changes_allowed=changes).allowed


@pytest.mark.parametrize(
    ("kind", "seat", "user", "refusal"),
    [
        (RECORDED, SeatState(HOLDER, HolderStatus.PRESENT), HOLDER, Refusal.RECORDED_BALLOT),
        (WRITTEN, SeatState(HOLDER, is_excluded=True), HOLDER, Refusal.EXCLUDED),
        (WRITTEN, SeatState(HOLDER), STRANGER, Refusal.NOT_OF_SEAT),
        (
            WRITTEN,
            SeatState(HOLDER, HolderStatus.ABSENT, deputies=(Deputy(M1, D1),), voted_by=D1),
            HOLDER,
            Refusal.VOTED_BY_DEPUTY,
        ),
        (
            WRITTEN,
            SeatState(HOLDER, HolderStatus.ABSENT, deputies=(Deputy(M1, D1),), voted_by=HOLDER),
            D1,
            Refusal.VOTED_BY_HOLDER,
        ),
        (
            WRITTEN,
            SeatState(
                HOLDER, HolderStatus.ABSENT, deputies=(Deputy(M1, D1), Deputy(M2, D2)), voted_by=D2
            ),
            D1,
            Refusal.VOTED_BY_OTHER_DEPUTY,
        ),
        (ELECTRONIC, SeatState(HOLDER, HolderStatus.ABSENT), HOLDER, Refusal.HOLDER_NOT_PRESENT),
        (
            ELECTRONIC,
            SeatState(HOLDER, HolderStatus.PRESENT, deputies=(Deputy(M1, D1, True),)),
            D1,
            Refusal.HOLDER_PRESENT,
        ),
        (
            ELECTRONIC,
            SeatState(HOLDER, HolderStatus.SENT_DEPUTY, M2, (Deputy(M1, D1, True),)),
            D1,
            Refusal.OTHER_DEPUTY_SENT,
        ),
        (
            ELECTRONIC,
            SeatState(HOLDER, HolderStatus.ABSENT, deputies=(Deputy(M1, D1, False),)),
            D1,
            Refusal.DEPUTY_NOT_PRESENT,
        ),
        (
            WRITTEN,
            SeatState(HOLDER, HolderStatus.NOT_RECORDED, deputies=(Deputy(M1, D1),)),
            D1,
            Refusal.HOLDER_NOT_ABSENT,
        ),
        (WRITTEN, SeatState(HOLDER, voted_by=HOLDER), HOLDER, Refusal.FINAL),
    ],
)
def test_each_refusal_says_why(kind, seat, user, refusal):
    verdict = may_cast(kind, seat, user, changes_allowed=False)

    assert verdict.refusal == refusal
    assert verdict.message


def test_a_named_vote_may_be_changed_by_whoever_cast_it():
    seat = SeatState(HOLDER, HolderStatus.ABSENT, deputies=(Deputy(M1, D1),), voted_by=D1)

    verdict = may_cast(WRITTEN, seat, D1, changes_allowed=True)

    assert verdict.allowed and verdict.is_change and verdict.as_deputy
    assert may_cast(WRITTEN, seat, D1, changes_allowed=False).refusal == Refusal.FINAL


@pytest.mark.parametrize(
    ("answer", "present", "taken", "status"),
    [
        (None, False, False, HolderStatus.NOT_RECORDED),
        ("pending", False, False, HolderStatus.NOT_RECORDED),
        ("attend", False, False, HolderStatus.NOT_RECORDED),
        ("attend", False, True, HolderStatus.ABSENT),
        ("attend", True, True, HolderStatus.PRESENT),
        ("absent", False, False, HolderStatus.ABSENT),
        ("deputy", False, False, HolderStatus.SENT_DEPUTY),
        ("deputy", True, True, HolderStatus.PRESENT),
    ],
)
def test_the_holders_status_comes_from_the_attendance(answer, present, taken, status):
    assert holder_status(answer, present, presence_taken=taken) == status


@pytest.mark.parametrize(
    ("roles", "others", "message"),
    [
        ([], [], NOT_A_MEMBER),
        ([], ["AG Verfahrensebene"], OTHER_BODY_MEMBER),
        (["advisory"], [], ADVISORY),
        (["guest"], ["AG Fallebene"], GUEST),
        (["deputy"], [], DEPUTY_OF_NO_SEAT),
        (["secretariat"], [], SECRETARIAT),
        (["member"], [], NOT_IN_ELECTORATE),
    ],
)
def test_people_without_a_seat_are_told_why(roles, others, message):
    assert outsider_message(roles, others) == message

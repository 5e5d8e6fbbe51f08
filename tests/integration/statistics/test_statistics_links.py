"""Snapshots and staffing calculations linked from agenda items, proposals, minutes and sections.

The secretariat links them from the snapshot and staffing pages to what it runs; the target pages
show them with their "Stand" to whoever may see the target, and nothing else: a snapshot linked
from a non-public agenda item stays out of the public meeting page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from documents.services import versions
from meetings.models import AgendaItem, Proposal
from meetings.proposal_flow import ProposalStatus
from meetings.services import proposals
from portal.errors import InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, GlobalRole, MembershipRole
from portal.statistics import targets
from portal.statistics.models import (
    StaffingCalculation,
    StatisticsLink,
    StatisticsSnapshot,
    TargetKind,
)
from portal.statistics.services import links
from tests.fixtures.meetings import in_days

MESSAGE_NOT_OFFERED = "Bitte wählen Sie aus der Liste, wo die Statistik verwendet wird."


@pytest.fixture
def app_config():
    # Every request renders its page: the counts and contents below are of the page itself.
    return {"PAGE_CACHE_BYTES": 0}


@pytest.fixture
def create_snapshot(app):
    """Return a factory: ``create_snapshot(title=..., stand_at=...)`` (empty tables)."""

    def factory(title: str = "Fallzahlen 2026 Q3", **fields) -> StatisticsSnapshot:
        snapshot = StatisticsSnapshot(
            title=title,
            filters={},
            content={"tables": [], "series": None, "bar_column": 0},
            stand_at=fields.pop("stand_at", datetime(2026, 10, 15, 8, 30, tzinfo=UTC)),
            **fields,
        )
        db.session.add(snapshot)
        db.session.commit()
        return snapshot

    return factory


@pytest.fixture
def calculation(app):
    """A saved split of six posts over two municipalities."""
    saved = StaffingCalculation(
        title="Stellenverteilung 2027",
        total=Decimal("6"),
        step=Decimal("0.5"),
        minimum=Decimal("0"),
        method="largest_remainder",
        basis="eingegeben",
        weights={"Stadt Neuss": 400, "Stadt Dormagen": 200},
        result={"Stadt Neuss": {"share": "4.0"}, "Stadt Dormagen": {"share": "2.0"}},
    )
    db.session.add(saved)
    db.session.commit()
    return saved


@pytest.fixture
def ki(personas):
    return personas["secretariat"]


@pytest.fixture
def places(body, personas, create_meeting, create_minutes, create_document, create_version):
    """One target of each kind in the steering group, all open for links by its secretariat."""
    meeting = create_meeting(body, items=3)
    held = create_meeting(body, starts_at=in_days(-2), items=1)
    minutes = create_minutes(personas["secretariat"], held, status="circulated")
    proposal = proposals.create_proposal(
        personas["member"], body, title="Mehr Sprachkurse", resolution_text="Beschlossen wird …"
    )
    proposal.status = ProposalStatus.FORWARDED
    document = create_document(body, title="Handlungskonzept", slug="handlungskonzept")
    adopted = create_version(document, "1.0", status="adopted")
    draft = create_version(document, "1.1", based_on=adopted)
    db.session.commit()
    return {
        "meeting": meeting,
        "held": held,
        "document": document,
        "adopted": adopted,
        "draft": draft,
        TargetKind.AGENDA_ITEM: meeting.items[1].id,
        TargetKind.PROPOSAL: proposal.id,
        TargetKind.MINUTES: minutes.id,
        TargetKind.DOCUMENT_SECTION: draft.sections[2].id,
    }


def _links() -> list[tuple]:
    return list(
        db.session.execute(
            select(
                StatisticsLink.target_kind,
                StatisticsLink.target_id,
                StatisticsLink.snapshot_id,
                StatisticsLink.staffing_id,
            ).order_by(StatisticsLink.id)
        )
    )


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _text(response) -> str:
    return response.get_data(as_text=True)


class _Statements:
    """Count the SQL statements run inside the ``with`` block."""

    def __enter__(self):
        self.statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", self._count)
        return self

    def _count(self, _connection, _cursor, statement, *_args):
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")):
            self.statements.append(statement)

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self._count)

    def __len__(self) -> int:
        return len(self.statements)


# --- the service ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(TargetKind))
def test_the_secretariat_links_a_snapshot_from_each_kind_of_target(
    ki, places, create_snapshot, kind
):
    snapshot = create_snapshot()

    link = links.link_statistics(ki, target=f"{kind.value}:{places[kind]}", snapshot_id=snapshot.id)

    assert _links() == [(kind, places[kind], snapshot.id, None)]
    assert link.created_by_id == ki.id
    [entry] = _audit("statistics.linked")
    assert (entry.object_type, entry.object_id) == ("StatisticsSnapshot", snapshot.id)
    assert entry.after["target"] == f"{kind.value}:{places[kind]}"


def test_a_staffing_calculation_is_attached_to_a_proposal(ki, places, calculation):
    target = f"proposal:{places[TargetKind.PROPOSAL]}"

    links.link_statistics(ki, target=target, staffing_id=calculation.id)

    assert _links() == [(TargetKind.PROPOSAL, places[TargetKind.PROPOSAL], None, calculation.id)]
    assert _audit("statistics.linked")[0].object_type == "StaffingCalculation"


@pytest.mark.parametrize("who", ["member", "chair", "guest", "admin"])
def test_only_the_secretariat_links_statistics(personas, places, create_snapshot, who):
    snapshot = create_snapshot()

    with pytest.raises(PermissionDenied):
        links.link_statistics(
            personas[who],
            target=f"proposal:{places[TargetKind.PROPOSAL]}",
            snapshot_id=snapshot.id,
        )

    assert _links() == []


def test_the_same_place_is_linked_once(ki, places, create_snapshot):
    snapshot = create_snapshot()
    target = f"agenda_item:{places[TargetKind.AGENDA_ITEM]}"
    links.link_statistics(ki, target=target, snapshot_id=snapshot.id)

    with pytest.raises(InvalidInput) as refused:
        links.link_statistics(ki, target=target, snapshot_id=snapshot.id)

    assert refused.value.errors == [("target", "Dort ist sie bereits verknüpft.")]
    assert len(_links()) == 1


def _choice_values(actor) -> set[str]:
    return {value for _group, options in links.target_choices(actor) for value, _ in options}


def test_the_choices_are_the_open_places_the_secretariat_runs(
    ki, body, places, create_meeting, create_minutes, create_body, create_membership
):
    cancelled = create_meeting(body, items=1, status="cancelled")
    closed = create_meeting(body, starts_at=in_days(-9), items=1, status="minutes_approved")
    approved = create_minutes(ki, create_meeting(body, starts_at=in_days(-5)), status="approved")
    elsewhere = create_meeting(create_body(name="Fremde AG", kind="working_group"), items=1)

    offered = _choice_values(ki)

    assert {f"{kind.value}:{places[kind]}" for kind in TargetKind} <= offered
    closed_places = [
        f"agenda_item:{cancelled.items[0].id}",
        f"agenda_item:{closed.items[0].id}",
        f"agenda_item:{elsewhere.items[0].id}",
        f"minutes:{approved.id}",
        *(f"document_section:{section.id}" for section in places["adopted"].sections),
    ]
    assert offered.isdisjoint(closed_places)


def test_a_secretariat_without_a_seat_in_the_body_is_offered_none_of_its_meetings(
    places, create_user
):
    stranger = create_user(GlobalRole.SECRETARIAT)

    offered = _choice_values(stranger)

    assert not any(value.startswith(("agenda_item:", "minutes:")) for value in offered)
    assert f"document_section:{places[TargetKind.DOCUMENT_SECTION]}" not in offered


def test_choices_are_grouped_by_kind_and_meeting(ki, places):
    groups = dict(links.target_choices(ki))

    meeting_group = next(name for name in groups if name.startswith("Tagesordnungspunkte: "))
    assert "Lenkungsgruppe KIM Testkreis" in meeting_group
    labels = [label for _value, label in groups[meeting_group]]
    assert labels[1].endswith(": TOP 2 Punkt 2")
    assert any(name.startswith("Abschnitte: Handlungskonzept, Version 1.1") for name in groups)


def test_unlinking_removes_the_link_and_is_audited(ki, places, create_snapshot):
    snapshot = create_snapshot()
    link = links.link_statistics(
        ki, target=f"minutes:{places[TargetKind.MINUTES]}", snapshot_id=snapshot.id
    )

    removed = links.unlink_statistics(ki, link.id)

    assert removed.snapshot_id == snapshot.id
    assert _links() == []
    assert _audit("statistics.unlinked")[0].before == {
        "target": f"minutes:{places[TargetKind.MINUTES]}"
    }


def test_a_link_on_a_decided_proposal_stays(ki, places, create_snapshot):
    snapshot = create_snapshot()
    link = links.link_statistics(
        ki, target=f"proposal:{places[TargetKind.PROPOSAL]}", snapshot_id=snapshot.id
    )
    db.session.get(Proposal, places[TargetKind.PROPOSAL]).status = ProposalStatus.DECIDED
    db.session.commit()

    with pytest.raises(PermissionDenied):
        links.unlink_statistics(ki, link.id)

    assert len(_links()) == 1


def test_a_new_draft_keeps_the_statistics_its_sections_cite(
    ki, personas, body, create_document, create_version, create_snapshot
):
    document = create_document(body)
    adopted = create_version(document, "1.0", status="adopted")
    snapshot = create_snapshot()
    cited = adopted.sections[1]
    db.session.add(
        StatisticsLink(
            snapshot_id=snapshot.id,
            target_kind=TargetKind.DOCUMENT_SECTION,
            target_id=cited.id,
            created_by_id=ki.id,
        )
    )
    db.session.commit()

    draft = versions.start_draft(ki, document)

    copy = next(s for s in draft.sections if s.section_id == cited.section_id)
    assert sorted(target_id for _kind, target_id, _s, _c in _links()) == [cited.id, copy.id]


# --- the providers ---------------------------------------------------------------------------


def test_resolve_shows_each_reader_only_what_the_target_page_shows(
    personas, places, create_agenda_item, create_minutes, create_meeting, body
):
    hidden_item = create_agenda_item(places["meeting"], title="Personalsache", is_public=False)
    draft_minutes = create_minutes(
        personas["secretariat"], create_meeting(body, starts_at=in_days(-1))
    )
    wanted = {
        TargetKind.AGENDA_ITEM: [places[TargetKind.AGENDA_ITEM], hidden_item.id],
        TargetKind.MINUTES: [places[TargetKind.MINUTES], draft_minutes.id],
        TargetKind.DOCUMENT_SECTION: [places[TargetKind.DOCUMENT_SECTION]],
        TargetKind.PROPOSAL: [places[TargetKind.PROPOSAL]],
    }

    def seen(who):
        return {
            kind: sorted(targets.resolve(personas[who], kind, ids)) for kind, ids in wanted.items()
        }

    assert seen("secretariat") == {kind: sorted(ids) for kind, ids in wanted.items()}
    assert seen("member") == {
        TargetKind.AGENDA_ITEM: sorted(wanted[TargetKind.AGENDA_ITEM]),
        TargetKind.MINUTES: [places[TargetKind.MINUTES]],
        TargetKind.DOCUMENT_SECTION: wanted[TargetKind.DOCUMENT_SECTION],
        TargetKind.PROPOSAL: wanted[TargetKind.PROPOSAL],
    }
    assert seen("other_member") == {kind: [] for kind in wanted}
    assert seen("anonymous") == {kind: [] for kind in wanted}


def test_a_resolved_agenda_item_is_named_and_addressed_as_on_the_meeting_page(personas, places):
    item_id = places[TargetKind.AGENDA_ITEM]

    ref = targets.resolve(personas["member"], TargetKind.AGENDA_ITEM, [item_id])[item_id]

    assert ref.label.startswith("Lenkungsgruppe KIM Testkreis, ")
    assert ref.label.endswith(": TOP 2 Punkt 2")
    assert ref.url.endswith(f"/meetings/{places['meeting'].id}#top-{item_id}")


@pytest.mark.parametrize("kind", list(TargetKind))
def test_resolving_costs_the_same_for_one_and_for_many_ids(
    ki, places, body, create_meeting, create_minutes, create_document, create_version, kind
):
    many = _more_places(ki, body, create_meeting, create_minutes, create_document, create_version)
    one = [places[kind]]
    several = [places[kind], *many[kind]]
    assert ki.memberships  # loaded once per request, by the first permission check that asks

    with _Statements() as for_one:
        assert len(targets.resolve(ki, kind, one)) == 1
    with _Statements() as for_several:
        assert len(targets.resolve(ki, kind, several)) == len(several)

    assert len(for_one) == len(for_several) <= 2, for_several.statements


def _more_places(ki, body, create_meeting, create_minutes, create_document, create_version):
    meetings = [create_meeting(body, items=2) for _ in range(3)]
    minutes = [
        create_minutes(ki, create_meeting(body, starts_at=in_days(-3 - n))) for n in range(3)
    ]
    drafts = []
    for _ in range(3):
        adopted = create_version(create_document(body), "1.0", status="adopted")
        drafts.append(create_version(adopted.document, "1.1", based_on=adopted))
    written = [
        proposals.create_proposal(ki, body, title=f"Vorlage {n}", resolution_text="Text")
        for n in range(3)
    ]
    return {
        TargetKind.AGENDA_ITEM: [item.id for meeting in meetings for item in meeting.items],
        TargetKind.MINUTES: [record.id for record in minutes],
        TargetKind.DOCUMENT_SECTION: [draft.sections[0].id for draft in drafts],
        TargetKind.PROPOSAL: [proposal.id for proposal in written],
    }


# --- the views ---------------------------------------------------------------------------------


def test_the_snapshot_page_offers_the_link_form_to_the_secretariat(
    client, auth, ki, places, create_snapshot
):
    snapshot = create_snapshot()
    auth.login_as(ki)

    page = _text(client.get(f"/statistics/snapshots/{snapshot.id}"))

    assert f'action="/statistics/snapshots/{snapshot.id}/links"' in page
    assert '<optgroup label="Beschlussvorlagen: Lenkungsgruppe KIM Testkreis">' in page
    assert f'<option value="proposal:{places[TargetKind.PROPOSAL]}">' in page


def test_a_link_form_sent_from_the_snapshot_page_links_and_returns_there(
    client, auth, ki, places, create_snapshot
):
    snapshot = create_snapshot()
    auth.login_as(ki)
    target = f"agenda_item:{places[TargetKind.AGENDA_ITEM]}"

    response = client.post(f"/statistics/snapshots/{snapshot.id}/links", data={"target": target})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/statistics/snapshots/{snapshot.id}")
    assert _links() == [(TargetKind.AGENDA_ITEM, places[TargetKind.AGENDA_ITEM], snapshot.id, None)]
    page = _text(client.get(f"/statistics/snapshots/{snapshot.id}"))
    assert "Verwendet in" in page and ": TOP 2 Punkt 2" in page
    assert "Verknüpfung entfernen" in page


def test_a_calculation_is_attached_from_its_page_and_shown_there(
    client, auth, ki, places, calculation
):
    auth.login_as(ki)
    target = f"proposal:{places[TargetKind.PROPOSAL]}"

    response = client.post(f"/statistics/staffing/{calculation.id}/links", data={"target": target})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/statistics/staffing/{calculation.id}")
    assert _links() == [(TargetKind.PROPOSAL, places[TargetKind.PROPOSAL], None, calculation.id)]
    assert "Mehr Sprachkurse" in _text(client.get(f"/statistics/staffing/{calculation.id}"))


def test_a_refused_choice_comes_back_on_the_staffing_page(client, auth, ki, places, calculation):
    auth.login_as(ki)

    response = client.post(
        f"/statistics/staffing/{calculation.id}/links", data={"target": "proposal:999999"}
    )

    assert response.status_code == 422
    page = _text(response)
    assert "Stellenverteilung 2027" in page
    assert '<p class="kern-error" id="target-error-1">' in page and MESSAGE_NOT_OFFERED in page
    assert _links() == []


BAD_TARGETS = [
    "proposal:999999",
    "x:1",
    "",
    "<script>alert(1)</script>",
    "proposal:" + "9" * 5000,
    "proposal:-1",
    "proposal:0",
    "proposal:²",
    "agenda_item:1:2",
]


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_a_target_that_was_not_offered_is_refused_beside_the_select(
    client, auth, ki, places, create_snapshot, target
):
    snapshot = create_snapshot()
    auth.login_as(ki)

    response = client.post(f"/statistics/snapshots/{snapshot.id}/links", data={"target": target})

    assert response.status_code == 422
    page = _text(response)
    assert '<p class="kern-error" id="target-error-1">' in page
    assert MESSAGE_NOT_OFFERED in page
    assert "<script>alert(1)</script>" not in page
    assert _links() == []


def test_a_place_the_secretariat_does_not_run_is_refused(
    client, auth, ki, body, create_body, create_meeting, create_snapshot
):
    foreign = create_meeting(create_body(name="Fremde AG", kind="working_group"), items=1)
    snapshot = create_snapshot()
    auth.login_as(ki)

    response = client.post(
        f"/statistics/snapshots/{snapshot.id}/links",
        data={"target": f"agenda_item:{foreign.items[0].id}"},
    )

    assert response.status_code == 422
    assert _links() == []


def test_a_second_link_to_the_same_place_is_refused_beside_the_select(
    client, auth, ki, places, create_snapshot
):
    snapshot = create_snapshot()
    target = f"minutes:{places[TargetKind.MINUTES]}"
    links.link_statistics(ki, target=target, snapshot_id=snapshot.id)
    auth.login_as(ki)

    response = client.post(f"/statistics/snapshots/{snapshot.id}/links", data={"target": target})

    assert response.status_code == 422
    assert "Dort ist sie bereits verknüpft." in _text(response)
    assert len(_links()) == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("guest", 403), ("member", 403), ("chair", 403), ("admin", 403)],
)
def test_only_the_secretariat_may_post_links(
    client, auth, personas, places, create_snapshot, calculation, who, status
):
    snapshot = create_snapshot()
    if personas[who] is not None:
        auth.login_as(personas[who])
    data = {"target": f"proposal:{places[TargetKind.PROPOSAL]}"}

    answers = [
        client.post(f"/statistics/snapshots/{snapshot.id}/links", data=data).status_code,
        client.post(f"/statistics/staffing/{calculation.id}/links", data=data).status_code,
    ]

    assert answers == [status, status]
    assert _links() == []


def test_other_readers_see_where_a_snapshot_is_used_but_no_form(
    client, auth, ki, personas, places, create_snapshot
):
    snapshot = create_snapshot()
    links.link_statistics(
        ki, target=f"proposal:{places[TargetKind.PROPOSAL]}", snapshot_id=snapshot.id
    )
    auth.login_as(personas["member"])

    page = _text(client.get(f"/statistics/snapshots/{snapshot.id}"))

    assert "Mehr Sprachkurse" in page
    assert "Verknüpfung entfernen" not in page and 'name="target"' not in page


def test_a_snapshot_page_does_not_name_places_the_reader_may_not_see(
    client, auth, ki, personas, places, create_snapshot
):
    snapshot = create_snapshot()
    links.link_statistics(
        ki, target=f"proposal:{places[TargetKind.PROPOSAL]}", snapshot_id=snapshot.id
    )
    auth.login_as(personas["other_member"])

    page = _text(client.get(f"/statistics/snapshots/{snapshot.id}"))

    assert "Mehr Sprachkurse" not in page and "Verwendet in" not in page


def test_the_unlink_button_removes_the_link_and_returns_to_the_page(
    client, auth, ki, places, calculation
):
    link = links.link_statistics(
        ki, target=f"proposal:{places[TargetKind.PROPOSAL]}", staffing_id=calculation.id
    )
    auth.login_as(ki)

    response = client.post(f"/statistics/links/{link.id}/delete")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/statistics/staffing/{calculation.id}")
    assert _links() == []


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("member", 403), ("admin", 403)])
def test_only_the_secretariat_may_unlink(
    client, auth, ki, personas, places, create_snapshot, who, status
):
    link = links.link_statistics(
        ki, target=f"proposal:{places[TargetKind.PROPOSAL]}", snapshot_id=create_snapshot().id
    )
    if personas[who] is not None:
        auth.login_as(personas[who])

    assert client.post(f"/statistics/links/{link.id}/delete").status_code == status
    assert len(_links()) == 1


def test_unlinking_an_unknown_link_is_not_found(client, auth, ki):
    auth.login_as(ki)

    assert client.post("/statistics/links/987654/delete").status_code == 404


def test_a_link_on_an_adopted_version_has_no_unlink_button(
    client, auth, ki, places, create_snapshot
):
    snapshot = create_snapshot()
    db.session.add(
        StatisticsLink(
            snapshot_id=snapshot.id,
            target_kind=TargetKind.DOCUMENT_SECTION,
            target_id=places["adopted"].sections[0].id,
        )
    )
    db.session.commit()
    auth.login_as(ki)

    page = _text(client.get(f"/statistics/snapshots/{snapshot.id}"))

    assert "Handlungskonzept 1.0, Abschnitt: Ziele" in page
    assert "Verknüpfung entfernen" not in page


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True, "PAGE_CACHE_BYTES": 0}])
def test_a_link_without_the_csrf_token_is_refused(client, auth, ki, places, create_snapshot):
    snapshot = create_snapshot()
    auth.login_as(ki)

    response = client.post(
        f"/statistics/snapshots/{snapshot.id}/links",
        data={"target": f"proposal:{places[TargetKind.PROPOSAL]}"},
    )

    assert response.status_code == 400
    assert _links() == []


# --- the target pages --------------------------------------------------------------------------


def _link_all(ki, places, snapshot, calculation) -> None:
    for kind in TargetKind:
        links.link_statistics(ki, target=f"{kind.value}:{places[kind]}", snapshot_id=snapshot.id)
    links.link_statistics(
        ki, target=f"proposal:{places[TargetKind.PROPOSAL]}", staffing_id=calculation.id
    )


def test_each_target_page_shows_its_statistics_with_their_stand(
    client, auth, ki, personas, places, create_snapshot, calculation
):
    snapshot = create_snapshot("Offene Fälle nach Kommune")
    _link_all(ki, places, snapshot, calculation)
    auth.login_as(personas["member"])
    pages = {
        "meeting": f"/meetings/{places['meeting'].id}",
        "proposal": f"/proposals/{places[TargetKind.PROPOSAL]}",
        "minutes": f"/meetings/{places['held'].id}/minutes",
        "section": "/documents/handlungskonzept/versions/1.1",
    }

    for name, path in pages.items():
        page = _text(client.get(path))
        assert (
            f'href="/statistics/snapshots/{snapshot.id}">Offene Fälle nach Kommune</a>' in page
        ), name
        assert "(Stand 15.10.2026, 10:30 Uhr)" in page, name
    proposal_page = _text(client.get(pages["proposal"]))
    assert (
        f'href="/statistics/staffing/{calculation.id}">Stellenverteilung 2027</a>' in proposal_page
    )


def test_the_meeting_page_shows_statistics_under_their_item_only(
    client, auth, ki, personas, places, create_snapshot
):
    snapshot = create_snapshot("Nur bei TOP 2")
    links.link_statistics(
        ki, target=f"agenda_item:{places[TargetKind.AGENDA_ITEM]}", snapshot_id=snapshot.id
    )
    auth.login_as(personas["member"])

    page = _text(client.get(f"/meetings/{places['meeting'].id}"))

    row = page.split(f'id="top-{places[TargetKind.AGENDA_ITEM]}"')[1].split("</tr>")[0]
    assert "Nur bei TOP 2" in row
    assert page.count("Nur bei TOP 2") == 1
    assert 'aria-label="Statistik zu TOP 2"' in row


@pytest.fixture
def public_meeting(ki, create_body, create_membership, create_meeting, create_agenda_item):
    """A public meeting of a public body with a public and a non-public item."""
    public_body = create_body(is_public=True, name="Offene AG", slug="offene-ag")
    create_membership(ki, public_body, MembershipRole.SECRETARIAT)
    meeting = create_meeting(public_body, is_public=True, title="Öffentliche Sitzung")
    open_item = create_agenda_item(meeting, title="Bericht")
    closed_item = create_agenda_item(meeting, title="Personalsache", is_public=False)
    return meeting, open_item, closed_item


def test_the_public_sees_the_title_and_stand_of_a_public_items_snapshot_without_a_link(
    client, ki, public_meeting, create_snapshot
):
    meeting, open_item, closed_item = public_meeting
    shown, hidden = create_snapshot("Öffentlicher Stand"), create_snapshot("Interner Stand")
    links.link_statistics(ki, target=f"agenda_item:{open_item.id}", snapshot_id=shown.id)
    links.link_statistics(ki, target=f"agenda_item:{closed_item.id}", snapshot_id=hidden.id)

    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert "Öffentlicher Stand" in page and "(Stand 15.10.2026, 10:30 Uhr)" in page
    assert "/statistics/snapshots/" not in page
    assert "Interner Stand" not in page


def test_the_body_sees_the_snapshot_of_its_non_public_item(
    client, auth, ki, personas, create_membership, public_meeting, create_snapshot
):
    meeting, _open_item, closed_item = public_meeting
    create_membership(personas["member"], meeting.body)
    hidden = create_snapshot("Interner Stand")
    links.link_statistics(ki, target=f"agenda_item:{closed_item.id}", snapshot_id=hidden.id)
    auth.login_as(personas["member"])

    page = _text(client.get(f"/meetings/{meeting.id}"))

    assert f'href="/statistics/snapshots/{hidden.id}">Interner Stand</a>' in page


def _meeting_page_statements(client, meeting_id: int) -> list[str]:
    with _Statements() as counted:
        assert client.get(f"/meetings/{meeting_id}").status_code == 200
    return counted.statements


@pytest.mark.parametrize("who", ["member", "secretariat"])
def test_the_meeting_page_costs_the_same_with_one_and_with_many_linked_items(
    client, auth, ki, personas, body, create_meeting, create_snapshot, calculation, who
):
    few, many = create_meeting(body, items=6), create_meeting(body, items=6)
    links.link_statistics(
        ki, target=f"agenda_item:{few.items[0].id}", snapshot_id=create_snapshot().id
    )
    for item in many.items:
        for subject in ({"snapshot_id": create_snapshot().id}, {"staffing_id": calculation.id}):
            links.link_statistics(ki, target=f"agenda_item:{item.id}", **subject)
    auth.login_as(personas[who])
    client.get(f"/meetings/{few.id}")

    for_few = _meeting_page_statements(client, few.id)
    for_many = _meeting_page_statements(client, many.id)

    assert len(for_few) == len(for_many), "\n".join(for_many)
    assert _text(client.get(f"/meetings/{many.id}")).count("Stellenverteilung 2027") == 6


def test_a_deleted_agenda_item_drops_out_of_where_the_snapshot_is_used(
    client, auth, ki, places, create_snapshot
):
    snapshot = create_snapshot("Verwaister Stand")
    item_id = places[TargetKind.AGENDA_ITEM]
    links.link_statistics(ki, target=f"agenda_item:{item_id}", snapshot_id=snapshot.id)
    db.session.delete(db.session.get(AgendaItem, item_id))
    db.session.commit()
    auth.login_as(ki)

    page = _text(client.get(f"/statistics/snapshots/{snapshot.id}"))

    assert "Verwendet in" in page and "Noch nirgends verknüpft." in page
    assert db.session.scalar(select(func.count()).select_from(StatisticsLink)) == 1

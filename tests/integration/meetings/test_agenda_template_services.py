"""A body's agenda template: the default, editing it, and what new and old meetings get."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from meetings.defaults import DEFAULT_AGENDA
from meetings.models import AgendaTemplateItem
from meetings.services import agenda_templates, queries, scheduling
from portal.errors import InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, MembershipRole
from portal.permissions import SYSTEM
from tests.fixtures.meetings import in_days

DEFAULT_TITLES = [item.title for item in DEFAULT_AGENDA]


def _titles(body) -> list[str]:
    return [item.title for item in agenda_templates.template_items(SYSTEM, body).items]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _plan(actor, body, title="Sitzung"):
    starts = in_days(30)
    meeting = scheduling.schedule_meeting(
        actor, body, title=title, starts_at=starts, ends_at=starts.replace(hour=15)
    )
    return [entry.item.title for entry in queries.numbered_agenda(meeting.items)]


def test_a_body_without_a_template_shows_the_default_and_says_so(personas, body):
    template = agenda_templates.template_items(personas["secretariat"], body)

    assert template.is_default
    assert [item.title for item in template.items] == DEFAULT_TITLES
    assert _count(AgendaTemplateItem) == 0


def test_adding_to_the_default_makes_it_the_bodys_own_template(personas, body):
    item = agenda_templates.add_template_item(
        personas["secretariat"],
        body,
        title="Bericht der Koordinierenden Stelle",
        description="Stand des **Case-Managements**",
        kind="discussion",
        is_public=False,
    )

    template = agenda_templates.template_items(personas["secretariat"], body)
    assert not template.is_default
    assert [row.title for row in template.items] == [*DEFAULT_TITLES, item.title]
    assert (item.kind, item.is_public) == ("discussion", False)
    assert _actions() == ["agenda_template.adopt_default", "agenda_template.create"]


def test_adopting_the_default_copies_it_once(personas, body):
    agenda_templates.adopt_default_template(personas["secretariat"], body)
    agenda_templates.adopt_default_template(personas["secretariat"], body)

    assert _titles(body) == DEFAULT_TITLES
    assert _count(AgendaTemplateItem) == len(DEFAULT_TITLES)
    assert _actions() == ["agenda_template.adopt_default"]


def test_items_are_changed_moved_and_removed(personas, body):
    ki = personas["secretariat"]
    first, second, third = (
        agenda_templates.add_template_item(ki, body, title=title)
        for title in ("Eröffnung", "Berichte", "Verschiedenes")
    )
    # The first addition adopted the default; start from the three above.
    for row in db.session.scalars(select(AgendaTemplateItem)).all():
        if row.id not in (first.id, second.id, third.id):
            agenda_templates.remove_template_item(ki, row)
    assert _titles(body) == ["Eröffnung", "Berichte", "Verschiedenes"]

    agenda_templates.update_template_item(
        ki, second, title="Berichte aus den AGs", kind="discussion"
    )
    agenda_templates.move_template_item(ki, third, offset=-1)
    assert _titles(body) == ["Eröffnung", "Verschiedenes", "Berichte aus den AGs"]
    agenda_templates.move_template_item(ki, first, index=2)
    assert _titles(body) == ["Verschiedenes", "Berichte aus den AGs", "Eröffnung"]
    agenda_templates.remove_template_item(ki, third)
    assert _titles(body) == ["Berichte aus den AGs", "Eröffnung"]
    assert second.kind == "discussion"


@pytest.mark.parametrize(("offset", "index"), [(-1, None), (None, 5), (None, -1)])
def test_moving_out_of_range_is_refused(personas, body, create_template_item, offset, index):
    first = create_template_item(body, title="Erster", position=0)
    create_template_item(body, title="Zweiter", position=1)

    with pytest.raises(InvalidInput) as refused:
        agenda_templates.move_template_item(
            personas["secretariat"], first, offset=offset, index=index
        )

    assert refused.value.errors[0][0] == "position"
    assert _titles(body) == ["Erster", "Zweiter"] and _count(AuditEvent) == 0


def test_the_last_item_stays_and_a_reset_brings_back_the_default(
    personas, body, create_template_item
):
    only = create_template_item(body, title="Einziger Punkt")

    with pytest.raises(InvalidInput) as refused:
        agenda_templates.remove_template_item(personas["secretariat"], only)
    assert "mindestens einen Punkt" in refused.value.errors[0][1]

    agenda_templates.reset_template(personas["secretariat"], body)

    assert _count(AgendaTemplateItem) == 0 and _titles(body) == DEFAULT_TITLES
    event = db.session.scalar(select(AuditEvent))
    assert event.action == "agenda_template.reset"
    assert event.before == {"items": ["Einziger Punkt"]}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "  "}, "title", "Bitte geben Sie einen Titel an."),
        ({"title": "ü" * 301}, "title", "Der Titel darf höchstens 300 Zeichen lang sein."),
        ({"title": "TOP", "kind": "<script>"}, "kind", "Bitte wählen Sie eine Art aus der Liste."),
        (
            {"title": "TOP", "description": "x" * 20_001},
            "description",
            "Die Beschreibung darf höchstens 20000 Zeichen lang sein.",
        ),
    ],
)
def test_bad_template_items_are_refused_and_change_nothing(
    personas, body, create_template_item, fields, field, message
):
    item = create_template_item(body, title="Eröffnung")

    with pytest.raises(InvalidInput) as refused:
        agenda_templates.add_template_item(personas["secretariat"], body, **fields)
    assert (field, message) in refused.value.errors
    with pytest.raises(InvalidInput):
        agenda_templates.update_template_item(personas["secretariat"], item, **fields)

    db.session.expire_all()
    assert _titles(body) == ["Eröffnung"] and _count(AuditEvent) == 0


@pytest.mark.parametrize(
    "title", ["<script>alert(1)</script>", "Grußwort – Öffnung", "Ausblick 🔭", "تحية الترحيب"]
)
def test_any_title_within_the_limits_is_kept(personas, body, title):
    agenda_templates.add_template_item(personas["secretariat"], body, title=title)
    assert _titles(body)[-1] == title


@pytest.mark.parametrize("who", ["member", "chair", "guest", "admin", "other_member"])
def test_only_the_bodys_meeting_managers_edit_its_template(
    personas, body, create_template_item, who
):
    item = create_template_item(body)
    actor = personas[who]
    calls = [
        lambda: agenda_templates.template_items(actor, body),
        lambda: agenda_templates.add_template_item(actor, body, title="x"),
        lambda: agenda_templates.update_template_item(actor, item, title="x"),
        lambda: agenda_templates.move_template_item(actor, item, offset=1),
        lambda: agenda_templates.remove_template_item(actor, item),
        lambda: agenda_templates.adopt_default_template(actor, body),
        lambda: agenda_templates.reset_template(actor, body),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _count(AgendaTemplateItem) == 1 and _count(AuditEvent) == 0


def test_a_working_groups_chair_edits_its_template(create_body, create_user, create_membership):
    group = create_body("working_group", slug="ag-wohnen")
    lead = create_user()
    create_membership(lead, group, MembershipRole.CHAIR)

    agenda_templates.add_template_item(lead, group, title="Fallbesprechungen")

    assert [row.body.slug for row in agenda_templates.template_bodies(lead)] == ["ag-wohnen"]


def test_the_list_names_each_managed_body_with_its_own_items(
    personas, body, create_body, create_membership, create_template_item
):
    other = create_body(name="AG Arbeit", slug="ag-arbeit")
    create_membership(personas["secretariat"], other, MembershipRole.SECRETARIAT)
    create_body(name="AG ohne KI", slug="ag-ohne-ki")
    for position in range(3):
        create_template_item(other, position=position, title=f"Punkt {position}")

    rows = agenda_templates.template_bodies(personas["secretariat"])

    assert [(row.body.slug, row.own_items) for row in rows] == [
        ("ag-arbeit", 3),
        (body.slug, 0),
    ]
    assert agenda_templates.template_bodies(personas["member"]) == []
    assert agenda_templates.template_bodies(None) == []


def test_an_item_of_another_body_is_not_found(personas, body, create_body, create_template_item):
    other = create_template_item(create_body(slug="anderes"))
    with pytest.raises(NotFound):
        agenda_templates.get_template_item(personas["secretariat"], body, other.id)


def test_template_edits_reach_new_meetings_and_never_existing_ones(personas, body):
    ki = personas["secretariat"]
    before = _plan(ki, body, "Alte Sitzung")
    assert before == DEFAULT_TITLES

    added = agenda_templates.add_template_item(ki, body, title="Aktuelles aus den Kommunen")
    rows = agenda_templates.template_items(ki, body).items
    agenda_templates.update_template_item(ki, rows[0], title="Begrüßung durch den Vorsitz")
    agenda_templates.remove_template_item(ki, rows[2])
    agenda_templates.move_template_item(ki, added, index=1)
    after = _plan(ki, body, "Neue Sitzung")

    assert after == [
        "Begrüßung durch den Vorsitz",
        "Aktuelles aus den Kommunen",
        *[title for title in DEFAULT_TITLES[1:] if title != DEFAULT_TITLES[2]],
    ]
    old_meeting = next(m for m in queries.list_meetings(ki).items if m.title == "Alte Sitzung")
    db.session.expire(old_meeting, ["items"])
    assert [e.item.title for e in queries.numbered_agenda(old_meeting.items)] == before

    agenda_templates.reset_template(ki, body)
    assert _plan(ki, body, "Dritte Sitzung") == DEFAULT_TITLES

"""The start page tells people what waits for them: overdue actions, due reviews, late proposals.

The responsible person sees their overdue actions; whoever runs the body also the body's
overdue actions and its due reviews (Wiedervorlagen); members see nothing of other people's
tasks.
"""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.timeutil import today_local


def test_the_responsible_person_and_the_secretariat_see_an_overdue_action(
    client, auth, personas, body, create_decision, create_action
):
    decision = create_decision(body)
    create_action(
        decision,
        description="Ansprechpersonen melden",
        responsible=personas["member"],
        due_on=today_local() - timedelta(days=3),
    )
    create_action(decision, description="Noch nicht fällig", due_on=today_local() + timedelta(1))

    for who in ("member", "secretariat"):
        auth.login_as(personas[who])
        page = client.get("/").get_data(as_text=True)
        assert "Überfällige Maßnahmen" in page and "Ansprechpersonen melden" in page, who
        assert "Noch nicht fällig" not in page

    auth.login_as(personas["chair"])
    assert "Ansprechpersonen melden" not in client.get("/").get_data(as_text=True)


def test_the_secretariat_sees_due_reviews_members_do_not(
    client, auth, personas, body, create_decision
):
    decision = create_decision(body, resolution_text="Sprachkurse evaluieren")
    decision.review_on = today_local()
    db.session.commit()

    auth.login_as(personas["secretariat"])
    assert "Wiedervorlagen" in client.get("/").get_data(as_text=True)
    auth.login_as(personas["member"])
    assert "Wiedervorlagen" not in client.get("/").get_data(as_text=True)


def test_without_tasks_the_start_page_says_so(client, auth, personas):
    auth.login_as(personas["member"])

    page = client.get("/").get_data(as_text=True)

    assert "Zurzeit wartet keine Abstimmung und keine überfällige Aufgabe auf Sie." in page

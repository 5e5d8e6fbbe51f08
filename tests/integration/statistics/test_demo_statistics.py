"""The demo statistics: eight published quarters with small cells, a snapshot on the next
steering group agenda, a staffing split and observations in every triage state."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from meetings.models import AgendaItem, Meeting
from portal.demo_data import load_demo_data
from portal.extensions import db
from portal.models import User
from portal.statistics.models import (
    CaseFigureReport,
    InterfaceObservation,
    ObservationStatus,
    StaffingCalculation,
    StatisticsLink,
    StatisticsPublication,
    TargetKind,
)
from portal.statistics.services import publishing


@pytest.fixture
def demo(app):
    return load_demo_data()


def test_eight_municipalities_report_eight_quarters_all_published(demo):
    reports = db.session.scalar(select(func.count()).select_from(CaseFigureReport))
    publications = db.session.scalars(select(StatisticsPublication)).all()

    assert demo["quarters"] == 8
    assert reports == 64
    assert len(publications) == 8
    assert all(p.superseded_at is None and len(p.areas) == 8 for p in publications)
    overview = publishing.publication_overview(
        db.session.scalar(select(User).where(User.email == "sekretariat@demo.example"))
    )
    assert not any(status.changed_since for status in overview)


def test_the_demo_has_small_cells_that_are_withheld(demo):
    publications = db.session.scalars(select(StatisticsPublication)).all()

    assert all(publication.suppressed for publication in publications)
    small = db.session.scalars(select(CaseFigureReport)).all()
    assert any(0 < value < 3 for report in small for value in report.counts.values())


def test_a_snapshot_is_linked_to_the_next_steering_group_agenda(demo, client, auth):
    link = db.session.scalar(select(StatisticsLink).where(StatisticsLink.snapshot_id.is_not(None)))
    item = db.session.get(AgendaItem, link.target_id)
    meeting = db.session.get(Meeting, item.meeting_id)

    assert link.target_kind == TargetKind.AGENDA_ITEM and link.snapshot_id is not None
    assert item.title == "Arbeitsgruppe Fallebene"
    assert meeting.title == "5. Sitzung der Lenkungsgruppe KIM"
    auth.login_as(db.session.scalar(select(User).where(User.email == "mitglied@demo.example")))
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert link.snapshot.title in page


def test_a_staffing_split_of_six_posts_is_saved_and_linked_to_a_proposal(demo):
    calculation = db.session.scalar(select(StaffingCalculation))
    link = db.session.scalar(select(StatisticsLink).where(StatisticsLink.staffing_id.is_not(None)))

    assert link.target_kind == TargetKind.PROPOSAL

    assert len(calculation.weights) == 8
    assert sum(float(entry["share"]) for entry in calculation.result.values()) == 6.0


def test_observations_cover_the_triage_states(demo):
    statuses = set(db.session.scalars(select(InterfaceObservation.status)))

    assert statuses == set(ObservationStatus)
    taken_up = db.session.scalar(
        select(InterfaceObservation).where(InterfaceObservation.status == "taken_up")
    )
    assert taken_up.proposal_id is not None

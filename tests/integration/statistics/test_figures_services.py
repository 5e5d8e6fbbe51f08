"""Reporting figures: who may report, checks, corrections with history, audited raw reads."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.errors import InvalidInput, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, GlobalRole
from portal.statistics.models import CaseFigureReport
from portal.statistics.periods import Period
from portal.statistics.services import figures
from tests.fixtures.statistics import as_form, counts_for

Q3 = Period(2026, 3)


def _reports() -> int:
    return db.session.scalar(select(func.count()).select_from(CaseFigureReport))


def test_a_case_manager_reports_for_the_municipality_they_serve(case_manager, municipalities):
    report = figures.report_figures(case_manager, municipalities[0], Q3, as_form(counts_for(12)))

    assert report.counts == counts_for(12)
    assert (report.organisation_id, report.year, report.quarter) == (municipalities[0].id, 2026, 3)
    assert report.reported_by_id == case_manager.id


def test_a_case_manager_cannot_report_for_another_municipality(case_manager, municipalities):
    with pytest.raises(PermissionDenied):
        figures.report_figures(case_manager, municipalities[1], Q3, as_form(counts_for()))
    assert _reports() == 0


@pytest.mark.parametrize("role", [GlobalRole.MEMBER, GlobalRole.ADMIN])
def test_members_and_admins_report_nothing(create_user, municipalities, role):
    with pytest.raises(PermissionDenied):
        figures.report_figures(create_user(role), municipalities[0], Q3, as_form(counts_for()))


def test_the_secretariat_reports_for_every_municipality(secretariat_user, municipalities):
    for town in municipalities:
        figures.report_figures(secretariat_user, town, Q3, as_form(counts_for()))
    assert _reports() == 3


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Bitte geben Sie eine Zahl an"),
        ("-3", "ganze Zahl ab 0"),
        ("1,5", "ganze Zahl ab 0"),
        ("<script>", "ganze Zahl ab 0"),
        ("٣", "ganze Zahl ab 0"),
        ("1000001", "Höchstens 1000000"),
    ],
)
def test_a_bad_count_is_refused_next_to_its_field(case_manager, municipalities, value, message):
    form = as_form(counts_for())
    form["neu"] = value

    with pytest.raises(InvalidInput) as refused:
        figures.report_figures(case_manager, municipalities[0], Q3, form)

    assert [field for field, _ in refused.value.errors] == ["neu"]
    assert message in refused.value.errors[0][1]
    assert _reports() == 0


def test_a_breakdown_must_add_up_to_its_total(case_manager, municipalities):
    counts = counts_for(12)
    counts["gender.female"] += 1

    with pytest.raises(InvalidInput) as refused:
        figures.report_figures(case_manager, municipalities[0], Q3, as_form(counts))

    field, message = refused.value.errors[0]
    assert field == "geschlecht_weiblich"
    assert "13" in message and "12" in message
    assert _reports() == 0


def test_a_need_topic_may_not_exceed_the_open_cases(case_manager, municipalities):
    counts = counts_for(5)
    counts["need.language"] = 6

    with pytest.raises(InvalidInput) as refused:
        figures.report_figures(case_manager, municipalities[0], Q3, as_form(counts))

    assert refused.value.errors[0][0] == "bedarf_sprache"


def test_a_quarter_that_has_not_begun_has_no_figures(case_manager, municipalities):
    with pytest.raises(InvalidInput) as refused:
        figures.report_figures(
            case_manager, municipalities[0], Period(2099, 1), as_form(counts_for())
        )
    assert refused.value.errors[0][0] == "period"


def test_a_correction_needs_a_reason_and_keeps_the_history(case_manager, municipalities):
    town = municipalities[0]
    first = figures.report_figures(case_manager, town, Q3, as_form(counts_for(12)))

    with pytest.raises(InvalidInput) as refused:
        figures.report_figures(case_manager, town, Q3, as_form(counts_for(14)))
    assert refused.value.errors[0][0] == "note"

    second = figures.report_figures(
        case_manager, town, Q3, as_form(counts_for(14)), note="Doppelt gezählte Fälle entfernt"
    )

    history = figures.figure_history(case_manager, town, Q3)
    assert [report.id for report in history] == [second.id, first.id]
    assert history[1].superseded_at is not None and history[0].superseded_at is None
    assert history[1].counts["open"] == 12


def test_an_unchanged_correction_is_refused(case_manager, municipalities):
    figures.report_figures(case_manager, municipalities[0], Q3, as_form(counts_for()))
    with pytest.raises(InvalidInput):
        figures.report_figures(case_manager, municipalities[0], Q3, as_form(counts_for()), note="x")
    assert _reports() == 1


def test_every_read_of_raw_counts_is_audited_without_the_counts(case_manager, municipalities):
    figures.report_figures(case_manager, municipalities[0], Q3, as_form(counts_for(12)))

    figures.raw_figures(case_manager, municipalities[0], Q3)

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "statistics.raw_read"))
    assert event is not None and event.actor_id == case_manager.id
    assert "Stadt Neuss" in event.object_label
    entries = db.session.scalars(select(AuditEvent)).all()
    assert all("12" not in str(entry.after or "") for entry in entries)


def test_raw_counts_stay_with_the_reporters(create_user, case_manager, municipalities):
    figures.report_figures(case_manager, municipalities[0], Q3, as_form(counts_for()))
    for role in (GlobalRole.MEMBER, GlobalRole.ADMIN):
        with pytest.raises(PermissionDenied):
            figures.raw_figures(create_user(role), municipalities[0], Q3)

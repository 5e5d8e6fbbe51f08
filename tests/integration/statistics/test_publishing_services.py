"""Publishing quarters under disclosure control and reading only what was published."""

from __future__ import annotations

import pytest

from portal.errors import InvalidInput, PermissionDenied
from portal.statistics import linked
from portal.statistics.periods import Period
from portal.statistics.services import figures, publishing, reading
from tests.fixtures.statistics import as_form, counts_for

Q2, Q3 = Period(2026, 2), Period(2026, 3)


@pytest.fixture
def reported(secretariat_user, municipalities):
    """Q3 figures of three municipalities; Rommerskirchen has a single diverse person."""
    sizes = {0: counts_for(40), 1: counts_for(20), 2: counts_for(4)}
    sizes[2]["gender.female"] -= 1
    sizes[2]["gender.diverse"] += 1
    for index, town in enumerate(municipalities):
        figures.report_figures(secretariat_user, town, Q3, as_form(sizes[index]))
    return sizes


def test_only_the_secretariat_publishes(create_user, reported):
    with pytest.raises(PermissionDenied):
        publishing.publish_period(create_user("case_manager"), Q3)


def test_a_quarter_without_figures_cannot_be_published(secretariat_user):
    with pytest.raises(InvalidInput):
        publishing.publish_period(secretariat_user, Q2)


def test_published_values_leave_out_every_suppressed_cell(
    secretariat_user, municipalities, reported
):
    publication = publishing.publish_period(secretariat_user, Q3)

    rommerskirchen = str(municipalities[2].id)
    suppressed = {tuple(cell) for cell in publication.suppressed}
    assert (rommerskirchen, "gender.diverse") in suppressed
    for area, item in suppressed:
        assert item not in publication.values.get(area, {})
    for shown in publication.values.values():
        assert all(value == 0 or value >= publication.k for value in shown.values())


def test_district_totals_are_the_sum_of_the_municipalities(secretariat_user, reported):
    publication = publishing.publish_period(secretariat_user, Q3)
    if "open" in publication.values[linked.TOTAL]:
        assert publication.values[linked.TOTAL]["open"] == 40 + 20 + 4


def test_republishing_needs_a_change_and_keeps_the_old_pattern(
    secretariat_user, municipalities, reported
):
    first = publishing.publish_period(secretariat_user, Q3)
    with pytest.raises(InvalidInput):
        publishing.publish_period(secretariat_user, Q3)

    corrected = counts_for(41)
    figures.report_figures(
        secretariat_user, municipalities[0], Q3, as_form(corrected), note="Nachmeldung"
    )
    overview = {
        status.period: status for status in publishing.publication_overview(secretariat_user)
    }
    assert overview[Q3].changed_since

    second = publishing.publish_period(secretariat_user, Q3)

    assert second.revision == 2 and first.superseded_at is not None
    assert {tuple(c) for c in first.suppressed} <= {tuple(c) for c in second.suppressed}


def test_readers_see_the_published_figures_not_later_corrections(
    create_user, secretariat_user, municipalities, reported
):
    publishing.publish_period(secretariat_user, Q3)
    figures.report_figures(
        secretariat_user, municipalities[0], Q3, as_form(counts_for(99)), note="Korrektur"
    )
    reader = create_user("member")

    view = reading.statistics_view(reader, reading.Selection(first=Q3, last=Q3))

    neuss = next(row for row in view.tables[0].rows if row.label == "Stadt Neuss")
    assert neuss.values[0] == 40


def test_the_page_never_carries_a_suppressed_value(create_user, secretariat_user, reported):
    publishing.publish_period(secretariat_user, Q3)
    view = reading.statistics_view(
        create_user("member"), reading.Selection(first=Q3, last=Q3, breakdown="gender")
    )

    rommerskirchen = next(r for r in view.tables[0].rows if r.label == "Gemeinde Rommerskirchen")
    diverse = view.tables[0].columns.index("divers")
    assert rommerskirchen.values[diverse] is None


def test_anonymous_readers_get_nothing(reported, secretariat_user):
    publishing.publish_period(secretariat_user, Q3)
    with pytest.raises(PermissionDenied):
        reading.statistics_view(None, None)


@pytest.mark.parametrize(
    ("first", "last", "breakdown", "field"),
    [
        (Q3, Q2, "overview", "von"),
        (Period(2010, 1), Q3, "overview", "von"),
        (Q2, Q3, "<script>", "ansicht"),
    ],
)
def test_a_selection_the_page_cannot_show_is_refused(
    secretariat_user, reported, first, last, breakdown, field
):
    publishing.publish_period(secretariat_user, Q3)
    with pytest.raises(InvalidInput) as refused:
        reading.statistics_view(
            secretariat_user, reading.Selection(first=first, last=last, breakdown=breakdown)
        )
    assert refused.value.errors[0][0] == field

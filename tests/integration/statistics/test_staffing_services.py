"""Staffing calculator services: reading typed numbers, prefilling them, saving a split."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.errors import InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, GlobalRole, OrganisationKind
from portal.statistics.allocation import Method, allocate
from portal.statistics.models import (
    CaseFigureReport,
    ReportSource,
    StaffingCalculation,
    StatisticsPublication,
)
from portal.statistics.periods import Period
from portal.statistics.services import staffing, staffing_results

#: Invented but plausible refugee numbers of the eight municipalities of the Rhein-Kreis Neuss.
NUMBERS = {
    "Gemeinde Rommerskirchen": 310,
    "Stadt Dormagen": 1700,
    "Stadt Grevenbroich": 1650,
    "Stadt Jüchen": 520,
    "Stadt Kaarst": 900,
    "Stadt Korschenbroich": 640,
    "Stadt Meerbusch": 1050,
    "Stadt Neuss": 4200,
}
SCRIPT = "<script>alert('kim')</script>"
RTL = "مرحبا بالعالم שלום"


@pytest.fixture
def towns(create_organisation):
    """The eight municipalities, by name, and an agency that is no municipality."""
    create_organisation("Jobcenter Rhein-Kreis Neuss", kind=OrganisationKind.AGENCY)
    return {name: create_organisation(name) for name in NUMBERS}


@pytest.fixture
def member(create_user):
    return create_user(GlobalRole.MEMBER)


@pytest.fixture
def ki(create_user):
    return create_user(GlobalRole.SECRETARIAT, name="KI")


def typed(**overrides) -> dict:
    """Return the calculator's inputs as a German user types them (overrides win)."""
    inputs = {
        "total": "6,0",
        "step": "0,25",
        "minimum": "",
        "method": "largest_remainder",
        "weights": {name: str(number) for name, number in NUMBERS.items()},
    }
    inputs.update(overrides)
    return inputs


def with_weight(name: str, value) -> dict[str, object]:
    weights: dict[str, object] = {n: str(number) for n, number in NUMBERS.items()}
    weights[name] = value
    return weights


def refusal(call) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        call()
    return dict(caught.value.errors)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# Calculating -----


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize(("total", "step"), [("6,0", "0,25"), ("6,0", "0,5"), ("7,5", "0,5")])
def test_the_split_is_the_pure_allocation_of_the_typed_numbers(towns, member, method, total, step):
    result = staffing.calculate_staffing(member, **typed(total=total, step=step, method=method))

    expected = allocate(
        Decimal(total.replace(",", ".")),
        Decimal(step.replace(",", ".")),
        NUMBERS,
        method=method,
    )
    assert result.shares == expected.shares
    assert result.quotas == expected.quotas
    assert result.weights == NUMBERS
    assert sum(result.shares.values()) == Decimal(total.replace(",", "."))


def test_six_posts_in_half_steps_differ_between_the_two_methods(towns, member):
    by_remainder = staffing.calculate_staffing(member, **typed(step="0,5"))
    by_sainte_lague = staffing.calculate_staffing(
        member, **typed(step="0,5", method="sainte_lague")
    )

    # Jüchen's remainder (0.57 of a step) loses to Neuss's (0.59); Sainte-Laguë favours Jüchen.
    assert by_remainder.shares["Stadt Neuss"] == Decimal("2.5")
    assert by_remainder.shares["Stadt Jüchen"] == Decimal("0")
    assert by_sainte_lague.shares["Stadt Neuss"] == Decimal("2.0")
    assert by_sainte_lague.shares["Stadt Jüchen"] == Decimal("0.5")


def test_the_result_table_shows_exact_quotas_and_german_decimals(towns, member):
    table = staffing_results.result_table(staffing.calculate_staffing(member, **typed()))

    neuss = next(row for row in table.rows if row.name == "Stadt Neuss")
    assert neuss.quota == Fraction(6 * 4200, 10_970)
    assert (neuss.weight_text, neuss.fraction_text, neuss.quota_text) == (
        "4.200",
        "2.520/1.097",
        "2,2972",
    )
    assert (neuss.share_text, neuss.difference_text) == ("2,25", "-0,0472")
    assert [row.name for row in table.rows] == sorted(NUMBERS)
    total = table.total_row
    assert (total.weight_text, total.fraction_text, total.share_text) == ("10.970", "6", "6,00")
    assert total.difference_text == "0,0000"


def test_german_commas_dots_and_grouped_thousands_read_the_same(towns, member):
    german = staffing.calculate_staffing(member, **typed(total="6,0", step="0,25"))
    dotted = staffing.calculate_staffing(
        member,
        **typed(total="6.0", step=" 0.25 ", weights=with_weight("Stadt Neuss", "4.200")),
    )

    assert german.shares == dotted.shares
    assert dotted.weights["Stadt Neuss"] == 4200


def test_a_minimum_lifts_the_small_municipalities_and_says_which(towns, member):
    result = staffing.calculate_staffing(member, **typed(minimum="0,5"))

    assert all(share >= Decimal("0.5") for share in result.shares.values())
    assert result.at_minimum == (
        "Gemeinde Rommerskirchen",
        "Stadt Jüchen",
        "Stadt Kaarst",
        "Stadt Korschenbroich",
        "Stadt Meerbusch",
    )
    assert result.shares["Stadt Neuss"] == Decimal("2.00")
    table = staffing_results.result_table(result)
    assert table.at_minimum == list(result.at_minimum)


def test_a_tie_is_reported_for_the_page_to_explain(create_organisation, member):
    for name in ("Stadt A", "Stadt B", "Stadt C"):
        create_organisation(name)

    result = staffing.calculate_staffing(
        member,
        **typed(total="1", step="0,5", weights={"Stadt A": "7", "Stadt B": "7", "Stadt C": "7"}),
    )

    assert list(result.shares.values()) == [Decimal("0.5"), Decimal("0.5"), Decimal("0.0")]
    assert staffing_results.result_table(result).tied == ["Stadt A", "Stadt B", "Stadt C"]


# Refusing -----

HUGE = "x" * 10_001
NOT_A_NUMBER = "Bitte geben Sie eine Zahl an, zum Beispiel 6,0 oder 0,25."


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"total": ""}, "total", NOT_A_NUMBER),
        ({"total": "abc"}, "total", NOT_A_NUMBER),
        ({"total": HUGE}, "total", NOT_A_NUMBER),
        ({"total": "6,0,0"}, "total", NOT_A_NUMBER),
        ({"total": SCRIPT}, "total", NOT_A_NUMBER),
        ({"total": "٦"}, "total", NOT_A_NUMBER),
        ({"total": "-1"}, "total", "Die Gesamtzahl der Stellen muss größer als 0 sein."),
        ({"total": "6,125"}, "total", "Bitte geben Sie höchstens zwei Nachkommastellen an."),
        ({"total": "123456"}, "total", "Bitte geben Sie eine Zahl unter 10.000 an."),
        ({"step": ""}, "step", NOT_A_NUMBER),
        ({"step": "0"}, "step", "Die Schrittweite muss größer als 0 sein."),
        (
            {"total": "6,1"},
            "step",
            "Die Gesamtzahl 6,1 FTE lässt sich nicht in Schritte von 0,25 teilen.",
        ),
        ({"minimum": "-0,5"}, "minimum", "Die Mindestausstattung darf nicht negativ sein."),
        (
            {"minimum": "0,3"},
            "minimum",
            "Die Mindestausstattung muss ein Vielfaches der Schrittweite 0,25 sein.",
        ),
        (
            {"minimum": "1"},
            "minimum",
            "8 Kommunen mit je 1 FTE Mindestausstattung brauchen mehr als die 6 FTE insgesamt.",
        ),
        ({"method": "dhondt"}, "method", "Bitte wählen Sie eines der beiden Verfahren."),
        ({"method": ""}, "method", "Bitte wählen Sie eines der beiden Verfahren."),
    ],
)
def test_bad_settings_are_refused_beside_their_field(towns, member, overrides, field, message):
    errors = refusal(lambda: staffing.calculate_staffing(member, **typed(**overrides)))

    assert errors == {field: message}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Bitte geben Sie eine Zahl an (0, wenn es keine gibt)."),
        (None, "Bitte geben Sie eine Zahl an (0, wenn es keine gibt)."),
        ("abc", "Bitte geben Sie eine ganze Zahl ab 0 an."),
        ("-5", "Bitte geben Sie eine ganze Zahl ab 0 an."),
        ("4,5", "Bitte geben Sie eine ganze Zahl ab 0 an."),
        ("42.00", "Bitte geben Sie eine ganze Zahl ab 0 an."),
        (SCRIPT, "Bitte geben Sie eine ganze Zahl ab 0 an."),
        (HUGE, "Bitte geben Sie eine ganze Zahl ab 0 an."),
        ("1000001", "Höchstens 1.000.000."),
    ],
)
def test_a_bad_refugee_number_is_refused_beside_its_municipality(towns, member, value, message):
    weights = with_weight("Stadt Kaarst", value)
    if value is None:
        del weights["Stadt Kaarst"]

    errors = refusal(lambda: staffing.calculate_staffing(member, **typed(weights=weights)))

    assert errors == {f"weights-{towns['Stadt Kaarst'].id}": message}


def test_all_zero_numbers_are_refused_beside_the_first_municipality(towns, member):
    weights = dict.fromkeys(NUMBERS, "0")

    errors = refusal(lambda: staffing.calculate_staffing(member, **typed(weights=weights)))

    first = towns["Gemeinde Rommerskirchen"]
    assert errors == {
        f"weights-{first.id}": "Mindestens eine Kommune muss mehr als 0 Geflüchtete haben."
    }


def test_a_name_that_is_no_municipality_is_refused(towns, member):
    weights = with_weight("Jobcenter Rhein-Kreis Neuss", "100")

    errors = refusal(lambda: staffing.calculate_staffing(member, **typed(weights=weights)))

    assert errors == {"weights": "Jobcenter Rhein-Kreis Neuss ist keine Kommune des Kreises."}


def test_every_problem_is_reported_at_once(towns, member):
    inputs = typed(total="abc", step="", weights=with_weight("Stadt Neuss", "viele"))

    errors = refusal(lambda: staffing.calculate_staffing(member, **inputs))

    assert set(errors) == {"total", "step", f"weights-{towns['Stadt Neuss'].id}"}


# Prefilling -----


def _publish(period: Period, values: dict, *, suppressed=(), revision=1, superseded=False):
    publication = StatisticsPublication(
        year=period.year,
        quarter=period.quarter,
        revision=revision,
        k=3,
        values=values,
        suppressed=[list(cell) for cell in suppressed],
        areas={},
        source_hash="0" * 64,
        superseded_at=utcnow() if superseded else None,
    )
    db.session.add(publication)
    db.session.commit()
    return publication


def test_the_prefill_takes_published_open_cases_and_leaves_suppressed_ones_out(towns, member):
    q2 = Period(2026, 2)
    kaarst, neuss = towns["Stadt Kaarst"], towns["Stadt Neuss"]
    published = {str(t.id): {"open": NUMBERS[n]} for n, t in towns.items() if t is not kaarst}
    published[str(kaarst.id)] = {"new": 40}  # "open" suppressed: the cell is absent
    _publish(q2, {str(neuss.id): {"open": 1}, str(kaarst.id): {"open": 2}}, superseded=True)
    _publish(q2, published, suppressed=[(str(kaarst.id), "open")], revision=2)
    db.session.add(
        CaseFigureReport(
            organisation_id=kaarst.id,
            year=2026,
            quarter=2,
            counts={"open": 4711},
            source=ReportSource.FORM,
        )
    )
    db.session.commit()

    weights, missing = staffing.prefill_from_publication(member, q2)

    assert missing == ["Stadt Kaarst"]
    assert weights == {name: n for name, n in NUMBERS.items() if name != "Stadt Kaarst"}


def test_a_quarter_without_publication_is_refused_beside_the_choice(towns, member):
    errors = refusal(lambda: staffing.prefill_from_publication(member, Period(2026, 3)))

    assert errors == {"quartal": "Für das 3. Quartal 2026 sind keine Zahlen veröffentlicht."}


# Saving -----


def test_the_secretariat_saves_a_split_with_its_inputs_result_and_audit_entry(towns, ki):
    calculation = staffing.save_staffing(
        ki,
        title="  Stellenverteilung   2027 ",
        basis="Geflüchtete laut Zuweisung 30.06.2026",
        **typed(minimum="0,5", method="sainte_lague"),
    )

    db.session.expire_all()
    stored = db.session.get(StaffingCalculation, calculation.id)
    assert (stored.title, stored.basis, stored.method) == (
        "Stellenverteilung 2027",
        "Geflüchtete laut Zuweisung 30.06.2026",
        "sainte_lague",
    )
    assert (stored.total, stored.step, stored.minimum) == (
        Decimal("6.00"),
        Decimal("0.25"),
        Decimal("0.50"),
    )
    assert stored.weights == NUMBERS
    assert stored.result["Stadt Neuss"] == {"share": "2.00", "quota": "2.2972"}
    assert stored.result["Stadt Kaarst"]["at_minimum"] == "true"
    assert sum(Decimal(entry["share"]) for entry in stored.result.values()) == 6
    assert stored.created_by_id == ki.id
    event = db.session.scalar(select(AuditEvent))
    assert (event.action, event.object_id, event.actor_id) == ("staffing.saved", stored.id, ki.id)


def test_a_saved_split_shows_the_same_table_as_the_fresh_one(towns, ki):
    inputs = typed(minimum="0,5")
    fresh = staffing_results.result_table(staffing.calculate_staffing(ki, **inputs))

    saved = staffing_results.saved_result(staffing.save_staffing(ki, title="T", basis="", **inputs))

    assert saved == fresh


def test_unusual_text_is_stored_as_typed_and_a_missing_basis_is_named(towns, ki):
    title = f"{SCRIPT} Größe 🎉 {RTL}"

    calculation = staffing.save_staffing(ki, title=title, basis="", **typed())

    assert calculation.title == title
    assert calculation.basis == "Eingegebene Zahlen"


@pytest.mark.parametrize("role", [GlobalRole.MEMBER, GlobalRole.CASE_MANAGER, GlobalRole.ADMIN])
def test_only_the_secretariat_saves(towns, create_user, role):
    with pytest.raises(PermissionDenied):
        staffing.save_staffing(create_user(role), title="T", basis="", **typed())

    assert _count(StaffingCalculation) == 0


@pytest.mark.parametrize(
    ("title", "basis", "field", "message"),
    [
        ("", "", "title", "Bitte geben Sie der Berechnung einen Titel."),
        ("   ", "", "title", "Bitte geben Sie der Berechnung einen Titel."),
        ("x" * 201, "", "title", "Höchstens 200 Zeichen."),
        ("T", HUGE, "basis", "Höchstens 200 Zeichen."),
    ],
)
def test_a_bad_title_or_basis_saves_nothing(towns, ki, title, basis, field, message):
    errors = refusal(lambda: staffing.save_staffing(ki, title=title, basis=basis, **typed()))

    assert errors == {field: message}
    assert _count(StaffingCalculation) == 0
    assert _count(AuditEvent) == 0


def test_title_and_number_problems_are_reported_together(towns, ki):
    errors = refusal(lambda: staffing.save_staffing(ki, title="", basis="", **typed(total="")))

    assert set(errors) == {"title", "total"}
    assert _count(StaffingCalculation) == 0


def test_saved_splits_are_listed_newest_first_and_read_by_id(towns, ki, member):
    first = staffing.save_staffing(ki, title="Erste", basis="", **typed())
    second = staffing.save_staffing(ki, title="Zweite", basis="", **typed(step="0,5"))

    assert staffing.list_staffing(member) == [second, first]
    assert staffing.get_staffing(member, first.id) == first
    with pytest.raises(NotFound):
        staffing.get_staffing(member, second.id + 1)

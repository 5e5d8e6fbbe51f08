"""The staffing calculator's pages: calculate for everyone, save for the secretariat, prefills.

Refused input comes back with status 422, a German message next to the field and the database
exactly as before; free text that is merely unusual (script tags, emoji, right-to-left script)
is stored as typed and shown escaped.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import GlobalRole
from portal.statistics.models import (
    CaseFigureReport,
    ReportSource,
    StaffingCalculation,
    StatisticsPublication,
)
from tests.integration.test_bad_input import snapshot

URL = "/statistics/staffing"
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
#: Here only the global role matters (body roles: tests/integration/test_permission_matrix.py).
SIGNED_IN = [role.value for role in GlobalRole]
SCRIPT = "<script>alert('kim')</script>"
RTL = "مرحبا بالعالم שלום"
HUGE = "x" * 10_001
NOT_A_NUMBER = "Bitte geben Sie eine Zahl an, zum Beispiel 6,0 oder 0,25."


@pytest.fixture
def towns(create_organisation):
    return {name: create_organisation(name) for name in NUMBERS}


@pytest.fixture
def people(create_user):
    """One account per global role, keyed by the role's value."""
    return {role.value: create_user(role, name=f"Person {role.value}") for role in GlobalRole}


@pytest.fixture
def ki(people, auth):
    auth.login_as(people["secretariat"])
    return people["secretariat"]


def form(towns, action="calculate", **overrides) -> dict[str, str]:
    """Return the calculator's form as a German user fills it in (overrides win)."""
    data = {
        "total": "6,0",
        "step": "0,25",
        "minimum": "",
        "method": "largest_remainder",
        "basis": "Geflüchtete laut Zuweisung 30.06.2026",
        "title": "",
        "action": action,
    }
    data.update({f"weights-{town.id}": str(NUMBERS[name]) for name, town in towns.items()})
    data.update(overrides)
    return data


def page(response) -> str:
    return response.get_data(as_text=True)


def error_beside(response, field: str) -> str:
    """Return the text of the first error element of the field (there must be one)."""
    found = re.search(
        rf'<p class="kern-error" id="{field}-error-1">(.*?)</p>', page(response), re.S
    )
    assert found, f"no error next to {field}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def input_value(response, name: str) -> str:
    found = re.search(rf'<input [^>]*name="{name}"[^>]*>', page(response))
    assert found, f"no input {name}"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return unescape(value.group(1)) if value else ""


def result_row(response, name: str) -> list[str]:
    """Return the cells of the result table's row of a municipality, as shown."""
    found = re.search(rf'<th scope="row"[^>]*>{re.escape(name)}.*?</tr>', page(response), re.S)
    assert found, f"no row for {name}"
    return re.findall(r'<td class="kern-table__cell statistics-number">([^<]*)</td>', found[0])


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(StaffingCalculation))


# Who may do what -----


def test_anonymous_visitors_are_sent_to_the_login(client, auth, towns, ki):
    saved = client.post(URL, data=form(towns, "save", title="Gespeichert"))
    auth.logout()

    for response in (
        client.get(URL),
        client.post(URL, data=form(towns)),
        client.post(URL, data=form(towns, "save", title="T")),
        client.get(saved.location),
    ):
        assert response.status_code == 302
        assert response.location.startswith("/login")
    assert _count() == 1


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_signed_in_account_calculates(client, auth, people, towns, persona):
    auth.login_as(people[persona])

    assert client.get(URL).status_code == 200
    response = client.post(URL, data=form(towns))

    assert response.status_code == 200
    assert result_row(response, "Stadt Neuss") == [
        "4.200",
        "2.520/1.097",
        "2,2972",
        "2,25",
        "-0,0472",
    ]
    assert _count() == 0


@pytest.mark.parametrize("persona", [p for p in SIGNED_IN if p != "secretariat"])
def test_only_the_secretariat_saves(client, auth, people, towns, persona):
    auth.login_as(people[persona])

    response = client.post(URL, data=form(towns, "save", title="Stellen 2027"))

    assert response.status_code == 403
    assert _count() == 0
    assert "Berechnung speichern" not in page(client.get(URL))


def test_the_secretariat_saves_and_lands_on_the_saved_calculation(client, ki, towns):
    response = client.post(
        URL, data=form(towns, "save", title="Stellen 2027", method="sainte_lague", step="0,5")
    )

    assert response.status_code == 303
    calculation = db.session.scalar(select(StaffingCalculation))
    assert response.location == f"/statistics/staffing/{calculation.id}"
    shown = client.get(response.location)
    text = page(shown)
    assert "Die Berechnung „Stellen 2027“ ist gespeichert." in text
    assert "Geflüchtete laut Zuweisung 30.06.2026" in text
    assert "Höchstzahlverfahren nach Sainte-Laguë" in text
    assert "Teilern 1, 3, 5" in text
    assert f"von {ki.name}" in text
    assert result_row(shown, "Stadt Neuss") == ["4.200", "2.520/1.097", "2,2972", "2,00", "-0,2972"]
    assert result_row(shown, "Insgesamt") == ["10.970", "6", "6,0000", "6,00", "0,0000"]


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_a_saved_calculation_is_readable_by_every_signed_in_account(
    client, auth, people, towns, persona
):
    auth.login_as(people["secretariat"])
    location = client.post(URL, data=form(towns, "save", title="Stellen 2027")).location
    auth.login_as(people[persona])

    response = client.get(location)

    assert response.status_code == 200
    assert "Stellen 2027" in page(response)
    assert client.get("/statistics/staffing/999999").status_code == 404


# Results explained -----


def test_the_page_names_who_was_lifted_to_the_minimum(client, ki, towns):
    response = client.post(URL, data=form(towns, minimum="0,5"))

    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", page(response))).split())
    assert (
        "Mindestausstattung von 0,50 FTE für Gemeinde Rommerskirchen, Stadt Jüchen, "
        "Stadt Kaarst, Stadt Korschenbroich, Stadt Meerbusch:" in text
    )
    assert result_row(response, "Stadt Neuss")[3] == "2,00"


def test_the_page_explains_a_tie(client, ki, create_organisation):
    towns = {name: create_organisation(name) for name in ("Stadt A", "Stadt B")}
    data = {"total": "0,5", "step": "0,5", "method": "sainte_lague", "action": "calculate"}
    data.update({f"weights-{town.id}": "12" for town in towns.values()})

    response = client.post(URL, data=data)

    assert response.status_code == 200
    assert "Gleichstand bei Stadt A, Stadt B" in page(response)
    assert result_row(response, "Stadt A")[3] == "0,50"
    assert result_row(response, "Stadt B")[3] == "0,00"


# Refused input -----


@pytest.mark.parametrize(
    ("action", "field", "value", "message"),
    [
        ("calculate", "total", "", NOT_A_NUMBER),
        ("calculate", "total", HUGE, NOT_A_NUMBER),
        ("calculate", "total", "abc", NOT_A_NUMBER),
        ("calculate", "total", SCRIPT, NOT_A_NUMBER),
        ("calculate", "total", "-6", "Die Gesamtzahl der Stellen muss größer als 0 sein."),
        ("save", "total", "-6", "Die Gesamtzahl der Stellen muss größer als 0 sein."),
        ("calculate", "step", "", NOT_A_NUMBER),
        (
            "save",
            "step",
            "0,35",
            "Die Gesamtzahl 6 FTE lässt sich nicht in Schritte von 0,35 teilen.",
        ),
        ("calculate", "minimum", "-1", "Die Mindestausstattung darf nicht negativ sein."),
        ("calculate", "method", "dhondt", "Bitte wählen Sie eines der beiden Verfahren."),
        ("save", "title", "", "Bitte geben Sie der Berechnung einen Titel."),
        ("save", "title", HUGE, "Höchstens 200 Zeichen."),
        ("save", "basis", HUGE, "Höchstens 200 Zeichen."),
        ("save", "Stadt Kaarst", "", "Bitte geben Sie eine Zahl an (0, wenn es keine gibt)."),
        ("save", "Stadt Kaarst", "-900", "Bitte geben Sie eine ganze Zahl ab 0 an."),
        ("calculate", "Stadt Kaarst", "abc", "Bitte geben Sie eine ganze Zahl ab 0 an."),
        ("calculate", "Stadt Kaarst", SCRIPT, "Bitte geben Sie eine ganze Zahl ab 0 an."),
        ("calculate", "Stadt Kaarst", HUGE, "Bitte geben Sie eine ganze Zahl ab 0 an."),
    ],
    ids=lambda value: f"{value[:12]}…{len(value)}" if len(str(value)) > 40 else None,
)
def test_bad_input_is_refused_beside_the_field_and_changes_nothing(
    client, ki, towns, action, field, value, message
):
    if field in towns:
        field = f"weights-{towns[field].id}"
    data = form(towns, action, **{"title": "Stellen 2027", field: value})
    before = snapshot()

    response = client.post(URL, data=data)

    assert response.status_code == 422
    assert message in error_beside(response, field)
    assert "<script>alert" not in page(response)
    assert snapshot() == before


def test_unusual_title_is_saved_as_typed_and_shown_escaped(client, ki, towns):
    title = f"{SCRIPT} Größe ändern 🎉 {RTL}"

    response = client.post(URL, data=form(towns, "save", title=title, basis=f"{SCRIPT} {RTL}"))

    assert response.status_code == 303
    assert db.session.scalar(select(StaffingCalculation.title)) == title
    for shown in (page(client.get(response.location)), page(client.get(URL))):
        assert "<script>alert" not in shown
        assert "&lt;script&gt;" in shown
        assert "🎉" in shown and RTL in shown


def test_a_form_without_csrf_token_is_refused_when_protection_is_on(
    app, client, ki, towns, monkeypatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = client.post(URL, data=form(towns, "save", title="Stellen 2027"))

    assert response.status_code == 400
    assert _count() == 0


# Prefills -----


def _publish_q2(towns, suppressed: str):
    """Publish 2026 Q2 with the open cases of every town but ``suppressed`` (held back)."""
    hidden = towns[suppressed]
    values = {str(t.id): {"open": NUMBERS[name]} for name, t in towns.items() if t is not hidden}
    values[str(hidden.id)] = {"new": 30}
    db.session.add(
        StatisticsPublication(
            year=2026,
            quarter=2,
            revision=1,
            k=3,
            values=values,
            suppressed=[[str(hidden.id), "open"]],
            areas={str(t.id): name for name, t in towns.items()},
            source_hash="0" * 64,
        )
    )
    db.session.add(
        CaseFigureReport(
            organisation_id=hidden.id,
            year=2026,
            quarter=2,
            counts={"open": 4711},
            source=ReportSource.FORM,
        )
    )
    db.session.commit()


def test_published_open_cases_prefill_the_form_and_a_suppressed_value_stays_secret(
    client, auth, people, towns
):
    _publish_q2(towns, suppressed="Stadt Jüchen")
    auth.login_as(people["member"])

    response = client.get(f"{URL}?quartal=2026-Q2")

    assert response.status_code == 200
    assert input_value(response, f"weights-{towns['Stadt Neuss'].id}") == "4200"
    assert input_value(response, f"weights-{towns['Stadt Jüchen'].id}") == ""
    assert "4711" not in page(response)
    assert "Nicht alle Zahlen übernommen" in page(response)
    assert re.search(r"<li>Stadt Jüchen</li>", page(response))
    assert input_value(response, "basis") == (
        "Offene Fälle am Quartalsende, 2. Quartal 2026 (veröffentlichte Zahlen)"
    )
    assert '<option selected value="2026-Q2">' in page(response)


@pytest.mark.parametrize(
    ("quarter", "message"),
    [
        ("2026-Q3", "Für das 3. Quartal 2026 sind keine Zahlen veröffentlicht."),
        ("quatsch", "Bitte wählen Sie ein veröffentlichtes Quartal."),
        (SCRIPT, "Bitte wählen Sie ein veröffentlichtes Quartal."),
    ],
)
def test_an_unpublished_quarter_is_refused_beside_the_choice(
    client, auth, people, towns, quarter, message
):
    _publish_q2(towns, suppressed="Stadt Jüchen")
    auth.login_as(people["member"])

    response = client.get(URL, query_string={"quartal": quarter})

    assert response.status_code == 422
    assert message in error_beside(response, "quartal")
    assert "<script>alert" not in page(response)


def test_a_saved_calculation_prefills_settings_and_numbers(client, ki, towns):
    data = form(towns, "save", title="Vorjahr", step="0,5", minimum="0,5", method="sainte_lague")
    saved_id = client.post(URL, data=data).location.rsplit("/", 1)[1]

    response = client.get(f"{URL}?von_berechnung={saved_id}")

    assert response.status_code == 200
    assert [input_value(response, name) for name in ("total", "step", "minimum")] == [
        "6,00",
        "0,50",
        "0,50",
    ]
    assert input_value(response, f"weights-{towns['Stadt Neuss'].id}") == "4200"
    assert re.search(r'<input checked [^>]*value="sainte_lague"', page(response))
    assert "Übernommen aus „Vorjahr“" in page(response)
    assert f'href="/statistics/staffing?von_berechnung={saved_id}"' in page(response)


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "99999999999", "１"])
def test_an_unknown_calculation_to_prefill_from_is_not_found(client, ki, towns, value):
    assert client.get(URL, query_string={"von_berechnung": value}).status_code == 404

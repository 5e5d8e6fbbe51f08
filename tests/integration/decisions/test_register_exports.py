"""The register as CSV and DOCX, and the implementation report as DOCX: content and visibility."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import docx
import pytest

from meetings.proposal_flow import Outcome
from meetings.tally import Counts
from portal.timeutil import today_local

TODAY = today_local()


def _csv(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _docx_text(response) -> str:
    document = docx.Document(io.BytesIO(response.get_data()))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def register(body, public_body, create_decision, create_action, create_organisation, personas):
    """An internal decision with an overdue action, a public one, and an internal one of a
    public body."""
    internal = create_decision(
        body,
        decided_on=date(2026, 11, 24),
        resolution_text='Sprachkurse; "Kita" in Jüchen\nzweite Zeile 🎉',
        counts=Counts(7, 1, 1),
    )
    create_action(
        internal,
        description='=HYPERLINK("http://evil")',
        organisation=create_organisation("Stadt Jüchen"),
        responsible=personas["member"],
        due_on=TODAY - timedelta(days=2),
    )
    public = create_decision(
        public_body,
        decided_on=date(2026, 5, 4),
        resolution_text="Öffentlicher Beschluss über Wohnraum",
        outcome=Outcome.ADOPTED_WITH_CHANGES,
        is_public=True,
    )
    create_decision(public_body, resolution_text="Interna der öffentlichen LG", is_public=False)
    return {"internal": internal, "public": public}


def test_the_csv_is_excel_ready_with_german_columns_and_dates(client, auth, personas, register):
    auth.login_as(personas["secretariat"])
    response = client.get("/decisions/export.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].endswith(".csv")
    rows = _csv(response)
    header, *data = rows
    assert header[:5] == ["Nummer", "Datum", "Gremium", "Sitzung", "Ergebnis"]
    assert "Beschlusstext" in header and "Umsetzungsstand" in header
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    internal = by_reference["LG 2026/01"]
    assert internal["Datum"] == "24.11.2026"
    assert (internal["Ja"], internal["Nein"], internal["Enthaltungen"]) == ("7", "1", "1")
    assert internal["Beschlusstext"] == 'Sprachkurse; "Kita" in Jüchen\nzweite Zeile 🎉'
    assert internal["Umsetzungsstand"] == "überfällig oder nicht umsetzbar"
    assert internal["Maßnahmen"].startswith("'=HYPERLINK")  # no formula in Excel
    assert "Stadt Jüchen" in internal["Maßnahmen"]
    assert by_reference["LGO 2026/01"]["Ergebnis"] == "mit Änderungen angenommen"


def test_every_csv_cell_is_quoted(client, auth, personas, register):
    auth.login_as(personas["secretariat"])
    text = client.get("/decisions/export.csv").get_data().decode("utf-8-sig")
    assert text.startswith('"Nummer";"Datum";')
    assert '"Sprachkurse; ""Kita"" in Jüchen\nzweite Zeile 🎉"' in text


def test_the_csv_follows_the_filters(client, auth, personas, register):
    auth.login_as(personas["secretariat"])
    rows = _csv(client.get("/decisions/export.csv?q=Wohnraum"))
    assert [row[0] for row in rows[1:]] == ["LGO 2026/01"]


@pytest.mark.parametrize("who", ["anonymous", "other_member"])
def test_exports_hold_nothing_an_outsider_may_not_see(client, auth, personas, register, who):
    if personas[who]:
        auth.login_as(personas[who])
    rows = _csv(client.get("/decisions/export.csv"))
    assert [row[0] for row in rows[1:]] == ["LGO 2026/01"]
    text = _docx_text(client.get("/decisions/export.docx"))
    assert "LGO 2026/01" in text and "Wohnraum" in text
    for secret in ("LG 2026/01", "Sprachkurse", "Interna", "LGO 2026/02", "HYPERLINK"):
        assert secret not in text
    report = _docx_text(client.get("/decisions/implementation.docx"))
    assert "HYPERLINK" not in report and "Stadt Jüchen" not in report


def test_the_register_docx_holds_decisions_with_facts_and_actions(client, auth, personas, register):
    auth.login_as(personas["member"])
    response = client.get("/decisions/export.docx?year=2026")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(".docx")
    document = docx.Document(io.BytesIO(response.get_data()))
    assert document.core_properties.title == "Beschlussregister"
    text = _docx_text(response)
    assert "Beschluss LG 2026/01 vom 24.11.2026" in text
    assert "Ja: 7, Nein: 1, Enthaltungen: 1" in text
    assert "Auswahl: Jahr: 2026" in text
    assert "Sprachkurse" in text and "zweite Zeile 🎉" in text
    assert "=HYPERLINK" in text and "Stadt Jüchen, Mitglied" in text
    assert "rot – überfällig oder nicht umsetzbar" in text


def test_an_empty_selection_gives_a_docx_that_says_so(client, auth, personas, register):
    auth.login_as(personas["member"])
    text = _docx_text(client.get("/decisions/export.docx?q=gibtesnicht"))
    assert "Es gibt keine Beschlüsse, die dieser Auswahl entsprechen." in text


def test_the_implementation_report_for_the_steering_group(
    client, auth, personas, body, register, create_decision, create_action, create_note
):
    finished = create_decision(body, resolution_text="Erledigt")
    action = create_action(finished, description="Bericht schreiben", status="done")
    create_note(action, personas["member"], text="Bericht liegt vor", status_after="done")
    auth.login_as(personas["secretariat"])

    response = client.get(f"/decisions/implementation.docx?body={body.slug}")

    assert response.status_code == 200
    assert "umsetzungsstand-lenkungsgruppe" in response.headers["Content-Disposition"]
    text = _docx_text(response)
    assert "Umsetzungsstand der Beschlüsse" in text and body.name in text
    assert text.index("LG 2026/01") < text.index("LG 2026/02")  # red before green
    assert "Letzter Bericht" in text and "Bericht liegt vor" in text
    assert "LGO" not in text  # another body
    assert "grün – umgesetzt" in text


def test_a_hidden_body_has_no_report(client, auth, personas, register):
    auth.login_as(personas["other_member"])
    assert client.get("/decisions/implementation.docx?body=lenkungsgruppe").status_code == 404

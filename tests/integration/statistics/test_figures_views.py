"""The reporting pages: entry form, CSV upload, publishing, the statistics page and exports."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.extensions import db
from portal.statistics import catalogue, csv_format
from portal.statistics.models import CaseFigureReport, StatisticsPublication, StatisticsSnapshot
from portal.statistics.periods import Period
from portal.statistics.services import figures, publishing
from tests.fixtures.statistics import as_form, counts_for
from tests.integration.test_bad_input import assert_field_error, snapshot

Q3 = Period(2026, 3)
HOSTILE = [
    "",
    "x" * 10_001,
    "<script>alert(1)</script>",
    "äöüß",
    "😀",
    "\u202eמספר",
    '=HYPERLINK("http://x")',
]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _csv(rows: list[dict], delimiter: str = ";") -> bytes:
    columns = [*catalogue.UNIT_COLUMNS, *(catalogue.ITEM_COLUMNS[i] for i in catalogue.ITEMS)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode("utf-8-sig")


def _row(town: str, period: str, counts: dict) -> dict:
    year, quarter = period.split("-Q")
    return {"kommune": town, "jahr": year, "quartal": quarter, **as_form(counts)}


def test_the_entry_form_shows_the_reporters_own_figures(client, auth, case_manager, municipalities):
    figures.report_figures(case_manager, municipalities[0], Q3, as_form(counts_for(17)))
    auth.login_as(case_manager)

    page = client.get(f"/statistics/report/{municipalities[0].id}/2026-Q3")

    assert page.status_code == 200
    assert 'name="offen" ' in page.get_data(as_text=True)
    assert 'value="17"' in page.get_data(as_text=True)


def test_the_entry_form_stores_and_redirects(client, auth, case_manager, municipalities):
    auth.login_as(case_manager)

    response = client.post(
        f"/statistics/report/{municipalities[0].id}/2026-Q3", data=as_form(counts_for(9))
    )

    assert response.status_code == 302
    assert _count(CaseFigureReport) == 1


@pytest.mark.parametrize("value", HOSTILE)
def test_the_entry_form_refuses_bad_counts_beside_the_field(
    client, auth, case_manager, municipalities, value
):
    auth.login_as(case_manager)
    data = as_form(counts_for(9))
    data["stufe_2"] = value
    before = snapshot()

    response = client.post(f"/statistics/report/{municipalities[0].id}/2026-Q3", data=data)

    assert_field_error(response, "stufe_2")
    assert "<script>alert" not in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_correction_without_reason_is_refused_beside_the_note(
    client, auth, case_manager, municipalities
):
    figures.report_figures(case_manager, municipalities[0], Q3, as_form(counts_for(9)))
    auth.login_as(case_manager)
    before = snapshot()

    response = client.post(
        f"/statistics/report/{municipalities[0].id}/2026-Q3", data=as_form(counts_for(10))
    )

    assert_field_error(response, "note")
    assert snapshot() == before


def test_an_unknown_period_or_municipality_is_not_found(client, auth, secretariat_user):
    auth.login_as(secretariat_user)
    assert client.get("/statistics/report/999999/2026-Q3").status_code == 404
    assert client.get("/statistics/report/1/2026-Q9").status_code == 404


def test_a_valid_upload_imports_every_row(client, auth, secretariat_user, municipalities):
    auth.login_as(secretariat_user)
    data = _csv([_row(t.name, "2026-Q3", counts_for(5 + i)) for i, t in enumerate(municipalities)])

    response = client.post("/statistics/upload", data={"file": (io.BytesIO(data), "zahlen.csv")})

    assert response.status_code == 302
    assert _count(CaseFigureReport) == 3


def test_one_bad_row_rejects_the_whole_file_with_line_and_column(
    client, auth, secretariat_user, municipalities
):
    auth.login_as(secretariat_user)
    bad = counts_for(6)
    bad["new"] = -2
    rows = [_row(municipalities[0].name, "2026-Q3", counts_for(5))]
    rows.append(_row(municipalities[1].name, "2026-Q3", bad))
    rows.append(_row("Atlantis", "2026-Q3", counts_for(5)))
    before = snapshot()

    response = client.post(
        "/statistics/upload", data={"file": (io.BytesIO(_csv(rows)), "zahlen.csv")}
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Zeile 3" in page and "„neu“" in page
    assert "Zeile 4" in page and "„kommune“" in page
    assert snapshot() == before


def test_an_upload_over_existing_figures_needs_the_correction_choice(
    client, auth, secretariat_user, municipalities
):
    figures.report_figures(secretariat_user, municipalities[0], Q3, as_form(counts_for(5)))
    auth.login_as(secretariat_user)
    data = _csv([_row(municipalities[0].name, "2026-Q3", counts_for(8))])
    before = snapshot()

    refused = client.post("/statistics/upload", data={"file": (io.BytesIO(data), "a.csv")})
    assert refused.status_code == 422
    assert "liegen schon Zahlen vor" in refused.get_data(as_text=True)
    assert snapshot() == before

    no_reason = client.post(
        "/statistics/upload", data={"file": (io.BytesIO(data), "a.csv"), "replace": "y"}
    )
    assert_field_error(no_reason, "note")

    accepted = client.post(
        "/statistics/upload",
        data={"file": (io.BytesIO(data), "a.csv"), "replace": "y", "note": "Nachmeldung"},
    )
    assert accepted.status_code == 302
    assert figures.raw_figures(secretariat_user, municipalities[0], Q3).counts["open"] == 8


def test_a_case_manager_may_upload_only_their_municipalities(
    client, auth, case_manager, municipalities
):
    auth.login_as(case_manager)
    data = _csv([_row(municipalities[1].name, "2026-Q3", counts_for(5))])

    response = client.post("/statistics/upload", data={"file": (io.BytesIO(data), "a.csv")})

    assert response.status_code == 422
    assert "melden Sie keine Zahlen" in response.get_data(as_text=True)
    assert _count(CaseFigureReport) == 0


def test_the_template_lists_the_reporters_municipalities_and_parses_back(
    client, auth, case_manager, municipalities
):
    auth.login_as(case_manager)

    response = client.get("/statistics/upload/template.csv")

    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    assert "Stadt Neuss" in text and "Stadt Dormagen" not in text
    with pytest.raises(csv_format.UploadRejected):
        csv_format.parse_upload(response.data, {"Stadt Neuss": municipalities[0].id})


def test_publishing_from_the_page(client, auth, secretariat_user, municipalities):
    figures.report_figures(secretariat_user, municipalities[0], Q3, as_form(counts_for(30)))
    auth.login_as(secretariat_user)

    overview = client.get("/statistics/publish")
    response = client.post("/statistics/publish/2026-Q3")

    assert "3. Quartal 2026" in overview.get_data(as_text=True)
    assert response.status_code == 303
    assert _count(StatisticsPublication) == 1


@pytest.fixture
def published(secretariat_user, municipalities):
    sizes = [counts_for(40), counts_for(20), counts_for(4, new=1, closed=1)]
    for town, counts in zip(municipalities, sizes, strict=True):
        figures.report_figures(secretariat_user, town, Q3, as_form(counts))
    return publishing.publish_period(secretariat_user, Q3)


def _hidden_values(publication) -> set[int]:
    """The raw values behind suppressed cells, as far as they differ from every shown one."""
    shown = {v for area in publication.values.values() for v in area.values()}
    report = {r.organisation_id: r.counts for r in db.session.scalars(select(CaseFigureReport))}
    hidden = set()
    for area, item in publication.suppressed:
        if area != "total":
            hidden.add(report[int(area)][item])
    return hidden - shown


def test_the_page_shows_tables_charts_and_the_sign_legend(client, auth, create_user, published):
    auth.login_as(create_user("member"))

    page = client.get("/statistics/?von=2026-Q3&bis=2026-Q3&ansicht=overview")

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Zeichenerklärung" in text and "<svg" in text and 'role="img"' in text
    assert "Stadt Neuss" in text and "Kreis insgesamt" in text


def test_exports_carry_the_suppressed_sign_never_the_value(client, auth, create_user, published):
    auth.login_as(create_user("member"))

    sheet = load_workbook(io.BytesIO(client.get("/statistics/export.xlsx").data)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    rows = list(
        csv.reader(
            io.StringIO(client.get("/statistics/export.csv").data.decode("utf-8-sig")),
            delimiter=";",
        )
    )

    assert "." in values
    rommerskirchen = next(r for r in rows if r and r[0] == "Gemeinde Rommerskirchen")
    assert rommerskirchen[2] == "."


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("von=2026-Q3&bis=2026-Q1", "bis"),
        ("von=<script>&bis=2026-Q3", "von"),
        ("von=2026-Q3&bis=2026-Q3&ansicht=%F0%9F%98%80", "ansicht"),
        ("von=2026-Q3&bis=2026-Q3&kommune=99999999999", "kommune"),
    ],
)
def test_a_bad_filter_is_answered_beside_the_field(
    client, auth, create_user, published, query, field
):
    auth.login_as(create_user("member"))

    assert_field_error(client.get(f"/statistics/?{query}"), field)


@pytest.mark.parametrize("title", ["", "x" * 201])
def test_a_snapshot_needs_a_short_title(client, auth, secretariat_user, published, title):
    auth.login_as(secretariat_user)
    before = snapshot()

    response = client.post("/statistics/snapshots?von=2026-Q3&bis=2026-Q3", data={"title": title})

    assert_field_error(response, "title")
    assert snapshot() == before


def test_a_snapshot_keeps_what_was_shown_after_a_correction(
    client, auth, secretariat_user, municipalities, published
):
    auth.login_as(secretariat_user)
    response = client.post(
        "/statistics/snapshots?von=2026-Q3&bis=2026-Q3", data={"title": "Für die LG 🙂 ‏עברית"}
    )
    frozen = db.session.scalar(select(StatisticsSnapshot))
    figures.report_figures(
        secretariat_user, municipalities[0], Q3, as_form(counts_for(77)), note="Korrektur"
    )
    publishing.publish_period(secretariat_user, Q3)

    page = client.get(f"/statistics/snapshots/{frozen.id}").get_data(as_text=True)

    assert response.status_code == 303
    assert "Für die LG 🙂" in page
    assert ">40<" in page and ">77<" not in page


def test_the_start_page_shows_the_latest_district_figures(client, auth, create_user, published):
    auth.login_as(create_user("member"))

    page = client.get("/").get_data(as_text=True)

    assert "Fallzahlen des Case-Managements" in page
    assert "Kreis insgesamt, 3. Quartal 2026" in page
    assert ">64<" in page  # 40 + 20 + 4 open cases


def test_the_start_page_tells_a_case_manager_what_is_missing(
    client, auth, case_manager, municipalities
):
    auth.login_as(case_manager)

    page = client.get("/").get_data(as_text=True)

    assert "fehlen noch Zahlen" in page and "Stadt Neuss" in page
    assert "Stadt Dormagen" not in page


def test_members_without_published_figures_get_no_figures_card(client, auth, create_user):
    auth.login_as(create_user("member"))

    assert "Fallzahlen des Case-Managements" not in client.get("/").get_data(as_text=True)

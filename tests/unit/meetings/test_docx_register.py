"""The register and implementation documents, built from plain snapshots and read back."""

from __future__ import annotations

import ast
import io
from datetime import UTC, date, datetime
from pathlib import Path

import docx

from meetings import docx_register
from meetings.docx_register import (
    ActionEntry,
    DecisionEntry,
    ImplementationDocument,
    RegisterDocument,
    build_implementation_docx,
    build_register_docx,
)

CREATED = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _decision(**overrides) -> DecisionEntry:
    fields = {
        "reference": "LG 2026/07",
        "decided_on": date(2026, 11, 24),
        "body_name": "Lenkungsgruppe KIM",
        "meeting_title": "3. Sitzung",
        "outcome": "adopted",
        "votes": (7, 1, 1),
        "resolution_text": "Die LG beschließt:\n\n- **Sprachkurse**\n- Kita <script>",
        "light": "red",
        "actions": (
            ActionEntry(
                description="Träger anfragen",
                organisation="Stadt Neuss",
                responsible="Erika Muster",
                due_on=date(2026, 12, 1),
                status="open",
                light="red",
                last_note="Zwei Träger angefragt",
                last_note_on=date(2026, 11, 20),
            ),
        ),
    }
    fields.update(overrides)
    return DecisionEntry(**fields)


def test_the_register_lists_each_decision_with_facts_text_and_actions():
    data = build_register_docx(
        RegisterDocument(
            operator_name="Rhein-Kreis Neuss",
            created_at=CREATED,
            filters="Jahr: 2026",
            decisions=(
                _decision(),
                _decision(reference="LG 2026/08", meeting_title="", votes=None),
            ),
        )
    )
    text = _text(data)
    assert "Beschlussregister" in text and "Stand: 24.11.2026" in text
    assert "Auswahl: Jahr: 2026" in text
    assert "Beschluss LG 2026/07 vom 24.11.2026" in text
    assert "Ja: 7, Nein: 1, Enthaltungen: 1" in text and "3. Sitzung" in text
    assert "Sprachkurse" in text and "Kita <script>" in text
    assert "Stadt Neuss, Erika Muster" in text and "01.12.2026" in text
    assert "offen (rot – überfällig oder nicht umsetzbar)" in text
    assert text.count("Beschluss LG 2026/0") == 2


def test_a_written_procedure_and_a_correction_are_named():
    entry = _decision(
        meeting_title="",
        is_written_procedure=True,
        corrected_by="LG 2026/09",
        corrects="LG 2026/01",
    )
    text = _text(
        build_register_docx(
            RegisterDocument(operator_name="X", created_at=CREATED, decisions=(entry,))
        )
    )
    assert "Umlaufverfahren" in text
    assert "Berichtigt durch:\nLG 2026/09" in text and "Berichtigt:\nLG 2026/01" in text
    assert "alle Beschlüsse" in text


def test_control_characters_in_user_text_do_not_break_the_file():
    entry = _decision(resolution_text="Text\x00mit\x0bSteuerzeichen", actions=())
    text = _text(
        build_register_docx(
            RegisterDocument(operator_name="X", created_at=CREATED, decisions=(entry,))
        )
    )
    assert "TextmitSteuerzeichen" in text


def test_the_report_counts_lights_and_shows_the_last_note():
    green = _decision(
        reference="LG 2026/01",
        light="green",
        actions=(ActionEntry(description="Fertig", status="done", light="green"),),
    )
    data = build_implementation_docx(
        ImplementationDocument(
            operator_name="Rhein-Kreis Neuss",
            created_at=CREATED,
            body_name="Lenkungsgruppe KIM",
            decisions=(_decision(), green),
        )
    )
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Umsetzungsstand der Beschlüsse: Lenkungsgruppe KIM"
    summary = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in summary.rows]
    assert rows[0] == ["Umsetzungsstand", "Beschlüsse", "Maßnahmen"]
    assert rows[1][1:] == ["1", "1"] and rows[3][1:] == ["1", "1"] and rows[2][1:] == ["0", "0"]
    text = _text(data)
    assert "Letzter Bericht (20.11.2026): Zwei Träger angefragt" in text
    assert "Sprachkurse" not in text  # the report leaves the resolution out


def test_an_empty_report_says_so():
    data = build_implementation_docx(ImplementationDocument(operator_name="X", created_at=CREATED))
    assert "Es gibt keine Beschlüsse mit Maßnahmen." in _text(data)


def test_the_light_cells_are_shaded():
    data = build_register_docx(
        RegisterDocument(operator_name="X", created_at=CREATED, decisions=(_decision(),))
    )
    xml = docx.Document(io.BytesIO(data)).element.xml
    assert 'w:fill="FFCDD2"' in xml


def test_the_module_is_pure():
    tree = ast.parse(Path(docx_register.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    forbidden = ("flask", "sqlalchemy", "portal.extensions", "portal.models", "werkzeug")
    assert not [name for name in imported if name.startswith(forbidden)]

"""What the document export costs on top of python-docx (``python -m benchmarks.document_docx``).

Builds a version of 200 sections (about 100,000 words, with emphasis, lists and a table every
tenth section) through :func:`documents.docx_version.build_version_docx`, and writes the same
paragraphs and tables with plain python-docx calls, alternating the two, and compares the best
times. The plain writer gets the text pre-split into runs (no Markdown parsing) and looks its
styles up once per document, so it is the floor python-docx itself sets. Every section's text is
different, so nothing can be reused from one section to the next. Target: ours ≤ 1.3 × plain.
``benchmarks.run`` runs it too; it is not part of the test run.
"""

from __future__ import annotations

import argparse
import io
import random
from datetime import UTC, date, datetime
from typing import Any

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from benchmarks.timing import docx_texts, time_writers, writer_lines
from documents.docx_data import ExportSection, HistoryEntry, VersionExport
from documents.docx_version import (
    HISTORY_COLUMNS,
    HISTORY_HEADING,
    TOC_HEADING,
    TOC_INSTRUCTION,
    TOC_PLACEHOLDER,
    build_version_docx,
)

SECTIONS = 200
TARGET_RATIO = 1.3
GENERATED = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
_WORD_LIST = (
    "Integration Kommune Jobcenter Ausländerbehörde Maßnahme Umsetzung Beratung Teilhabe "
    "Fallmanagement Schnittstelle Verfahren Zuständigkeit Koordinierung Netzwerk Wohnraum "
    "Sprachförderung Arbeitsmarkt Bildung Zugewanderte Integrationsagentur Kreisverwaltung "
    "Lenkungsgruppe Arbeitsgruppe Qualifizierung Anerkennung Ehrenamt Quartier Gesundheit "
    "und der die das mit für im zur zum bei nach über durch sowie werden wird sind ist"
)
WORDS = tuple(_WORD_LIST.split())
#: The styles the plain writer uses (python-docx's default template has them all).
_STYLES = (
    "Title",
    "Subtitle",
    "TOC Heading",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "Table Grid",
)
#: A block is ("p", ((text, bold, italic), ...)), ("bullet" | "number", text) or
#: ("table", rows), the first row being the header.
Block = tuple[str, Any]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> Block:
    """A paragraph of about 100 words with one bold and one italic phrase."""
    runs = (
        (_sentence(rng, 28) + " ", False, False),
        (_sentence(rng, 4)[:-1], True, False),
        (" " + _sentence(rng, 28) + " ", False, False),
        (_sentence(rng, 3)[:-1], False, True),
        (" " + _sentence(rng, 28), False, False),
    )
    return ("p", runs)


def _section_blocks(rng: random.Random, n: int) -> list[Block]:
    blocks = [_paragraph(rng) for _ in range(4)]
    blocks += [("bullet", _sentence(rng, 10)) for _ in range(4)]
    blocks.append(_paragraph(rng))
    if n % 3 == 0:
        blocks += [("number", _sentence(rng, 10)) for _ in range(3)]
    if n % 10 == 0:
        header = ("Maßnahme", "Zuständig", "Stand")
        rows = [(_sentence(rng, 4), rng.choice(WORDS), f"Q{k % 4 + 1}/2027") for k in range(6)]
        blocks.append(("table", [header, *rows]))
    return blocks


def _markdown(blocks: list[Block]) -> str:
    """Write blocks as the Markdown a user would type."""
    parts: list[str] = []
    for kind, content in blocks:
        if kind == "p":
            parts.append(
                "".join(
                    f"**{t}**" if bold else f"*{t}*" if italic else t for t, bold, italic in content
                )
            )
        elif kind == "table":
            lines = ["| " + " | ".join(row) + " |" for row in content]
            lines.insert(1, "|" + "---|" * len(content[0]))
            parts.append("\n".join(lines))
        else:
            marker = "- " if kind == "bullet" else "1. "
            if parts and parts[-1].startswith(marker):
                parts[-1] += f"\n{marker}{content}"
            else:
                parts.append(marker + content)
    return "\n\n".join(parts)


def sample(sections: int = SECTIONS, seed: int = 7) -> tuple[VersionExport, list[list[Block]]]:
    """Return a long version and, per section, the same body as pre-split blocks."""
    rng = random.Random(seed)
    blocks = [_section_blocks(rng, n) for n in range(1, sections + 1)]
    export = VersionExport(
        title="Kreisweites Handlungskonzept Integration",
        body_name="Lenkungsgruppe KIM",
        number="2.0",
        status="beschlossen",
        stand=date(2026, 11, 24),
        decision="LG 2026/07",
        content_hash="9f2c" * 16,
        change_note="Fortschreibung aller Handlungsfelder",
        sections=tuple(
            ExportSection(
                level=(1, 2, 2, 3)[n % 4],
                heading=f"{n + 1}. {_sentence(rng, 5)}",
                body=_markdown(body),
            )
            for n, body in enumerate(blocks)
        ),
        history=(
            HistoryEntry("1.0", "beschlossen", date(2025, 6, 1), "Erstfassung", "LG 2025/03"),
            HistoryEntry("2.0", "beschlossen", date(2026, 11, 24), "Fortschreibung", "LG 2026/07"),
        ),
        generated_at=GENERATED,
    )
    return export, blocks


def build_plain(export: VersionExport, blocks: list[list[Block]]) -> bytes:
    """Write the same version with python-docx calls only (the sample's shape is known)."""
    document = Document()
    # Styles looked up once per document, as our builder does: python-docx would otherwise
    # search styles.xml by name on every add_paragraph(style="…").
    styles = {name: document.styles[name] for name in _STYLES}
    document.core_properties.title = f"{export.title}, Version {export.number}"
    document.sections[0].header.paragraphs[0].text = f"{export.body_name} · {export.title}"
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run(f"{export.title} · Version {export.number}\tSeite ")
    _plain_field(footer, " PAGE ")
    footer.add_run(" von ")
    _plain_field(footer, " NUMPAGES ")
    document.add_paragraph(export.title, style=styles["Title"])
    document.add_paragraph(export.body_name, style=styles["Subtitle"])
    document.add_paragraph().add_run(f"Version {export.number}").bold = True
    for line in (
        "Status: beschlossen",
        "Stand: 24.11.2026",
        "Beschluss LG 2026/07",
        f"Änderungen gegenüber der Vorfassung: {export.change_note}",
        f"Prüfsumme (SHA-256): {export.content_hash}",
        "Ausgabe erstellt am 24.11.2026, 14:00 Uhr",
    ):
        document.add_paragraph(line)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph(TOC_HEADING, style=styles["TOC Heading"])
    toc = document.add_paragraph()
    _plain_field(toc, TOC_INSTRUCTION, TOC_PLACEHOLDER)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for section, body in zip(export.sections, blocks, strict=True):
        document.add_paragraph(section.heading, style=styles[f"Heading {section.level}"])
        _plain_blocks(document, styles, body)
    document.add_paragraph(HISTORY_HEADING, style=styles["Heading 1"])
    rows = [
        (e.number, e.status, f"{e.stand:%d.%m.%Y}", e.change_note, e.decision)
        for e in export.history
    ]
    _plain_table(document, styles, [HISTORY_COLUMNS, *rows])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _plain_field(paragraph, instruction: str, shown: str = "1") -> None:
    for kind in ("begin", "instr", "separate"):
        element = OxmlElement("w:instrText" if kind == "instr" else "w:fldChar")
        if kind == "instr":
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        else:
            element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _plain_blocks(document, styles: dict, blocks: list[Block]) -> None:
    for kind, content in blocks:
        if kind == "p":
            paragraph = document.add_paragraph()
            for text, bold, italic in content:
                run = paragraph.add_run(text)
                if bold:
                    run.bold = True
                if italic:
                    run.italic = True
        elif kind == "table":
            _plain_table(document, styles, content)
        else:
            document.add_paragraph(
                content, style=styles["List Bullet" if kind == "bullet" else "List Number"]
            )


def _plain_table(document, styles: dict, rows) -> None:
    table = document.add_table(rows=1, cols=len(rows[0]))
    table.style = styles["Table Grid"]
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(header.cells, rows[0], strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows[1:]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.paragraphs[0].add_run(value)


def measure(repeats: int = 5) -> dict:
    """Time both writers ``repeats`` times each, alternating, after one warm-up build each."""
    export, blocks = sample()
    words = sum(len(section.body.split()) for section in export.sections)
    ours_bytes, plain_bytes = build_version_docx(export), build_plain(export, blocks)
    same = docx_texts(ours_bytes) == docx_texts(plain_bytes)
    times = time_writers(
        lambda: build_version_docx(export), lambda: build_plain(export, blocks), repeats
    )
    return {
        "sections": len(export.sections),
        "words": words,
        "repeats": repeats,
        **times,
        "same_content": same,
        "target_ratio": TARGET_RATIO,
    }


def summary(result: dict) -> str:
    """Return the lines the harness prints."""
    head = (
        f"Document version DOCX of {result['sections']} sections, about {result['words']:,} "
        f"words, {result['repeats']} builds each (best / median):"
    )
    return "\n".join([head, *writer_lines(result, "ours (build_version_docx)", TARGET_RATIO)])


def missed(result: dict) -> list[str]:
    """Return the missed target, if any, in the words of the harness's list."""
    if result["ratio"] <= TARGET_RATIO:
        return []
    return [
        f"document DOCX export: {result['ratio']:.2f} × python-docx alone (target ≤ {TARGET_RATIO})"
    ]


def main(argv: list[str] | None = None) -> int:
    """Print the timings; exit 0 even when the target is missed, as ``benchmarks.run`` does."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    print(summary(measure(parser.parse_args(argv).repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A Word table as a Markdown pipe table, one line per row, with its losses reported.

A pipe table row is one line, so a cell's paragraphs and line breaks are joined by
:data:`CELL_BREAK` (``<br>``), which ``portal.markup`` keeps as a line break and the Word
export turns back into one. Merged cells are split (the text stays in the first), a nested
table is flattened into its cell, and a deleted row under tracked changes is left out; each of
these is reported.
"""

from __future__ import annotations

from lxml import etree

from documents.docx_import.reading import Reader
from documents.docx_import.report import DELETED_ROW, MERGED_CELLS, NESTED_TABLE, TOC, Problems
from documents.docx_import.styles import BULLET, Numbering
from documents.docx_import.wordml import SDT, TBL, TC, TR, P, W, body_blocks, children, to_int, val

#: The line break inside a Markdown table cell; portal.markup keeps this inline HTML.
CELL_BREAK = "<br>"


class TableReader:
    """Turns tables into pipe tables, sharing the paragraph reader and list numbering."""

    def __init__(self, reader: Reader, numbering: Numbering, problems: Problems) -> None:
        self._reader = reader
        self._numbering = numbering
        self._problems = problems

    def markdown(self, tbl: etree._Element, where: str) -> str | None:
        """Return the table as a pipe table with its first row as header, None if it is empty."""
        rows = []
        for number, tr in enumerate(children(tbl, TR), 1):
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                self._problems.add(f"{where}, Zeile {number}", DELETED_ROW)
                continue
            cells = [""] * to_int(val(trpr, "gridBefore"), 0)
            for tc in children(tr, TC):
                tcpr = tc.find(W + "tcPr")
                span = max(1, to_int(val(tcpr, "gridSpan"), 1))
                merged = tcpr is not None and tcpr.find(W + "vMerge") is not None
                text = self._cell(tc, f"{where}, Zeile {number}, Spalte {len(cells) + 1}")
                if span > 1 or (merged and val(tcpr, "vMerge") != "restart"):
                    self._problems.add(where, MERGED_CELLS)
                cells.append(text)
                cells.extend([""] * (span - 1))
            rows.append(cells)
        width = max((len(row) for row in rows), default=0)
        if not width:
            return None
        lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
        lines.insert(1, "|" + " --- |" * width)
        return "\n".join(lines)

    def _cell(self, tc: etree._Element, where: str) -> str:
        """Render a cell as one line of inline Markdown, its paragraphs joined by ``<br>``."""
        pieces = []
        for block in body_blocks(tc):
            if block.tag == P:
                pieces.extend(self._cell_paragraph(block, where))
            elif block.tag == TBL:
                self._problems.add(where, NESTED_TABLE)
                for tr in children(block, TR):
                    texts = [self._cell(inner, where) for inner in children(tr, TC)]
                    pieces.append(" / ".join(text for text in texts if text))
            elif block.tag == SDT:
                self._problems.add(where, TOC)
        return CELL_BREAK.join(piece for piece in pieces if piece)

    def _cell_paragraph(self, p: etree._Element, where: str) -> list[str]:
        style = self._reader.styles.paragraph(p)
        inline = self._reader.read(p)
        for note in inline.notes:
            self._problems.add(where, note)
        lines = inline.lines()
        item = None if style.heading else self._numbering.item(style)
        if lines and item is not None:
            kind, _level, number = item
            lines[0] = ("• " if kind == BULLET else f"{number}. ") + lines[0]
        return lines

"""Import a Word file (.docx) as the sections of a document: level, heading and Markdown body.

The secretariat keeps the kreisweites Handlungskonzept in Word; uploading the file creates a
draft. Word holds far more than the portal's Markdown (images, text boxes, footnotes, tracked
changes, fields), so the import carries over what Markdown can say and reports everything else
as an :class:`ImportProblem` with a German location. Nothing is dropped silently: the
secretariat fixes the draft by hand instead of finding gaps after adoption.

The import is a package because it reads many kinds of Word structure; each module holds one:

- :mod:`.package` opens the upload and refuses what cannot be read (.doc, encrypted, zip bomb),
- :mod:`.wordml` names the XML and walks the body through content controls,
- :mod:`.styles` says what styles and numbering make of a paragraph (heading, title, list),
- :mod:`.reading` reads a paragraph's runs, links, fields and tracked changes,
- :mod:`.inline` turns the formatted text into escaped Markdown lines,
- :mod:`.tables` writes tables as pipe tables,
- :mod:`.sections` walks the body once and builds the sections,
- :mod:`.report` holds the German report of everything not carried over.

Callers import from here: ``from documents.docx_import import import_docx``.
"""

from documents.docx_import.package import MAX_UNPACKED_BYTES, UnreadableDocument
from documents.docx_import.report import MAX_PROBLEMS, ImportProblem
from documents.docx_import.sections import (
    MAX_HEADING,
    PREFACE_HEADING,
    ImportedSection,
    ImportResult,
    import_docx,
)
from documents.docx_import.tables import CELL_BREAK

__all__ = [
    "CELL_BREAK",
    "MAX_HEADING",
    "MAX_PROBLEMS",
    "MAX_UNPACKED_BYTES",
    "PREFACE_HEADING",
    "ImportProblem",
    "ImportResult",
    "ImportedSection",
    "UnreadableDocument",
    "import_docx",
]

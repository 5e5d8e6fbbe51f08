"""Pure domain modules import no Flask, no SQLAlchemy and no extensions (STYLE.md rule 4)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Every module of pure domain logic; later areas add theirs (tally, quorum, ICS, DOCX, diff).
PURE_MODULES = [
    "portal/timeutil.py",
    "portal/filetypes.py",
    "portal/blobstore.py",
    "meetings/numbering.py",
    "meetings/notice.py",
    "meetings/quorum.py",
    "meetings/presence.py",
    "meetings/docx_data.py",
    "meetings/docx_common.py",
    "meetings/docx_agenda.py",
    "meetings/docx_minutes.py",
    "meetings/textdiff.py",
    "meetings/tally.py",
    "meetings/proposal_flow.py",
    "portal/reference_numbers.py",
    "meetings/implementation.py",
    "meetings/docx_register.py",
    "meetings/electorate.py",
    "portal/ics.py",
    "portal/mail_message.py",
    "portal/conditional.py",
    "documents/versioning.py",
    "documents/compare.py",
    "documents/docx_data.py",
    "documents/docx_markdown.py",
    "documents/docx_markdown_tree.py",
    "documents/docx_blocks.py",
    "documents/docx_runs.py",
    "documents/docx_part_state.py",
    "documents/docx_version.py",
    "documents/docx_comparison.py",
    "documents/docx_import/__init__.py",
    "documents/docx_import/package.py",
    "documents/docx_import/wordml.py",
    "documents/docx_import/styles.py",
    "documents/docx_import/reading.py",
    "documents/docx_import/inline.py",
    "documents/docx_import/tables.py",
    "documents/docx_import/sections.py",
    "documents/docx_import/report.py",
    "portal/statistics/catalogue.py",
    "portal/statistics/periods.py",
    "portal/statistics/disclosure.py",
    "portal/statistics/identities.py",
    "portal/statistics/intervals.py",
    "portal/statistics/lp.py",
    "portal/statistics/linked.py",
    "portal/statistics/allocation.py",
    "portal/statistics/csv_format.py",
    "portal/statistics/personal_data.py",
    "portal/statistics/shown.py",
    "portal/statistics/charts.py",
    "portal/statistics/chart_descriptions.py",
    "portal/statistics/table_export.py",
    "portal/statistics/observation_catalogue.py",
]
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "portal.extensions", "portal.models", "werkzeug")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_nothing_of_the_framework(module):
    imported = _imports(ROOT / module)
    offending = sorted(name for name in imported if name.startswith(FORBIDDEN))
    assert offending == [], f"{module} imports {offending}"

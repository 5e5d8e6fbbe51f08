"""What case management reports per municipality and quarter: measures, breakdowns, CSV columns.

One list drives the entry form, the CSV format, the consistency checks, the tables and the
disclosure control, so a new category is added here once. Figures travel as a flat mapping of
*item keys* to counts: a measure's key (``"open"``) or a dimension's key and a category's key
joined by a dot (``"stage.1"``). Labels are German message ids, translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a label for the message catalogue; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Measure:
    """A count reported on its own (cases open at quarter end, new cases, ...)."""

    key: str
    label: str
    column: str


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    column: str


@dataclass(frozen=True)
class Dimension:
    """A breakdown: its categories add up to ``total``, or each stays within ``bound``.

    ``total`` names the measure the categories must add up to (one category per case);
    ``bound`` the measure no single category may exceed (several categories per case, as with
    need topics). Referrals have neither: one case can be referred to many partners.
    """

    key: str
    label: str
    categories: tuple[Category, ...]
    total: str | None = None
    bound: str | None = None

    def item(self, category: Category) -> str:
        return f"{self.key}.{category.key}"

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(self.item(category) for category in self.categories)


MEASURES: tuple[Measure, ...] = (
    Measure("open", N_("Offene Fälle am Quartalsende"), "offen"),
    Measure("new", N_("Neue Fälle im Quartal"), "neu"),
    Measure("closed", N_("Abgeschlossene Fälle im Quartal"), "abgeschlossen"),
    Measure("naturalisation", N_("Einbürgerungsberatungen (Baustein 3)"), "einbuergerungsberatung"),
)

DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "closed_reason",
        N_("Abschlussgrund"),
        (
            Category("goals_reached", N_("Ziele erreicht"), "abschluss_ziele_erreicht"),
            Category("moved_away", N_("Weggezogen"), "abschluss_weggezogen"),
            Category("contact_lost", N_("Kontakt abgebrochen"), "abschluss_kontakt_abgebrochen"),
            Category("other", N_("Sonstiger Grund"), "abschluss_sonstiges"),
        ),
        total="closed",
    ),
    Dimension(
        "referral",
        N_("Vermittlungen an Partner"),
        (
            Category("jobcenter", N_("Jobcenter"), "vermittlung_jobcenter"),
            Category("employment_agency", N_("Agentur für Arbeit"), "vermittlung_agentur"),
            Category(
                "immigration_office", N_("Ausländerbehörde"), "vermittlung_auslaenderbehoerde"
            ),
            Category("bamf", N_("BAMF / Integrationskurs"), "vermittlung_bamf"),
            Category("youth_migration", N_("Jugendmigrationsdienst"), "vermittlung_jmd"),
            Category("migration_counselling", N_("Migrationsberatung"), "vermittlung_mbe"),
            Category("municipality", N_("Kommune"), "vermittlung_kommune"),
            Category("other", N_("Sonstige"), "vermittlung_sonstige"),
        ),
    ),
    Dimension(
        "stage",
        N_("Zielgruppenstufe"),
        (
            Category(
                "1",
                N_("Stufe 1: 18–35 Jahre ohne junge Geduldete und Gestattete"),
                "stufe_1",
            ),
            Category("2", N_("Stufe 2: zusätzlich Geduldete und Gestattete 18–27"), "stufe_2"),
            Category("3", N_("Stufe 3: weitere Zielgruppen"), "stufe_3"),
        ),
        total="open",
    ),
    Dimension(
        "age",
        N_("Altersgruppe"),
        (
            Category("under_18", N_("unter 18 Jahre"), "alter_unter_18"),
            Category("18_26", N_("18 bis 26 Jahre"), "alter_18_26"),
            Category("27_35", N_("27 bis 35 Jahre"), "alter_27_35"),
            Category("36_plus", N_("36 Jahre und älter"), "alter_36_plus"),
        ),
        total="open",
    ),
    Dimension(
        "gender",
        N_("Geschlecht"),
        (
            Category("female", N_("weiblich"), "geschlecht_weiblich"),
            Category("male", N_("männlich"), "geschlecht_maennlich"),
            Category("diverse", N_("divers"), "geschlecht_divers"),
            Category("not_stated", N_("ohne Angabe"), "geschlecht_ohne_angabe"),
        ),
        total="open",
    ),
    Dimension(
        "residence",
        N_("Aufenthaltsstatus"),
        (
            Category("gestattung", N_("Aufenthaltsgestattung"), "status_gestattung"),
            Category("duldung", N_("Duldung"), "status_duldung"),
            Category("erlaubnis", N_("Aufenthaltserlaubnis"), "status_aufenthaltserlaubnis"),
            Category(
                "niederlassung", N_("Niederlassungserlaubnis / EU"), "status_niederlassung_eu"
            ),
            Category("other", N_("Sonstiger Status"), "status_sonstiger"),
        ),
        total="open",
    ),
    Dimension(
        "legal",
        N_("Rechtskreis"),
        (
            Category("sgb2", N_("SGB II"), "rechtskreis_sgb2"),
            Category("sgb3", N_("SGB III"), "rechtskreis_sgb3"),
            Category("asylblg", N_("AsylbLG"), "rechtskreis_asylblg"),
            Category("sgb8", N_("SGB VIII"), "rechtskreis_sgb8"),
            Category("sgb12", N_("SGB XII"), "rechtskreis_sgb12"),
            Category("none", N_("ohne Leistungsbezug"), "rechtskreis_ohne"),
        ),
        total="open",
    ),
    Dimension(
        "need",
        N_("Bedarfsthemen (mehrere je Fall)"),
        (
            Category("language", N_("Sprache"), "bedarf_sprache"),
            Category("school", N_("Schule / Ausbildung"), "bedarf_schule_ausbildung"),
            Category("work", N_("Arbeit"), "bedarf_arbeit"),
            Category("housing", N_("Wohnen"), "bedarf_wohnen"),
            Category("health", N_("Gesundheit"), "bedarf_gesundheit"),
            Category("residence", N_("Aufenthalt"), "bedarf_aufenthalt"),
            Category("family", N_("Familie"), "bedarf_familie"),
            Category("naturalisation", N_("Einbürgerung"), "bedarf_einbuergerung"),
        ),
        bound="open",
    ),
)

#: Every item key in the order of the entry form and the CSV columns.
ITEMS: tuple[str, ...] = tuple(m.key for m in MEASURES) + tuple(
    item for dimension in DIMENSIONS for item in dimension.items
)

#: CSV column name → item key, and back.
COLUMN_ITEMS: dict[str, str] = {m.column: m.key for m in MEASURES} | {
    category.column: dimension.item(category)
    for dimension in DIMENSIONS
    for category in dimension.categories
}
ITEM_COLUMNS: dict[str, str] = {item: column for column, item in COLUMN_ITEMS.items()}

#: The leading CSV columns that name the reporting unit.
UNIT_COLUMNS: tuple[str, ...] = ("kommune", "jahr", "quartal")

_LABELS: dict[str, str] = {m.key: m.label for m in MEASURES} | {
    dimension.item(category): category.label
    for dimension in DIMENSIONS
    for category in dimension.categories
}
_DIMENSIONS = {dimension.key: dimension for dimension in DIMENSIONS}
_MEASURES = {measure.key: measure for measure in MEASURES}


def label(item: str) -> str:
    """Return the (untranslated) label of an item key."""
    return _LABELS[item]


def dimension(key: str) -> Dimension:
    return _DIMENSIONS[key]


def measure(key: str) -> Measure:
    return _MEASURES[key]


@dataclass(frozen=True)
class Inconsistency:
    """A breakdown that does not fit its measure: ``message`` is a message id with ``params``."""

    item: str
    message: str
    params: Mapping[str, int | str]


def inconsistencies(counts: Mapping[str, int]) -> list[Inconsistency]:
    """Check the breakdowns of one municipality-quarter against their measures.

    Categories with ``total`` must add up to it exactly; with ``bound`` none may exceed it.
    Counts are assumed to be present and non-negative (the caller checks that first).
    """
    found: list[Inconsistency] = []
    for dim in DIMENSIONS:
        if dim.total is not None:
            total = counts[dim.total]
            added = sum(counts[item] for item in dim.items)
            if added != total:
                found.append(
                    Inconsistency(
                        dim.items[0],
                        N_(
                            "„%(dimension)s“ ergibt zusammen %(sum)d, "
                            "„%(measure)s“ ist aber %(total)d."
                        ),
                        {
                            "dimension": dim.label,
                            "sum": added,
                            "measure": _MEASURES[dim.total].label,
                            "total": total,
                        },
                    )
                )
        if dim.bound is not None:
            bound = counts[dim.bound]
            for item in dim.items:
                if counts[item] > bound:
                    found.append(
                        Inconsistency(
                            item,
                            N_("%(value)d ist mehr als „%(measure)s“ (%(bound)d)."),
                            {
                                "value": counts[item],
                                "measure": _MEASURES[dim.bound].label,
                                "bound": bound,
                            },
                        )
                    )
    return found

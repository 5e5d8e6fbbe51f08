"""German labels of the statistics area for the audit log."""

from portal.i18n import lazy_gettext as _l

ACTION_LABELS = {
    "statistics.figures_reported": _l("Fallzahlen gemeldet"),
    "statistics.figures_corrected": _l("Fallzahlen korrigiert"),
    "statistics.raw_read": _l("Gemeldete Fallzahlen eingesehen"),
    "statistics.history_read": _l("Verlauf gemeldeter Fallzahlen eingesehen"),
    "statistics.published": _l("Quartal veröffentlicht"),
    "statistics.snapshot_created": _l("Statistik-Stand festgehalten"),
    "statistics.linked": _l("Statistik verknüpft"),
    "statistics.unlinked": _l("Statistik-Verknüpfung entfernt"),
    "staffing.saved": _l("Stellenverteilung gespeichert"),
}

OBJECT_TYPE_LABELS = {
    "CaseFigureReport": _l("Fallzahlenmeldung"),
    "StatisticsPublication": _l("Veröffentlichung"),
    "StatisticsSnapshot": _l("Statistik-Stand"),
    "StaffingCalculation": _l("Stellenverteilung"),
}

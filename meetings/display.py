"""Template filters of the meeting pages: clock times and the values of the change record."""

from __future__ import annotations

from datetime import datetime

from meetings.labels import AGENDA_ITEM_KIND_LABELS, MEETING_STATUS_LABELS
from meetings.models import AgendaItemKind, MeetingStatus
from portal.i18n import de_datetime
from portal.i18n import lazy_gettext as _l
from portal.timeutil import time_text, to_local

_YES = _l("ja")
_NO = _l("nein")


def de_time(value: datetime | None) -> str:
    """Format the Berlin clock time of an aware datetime: "16:00"."""
    return time_text(to_local(value)) if value is not None else ""


def change_value(value, key: str) -> str:
    """Show a value kept in the change record (JSON) as the pages show it elsewhere."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_YES if value else _NO)
    if key in ("starts_at", "ends_at"):
        return de_datetime(datetime.fromisoformat(value))
    if key == "status" and value in MeetingStatus._value2member_map_:
        return str(MEETING_STATUS_LABELS[MeetingStatus(value)])
    if key == "kind" and value in AgendaItemKind._value2member_map_:
        return str(AGENDA_ITEM_KIND_LABELS[AgendaItemKind(value)])
    return str(value)

"""The meetings area's forms, one module per page family; import them from here."""

from meetings.forms.attachments import PaperForm
from meetings.forms.meeting import (
    AgendaItemForm,
    CancelForm,
    InvitationForm,
    MeetingForm,
    MoveForm,
    SeriesForm,
)

__all__ = [
    "AgendaItemForm",
    "CancelForm",
    "InvitationForm",
    "MeetingForm",
    "MoveForm",
    "PaperForm",
    "SeriesForm",
]

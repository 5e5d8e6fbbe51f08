"""Forms of the user's own profile beyond password and language: which mails to receive."""

from __future__ import annotations

from wtforms import BooleanField
from wtforms.validators import ValidationError

from portal.forms import PortalForm
from portal.i18n import lazy_gettext as _l
from portal.models import NotificationKind

NOTIFICATION_KIND_LABELS = {
    NotificationKind.INVITATION: _l("Einladungen zu Sitzungen"),
    NotificationKind.AGENDA_CHANGED: _l("Änderungen der Tagesordnung oder der Sitzung"),
    NotificationKind.MEETING_CANCELLED: _l("Absagen von Sitzungen"),
    NotificationKind.MINUTES_CIRCULATED: _l("Niederschriften zur Stellungnahme"),
    NotificationKind.MINUTES_APPROVED: _l("Genehmigte Niederschriften"),
    NotificationKind.DEPUTY_SENT: _l(
        "Benachrichtigung, wenn ich als Stellvertretung entsandt werde"
    ),
    NotificationKind.SUGGESTION_DECIDED: _l(
        "Entscheidungen über meine Vorschläge zur Tagesordnung"
    ),
    NotificationKind.PROPOSAL_STEP: _l("Neuer Stand meiner Beschlussvorlagen"),
    NotificationKind.BALLOT_OPENED: _l("Abstimmungen und Umlaufverfahren, an denen ich teilnehme"),
    NotificationKind.BALLOT_REMINDER: _l(
        "Erinnerung vor dem Ende eines Umlaufverfahrens, wenn ich noch nicht abgestimmt habe"
    ),
    NotificationKind.DECISION_FOLLOW_UP: _l(
        "Maßnahmen aus Beschlüssen, für die ich verantwortlich bin"
    ),
}

#: What a browser sends for a ticked checkbox (ours carry value="y"; "on" without a value).
_TICKED = ("y", "on")


def _ticked_or_not(_form, field) -> None:
    """Refuse any value a checkbox cannot send, instead of reading it as "yes"."""
    if field.raw_data and field.raw_data[0] not in (*_TICKED, *field.false_values):
        raise ValidationError(_l("Bitte setzen Sie einen Haken oder lassen Sie das Feld leer."))


def _kind_field(kind: NotificationKind) -> BooleanField:
    return BooleanField(NOTIFICATION_KIND_LABELS[kind], validators=[_ticked_or_not])


class NotificationPreferencesForm(PortalForm):
    """One checkbox per kind of mail, named by the kind; ticked means the person wants it."""

    invitation = _kind_field(NotificationKind.INVITATION)
    agenda_changed = _kind_field(NotificationKind.AGENDA_CHANGED)
    meeting_cancelled = _kind_field(NotificationKind.MEETING_CANCELLED)
    minutes_circulated = _kind_field(NotificationKind.MINUTES_CIRCULATED)
    minutes_approved = _kind_field(NotificationKind.MINUTES_APPROVED)
    deputy_sent = _kind_field(NotificationKind.DEPUTY_SENT)
    suggestion_decided = _kind_field(NotificationKind.SUGGESTION_DECIDED)
    proposal_step = _kind_field(NotificationKind.PROPOSAL_STEP)
    ballot_opened = _kind_field(NotificationKind.BALLOT_OPENED)
    ballot_reminder = _kind_field(NotificationKind.BALLOT_REMINDER)
    decision_follow_up = _kind_field(NotificationKind.DECISION_FOLLOW_UP)

    def kind_fields(self) -> list[BooleanField]:
        """Return the checkboxes in the order of the kinds."""
        return [self[kind.value] for kind in NotificationKind]

    def choices(self) -> dict[NotificationKind, bool]:
        """Return the submitted choice for every kind."""
        return {kind: bool(self[kind.value].data) for kind in NotificationKind}

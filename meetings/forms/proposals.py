"""Forms of the proposal pages: the proposal, one small form per lifecycle step, amendments.

They check syntax only (required, length, numbers); the lifecycle and the other rules live in
``meetings.services.proposals`` and answer with German messages next to the same fields.
"""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from meetings.proposal_flow import Outcome, ProposalStatus
from meetings.proposal_labels import OUTCOME_LABELS, STATUS_LABELS
from portal.filetypes import ACCEPT
from portal.forms import PortalForm, max_length, optional_int, optional_str, select_choices
from portal.i18n import lazy_gettext as _l

MARKDOWN_HINT = _l("Markdown ist erlaubt (z. B. **fett**, Listen mit -).")


class ProposalFilterForm(PortalForm):
    """The list's filters (GET, no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    view = HiddenField()
    body = SelectField(_l("Gremium"), coerce=optional_str)
    status = SelectField(_l("Status"), coerce=optional_str)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [(None, _l("alle"))]
        self.body.choices = select_choices([*everything, *bodies])
        self.status.choices = select_choices(
            [*everything, *((status.value, STATUS_LABELS[status]) for status in ProposalStatus)]
        )


class ProposalForm(PortalForm):
    """The text of a proposal and its expected effects."""

    title = StringField(
        _l("Titel"),
        validators=[DataRequired(message=_l("Bitte geben Sie einen Titel an.")), max_length(200)],
    )
    resolution_text = TextAreaField(
        _l("Beschlussvorschlag"),
        description=_l("Der Text, den die Lenkungsgruppe beschließen soll."),
        validators=[
            DataRequired(message=_l("Bitte geben Sie den Beschlussvorschlag an.")),
            max_length(20000),
        ],
    )
    rationale = TextAreaField(
        _l("Begründung"), description=MARKDOWN_HINT, validators=[max_length(20000)]
    )
    costs = TextAreaField(
        _l("Kosten"),
        description=_l("Erwartete Kosten und ihre Deckung; „keine“, wenn keine entstehen."),
        validators=[max_length(5000)],
    )
    affected_organisations = TextAreaField(
        _l("Betroffene Organisationen"),
        description=_l("Welche Stellen der Beschluss betrifft, z. B. Jobcenter, Kommunen."),
        validators=[max_length(5000)],
    )
    is_public = BooleanField(
        _l("Öffentliche Vorlage (für alle sichtbar, sobald sie den Entwurf verlässt)")
    )
    lock_version = HiddenField()


class ForwardForm(PortalForm):
    """The working group's recommendation and its vote."""

    recommendation = TextAreaField(
        _l("Empfehlung der Arbeitsgruppe"),
        description=_l(
            "z. B. „Die AG empfiehlt der Lenkungsgruppe, den Vorschlag zu beschließen.“"
        ),
        validators=[
            DataRequired(message=_l("Bitte geben Sie die Empfehlung der Arbeitsgruppe an.")),
            max_length(2000),
        ],
    )
    votes_yes = IntegerField(
        _l("Ja-Stimmen"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie die Zahl der Ja-Stimmen an.")),
            NumberRange(min=0, max=999, message=_l("Bitte geben Sie eine Zahl von 0 bis 999 an.")),
        ],
    )
    votes_no = IntegerField(
        _l("Nein-Stimmen"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie die Zahl der Nein-Stimmen an.")),
            NumberRange(min=0, max=999, message=_l("Bitte geben Sie eine Zahl von 0 bis 999 an.")),
        ],
    )
    votes_abstain = IntegerField(
        _l("Enthaltungen"),
        validators=[
            InputRequired(message=_l("Bitte geben Sie die Zahl der Enthaltungen an.")),
            NumberRange(min=0, max=999, message=_l("Bitte geben Sie eine Zahl von 0 bis 999 an.")),
        ],
    )


class ReturnForm(PortalForm):
    """Why the secretariat returns the proposal to the working group."""

    reason = TextAreaField(
        _l("Grund der Rückgabe"),
        description=_l(
            "Was fehlt oder zu klären ist; die Einreicherin oder der Einreicher liest es."
        ),
        validators=[
            DataRequired(message=_l("Bitte geben Sie einen Grund für die Rückgabe an.")),
            max_length(2000),
        ],
    )


class WithdrawForm(PortalForm):
    """An optional reason for withdrawing one's own proposal."""

    reason = TextAreaField(_l("Grund"), validators=[Optional(), max_length(2000)])


def _meeting_choices(form, meetings, required: bool) -> None:
    empty = [] if required else [(None, _l("– ohne Sitzung –"))]
    form.meeting.choices = select_choices([*empty, *meetings])
    form.required = required


def _meeting_valid(form) -> bool:
    """Check the chosen meeting is one offered (or none, where that is allowed)."""
    chosen = form.meeting.data
    if chosen is None and form.required:
        form.meeting.errors = [_l("Bitte wählen Sie eine Sitzung aus.")]
        return False
    if chosen is not None and str(chosen) not in {c.value for c in form.meeting.choices}:
        form.meeting.errors = [_l("Bitte wählen Sie eine Sitzung aus der Liste.")]
        return False
    return True


class MeetingChoiceForm(PortalForm):
    """Which meeting's agenda the proposal goes on."""

    meeting = SelectField(_l("Sitzung"), coerce=optional_int, validate_choice=False)

    def __init__(self, *args, meetings=(), required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        _meeting_choices(self, meetings, required)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _meeting_valid(self) and valid


class DecideForm(PortalForm):
    """A decision taken without a ballot in the portal."""

    outcome = SelectField(
        _l("Ergebnis"),
        choices=select_choices(
            [
                (None, _l("– bitte wählen –")),
                *(
                    (outcome.value, OUTCOME_LABELS[outcome])
                    for outcome in Outcome
                    if outcome != Outcome.ADOPTED_WITH_CHANGES
                ),
            ]
        ),
        validators=[
            InputRequired(message=_l("Bitte wählen Sie das Ergebnis der Entscheidung aus."))
        ],
    )
    mandate = TextAreaField(
        _l("Auftrag an die Arbeitsgruppe"),
        description=_l("Nur bei Zurückverweisung: was die Arbeitsgruppe klären oder ändern soll."),
        validators=[Optional(), max_length(2000)],
    )
    meeting = SelectField(
        _l("Sitzung"),
        description=_l("In welcher Sitzung entschieden wurde."),
        coerce=optional_int,
        validate_choice=False,
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        _meeting_choices(self, meetings, required=False)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _meeting_valid(self) and valid


class AmendmentForm(PortalForm):
    """An amendment: the whole resolution text as it should read, and why."""

    resolution_text = TextAreaField(
        _l("Geänderter Beschlusstext"),
        description=_l(
            "Ändern Sie den vorgeschlagenen Text so, wie er beschlossen werden soll. Die "
            "Änderungen werden wortgenau hervorgehoben."
        ),
        validators=[
            DataRequired(message=_l("Bitte geben Sie den geänderten Beschlusstext an.")),
            max_length(20000),
        ],
    )
    rationale = TextAreaField(_l("Begründung"), validators=[Optional(), max_length(5000)])


class AttachmentForm(PortalForm):
    """One file and the title it is listed under."""

    file = FileField(
        _l("Datei"),
        validators=[FileRequired(message=_l("Bitte wählen Sie eine Datei aus."))],
        render_kw={"accept": ACCEPT},
    )
    title = StringField(
        _l("Titel"),
        description=_l("z. B. „Anlage 1: Kostenschätzung“; ohne Angabe der Dateiname."),
        validators=[Optional(), max_length(300)],
    )

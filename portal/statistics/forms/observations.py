"""Forms of the interface observations: report, triage, filter the list (syntax only).

Required choices and the personal-data check are the service's, so one round trip shows every
message at once, the warning about personal data included.
"""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import PortalForm, max_length, optional_int, optional_str, select_choices
from portal.i18n import lazy_gettext as _l
from portal.statistics.models import Assessment, ObservationStatus
from portal.statistics.observation_catalogue import AUTHORITIES, TOPICS

STATUS_LABELS = {
    ObservationStatus.NEW: _l("Neu"),
    ObservationStatus.IN_REVIEW: _l("In Prüfung"),
    ObservationStatus.TAKEN_UP: _l("Aufgegriffen"),
    ObservationStatus.NOTED: _l("Zur Kenntnis genommen"),
    ObservationStatus.CLOSED: _l("Geschlossen"),
}
#: The triage form names each step as what it does.
STEP_LABELS = {
    ObservationStatus.IN_REVIEW: _l("In Prüfung nehmen (oder wieder öffnen)"),
    ObservationStatus.TAKEN_UP: _l("Aufgegriffen durch eine Vorlage"),
    ObservationStatus.NOTED: _l("Zur Kenntnis genommen"),
    ObservationStatus.CLOSED: _l("Schließen (mit Begründung)"),
}
ASSESSMENT_LABELS = {
    Assessment.GOOD: _l("Läuft gut"),
    Assessment.BAD: _l("Läuft schlecht"),
}


def authority_choices():
    return select_choices((key, _l(label)) for key, label in AUTHORITIES.items())


def topic_choices(empty_label):
    return select_choices([(None, empty_label), *((k, _l(v)) for k, v in TOPICS.items())])


class ObservationForm(PortalForm):
    authorities = SelectMultipleField(
        _l("Beteiligte Stellen"),
        description=_l("Alle Stellen, zwischen denen es gut oder schlecht läuft."),
        coerce=str,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=False,
    )
    topic = SelectField(_l("Thema"), coerce=optional_str, validate_choice=False)
    assessment = RadioField(
        _l("Was läuft gut, was läuft schlecht?"),
        coerce=optional_str,
        validate_choice=False,
        choices=select_choices(ASSESSMENT_LABELS.items()),
    )
    description = TextAreaField(
        _l("Beschreibung"),
        description=_l(
            "Was ist passiert, was hat geholfen oder gefehlt? Schreiben Sie allgemein: keine "
            "Namen, Geburtsdaten, Aktenzeichen, Telefonnummern oder E-Mail-Adressen."
        ),
        validators=[max_length(5000)],
    )
    organisation = SelectField(_l("Kommune"), coerce=optional_int, validate_choice=False)
    has_no_personal_data = BooleanField(
        _l("Ich bestätige: Der Text enthält keine personenbezogenen Daten.")
    )
    confirm_despite_warning = BooleanField(
        _l(
            "Trotz Hinweis speichern: Ich habe den Text geprüft, die Fundstellen sind keine "
            "personenbezogenen Daten."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.authorities.choices = authority_choices()
        self.topic.choices = topic_choices(_l("bitte wählen"))
        self.organisation.choices = select_choices([(None, _l("keine Angabe"))])

    def offer_municipalities(self, municipalities: list[tuple[int, str]]) -> None:
        self.organisation.choices = select_choices([(None, _l("keine Angabe")), *municipalities])


class TriageForm(PortalForm):
    status = RadioField(
        _l("Nächster Schritt"),
        coerce=optional_str,
        validate_choice=False,
        choices=select_choices(STEP_LABELS.items()),
    )
    proposal = SelectField(
        _l("Vorlage, die den Hinweis aufgreift"),
        description=_l("Nur beim Schritt „Aufgegriffen durch eine Vorlage“."),
        coerce=optional_int,
        validate_choice=False,
    )
    reason = TextAreaField(
        _l("Begründung"),
        description=_l(
            "Pflicht beim Schließen, sonst freiwillig. Alle, die den Hinweis lesen, sehen sie."
        ),
        validators=[max_length(2000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal.choices = select_choices([(None, _l("keine"))])

    def offer(self, steps, proposals) -> None:
        """Offer only the steps open from the current status, and the linkable proposals."""
        self.status.choices = select_choices((step, STEP_LABELS[step]) for step in steps)
        self.proposal.choices = select_choices(
            [
                (None, _l("keine")),
                *(
                    (ref.id, f"{ref.label} ({ref.group})" if ref.group else ref.label)
                    for ref in proposals
                ),
            ]
        )


class ObservationFilterForm(PortalForm):
    """The list's filter: sent with GET, so no CSRF token."""

    class Meta:
        csrf = False

    status = SelectField(_l("Bearbeitungsstand"), coerce=optional_str, validate_choice=False)
    assessment = SelectField(_l("Einschätzung"), coerce=optional_str, validate_choice=False)
    authority = SelectField(_l("Beteiligte Stelle"), coerce=optional_str, validate_choice=False)
    topic = SelectField(_l("Thema"), coerce=optional_str, validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = (None, _l("alle"))
        self.status.choices = select_choices([every, *STATUS_LABELS.items()])
        self.assessment.choices = select_choices([every, *ASSESSMENT_LABELS.items()])
        self.authority.choices = select_choices(
            [every, *((k, _l(v)) for k, v in AUTHORITIES.items())]
        )
        self.topic.choices = topic_choices(_l("alle"))

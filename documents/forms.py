"""Forms of the document pages. They check syntax; the lifecycle and access are the services'."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from documents.labels import COMMENT_DECISION_LABELS
from portal.forms import PortalForm, max_length, optional_int, select_choices
from portal.i18n import lazy_gettext as _l

MARKDOWN_HINT = _l(
    "Markdown ist erlaubt: **fett**, *kursiv*, Listen mit - oder 1., Tabellen mit |, "
    "Verweise als [Text](https://…)."
)
_BAD_DATE = _l("Bitte geben Sie ein gültiges Datum an.")


def _not_long_past(_form, field) -> None:
    """Refuse days so far back that they cannot be turned into UTC (year 1); all are past."""
    if field.data is not None and field.data.year < 2000:
        raise ValidationError(_l("Die Frist muss in der Zukunft liegen."))


class DocumentForm(PortalForm):
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(message=_l("Bitte geben Sie einen Titel an.")), max_length(200)],
    )
    slug = StringField(
        _l("Kurzbezeichnung für die Adresse"),
        description=_l("Kleinbuchstaben, Ziffern und Bindestriche, z. B. handlungskonzept."),
        validators=[
            DataRequired(message=_l("Bitte geben Sie eine Kurzbezeichnung an.")),
            max_length(80),
        ],
    )
    description = TextAreaField(
        _l("Beschreibung"), description=MARKDOWN_HINT, validators=[max_length(5000)]
    )
    is_public = BooleanField(_l("Öffentlich: beschlossene Versionen sieht jeder"))
    body = SelectField(_l("Gremium, dem das Dokument gehört"), coerce=optional_int)


class DraftForm(PortalForm):
    major = BooleanField(_l("Neue Hauptversion (z. B. 2.0 statt 1.1)"))
    change_note = TextAreaField(
        _l("Was soll sich ändern?"),
        description=_l("Der Änderungsvermerk erscheint im Versionsverlauf."),
        validators=[max_length(5000)],
    )


class ChangeNoteForm(PortalForm):
    change_note = TextAreaField(
        _l("Änderungsvermerk"),
        description=_l("Erscheint im Versionsverlauf und in der Beschlussvorlage."),
        validators=[max_length(5000)],
    )


def _level_choices():
    return select_choices(
        [(1, _l("Ebene 1 (Kapitel)")), (2, _l("Ebene 2 (Abschnitt)")), (3, _l("Ebene 3"))]
    )


class SectionForm(PortalForm):
    heading = StringField(
        _l("Überschrift"),
        validators=[
            DataRequired(message=_l("Bitte geben Sie eine Überschrift an.")),
            max_length(300),
        ],
    )
    level = SelectField(_l("Gliederungsebene"), coerce=optional_int, validate_choice=False)
    body = TextAreaField(_l("Text"), description=MARKDOWN_HINT, validators=[max_length(200_000)])
    revision = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = _level_choices()


class NewSectionForm(SectionForm):
    after = SelectField(_l("Einfügen nach"), coerce=optional_int, validate_choice=False)


class MoveForm(PortalForm):
    direction = HiddenField()


class ImportForm(PortalForm):
    file = FileField(
        _l("Word-Datei (DOCX)"),
        render_kw={"accept": ".docx"},
    )
    change_note = TextAreaField(_l("Änderungsvermerk"), validators=[max_length(5000)])


class ReviewForm(PortalForm):
    bodies = SelectMultipleField(
        _l("Gremien, die Anmerkungen geben"),
        coerce=int,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=False,
    )
    deadline_date = DateField(
        _l("Frist (Datum)"),
        invalid_value_message=_BAD_DATE,
        validators=[InputRequired(message=_BAD_DATE), _not_long_past],
    )
    deadline_time = TimeField(
        _l("Frist (Uhrzeit)"),
        default=None,
        # WTForms' own message for a time it cannot read is not translated.
        invalid_value_message=_l("Bitte geben Sie eine gültige Uhrzeit an (SS:MM)."),
        validators=[Optional()],
        description=_l("Ohne Angabe: 23:59 Uhr."),
    )
    note = TextAreaField(
        _l("Hinweis an die Gremien"), description=MARKDOWN_HINT, validators=[max_length(5000)]
    )


class CommentForm(PortalForm):
    text = TextAreaField(
        _l("Anmerkung"),
        validators=[
            DataRequired(message=_l("Bitte schreiben Sie Ihre Anmerkung.")),
            max_length(20000),
        ],
    )
    proposed_text = TextAreaField(
        _l("Vorgeschlagener Text (optional)"),
        description=_l("Ersetzt den ganzen Text des Abschnitts, wenn das Sekretariat zustimmt."),
        validators=[max_length(200_000)],
    )
    body = SelectField(_l("Für das Gremium"), coerce=optional_int, validate_choice=False)


class HandleCommentForm(PortalForm):
    decision = RadioField(
        _l("Behandlung"),
        choices=select_choices(COMMENT_DECISION_LABELS.items()),
        validators=[
            InputRequired(message=_l("Bitte wählen Sie, wie die Anmerkung behandelt wird."))
        ],
        validate_choice=False,
    )
    response = TextAreaField(
        _l("Antwort oder Begründung"),
        description=_l("Für Ablehnung und Antwort nötig."),
        validators=[max_length(20000)],
    )


class SubmitForm(PortalForm):
    proposal = SelectField(
        _l("Beschlussvorlage"),
        description=_l("Ohne Auswahl wird eine neue Vorlage für die Lenkungsgruppe angelegt."),
        coerce=optional_int,
        validate_choice=False,
    )


class EditorForm(PortalForm):
    user = SelectField(_l("Person"), coerce=optional_int, validate_choice=False)

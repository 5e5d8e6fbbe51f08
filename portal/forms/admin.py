"""Forms of the admin pages: users, organisations, bodies, memberships."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.forms import PortalForm, max_length, optional_int, select_choices
from portal.forms.auth import LOCALE_CHOICES
from portal.i18n import lazy_gettext as _l
from portal.labels import (
    BODY_KIND_LABELS,
    GLOBAL_ROLE_LABELS,
    MAJORITY_RULE_LABELS,
    MEMBERSHIP_ROLE_LABELS,
    ORGANISATION_KIND_LABELS,
    QUORUM_RULE_LABELS,
)
from portal.models import (
    BodyKind,
    GlobalRole,
    MajorityRule,
    MembershipRole,
    OrganisationKind,
    QuorumRule,
)


def _required(message):
    return DataRequired(message=message)


def _enum_choices(enum, labels):
    return select_choices((member.value, labels[member]) for member in enum)


class UserForm(PortalForm):
    name = StringField(
        _l("Name"), validators=[_required(_l("Bitte geben Sie einen Namen ein.")), max_length(200)]
    )
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            _required(_l("Bitte geben Sie eine E-Mail-Adresse ein.")),
            max_length(254),
            Email(
                message=_l("Bitte geben Sie eine gültige E-Mail-Adresse ein."),
                check_deliverability=False,
            ),
        ],
    )
    role = SelectField(_l("Rolle im Portal"), choices=_enum_choices(GlobalRole, GLOBAL_ROLE_LABELS))
    locale = SelectField(_l("Sprache"), choices=LOCALE_CHOICES)
    is_active = BooleanField(_l("Konto aktiv"), default=True)


class OrganisationForm(PortalForm):
    name = StringField(
        _l("Name"), validators=[_required(_l("Bitte geben Sie einen Namen ein.")), max_length(200)]
    )
    kind = SelectField(_l("Art"), choices=_enum_choices(OrganisationKind, ORGANISATION_KIND_LABELS))


class BodyForm(PortalForm):
    name = StringField(
        _l("Name"), validators=[_required(_l("Bitte geben Sie einen Namen ein.")), max_length(200)]
    )
    slug = StringField(
        _l("Kurzbezeichnung für die Adresse"),
        description=_l("Kleinbuchstaben, Ziffern und Bindestriche, z. B. lenkungsgruppe"),
        validators=[_required(_l("Bitte geben Sie eine Kurzbezeichnung ein.")), max_length(80)],
    )
    kind = SelectField(_l("Art"), choices=_enum_choices(BodyKind, BODY_KIND_LABELS))
    parent_id = SelectField(_l("Übergeordnetes Gremium"), coerce=optional_int, choices=[])
    description = TextAreaField(
        _l("Beschreibung"), description=_l("Markdown ist erlaubt."), validators=[max_length(5000)]
    )
    is_public = BooleanField(_l("Öffentlich (Seite und öffentliche Sitzungen für alle sichtbar)"))
    notice_period_days = IntegerField(
        _l("Ladungsfrist in Tagen"),
        default=6,
        validators=[
            InputRequired(message=_l("Bitte geben Sie die Ladungsfrist in Tagen an.")),
            NumberRange(
                min=0, max=90, message=_l("Die Ladungsfrist muss zwischen 0 und 90 Tagen liegen.")
            ),
        ],
    )
    quorum_rule = SelectField(
        _l("Beschlussfähigkeit"), choices=_enum_choices(QuorumRule, QUORUM_RULE_LABELS)
    )
    default_majority_rule = SelectField(
        _l("Übliche Mehrheit"), choices=_enum_choices(MajorityRule, MAJORITY_RULE_LABELS)
    )
    written_procedure_rule = SelectField(
        _l("Mehrheit im Umlaufverfahren"),
        choices=_enum_choices(MajorityRule, MAJORITY_RULE_LABELS),
        default=MajorityRule.UNANIMITY_OF_SEATS.value,
    )
    shows_live_results = BooleanField(
        _l("Zwischenstand namentlicher Abstimmungen zeigen, solange abgestimmt wird")
    )
    reference_prefix = StringField(
        _l("Kürzel für die Nummern von Vorlagen und Beschlüssen"),
        description=_l(
            "z. B. LG oder AG-V: Großbuchstaben, Ziffern und einzelne Bindestriche, höchstens "
            "12 Zeichen. Leer lassen, dann wird es aus dem Namen gebildet."
        ),
        validators=[max_length(12)],
    )

    def __init__(self, *args, parent_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_id.choices = select_choices([(None, _l("– keines –")), *parent_choices])


class MembershipForm(PortalForm):
    user_id = SelectField(_l("Person"), coerce=optional_int, choices=[])
    role = SelectField(_l("Rolle"), choices=_enum_choices(MembershipRole, MEMBERSHIP_ROLE_LABELS))
    organisation_id = SelectField(_l("Vertretene Organisation"), coerce=optional_int, choices=[])
    function = StringField(
        _l("Funktion"),
        description=_l("z. B. Dezernentin für Jugend und Integration"),
        validators=[max_length(200)],
    )
    has_voting_right = BooleanField(_l("Stimmberechtigt"))
    deputy_of_id = SelectField(
        _l("Vertritt den Sitz von"),
        description=_l("Nur für Stellvertretungen."),
        coerce=optional_int,
        choices=[],
    )
    starts_on = DateField(
        _l("Beginn"),
        format="%Y-%m-%d",
        validators=[InputRequired(message=_l("Bitte geben Sie ein gültiges Datum an."))],
    )
    ends_on = DateField(_l("Ende (letzter Tag)"), format="%Y-%m-%d", validators=[Optional()])

    def __init__(self, *args, users, organisations, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = select_choices([(None, _l("– bitte wählen –")), *users])
        self.organisation_id.choices = select_choices([(None, _l("– keine –")), *organisations])
        self.deputy_of_id.choices = select_choices([(None, _l("– keinen –")), *seats])

    def validate_user_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Bitte wählen Sie eine Person."))


class EndMembershipForm(PortalForm):
    ends_on = DateField(
        _l("Letzter Tag der Mitgliedschaft"),
        format="%Y-%m-%d",
        validators=[InputRequired(message=_l("Bitte geben Sie ein gültiges Datum an."))],
    )

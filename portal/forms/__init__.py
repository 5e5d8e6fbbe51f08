"""WTForms of the core. Forms check syntax only; rules that need the database live in services."""

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from portal.forms.rendering import render_field
from portal.i18n import lazy_gettext as _l

#: The largest id an INTEGER column holds: a larger "id" would fail the lookup with a database
#: error instead of being answered as a choice that was not offered.
_MAX_ID = 2**31 - 1
_NUL_CHARACTER = _l("Bitte entfernen Sie das unzulässige Steuerzeichen (Nullzeichen) aus dem Text.")


class PortalForm(FlaskForm):
    """Base of every portal form: Flask-WTF's CSRF protection plus the faster field rendering.

    It also refuses the NUL character in every text field: PostgreSQL cannot store it, so the
    save would end in an error page instead of a message next to the field. Keyboards never
    send it; pasted or forged text may.
    """

    class Meta:
        def render_field(self, field, render_kw):
            return render_field(field, render_kw)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and "\x00" in field.data:
                field.errors = [*field.errors, _NUL_CHARACTER]
                valid = False
        return valid


def select_choices(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices; None becomes the empty value."""
    return [
        SelectChoice(value="" if value is None else str(value), label=label)
        for value, label in pairs
    ]


def optional_int(value) -> int | None:
    """Coerce a select value (an id, a level) to int, the empty choice to None.

    Numbers no INTEGER column holds are refused like any other value that is not a choice.
    """
    if value in (None, "", "None"):
        return None
    number = int(value)
    if abs(number) > _MAX_ID:
        raise ValueError("not an id")
    return number


def optional_str(value) -> str | None:
    """Coerce a select value to str, the empty choice to None."""
    return str(value) if value not in (None, "") else None


def max_length(length: int) -> Length:
    """Limit a text field to the column's length, with the portal's German message."""
    return Length(max=length, message=_l("Höchstens %(max)d Zeichen."))

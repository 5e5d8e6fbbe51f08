"""WTForms of the core. Forms check syntax only; rules that need the database live in services."""

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from portal.forms.rendering import render_field
from portal.i18n import lazy_gettext as _l


class PortalForm(FlaskForm):
    """Base of every portal form: Flask-WTF's CSRF protection plus the faster field rendering."""

    class Meta:
        def render_field(self, field, render_kw):
            return render_field(field, render_kw)


def select_choices(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into WTForms choices; None becomes the empty value."""
    return [
        SelectChoice(value="" if value is None else str(value), label=label)
        for value, label in pairs
    ]


def optional_int(value) -> int | None:
    """Coerce a select value to int, the empty choice to None."""
    return int(value) if value not in (None, "", "None") else None


def optional_str(value) -> str | None:
    """Coerce a select value to str, the empty choice to None."""
    return str(value) if value not in (None, "") else None


def max_length(length: int) -> Length:
    """Limit a text field to the column's length, with the portal's German message."""
    return Length(max=length, message=_l("Höchstens %(max)d Zeichen."))

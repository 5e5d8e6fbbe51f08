"""Every field of every portal form renders as WTForms' own widget would render it.

The portal renders its controls itself for speed (``portal.forms.rendering``); this compares the
parsed elements (tag, attributes, text) of both renderings, with hostile and with chosen input.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, SelectField

import portal.forms.admin
import portal.forms.audit
import portal.forms.auth
import portal.forms.legal
import portal.forms.profile  # noqa: F401 - imported so that their forms are found
from portal.forms import PortalForm

HOSTILE = '<script>alert("x")</script> & ä ö ü ß 😀 עברית \'"'

#: Constructor arguments of the forms that need them; a new such form fails until listed here.
FORM_ARGUMENTS = {
    "BodyForm": {"parent_choices": [(1, "Lenkungsgruppe <b>"), (2, HOSTILE)]},
    "MembershipForm": {
        "users": [(1, "Anna Ärger"), (2, HOSTILE)],
        "organisations": [(3, "Jobcenter")],
        "seats": [(4, "Sitz & Stimme")],
    },
}


def _portal_forms() -> list[type[PortalForm]]:
    found, pending = [], [PortalForm]
    while pending:
        form = pending.pop()
        found.extend(form.__subclasses__())
        pending.extend(form.__subclasses__())
    return sorted(found, key=lambda form: form.__name__)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.parsed.append((tag, sorted(attrs)))

    def handle_data(self, data):
        self.parsed.append(("text", data))


def _parsed(html: str) -> list[tuple]:
    parser = _Elements()
    parser.feed(str(html))
    return parser.parsed


def _chosen_input(form_class) -> MultiDict:
    """Form data that selects the last choice of each select and ticks each checkbox."""
    form = form_class(formdata=None, **FORM_ARGUMENTS.get(form_class.__name__, {}))
    data = MultiDict()
    for field in form:
        if isinstance(field, SelectField) and field.choices:
            data[field.name] = list(field.iter_choices())[-1].value
        elif isinstance(field, BooleanField):
            data[field.name] = "y"
        else:
            data[field.name] = "2026-11-24" if field.type == "DateField" else HOSTILE
    return data


@pytest.mark.parametrize("form_class", _portal_forms(), ids=lambda form: form.__name__)
@pytest.mark.parametrize("input_kind", ["hostile", "chosen"])
def test_fields_render_like_the_wtforms_widgets(app, form_class, input_kind):
    with app.test_request_context(method="POST"):
        if input_kind == "hostile":
            names = form_class(formdata=None, **FORM_ARGUMENTS.get(form_class.__name__, {}))
            formdata = MultiDict({field.name: HOSTILE for field in names})
        else:
            formdata = _chosen_input(form_class)
        form = form_class(formdata=formdata, **FORM_ARGUMENTS.get(form_class.__name__, {}))
        form.validate()
        extra = {"class_": "kern-form-input__input", "aria-describedby": "x-hint x-error-1"}

        for field in form:
            ours = field(**extra)
            theirs = field.widget(field, **dict(field.render_kw or {}, **extra))

            assert _parsed(ours) == _parsed(theirs), field.name


def test_every_form_is_compared():
    names = {form.__name__ for form in _portal_forms()}

    assert {"LoginForm", "MembershipForm", "AuditFilterForm", "FeedbackForm"} <= names

"""submit_form: the shared path of a form view from a sent form to the service and back."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired

from portal.errors import Conflict, InvalidInput
from portal.forms import PortalForm
from portal.views.helpers import submit_form


class _Form(PortalForm):
    title = StringField("Titel", validators=[DataRequired(message="Bitte einen Titel.")])


def _form(app, method="POST", data=None):
    context = app.test_request_context("/", method=method, data=data or {})
    context.push()
    return context, _Form(meta={"csrf": False})


def test_a_form_not_yet_sent_is_shown_with_200_and_no_call(app):
    calls = []
    context, form = _form(app, method="GET")
    try:
        assert submit_form(form, lambda: calls.append(1)) == 200
    finally:
        context.pop()
    assert calls == []


def test_an_invalid_form_gives_422_without_calling_the_service(app):
    calls = []
    context, form = _form(app, data={"title": ""})
    try:
        assert submit_form(form, lambda: calls.append(1)) == 422
        assert form.title.errors == ["Bitte einen Titel."]
    finally:
        context.pop()
    assert calls == []


def test_the_services_refusals_become_422_at_the_field_or_409(app):
    def invalid():
        raise InvalidInput([("title", "Diesen Titel gibt es schon.")])

    def conflict():
        raise Conflict("Jemand anderes hat inzwischen gespeichert.")

    context, form = _form(app, data={"title": "Sitzung"})
    try:
        assert submit_form(form, invalid) == 422
        assert form.title.errors == ["Diesen Titel gibt es schon."]
        assert submit_form(form, conflict) == 409
        assert form.form_errors == ["Jemand anderes hat inzwischen gespeichert."]
        assert submit_form(form, lambda: None) is None
    finally:
        context.pop()

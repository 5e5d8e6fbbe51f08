"""Render the portal's form controls with less work per attribute than WTForms' widgets.

WTForms builds every attribute through ``Markup.format`` and looks up the validation flags with
``dir()``; on the profile page that was a quarter of the request. The portal uses a handful of
controls (text-like inputs, checkbox, text area, single select), so :func:`render_field` renders
those directly, with the same element, the same attributes and the same escaping as the WTForms
widget would, and hands every other widget (grouped selects, multiple selects, anything added
later) to WTForms unchanged. A test renders every field of every portal form both ways and
compares the parsed elements.
"""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms.widgets import CheckboxInput, Input, PasswordInput, Select, TextArea


def _clean_key(key: str) -> str:
    key = key.rstrip("_")
    if key.startswith(("data_", "aria_")):
        key = key.replace("_", "-")
    return key


def _attributes(attrs: dict) -> str:
    parts = []
    for key, value in sorted(attrs.items()):
        if value is True:
            parts.append(_clean_key(key))
        elif value is not False:
            parts.append(f'{_clean_key(key)}="{escape(value)}"')
    return " ".join(parts)


def _with_flags(field, widget, attrs: dict) -> dict:
    """Add the validation flags the widget shows as attributes (required, maxlength, ...)."""
    allowed = widget.validation_attrs
    for key, value in vars(field.flags).items():
        if key in allowed and key not in attrs:
            attrs[key] = value() if callable(value) else value
    return attrs


def _input(field, widget: Input, attrs: dict) -> Markup:
    if isinstance(widget, CheckboxInput) and getattr(field, "checked", field.data):
        attrs.setdefault("checked", True)
    if isinstance(widget, PasswordInput) and widget.hide_value:
        attrs["value"] = ""
    attrs.setdefault("id", field.id)
    attrs.setdefault("type", widget.input_type)
    if "value" not in attrs:
        attrs["value"] = field._value()
    attrs["name"] = field.name
    return Markup(f"<input {_attributes(_with_flags(field, widget, attrs))}>")


def _textarea(field, widget: TextArea, attrs: dict) -> Markup:
    attrs.setdefault("id", field.id)
    attrs["name"] = field.name
    params = _attributes(_with_flags(field, widget, attrs))
    return Markup(f"<textarea {params}>\r\n{escape(field._value())}</textarea>")


def _select(field, widget: Select, attrs: dict) -> Markup:
    attrs.setdefault("id", field.id)
    attrs["name"] = field.name
    html = [f"<select {_attributes(_with_flags(field, widget, attrs))}>"]
    for choice in field.iter_choices():
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        options = {"value": value, **(choice.render_kw or {})}
        if choice.selected:
            options["selected"] = True
        label = escape(choice.label or choice.value)
        html.append(f"<option {_attributes(options)}>{label}</option>")
    html.append("</select>")
    return Markup("".join(html))


#: Input widgets whose rendering :func:`_input` reproduces (matched by their ``__call__``).
_OWN_INPUTS = (Input.__call__, CheckboxInput.__call__, PasswordInput.__call__)


def render_field(field, render_kw: dict) -> Markup:
    """Render ``field`` with ``render_kw`` as its widget would (the ``Meta.render_field`` hook)."""
    attrs = dict(field.render_kw, **render_kw) if field.render_kw else dict(render_kw)
    widget = field.widget
    # Exact types only: a subclass may render differently, so it goes to WTForms.
    kind = type(widget)
    if isinstance(widget, Input) and kind.__call__ in _OWN_INPUTS:
        return _input(field, widget, attrs)
    if kind is TextArea:
        return _textarea(field, widget, attrs)
    if kind is Select and not widget.multiple and not field.has_groups():
        return _select(field, widget, attrs)
    return widget(field, **attrs)

"""The template helpers behave exactly like the Jinja and Flask functions they stand in for.

``_``/``gettext``/``ngettext`` and ``url_for`` in templates are the portal's own, faster versions
(portal.i18n, portal.urls). Each case renders the same template with the portal's helper and with
the stock one and expects the same text.
"""

from __future__ import annotations

import pytest
from flask import url_for as flask_url_for
from flask_babel import force_locale
from jinja2 import Environment

from portal.i18n import catalogue

CASES = [
    "{{ _('Abmelden') }}",
    "{{ _('Gremien') }} · {{ _('Gremien') }}",
    "{{ _('100 %% sicher') }}",
    "{{ _('Hallo %(name)s', name=name) }}",
    "{{ gettext('Sprache') }}",
    "{{ ngettext('%(num)d Tag', '%(num)d Tage', 1) }}",
    "{{ ngettext('%(num)d Tag', '%(num)d Tage', 6) }}",
    "{{ ngettext('%(num)d von %(body)s', '%(num)d von %(body)s', 2, body=name) }}",
    "{% trans %}Willkommen, {{ name }}!{% endtrans %}",
    "{% trans count=3 %}{{ count }} Gremium{% pluralize %}{{ count }} Gremien{% endtrans %}",
]
NAMES = ["Müller & Söhne", "<script>alert(1)</script>", "أحمد 🎉", '50 % "quoted"']


def _stock_environment(autoescape: bool) -> Environment:
    """Jinja's own newstyle gettext over the same catalogue: the behaviour to match."""
    environment = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    environment.install_gettext_callables(
        lambda message: catalogue().ugettext(message),
        lambda singular, plural, n: catalogue().ungettext(singular, plural, n),
        newstyle=True,
    )
    return environment


def _portal_environment(app, autoescape: bool) -> Environment:
    return app.jinja_env.overlay(autoescape=autoescape)


@pytest.mark.parametrize("autoescape", [True, False], ids=["html", "plain text"])
@pytest.mark.parametrize("locale", ["de", "en"])
@pytest.mark.parametrize("source", CASES)
def test_template_translation_matches_jinjas_own(app, source, locale, autoescape):
    stock = _stock_environment(autoescape)
    portal = _portal_environment(app, autoescape)
    with app.test_request_context(), force_locale(locale):
        for name in NAMES:
            expected = stock.from_string(source).render(name=name)
            # Twice: the second rendering reads the texts the first one kept.
            assert portal.from_string(source).render(name=name) == expected
            assert portal.from_string(source).render(name=name) == expected


def test_kept_texts_follow_the_language_of_each_request(app):
    template = app.jinja_env.from_string("{{ _('Abmelden') }}")
    with app.test_request_context():
        assert template.render() == "Abmelden"
        with force_locale("en"):
            assert template.render() == "Log out"
        assert template.render() == "Abmelden"


def test_a_variable_is_escaped_in_html_and_left_alone_in_plain_text(app):
    source = "{{ _('Hallo %(name)s', name=name) }}"
    with app.test_request_context():
        html = _portal_environment(app, True).from_string(source).render(name="<b>A & B</b>")
        plain = _portal_environment(app, False).from_string(source).render(name="<b>A & B</b>")
    assert html == "Hallo &lt;b&gt;A &amp; B&lt;/b&gt;"
    assert plain == "Hallo <b>A & B</b>"


URL_CASES = [
    ("dashboard.index", {}),
    ("bodies.index", {}),
    ("bodies.index", {"mine": 1}),
    ("bodies.show", {"slug": "lenkungsgruppe"}),
    ("static", {"filename": "css/portal.css"}),
    ("static", {"filename": "vendor/kern/kern.min.css"}),
    ("static", {"filename": "css/portal.css", "v": "2"}),
    ("legal.imprint", {"_anchor": "kontakt"}),
    ("auth.login", {"_external": True}),
]


@pytest.mark.parametrize("script_root", ["", "/kim", "/andere/wurzel"])
def test_template_links_match_flasks_url_for(app, script_root):
    template_url_for = app.jinja_env.globals["url_for"]
    with app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
        for endpoint, values in URL_CASES:
            expected = flask_url_for(endpoint, **values)
            assert template_url_for(endpoint, **values) == expected
            assert template_url_for(endpoint, **values) == expected
            if not values.get("_external"):
                assert expected.startswith(f"{script_root}/")


def test_a_kept_link_is_not_reused_under_another_script_root(app):
    template_url_for = app.jinja_env.globals["url_for"]
    with app.test_request_context("/"):
        assert template_url_for("bodies.index") == "/bodies/"
    with app.test_request_context("/", base_url="http://localhost/kim/"):
        assert template_url_for("bodies.index") == "/kim/bodies/"


def test_blueprint_relative_links_resolve_against_the_current_blueprint(app):
    template_url_for = app.jinja_env.globals["url_for"]
    with app.test_request_context("/bodies/"):
        app.preprocess_request()
        assert template_url_for(".index") == flask_url_for("bodies.index")
    with app.test_request_context("/audit/"):
        assert template_url_for(".index") == flask_url_for("audit.index")


def test_links_built_outside_a_request_are_absolute_as_in_flask(app):
    template_url_for = app.jinja_env.globals["url_for"]
    assert template_url_for("bodies.index") == flask_url_for("bodies.index")
    assert template_url_for("bodies.index").startswith("http://localhost/")


@pytest.mark.parametrize("script_root", ["", "/kim"])
def test_a_link_pattern_gives_the_same_links_as_url_for(app, script_root):
    url_pattern = app.jinja_env.globals["url_pattern"]
    with app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
        for endpoint in ("meetings.edit_item", "meetings.move_item", "meetings.papers"):
            pattern = url_pattern(endpoint, "item_id", meeting_id=7)
            for item_id in (1, 42, 2_147_480_646, 99_999_999_999):
                assert pattern.format(item_id) == flask_url_for(
                    endpoint, meeting_id=7, item_id=item_id
                )


def test_a_link_pattern_needs_its_slot_in_the_path(app):
    url_pattern = app.jinja_env.globals["url_pattern"]
    with app.test_request_context("/"), pytest.raises(ValueError, match="item_id"):
        url_pattern("meetings.show", "item_id", meeting_id=7)

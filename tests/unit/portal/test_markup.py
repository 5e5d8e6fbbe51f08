"""User text is Markdown rendered through an allow-list sanitiser."""

from portal.markup import render_markdown


def test_markdown_becomes_html():
    html = render_markdown("**fett** und [Link](https://www.rhein-kreis-neuss.de)")

    assert "<strong>fett</strong>" in html
    assert 'href="https://www.rhein-kreis-neuss.de"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_script_tags_are_removed():
    html = render_markdown("Hallo <script>alert('x')</script> Welt")

    assert "<script" not in html
    assert "alert" not in html


def test_event_handlers_are_removed():
    html = render_markdown('<img src="x" onerror="alert(1)"> <a href="#" onclick="x()">a</a>')

    assert "onerror" not in html
    assert "onclick" not in html


def test_javascript_links_are_removed():
    html = render_markdown("[klick](javascript:alert(1))")

    assert "javascript:" not in html


def test_unicode_survives():
    text = "Grüße aus Jüchen – ß, 🎉 und العربية"

    assert text in render_markdown(text)


def test_empty_text_gives_empty_markup():
    assert render_markdown(None) == ""


def test_a_numbered_list_keeps_its_first_number():
    """A list continued after a paragraph ("3. …") must not restart at 1 in the browser."""
    html = str(render_markdown("3. Drittens\n4. Viertens"))

    assert '<ol start="3">' in html


def test_a_start_attribute_carries_nothing_but_its_value():
    html = str(render_markdown('<ol start="2" onclick="alert(1)"><li>x</li></ol>'))

    assert "onclick" not in html

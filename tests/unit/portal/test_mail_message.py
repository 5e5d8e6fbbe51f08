"""The MIME shape of outgoing mail, and the HTML made from its text (no app, no server)."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from portal.mail_message import calendar_method, compose, html_from_text
from tests.fixtures.mail import vcalendar

CREATED = datetime(2026, 11, 24, 13, 5, tzinfo=UTC)


def build(**overrides) -> EmailMessage:
    arguments = {
        "sender": "KIM-Portal <kim@kim.example>",
        "recipient": "juergen@neuss.example",
        "subject": "Einladung: Lenkungsgruppe",
        "body": "Guten Tag,\n\nLink: https://kim.example/meetings/7\n",
        "created_at": CREATED,
        "message_id": "<outbox.1.1795000000@kim.example>",
        "html": '<!DOCTYPE html><html lang="de"><body><p>Guten Tag,</p></body></html>',
    }
    arguments.update(overrides)
    return compose(**arguments)


def received(message: EmailMessage) -> EmailMessage:
    """Return the message as a client parses it after SMTP (CRLF line ends on the wire)."""
    wire = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    return email.message_from_bytes(wire, policy=email.policy.default)


def shape(message: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


# --- html_from_text ----------------------------------------------------------------------------


def test_markup_in_the_text_is_escaped():
    html = html_from_text('Titel: <script>alert("x")</script> & <b>fett</b>')

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;fett&lt;/b&gt;" in html


def test_blank_lines_make_paragraphs_and_single_breaks_make_br():
    html = html_from_text("Guten Tag,\n\nerste Zeile\nzweite Zeile\n\n\n-- \nKIM-Portal\n")

    assert html == (
        "<p>Guten Tag,</p>\n<p>erste Zeile<br>\nzweite Zeile</p>\n<p>-- <br>\nKIM-Portal</p>"
    )


def test_crlf_and_whitespace_only_lines_separate_paragraphs_too():
    assert html_from_text("eins\r\n  \r\nzwei\r\ndrei") == "<p>eins</p>\n<p>zwei<br>\ndrei</p>"


def test_empty_text_gives_no_paragraph():
    assert html_from_text("") == ""
    assert html_from_text(" \n\n ") == ""


def test_umlauts_emoji_and_right_to_left_text_pass_unchanged():
    text = "Grüße aus Jüchen ß 🎉\nשלום עליכם\nمرحبا"

    assert html_from_text(text) == "<p>Grüße aus Jüchen ß 🎉<br>\nשלום עליכם<br>\nمرحبا</p>"


def test_web_addresses_become_links():
    html = html_from_text("Im Portal: https://kim.example/meetings/7?tab=agenda&x=1")

    assert html == (
        '<p>Im Portal: <a href="https://kim.example/meetings/7?tab=agenda&amp;x=1">'
        "https://kim.example/meetings/7?tab=agenda&amp;x=1</a></p>"
    )


@pytest.mark.parametrize(
    ("text", "url", "after"),
    [
        ("Siehe http://kim.example/a.", "http://kim.example/a", "."),
        ("(siehe https://kim.example/b)", "https://kim.example/b", ")"),
        (
            "Wiki https://de.wikipedia.org/wiki/X_(Y) lesen",
            "https://de.wikipedia.org/wiki/X_(Y)",
            " ",
        ),
        ("„https://kim.example/c“", "https://kim.example/c", "“"),
        ("<https://kim.example/d>", "https://kim.example/d", "&gt;"),
    ],
)
def test_punctuation_around_an_address_stays_outside_the_link(text, url, after):
    html = html_from_text(text)

    assert f'<a href="{url}">{url}</a>{after}' in html


def test_an_address_cannot_break_out_of_its_attribute():
    html = html_from_text('https://kim.example/"onmouseover="alert(1)')

    assert html.startswith('<p><a href="https://kim.example/">https://kim.example/</a>&#34;')
    assert 'onmouseover="' not in html


def test_other_schemes_and_a_bare_scheme_are_not_linked():
    html = html_from_text("javascript:alert(1) ftp://kim.example https://.")

    assert "<a" not in html


def test_runs_of_spaces_keep_their_width():
    assert html_from_text("\n  TOP 1.1  Haushalt\n\n  TOP 2") == (
        "<p>&nbsp; TOP 1.1&nbsp; Haushalt</p>\n<p>&nbsp; TOP 2</p>"
    )


# --- compose -----------------------------------------------------------------------------------


def test_a_mail_without_calendar_has_text_and_html_alternatives():
    message = received(build())

    assert shape(message) == ["multipart/alternative", "text/plain", "text/html"]
    # Text parts keep the wire's CRLF; the words are what matter here.
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == (
        "Guten Tag,\n\nLink: https://kim.example/meetings/7\n"
    )
    assert message.get_body(("html",)).get_content().startswith("<!DOCTYPE html>")


def test_the_headers_are_kept():
    message = received(build(subject="Einladung: Jüchen 🎉"))

    assert message["From"] == "KIM-Portal <kim@kim.example>"
    assert message["To"] == "juergen@neuss.example"
    assert message["Subject"] == "Einladung: Jüchen 🎉"
    assert message["Date"].datetime == CREATED
    assert message["Message-ID"] == "<outbox.1.1795000000@kim.example>"
    assert message["Auto-Submitted"] == "auto-generated"


def test_an_invitation_has_the_calendar_inline_and_attached():
    message = received(build(calendar=vcalendar()))

    assert shape(message) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]
    alternative, attachment = message.get_payload()
    calendar_part = alternative.get_payload()[-1]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_content_charset() == "utf-8"
    assert calendar_part.get_content_disposition() is None  # inline, as iMIP clients look for it
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "einladung.ics"
    # The mail's body is still the text, not the calendar or the attachment.
    assert message.get_body(("plain",)).get_content().startswith("Guten Tag,")


def test_a_cancellation_is_attached_as_absage():
    message = received(build(calendar=vcalendar("CANCEL")))

    alternative, attachment = message.get_payload()
    assert alternative.get_payload()[-1].get_param("method") == "CANCEL"
    assert attachment.get_filename() == "absage.ics"


def test_the_calendar_arrives_byte_for_byte_with_crlf_and_non_ascii():
    calendar = vcalendar()
    message = received(build(calendar=calendar))

    alternative, attachment = message.get_payload()
    calendar_part = alternative.get_payload()[-1]
    assert calendar_part["Content-Transfer-Encoding"] == "base64"
    assert calendar_part.get_content() == calendar
    assert calendar_part.get_content().count("\r\n") == calendar.count("\n") == 16
    assert attachment.get_content() == calendar.encode("utf-8")


def test_a_calendar_with_lf_only_is_not_altered_either():
    calendar = vcalendar().replace("\r\n", "\n")

    calendar_part = received(build(calendar=calendar)).get_payload()[0].get_payload()[-1]

    assert calendar_part.get_content() == calendar


@pytest.mark.parametrize(
    ("calendar", "method"),
    [
        ("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", "REQUEST"),
        ("BEGIN:VCALENDAR\nMETHOD:cancel\nEND:VCALENDAR\n", "CANCEL"),
    ],
)
def test_the_method_is_read_from_the_calendar(calendar, method):
    assert calendar_method(calendar) == method


@pytest.mark.parametrize(
    "calendar",
    [
        "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\nMETHOD:INVITE\r\nEND:VCALENDAR\r\n",
        # Only a line of its own counts, not the word inside a description.
        "BEGIN:VCALENDAR\r\nDESCRIPTION:METHOD:REQUEST\r\nEND:VCALENDAR\r\n",
    ],
)
def test_a_calendar_without_a_valid_method_is_refused(calendar):
    with pytest.raises(ValueError, match="METHOD"):
        build(calendar=calendar)

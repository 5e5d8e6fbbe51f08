"""The word-level comparison of two saved states of the minutes (meetings.textdiff)."""

from __future__ import annotations

import pytest

from meetings.textdiff import (
    ADDED,
    CHANGED,
    DELETE,
    EQUAL,
    INSERT,
    REMOVED,
    SAME,
    Section,
    Segment,
    compare_sections,
    diff_words,
    is_changed,
    tokens,
)


def _new_text(segments) -> str:
    return "".join(s.text for s in segments if s.kind != DELETE)


def _old_words(segments) -> list[str]:
    return "".join(s.text for s in segments if s.kind != INSERT).split()


def test_tokens_give_the_text_back():
    text = "Die Lenkungsgruppe  beschließt:\n\n- Punkt eins\n- Punkt zwei "

    assert "".join(tokens(text)) == text
    assert tokens("a  b") == ["a", "  ", "b"]


def test_equal_texts_are_one_equal_segment():
    assert diff_words("Gleich bleibt gleich.", "Gleich bleibt gleich.") == [
        Segment(EQUAL, "Gleich bleibt gleich.")
    ]
    assert diff_words("", "") == []


def test_a_changed_word_is_deleted_and_inserted_alone():
    segments = diff_words("Der Bericht wird vertagt.", "Der Bericht wird angenommen.")

    assert segments == [
        Segment(EQUAL, "Der Bericht wird "),
        Segment(DELETE, "vertagt."),
        Segment(INSERT, "angenommen."),
    ]


def test_an_inserted_word_keeps_the_rest_equal():
    segments = diff_words("Die AG berichtet.", "Die AG Fallebene berichtet.")

    assert [s.kind for s in segments] == [EQUAL, INSERT, EQUAL]
    assert segments[1].text.strip() == "Fallebene"
    assert _new_text(segments) == "Die AG Fallebene berichtet."


def test_german_umlauts_and_sharp_s_are_words_like_any_other():
    segments = diff_words("Größe der Maßnahme für Jüchen", "Größe der Maßnahme für Grevenbroich")

    assert segments[-2:] == [Segment(DELETE, "Jüchen"), Segment(INSERT, "Grevenbroich")]
    assert segments[0] == Segment(EQUAL, "Größe der Maßnahme für ")


def test_emoji_and_right_to_left_text_survive():
    old = "Grüße 🎉 שלום"
    new = "Grüße 🎉 مرحبا"

    segments = diff_words(old, new)

    assert _new_text(segments) == new
    assert Segment(DELETE, "שלום") in segments and Segment(INSERT, "مرحبا") in segments


def test_markdown_list_items_show_as_added_lines():
    old = "Vereinbart:\n\n- Pilot in Neuss\n- Auswertung"
    new = "Vereinbart:\n\n- Pilot in Neuss\n- Pilot in Dormagen\n- Auswertung"

    segments = diff_words(old, new)

    inserted = "".join(s.text for s in segments if s.kind == INSERT)
    assert "Dormagen" in inserted and "Neuss" not in inserted
    assert _new_text(segments) == new
    assert not any(s.kind == DELETE for s in segments)


def test_whitespace_within_a_line_is_no_change():
    assert not is_changed(diff_words("Ja  und\tnein", "Ja und nein"))
    assert not is_changed(diff_words("Zeile\r\nzwei", "Zeile\nzwei"))


def test_line_and_paragraph_breaks_are_changes():
    assert is_changed(diff_words("Satz eins. Satz zwei.", "Satz eins.\nSatz zwei."))
    assert is_changed(diff_words("Absatz\nweiter", "Absatz\n\nweiter"))
    assert not is_changed(diff_words("Absatz\n\nweiter", "Absatz\n\n\nweiter"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", "Neuer Text"),
        ("Alter Text", ""),
        ("a b c d e", "e d c b a"),
        ("Die **wichtige** Sache", "Die *wichtige* Sache"),
    ],
)
def test_the_segments_rebuild_both_texts(old, new):
    segments = diff_words(old, new)

    assert _new_text(segments) == new
    assert _old_words(segments) == old.split()


def test_adjacent_segments_of_one_kind_are_merged():
    segments = diff_words("eins zwei drei", "vier fünf sechs")

    assert [s.kind for s in segments] == [DELETE, INSERT]


def _section(key, title="Titel", **fields) -> Section:
    return Section(key=key, title=title, fields=tuple(fields.items()))


def test_sections_are_compared_by_key_in_the_new_order():
    old = [_section("head", Vorsitz="Frau A"), _section("top-1", Text="alt")]
    new = [_section("head", Vorsitz="Frau A"), _section("top-1", Text="neu")]

    result = compare_sections(old, new)

    assert [(d.key, d.state) for d in result] == [("head", SAME), ("top-1", CHANGED)]
    assert result[1].fields[0].changed and not result[0].fields[0].changed


def test_added_and_removed_sections_keep_their_place():
    old = [_section("a"), _section("b", Text="weg"), _section("c")]
    new = [_section("a"), _section("c"), _section("d", Text="dazu")]

    result = compare_sections(old, new)

    assert [(d.key, d.state) for d in result] == [
        ("a", SAME),
        ("b", REMOVED),
        ("c", SAME),
        ("d", ADDED),
    ]
    assert result[1].fields[0].segments == (Segment(DELETE, "weg"),)
    assert result[3].fields[0].segments == (Segment(INSERT, "dazu"),)


def test_a_removed_first_section_comes_first():
    result = compare_sections([_section("x"), _section("y")], [_section("y")])

    assert [(d.key, d.state) for d in result] == [("x", REMOVED), ("y", SAME)]


def test_a_new_title_or_field_is_a_change():
    retitled = compare_sections([_section("a", "Alt")], [_section("a", "Neu")])
    new_field = compare_sections([_section("a")], [_section("a", Beschluss="angenommen")])

    assert retitled[0].state == CHANGED
    assert new_field[0].state == CHANGED
    assert new_field[0].fields[0].label == "Beschluss"

"""Comparing two versions of the Handlungskonzept section by section (documents.compare)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.compare import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    SectionText,
    compare_versions,
)
from meetings.textdiff import DELETE, EQUAL, INSERT, Segment, diff_words, is_changed


def _section(key: int, heading: str | None = None, body: str | None = None, level: int = 1):
    return SectionText(
        key=key,
        level=level,
        heading=heading if heading is not None else f"Abschnitt {key}",
        body=body if body is not None else f"Text des Abschnitts {key}.",
    )


def _document(*keys: int) -> list[SectionText]:
    return [_section(key) for key in keys]


def _states(comparison) -> list[tuple[int, str]]:
    return [(change.key, change.state) for change in comparison.sections]


def _marked(segments, kind: str) -> str:
    return "".join(segment.text for segment in segments if segment.kind == kind)


def _new_text(segments) -> str:
    return "".join(segment.text for segment in segments if segment.kind != DELETE)


def _body_change(old_body: str, new_body: str):
    comparison = compare_versions([_section(1, body=old_body)], [_section(1, body=new_body)])
    return comparison.sections[0]


# --- sections: identity, order, existence -------------------------------------------------------


def test_identical_versions_change_nothing():
    version = [_section(1, level=1), _section(2, level=2), _section(3, level=3)]

    comparison = compare_versions(version, list(version))

    assert _states(comparison) == [(1, SAME), (2, SAME), (3, SAME)]
    assert comparison.changed_sections == ()
    assert comparison.summary.is_empty
    assert comparison.sections[1].body_segments == (Segment(EQUAL, "Text des Abschnitts 2."),)
    assert [(c.old_position, c.new_position) for c in comparison.sections] == [
        (0, 0),
        (1, 1),
        (2, 2),
    ]


def test_two_empty_versions_compare_to_nothing():
    comparison = compare_versions([], [])

    assert comparison.sections == ()
    assert comparison.summary.is_empty


def test_a_first_version_shows_every_section_as_added():
    comparison = compare_versions([], _document(1, 2))

    assert _states(comparison) == [(1, ADDED), (2, ADDED)]
    assert comparison.sections[0].body_segments == (Segment(INSERT, "Text des Abschnitts 1."),)
    assert comparison.sections[0].old_position is None
    assert comparison.summary.added == (1, 2)


def test_added_and_removed_sections_appear_where_they_are_or_were():
    old = _document(1, 2, 3, 4)
    new = _document(1, 3, 5, 4)

    comparison = compare_versions(old, new)

    assert _states(comparison) == [(1, SAME), (2, REMOVED), (3, SAME), (5, ADDED), (4, SAME)]
    removed = comparison.sections[1]
    assert removed.body_segments == (Segment(DELETE, "Text des Abschnitts 2."),)
    assert removed.heading == "Abschnitt 2"
    assert (removed.old_position, removed.new_position) == (1, None)
    assert comparison.summary.added == (5,) and comparison.summary.removed == (2,)
    assert comparison.summary.moved == ()


def test_removed_sections_at_the_start_come_first_in_their_old_order():
    comparison = compare_versions(_document(1, 2, 3), _document(3))

    assert _states(comparison) == [(1, REMOVED), (2, REMOVED), (3, SAME)]


def test_sections_are_matched_by_key_not_by_heading():
    old = [_section(1, heading="Ziele"), _section(2, heading="Maßnahmen")]
    new = [_section(2, heading="Ziele"), _section(1, heading="Maßnahmen")]

    comparison = compare_versions(old, new)

    assert [c.key for c in comparison.sections] == [2, 1]
    assert all(c.renamed for c in comparison.sections)
    assert comparison.summary.added == () and comparison.summary.removed == ()


def test_moving_one_section_down_marks_only_that_section():
    comparison = compare_versions(_document(1, 2, 3, 4, 5, 6), _document(1, 3, 4, 5, 2, 6))

    assert [c.key for c in comparison.sections if c.moved] == [2]
    assert comparison.summary.moved == (2,)
    moved = next(c for c in comparison.sections if c.moved)
    assert moved.state == SAME and moved.changed_anything
    assert (moved.old_position, moved.new_position) == (1, 4)


def test_moving_one_section_to_the_front_marks_only_that_section():
    comparison = compare_versions(_document(1, 2, 3, 4, 5, 6), _document(6, 1, 2, 3, 4, 5))

    assert comparison.summary.moved == (6,)


def test_swapping_two_neighbours_marks_one_of_them():
    comparison = compare_versions(_document(1, 2, 3, 4), _document(1, 3, 2, 4))

    assert len(comparison.summary.moved) == 1
    assert set(comparison.summary.moved) <= {2, 3}


def test_swapping_two_distant_sections_marks_those_two_and_not_the_ones_between():
    comparison = compare_versions(_document(1, 2, 3, 4, 5), _document(1, 4, 3, 2, 5))

    assert sorted(comparison.summary.moved) == [2, 4]


def test_additions_and_removals_alone_move_nothing():
    comparison = compare_versions(_document(1, 2, 3, 4), _document(9, 1, 3, 8, 4))

    assert comparison.summary.moved == ()


def test_a_renamed_section_keeps_its_identity_and_shows_the_heading_diff():
    old = [_section(1, heading="Ziele des Konzepts", body="Gleich.")]
    new = [_section(1, heading="Leitziele des Konzepts", body="Gleich.")]

    change = compare_versions(old, new).sections[0]

    assert (change.state, change.renamed, change.moved) == (SAME, True, False)
    assert change.heading_segments == (
        Segment(DELETE, "Ziele"),
        Segment(INSERT, "Leitziele"),
        Segment(EQUAL, " des Konzepts"),
    )
    assert change.heading == "Leitziele des Konzepts"
    assert compare_versions(old, new).summary.renamed == (1,)


def test_a_changed_heading_level_is_reported_on_its_own():
    change = compare_versions([_section(1, level=2)], [_section(1, level=3)]).sections[0]

    assert (change.state, change.level_changed, change.renamed) == (SAME, True, False)
    assert change.level == 3 and change.changed_anything


def test_a_section_can_be_moved_renamed_and_rewritten_at_once():
    old = [_section(1), _section(2, heading="Alt", body="eins zwei"), _section(3), _section(4)]
    new = [_section(1), _section(3), _section(4), _section(2, heading="Neu", body="eins drei")]

    comparison = compare_versions(old, new)

    change = comparison.sections[-1]
    assert (change.key, change.state, change.moved, change.renamed) == (2, CHANGED, True, True)
    assert comparison.summary.counts == {
        "added": 0,
        "removed": 0,
        "moved": 1,
        "renamed": 1,
        "changed": 1,
        "level_changed": 0,
    }


def test_a_key_used_twice_in_one_version_is_refused():
    with pytest.raises(ValueError, match="duplicate"):
        compare_versions(_document(1, 1), _document(1))


# --- the body text, word by word ----------------------------------------------------------------


def test_a_changed_german_word_is_marked_alone():
    change = _body_change(
        "Die Maßnahme zur Förderung der Integrationsarbeit wird fortgeführt.",
        "Die Maßnahme zur Förderung der Integrationsarbeit wird ausgeweitet.",
    )

    assert change.state == CHANGED
    assert _marked(change.body_segments, DELETE) == "fortgeführt."
    assert _marked(change.body_segments, INSERT) == "ausgeweitet."
    assert change.body_segments[0] == Segment(
        EQUAL, "Die Maßnahme zur Förderung der Integrationsarbeit wird "
    )


def test_a_changed_compound_word_is_one_word():
    change = _body_change(
        "Die Straßenverkehrsbehörde prüft das Übergangsmanagement.",
        "Die Ausländerbehörde prüft das Übergangsmanagement.",
    )

    assert _marked(change.body_segments, DELETE) == "Straßenverkehrsbehörde"
    assert _marked(change.body_segments, INSERT) == "Ausländerbehörde"


def test_a_changed_list_item_marks_only_its_words_and_keeps_the_list():
    old = "Ziele:\n\n- Beratung in Neuss\n- Beratung in Dormagen\n- Auswertung jährlich"
    new = "Ziele:\n\n- Beratung in Neuss\n- Beratung in Grevenbroich\n- Auswertung jährlich"

    change = _body_change(old, new)

    assert _marked(change.body_segments, DELETE) == "Dormagen"
    assert _marked(change.body_segments, INSERT) == "Grevenbroich"
    assert _new_text(change.body_segments) == new
    equal = _marked(change.body_segments, EQUAL)
    assert equal.count("\n- ") == 3


def test_a_changed_table_cell_marks_only_that_cell():
    old = "| Kommune | Fälle |\n|---|---|\n| Neuss | 120 |\n| Kaarst | 45 |"
    new = "| Kommune | Fälle |\n|---|---|\n| Neuss | 134 |\n| Kaarst | 45 |"

    change = _body_change(old, new)

    assert _marked(change.body_segments, DELETE) == "120"
    assert _marked(change.body_segments, INSERT) == "134"
    assert _new_text(change.body_segments) == new


def test_a_new_paragraph_is_an_insertion_after_the_old_text():
    old = "Erster Absatz bleibt."
    new = "Erster Absatz bleibt.\n\nZweiter Absatz ist neu."

    change = _body_change(old, new)

    assert change.state == CHANGED
    assert change.body_segments[0] == Segment(EQUAL, "Erster Absatz bleibt.")
    assert _marked(change.body_segments, INSERT) == "\n\nZweiter Absatz ist neu."
    assert _marked(change.body_segments, DELETE) == ""


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Zwei  Leerzeichen\tund Tab", "Zwei Leerzeichen und Tab"),
        ("Zeile\r\nzwei", "Zeile\nzwei"),
        ("Schluss mit Umbruch\n", "Schluss mit Umbruch"),
        ("  eingerückt", "eingerückt"),
    ],
)
def test_whitespace_only_retyping_is_no_change(old, new):
    change = _body_change(old, new)

    assert change.state == SAME
    assert not change.changed_anything


def test_a_heading_with_a_trailing_space_is_not_renamed():
    change = compare_versions([_section(1, heading="Ziele ")], [_section(1, heading="Ziele")])

    assert not change.sections[0].renamed


def test_emoji_and_right_to_left_text_are_words_like_any_other():
    change = _body_change("Willkommen 👋 שלום und مرحبا", "Willkommen 🎉 שלום und مرحبا")

    assert _marked(change.body_segments, DELETE) == "👋"
    assert _marked(change.body_segments, INSERT) == "🎉"
    assert _new_text(change.body_segments) == "Willkommen 🎉 שלום und مرحبا"


def test_only_changed_sections_are_listed_as_changed():
    old = _document(1, 2, 3)
    new = [_section(1), _section(2, body="Ganz neuer Text."), _section(3)]

    comparison = compare_versions(old, new)

    assert [c.key for c in comparison.changed_sections] == [2]
    assert comparison.summary.changed == (2,)
    assert comparison.sections[0].body_segments == (Segment(EQUAL, "Text des Abschnitts 1."),)


# --- size and invariants ------------------------------------------------------------------------


def test_many_sections_with_one_moved_and_one_changed():
    count = 3000
    old = _document(*range(count))
    order = list(range(1, count)) + [0]
    new = [_section(key, body="Neu.") if key == 1500 else _section(key) for key in order]

    comparison = compare_versions(old, new)

    assert comparison.summary.moved == (0,)
    assert comparison.summary.changed == (1500,)
    assert len(comparison.changed_sections) == 2


def _longest_increasing(sequence: list[int]) -> int:
    """Quadratic reference: the length of the longest increasing subsequence."""
    best = [1] * len(sequence)
    for right in range(len(sequence)):
        for left in range(right):
            if sequence[left] < sequence[right]:
                best[right] = max(best[right], best[left] + 1)
    return max(best, default=0)


@given(st.permutations(list(range(12))), st.sets(st.integers(0, 11)), st.sets(st.integers(12, 15)))
def test_the_fewest_sections_possible_are_marked_moved(order, dropped, added):
    old = _document(*range(12))
    new = _document(*[key for key in order if key not in dropped], *sorted(added))

    comparison = compare_versions(old, new)

    common = [key for key in order if key not in dropped]
    new_rank = {key: rank for rank, key in enumerate(common)}
    in_old_order = [new_rank[key] for key in range(12) if key in new_rank]
    assert len(comparison.summary.moved) == len(common) - _longest_increasing(in_old_order)
    shown = [c.key for c in comparison.sections if c.state != REMOVED]
    assert shown == [section.key for section in new]
    assert sorted(comparison.summary.removed) == sorted(dropped)


_TEXTS = st.lists(
    st.sampled_from(["Ziel", "Maßnahme", "Neuss", "- Punkt", "| 12 |", " ", "  ", "\n", "\n\n"]),
    max_size=30,
).map("".join)


@given(_TEXTS, _TEXTS)
def test_body_segments_rebuild_both_texts_and_agree_with_diff_words(old, new):
    change = _body_change(old, new)

    assert _new_text(change.body_segments) == new.strip()
    old_text = "".join(s.text for s in change.body_segments if s.kind != INSERT)
    assert old_text.split() == old.split()
    word_diff = diff_words(old.strip(), new.strip())
    assert (change.state == CHANGED) == is_changed(word_diff)

"""What the Markdown writer remembers per document part: style ids, link ids, list numbering.

python-docx looks a style up by name in styles.xml on every call and adds a new relationship
for every hyperlink; across the tens of thousands of runs of a Handlungskonzept that costs more
than writing the text. One :class:`PartState` per part keeps the answers. The states are held in
a WeakKeyDictionary keyed by the part, so a finished document is freed with everything the
writer remembered about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import ReferenceType, WeakKeyDictionary, ref

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part


@dataclass
class PartState:
    """What one document part remembers between calls: style ids, link ids, list numbering.

    It holds its part weakly: a strong reference from the value of the WeakKeyDictionary
    would keep every document built alive.
    """

    part_ref: ReferenceType[Part]
    style_ids: dict[str, str] = field(default_factory=dict)
    link_ids: dict[str, str] = field(default_factory=dict)
    abstract_numbers: dict[str, int] = field(default_factory=dict)

    def part(self) -> Part:
        """Return the part this state belongs to."""
        part = self.part_ref()
        assert part is not None, "the state is dropped together with its part"
        return part

    def style_id(self, name: str) -> str:
        """Return the id of a style; python-docx looks names up in styles.xml on every call."""
        style_id = self.style_ids.get(name)
        if style_id is None:
            styles = self.part().package.main_document_part.styles
            style_id = self.style_ids[name] = styles[name].style_id
        return style_id

    def link_id(self, url: str) -> str:
        """Return the relationship id of an external link, adding it once per address."""
        link_id = self.link_ids.get(url)
        if link_id is None:
            link_id = self.part().relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            self.link_ids[url] = link_id
        return link_id

    def new_numbering(self, style_name: str, start: int) -> int:
        """Return a fresh numbering instance of a "List Number" style that starts at ``start``.

        Paragraphs that only carry the style share one counter, so the second list of a
        document would go on at 4; a new instance with a start override restarts it.
        """
        main = self.part().package.main_document_part
        numbering = main.numbering_part.element
        abstract = self.abstract_numbers.get(style_name)
        if abstract is None:
            style_num_id = main.styles[style_name].element.pPr.numPr.numId.val
            abstract = numbering.num_having_numId(style_num_id).abstractNumId.val
            self.abstract_numbers[style_name] = abstract
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId


_states: WeakKeyDictionary[Part, PartState] = WeakKeyDictionary()


def state_for(part: Part) -> PartState:
    """Return the state of a part, creating it on first use."""
    state = _states.get(part)
    if state is None:
        state = _states[part] = PartState(ref(part))
    return state

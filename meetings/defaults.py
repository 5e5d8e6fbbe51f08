"""The agenda a body's meetings start from until the secretariat sets its own template.

The usual opening and closing items of a meeting under German rules of procedure; they are data
(stored with each meeting), so they stay German whatever language the viewer reads.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateItem:
    title: str
    kind: str = "information"
    is_public: bool = True


DEFAULT_AGENDA: tuple[TemplateItem, ...] = (
    TemplateItem("Begrüßung"),
    TemplateItem("Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit"),
    TemplateItem("Hinweis auf das Mitwirkungsverbot bei Befangenheit"),
    TemplateItem("Genehmigung der Tagesordnung", kind="decision"),
    TemplateItem("Genehmigung der Niederschrift der letzten Sitzung", kind="decision"),
    TemplateItem("Verschiedenes"),
)

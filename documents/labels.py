"""How the documents area names its statuses, decisions and audit entries (German, translated)."""

from __future__ import annotations

from documents.models.review import CommentStatus
from documents.versioning import VersionStatus
from portal.i18n import lazy_gettext as _l

STATUS_LABELS = {
    VersionStatus.DRAFT: _l("Entwurf"),
    VersionStatus.IN_REVIEW: _l("in Abstimmung mit den Gremien"),
    VersionStatus.ADOPTED: _l("beschlossen, gültig"),
    VersionStatus.SUPERSEDED: _l("abgelöst"),
}
COMMENT_STATUS_LABELS = {
    CommentStatus.OPEN: _l("offen"),
    CommentStatus.ACCEPTED: _l("übernommen"),
    CommentStatus.DECLINED: _l("abgelehnt"),
    CommentStatus.ANSWERED: _l("beantwortet"),
}
#: The choices the secretariat has for a comment.
COMMENT_DECISION_LABELS = {
    CommentStatus.ACCEPTED.value: _l("übernehmen (ein vorgeschlagener Text wird eingesetzt)"),
    CommentStatus.DECLINED.value: _l("ablehnen (mit Begründung)"),
    CommentStatus.ANSWERED.value: _l("beantworten"),
}
#: Section states of the comparison (``documents.compare``).
CHANGE_LABELS = {
    "added": _l("neu"),
    "removed": _l("entfernt"),
    "changed": _l("geändert"),
    "same": _l("unverändert"),
    "moved": _l("verschoben"),
    "renamed": _l("umbenannt"),
}
ACTION_LABELS = {
    "document.create": _l("Dokument angelegt"),
    "document.update": _l("Dokument geändert"),
    "document.editor_add": _l("Bearbeiter/in benannt"),
    "document.editor_remove": _l("Bearbeiter/in entfernt"),
    "document_attachment.create": _l("Anlage zum Dokument hinzugefügt"),
    "document_attachment.delete": _l("Anlage zum Dokument entfernt"),
    "document_attachment.new_version": _l("Neue Version einer Anlage zum Dokument"),
    "document_version.create": _l("Entwurf begonnen"),
    "document_version.import": _l("Entwurf aus Word-Datei angelegt"),
    "document_version.update": _l("Änderungsvermerk geändert"),
    "document_version.delete": _l("Entwurf verworfen"),
    "document_version.submit": _l("Version zur Entscheidung vorgelegt"),
    "document_version.release": _l("Version zur Überarbeitung zurückverwiesen"),
    "document_version.adopt": _l("Version beschlossen"),
    "document_section.create": _l("Abschnitt hinzugefügt"),
    "document_section.update": _l("Abschnitt bearbeitet"),
    "document_section.move": _l("Abschnitt verschoben"),
    "document_section.delete": _l("Abschnitt entfernt"),
    "document_review.start": _l("Abstimmung mit den Gremien begonnen"),
    "document_review.end": _l("Abstimmung mit den Gremien beendet"),
    "review_comment.create": _l("Anmerkung zum Entwurf gegeben"),
    "review_comment.handle": _l("Anmerkung zum Entwurf behandelt"),
}
OBJECT_TYPE_LABELS = {
    "Document": _l("Dokument"),
    "DocumentAttachment": _l("Anlage zum Dokument"),
    "DocumentVersion": _l("Dokumentversion"),
    "ReviewComment": _l("Anmerkung zum Entwurf"),
}

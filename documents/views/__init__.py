"""The ``documents`` blueprint: ``/documents/`` and everything below it.

URL table (views in ``pages``, ``editing``, ``review``, ``adoption`` and ``attachments``):

=======================================================  ==========================================
``GET /documents/``                                      the documents the reader may see
``GET|POST /documents/new``                              create a document (secretariat)
``GET /documents/<slug>/``                               the document: version in force, history
``GET|POST /documents/<slug>/edit``                      title, address, description, publicity
``POST /documents/<slug>/drafts``                        start the next version as a draft
``GET|POST /documents/<slug>/import``                    start a draft from a Word file
``GET /documents/<slug>/compare?from=1.0&to=2.0``        compare two versions
``GET /documents/<slug>/compare.docx?from=…&to=…``       the comparison as a Word file
``GET /documents/<slug>/versions/<number>``              one version with all its sections
``GET /documents/<slug>/versions/<number>.docx``         the version as a Word file
``GET|POST …/versions/<number>/note``                    the draft's change note
``GET|POST …/versions/<number>/discard``                 discard the draft
``GET|POST …/versions/<number>/sections/new``            add a section
``GET|POST …/versions/<number>/sections/<s>/edit``       edit a section (optimistic locking)
``POST …/versions/<number>/sections/<s>/move``           move it up or down
``GET|POST …/versions/<number>/sections/<s>/delete``     remove it from the draft
``GET|POST …/versions/<number>/review``                  put the draft in review for bodies
``POST …/versions/<number>/review/end``                  end the review
``GET|POST …/versions/<number>/sections/<s>/comment``    a reviewer comments on a section
``GET|POST …/versions/<number>/comments/<c>``            the secretariat handles a comment
``GET …/versions/<number>/review-report``                every comment and its handling
``GET|POST …/versions/<number>/decision``                put the version up for decision
``GET|POST /documents/<slug>/editors``                   name and remove editors
``GET|POST /documents/<slug>/attachments``               files of the document; upload one
``POST …/attachments/<a>/versions``                      upload a file's new version
``GET|POST …/attachments/<a>/delete``                    ask, then remove a file
``GET …/attachments/<a>/<filename>``                     download a file
``GET …/attachments/<a>/versions/<n>/<filename>``        download an older version
=======================================================  ==========================================
"""

from __future__ import annotations

from flask import Blueprint

from documents import labels
from documents.services.adoption import adopt_on_decision
from documents.services.documents import documents_in_force
from documents.services.statistics_targets import PROVIDERS as STATISTICS_TARGETS
from meetings.services.decisions import on_decision
from portal import dashboard
from portal import labels as portal_labels
from portal.dashboard import Card
from portal.statistics.targets import register_target

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.record_once
def _audit_labels(_state) -> None:
    portal_labels.AUDIT_ACTION_LABELS.update(labels.ACTION_LABELS)
    portal_labels.OBJECT_TYPE_LABELS.update(labels.OBJECT_TYPE_LABELS)


@bp.record_once
def _adoption(_state) -> None:
    """Adopt a version when the steering group adopts the proposal that put it up."""
    on_decision(adopt_on_decision)


@bp.record_once
def _template_helpers(state) -> None:
    state.app.jinja_env.globals["document_labels"] = labels


def documents_card(user) -> Card | None:
    """The start page card: the documents in force the reader may see (one statement)."""
    in_force = documents_in_force(user)
    if not in_force:
        return None
    return Card("documents-card", "documents/_dashboard_card.html", 60, {"in_force": in_force})


@bp.record_once
def _dashboard_card(state) -> None:
    dashboard.register_card(state.app, documents_card)


@bp.record_once
def _statistics_targets(state) -> None:
    """Let statistics be linked from the sections of a version."""
    for kind, provider in STATISTICS_TARGETS.items():
        register_target(state.app, kind, provider)


from documents.views import (  # noqa: E402,F401  (routes register on bp)
    adoption,
    attachments,
    editing,
    pages,
    review,
)

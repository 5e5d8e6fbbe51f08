"""The generic lists of attached files (``portal.services.attachment_lists``), for every kind.

Each kind (a proposal's annexes, a meeting's, a decision's and a document's files) is one
``AttachmentSpec``; the same tests run for each: attaching, new versions, removing, listing in a
fixed number of statements, the owner check, permissions, and nothing kept of a refused upload.
"""

from __future__ import annotations

import ast
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from benchmarks.sqlcount import StatementCounter
from documents.services.attachments import DOCUMENT_ATTACHMENTS
from meetings.models import Proposal
from meetings.proposal_flow import Outcome, ProposalStatus
from meetings.services.decision_attachments import DECISION_ATTACHMENTS
from meetings.services.decisions import record_decision
from meetings.services.meeting_attachments import MEETING_ATTACHMENTS
from meetings.services.proposal_attachments import PROPOSAL_ATTACHMENTS
from portal import labels
from portal.errors import InvalidInput, NotFound, PermissionDenied
from portal.extensions import db
from portal.models import AuditEvent, StoredFile
from portal.services import attachment_lists
from portal.services.attachment_lists import AttachmentSpec
from portal.services.files import blob_store
from tests.fixtures.meetings import PDF_BYTES

ROOT = Path(__file__).resolve().parents[3]
SPECS = {
    "proposal": PROPOSAL_ATTACHMENTS,
    "meeting": MEETING_ATTACHMENTS,
    "decision": DECISION_ATTACHMENTS,
    "document": DOCUMENT_ATTACHMENTS,
}


@pytest.fixture
def app_config(tmp_path):
    return {"FILE_STORAGE_PATH": str(tmp_path / "files")}


@dataclass
class Kind:
    """One kind of list, with two owners of it and the people around them."""

    spec: AttachmentSpec
    owner: Any
    other: Any
    #: Who may change the files; who may see them but not change them; who may not see them.
    editor: Any
    reader: Any
    outsider: Any


def _owners(name: str, body, personas, create_meeting, create_document) -> tuple[Any, Any]:
    if name == "proposal":
        return tuple(
            _proposal(body, personas["member"], number, f"Vorlage {number}") for number in (1, 2)
        )
    if name == "meeting":
        return create_meeting(body, title="3. Sitzung"), create_meeting(body, title="4. Sitzung")
    if name == "decision":
        decisions = [
            record_decision(
                personas["secretariat"],
                body=body,
                outcome=Outcome.ADOPTED,
                resolution_text=f"Beschluss {number}",
                decided_on=date(2026, 3, number),
            )
            for number in (1, 2)
        ]
        db.session.commit()
        return tuple(decisions)
    return (
        create_document(body, title="Handlungskonzept", slug="hk"),
        create_document(body, title="Anderes", slug="anderes"),
    )


def _proposal(body, submitter, number: int, title: str) -> Proposal:
    proposal = Proposal(
        body=body,
        year=2026,
        number=number,
        title=title,
        submitter=submitter,
        status=ProposalStatus.DRAFT,
        resolution_text="Die Lenkungsgruppe beschließt.",
        rationale="",
    )
    db.session.add(proposal)
    db.session.commit()
    return proposal


@pytest.fixture(params=list(SPECS))
def kind(request, body, personas, create_meeting, create_document) -> Kind:
    owner, other = _owners(request.param, body, personas, create_meeting, create_document)
    if request.param == "proposal":
        # A draft: only its submitter writes it; the KI sees it (it runs the body) but may not.
        return Kind(
            PROPOSAL_ATTACHMENTS,
            owner,
            other,
            personas["member"],
            personas["secretariat"],
            personas["chair"],
        )
    return Kind(
        SPECS[request.param],
        owner,
        other,
        personas["secretariat"],
        personas["member"],
        personas["other_member"],
    )


def _file(name: str = "Anlage.pdf", data: bytes = PDF_BYTES) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _blobs() -> list[Path]:
    root = Path(blob_store().root)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _events(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def test_files_are_attached_in_order_replaced_and_removed_with_audit_entries(kind):
    spec, owner = kind.spec, kind.owner

    first = attachment_lists.attach_file(kind.editor, spec, owner, _file(), title=" Anlage  1 ")
    second = attachment_lists.attach_file(kind.editor, spec, owner, _file("Karte.pdf"))

    assert (first.title, first.position) == ("Anlage 1", 0)
    assert (second.title, second.position) == ("Karte.pdf", 1)
    assert first.file.sha256 == second.file.sha256, "one blob for the same content"
    (created, _) = _events(f"{spec.audit_prefix}.create")
    assert created.object_label == f"{spec.label(owner)}: Anlage 1"
    assert created.after[spec.owner_key] == owner.id and created.after["version"] == 1

    new = PDF_BYTES.replace(b"595 842", b"842 595")
    attachment_lists.replace_file(kind.editor, spec, owner, first, _file("Anlage_v2.pdf", new))

    assert (first.file.version, first.file.filename) == (2, "Anlage_v2.pdf")
    old = attachment_lists.get_file_version(kind.reader, spec, owner, first.id, 1)
    assert blob_store().read(old.sha256) == PDF_BYTES
    (replaced,) = _events(f"{spec.audit_prefix}.new_version")
    assert (replaced.before["version"], replaced.after["version"]) == (1, 2)

    blobs = _blobs()
    attachment_lists.remove_file(kind.editor, spec, owner, first)

    listed = attachment_lists.list_files(kind.reader, spec, owner)
    assert [item.id for item in listed] == [second.id]
    assert _count(StoredFile) == 1 and _blobs() == blobs
    (removed,) = _events(f"{spec.audit_prefix}.delete")
    assert removed.before["title"] == "Anlage 1" and removed.before["version"] == 2


def test_the_list_costs_one_statement_and_one_more_for_all_older_versions(kind):
    spec, owner = kind.spec, kind.owner
    attachments = [
        attachment_lists.attach_file(kind.editor, spec, owner, _file(f"Anlage {n}.pdf"))
        for n in range(4)
    ]
    db.session.expire_all()

    with StatementCounter(db.engine) as plain:
        listed = attachment_lists.list_files(kind.reader, spec, owner)
        assert [item.file.older_versions for item in listed] == [[], [], [], []]

    for number, attachment in enumerate(attachments):
        data = PDF_BYTES + b"%" * (number + 1)
        attachment_lists.replace_file(kind.editor, spec, owner, attachment, _file(data=data))
    db.session.expire_all()
    with StatementCounter(db.engine) as versioned:
        listed = attachment_lists.list_files(kind.reader, spec, owner)
        older = [[old.version for old in item.file.older_versions] for item in listed]

    assert older == [[1], [1], [1], [1]]
    assert len(plain.statements) - _permission_statements(plain) == 1, plain.statements
    assert len(versioned.statements) == len(plain.statements) + 1, versioned.statements


def _permission_statements(counter) -> int:
    """The statements the permission check loads (the reader's memberships), not the list's."""
    return sum(1 for statement in counter.statements if "attachments" not in statement)


def test_a_file_of_another_owner_is_not_found_through_this_one(kind):
    spec = kind.spec
    attachment = attachment_lists.attach_file(kind.editor, spec, kind.owner, _file())

    with pytest.raises(NotFound):
        attachment_lists.get_file(kind.editor, spec, kind.other, attachment.id)
    with pytest.raises(NotFound):
        attachment_lists.get_file_version(kind.editor, spec, kind.other, attachment.id, 1)
    with pytest.raises(NotFound):
        attachment_lists.replace_file(kind.editor, spec, kind.other, attachment, _file(data=b"x"))
    with pytest.raises(NotFound):
        attachment_lists.remove_file(kind.editor, spec, kind.other, attachment)
    db.session.rollback()

    assert _count(spec.model) == 1 and _count(StoredFile) == 1
    assert attachment_lists.list_files(kind.editor, spec, kind.other) == []


def test_who_may_only_read_changes_nothing_and_outsiders_learn_nothing(kind):
    spec, owner = kind.spec, kind.owner
    attachment = attachment_lists.attach_file(kind.editor, spec, owner, _file())
    blobs = _blobs()

    assert attachment_lists.may_edit(kind.editor, spec, owner)
    assert not attachment_lists.may_edit(kind.reader, spec, owner)
    assert [item.id for item in attachment_lists.list_files(kind.reader, spec, owner)] == [
        attachment.id
    ]
    with pytest.raises(PermissionDenied):
        attachment_lists.attach_file(kind.reader, spec, owner, _file(data=PDF_BYTES + b"%"))
    with pytest.raises(PermissionDenied):
        attachment_lists.replace_file(kind.reader, spec, owner, attachment, _file(data=b"x"))
    with pytest.raises(PermissionDenied):
        attachment_lists.remove_file(kind.reader, spec, owner, attachment)
    for actor in (kind.outsider, None):
        with pytest.raises(NotFound):
            attachment_lists.list_files(actor, spec, owner)
        with pytest.raises(NotFound):
            attachment_lists.get_file(actor, spec, owner, attachment.id)
        with pytest.raises(NotFound):
            attachment_lists.get_file_version(actor, spec, owner, attachment.id, 1)
    db.session.rollback()

    assert _count(spec.model) == 1 and _count(StoredFile) == 1 and _blobs() == blobs


@pytest.mark.parametrize(
    ("name", "data", "title", "field"),
    [
        ("leer.pdf", b"", "", "file"),
        ("bericht.pdf", b"\x89PNG\r\n\x1a\n\x00\x00", "", "file"),
        ("programm.exe", b"MZ\x90\x00", "", "file"),
        ("ok.pdf", PDF_BYTES, "x" * 301, "title"),
    ],
    ids=["empty", "png-as-pdf", "exe", "title"],
)
def test_a_refused_upload_keeps_no_row_and_no_blob(kind, name, data, title, field):
    with pytest.raises(InvalidInput) as refused:
        attachment_lists.attach_file(
            kind.editor, kind.spec, kind.owner, _file(name, data), title=title
        )
    db.session.rollback()

    assert [error_field for error_field, _ in refused.value.errors] == [field]
    assert _count(kind.spec.model) == 0 and _count(StoredFile) == 0 and _blobs() == []
    assert _events(f"{kind.spec.audit_prefix}.create") == []


def test_a_removal_refreshes_the_owners_own_list(people_free_proposal):
    proposal, submitter = people_free_proposal
    attachment = attachment_lists.attach_file(submitter, PROPOSAL_ATTACHMENTS, proposal, _file())
    assert [item.id for item in proposal.attachments] == [attachment.id]

    attachment_lists.remove_file(submitter, PROPOSAL_ATTACHMENTS, proposal, attachment)

    assert proposal.attachments == []


@pytest.fixture
def people_free_proposal(body, personas):
    return _proposal(body, personas["member"], 1, "Vorlage"), personas["member"]


@pytest.mark.parametrize("name", list(SPECS))
def test_every_kind_names_its_changes_and_its_files_in_german(app, name):
    spec = SPECS[name]

    for change in ("create", "new_version", "delete"):
        assert f"{spec.audit_prefix}.{change}" in labels.AUDIT_ACTION_LABELS
    assert spec.model.__name__ in labels.OBJECT_TYPE_LABELS


def test_the_generic_module_knows_no_area():
    tree = ast.parse((ROOT / "portal/services/attachment_lists.py").read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }

    assert "portal.permissions" in modules, "the check reads the imports"
    assert not {name for name in modules if name.startswith(("meetings", "documents"))}

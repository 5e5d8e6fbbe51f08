"""Files attached to a decision, as the decision page shows them.

The management pages and downloads every owner shares are tested for decisions too in
``portal/test_attachment_pages.py``; here: where the files show, to whom, and at what cost.
"""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from benchmarks.sqlcount import StatementCounter
from meetings.services.decision_attachments import DECISION_ATTACHMENTS
from portal.extensions import db
from portal.services import attachment_lists
from tests.fixtures.meetings import PDF_BYTES


@pytest.fixture
def app_config(tmp_path):
    """Pages are rendered each time (no page store), so their statements can be counted."""
    return {"FILE_STORAGE_PATH": str(tmp_path / "files"), "PAGE_CACHE_BYTES": 0}


def _attach(ki, decision, title: str, *, versions: int = 1):
    def pdf(name, marker=b""):
        return FileStorage(io.BytesIO(PDF_BYTES + marker), filename=name)

    attachment = attachment_lists.attach_file(
        ki, DECISION_ATTACHMENTS, decision, pdf(f"{title}.pdf"), title=title
    )
    for number in range(2, versions + 1):
        attachment_lists.replace_file(
            ki, DECISION_ATTACHMENTS, decision, attachment, pdf("neu.pdf", b"%" * number)
        )
    return attachment


def test_the_decision_page_lists_its_files_and_the_management_link_for_the_register_keeper(
    client, auth, personas, ki, body, create_decision
):
    decision = create_decision(body)
    plan = _attach(ki, decision, "Finanzierungsplan", versions=2)
    text_before = decision.resolution_text
    auth.login_as(ki)

    page = client.get(f"/decisions/{decision.id}").get_data(as_text=True)

    assert f'href="/decisions/{decision.id}/attachments/{plan.id}/neu.pdf"' in page
    assert "Finanzierungsplan" in page and "ältere Versionen" in page
    assert f'href="/decisions/{decision.id}/attachments"' in page
    db.session.expire_all()
    assert decision.resolution_text == text_before, "the decision itself stays as it was"


@pytest.mark.parametrize("who", ["member", "guest", "chair", "admin"])
def test_members_see_the_files_but_no_management_link(
    client, auth, personas, ki, body, create_decision, who
):
    decision = create_decision(body)
    _attach(ki, decision, "Finanzierungsplan")
    auth.login_as(personas[who])

    page = client.get(f"/decisions/{decision.id}").get_data(as_text=True)

    assert "Finanzierungsplan" in page
    assert f'href="/decisions/{decision.id}/attachments"' not in page


@pytest.mark.parametrize(
    ("body_public", "decision_public", "status"),
    [(True, True, 200), (True, False, 404), (False, True, 404)],
    ids=["public", "non-public-decision", "non-public-body"],
)
def test_the_public_gets_the_files_of_public_decisions_of_public_bodies_only(
    client, ki, body, create_decision, body_public, decision_public, status
):
    body.is_public = body_public
    db.session.commit()
    decision = create_decision(body, is_public=decision_public)
    attachment = _attach(ki, decision, "Finanzierungsplan")

    url = f"/decisions/{decision.id}/attachments/{attachment.id}/x.pdf"
    assert client.get(url).status_code == status
    assert client.get(f"/decisions/{decision.id}/attachments").status_code == 302, "login first"


def _statements(client, path: str) -> int:
    assert client.get(path).status_code == 200
    with StatementCounter(db.engine) as counter:
        assert client.get(path).status_code == 200
    return len(counter.statements)


def test_the_files_cost_the_decision_page_one_statement_and_one_for_all_older_versions(
    client, auth, personas, ki, body, create_decision
):
    empty, plain, versioned = (create_decision(body) for _ in range(3))
    for number in range(5):
        _attach(ki, plain, f"Anlage {number}")
        _attach(ki, versioned, f"Anlage {number}", versions=3)
    auth.login_as(personas["member"])

    without = _statements(client, f"/decisions/{empty.id}")

    assert _statements(client, f"/decisions/{plain.id}") == without
    assert _statements(client, f"/decisions/{versioned.id}") == without + 1
    assert without <= 10


def test_the_audit_log_names_the_change_in_german(client, auth, ki, body, create_decision):
    decision = create_decision(body)
    _attach(ki, decision, "Finanzierungsplan")
    auth.login_as(ki)

    page = client.get("/audit/").get_data(as_text=True)

    assert "Anlage zum Beschluss hinzugefügt" in page and ": Finanzierungsplan" in page

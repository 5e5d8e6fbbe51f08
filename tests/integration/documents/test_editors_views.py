"""Naming the people who edit a document's drafts with the secretariat, and taking it back."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from documents.models import DocumentEditor, VersionStatus
from portal.extensions import db
from portal.permissions import Action, can
from tests.integration.test_bad_input import snapshot

SCRIPT_NAME = "<script>alert('x')</script> Jürgen Größe 🎉 مرحبا"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(DocumentEditor))


@pytest.fixture
def document(body, create_document, create_version):
    document = create_document(body, title="Handlungskonzept KIM", slug="hk")
    adopted = create_version(document, "1.0", status=VersionStatus.ADOPTED)
    create_version(document, "1.1", based_on=adopted)
    return document


@pytest.fixture
def ki(personas, auth):
    auth.login_as(personas["secretariat"])
    return personas["secretariat"]


def test_the_secretariat_names_an_editor_who_may_then_edit_the_draft(
    client, ki, personas, document
):
    outsider = personas["other_member"]
    draft = document.versions[-1]
    assert not can(outsider, Action.VERSION_EDIT, draft)

    response = client.post("/documents/hk/editors", data={"user": str(outsider.id)})

    assert response.status_code == 302
    editor = db.session.scalar(select(DocumentEditor))
    assert (editor.user_id, editor.named_by_id) == (outsider.id, ki.id)
    assert can(outsider, Action.VERSION_EDIT, draft)
    assert not can(outsider, Action.VERSION_EDIT, document.versions[0])
    page = _text(client.get("/documents/hk/editors"))
    assert "Mitglied anderes Gremium" in page
    assert f'<option value="{outsider.id}"' not in page


def test_an_editor_is_taken_off_again(client, ki, personas, document):
    client.post("/documents/hk/editors", data={"user": str(personas["member"].id)})
    editor_id = db.session.scalar(select(DocumentEditor.id))

    response = client.post(f"/documents/hk/editors/{editor_id}/remove")

    assert response.status_code == 302
    assert _count() == 0
    assert client.post(f"/documents/hk/editors/{editor_id}/remove").status_code == 404


@pytest.mark.parametrize("value", ["", "keine Zahl", "999999", "<script>alert(1)</script>"])
def test_a_person_not_offered_is_refused_next_to_the_field(client, ki, document, value):
    before = snapshot()

    response = client.post("/documents/hk/editors", data={"user": value})

    assert response.status_code == 422
    assert 'id="user-error-1"' in _text(response)
    assert "<script>alert(1)</script>" not in _text(response)
    assert snapshot() == before


def test_nobody_is_named_twice(client, ki, personas, document):
    member = personas["member"]
    client.post("/documents/hk/editors", data={"user": str(member.id)})

    response = client.post("/documents/hk/editors", data={"user": str(member.id)})

    assert response.status_code == 422
    assert "Diese Person bearbeitet das Dokument bereits mit." in _text(response)
    assert _count() == 1


def test_deactivated_accounts_are_not_offered(client, ki, create_user, document):
    gone = create_user(name="Ehemalige Kollegin", is_active=False)

    page = _text(client.get("/documents/hk/editors"))
    response = client.post("/documents/hk/editors", data={"user": str(gone.id)})

    assert "Ehemalige Kollegin" not in page
    assert response.status_code == 422
    assert _count() == 0


def test_names_are_shown_escaped(client, ki, create_user, document):
    person = create_user(name=SCRIPT_NAME)

    offered = _text(client.get("/documents/hk/editors"))
    client.post("/documents/hk/editors", data={"user": str(person.id)})
    listed = _text(client.get("/documents/hk/editors"))

    for page in (offered, listed):
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Jürgen Größe 🎉 مرحبا" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("guest", 403), ("other_member", 404), ("member", 403), ("chair", 403)],
)
def test_only_the_secretariat_names_editors(client, auth, personas, document, persona, status):
    if personas[persona]:
        auth.login_as(personas[persona])

    assert client.get("/documents/hk/editors").status_code == status
    response = client.post("/documents/hk/editors", data={"user": str(personas["member"].id)})
    assert response.status_code == status
    assert _count() == 0


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("other_member", 404)])
def test_only_the_secretariat_removes_editors(client, auth, personas, document, persona, status):
    editor = DocumentEditor(document=document, user=personas["chair"])
    db.session.add(editor)
    db.session.commit()
    auth.login_as(personas[persona])

    assert client.post(f"/documents/hk/editors/{editor.id}/remove").status_code == status
    assert _count() == 1


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_removing_needs_the_form_token(client, ki, personas, document, app_config):
    editor = DocumentEditor(document=document, user=personas["chair"])
    db.session.add(editor)
    db.session.commit()

    assert client.post(f"/documents/hk/editors/{editor.id}/remove").status_code == 400
    assert _count() == 1

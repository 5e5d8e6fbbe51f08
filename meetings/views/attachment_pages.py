"""The pages of a list of attached files, the same for every owner: the bodies of the views.

Each owner (a proposal, a meeting, a decision, a document) declares its five routes in its own
views module, so its URLs stay readable there, and lets the functions here do the work with an
:class:`AttachmentPages`: the management page (list with versions, upload form, one form per
file for its next version), the question before a file is removed, and the downloads. The
owner's routes are named alike (``attachments``, ``new_attachment_version``,
``delete_attachment``, ``download_attachment``, ``download_attachment_version``) so the shared
macros (``templates/_macros/attachments.html``) can link them.

The owner is loaded by the caller, which answers 404 for one the visitor may not see; the
management pages then answer 403 to whoever may not change its files, with the owner's reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from meetings.forms.attachments import new_version_form
from meetings.forms.proposals import AttachmentForm
from portal.errors import PermissionDenied
from portal.forms import PortalForm
from portal.services import attachment_lists
from portal.services.attachment_lists import AttachmentSpec
from portal.services.files import allowed_types_text, file_response, max_size_text
from portal.views.helpers import submit_form


def _nothing(_owner: Any) -> dict:
    return {}


@dataclass(frozen=True)
class AttachmentPages:
    """How one owner's attachment pages are built."""

    spec: AttachmentSpec
    #: The blueprint the owner's routes are registered on, e.g. ``"meetings"``.
    blueprint: str
    #: The owner's URL arguments, e.g. ``{"meeting_id": 3}``.
    owner_args: Callable[[Any], dict]
    #: The management page and the question before a removal.
    template: str
    delete_template: str
    #: The German reason shown to whoever may see the owner but not change its files.
    refused: Callable[[], str] | None = None
    #: More template variables, e.g. ``{"meeting": owner}``.
    context: Callable[[Any], dict] = field(default=_nothing)

    def url(self, owner: Any, endpoint: str = "attachments", **values: Any) -> str:
        """Return the address of one of the owner's attachment routes."""
        return url_for(f"{self.blueprint}.{endpoint}", **self.owner_args(owner), **values)

    def variables(self, owner: Any) -> dict:
        """Return what every attachment template of the owner gets."""
        return {
            "owner": owner,
            # Not "endpoint": base.html sets that name to the request's endpoint.
            "attachment_bp": self.blueprint,
            "attachment_args": self.owner_args(owner),
            **self.context(owner),
        }


def _actor():
    return current_user._get_current_object()


def _require_edit(pages: AttachmentPages, owner: Any) -> None:
    if attachment_lists.may_edit(current_user, pages.spec, owner):
        return
    if pages.refused is None:
        raise PermissionDenied()
    raise PermissionDenied(pages.refused())


def _render(pages: AttachmentPages, owner: Any, form, status: int, failed=None):
    """Render the management page; ``failed`` is a new-version form to show with its errors."""
    listed = attachment_lists.list_files(current_user, pages.spec, owner)
    version_forms = {item.id: new_version_form(item.id, item.title) for item in listed}
    if failed is not None:
        version_forms[failed[0]] = failed[1]
    return render_template(
        pages.template,
        form=form,
        version_forms=version_forms,
        attachments=listed,
        allowed_types=allowed_types_text(),
        max_size=max_size_text(),
        **pages.variables(owner),
    ), status


def manage(pages: AttachmentPages, owner: Any):
    """List the owner's files with their versions and upload another (multipart, no JS)."""
    _require_edit(pages, owner)
    form = AttachmentForm()
    actor = _actor()
    status = submit_form(
        form,
        lambda: attachment_lists.attach_file(
            actor, pages.spec, owner, form.file.data, title=form.title.data or ""
        ),
    )
    if status is None:
        flash(_("Die Anlage wurde hochgeladen."), "success")
        return redirect(pages.url(owner))
    return _render(pages, owner, form, status)


def new_version(pages: AttachmentPages, owner: Any, attachment_id: int):
    """Upload a new version of a file, from the form beside it on the management page."""
    _require_edit(pages, owner)
    attachment = attachment_lists.get_file(current_user, pages.spec, owner, attachment_id)
    form = new_version_form(attachment.id, attachment.title)
    actor = _actor()
    status = submit_form(
        form,
        lambda: attachment_lists.replace_file(actor, pages.spec, owner, attachment, form.file.data),
    )
    if status is None:
        flash(
            _("Die neue Version von „%(title)s“ wurde hochgeladen.", title=attachment.title),
            "success",
        )
        return redirect(pages.url(owner, _anchor=f"attachment-{attachment.id}"))
    return _render(pages, owner, AttachmentForm(formdata=None), status, (attachment.id, form))


def delete(pages: AttachmentPages, owner: Any, attachment_id: int):
    """Ask whether to remove a file (GET), then remove it with every version (POST)."""
    _require_edit(pages, owner)
    attachment = attachment_lists.get_file(current_user, pages.spec, owner, attachment_id)
    form = PortalForm()
    if form.validate_on_submit():
        attachment_lists.remove_file(_actor(), pages.spec, owner, attachment)
        flash(_("Die Anlage wurde entfernt."), "success")
        return redirect(pages.url(owner))
    status = 422 if form.is_submitted() else 200
    return render_template(
        pages.delete_template, form=form, attachment=attachment, **pages.variables(owner)
    ), status


def download(pages: AttachmentPages, owner: Any, attachment_id: int):
    """Send a file's current version to whoever may see its owner (404 for anyone else).

    The name in the path is for the reader and the browser; the file is found by its id.
    """
    return file_response(
        attachment_lists.get_file(current_user, pages.spec, owner, attachment_id).file
    )


def download_version(pages: AttachmentPages, owner: Any, attachment_id: int, version: int):
    """Send one version of a file, to exactly those who may download the file itself."""
    return file_response(
        attachment_lists.get_file_version(current_user, pages.spec, owner, attachment_id, version)
    )

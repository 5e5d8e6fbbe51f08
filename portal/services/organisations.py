"""Organisations that hold seats in bodies."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import audit
from portal.errors import InvalidInput, NotFound
from portal.extensions import db
from portal.models import Organisation, OrganisationKind, User
from portal.permissions import Action, SystemActor, require

_AUDITED = ("name", "kind")


def _check_name_free(name: str, *, except_id: int | None = None) -> None:
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.strip().lower())
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    if db.session.scalar(query) is not None:
        raise InvalidInput([("name", _("Eine Organisation mit diesem Namen gibt es schon."))])


def list_organisations(actor: User, *, page: int = 1, per_page: int = 25):
    """Return one page of organisations by name."""
    require(actor, Action.ADMIN_ORGANISATIONS)
    query = select(Organisation).order_by(func.lower(Organisation.name), Organisation.id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_organisation(actor: User, organisation_id: int) -> Organisation:
    """Return one organisation for editing."""
    require(actor, Action.ADMIN_ORGANISATIONS)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound()
    return organisation


def create_organisation(
    actor: User | SystemActor, *, name: str, kind: OrganisationKind | str
) -> Organisation:
    """Create an organisation."""
    require(actor, Action.ADMIN_ORGANISATIONS)
    _check_name_free(name)
    organisation = Organisation(name=name.strip(), kind=OrganisationKind(kind))
    db.session.add(organisation)
    db.session.flush()
    audit.record(
        actor,
        "organisation.create",
        organisation,
        label=organisation.name,
        after=audit.snapshot(organisation, _AUDITED),
    )
    db.session.commit()
    return organisation


def update_organisation(
    actor: User, organisation: Organisation, *, name: str, kind: OrganisationKind | str
) -> Organisation:
    """Rename an organisation or change its kind."""
    require(actor, Action.ADMIN_ORGANISATIONS)
    _check_name_free(name, except_id=organisation.id)
    before = audit.snapshot(organisation, _AUDITED)
    organisation.name = name.strip()
    organisation.kind = OrganisationKind(kind)
    audit.record(
        actor,
        "organisation.update",
        organisation,
        label=organisation.name,
        before=before,
        after=audit.snapshot(organisation, _AUDITED),
    )
    db.session.commit()
    return organisation


def organisation_choices() -> list[tuple[int, str]]:
    """Return (id, name) of all organisations, for selecting the one a seat represents."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(func.lower(Organisation.name))
    )
    return [(row.id, row.name) for row in rows]

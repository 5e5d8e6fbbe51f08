"""Checks that the portal's dependencies answer."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db

logger = logging.getLogger("portal.health")


def database_ok() -> bool:
    """Tell whether the database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        logger.exception("database health check failed")
        db.session.rollback()
        return False
    return True

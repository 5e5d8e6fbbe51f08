"""Health check for load balancers and monitoring."""

from __future__ import annotations

from flask import Blueprint, jsonify

from portal.services.health import database_ok

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def index():
    """Answer whether the portal and its database work."""
    if database_ok():
        return jsonify(status="ok", database="ok")
    return jsonify(status="error", database="unreachable"), 503

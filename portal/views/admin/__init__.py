"""Admin pages: users, organisations, bodies, memberships, feedback.

One blueprint; the routes live in one module per resource, imported below so they register.
"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from portal.views.admin import bodies, feedback, memberships, organisations, users  # noqa: E402,F401

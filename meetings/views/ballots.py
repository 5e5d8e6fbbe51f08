"""The ``ballots`` blueprint: ``/ballots/`` and everything below it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ballots", __name__, url_prefix="/ballots")

"""WSGI entry point for gunicorn: ``gunicorn benchmarks.wsgi:app`` (started by the harness)."""

from __future__ import annotations

from benchmarks.app import build_app

app = build_app()

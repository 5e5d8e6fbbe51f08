"""Typed errors raised by services and mapped to HTTP statuses by the application."""

from __future__ import annotations


class PortalError(Exception):
    """Base of all errors a service may raise on purpose."""

    status_code = 400


class PermissionDenied(PortalError):
    """The actor may not do this."""

    status_code = 403


class NotFound(PortalError):
    """The object does not exist, or the actor must not learn that it does."""

    status_code = 404


class Conflict(PortalError):
    """The object changed since the actor loaded it."""

    status_code = 409


class InvalidInput(PortalError):
    """Input broke a rule; ``errors`` holds ``(field, German message)`` pairs."""

    status_code = 422

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(message for _, message in errors))
        self.errors = errors

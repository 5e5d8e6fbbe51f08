"""Password hashing (Argon2id) and the password policy.

The policy follows NIST SP 800-63B and the BSI IT-Grundschutz: length counts (12 to 128
characters), composition rules do not, and passwords from lists of common passwords are refused.
"""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2-cffi defaults to Argon2id with RFC 9106 parameters


@cache
def _common() -> frozenset[str]:
    """Load the 30,000 common passwords on first use: most requests never set a password."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


@cache
def _dummy_hash() -> str:
    """Return a hash to verify against when the account is unknown, so a failed login takes as
    long either way; made on first use, not at import, to spare every worker a 64 MiB peak."""
    return _hasher.hash("kim-portal timing equaliser")


def hash_password(password: str) -> str:
    """Return an Argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a hash; an empty hash matches nothing but costs the same."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Tell whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


#: Runs people type when asked for "something long": digits and keyboard rows (US and German).
_SEQUENCES = tuple(
    run * 12 + run[::-1] * 12
    for run in (
        "0123456789",
        "abcdefghijklmnopqrstuvwxyz",
        "qwertyuiopasdfghjklzxcvbnm",
        "qwertzuiopüasdfghjklöäyxcvbnm",
    )
)


def is_common(password: str) -> bool:
    """Tell whether the password is on a list of common passwords or is a plain sequence."""
    lowered = password.lower()
    if lowered in _common() or lowered.rstrip("0123456789!") in _common():
        return True
    return any(lowered in sequence for sequence in _SEQUENCES)


def policy_errors(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Return the German reasons why a password is refused (empty if it is fine)."""
    if len(password) < MIN_LENGTH:
        return [_("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_LENGTH)]
    if len(password) > MAX_LENGTH:
        return [_("Das Passwort darf höchstens %(max)d Zeichen lang sein.", max=MAX_LENGTH)]
    lowered = password.lower()
    if is_common(password) or len(set(lowered)) < 4:
        return [
            _("Dieses Passwort ist zu verbreitet oder zu einfach. Bitte wählen Sie ein anderes.")
        ]
    personal = re.split(r"[\s._+-]+", f"{email.split('@')[0]} {name}".lower())
    if any(len(part) >= 4 and part in lowered for part in personal):
        return [_("Das Passwort darf nicht Ihren Namen oder Ihre E-Mail-Adresse enthalten.")]
    return []

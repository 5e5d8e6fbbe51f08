"""The password policy: length counts, common passwords are refused, Argon2id hashes."""

import pytest

from portal import passwords


def test_a_long_passphrase_is_accepted():
    assert passwords.policy_errors("Mond über Neuss um halb acht") == []


@pytest.mark.parametrize("password", ["", "kurz", "elf Zeichen"])
def test_fewer_than_twelve_characters_are_refused(password):
    assert "mindestens 12 Zeichen" in passwords.policy_errors(password)[0]


def test_more_than_128_characters_are_refused():
    assert "höchstens 128 Zeichen" in passwords.policy_errors("x" * 64 + "y" * 65)[0]


def test_exactly_128_characters_are_accepted():
    assert passwords.policy_errors("Rheinufer-" * 12 + "Neuss123") == []


@pytest.mark.parametrize(
    "password", ["password1234", "qwertyuiopas", "123456789012", "aaaaaaaaaaaa"]
)
def test_common_or_trivial_passwords_are_refused(password):
    assert "zu verbreitet" in passwords.policy_errors(password)[0]


def test_no_composition_rules_apply():
    assert passwords.policy_errors("nur kleine buchstaben hier") == []


def test_the_email_local_part_may_not_be_in_the_password():
    errors = passwords.policy_errors("claudia.hoffmann-2026!", email="claudia.hoffmann@neuss.de")
    assert "Namen oder Ihre E-Mail-Adresse" in errors[0]


def test_hash_is_argon2id_and_verifies():
    hashed = passwords.hash_password("Mond über Neuss um halb acht")

    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password(hashed, "Mond über Neuss um halb acht")
    assert not passwords.verify_password(hashed, "Mond über Neuss um halb neun")


def test_a_missing_hash_matches_no_password():
    assert not passwords.verify_password(None, "irgendetwas")
    assert not passwords.verify_password("kein-hash", "irgendetwas")
